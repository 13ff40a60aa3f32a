"""Target detection on sentences written for these tests."""
from __future__ import annotations

import io

import pytest

from stance.countries import Countries, read_countries
from stance.speakers import SpeakerRegistry
from stance.targets import TargetDetector, bloc_members, detect_target, same_side


@pytest.mark.parametrize("text, affiliation, expected", [
    ("Washington is fuelling the war", "RUS", "USA"),
    ("the United States bears full responsibility for the escalation", "CHN", "USA"),
    ("the Kiev regime will answer for this crime", "RUS", "UKR"),
    ("NATO has turned the region into a testing ground", "RUS", "NATO"),
    ("Western countries are waging a proxy war", "RUS", "WEST"),
    ("Biden's outgoing administration will only inflame tensions", "RUS", "USA"),
    ("the Kremlin is lying about the losses", "USA", "RUS"),
    ("the Pentagon was told that the flights must stop", "CHN", "USA"),
])
def test_named_counterparts(text: str, affiliation: str, expected: str) -> None:
    assert detect_target(text, speaker_affiliation=affiliation) == expected


def test_own_side_is_not_the_target() -> None:
    assert detect_target("Russia will respond to the United States", speaker_affiliation="RUS") == "USA"
    assert detect_target("Moscow and Beijing condemned NATO", speaker_affiliation="RUS") == "NATO"
    assert detect_target("NATO allies will not be intimidated by Russia", speaker_affiliation="USA") == "RUS"
    assert detect_target("Russia has the right to defend itself", speaker_affiliation="RUS") is None


def test_no_counterpart_gives_none() -> None:
    assert detect_target("the fire has been extinguished and no one was hurt", speaker_affiliation="RUS") is None


def test_context_is_read_when_the_statement_names_nobody() -> None:
    context = "Iran warned Israel on Sunday that they would pay a heavy price"
    assert detect_target("they would pay a heavy price", speaker_affiliation="IRN", context=context) == "ISR"
    assert detect_target("they would pay a heavy price", speaker_affiliation="IRN") is None


def test_background_is_read_last() -> None:
    background = "Japan and China traded accusations. Japan said ... Japan added ..."
    assert detect_target("this is unacceptable", speaker_affiliation="CHN", background=background) == "JPN"
    assert detect_target("Beijing rejects this", speaker_affiliation="CHN", background=background) == "JPN"


def test_the_addressee_beats_a_place() -> None:
    text = "in Tokyo the minister urged Washington to lift the tariffs"
    assert detect_target(text, speaker_affiliation="CHN") == "USA"


def test_blocs_contain_their_members() -> None:
    assert "USA" in bloc_members()["NATO"] and "FRA" in bloc_members()["EU"]
    assert same_side("NATO", "USA") and same_side("USA", "USA") and not same_side("RUS", "USA")
    assert not same_side("NATO", None)


def test_custom_tables() -> None:
    table = "code,kind,name,aliases,demonyms,capitals,government\nNRV,country,Norvania,,Norvanian,Velm,\n" \
            "ALT,country,Altria,,Altrian,Corvo,\n"
    countries = Countries(read_countries(io.StringIO(table)))
    detector = TargetDetector(countries, SpeakerRegistry([]))
    assert detector.detect("Velm will regret this provocation", speaker_affiliation="ALT") == "NRV"
    assert detector.detect("Corvo will not back down", speaker_affiliation="ALT") is None
    assert [m.code for m in detector.mentions("Norvanian troops left Altria")] == ["NRV", "ALT"]
