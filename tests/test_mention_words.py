"""The mention vocabulary is data: a title or a description noun is one row of ``stance/data/mention_words.tsv``."""
from __future__ import annotations

import io
from importlib import resources

import pytest

import stance.mentions as mentions
from stance.cues import tokenize
from stance.registry import SpeakerRegistry

SHIPPED = resources.files("stance").joinpath("data/mention_words.tsv").read_text(encoding="utf-8")


def _parse(text: str) -> mentions.Mention | None:
    return mentions.parse_mention(tokenize(text, 0, len(text)), SpeakerRegistry([]))  # a new registry: no cached parse


def test_a_new_title_is_one_data_row(monkeypatch):
    assert _parse("Ombudsman Ana Vell").name == "Ombudsman Ana Vell" and _parse("the ombudsman") is None
    words = mentions.read_mention_words(io.StringIO(SHIPPED + "ombudsman\ttitle\t\nombudsman\tdescription\tombudsman\n"))
    monkeypatch.setattr(mentions, "TITLE_WORDS", set(words["title"]))
    monkeypatch.setattr(mentions, "DESCRIPTION_NOUNS", {w: tuple(v.split("|")) for w, v in words["description"].items()})
    titled = _parse("Ombudsman Ana Vell")
    assert (titled.kind, titled.name, titled.title) == ("person", "Ana Vell", "Ombudsman")
    described = _parse("the ombudsman")
    assert (described.kind, described.head) == ("description", "ombudsman")


def test_the_shipped_table_gives_each_class_its_words():
    assert {"president", "spokesperson", "foreign"} <= mentions.TITLE_WORDS
    assert mentions.ORG_WORDS["ministry"] == "ministry" and mentions.ORG_WORDS["regime"] == "government"
    assert mentions.DESCRIPTION_NOUNS["diplomat"][:3] == ("minister", "ambassador", "envoy")
    assert "officials" in mentions.GROUP_NOUNS and "readout" in mentions.DOCUMENT_NOUNS


def test_an_unknown_class_is_refused_naming_the_row():
    table = "# my own words\nword\tclass\tvalue\nmayor\ttitle\t\n\nenvoy\ttittle\t\n"
    with pytest.raises(ValueError, match=r"my words: line 5: .*'envoy' / 'tittle'"):
        mentions.read_mention_words(io.StringIO(table), "my words")
