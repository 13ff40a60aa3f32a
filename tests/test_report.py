"""The PDF report and the `stance report` command on the hand-made statement table."""
import json
import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd
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
    assert _pages(data) == 10


def test_report_changes_with_its_input(tmp_path):
    table = statement_table()
    base = report.write_report(table, tmp_path / "base.pdf").read_bytes()
    table.loc[0, "escalation"] = 5
    assert report.write_report(table, tmp_path / "changed.pdf").read_bytes() != base


def test_report_of_an_empty_table_is_refused_and_writes_nothing(tmp_path):
    with pytest.raises(report.ReportError, match="^no statement found; no report written.$"):
        report.write_report(statement_table().iloc[:0], tmp_path / "empty.pdf")
    assert list(tmp_path.iterdir()) == []


def test_report_of_undated_statements_is_refused(tmp_path):
    undated = statement_table().assign(date=None)
    with pytest.raises(report.ReportError, match="none of the 13 statements has a date"):
        report.write_report(undated, tmp_path / "undated.pdf")
    assert not (tmp_path / "undated.pdf").exists()


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
    assert _pages(output.read_bytes()) == 10
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


def test_report_of_one_month_leaves_out_the_pages_over_time(tmp_path, monkeypatch):
    june = statement_table()
    june = june[june["date"].fillna("").str.startswith("2024-06")]
    pages = _drawn_pages(monkeypatch, lambda: report.write_report(june, tmp_path / "june.pdf"))
    assert len(pages) == 7
    summary = _page_text(pages[0])
    assert "All dated statements fall in one month" in summary and "no dated article" not in summary


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


def _drawn_pages(monkeypatch, write) -> list:
    """The figures a report draws, in page order (each still saved to the PDF)."""
    drawn = []
    save = report._Pages.save

    def keep(self, figure):
        drawn.append(figure)
        save(self, figure)

    monkeypatch.setattr(report._Pages, "save", keep)
    write()
    return drawn


def _page_text(figure) -> str:
    texts = list(figure.texts) + [t for sub in figure.subfigs for t in sub.texts]
    texts += [t for ax in figure.get_axes() for t in ax.texts]
    return "\n".join(t.get_text() for t in texts)


def five_disputes() -> pd.DataFrame:
    """Five disputes between ten fictional states, Jan to Dec 2030; dispute D-E is silent from March to October."""
    rows = []
    pairs = [("AAA", "BBB"), ("CCC", "DDD"), ("EEE", "FFF"), ("GGG", "HHH"), ("III", "JJJ")]
    for number, (one, other) in enumerate(pairs):
        months = [1, 2, 11, 12] if number == 4 else range(1, 13)
        for month in months:
            for k, (speaker, target) in enumerate([(one, other), (other, one)]):
                level = (month + number + k) % 6
                proba = {lvl: (0.6 if lvl == level else 0.08) for lvl in range(6)}
                rows.append({
                    "article_id": f"{one}-{month:02d}", "date": f"2030-{month:02d}-{10 + k:02d}",
                    "date_inferred": False, "title": f"{one} and {other} in month {month}", "start": 100 * k,
                    "end": 100 * k + 40, "text": f"{speaker} spoke about {target} in month {month}",
                    "speaker": f"Minister of {speaker}", "affiliation": speaker, "target": target,
                    "stance": "hostile" if level >= 3 else "neutral", "stance_proba": {"hostile": 0.7, "neutral": 0.3},
                    "escalation": level, "escalation_proba": proba,
                })
    return pd.DataFrame(rows)


def test_report_on_five_disputes_has_one_panel_each_and_no_line_across_a_gap(tmp_path, monkeypatch):
    pages = _drawn_pages(monkeypatch, lambda: report.write_report(five_disputes(), tmp_path / "five.pdf"))
    panels = [page for page in pages if "one panel per dispute" in _page_text(page)
              or any(sub._suptitle and "per dispute" in sub._suptitle.get_text() for sub in page.subfigs)]
    assert len(panels) == 1
    axes = [ax for ax in panels[0].get_axes()]
    assert len(axes) == 5
    titles = sorted(ax.get_title(loc="left") for ax in axes)
    assert titles[0] == "AAA \u2013 BBB (24 statements)" and titles[-1] == "III \u2013 JJJ (8 statements)"
    quiet = next(ax for ax in axes if ax.get_title(loc="left").startswith("III"))
    for line in quiet.get_lines():
        y = np.asarray(line.get_ydata(), dtype=float)
        assert len(y) == 12
        assert np.isnan(y[2:10]).all() and not np.isnan(y[[0, 1, 10, 11]]).any()
        assert line.get_label().startswith(("III \u2192 JJJ", "JJJ \u2192 III"))
    busy = next(ax for ax in axes if ax.get_title(loc="left").startswith("AAA"))
    assert all(not np.isnan(np.asarray(line.get_ydata(), dtype=float)).any() for line in busy.get_lines())
    legend = [t.get_text() for t in busy.get_legend().get_texts()]
    assert legend == ["AAA \u2192 BBB (n=12)", "BBB \u2192 AAA (n=12)"]


def test_report_by_speaker_has_a_panel_per_speaker(tmp_path, monkeypatch):
    pages = _drawn_pages(monkeypatch, lambda: report.write_report(five_disputes(), tmp_path / "s.pdf", by="speaker"))
    panel_axes = [len(page.get_axes()) for page in pages if "one panel per speaker" in
                  " ".join(sub._suptitle.get_text() for sub in page.subfigs if sub._suptitle)]
    assert panel_axes == [6, 4]


def test_lone_statements_get_no_mean_in_the_speaker_table(tmp_path, monkeypatch):
    table = statement_table()
    table.loc[table["speaker"] == "Spokesperson Vell", "speaker"] = ["Spokesperson Vell", "Envoy Rask"]
    pages = _drawn_pages(monkeypatch, lambda: report.write_report(table, tmp_path / "lone.pdf"))
    speakers = next(page for page in pages if _page_text(page).startswith("Speakers:"))
    cells = [t.get_text() for t in speakers.texts]
    rask = cells.index("Envoy Rask")
    assert cells[rask:rask + 7] == ["Envoy Rask", "NRV", "1", "-", "4", "100%", "0%"]
    assert "index" not in cells


def test_review_rows_least_confident_first():
    table = statement_table()
    table["stance_proba"] = [{"hostile": 0.45, "defensive": 0.35, "neutral": 0.2}] + [None] * (len(table) - 1)
    rows = report.review_rows(table, 5, width=30)
    assert rows["stance"].tolist() == ["hostile (p=0.45)", "defensive", "conciliatory"]
    assert rows["level"].tolist() == ["2 critical", "2 critical (p=0.50)", "0 de-escalatory (p=0.60)"]
    assert rows["statement"].iloc[0] == "the new checks were an ..."
    assert len(report.review_rows(table, 5, below=0.55)) == 2
    assert report.review_rows(table, 5, below=0.4).empty


def test_review_rows_print_the_probability_of_the_label_shown():
    table = statement_table()
    table.at[6, "escalation_proba"] = {2: 0.3, 3: 0.7}                 # labelled 2, the classifier leant to 3
    rows = report.review_rows(table, 5, width=30)
    assert rows["level"].tolist() == ["2 critical (p=0.30)", "0 de-escalatory (p=0.60)"]


def test_any_text_is_printed_as_written(tmp_path):
    table = statement_table()
    table.loc[0, "text"] = r"costs $\anything$ and $5 or $x^{2"
    table.loc[0, "speaker"] = r"Minister $\beta$"
    table.loc[0, "title"] = r"$\frac{1}{$"
    path = report.write_report(table, tmp_path / "math.pdf", title=r"Report on $\anything$")
    assert path.read_bytes().startswith(b"%PDF")


def test_a_failed_report_leaves_no_partial_pdf_and_keeps_the_old_one(tmp_path, monkeypatch):
    output = tmp_path / "kept.pdf"
    output.write_bytes(b"old report")

    def broken(*args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(report.plots, "dyad_heatmap", broken)
    with pytest.raises(RuntimeError, match="drawing failed"):
        report.write_report(statement_table(), output)
    assert output.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.pdf"]


def test_pdf_metadata_has_no_dates(tmp_path):
    data = report.write_report(statement_table(), tmp_path / "m.pdf").read_bytes()
    assert b"CreationDate" not in data and b"ModDate" not in data
    assert b"(stance report)" in data


@pytest.mark.parametrize("make, sentence", [
    (lambda tmp: tmp / "missing", "missing: no such file or folder; no report written."),
    (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "no article found in the input"),
    (lambda tmp: _article(tmp, "Date: 2030-03-02\n\nThe river rose overnight and the road was closed.\n"),
     "no statement found in the 1 articles read; no report written."),
    (lambda tmp: _article(tmp, "\nThe foreign minister of Norvania said that talks would resume soon.\n"),
     "none of the 1 statements has a date"),
])
def test_cli_report_refuses_with_one_sentence_and_writes_no_pdf(tmp_path, capsys, make, sentence):
    source = make(tmp_path)
    output = tmp_path / "out" / "r.pdf"
    assert cli.main(["report", str(source), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1 and sentence in lines[0]
    assert not output.exists()


def _article(folder, body: str):
    path = folder / "talks.txt"
    path.write_text("Talks\n" + body, encoding="utf-8")
    return path
