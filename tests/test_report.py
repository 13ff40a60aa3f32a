"""The PDF report and the `stance report` command on the hand-made statement table."""
import json
import os
import re
import subprocess
import sys

import pytest

from handmade_statements import statement_table
from stance import cli, report


def _pages(pdf_bytes: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf_bytes))


def test_report_is_byte_identical_across_runs(tmp_path):
    first = report.write_report(statement_table(), tmp_path / "one.pdf", title="Hand-made")
    second = report.write_report(statement_table().sample(frac=1, random_state=3), tmp_path / "two.pdf",
                                 title="Hand-made")
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"CreationDate" not in data
    assert _pages(data) == 9


def test_report_changes_with_its_input(tmp_path):
    table = statement_table()
    base = report.write_report(table, tmp_path / "base.pdf").read_bytes()
    table.loc[0, "escalation"] = 5
    assert report.write_report(table, tmp_path / "changed.pdf").read_bytes() != base


def test_report_of_an_empty_table_still_explains_itself(tmp_path):
    path = report.write_report(statement_table().iloc[:0], tmp_path / "empty.pdf")
    assert _pages(path.read_bytes()) == 5


def test_report_rejects_an_unknown_period(tmp_path):
    with pytest.raises(ValueError, match="unknown period"):
        report.write_report(statement_table(), tmp_path / "x.pdf", period="year")


def test_cli_report_from_a_statement_table(tmp_path, capsys):
    table = statement_table()
    source = tmp_path / "analysed.jsonl"
    with open(source, "w", encoding="utf-8") as f:
        for row in table.to_dict("records"):
            row["escalation_proba"] = {str(k): v for k, v in (row["escalation_proba"] or {}).items()} or None
            f.write(json.dumps(row) + "\n")
    output = tmp_path / "reports" / "handmade.pdf"
    assert cli.main(["report", str(source), "--table", "-o", str(output)]) == 0
    assert _pages(output.read_bytes()) == 9
    assert "13 statements from 6 articles" in capsys.readouterr().err
    again = tmp_path / "reports" / "again.pdf"
    cli.main(["report", str(source), "--table", "-o", str(again), "--title", "Stance report: handmade"])
    assert again.read_bytes() == output.read_bytes()


def test_cli_report_names_a_bad_table(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert cli.main(["report", str(bad), "--table", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "bad.jsonl:1" in err
    assert not (tmp_path / "x.pdf").exists()


def test_statements_for_report_counts_articles_without_statements(tmp_path):
    article = tmp_path / "quiet.txt"
    article.write_text("Title line\nDate: 2024-03-02\n\nThe river rose overnight and the road was closed.\n",
                       encoding="utf-8")
    frame = report.statements_for_report([article])
    assert frame.attrs["articles_read"] == 1
    assert list(frame.columns) == report.REPORT_COLUMNS


def test_statements_for_report_passes_failures_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Talks resume\nDate: 2024-03-02\n\nThe foreign minister of Norvania said that talks would "
                    "resume next week.\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    failures = []
    frame = report.statements_for_report([good, bad], on_error=failures.append)
    assert frame.attrs["articles_read"] == 1
    assert [f.file for f in failures] == [str(bad)]
    assert set(frame["article_id"]) <= {"good"}
    with pytest.raises(ValueError, match="bad.json"):
        report.statements_for_report([bad])


def test_escalatory_rows_are_display_strings():
    table = statement_table()
    table.loc[table["speaker"] == "Spokesperson Vell", "target"] = None
    rows = report.escalatory_rows(table, 3, width=30)
    assert rows.to_dict("records")[0] == {
        "date": "undated", "speaker": "Spokesperson Vell", "target": "-", "stance": "hostile",
        "level": "5 threat of force",
        "statement": "Norvania will strike the ...",
    }
    assert rows["date"].tolist()[1:] == ["2024-06-10", "2024-06-12 *"]
    assert rows["level"].tolist()[1:] == ["4 threatening", "4 threatening"]


def test_report_of_one_month_leaves_out_the_pages_over_time(tmp_path):
    june = statement_table()
    june = june[june["date"].fillna("").str.startswith("2024-06")]
    path = report.write_report(june, tmp_path / "june.pdf")
    assert _pages(path.read_bytes()) == 6


def test_report_bytes_do_not_depend_on_the_process(tmp_path):
    source = tmp_path / "table.jsonl"
    statement_table().to_json(source, orient="records", lines=True)
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"run{seed}" / "report.pdf"
        subprocess.run([sys.executable, "-m", "stance", "report", str(source), "--table", "-o", str(output)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_report_names_what_it_skipped(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (corpus / "inner").mkdir(parents=True)
    (corpus / "one.txt").write_text("Talks resume\nDate: 2024-03-02\n\nThe foreign minister of Norvania said that "
                                    "talks would resume next week.\n", encoding="utf-8")
    (corpus / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert cli.main(["report", str(corpus), "-o", str(tmp_path / "r.pdf")]) == 0
    err = capsys.readouterr().err
    assert f"skipped {corpus / 'inner'}: a folder" in err
    assert f"skipped {corpus / 'notes.csv'}: not an article file" in err
