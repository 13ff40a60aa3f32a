"""Reading articles: formats, metadata, ids and dates (constructed inputs)."""
from __future__ import annotations

import json

import pytest

import stance
from stance.articles import ArticleError, article_from_text, html_to_text
from stance.dates import infer_event_date, parse_date

BODY = ("The Dutch foreign ministry said on March 3, 2030 that the embassy would reopen.\n"
        "Officials said staff would return within weeks.")


def test_txt_with_title_and_key_value_lines(tmp_path) -> None:
    path = tmp_path / "embassy.txt"
    path.write_text(f"Embassy to reopen\nDate: 4 March 2030\nSource: Example Wire\n\n{BODY}\n", encoding="utf-8")
    article = next(stance.read_articles(path))
    assert article.id == "embassy"
    assert article.title == "Embassy to reopen"
    assert (article.date, article.date_inferred, article.source) == ("2030-03-04", False, "Example Wire")
    assert "Date:" not in article.text and "Source:" not in article.text
    assert article.text.startswith("Embassy to reopen")


def test_txt_without_a_date_takes_the_date_of_the_events_and_flags_it(tmp_path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text(f"Embassy to reopen\n{BODY}", encoding="utf-8")
    article = next(stance.read_articles(path))
    assert (article.date, article.date_inferred) == ("2030-03-03", True)


def test_json_and_jsonl_use_the_id_field_and_ignore_given_statements(tmp_path) -> None:
    record = {"id": "nl-1", "title": "Embassy", "date": "2030-03-04", "text": BODY,
              "statements": [{"start": 0, "end": 3, "text": "The"}]}
    (tmp_path / "one.json").write_text(json.dumps(record), encoding="utf-8")
    lines = [dict(record, id=f"nl-{n}") for n in (2, 3)]
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(r) for r in lines), encoding="utf-8")
    articles = list(stance.read_articles(tmp_path))
    assert [a.id for a in articles] == ["nl-2", "nl-3", "nl-1"]
    found = stance.analyze(articles[-1], label=False)
    assert all(s.text != "The" for s in found)


def test_html_text_is_extracted_without_tags_or_scripts(tmp_path) -> None:
    page = ("<html><head><title>Embassy to reopen</title><script>var said = 'x';</script>"
            '<meta property="article:published_time" content="2030-03-04T09:00:00Z"></head>'
            "<body><nav>Home | World</nav><h1>Embassy to reopen</h1>"
            "<p>The Dutch foreign ministry <b>said</b> the embassy would reopen.</p></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    article = next(stance.read_articles(path))
    assert article.title == "Embassy to reopen" and article.date == "2030-03-04"
    assert "<" not in article.text and "var said" not in article.text and "Home |" not in article.text
    statement = stance.analyze(article, label=False)[0]
    assert statement.text == "the embassy would reopen"
    assert statement.speaker == "Dutch Foreign Ministry"


def test_html_to_text_puts_the_headline_first() -> None:
    text, title, meta = html_to_text('<meta name="date" content="2030-01-02"><p>Body.</p><h1>Head</h1>')
    assert title == "Head" and text.splitlines()[0] == "Head" and meta["date"] == "2030-01-02"


def test_other_encodings_are_read_when_named(tmp_path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Réunion\nLe ministère a déclaré que la réunion aurait lieu.".encode("latin-1"))
    with pytest.raises(ArticleError, match="latin.txt: not valid utf-8"):
        next(stance.read_articles(path))
    assert "ministère" in next(stance.read_articles(path, encoding="latin-1")).text


def test_text_given_directly_is_used_as_is() -> None:
    article = article_from_text("  Officials said talks would resume.  ", "note-1")
    assert article.text.startswith("  Officials") and article.id == "note-1"
    with pytest.raises(ArticleError, match="note-1: no article text"):
        article_from_text("   ", "note-1")


@pytest.mark.parametrize("written, iso", [
    ("2030-03-04", "2030-03-04"), ("2030-03-04T10:00:00Z", "2030-03-04"), ("March 4, 2030", "2030-03-04"),
    ("4 March 2030", "2030-03-04"), ("Mar. 4 2030", "2030-03-04"), ("Thursday", None), ("2030-02-30", None),
])
def test_parse_date(written: str, iso: str | None) -> None:
    assert parse_date(written) == iso


def test_infer_event_date_prefers_the_most_named_date() -> None:
    text = "On June 2, 2031 the talks began. Talks resumed on June 9, 2031 and again on June 9, 2031."
    assert infer_event_date(text) == "2031-06-09"
    assert infer_event_date("No date here.") is None


def test_folders_are_read_flat_unless_recursive_and_nothing_is_skipped_silently(tmp_path) -> None:
    (tmp_path / "top.txt").write_text(f"Top\n{BODY}", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text(f"Old\n{BODY}", encoding="utf-8")
    skipped: list = []
    flat = [a.id for a in stance.iter_articles(tmp_path, skipped=skipped.append)]
    assert flat == ["top"]
    assert sorted(p.name for p in skipped) == ["archive", "notes.md"]
    assert [a.id for a in stance.read_articles(tmp_path, recursive=True)] == ["old", "top"]
