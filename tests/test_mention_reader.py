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
