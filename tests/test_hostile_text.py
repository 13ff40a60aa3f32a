"""Extraction is linear in the article length, even on hostile text (repeated quote-and-cue, unclosed quotes).

Work is counted, not timed: every Python and built-in function call made while
finding the statements of a 10k- and a 100k-character text. Ten times the
text may cost at most 13 times the calls (linear, with some slack); the
quadratic code this replaced made 20 to 72 times the calls.
"""
from __future__ import annotations

import sys

import pytest

from constructed_corpus import HOSTILE_PIECES, hostile_text
from stance.articles import article_from_text
from stance.speakers import SpeakerRegistry
from stance.statements import find_statements

MAX_GROWTH = 13


def _calls(text: str, registry: SpeakerRegistry) -> tuple[int, int]:
    """The number of function calls made by ``find_statements`` on ``text``, and the number of statements."""
    calls = 0

    def count(frame, event, arg) -> None:
        nonlocal calls
        calls += 1

    sys.setprofile(count)
    try:
        found = find_statements(article_from_text(text, "hostile"), registry)
    finally:
        sys.setprofile(None)
    return calls, len(found)


@pytest.mark.parametrize("pattern", sorted(HOSTILE_PIECES))
def test_extraction_work_grows_linearly_with_hostile_text(pattern):
    registry = SpeakerRegistry.default()
    _calls(hostile_text(pattern, 2_000), registry)  # caches warm
    small, found_small = _calls(hostile_text(pattern, 10_000), registry)
    large, found_large = _calls(hostile_text(pattern, 100_000), registry)
    assert large <= MAX_GROWTH * small, f"{pattern}: {large:,} calls at 100k characters, {small:,} at 10k"
    assert found_large >= found_small  # the texts are read, not refused
