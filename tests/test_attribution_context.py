"""Attribution from context: acronyms, documents, descriptions and non-speakers, on constructed articles.

Each text is constructed; people not in the shipped registry are fictional and
added with ``SpeakerRegistry.with_entries`` (one row each), so a test shows that
a new title is one data row.
"""
import ast
from pathlib import Path

import pytest

import stance
from stance.cues import tokenize
from stance.mentions import parse_mention
from stance.registry import RegistryEntry, SpeakerRegistry, fold

VERIN = RegistryEntry("Tomas Verin", "person", "RUS", aliases=("Verin",), titles=("foreign policy aide",))
KEITA = RegistryEntry("Amara Diallo Keita", "person", "AU", aliases=("Amara Diallo",),
                      titles=("commission chairperson",))


@pytest.fixture(scope="module")
def ruritania(tmp_path_factory):
    """The default registry plus a constructed country, Ruritania (RUR)."""
    path = tmp_path_factory.mktemp("registry") / "countries.csv"
    path.write_text("code,kind,name,aliases,demonyms,capitals,government\n"
                    "RUR,country,Ruritania,,Ruritanian,Strelsau,Ruritanian government\n", encoding="utf-8")
    return SpeakerRegistry.default().extended(path)


def speakers(text, registry=None):
    """(speaker, affiliation) of each statement ``stance.analyze`` finds in ``text``."""
    return [(s.speaker, s.affiliation) for s in stance.analyze(text, registry=registry, label=False)]


def test_a_ministry_acronym_any_country_uses_takes_the_country_named_with_it():
    text = "Japan's MOFA said on Monday that the drills near the islands were unacceptable."
    assert speakers(text) == [("Japanese Foreign Ministry", "JPN")]


def test_a_bare_ministry_acronym_is_the_dateline_country_s():
    text = "TOKYO (Reuters) - The MOFA said on Monday that the drills near the islands were unacceptable."
    assert speakers(text) == [("Japanese Foreign Ministry", "JPN")]


def test_an_official_statement_is_the_subject_government_s():
    text = ("Manila protests incident\nMANILA (Reuters) - The Philippine government on Monday protested the "
            "incident at sea. According to an official statement, the ships had entered its waters illegally.")
    assert speakers(text)[-1] == ("Philippine government", "PHL")


def test_a_bare_statement_has_no_author():
    text = "A statement posted online said that the ships had entered the waters illegally."
    assert all(speaker is None for speaker, _ in speakers(text))


@pytest.mark.parametrize("noun", ["Ministers", "Media", "Staff"])
def test_a_common_noun_alone_is_not_a_speaker(noun):
    statements = stance.analyze(f"{noun} said on Monday that the deal with the rebels was dead.", label=False)
    assert len(statements) == 1 and statements[0].speaker is None


def test_a_capitalised_word_the_article_writes_in_lower_case_is_not_a_speaker():
    text = ("The council discussed new sanctions on Monday. "
            "Sanctions warned that the economy of the island would shrink by a tenth.")
    assert [speaker for speaker, _ in speakers(text)] == [None]


def test_a_word_written_as_a_place_is_not_a_person():
    text = ("Rallies were held in Veltoria on Sunday. "
            "Veltoria said on Monday that the attacks on the border posts would continue.")
    assert [speaker for speaker, _ in speakers(text)] == [None]


def test_a_hyphenated_pair_of_names_is_not_a_speaker():
    statements = stance.analyze("Putin-Macron talks said on Monday that the deal was off.", label=False)
    assert [s.speaker for s in statements] == [None]


def test_the_group_is_the_group_the_article_named():
    text = "Hamas fighters attacked a post on Monday. The group said it would fight on until the siege ended."
    assert speakers(text) == [("Hamas", "PSE")]


def test_a_possessive_description_resolves_to_the_person_introduced_with_it():
    text = ("Putin's top foreign policy aide Tomas Verin met the envoys on Monday. "
            "Putin's top foreign policy aide said the talks had been useful.")
    registry = SpeakerRegistry.default().with_entries([VERIN])
    assert speakers(text, registry) == [("Tomas Verin", "RUS")]


def test_a_national_title_resolves_to_the_person_introduced_with_it():
    text = ("Indian army chief General Ravi Menon visited the border posts on Monday. "
            "The Indian army chief said India would respond firmly to any attack.")
    assert speakers(text) == [("Ravi Menon", "IND")]


def test_a_chairperson_has_one_canonical_name_in_the_article():
    text = ("AU Commission Chairperson Amara Diallo said on Monday that the coup was illegal. "
            "The Chairperson added that sanctions would follow within days.")
    registry = SpeakerRegistry.default().with_entries([KEITA])
    assert speakers(text, registry) == [("Amara Diallo Keita", "AU")] * 2


def test_letters_without_a_decomposition_fold_to_their_base_letter():
    assert fold("İbrahim Kalın") == fold("Ibrahim Kalin") == "ibrahim kalin"
    assert fold("Støre") == "store" and fold("Łukasz") == "lukasz"


def test_kalin_is_found_by_any_spelling_and_holds_his_title_only_from_2023():
    registry = SpeakerRegistry.default()
    assert {registry.lookup(n).name for n in ("Ibrahim Kalın", "İbrahim Kalın", "Ibrahim Kalin")} == {"Ibrahim Kalin"}
    assert registry.by_title("intelligence chief", "TUR", "2020-01-01") is None
    assert registry.by_title("intelligence chief", "TUR", "2024-01-01").name == "Ibrahim Kalin"


def test_parsed_mentions_are_not_shared_between_registries():
    text = "Tomas Verin said"
    tokens = tokenize(text, 0, len("Tomas Verin"))
    default = SpeakerRegistry.default()
    assert parse_mention(tokens, default).entry is None
    assert parse_mention(tokens, default.with_entries([VERIN])).entry == VERIN


@pytest.mark.parametrize("module", ["registry", "mentions", "resolve", "speakers"])
def test_no_speaker_function_is_over_60_lines(module):
    tree = ast.parse((Path(stance.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    long = {n.name: n.end_lineno - n.lineno + 1 for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > 60}
    assert not long


@pytest.mark.parametrize("text", [
    "AFP reports Ruritania has lodged a complaint with its neighbour over the remarks.",
    "Ruritania has lodged a complaint with its neighbour over the remarks, AFP reported.",
    "Reuters reported that Ruritania had warned its neighbour against interference.",
])
def test_a_news_agency_is_not_the_speaker_of_what_it_relays(text, ruritania):
    statements = stance.analyze(text, registry=ruritania, label=False)
    assert [(s.speaker, s.affiliation) for s in statements] == [("Ruritanian government", "RUR")]


def test_an_agency_stays_the_source_of_its_own_report():
    statements = stance.analyze("Reuters reported that five people had died in the attack on the port.", label=False)
    assert [s.speaker for s in statements] == ["Reuters"]


def test_a_lone_surname_takes_the_full_name_the_article_gives():
    text = ("Verin said on Monday that the talks were over. "
            "Later, Tomas Verin told reporters that a new round would start in May.")
    names = [s.speaker for s in stance.analyze(text, label=False)]
    assert names == ["Tomas Verin", "Tomas Verin"]


def test_a_headline_verb_is_not_part_of_the_speaker_s_name():
    text = ("Putin Announces Drills, Says The West Wants A Long War\n"
            "MOSCOW - The exercises will start on Monday near the border.")
    assert {s.speaker for s in stance.analyze(text, label=False)} == {"Vladimir Putin"}


def test_a_surname_only_one_registered_person_bears_gives_its_country_to_what_follows():
    assert speakers("The Putin government said on Monday that the sanctions were illegal.") == \
        [("Russian government", "RUS")]


def test_a_description_with_its_owner_s_name_resolves_to_the_registered_title_holder():
    assert speakers("Putin's top foreign policy aide said on Monday that the talks were useful.") == \
        [("Yuri Ushakov", "RUS")]


@pytest.mark.parametrize("date, holder", [("2025-01-10", "Upendra Dwivedi"), ("2023-05-01", "Manoj Pande")])
def test_a_national_title_resolves_to_the_registered_holder_when_the_article_names_no_one(date, holder):
    article = stance.Article(id="t", text="The Indian army chief said India would respond firmly to any attack.",
                             date=date)
    assert [(s.speaker, s.affiliation) for s in stance.analyze(article, label=False)] == [(holder, "IND")]


@pytest.mark.parametrize("subject, speaker", [
    ("The region's tax commissioner says", "region tax commissioner"),
    ("The company's chief executive said", "company chief executive"),
])
def test_a_possessive_owner_that_is_no_country_keeps_the_title(subject, speaker):
    statements = stance.analyze(f"{subject} the new levy will not be withdrawn.", label=False)
    assert [(s.speaker, s.affiliation) for s in statements] == [(speaker, None)]
    assert statements[0].text == "the new levy will not be withdrawn"


@pytest.mark.parametrize("source, speaker, affiliation", [
    ("a statement from the Ruritanian foreign ministry", "Ruritanian Foreign Ministry", "RUR"),
    ("a statement issued by the Ruritanian foreign ministry", "Ruritanian Foreign Ministry", "RUR"),
])
def test_according_to_a_statement_from_an_institution_is_the_institution_s(ruritania, source, speaker, affiliation):
    text = f"According to {source}, the envoy was recalled to the capital."
    statements = stance.analyze(text, registry=ruritania, label=False)
    assert [(s.speaker, s.affiliation, s.text) for s in statements] == [
        (speaker, affiliation, "the envoy was recalled to the capital")]


def test_a_name_before_a_description_set_off_by_dashes_is_the_speaker():
    text = ("The station opened in May.\n\nJane Roe, the director of Acme Media -- the company that owns the "
            "station -- told reporters, \"We are a provider of content.\"")
    statements = stance.analyze(text, label=False)
    assert [(s.speaker, s.text) for s in statements] == [("Jane Roe", "We are a provider of content.")]


def test_two_named_people_joined_by_and_speak_together_and_each_is_remembered():
    text = ("Senator Jane Roe and Senator John Doe said the bill would fail in committee. "
            "Roe said the vote had been close.")
    statements = stance.analyze(text, label=False)
    assert [(s.speaker, s.speaker_type) for s in statements] == [("Jane Roe and John Doe", "group"),
                                                                 ("Jane Roe", "person")]


def test_a_name_joined_to_a_description_is_not_a_pair_of_people():
    mention = parse_mention(tokenize(text := "Jane Roe and the minister", 0, len(text), []),
                            SpeakerRegistry.default())
    assert mention is None or mention.kind != "joint"


def test_former_army_doctor_is_a_title_before_the_name():
    assert speakers("Former Army Doctor Jane Roe said the clinic would close in May.") == [("Jane Roe", None)]


def test_a_capitalised_word_before_a_registered_name_is_not_part_of_it():
    registry = SpeakerRegistry.default().with_entries([VERIN])
    text = "Hawkish Tomas Verin said on Monday that the talks were over."
    assert speakers(text, registry) == [("Tomas Verin", "RUS")]


def test_a_person_described_before_who_is_the_speaker_of_the_relative_clause():
    text = ("Jane Roe was defensive about not paying an architect who said the tower had been finished on time, "
            "saying, \"Maybe the work was poor.\"")
    assert [(s.speaker, s.text) for s in stance.analyze(text, label=False)] == [
        ("architect", "the tower had been finished"), ("Jane Roe", "Maybe the work was poor.")]


@pytest.mark.parametrize("text, speaker", [
    ("The union represents 300 nurses, many of whom say the new rota is unsafe.", "300 nurses"),
    ("The firm hired the senior engineers, some of whom said the bridge was unsafe.", "senior engineers"),
])
def test_many_of_whom_say_is_the_plural_before_it(text, speaker):
    statements = stance.analyze(text, label=False)
    assert [(s.speaker, s.speaker_type) for s in statements] == [(speaker, "group")]
    assert statements[0].text.startswith("the ")


@pytest.mark.parametrize("subject", ["The Ruritanian president", "The president of Ruritania"])
def test_he_after_a_sentence_opened_by_a_country_s_title_holder_is_that_person(ruritania, subject):
    text = f"{subject} met the envoy on Monday. He said the border would stay closed."
    assert speakers(text, ruritania) == [("Ruritanian president", "RUR")]


def test_a_phrase_ending_in_of_is_no_speaker():
    mention = parse_mention(tokenize(text := "the court of", 0, len(text), []), SpeakerRegistry.default())
    assert mention is None


def test_a_name_after_said_with_no_that_reports_its_own_words():
    registry = SpeakerRegistry.default().with_entries([RegistryEntry("Omar bin Halsk", "person", "RUR")])
    text = ("Omar bin Halsk met the envoy on Monday. "
            "The statement said bin Halsk expressed his support for the ceasefire talks.")
    assert [(s.speaker, s.text) for s in stance.analyze(text, registry=registry, label=False)] == [
        ("Omar bin Halsk", "his support for the ceasefire talks")]


def test_a_pronoun_after_said_goes_on_with_the_same_report():
    text = "The ministry said it strongly denounced the drills, urging the navy to stop them."
    statements = stance.analyze(text, label=False)
    assert statements[0].text.startswith("it strongly denounced")


def test_a_headline_naming_the_spokesperson_after_says_gives_her_the_body_s_spokesperson():
    text = ("Ruritania rejects claims, says spokesperson Maria Lind\n"
            "The spokesperson said on Monday that the claims were baseless.")
    assert [(s.speaker, s.text) for s in stance.analyze(text, label=False)] == [
        ("Maria Lind", "Ruritania rejects claims"), ("Maria Lind", "the claims were baseless")]


def test_a_clause_before_says_name_is_no_source():
    text = "The talks were held in Paris. Ruritania rejects the claims, says spokesperson Maria Lind."
    assert [(s.speaker, s.text) for s in stance.analyze(text, label=False)] == [
        ("Maria Lind", "Ruritania rejects the claims")]


@pytest.mark.parametrize("text, speaker", [
    ("The city of Arlen is demanding that the festival move to another park.", "city of Arlen"),
    ("The town council has demanded that the festival move to another park.", "town council"),
])
def test_a_city_is_a_source_and_a_name_after_of_is_not_the_speaker(text, speaker):
    statements = stance.analyze(text, label=False)
    assert [(s.speaker, s.speaker_type) for s in statements] == [(speaker, "organization")]
    assert statements[0].text == "the festival move to another park"


def test_a_phrase_ending_in_a_possessive_is_no_source():
    text = "The paper said it had received the first pages of Dan Roe's state tax filings."
    assert [s.speaker for s in stance.analyze(text, label=False)] == ["paper"]


def test_a_surname_written_with_and_without_accents_is_still_one_person():
    entry = RegistryEntry("Ayse Yilmazer", "person", "TUR", aliases=("Yilmazer", "Yılmazer"))
    registry = SpeakerRegistry.default().with_entries([entry])
    assert registry.by_surname("Yilmazer") == [entry]
    assert speakers("Yilmazer said the drills would start on Friday.", registry) == [("Ayse Yilmazer", "TUR")]


@pytest.mark.parametrize("dash", ["-", "\u2013"])
def test_a_dateline_set_off_by_a_single_dash_gives_the_bare_ministry_its_country(dash):
    text = f"Manila protests incident\nMANILA {dash} The foreign ministry said the ships had left the shoal."
    assert speakers(text)[-1] == ("Philippine Foreign Ministry", "PHL")
