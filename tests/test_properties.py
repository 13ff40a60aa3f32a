"""Property-based tests: any text, any quotation marks, any paragraph breaks.

For every generated article the pipeline raises nothing and returns
statements whose spans index the text (``text[start:end] == statement.text``),
do not overlap, come sorted by position, and are the same on a second run.
The texts mix reporting phrases with fictional speakers, every quotation mark
the guide lists, paragraph breaks and arbitrary Unicode.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from stance.articles import article_from_text, jsonl_articles
from stance.batch import ArticleResult, render_jsonl
from stance.pipeline import analyze
from stance.records import KINDS, SPEAKER_TYPES, Article

QUOTES = ['"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u2018", "\u2019", "'"]
BREAKS = ["\n", "\n\n", "\r\n", "\n\n\n", "\u2028", "\u2029", "\x85", "\x0c"]
PHRASES = [
    "Minister Aldren of Norvania said", "the foreign minister said", "said", "told reporters", "according to",
    "the Velorian foreign ministry said that", "she added", "he warned that", "accused Norvania of", "denied that",
    "the Kremlin said", "Washington", "U.S.", "Gen.", "Jan.", "officials said", "- Aldren", "vowed to",
    "the talks would resume", "the border is closed", "we will respond", ".", ",", ":", "?", "!",
]
settings.register_profile("stance", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile("stance")

quoted = st.builds(
    lambda speaker, cue, opening, words, closing, after: f"{speaker} {cue} {opening}{words}{closing}{after}",
    st.sampled_from(["Minister Aldren", "The Velorian foreign ministry", "She", "Officials", "Gen. Voss"]),
    st.sampled_from(["said", "said that", "warned:", "told reporters", "called it", "vowed that"]),
    st.sampled_from(QUOTES),
    st.lists(st.sampled_from(PHRASES[16:] + ["we", "will", "not", "negotiate"]), max_size=8).map(" ".join),
    st.sampled_from(QUOTES + [""]),
    st.sampled_from([".", ",", "", " he said.", ", according to officials.", "\n\n"]),
)
pieces = st.one_of(
    quoted,
    st.sampled_from(PHRASES),
    st.sampled_from(QUOTES),
    st.sampled_from(BREAKS),
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
)
separators = st.sampled_from(["", " ", " ", "  ", "\t"])


@st.composite
def article_texts(draw) -> str:
    """Article-like text: phrases, quotation marks, paragraph breaks and arbitrary Unicode, mixed."""
    parts = draw(st.lists(st.tuples(pieces, separators), min_size=1, max_size=50))
    text = "".join(piece + separator for piece, separator in parts)
    assume(text.strip())
    return text


def check_statements(text: str) -> list:
    found = analyze(article_from_text(text))
    for statement in found:
        assert 0 <= statement.start < statement.end <= len(text)
        assert text[statement.start:statement.end] == statement.text
        assert statement.kind in KINDS
        assert statement.speaker_type is None or statement.speaker_type in SPEAKER_TYPES
        for start, end in ((statement.cue_start, statement.cue_end), (statement.mention_start, statement.mention_end)):
            assert (start is None) == (end is None)
            if start is not None:
                assert 0 <= start <= end <= len(text)
    spans = [(s.start, s.end) for s in found]
    assert spans == sorted(spans), "statements come in reading order"
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start, f"overlapping statements {spans}"
    return found


@given(article_texts())
@example('Minister Aldren said: "We will respond.\n\n"The border is closed," he added.')
@example("\u00ab\u00bb\u201c\u201d''\"")
@example("\u201cthe talks would resume\u2029 we will respond\u201d, according to officials.")
def test_any_text_gives_valid_sorted_non_overlapping_spans_deterministically(text):
    found = check_statements(text)
    assert analyze(article_from_text(text)) == found, "a second run gives the same statements"


@given(st.text(min_size=1, max_size=60).filter(str.strip),
       st.lists(st.sampled_from(QUOTES + BREAKS + list("ab said.")), max_size=30).map("".join))
def test_a_jsonl_line_round_trips_any_text_exactly(text, noise):
    """Whatever the text holds (line separators included), a JSONL article reads back as the same text."""
    text = text + noise
    line = json.dumps({"id": "x", "text": text}, ensure_ascii=False).encode("utf-8")
    (article,) = list(jsonl_articles([line + b"\n"], "mem.jsonl", "mem"))
    assert article.text == text
    written = render_jsonl(ArticleResult(Article(id="x", text=text), ()))
    assert len(written.splitlines()) == 1 and json.loads(written)["id"] == "x"
