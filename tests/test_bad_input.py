"""Bad input: a clear one-line error naming the file, the other articles still come out, nothing lost."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from constructed_corpus import constructed_text
from stance.articles import ArticleError, article_from_text, iter_articles, read_articles
from stance.batch import iter_results, run_batch
from stance.cli import main
from stance.pipeline import analyze

GOOD_TXT = ["good1.txt", "good2.txt"]
UNBALANCED = (
    "Norvania warns Veloria\n\n"
    "Minister Aldren of Norvania said on Tuesday that \u201cthe border will stay closed until the talks resume.\n\n"
    "The Velorian foreign ministry said it \"regretted the decision and called for restraint.\n"
)
HTML = (
    "<!doctype html><html><head><title>Talks stall</title><script>var quote = \"not text\";</script></head>"
    "<body><h1>Talks stall</h1><p>Foreign Minister Ilsa Aldren of Norvania said on Monday that "
    "<b>the talks</b> would not resume.</p><p>\u201cWe will not negotiate under pressure,\u201d "
    "Aldren told reporters.</p></body></html>"
)
# Expected reason for each bad input (the start of the reason after "PATH: ").
BAD = {
    "empty.txt": "empty file",
    "binary.txt": "binary file (contains NUL bytes)",
    "latin1.txt": "not valid utf-8 (bad byte 0xe9",
    "malformed.json": "malformed JSON",
    "no-text.json": "JSON object has no 'text' field",
    "huge.txt": "file too large (5,000,000 bytes)",
    "corpus.jsonl:2": "malformed JSON (Unterminated string",
    "corpus.jsonl:3": "article too long (5,000,000 characters",
    "corpus.jsonl:4": "not valid utf-8 (bad byte 0xff",
}


@pytest.fixture
def mixed(tmp_path) -> Path:
    """A folder of good articles with every kind of bad input mixed in."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for number, name in enumerate(GOOD_TXT):
        (folder / name).write_text(constructed_text(number), encoding="utf-8")
    (folder / "unbalanced.txt").write_text(UNBALANCED, encoding="utf-8")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "page-saved-as.txt").write_text(HTML, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Le ministre a d\u00e9clar\u00e9 que".encode("latin-1"))
    (folder / "malformed.json").write_text('{"id": "m", "text": "Minister Aldren said"', encoding="utf-8")
    (folder / "no-text.json").write_text('{"id": "n", "title": "A headline only"}', encoding="utf-8")
    (folder / "huge.txt").write_text("Huge\n\n" + "x" * (5_000_000 - 6), encoding="utf-8")
    lines = [
        json.dumps({"id": "line-ok", "text": constructed_text(7)}).encode(),
        b'{"id": "line-cut", "text": "Minister Aldren said that the talks',
        json.dumps({"id": "line-huge", "text": "y" * 5_000_000}).encode(),
        b'{"id": "line-bytes", "text": "caf\xff"}',
        json.dumps({"id": "line-last", "text": constructed_text(8)}).encode(),
    ]
    (folder / "corpus.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return folder


def test_every_bad_input_is_one_clear_line_naming_its_file_and_the_rest_is_read(mixed):
    items = list(iter_articles(mixed))
    errors = {Path(e.path).name: e for e in items if isinstance(e, ArticleError)}
    articles = [a.id for a in items if not isinstance(a, ArticleError)]
    assert sorted(errors) == sorted(BAD)
    for name, reason in BAD.items():
        error = errors[name]
        assert error.reason.startswith(reason), (name, error.reason)
        assert str(error).startswith(str(mixed / name) + ": ")
        assert "\n" not in str(error) and len(str(error)) < 300
    assert articles == ["line-ok", "line-last", "good1", "good2", "page-saved-as", "page", "unbalanced"]


def test_read_articles_raises_the_first_error_or_hands_every_error_to_a_callback(mixed):
    with pytest.raises(ArticleError, match="binary file"):
        list(read_articles(mixed))
    seen: list[ArticleError] = []
    assert len(list(read_articles(mixed, on_error=seen.append))) == 7
    assert len(seen) == len(BAD)


def test_unbalanced_quotation_marks_give_a_best_effort_result():
    article = article_from_text(UNBALANCED, "unbalanced")
    found = analyze(article)
    assert found, "a paragraph opening a quote that never closes still yields its statement"
    for statement in found:
        assert article.text[statement.start:statement.end] == statement.text
    assert any("border will stay closed" in s.text for s in found)


def test_html_tags_and_scripts_never_leak_into_statements(mixed):
    for name in ("page.html", "page-saved-as.txt"):
        article = next(iter(read_articles(mixed / name)))
        assert article.title == "Talks stall"
        assert "<" not in article.text and "not text" not in article.text
        found = analyze(article)
        assert found and all("<" not in s.text and ">" not in s.text for s in found)


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_run_writes_every_good_article_and_records_every_bad_one(mixed, tmp_path, jobs):
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    summary = run_batch([mixed], out, errors=errors, jobs=jobs)
    written = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == ["line-ok", "line-last", "good1", "good2", "page-saved-as", "page", "unbalanced"]
    recorded = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(r["file"]).name for r in recorded) == sorted(BAD)
    assert all(set(r) == {"id", "file", "reason"} and r["reason"] for r in recorded)
    assert {r["id"] for r in recorded} >= {"empty", "binary", "corpus-2", "corpus-3"}
    assert (summary.read, summary.analysed, summary.failed) == (7 + len(BAD), 7, len(BAD))


def test_cli_lists_every_failure_at_the_end_and_exits_non_zero(mixed, tmp_path, capsys):
    out, errors = tmp_path / "out.csv", tmp_path / "errors.jsonl"
    code = main(["analyze", str(mixed), "--format", "csv", "-o", str(out), "--errors", str(errors), "--jobs", "2"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    summary = f"16 articles read, 7 analysed, {len(BAD)} failed"
    assert any(line.startswith(summary) for line in err)
    listed = [line for line in err if line.startswith("error: ")]
    assert len(listed) == len(BAD)
    assert err[-len(BAD):] == listed, "failures come last"
    for name, reason in BAD.items():
        assert f"error: {mixed / name}: {reason}" in "\n".join(listed)
    assert len(errors.read_text().splitlines()) == len(BAD)
    assert "good1" in out.read_text(encoding="utf-8")


def test_python_m_stance_reports_a_single_bad_file_and_fails(mixed):
    finished = subprocess.run([sys.executable, "-m", "stance", "analyze", str(mixed / "latin1.txt")],
                              capture_output=True, text=True)
    assert finished.returncode == 1
    assert finished.stdout == ""
    assert f"error: {mixed / 'latin1.txt'}: not valid utf-8 (bad byte 0xe9 at offset 15); convert the file or pass its encoding" in finished.stderr
    assert "0 articles read" not in finished.stderr and "1 articles read, 0 analysed, 1 failed" in finished.stderr


def test_a_missing_path_is_an_error_not_a_crash(tmp_path, capsys):
    code = main(["analyze", str(tmp_path / "nowhere.txt"), str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"error: {tmp_path / 'nowhere.txt'}: cannot read file (No such file or directory)" in err
    assert f"error: {tmp_path / 'nowhere'}: no such file or folder" in err


def test_jsonl_runs_go_on_after_bad_lines_whatever_the_number_of_jobs(mixed):
    one = list(iter_results(mixed / "corpus.jsonl", jobs=1))
    two = list(iter_results(mixed / "corpus.jsonl", jobs=2))
    assert one == two
    assert [type(r).__name__ for r in one] == ["ArticleResult", "ArticleFailure", "ArticleFailure", "ArticleFailure",
                                               "ArticleResult"]
