"""Speakers that generalise beyond the dev articles, on constructed text.

Acronyms of registry institutions, organisation names with a preposition,
anonymous ministry sources, agency heads as roles resolved by date, and a
demonym two countries share. Every speaker that says something is fictional or
generic; real people appear only in registry look-ups, never with words.
"""
import io

import pytest

import stance
from stance import mentions
from stance.cues import tokenize
from stance.mentions import parse_mention
from stance.registry import SpeakerRegistry
from stance.resolve import Resolver


def speakers(text, date=None):
    """(speaker, affiliation) of each statement ``stance.analyze`` finds in ``text``, in reading order."""
    article = stance.Article(id="a", text=text, date=date)
    return [(s.speaker, s.affiliation) for s in stance.analyze(article, label=False)]


@pytest.mark.parametrize("institution, title, date, holder", [
    ("African Union Commission", "chairperson", "2025-03-01", "Moussa Faki Mahamat"),
    ("African Union Commission", "chairperson", "2025-03-20", "Mahmoud Ali Youssouf"),
    ("ECOWAS Commission", "president", "2022-07-05", "Jean-Claude Kassi Brou"),
    ("ECOWAS Commission", "president", "2022-07-20", "Omar Alieu Touray"),
])
def test_a_bloc_commission_s_head_is_the_holder_who_had_taken_office_on_the_date(institution, title, date, holder):
    registry = SpeakerRegistry.default()
    assert registry.holder_of(registry.lookup(institution), title, date).name == holder


@pytest.mark.parametrize("date, holder", [("2020-06-01", "Michelle Bachelet"), ("2025-06-01", "Volker Türk")])
def test_a_un_agency_head_named_by_a_two_word_portfolio_is_the_role_s_holder_on_the_date(date, holder):
    text = "The UN human rights chief"
    resolver = Resolver(SpeakerRegistry.default(), date=date, text=text)
    assert resolver.resolve(parse_mention(tokenize(text, 0, len(text)), resolver.registry)).name == holder


def test_a_portfolio_of_two_plain_nouns_stands_before_a_title():
    text = "the Kenyan water resources chief"
    mention = parse_mention(tokenize(text, 0, len(text)), SpeakerRegistry.default())
    assert (mention.kind, mention.head, mention.title) == ("description", "chief", "water resources chief")


@pytest.mark.parametrize("text, expected", [
    ("Veltorians for Justice said on Monday that the vote would go ahead.", ("Veltorians for Justice", "organization")),
    ("Lawyers Against Torture said the new law was void.", ("Lawyers Against Torture", "organization")),
    ("Residents of Strelsau said the shelling went on all night.", ("Residents of Strelsau", "group")),
])
def test_an_organisation_name_built_on_a_preposition_is_one_name(text, expected):
    assert [(s.speaker, s.speaker_type) for s in stance.analyze(text, label=False)] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("NEW DELHI - A foreign ministry source said on Monday that the talks would resume next month.",
     ("Indian Foreign Ministry", "IND")),
    ("A Pakistani foreign ministry source said the talks would resume next month.",
     ("Pakistani Foreign Ministry", "PAK")),
    ("NEW DELHI - A source in the foreign ministry said the talks would resume next month.",
     ("Indian Foreign Ministry", "IND")),
])
def test_an_anonymous_ministry_source_speaks_for_the_ministry_of_the_country_named_or_the_dateline_s(text, expected):
    assert speakers(text) == [expected]


@pytest.mark.parametrize("text", ["A government source said the talks would resume.",
                                  "A Reuters source said the talks would resume."])
def test_a_source_of_no_country_s_ministry_or_of_an_outlet_is_not_an_institution(text):
    assert [s.speaker_type for s in stance.analyze(text, label=False)] != ["organization"]


@pytest.mark.parametrize("text, expected", [
    ("NEW YORK - Unfpa said on Monday that clinics in the camps had closed.", ("UN Population Fund", "UN")),
    ("Ohchr said the killings in the north must be investigated.", ("UN Human Rights Office", "UN")),
    ("Nato said on Monday that it would send more troops to the east.", ("NATO", "NATO")),
    ("Unicef warned on Monday that children in the camps were starving.", ("UNICEF", "UN")),
])
def test_an_acronym_of_four_letters_or_more_matches_in_title_case(text, expected):
    assert speakers(text) == [expected]


def test_a_three_letter_acronym_alias_still_matches_only_in_capitals():
    registry = SpeakerRegistry.default()
    assert registry.lookup("Who") is None and registry.lookup("Spa") is None
    assert registry.lookup("Unfpa").name == "UN Population Fund"


@pytest.mark.parametrize("dateline, expected", [
    ("KINSHASA - ", ("Congolese Foreign Ministry", "COD")),
    ("BRAZZAVILLE - ", ("Congo-Brazzaville Foreign Ministry", "COG")),
    ("", ("Congolese Foreign Ministry", None)),
])
def test_a_demonym_of_two_countries_takes_the_one_the_article_names_else_none(dateline, expected):
    text = dateline + "The Congolese Foreign Ministry said on Monday that the river crossing would reopen."
    assert speakers(text) == [expected]


def test_a_shared_demonym_is_one_data_row():
    words = mentions.read_mention_words(io.StringIO("word\tclass\tvalue\nguinean\tshared-demonym\tGIN|GNQ\n"))
    assert words["shared-demonym"] == {"guinean": "GIN|GNQ"}


def test_a_generic_alias_of_one_country_s_institution_under_another_country_s_dateline_is_that_country_s():
    assert speakers("ISLAMABAD - The Foreign Office said on Friday that it had lodged a protest.") \
        == [("Pakistani Foreign Ministry", "PAK")]
    assert speakers("LONDON - The Foreign Office said on Friday that it had lodged a protest.") \
        == [("British Foreign Office", "GBR")]


def test_he_after_an_unnamed_spokesman_is_the_spokesman_s_institution_when_no_person_is_known():
    text = ("DOHA - Qatar's foreign ministry spokesman said on Tuesday that mediation would continue. "
            "He said both sides had agreed to talk.")
    assert speakers(text) == [("Qatari Foreign Ministry", "QAT")] * 2
