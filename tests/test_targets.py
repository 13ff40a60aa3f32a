"""Target detection on sentences written for these tests."""
from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stance.countries import Countries, read_countries
from stance.speakers import SpeakerRegistry
from stance.target_ranker import NONE, TargetQuery, candidate_features, mention_roles
from stance.targets import TargetDetector, backs, bloc_members, detect_target, relation, same_side


@pytest.mark.parametrize("text, affiliation, expected", [
    ("Washington is fuelling the war", "RUS", "USA"),
    ("the United States bears full responsibility for the escalation", "CHN", "USA"),
    ("the Kiev regime will answer for this crime", "RUS", "UKR"),
    ("NATO has turned the region into a testing ground", "RUS", "NATO"),
    ("Western countries are waging a proxy war", "RUS", "WEST"),
    ("Biden's outgoing administration will only inflame tensions", "RUS", "USA"),
    ("the Kremlin is lying about the losses", "USA", "RUS"),
    ("the Pentagon was told that the flights must stop", "CHN", "USA"),
    ("the minister thanked Trkiye for hosting the talks", "UKR", "TUR"),  # Türkiye scraped without its ü
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


def test_a_patron_is_an_ally_that_backs_its_client() -> None:
    assert backs("USA", "TWN") and not backs("TWN", "USA")
    assert backs("NATO", "UKR") and not backs("NATO", "USA")  # a bloc backs an ally outside it, not a member
    assert relation("USA", "TWN") == "ally" and relation("CHN", "USA") == "rival"
    assert not backs("USA", None) and not backs("USA", "USA")


def test_mention_roles_say_how_a_party_is_named() -> None:
    text = "Washington's arms sales to Taiwan must stop, and the attacks in Kabul"
    roles = mention_roles(text, "CHN", TargetDetector.default())
    assert {"first", "start", "possessive", "next=s", "form=capital"} <= roles["USA"]
    assert "prev=to" in roles["TWN"] and "subject" in roles["TWN"] and "first" not in roles["TWN"]
    assert "prev=in" in roles["AFG"]
    assert "CHN" not in mention_roles("China will respond to Japan", "CHN", TargetDetector.default())


def test_the_patron_and_its_client_are_marked_among_the_candidates() -> None:
    query = TargetQuery(text="Taiwan must stop its provocations", affiliation="CHN", stance="hostile",
                        background={"USA": 5, "TWN": 5})
    features = candidate_features(query, TargetDetector.default())
    assert features["USA"]["patron"] == 1.0 and features["USA"]["main_rival"] == 1.0
    assert features["TWN"]["client"] == 1.0 and "patron" not in features["TWN"]
    assert features["USA"]["patron|where=background|partner_named=True"] == 1.0
    assert features[NONE]["none|w=provocations"] == 1.0 and features[NONE]["none|named=1"] == 1.0


@pytest.mark.parametrize("text, named", [
    ("The strike used US-made missiles", ["US"]),
    ("Iran-backed fighters fired at the ship", ["Iran"]),
    ("the Russia-Ukraine war and the US-China talks", ["Russia", "Ukraine", "US", "China"]),
    ("a war won without US' direct participation", ["US"]),
    ("a Washington-based group said", []),
    ("Guinea-Bissau said", ["Guinea-Bissau"]),
    ("the Putin-Macron call", []),
])
def test_countries_inside_hyphenated_and_possessive_words_are_mentions(text, named) -> None:
    assert [text[m.start:m.end] for m in Countries.default().mentions(text)] == named


@pytest.mark.parametrize("text, named", [
    ("the People\u2019s Republic of China said", [("People\u2019s Republic of China", "CHN")]),
    ("the People's Republic of China said", [("People's Republic of China", "CHN")]),
    ("the Democratic People\u2019s Republic of Korea fired", [("Democratic People\u2019s Republic of Korea", "PRK")]),
    ("the Republic of China army", [("Republic of China", "TWN")]),
    ("Hamas\u2019 attacks and the Houthis' drones", [("Hamas", "PSE"), ("Houthis", "YEM")]),
])
def test_names_with_apostrophes_are_read_whole(text, named) -> None:
    mentions = TargetDetector.default().mentions(text)
    assert [(text[m.start:m.end], m.code) for m in mentions] == named


@pytest.mark.parametrize("text, named", [
    ("Moscow must honour the Minsk agreements", [("Moscow", "RUS")]),
    ("the Astana process and the Paris Agreement", []),
    ("the talks in Minsk ended and Minsk agreed", [("Minsk", "BLR"), ("Minsk", "BLR")]),
    ("the Russia agreement was signed", [("Russia", "RUS")]),
])
def test_a_capital_naming_a_deal_or_forum_is_no_mention(text, named) -> None:
    mentions = TargetDetector.default().mentions(text)
    assert [(text[m.start:m.end], m.code) for m in mentions] == named


@pytest.fixture(scope="module")
def ranker():
    from stance.model import TRAIN, training_corpus
    from stance.target_ranker import TargetRanker, document_queries
    rows = training_corpus(TRAIN)
    return TargetRanker().fit(document_queries(rows), rows["target"])


def test_the_stance_probabilities_weigh_the_target_each_stance_would_choose(ranker) -> None:
    query = TargetQuery(text="the talks were held in a friendly atmosphere", affiliation="RUS",
                        background={"UKR": 2, "BLR": 2})
    hostile, supportive = (ranker.predict_proba([dataclasses.replace(query, stance=s)])[0]
                           for s in ("hostile", "supportive"))
    sure = ranker.predict_proba([dataclasses.replace(query, stance_proba={"hostile": 1.0})])[0]
    assert sure == hostile and next(iter(hostile)) == "UKR" and next(iter(supportive)) == "BLR"
    mixed = ranker.predict_proba([dataclasses.replace(query, stance="hostile",
                                                      stance_proba={"hostile": 0.25, "supportive": 0.75})])[0]
    assert abs(sum(mixed.values()) - 1) < 1e-3
    for code in hostile:
        assert abs(mixed[code] - (0.25 * hostile[code] + 0.75 * supportive[code])) < 1e-3


def test_no_target_reads_whether_the_statement_is_about_armed_groups_that_are_no_state() -> None:
    detector = TargetDetector.default()
    against_militants = TargetQuery(text="the strike degraded al-Shabaab militants in Somalia", affiliation="USA")
    against_a_state = TargetQuery(text="the strike degraded the army of Somalia", affiliation="USA")
    assert candidate_features(against_militants, detector)[NONE]["none|non_state=True|named=1"] == 1.0
    assert candidate_features(against_a_state, detector)[NONE]["none|non_state=False|named=1"] == 1.0


def test_a_party_set_aside_by_a_contrast_has_no_role() -> None:
    detector = TargetDetector.default()
    roles = mention_roles("the order came not from Kyiv but from its Western sponsors", "RUS", detector)
    assert "UKR" not in roles and "first" in roles["WEST"]
    roles = mention_roles("the drones were launched not in Ukraine, but in Moldova", "RUS", detector)
    assert "UKR" not in roles and "first" in roles["MDA"]
    # 'not' without a contrast leaves the party named
    assert "first" in mention_roles("Kyiv must not use these weapons", "RUS", detector)["UKR"]


def test_how_much_the_article_names_a_party_counts_by_where_the_statement_names_it(ranker) -> None:
    # the article names Ukraine often, but the statement names the alliance and the United States, not Ukraine
    query = TargetQuery(text="NATO and the US keep claiming they are not party to the conflict", affiliation="RUS",
                        stance="hostile", background={"USA": 9, "UKR": 7, "NATO": 1})
    proba = ranker.predict_proba([query])[0]
    assert list(proba)[:2] in (["NATO", "USA"], ["USA", "NATO"])
    assert proba["NATO"] > 5 * proba["UKR"]
    features = candidate_features(query, TargetDetector.default())
    assert features["NATO"]["background|where=text"] == 1 / 17
    assert features["UKR"]["background|where=background"] == 7 / 17


def test_a_country_named_as_an_issue_counts_less_than_a_party() -> None:
    detector = TargetDetector.default()
    assert detector.scores("the Syria file", "USA")["SYR"] < detector.scores("Syria must comply", "USA")["SYR"]
    text = "the Taiwan question is a red line for China-US relations"
    assert detect_target(text, speaker_affiliation="CHN") == "USA"


@pytest.mark.parametrize("text, named", [
    ("the Iranians said they would respond", [("Iranians", "IRN")]),
    ("talks with the Saudis and the North Koreans", [("Saudis", "SAU"), ("North Koreans", "PRK")]),
    ("the Chinese and the Swiss agreed", [("Chinese", "CHN"), ("Swiss", "CHE")]),
])
def test_a_people_named_in_the_plural_is_a_party_mention(text, named) -> None:
    mentions = TargetDetector.default().for_parties().mentions(text)
    assert [(text[m.start:m.end], m.code, m.form) for m in mentions] == [(w, c, "demonym") for w, c in named]


def test_an_acronym_written_capitalised_is_a_party_mention() -> None:
    detector = TargetDetector.default().for_parties()
    text = "Moscow warned Nato and the Osce, while the US stayed silent and us too"
    assert [(text[m.start:m.end], m.code) for m in detector.mentions(text)] == [
        ("Moscow", "RUS"), ("Nato", "NATO"), ("Osce", "OSCE"), ("US", "USA")]
    assert "NATO" not in {m.code for m in TargetDetector.default().mentions(text)}  # stance masks unchanged


def test_the_party_forms_are_kept_out_of_the_default_detector() -> None:
    detector = TargetDetector.default()
    assert detector.mentions("the Iranians met President Xi") == []
    assert detector.for_parties().for_parties() is detector.for_parties()
    assert [m.code for m in detector.for_parties().mentions("the Iranians met President Xi")] == ["IRN", "CHN"]


def test_a_short_leader_name_counts_after_a_title_only() -> None:
    detector = TargetDetector.default().for_parties()
    text = "the envoy met President Xi after the talks"
    (mention,) = detector.mentions(text)
    assert (text[mention.start:mention.end], mention.code, mention.form) == ("Xi", "CHN", "leader")
    assert detector.mentions("Mr Xi and Ms Li met") == []
    text = "a call with President El-Sisi"  # the registry writes him el-Sisi
    assert [(text[m.start:m.end], m.code) for m in detector.mentions(text)] == [("El-Sisi", "EGY")]


def test_parties_named_as_a_pair_are_marked() -> None:
    detector = TargetDetector.default()
    roles = mention_roles("the ceasefire between Armenia and Azerbaijan must hold", "GBR", detector)
    assert "paired" in roles["ARM"] and "paired" in roles["AZE"]
    assert "paired" not in mention_roles("Armenia must respect the ceasefire in Azerbaijan", "GBR", detector)["ARM"]
    query = TargetQuery(text="the UK welcomes the talks between Armenia and Azerbaijan", affiliation="GBR")
    assert candidate_features(query, detector)[NONE]["none|paired"] == 1.0


def test_a_country_named_beside_armed_groups_that_are_no_state_is_marked() -> None:
    detector = TargetDetector.default()
    query = TargetQuery(text="the strike hit al-Shabaab militants in Somalia", affiliation="USA")
    assert candidate_features(query, detector)["SOM"]["non_state|where=text"] == 1.0
    query = TargetQuery(text="the strike hit the army of Somalia", affiliation="USA")
    assert not any(name.startswith("non_state") for name in candidate_features(query, detector)["SOM"])


def test_the_countries_of_a_documents_speakers_are_in_its_background() -> None:
    import pandas as pd
    from stance.target_ranker import document_queries
    frame = pd.DataFrame({"text": ["we had a constructive meeting", "our talks were frank", "a warm welcome"],
                          "affiliation": ["XNO", "XOS", "XNO"], "group": ["d1", "d1", "d2"]})
    queries = document_queries(frame)
    assert queries[0].background == {"XOS": 1} and queries[1].background == {"XNO": 1}
    assert queries[2].background == {}


def test_no_target_reads_whether_the_speaker_is_a_third_party_to_all_it_names() -> None:
    detector = TargetDetector.default()
    def none_features(text, affiliation):
        return candidate_features(TargetQuery(text=text, affiliation=affiliation, stance="conciliatory"),
                                  detector)[NONE]
    assert none_features("Armenia and Azerbaijan must talk", "GBR")["none|third_party=True|stance=conciliatory"]
    assert none_features("Ukraine and Russia must talk", "GBR")["none|third_party=False|stance=conciliatory"]
    assert none_features("Armenia and Azerbaijan must talk", None)["none|third_party=None|stance=conciliatory"]


@pytest.mark.parametrize("text, named", [
    ("the Foreign Ministry of China said; the Chinese Foreign Ministry agreed",
     [("Foreign Ministry of China", "CHN"), ("Chinese Foreign Ministry", "CHN")]),
    ("President Xi's visit, then Xi-led talks", [("Xi", "CHN")]),  # a name is a whole word, not part of one
    ("Pentagon-backed plans and the Pentagon\u2019s view", [("Pentagon", "USA")]),
    ("Premier Li, then Li and Lee", [("Li", "CHN")]),
    ("they met the Iranians. The Saudis", [("Iranians", "IRN"), ("Saudis", "SAU")]),
])
def test_names_are_found_at_the_start_of_whole_words(text, named) -> None:
    detector = TargetDetector.default().for_parties()
    assert [(text[m.start:m.end], m.code) for m in detector.mentions(text)] == named


def test_the_party_twin_shares_the_countries_read_in_a_text() -> None:
    detector = TargetDetector(Countries.default(), SpeakerRegistry.default())
    text = "Washington warned Moscow and the Iranians"
    assert [m.code for m in detector.mentions(text)] == ["USA", "RUS"]
    parties = detector.for_parties()
    assert list(parties._country_memo) == [text]  # read once, by either
    assert [m.code for m in parties.mentions(text)] == ["USA", "RUS", "IRN"]


_FEATURE_ORDER = """
from stance.target_ranker import TargetQuery, candidate_features
from stance.targets import TargetDetector
query = TargetQuery(text="Iran, Israel, Qatar and Egypt must talk, and the talks in Oman should go on",
                    affiliation="USA", context="France, Germany and Japan spoke too",
                    background={"IRN": 3.0, "ISR": 2.0, "EGY": 1.0}, stance="conciliatory")
for code, features in candidate_features(query, TargetDetector.default()).items():
    print(code, *features)
"""


def test_candidate_features_come_in_the_same_order_in_every_process() -> None:
    """The ranker's fit and scores sum features in this order: string hashing must not change it."""
    orders = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        done = subprocess.run([sys.executable, "-c", _FEATURE_ORDER], env=env, capture_output=True, text=True,
                              check=True)
        orders.add(done.stdout)
    assert len(orders) == 1 and orders.pop().count("\n") >= 8
