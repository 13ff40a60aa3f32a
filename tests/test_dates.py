"""Dates an undated article still has: its file name, its URL, its dateline (constructed inputs)."""
import json

import pytest

from stance import read_articles
from stance.dates import date_from_dateline, date_from_name, date_from_url, infer_article_date

BODY = "The foreign minister of Norvania said that talks would resume next week.\n"


@pytest.mark.parametrize("name, iso", [
    ("2024-06-24-talks-resume.txt", "2024-06-24"),
    ("20240624_talks.txt", "2024-06-24"),
    ("wire_2024_06_24.json", "2024-06-24"),
    ("2024.06.24 talks.html", "2024-06-24"),
    ("000_ebf00a4f1a82a35d.txt", None),
    ("20241399_not_a_date.txt", None),
    ("12024062499.txt", None),
    ("talks.txt", None),
])
def test_date_from_name(name, iso):
    assert date_from_name(name) == iso


@pytest.mark.parametrize("url, iso", [
    ("https://news.example/world/2024/06/24/talks-resume.html", "2024-06-24"),
    ("https://news.example/world/2024/jun/24/talks-resume", "2024-06-24"),
    ("https://news.example/world/2024-06-24-talks", "2024-06-24"),
    ("https://news.example/a/20240624/talks", "2024-06-24"),
    ("https://20240624.example/talks", None),
    ("https://news.example/archive/2024/06/", None),
    (None, None),
])
def test_date_from_url(url, iso):
    assert date_from_url(url) == iso


@pytest.mark.parametrize("text, iso", [
    ("VELM, June 24, 2024 (Example Wire) - The minister said talks would resume.", "2024-06-24"),
    ("NEW HARBOUR, 24 June 2024 \u2013 The minister said talks would resume.", "2024-06-24"),
    ("June 24, 2024 \u2014 The minister said talks would resume.", "2024-06-24"),
    ("VELM, June 24 (Example Wire) - The minister recalled the 2019-05-01 accord.", None),
    ("The minister said on June 24, 2024 - in Velm - that talks would resume.", None),
])
def test_date_from_dateline(text, iso):
    assert date_from_dateline(text) == iso


def test_inference_order_is_name_url_dateline_then_events():
    text = "VELM, March 2, 2030 (Example Wire) - Talks held on March 1, 2030 ended."
    assert infer_article_date(text, name="2030-03-04-talks.txt", url="https://x.example/2030/03/05/a") == "2030-03-04"
    assert infer_article_date(text, name="talks.txt", url="https://x.example/2030/03/05/a") == "2030-03-05"
    assert infer_article_date(text, name="talks.txt") == "2030-03-02"
    assert infer_article_date("Talks held on March 1, 2030 ended.") == "2030-03-01"
    assert infer_article_date("No date at all.", name="talks.txt") is None


def _date_read(path, content):
    """The date and its flag of the one article in a file written with ``content``."""
    path.write_text(content, encoding="utf-8")
    article = next(read_articles(path))
    return article.date, article.date_inferred


def test_txt_without_a_date_takes_it_from_its_file_name(tmp_path):
    assert _date_read(tmp_path / "2030-03-04-talks.txt", "Talks resume\n\n" + BODY) == ("2030-03-04", True)


def test_a_given_date_wins_and_is_not_flagged(tmp_path):
    assert _date_read(tmp_path / "2030-03-04-talks.txt",
                      "Talks resume\nDate: 2030-02-01\n\n" + BODY) == ("2030-02-01", False)


def test_json_without_a_date_takes_it_from_its_url(tmp_path):
    content = json.dumps({"id": "t1", "title": "Talks", "url": "https://x.example/2030/03/05/talks", "text": BODY})
    assert _date_read(tmp_path / "talks.json", content) == ("2030-03-05", True)


def test_txt_without_a_date_takes_it_from_its_dateline(tmp_path):
    content = "Talks resume\n\nVELM, 6 March 2030 (Example Wire) - " + BODY
    assert _date_read(tmp_path / "talks.txt", content) == ("2030-03-06", True)


def test_jsonl_lines_do_not_take_the_file_name_date(tmp_path):
    assert _date_read(tmp_path / "2030-03-04-dump.jsonl", json.dumps({"id": "t1", "text": BODY}) + "\n") == (None, False)
