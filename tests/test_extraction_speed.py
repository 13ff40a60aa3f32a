"""The short cuts of segmenting and extraction give what the long way gives, and skip the work they promise to.

Constructed text with fictional speakers; work is counted, never timed.
"""
from __future__ import annotations

import pickle
import unicodedata

import pytest
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

import stance.registry as registry_module
import stance.segment as segment
import stance.statements as statements
from stance.articles import article_from_text
from stance.cues import CueLexicon
from stance.quotes import QuoteIndex, find_quotes
from stance.registry import RegistryEntry, SpeakerRegistry, fold
from stance.statements import CONTENT_BREAKS, find_statements

PARAGRAPHS = [
    "The Norvanian foreign minister, Ilsa Aldren, said on Monday that the talks must continue.",
    "Mr. Krell told reporters in the U.S. capital that the drills were defensive. He declined to elaborate.",
    "\u201cWe will not back down,\u201d Defence Minister Mara Voss said. \u201cNever.\u201d",
    "Talks resumed in Velora",
    "Prices rose by 3.5 per cent in May, the ministry said!Officials were not available.",
    "The envoy (R-N.V.) said the vote was close... Then the session ended?",
    "",
    "   ",
]


def _punkt_spans(chunk: str) -> list[tuple[int, int]]:
    """Spans from NLTK's stock Punkt with the package's abbreviations (its patterns time-limited as shipped)."""
    params = PunktParameters()
    params.abbrev_types = set(segment.ABBREVIATIONS)
    return list(PunktSentenceTokenizer(params).span_tokenize(chunk))


@pytest.mark.parametrize("chunk", PARAGRAPHS)
def test_the_package_tokenizer_splits_as_stock_punkt(chunk: str) -> None:
    assert list(segment.sentence_tokenizer().span_tokenize(chunk)) == _punkt_spans(chunk)


def test_a_paragraph_without_an_inner_end_mark_is_one_sentence_without_punkt(monkeypatch) -> None:
    text = "Talks resumed in Velora\nThe minister said the talks must continue.\nHe left. She stayed."
    calls = []
    tokenizer = segment.sentence_tokenizer()
    original = type(tokenizer).span_tokenize
    monkeypatch.setattr(type(tokenizer), "span_tokenize", lambda self, chunk, *a: calls.append(chunk) or
                        original(self, chunk, *a))
    spans = [segment._split(text, p.start, p.end) for p in segment.paragraphs(text)]
    assert [[text[s:e] for s, e in found] for found in spans] == [
        ["Talks resumed in Velora"], ["The minister said the talks must continue."], ["He left.", "She stayed."]]
    assert calls == ["He left. She stayed."]


def _fold_the_long_way(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(registry_module._UNDECOMPOSED))
    text = text.encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@pytest.mark.parametrize("written", ["Ilsa Aldren", "  Ilsa   ALDREN's ", "Tomás Krell-Øvergård", "Kalın",
                                     "U.S. State Dept.", "T\u00e9a_Voss\u00a0II", "", "--", "\u00bd \u00b2"])
def test_fold_gives_the_keys_of_accent_and_punctuation_folding(written: str) -> None:
    assert fold(written) == _fold_the_long_way(written)


def test_a_registry_look_up_changes_nothing_on_the_registry() -> None:
    registry = SpeakerRegistry([RegistryEntry("Ilsa Aldren", "person", "NRV", aliases=("I. Aldren",))])
    state = {name: dict(value) if isinstance(value, dict) else value for name, value in vars(registry).items()}
    assert registry.lookup("Ilsa Aldren").name == "Ilsa Aldren"
    assert registry.lookup("i aldren").name == "Ilsa Aldren"
    assert registry.lookup("Mara Voss") is None
    assert vars(registry) == state  # no look-up is remembered on the registry (readers keep their own)
    assert pickle.loads(pickle.dumps(registry)).lookup("ilsa aldren").affiliation == "NRV"


CONTENT_TEXT = ("The minister said the border would stay open, but he refused to say when. Officials warned, "
                "amid rising tension, that talks were stalled \u2014 a claim that angered the envoy. The envoy said "
                "prices rose even as wages fell, as the Norvanian army moved closer. \u201cNo, but we try,\u201d "
                "she said, after the meeting. He spoke -- a move that surprised many -- and left, as well.")


def test_content_breaks_are_those_the_pattern_finds_outside_quotations() -> None:
    quotes = QuoteIndex(find_quotes(CONTENT_TEXT, segment.paragraphs(CONTENT_TEXT)))
    expected = [m.start() for m in CONTENT_BREAKS.finditer(CONTENT_TEXT)
                if not quotes.overlapping(m.start(), m.end())]
    assert len(expected) >= 4
    assert statements._content_breaks(CONTENT_TEXT, quotes) == expected


def test_only_words_that_open_a_cue_are_looked_up_in_the_lexicon(monkeypatch) -> None:
    text = ("Norvania and Veloria held talks on the border crossings.\n"
            "The two delegations met for nearly four hours on Tuesday.\n"
            "Foreign Minister Ilsa Aldren said the talks would continue next week.")
    looked_up = []
    original = CueLexicon.matches
    monkeypatch.setattr(CueLexicon, "matches", lambda self, tokens, index: looked_up.append(tokens[index].text)
                        or original(self, tokens, index))
    found = find_statements(article_from_text(text), SpeakerRegistry.default())
    assert [s.text for s in found] == ["the talks would continue next week"]
    assert [s.speaker for s in found] == ["Ilsa Aldren"]
    assert looked_up == ["said", "continue"]  # the two words that can open a cue, once each


def test_a_shared_demonym_is_resolved_from_the_countries_the_article_names_read_once(monkeypatch) -> None:
    text = ("KINSHASA - The Congolese Foreign Ministry said on Monday that the river crossing would reopen. "
            "The Congolese Defence Ministry said the patrols would end.")
    registry = SpeakerRegistry.default()
    original = type(registry.countries).mentions
    whole = []
    monkeypatch.setattr(type(registry.countries), "mentions", lambda self, written, *a: whole.append(
        written == text) or original(self, written, *a))
    found = find_statements(article_from_text(text), registry)
    assert [(s.speaker, s.affiliation) for s in found] == [("Congolese Foreign Ministry", "COD"),
                                                            ("Congolese Ministry of Defense", "COD")]
    assert whole.count(True) == 1  # the article's country mentions are read once, not again per demonym
