"""Speakers in wire copy on non-Western governments and organisations, on constructed articles.

Ministries and spokespeople named by title after a first full mention,
``the ministry``/``the bloc``/``the body`` referring back, acronyms, state
news agencies that relay, heads of UN agencies and envoys. Every person is
fictional (added with ``SpeakerRegistry.with_entries`` where the registry must
know them); the institutions are real.
"""
import pytest

import stance
from stance.cues import tokenize
from stance.mentions import parse_mention
from stance.registry import RegistryEntry, SpeakerRegistry

KEITA = RegistryEntry("Amara Diallo Keita", "person", "AU", aliases=("Keita",), titles=("commission chairperson",))
KO = RegistryEntry("Ko Myong Su", "person", "PRK", titles=("vice foreign minister",))
REGISTRY = SpeakerRegistry.default().with_entries([KEITA, KO])


def speakers(text):
    """(speaker, affiliation) of each statement ``stance.analyze`` finds in ``text``, in reading order."""
    return [(s.speaker, s.affiliation) for s in stance.analyze(text, registry=REGISTRY, label=False)]


@pytest.mark.parametrize("text, expected", [
    ("African Union Commission chairperson Amara Diallo Keita said on Monday that the talks must resume. "
     "The chairperson of the commission said the bloc would send envoys.", [("Amara Diallo Keita", "AU")] * 2),
    ("The African Union's envoy to the Sahel, Ibrahim Konate, said on Monday that the juntas must hold elections. "
     "The envoy added that the AU stood ready to help.", [("Ibrahim Konate", "AU")] * 2),
    ("UNRWA Commissioner-General Anders Holm said on Monday that the agency was near collapse. "
     "The agency said its staff could not reach the north.", [("Anders Holm", "UN"), ("UNRWA", "UN")]),
    ("VIENNA - IAEA Director General Lorenzo Vidal said on Monday that inspectors had returned. "
     "The IAEA chief said access remained limited.", [("Lorenzo Vidal", "IAEA")] * 2),
    ("BEIJING (Reuters) - Chinese foreign ministry spokesperson Liang Wei said on Monday that the sale was a "
     "provocation. The spokesperson added that Beijing would take firm measures.", [("Liang Wei", "CHN")] * 2),
    ("Turkish foreign ministry spokesperson slams remarks\nANKARA - Turkish foreign ministry spokesperson Selim "
     "Ozkan said on Monday that the remarks were unacceptable.", [("Selim Ozkan", "TUR")] * 2),
])
def test_a_title_or_description_resolves_to_the_person_the_article_introduced(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ABUJA - ECOWAS said on Sunday that the coup leaders must restore order. The bloc said sanctions would stay.",
     [("ECOWAS", "ECOWAS")] * 2),
    ("VIENNA - The IAEA said on Monday that inspectors had been denied access. "
     "The body said it could not verify the stockpile.", [("IAEA", "IAEA")] * 2),
    ("BRICS leaders met in Kazan on Tuesday. The bloc said in a declaration that it opposed unilateral sanctions.",
     [("BRICS", "BRICS")]),
    ("DOHA - Qatar's Ministry of Foreign Affairs said on Monday that it welcomed the ceasefire.",
     [("Qatari Foreign Ministry", "QAT")]),
    ("SEOUL - KCNA quoted a spokesperson for the North Korean foreign ministry as saying the drills were a "
     "rehearsal for invasion.", [("North Korean Foreign Ministry", "PRK")]),
    ("ABU DHABI - The UAE foreign ministry issued a statement on Monday. "
     "The statement said the ministry rejected the attack.", [("Emirati Foreign Ministry", "ARE")]),
    ("SCO foreign ministers said in a joint statement that they opposed unilateral sanctions.",
     [("SCO foreign ministers", "SCO")]),
])
def test_an_institution_is_named_by_its_acronym_title_or_a_word_that_refers_back(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("SEOUL - KCNA said Vice Foreign Minister Ko Myong Su warned that the drills would be met with force.",
     [("Ko Myong Su", "PRK")]),
    ("ANKARA - Anadolu Agency reported that Defence Minister Kemal Aydemir said the operation would continue.",
     [("Kemal Aydemir", "TUR")]),
    ("IRNA reported that foreign ministry spokesman Reza Tavakoli said the sanctions were illegal.",
     [("Reza Tavakoli", "IRN")]),
    ("SPA quoted an official source at the Ministry of Foreign Affairs as saying that the kingdom rejected the claims.",
     [("Saudi Foreign Ministry", "SAU")]),
    ("Chinese state media reported that the commerce ministry said the probe would be expanded.",
     [("Chinese Ministry of Commerce", "CHN")]),
])
def test_a_relaying_agency_is_never_the_speaker_and_a_state_one_gives_its_country(text, expected):
    assert speakers(text) == expected


def test_state_media_are_the_dateline_country_s_and_media_of_no_country_are_no_one():
    assert speakers("PYONGYANG - North Korea fired two missiles. State media said the launches were a warning.") \
        == [("North Korean state media", "PRK")]
    assert speakers("State media said the launches were a warning to the allies.") == [(None, None)]


def test_a_short_acronym_alias_matches_only_in_capitals():
    registry = SpeakerRegistry.default()
    assert registry.lookup("WHO").name == "World Health Organization" and registry.lookup("who") is None
    assert registry.lookup("SPA").name == "Saudi Press Agency" and registry.lookup("spa") is None
    assert registry.lookup("Saudi Press Agency").is_state_media


def test_a_registered_name_ending_in_a_country_word_is_one_name():
    text = "leader Kim Jong Un"  # "Un" is also the UN
    assert parse_mention(tokenize(text, 0, len(text)), REGISTRY).name == "Kim Jong Un"


@pytest.mark.parametrize("text, expected", [
    ("The rally was organised by supporters of Veltoria, who said the consulate must close.", (None, None)),
    ("Separatists in Balochistan said they had attacked the convoy.", ("Separatists", "group")),
    ("Witnesses said the convoy had been attacked.", ("Witnesses", "group")),
])
def test_a_place_or_movement_after_of_is_no_speaker_and_a_plural_noun_is_a_group_not_a_person(text, expected):
    assert [(s.speaker, s.speaker_type) for s in stance.analyze(text, label=False)] == [expected]


@pytest.mark.parametrize("text, date, holder", [
    ("GENEVA - The UNRWA chief said the agency was near collapse.", "2027-01-01", "Anders Holm"),
    ("The AU Commission chairperson said the coup was illegal.", "2027-01-01", "Amara Diallo Keita"),
])
def test_the_head_of_a_registered_agency_is_the_holder_of_the_role_on_the_article_s_date(text, date, holder):
    registry = SpeakerRegistry.default().with_entries([
        RegistryEntry("Anders Holm", "person", "UN", titles=("unrwa head",), start="2026-06-01"),
        RegistryEntry("Amara Diallo Keita", "person", "AU", titles=("commission chairperson",), start="2026-06-01")])
    article = stance.Article(id="a", text=text, date=date)
    assert [s.speaker for s in stance.analyze(article, registry=registry, label=False)] == [holder]
