"""Reporting styles of news copy: condolences sent, passives, "the PM", commissions, headlines with no end mark.

Constructed text only: the speakers are fictional people of fictional countries.
"""
from __future__ import annotations

import pytest

import stance


def statements(text: str) -> list[tuple[str, str | None, str]]:
    """(kind, speaker, content) of each statement, every span checked against the text."""
    found = stance.analyze(text, label=False)
    for statement in found:
        assert text[statement.start:statement.end] == statement.text
    return [(s.kind, s.speaker, s.text) for s in found]


@pytest.mark.parametrize("text, content", [
    ("President Anna Voss sent her condolences to the leaders of Borduria on Monday over the floods.",
     "her condolences to the leaders of Borduria on Monday over the floods"),
    ("President Anna Voss sent a message of condolence to the Bordurian president.",
     "a message of condolence to the Bordurian president"),
    ("Foreign Minister Karl Aldren expressed grief over the loss of lives in the floods.",
     "grief over the loss of lives in the floods"),
    ("Foreign Minister Karl Aldren expressed his appreciation to the mediators for hosting the talks.",
     "his appreciation to the mediators for hosting the talks"),
])
def test_condolences_and_grief_sent_or_expressed_are_reports(text, content):
    assert [(kind, content_) for kind, _, content_ in statements(text)] == [("indirect", content)]


@pytest.mark.parametrize("text", [
    "The foreign minister sent a letter to his counterpart on Monday.",
    "The defence minister sent troops to the northern border.",
])
def test_sending_a_thing_is_no_report(text):
    assert statements(text) == []


def test_sending_inside_a_report_does_not_split_it():
    text = 'The foreign minister urged the envoy to refrain from sending "wrong signals" to the rebels.'
    assert [content for _, _, content in statements(text)] == [
        'the envoy to refrain from sending "wrong signals" to the rebels']


def test_the_pm_refers_back_to_the_prime_minister_named_before():
    text = ("Prime Minister Anna Voss said on Monday she would stay in office. "
            "The PM said the accusations were a campaign against her family.")
    assert [speaker for _, speaker, _ in statements(text)] == ["Anna Voss", "Anna Voss"]


def test_a_passive_verb_with_an_adverb_before_it_gives_its_subject_no_report():
    text = ('The minister stressed that the status of Northern Ruritania is internationally accepted as '
            '"disputed territory".')
    assert [(kind, speaker) for kind, speaker, _ in statements(text)] == [("mixed", "minister")]
    text = "The envoy has been harshly criticised for policies that the opposition sees as a surrender."
    assert statements(text) == []


def test_a_progressive_verb_with_an_adverb_before_it_still_reports():
    text = "The president is also demanding that the troops leave the border area."
    assert statements(text) == [("indirect", "president", "the troops leave the border area")]


@pytest.mark.parametrize("mention, name", [
    ("the Indian High Commission", "Indian High Commission"),
    ("the electoral commission", "Electoral Commission"),
    ("the European Commission", "European Commission"),
])
def test_a_commission_keeps_the_word_before_it(mention, name):
    text = f'"The vote was held in good order," {mention} said on Friday.'
    assert [speaker for _, speaker, _ in statements(text)] == [name]


@pytest.mark.parametrize("headline", [
    "LIVE BLOG: Leaders speak at the General Assembly",
    "Ministers speak on Tuesday",
    "Foreign ministers meet in Geneva",
])
def test_a_headline_that_ends_in_a_time_or_a_place_is_read_without_error(headline):
    assert statements(headline) == []


@pytest.mark.parametrize("text", ["The minister said on Friday.", "The minister said on Friday"])
def test_a_time_after_the_verb_and_nothing_else_is_no_content(text):
    assert statements(text) == []


def test_a_time_after_the_verb_before_a_clause_still_leads_to_the_content():
    text = "The minister said on Friday the talks had failed."
    assert statements(text) == [("indirect", "minister", "the talks had failed")]


def test_a_number_opening_the_content_is_no_time():
    text = "The refugee centre said that 98.33 percent of the arrivals were adults."
    assert statements(text) == [("indirect", "refugee centre", "98.33 percent of the arrivals were adults")]
