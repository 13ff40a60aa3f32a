"""Speakers that generalise beyond the dev articles, on constructed text.

Acronyms of registry institutions, organisation names with a preposition,
anonymous ministry sources, agency heads as roles resolved by date, and a
demonym two countries share. Every speaker that says something is fictional or
generic; real people appear only in registry look-ups, never with words.
"""
import pytest

import stance
from stance.registry import SpeakerRegistry


def speakers(text, date=None):
    """(speaker, affiliation) of each statement ``stance.analyze`` finds in ``text``, in reading order."""
    article = stance.Article(id="a", text=text, date=date)
    return [(s.speaker, s.affiliation) for s in stance.analyze(article, label=False)]


@pytest.mark.parametrize("institution, title, date, holder", [
    ("African Union Commission", "chairperson", "2025-03-01", "Moussa Faki Mahamat"),
    ("African Union Commission", "chairperson", "2025-03-20", "Mahmoud Ali Youssouf"),
    ("ECOWAS Commission", "president", "2022-07-05", "Jean-Claude Kassi Brou"),
    ("ECOWAS Commission", "president", "2022-07-20", "Omar Alieu Touray"),
])
def test_a_bloc_commission_s_head_is_the_holder_who_had_taken_office_on_the_date(institution, title, date, holder):
    registry = SpeakerRegistry.default()
    assert registry.holder_of(registry.lookup(institution), title, date).name == holder
