"""The whole pipeline with a user registry: fictional countries are speakers' sides and targets."""
from __future__ import annotations

import stance
from stance.speakers import SpeakerRegistry

COUNTRIES = """code,kind,name,aliases,demonyms,capitals,government
XAL,country,Alderia,,Alderian,Port Velm,Alderian government
XBR,country,Borsk,Republic of Borsk,Borskian,Harrow,Borskian government
"""
SPEAKERS = """name,type,affiliation,aliases,titles,gender,start,end
Tova Renn,person,XAL,Renn,foreign minister,f,,
"""
TEXT = ("Alderia accuses Borsk of moving troops to the border\n"
        "Alderian Foreign Minister Tova Renn accused Borsk of massing troops along the river. "
        "Harrow denied the charge and said the exercises were routine.")


def registry(tmp_path) -> SpeakerRegistry:
    (tmp_path / "countries.csv").write_text(COUNTRIES, encoding="utf-8")
    (tmp_path / "speakers.csv").write_text(SPEAKERS, encoding="utf-8")
    return SpeakerRegistry.default().extended(tmp_path / "countries.csv").extended(tmp_path / "speakers.csv")


def test_user_countries_are_affiliations_and_targets(tmp_path) -> None:
    found = stance.analyze(TEXT, registry=registry(tmp_path))
    accusation = next(s for s in found if s.text.startswith("Borsk of massing"))
    assert (accusation.speaker, accusation.affiliation, accusation.target) == ("Tova Renn", "XAL", "XBR")
    assert accusation.stance == "hostile"
    denial = next(s for s in found if s.text == "the charge")
    assert (denial.speaker, denial.affiliation, denial.target) == ("Borskian government", "XBR", "XAL")


def test_the_shipped_registry_knows_nothing_of_them() -> None:
    found = stance.analyze(TEXT)
    assert all(s.target not in ("XAL", "XBR") for s in found)


def test_analyze_corpus_labels_or_not(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    labelled = stance.analyze_corpus(tmp_path, registry=registry(tmp_path))
    bare = stance.analyze_corpus(tmp_path, registry=registry(tmp_path), label=False)
    assert len(labelled) == len(bare) > 0
    assert labelled["stance"].notna().all() and bare["stance"].isna().all()
