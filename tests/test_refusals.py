"""Refuse, never fake: no article, no statement, no gold and document formats each give one clear sentence
and a non-zero exit; the README's first command reads the seed alone."""
import json
import zipfile
from pathlib import Path

import pytest

from stance import ArticleError, read_articles
from stance.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Talks\n\nThe Norvanian foreign minister said that Ostria must withdraw its troops.\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _errors_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def _errors(capsys) -> list[str]:
    return _errors_of(capsys.readouterr().err)


def test_the_seed_folder_holds_only_the_seed(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["analyze", "seeds/", "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "skipped" not in captured.err and "1 articles read, 1 analysed" in captured.err
    assert not (ROOT / "seeds" / "demo").exists() and (ROOT / "demo" / "registry" / "speakers.csv").exists()


def test_analyze_on_an_empty_folder_says_there_is_no_article(tmp_path, capsys):
    assert main(["analyze", str(tmp_path)]) == 1
    errors = _errors(capsys)
    assert errors == [f"error: no article found in {tmp_path}: the folder is empty"]


def test_analyze_on_a_folder_of_other_files_says_why(tmp_path, capsys):
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert main(["analyze", str(tmp_path), "--quiet"]) == 1
    (error,) = _errors(capsys)
    assert "no article found" in error and "none of its 2 entries" in error and "--recursive" in error


def test_a_corpus_without_any_statement_is_said_clearly(tmp_path, capsys):
    (tmp_path / "weather.txt").write_text("Weather\n\nIt rained all day in the capital.\n", encoding="utf-8")
    assert main(["analyze", str(tmp_path), "--jobs", "1"]) == 1
    (error,) = _errors(capsys)
    assert "no statement by a government figure or institution was found in the 1 article(s) read" in error


def test_evaluate_without_gold_refuses(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["evaluate", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert not captured.out, "no all-zero figures are printed"
    (error,) = _errors_of(captured.err)
    assert error.startswith(f"error: no gold statements found in {tmp_path}")


def test_evaluate_with_gold_still_scores(tmp_path, capsys):
    text = "The Norvanian foreign minister said that Ostria must withdraw its troops."
    start = text.index("Ostria")
    gold = {"id": "g1", "text": text, "statements": [
        {"start": start, "end": len(text) - 1, "text": text[start:-1], "kind": "indirect", "speaker": "minister"}]}
    (tmp_path / "g1.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main(["evaluate", str(tmp_path)]) == 0
    assert "gold_statements" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["report.txt", "report.pdf", "report"])
def test_a_real_pdf_is_refused_by_content_whatever_its_name(tmp_path, name):
    (tmp_path / name).write_bytes(PDF)
    with pytest.raises(ArticleError, match=r"a PDF document, not a text article: extract its text first .*pdftotext"):
        list(read_articles(tmp_path / name))


def test_a_text_file_named_pdf_is_read_as_text(tmp_path):
    (tmp_path / "article.pdf").write_text(ARTICLE, encoding="utf-8")
    (article,) = read_articles(tmp_path)
    assert article.title == "Talks" and "withdraw its troops" in article.text


def test_word_documents_are_refused_with_what_to_do(tmp_path, capsys):
    with zipfile.ZipFile(tmp_path / "memo.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["analyze", str(tmp_path), "--jobs", "1", "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["good"]
    errors = _errors_of(captured.err)
    assert f"error: {tmp_path / 'memo.docx'}: a Word document (.docx), not a text article: save or export it as " \
           "plain text (.txt) and analyse that file" in errors
    assert any(str(tmp_path / "old.doc") in error and "old Microsoft Office document" in error for error in errors)
