"""Kinds of speaker that unseen coverage names and the rules fitted to the dev articles did not: poll
respondents, the member states of a bloc, a ministry named ``Ministry of <portfolio>``. Constructed text with
generic speakers."""
import pytest

import stance


def found(text):
    """(content, speaker, speaker type, affiliation) of each statement ``stance.analyze`` finds in ``text``."""
    article = stance.Article(id="k", text=text, date="2025-06-01")
    return [(s.text, s.speaker, s.speaker_type, s.affiliation) for s in stance.analyze(article, label=False)]


@pytest.mark.parametrize("text, expected", [
    ("Some 40 percent said the government should resign, according to the survey.",
     [("the government should resign", "40 percent", "group", None)]),
    ("Twenty-five percent of respondents said they opposed the deal, according to a poll.",
     [("they opposed the deal", "Twenty-five percent of respondents", "group", None)]),
    ("Some 40 per cent said the border should stay closed.",
     [("the border should stay closed", "40 per cent", "group", None)]),
])
def test_a_share_of_poll_respondents_is_a_group_whose_words_are_the_complement_not_the_whole_sentence(text, expected):
    assert found(text) == expected


def test_a_share_that_is_no_one_s_answer_is_no_speaker():
    assert found("Exports fell 40 percent, officials said.") == [
        ("Exports fell 40 percent", "officials", "group", None)]


@pytest.mark.parametrize("text, speaker", [
    ("BRUSSELS - EU member states said on Monday that the sanctions would be extended.", "EU member states"),
    ("EU countries said on Monday that the sanctions would be extended.", "EU member states"),
    ("The EU summit ended on Friday. The member states said the sanctions would be extended.", "EU member states"),
])
def test_the_member_states_of_a_bloc_have_one_canonical_name(text, speaker):
    assert found(text)[-1][1:] == (speaker, "group", "EU")


def test_member_states_of_no_bloc_named_are_a_vague_group_and_members_of_a_party_are_not_states():
    assert found("Member states said the measures were proportionate.")[0][1:] == ("member states", "group", None)
    assert found("ASEAN members said the code must be binding.")[0][1:] == ("ASEAN member states", "group", "ASEAN")
    assert found("Labour members said the leader must go.")[0][1] != "Labour member states"


@pytest.mark.parametrize("text, speaker, affiliation", [
    ("The Ministry of Justice said on Monday that the suspects would be extradited.", "Justice Ministry", None),
    ("ANKARA - The Ministry of Justice said on Monday that the suspects would be extradited.",
     "Turkish Justice Ministry", "TUR"),
    ("Ruritania's Ministry of Health said on Monday that the clinics would reopen.", None, None),
    ("The Department of Homeland Security said the border was closed.", "Homeland Security Department", None),
])
def test_a_ministry_of_a_portfolio_is_an_institution_of_the_dateline_s_country_or_of_none(text, speaker, affiliation):
    (_, name, kind, code), = found(text)
    assert kind == "organization" and code == affiliation
    assert speaker is None or name == speaker


def test_a_ministry_named_with_its_country_keeps_it():
    assert found("Turkey's Ministry of Health said on Monday that the clinics would reopen.")[0][1:] == (
        "Turkish Health Ministry", "organization", "TUR")


def test_it_after_a_sentence_naming_no_country_s_institution_is_no_one():
    assert found("The company issued a statement. It said profits rose.") == [("profits rose", None, None, None)]


def test_a_relayed_speaker_s_words_start_after_their_own_verb_and_a_quotation_stays_whole():
    text = 'SEOUL - KCNA said leader Pak Yong Chol warned that "the drills" would be answered.'
    assert found(text) == [('"the drills" would be answered', "Pak Yong Chol", "person", "PRK")]
    assert found("China has lodged a complaint, AFP reported.") == [
        ("a complaint", "Chinese government", "organization", "CHN")]


def test_an_opposition_without_a_country_is_a_group_of_no_country():
    assert found("The opposition said the vote had been rigged.") == [
        ("the vote had been rigged", "opposition", "group", None)]


@pytest.mark.parametrize("text, speaker, affiliation", [
    ("NAIROBI - The Kenya Defence Forces said on Monday that the militants had been repelled.",
     "Kenya Defence Forces", "KEN"),
    ("The M23 rebels said on Monday that they had withdrawn from the town.", "M23", "COD"),
    ("The ECB said on Thursday that rates would stay on hold.", "European Central Bank", "EU"),
    ("China's central bank said on Monday that the currency was stable.", "People's Bank of China", "CHN"),
    ("Myanmar's military said on Monday that the base had been retaken.", "Myanmar military", "MMR"),
])
def test_armed_forces_central_banks_and_rebel_groups_are_registry_institutions(text, speaker, affiliation):
    assert found(text)[0][1:] == (speaker, "organization", affiliation)


def test_the_spokesperson_the_headline_names_without_an_institution_is_the_body_s_ministry_spokesperson():
    text = ("Spokeswoman Mira Tolvanen rejects claims\n"
            "HELSINKI - The foreign ministry spokeswoman said on Monday that the claims were false.")
    assert [s[1] for s in found(text)] == ["Mira Tolvanen"] * 2
    text = "Spokeswoman Jane Roe said the talks were over. The defence ministry spokeswoman said they would go on."
    assert [s[1] for s in found(text)] == ["Jane Roe", "Ministry of Defense"]  # named in the body: not the headline
