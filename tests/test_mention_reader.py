"""A mention reader reads every span of a run of tokens as parse_mention reads it alone, looking each country and
registry name of the run up once. Constructed text with fictional speakers; work is counted, never timed."""
from __future__ import annotations

import pytest

from stance.cues import tokenize
from stance.mentions import MentionReader, parse_mention
from stance.registry import RegistryEntry, SpeakerRegistry

ENTRIES = [RegistryEntry("Ilsa Aldren", "person", "FRA", aliases=("Aldren",), titles=("foreign minister",)),
           RegistryEntry("Norvanian Trade Council", "organization", "DEU")]
TEXT = ("Former French Foreign Minister Ilsa Aldren, the Norvanian Trade Council's spokesperson and officials "
        "from Japan and South Korea (AFP) told the German Defence Ministry, Aldren's aides said.")


def _registry() -> SpeakerRegistry:
    """A new registry each time: parsed mentions are remembered per registry, so nothing is read from memory."""
    return SpeakerRegistry(ENTRIES)


def test_every_span_read_by_a_reader_is_the_mention_parse_mention_reads_alone() -> None:
    tokens = tokenize(TEXT, 0, len(TEXT))
    reader = MentionReader(tokens, _registry())
    alone = _registry()
    spans = [(first, last) for first in range(len(tokens))
             for last in range(first + 1, min(len(tokens), first + 14) + 1)]
    read = [reader.parse(first, last) for first, last in spans]
    assert read == [parse_mention(tokens[first:last], alone) for first, last in spans]
    assert sum(m is not None for m in read) >= 20
    assert any(m is not None and m.name == "Ilsa Aldren" and m.country == "FRA" for m in read)
    assert any(m is not None and m.kind == "group" and m.countries == ("JPN", "KOR") for m in read)


def test_a_reader_looks_each_country_name_of_its_run_up_once(monkeypatch) -> None:
    tokens = tokenize(TEXT, 0, len(TEXT))
    registry = _registry()
    looked_up: list[str] = []
    original = registry.countries.lookup
    monkeypatch.setattr(registry.countries, "lookup", lambda written: looked_up.append(written) or original(written))
    reader = MentionReader(tokens, registry)
    for first in range(len(tokens)):
        for last in range(first + 1, min(len(tokens), first + 12) + 1):
            reader.parse(first, last)
    assert "South Korea" in looked_up and "Japan" in looked_up
    assert len(looked_up) == len(set(looked_up))


def test_tokens_at_one_offset_twice_are_refused() -> None:
    tokens = tokenize("Ilsa Aldren", 0, 11)
    with pytest.raises(ValueError, match="distinct offsets"):
        MentionReader(tokens + tokens, _registry())


def test_only_a_word_that_opens_a_registered_name_is_looked_up_with_the_words_after_it(monkeypatch) -> None:
    registry = _registry()
    assert registry.may_open_name("Ilsa") and registry.may_open_name("NORVANIAN's")
    assert not registry.may_open_name("Former") and registry.may_open_name("\u041f\u0443\u0442\u0438\u043d")
    text = "Former Minister Ilsa Aldren met Norvanian Trade Council staff"
    looked_up: list[str] = []
    original = registry.lookup
    monkeypatch.setattr(registry, "lookup", lambda written: looked_up.append(written) or original(written))
    reader = MentionReader(tokenize(text, 0, len(text)), registry)
    assert [reader.names_at(index)[0] for index in (0, 2, 5)] == [(), ((2, ENTRIES[0]),), ((3, ENTRIES[1]),)]
    assert [w for w in looked_up if w.startswith("Former")] == ["Former"]
    assert "Ilsa Aldren met" in looked_up  # three words: the longest registered name
