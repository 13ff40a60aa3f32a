"""The lexicon file's rows: how a row is written, and the diplomatic measures it names.

Constructed text only.
"""
from __future__ import annotations

import io

import pytest

from stance.lexicon import Lexicon, LexiconError, read_lexicon


def test_a_star_inside_an_entry_is_refused_with_the_file_and_line():
    rows = "response\tretaliat*\t1\nresponse\trecall* its ambassador\t1\n"
    with pytest.raises(LexiconError, match=r"mine\.tsv:2: 'recall\* its ambassador'"):
        read_lexicon(io.StringIO(rows), "mine.tsv")


@pytest.mark.parametrize("text", [
    "the government is breaking diplomatic ties with its neighbour",
    "the republic broke off relations with the kingdom",
    "the ministry recalled the ambassador for consultations",
    "the government will take legal action at the International Court of Justice",
])
def test_diplomatic_ruptures_and_legal_action_are_stated_responses(text):
    features, _ = Lexicon.default().features(text)
    assert features.get("lex:response", 0) >= 1
