"""Statement finding and speaker resolution on constructed text.

Every text here is written for these tests; speakers are fictional people
or generic institutions, so no words are put in a real person's mouth.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import stance
from stance.mentions import PEOPLE_NOUNS, read_mention_words
from stance.records import Statement
from stance.speakers import SpeakerRegistry

FICTIONAL_SPEAKERS = """name,type,affiliation,aliases,titles,gender,start,end
Aleksandr Volkin,person,RUS,Alexander Volkin|Aleksandr Volkine|Volkin,deputy foreign minister,m,2030-01-01,
Marta Ilves,person,EST,Ilves,foreign minister,f,2030-01-01,
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> SpeakerRegistry:
    path = tmp_path_factory.mktemp("registry") / "speakers.csv"
    path.write_text(FICTIONAL_SPEAKERS, encoding="utf-8")
    return SpeakerRegistry.default().extended(path)


def analyse(text: str, registry: SpeakerRegistry | None = None) -> list[Statement]:
    found = stance.analyze(text, registry=registry, label=False)
    for statement in found:
        assert text[statement.start:statement.end] == statement.text
    spans = sorted((s.start, s.end) for s in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), "statements overlap"
    return found


def one(found: list[Statement], fragment: str) -> Statement:
    matches = [s for s in found if fragment in s.text]
    assert len(matches) == 1, f"expected one statement containing {fragment!r}, got {[s.text for s in found]}"
    return matches[0]


# -- quoting styles ------------------------------------------------------------

@pytest.mark.parametrize("opening, closing", [('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb")])
def test_direct_quote_in_every_mark_style(opening: str, closing: str) -> None:
    text = (f"Tensions rose on the border.\n{opening}We will not allow anyone to redraw our borders by force,"
            f"{closing} Estonian Foreign Minister Marta Ilves told reporters in Tallinn.")
    statement = one(analyse(text), "redraw our borders")
    assert statement.kind == "direct"
    assert statement.text == "We will not allow anyone to redraw our borders by force,"
    assert statement.speaker == "Marta Ilves"
    assert statement.affiliation == "EST"


def test_quote_of_several_sentences_is_one_statement() -> None:
    text = ('"The talks were useful. We agreed to meet again. Nothing more can be said today," '
            "the Norwegian foreign ministry spokesperson said.")
    found = analyse(text)
    assert len(found) == 1
    assert found[0].kind == "direct"
    assert found[0].text.startswith("The talks were useful.") and found[0].text.endswith("today,")
    assert found[0].speaker == "Norwegian Foreign Ministry"


def test_quote_running_over_a_paragraph_break() -> None:
    text = ('The Polish defence minister, Tomasz Wrona, spoke after the exercise. "Our forces are ready. '
            "We have doubled the patrols along the frontier.\n"
            '"No one should doubt our resolve," he said.')
    found = analyse(text)
    quote = one(found, "doubled the patrols")
    assert quote.kind == "direct"
    assert "No one should doubt our resolve" in quote.text
    assert quote.speaker == "Tomasz Wrona"


def test_interrupted_quote_gives_two_statements_by_one_speaker() -> None:
    text = '"We are open to talks," the Turkish foreign minister, Deniz Arslan, said, "but not under threat."'
    found = analyse(text)
    first, second = one(found, "open to talks"), one(found, "not under threat")
    assert first.kind == second.kind == "direct"
    assert first.speaker == second.speaker == "Deniz Arslan"
    assert first.affiliation == "TUR"


def test_mixed_quote_keeps_the_reported_clause() -> None:
    text = 'The Iranian president vowed that "consequences" would follow the attack on the convoy.'
    statement = one(analyse(text), "consequences")
    assert statement.kind == "mixed"
    assert statement.text == '"consequences" would follow the attack on the convoy'
    assert statement.cue == "vowed"
    assert statement.speaker == "Iranian government" or statement.affiliation == "IRN"


def test_postposed_attribution_with_a_quoted_fragment_is_mixed() -> None:
    text = ('Japan will respond "in a calm and firm manner" to any incursion, '
            "Japanese Defense Minister Kenji Arai said on Tuesday.")
    statement = one(analyse(text), "calm and firm")
    assert statement.kind == "mixed"
    assert statement.text.startswith("Japan will respond")
    assert statement.speaker == "Kenji Arai" and statement.affiliation == "JPN"


def test_scare_quotes_and_titles_are_not_statements() -> None:
    text = ('The so-called "peace corridor" remained closed on Monday. His memoir, "Winds Over the Steppe", '
            "was published last year.")
    assert analyse(text) == []


def test_unbalanced_quotation_marks_give_a_best_effort_result() -> None:
    text = ('"We reject the ultimatum, the Serbian foreign ministry said in a statement.\n'
            'Officials in Belgrade said talks could resume "within weeks.')
    found = analyse(text)
    assert any(s.affiliation == "SRB" for s in found)


# -- indirect speech -----------------------------------------------------------

@pytest.mark.parametrize("sentence, content, cue", [
    ("The Chinese foreign ministry said that the patrols were routine.", "the patrols were routine", "said"),
    ("The Indian army stated the ceasefire line remained calm.", "the ceasefire line remained calm", "stated"),
    ("Pakistan's foreign office warned that any strike would be answered.", "any strike would be answered",
     "warned"),
    ("The Kremlin accused Washington of prolonging the war.", "Washington of prolonging the war", "accused"),
    ("The South Korean military denied any involvement in the incident.", "any involvement in the incident",
     "denied"),
    ("Israel's defence ministry claimed the site stored weapons.", "the site stored weapons", "claimed"),
    ("Venezuela vowed to defend its territory.", "to defend its territory", "vowed"),
])
def test_indirect_speech_after_a_reporting_verb(sentence: str, content: str, cue: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.kind == "indirect"
    assert statement.text == content
    assert statement.cue == cue
    assert statement.speaker is not None


@pytest.mark.parametrize("sentence, content, speaker", [
    ("Jana Orlik, who served as envoy to the region from 2012 until earlier this year, said the talks had stalled.",
     "the talks had stalled", "Jana Orlik"),
    ("Trade economist Piet Vance, who studies sanctions at a private institute, said the measures had failed.",
     "the measures had failed", "Piet Vance"),
    ("Officials at the customs agency, a division of the finance ministry, said the checks would resume.",
     "the checks would resume", "Officials at the customs agency"),
    ("Experts on arms control said the latest test could change the debate.",
     "the latest test could change the debate", "Experts on arms control"),
    ("The senator has long said that the treaty is unfair.", "the treaty is unfair", "senator"),
    ("The bank says the sanctions will cut exports.", "the sanctions will cut exports", "bank"),
    ("Opposition nominee Hana Kerr has called for an immediate ceasefire.", "an immediate ceasefire", "Hana Kerr"),
    ("Trade economist Hana Kerr said the embargo would fail.", "the embargo would fail", "Hana Kerr"),
])
def test_subjects_with_insertions_modifiers_and_adverbs(sentence: str, content: str, speaker: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.text == content
    assert statement.speaker == speaker


@pytest.mark.parametrize("sentence, content, speaker", [
    ("Her ex-husband said the senator had never repaid the loan.", "the senator had never repaid the loan", "ex-husband"),
    ("One voter claimed that the new rules were hurting morale.", "the new rules were hurting morale",
     "voter"),
    ("Those close to the mayor say she would pick a deputy from the north.", "she would pick a deputy from the north",
     "Those close to the mayor"),
    ("People familiar with the talks said a deal was near.", "a deal was near", "People familiar with the talks"),
    ("The family, neighbours and church leaders have asked that the council reopen the school.",
     "the council reopen the school", "family, neighbours and church leaders"),
    ("A spokeswoman for the company says the plant will close.", "the plant will close",
     "spokeswoman for the company"),
    ("Her allies have argued that the plan is fair.", "the plan is fair", "allies"),
    ("Her ex-husband agreed, but also insisted that he should keep the house.", "he should keep the house",
     "ex-husband"),
    ("Some of his advisers said the trip was cancelled.", "the trip was cancelled", "Some of his advisers"),
])
def test_descriptions_of_people_and_groups_as_speakers(sentence: str, content: str, speaker: str) -> None:
    """A determiner or possessive with a people noun, a plural people noun, a list of groups or ``those close to``
    is the subject of a report; the speaker is that description."""
    statement = one(analyse(sentence), content)
    assert statement.text == content
    assert statement.speaker == speaker


def test_a_people_noun_is_one_row_of_the_mention_words() -> None:
    """The people nouns are a class of ``mention_words.tsv``: one row adds one, and the shipped table has them."""
    table = io.StringIO("word\tclass\tvalue\nquestioner\tpeople\t\n")
    assert read_mention_words(table)["people"] == {"questioner": ""}
    assert {"questioner", "wife", "supporter"} <= PEOPLE_NOUNS


@pytest.mark.parametrize("sentence, speaker_type", [
    ("Her ex-husband said the senator had never repaid the loan.", "person"),
    ("One voter claimed that the new rules were hurting morale.", "person"),
    ("Critics said the plan was too costly.", "group"),
    ("Those close to the mayor say she would pick a deputy from the north.", "group"),
    ("The bank says the sanctions will cut exports.", "organization"),
])
def test_a_described_speaker_is_a_person_a_group_or_an_organization(sentence: str, speaker_type: str) -> None:
    """A singular people noun describes one person, a plural one a group, an organisation noun an institution."""
    (statement,) = analyse(sentence)
    assert statement.speaker_type == speaker_type


@pytest.mark.parametrize("sentence", [
    "The attack claimed that the border was closed.",
    "Those close to the border say nothing about it.",
    "The riverbank, the bridge and the road have been demanding repairs for years.",
])
def test_things_and_places_are_not_described_speakers(sentence: str) -> None:
    """A common noun that names no person, or a list of things, is not read as the subject of a report."""
    assert analyse(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Fuel prices could double by winter, Mr. Halvorsen said in an interview.",
    "Fuel prices could double by winter, said Gen. Ruud Halvorsen.",
    "Sen. Ruud Halvorsen said fuel prices could double by winter.",
])
def test_abbreviated_titles_before_a_name(sentence: str) -> None:
    statement = one(analyse(sentence), "prices could double by winter")
    assert statement.text in ("Fuel prices could double by winter", "fuel prices could double by winter")
    assert statement.speaker in ("Halvorsen", "Ruud Halvorsen")


@pytest.mark.parametrize("sentence, content", [
    ("As the envoy put it in a statement to reporters in July, the talks are a way forward.",
     "the talks are a way forward"),
    ("As the mediator observed, the gap between the two offers is narrowing.",
     "the gap between the two offers is narrowing"),
    ("The truce is fragile, as one envoy put it.", "The truce is fragile"),
])
def test_as_clause_attributions(sentence: str, content: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.text == content
    assert statement.speaker in ("envoy", "mediator")


def test_comparison_with_as_is_not_a_statement() -> None:
    assert analyse("The plan worked as the minister said it would.") == []


def test_content_resumes_after_an_inserted_attribution() -> None:
    found = analyse("The West, the minister added, had to change course before the summit.")
    statement = one(found, "change course")
    assert statement.text == "had to change course before the summit"
    assert statement.cue == "added"
    found = analyse("Prices will rise sharply, the governor said, citing the drought.")
    assert one(found, "Prices").text == "Prices will rise sharply"


def test_according_to_before_and_after_the_content() -> None:
    text = ("Three soldiers were wounded in the shelling, according to Armenian officials. "
            "According to the Azerbaijani defence ministry, the shelling came from across the line.")
    found = analyse(text)
    wounded = one(found, "Three soldiers were wounded")
    assert wounded.cue == "according to" and wounded.speaker == "Armenian officials"
    assert wounded.speaker_type == "group"
    came = one(found, "came from across the line")
    assert came.affiliation == "AZE"


def test_nominal_reports_of_speech() -> None:
    text = ("The Finnish government expressed regret over the loss of life. "
            "The ministry summoned the ambassador to deliver a formal warning of retaliation.")
    found = analyse(text)
    regret = one(found, "regret")
    assert regret.text == "regret over the loss of life"
    warning = one(found, "formal warning")
    assert warning.text == "a formal warning of retaliation"
    assert warning.cue == "to deliver"


def test_two_reporting_acts_in_one_sentence_are_two_statements() -> None:
    text = ("The Greek foreign minister, Eleni Sarri, condemned the overflight, "
            "accusing Ankara of violating the island's airspace.")
    found = analyse(text)
    condemned = one(found, "overflight")
    accusing = one(found, "Ankara of violating")
    assert condemned.text == "the overflight"
    assert condemned.speaker == accusing.speaker == "Eleni Sarri"
    assert accusing.cue == "accusing"


def test_headline_attribution() -> None:
    text = ("Any attack on our ships will be answered - Philippine defence chief\n"
            "Philippine Defense Secretary Luis Ocampo spoke to reporters in Manila on Friday.")
    statement = one(analyse(text), "Any attack on our ships")
    assert statement.text == "Any attack on our ships will be answered"
    assert statement.affiliation == "PHL"


def test_nested_report_belongs_to_the_inner_speaker() -> None:
    text = "The minister said that the Norwegian ambassador, Ola Brekke, had warned that the deal was dead."
    found = analyse(text)
    inner = one(found, "the deal was dead")
    assert inner.speaker == "Ola Brekke"


def test_beliefs_and_events_are_not_statements() -> None:
    text = ("Officials in Seoul fear that the launch is imminent. The two navies held drills on Monday. "
            "The minister did not say whether talks would resume.")
    assert analyse(text) == []


# -- speakers ------------------------------------------------------------------

def test_surname_title_and_pronoun_resolve_to_one_speaker() -> None:
    text = ("Lithuanian Foreign Minister Rasa Kalnina met her counterparts in Vilnius.\n"
            "Kalnina said the sanctions would stay in place.\n"
            "The minister added that the border would remain closed.\n"
            '"We have no other choice," she said.')
    found = analyse(text)
    assert [s.speaker for s in found] == ["Rasa Kalnina"] * 3
    assert {s.affiliation for s in found} == {"LTU"}


def test_transliterations_and_aliases_from_a_user_registry(registry: SpeakerRegistry) -> None:
    text = ("Deputy Foreign Minister Alexander Volkin said Moscow was ready to talk.\n"
            "Volkin added that the proposal had been sent to Tallinn.")
    found = analyse(text, registry)
    assert [s.speaker for s in found] == ["Aleksandr Volkin", "Aleksandr Volkin"]
    assert found[0].affiliation == "RUS" and found[0].speaker_type == "person"


def test_registry_looks_up_real_names_without_quoting_them() -> None:
    registry = SpeakerRegistry.default()
    assert registry.lookup("Sergey Lavrov").name == "Sergei Lavrov"
    assert registry.lookup("Volodymyr Zelenskyy").name == "Volodymyr Zelensky"
    assert registry.lookup("the Kremlin").affiliation == "RUS"


def test_description_refers_to_the_person_named_earlier() -> None:
    text = ("Kremlin spokesman Ilya Dorin briefed journalists on Monday.\n"
            "The Kremlin spokesman said the decision had not been taken.")
    statement = one(analyse(text), "decision had not been taken")
    assert statement.speaker == "Ilya Dorin"
    assert statement.affiliation == "RUS"


def test_quote_in_a_new_paragraph_continues_the_last_speaker() -> None:
    text = ('"The drills are defensive," the South Korean defence minister, Park Ji-hoon, said.\n'
            '"They threaten nobody and they will continue as planned."')
    found = analyse(text)
    continued = one(found, "threaten nobody")
    assert continued.kind == "direct"
    assert continued.speaker == "Park Ji-hoon"
    assert continued.cue is None


@pytest.mark.parametrize("subject, speaker, kind, affiliation", [
    ("Moscow", "Russian government", "organization", "RUS"),
    ("Washington", "US government", "organization", "USA"),
    ("The Kremlin", "Kremlin", "organization", "RUS"),
    ("Russia's Ministry of Defense", "Russian Ministry of Defense", "organization", "RUS"),
    ("Russian officials", "Russian officials", "group", "RUS"),
    ("A US official", "US official", "group", "USA"),
    ("Beijing", "Chinese government", "organization", "CHN"),
])
def test_institutions_metonymy_and_groups(subject: str, speaker: str, kind: str, affiliation: str) -> None:
    statement = one(analyse(f"{subject} said the shipment had been delayed."), "shipment")
    assert (statement.speaker, statement.speaker_type, statement.affiliation) == (speaker, kind, affiliation)


def test_unknown_official_gets_the_affiliation_the_text_gives() -> None:
    text = "Brazilian Foreign Minister Rafael Duarte said the summit would go ahead."
    statement = one(analyse(text), "summit would go ahead")
    assert statement.speaker == "Rafael Duarte"
    assert statement.affiliation == "BRA"
    assert statement.speaker_type == "person"


def test_joint_speakers() -> None:
    statement = one(analyse("Seoul and Washington said the exercise would begin in March."), "exercise")
    assert statement.speaker == "South Korean and US governments"
    assert statement.speaker_type == "group"


# -- the article as a whole ------------------------------------------------------

def test_a_paragraph_printed_truncated_then_whole_gives_each_statement_once() -> None:
    whole = ("The Hungarian foreign ministry said that the pipeline would reopen next week after repairs, "
             "and that supplies to the region were secure.")
    text = f"Pipeline to reopen\n{whole[:70]}\n{whole}\n"
    found = analyse(text)
    assert len(found) == 1
    assert found[0].start > text.index(whole[:70]) + 70


def test_headline_printed_twice_gives_its_statement_once() -> None:
    line = "Any blockade will be treated as aggression - Taiwanese defence ministry"
    found = analyse(f"{line}\n\n{line}\n\nThe ministry spoke after the drills ended.")
    assert len(found) == 1 and found[0].start < len(line)


def test_seed_article_gives_the_expected_speakers() -> None:
    seed = Path(__file__).parents[1] / "seeds" / "000_ebf00a4f1a82a35d.txt"
    article = next(stance.read_articles(seed))
    found = stance.analyze(article, label=False)
    speakers = {s.speaker for s in found}
    assert {"Sergei Lavrov", "Vladimir Putin", "Matthew Miller", "Kremlin"} <= speakers
    assert all(article.text[s.start:s.end] == s.text for s in found)
    lede = article.text.index("In a significant escalation")
    assert not any(lede <= s.start < lede + 300 for s in found), "the truncated lede must not give statements"


def test_registry_extended_through_the_api() -> None:
    from stance.speakers import RegistryEntry

    extra = RegistryEntry("Nadia Sorel", "person", "FRA", aliases=("Sorel",), titles=("foreign minister",))
    registry = SpeakerRegistry.default().with_entries([extra])
    statement = one(analyse("Sorel said the embassy would stay open.", registry), "embassy")
    assert (statement.speaker, statement.affiliation) == ("Nadia Sorel", "FRA")


def test_a_quotation_without_words_is_no_statement() -> None:
    assert analyse('The general said "".') == []


def test_transcript_turns_are_statements_of_the_labelled_speaker() -> None:
    text = ("Briefing on the border talks\n\n"
            "MODERATOR: Does the ministry see the two proposals as equivalent?\n\n"
            "HALVORSEN: No. The second proposal ignores the ceasefire line entirely.\n\n"
            "Q: Will the talks resume?\n\n"
            "MS. KERR: We expect them to resume next week.\n")
    found = analyse(text)
    assert [(s.speaker, s.text) for s in found] == [
        ("Halvorsen", "No. The second proposal ignores the ceasefire line entirely."),
        ("Kerr", "We expect them to resume next week."),
    ]


def test_a_single_labelled_line_is_not_a_transcript() -> None:
    text = ("Talks stall\n\n"
            "HALVORSEN: a profile of the negotiator, page 4.\n\n"
            "The talks stalled on Monday, and no new date was set.\n")
    assert analyse(text) == []


@pytest.mark.parametrize("sentence, content", [
    ("The minister told reporters the talks had failed.", "the talks had failed"),
    ("The minister told voters this weekend he would not resign.", "he would not resign"),
    ("The minister told reporters in Brussels the talks had failed.", "the talks had failed"),
    ("The minister told the head of the agency the talks had failed.", "the talks had failed"),
    ("The minister told the envoys to leave the capital.", "to leave the capital"),
])
def test_addressee_and_time_after_told_are_not_content(sentence: str, content: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.text == content
    assert statement.speaker == "minister"


@pytest.mark.parametrize("sentence, content, speaker", [
    ("A Western diplomatic source said the talks had failed.", "the talks had failed",
     "Western diplomatic source"),
    ("Rep. Ada Quill (R-S.C.) said the claim smacked of hypocrisy.", "the claim smacked of hypocrisy", "Ada Quill"),
])
def test_anonymous_sources_and_party_labels(sentence: str, content: str, speaker: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.text == content
    assert statement.speaker == speaker


def test_a_report_ends_at_a_semicolon_or_a_second_speakers_report() -> None:
    found = analyse("Officials said the timing was not intentional; they learned of the deal on Friday.")
    assert [s.text for s in found] == ["the timing was not intentional"]
    found = analyse("Officials said the ministry mishandled the case and the government accused the rebels of "
                    "stoking the issue.")
    assert [(s.speaker, s.text) for s in found] == [
        ("officials", "the ministry mishandled the case"),
        ("government", "the rebels of stoking the issue"),
    ]


def test_subject_before_a_dashed_appositive_and_across_a_closed_quotation() -> None:
    statement = one(analyse("Ines Marlo -- a former envoy to the region -- said the talks tended to stall."),
                    "talks")
    assert (statement.speaker, statement.text) == ("Ines Marlo", "the talks tended to stall")
    found = analyse('The senator urged voters to "vote with care" and said he stood by the treaty.')
    statement = one(found, "stood by")
    assert (statement.speaker, statement.text) == ("senator", "he stood by the treaty")


def test_report_inside_a_reduced_relative_clause() -> None:
    found = analyse("The navy moved two frigates, a step the minister said was forced by repeated incursions.")
    statement = one(found, "forced by")
    assert (statement.speaker, statement.text) == ("minister", "was forced by repeated incursions")


def test_in_which_report_nests_inside_a_postposed_attribution() -> None:
    text = ('Ministers Ana Bell and Rui Costa held a call on May 2, in which Costa said he plans to sign the accord '
            '"as soon as parliament approves it," Bell announced on social media.\n\nThe accord covers fishing.')
    found = analyse(text)
    assert [(s.speaker, s.text) for s in found] == [
        ("Rui Costa", 'he plans to sign the accord "as soon as parliament approves it,"')]


def test_the_north_in_an_article_on_north_korea() -> None:
    text = ("Drills condemned\n\nSEOUL, Aug. 19 -- North Korea denounced the drills of South Korea and the United "
            "States on Monday.\n\nThe North's defense ministry said the drills showed hostile intent.\n\n"
            "The minister declined to comment further.\n")
    found = analyse(text)
    statement = one(found, "hostile intent")
    assert statement.affiliation == "PRK"
    assert not [s for s in found if "comment" in s.text]


@pytest.mark.parametrize("sentence, quote, speaker", [
    ("As the sirens sounded, the announcer said, \u201cStay indoors and keep calm.\u201d",
     "Stay indoors and keep calm.", "announcer"),
    ('A farmer commented: "Nobody asked us about the dam."', "Nobody asked us about the dam.", "farmer"),
    ("The trader says of the minister, \u201cShe has never visited the port.\u201d",
     "She has never visited the port.", "trader"),
])
def test_quotations_introduced_by_ordinary_people(sentence: str, quote: str, speaker: str) -> None:
    found = analyse(sentence)
    assert [(s.kind, s.speaker, s.text) for s in found] == [("direct", speaker, quote)]


@pytest.mark.parametrize("sentence, content, speaker", [
    ("The campaign called the charges unsubstantiated and fabricated.",
     "the charges unsubstantiated and fabricated", "campaign"),
    ("The ministry called the strike a provocation.", "the strike a provocation", "Ministry"),
    ("The envoy questioned whether the truce would hold.", "whether the truce would hold", "envoy"),
    ("Several lawyers criticized the ruling.", "the ruling", "lawyers"),
])
def test_characterisations_questions_and_plain_subjects_of_object_cues(sentence: str, content: str,
                                                                        speaker: str) -> None:
    statement = one(analyse(sentence), content)
    assert (statement.speaker, statement.text) == (speaker, content)


@pytest.mark.parametrize("sentence", [
    "The ministry called a meeting of the council.",
    "The president called the prime minister on Tuesday.",
    "The president called his counterpart a second time.",
    "The two navies form an informal group called the Squad.",
])
def test_calling_someone_or_naming_something_is_not_a_statement(sentence: str) -> None:
    assert analyse(sentence) == []


def test_possessive_nouns_and_asides_after_an_attribution() -> None:
    found = analyse('Spokesman Pavel Orsk called the envoy\'s remarks "baseless" and said the ministry "will not '
                    'link water to territory."')
    assert {s.speaker for s in found} == {"Pavel Orsk"}
    found = analyse("Air defences shot down a drone over the ridge on Thursday, the ministry said, the first use "
                    "of force since the ceasefire.")
    assert [s.text for s in found] == ["Air defences shot down a drone over the ridge on Thursday"]


def test_quoted_questions_after_asked_are_direct_statements() -> None:
    found = analyse("The spokeswoman asked \u201cwho is stirring up trouble\u201d near the reef as well as "
                    "\u201cwho breaks the law of the sea?\u201d")
    assert [(s.kind, s.text) for s in found] == [
        ("direct", "who is stirring up trouble"), ("direct", "who breaks the law of the sea?")]
    found = analyse('The spokeswoman asked whether the deal "would survive" the winter.')
    assert [s.kind for s in found] == ["mixed"]


@pytest.mark.parametrize("sentence, content", [
    ("The government has presented its Oct. 1 strike as a response to the killing of two commanders.",
     "its Oct. 1 strike as a response to the killing of two commanders"),
    ("The ministry portrayed the sanctions as an act of economic war.", "the sanctions as an act of economic war"),
])
def test_presenting_something_as_something_else(sentence: str, content: str) -> None:
    assert one(analyse(sentence), content).text == content


def test_presenting_credentials_is_not_a_statement() -> None:
    assert analyse("The ambassador presented his credentials to the king.") == []


@pytest.mark.parametrize("sentence, speaker", [
    ("Officials from Japan and South Korea said the talks were useful.", "Japanese and South Korean officials"),
    ("Japanese and South Korean officials said the talks were useful.", "Japanese and South Korean officials"),
    ("The reaction was warm, with leaders from the European Union and the United States welcoming the talks.",
     "EU and US leaders"),
    ("Officials from Japan said the talks were useful.", "Japanese officials"),
])
def test_groups_of_one_or_several_countries(sentence: str, speaker: str) -> None:
    found = analyse(sentence)
    assert len(found) == 1
    assert found[0].speaker == speaker
    assert found[0].speaker_type == "group"


def test_the_spokesperson_is_the_one_introduced_before() -> None:
    text = ("Arms sale condemned\n\n"
            "The sale must be cancelled, a Chinese foreign ministry spokesperson said on Saturday.\n\n"
            "The spokesperson was answering a question after the Pentagon announced that the State Department "
            "had approved the sale.\n\n"
            "The sale harms relations across the strait, the spokesperson said.\n")
    found = analyse(text)
    assert one(found, "harms relations").speaker == "Chinese Foreign Ministry"


def test_according_to_a_pronoun() -> None:
    text = ('Sanctions answered\n\nDeputy Foreign Minister Aleksandr Volkin spoke on Monday. According to him, the '
            'bloc "is shooting itself in the foot."\n\nAccording to her own account, the talks failed.\n')
    found = analyse(text)
    statement = one(found, "shooting itself")
    assert (statement.kind, statement.speaker) == ("mixed", "Aleksandr Volkin")
    assert not [s for s in found if "talks failed" in s.text]


def test_quoted_adverb_between_subject_and_verb() -> None:
    found = analyse('Estonia on Tuesday "categorically" rejected the claim that its jets had entered the zone.')
    statement = one(found, "the claim")
    assert statement.speaker == "Estonian government"
    assert statement.text == "the claim that its jets had entered the zone"


def test_went_on_introduces_a_quotation() -> None:
    found = analyse('The foreign minister went on: "We have made our position clear."\n\nThe war went on for years.')
    assert [(s.kind, s.speaker, s.text) for s in found] == [
        ("direct", "foreign minister", "We have made our position clear.")]


def test_a_concessive_aside_after_the_report_is_the_journalists() -> None:
    found = analyse("The minister accused the envoy of lying, though records show the envoy told the truth.")
    assert [s.text for s in found] == ["the envoy of lying"]


# -- issue 10: ordinary speech verbs in more frames -------------------------------

@pytest.mark.parametrize("sentence, content, speaker", [
    ("The foreign minister is demanding that the embassy be closed at once.",
     "the embassy be closed at once", "foreign minister"),
    ("Officials have been demanding that the embassy be closed.",
     "the embassy be closed", "officials"),
    ("The foreign minister is promising new talks with the neighbour.",
     "new talks with the neighbour", "foreign minister"),
])
def test_progressive_speech_verb_is_a_report(sentence: str, content: str, speaker: str) -> None:
    statement = one(analyse(sentence), content)
    assert (statement.text, statement.kind) == (content, "indirect")
    assert speaker in statement.speaker.lower()


def test_passive_is_still_no_report() -> None:
    assert analyse("The embassy was informed of the decision by the foreign ministry on Tuesday.") == []


def test_strict_cue_with_a_clause_but_no_that() -> None:
    text = '"We will not retreat," the defence minister said. He added the army would stay on the border.'
    statement = one(analyse(text), "army")
    assert statement.text == "the army would stay on the border"
    assert statement.cue == "added"
    assert statement.speaker == "defence minister"


def test_a_thing_that_signals_a_clause_is_no_speaker() -> None:
    found = analyse("The foreign minister said that the strike on the depot signaled the rebels were regrouping.")
    statement = one(found, "strike")
    assert statement.text == "the strike on the depot signaled the rebels were regrouping"
    assert statement.speaker == "foreign minister"


@pytest.mark.parametrize("sentence, content", [
    ("The foreign minister raised the prospect of new sanctions on the northern neighbour.",
     "new sanctions on the northern neighbour"),
    ("The foreign minister repeated a threat to cut off aid to the region.",
     "a threat to cut off aid to the region"),
    ("The defence minister reminded the envoy of the obligations of the ceasefire.",
     "the obligations of the ceasefire"),
    ("The foreign minister has warned of more sanctions against the neighbour.",
     "more sanctions against the neighbour"),
])
def test_reports_of_issue_ten(sentence: str, content: str) -> None:
    statement = one(analyse(sentence), content)
    assert (statement.text, statement.kind) == (content, "indirect")
    assert "minister" in statement.speaker


def test_bullet_point_paragraph_is_a_sentence() -> None:
    text = ("Deputy Foreign Minister Aleksandr Volkin spoke for an hour on Monday.\n"
            "\u2022 He also threatened retaliation against any attack on the border.")
    statement = one(analyse(text, registry=_registry()), "retaliation")
    assert statement.text == "retaliation against any attack on the border"
    assert statement.speaker == "Aleksandr Volkin"


def test_title_case_headline_with_its_cue_after_the_content() -> None:
    text = "Region Faces Hard Winter Ahead, Foreign Minister Warns.\nThe foreign minister spoke on Tuesday."
    statement = one(analyse(text), "Winter")
    assert statement.text == "Region Faces Hard Winter Ahead"
    assert statement.speaker == "foreign minister"  # not "Warns": a verb is never a speaker


def _registry() -> SpeakerRegistry:
    import tempfile
    path = Path(tempfile.mkdtemp()) / "speakers.csv"
    path.write_text(FICTIONAL_SPEAKERS, encoding="utf-8")
    return SpeakerRegistry.default().extended(path)


@pytest.mark.parametrize("sentence, content", [
    ("At the forum, the foreign minister called her vote in favor of the war a mistake.",
     "her vote in favor of the war a mistake"),
    ("The ministry called the charges unsubstantiated and fabricated by disgruntled former employees.",
     "the charges unsubstantiated and fabricated by disgruntled former employees"),
])
def test_called_an_object_something(sentence: str, content: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.text == content


def test_called_someone_an_hour_later_is_no_report() -> None:
    assert analyse("The foreign minister called the ambassador an hour after the attack.") == []


def test_joined_names_take_the_plural_verb() -> None:
    statement = one(analyse("Senator Jane Roe and Senator John Doe say other changes are needed."), "changes")
    assert statement.text == "other changes are needed"
    assert statement.speaker is not None


@pytest.mark.parametrize("sentence, content", [
    ("The governor has said about 20 people asked for the seat, but he refuses to discuss the names.",
     "about 20 people asked for the seat"),
    ("The foreign minister said the border would stay closed even as talks with the neighbour resumed.",
     "the border would stay closed"),
    ("The council condemned the launch, as the neighbour fired three missiles into the sea on Monday.",
     "the launch"),
    ("The foreign minister said the border would stay closed, amid growing fears of an attack.",
     "the border would stay closed"),
])
def test_content_ends_where_the_writer_takes_over(sentence: str, content: str) -> None:
    statement = one(analyse(sentence), content)
    assert statement.text == content


def test_a_break_inside_a_quotation_does_not_end_the_content() -> None:
    text = 'The foreign minister said the deal was "good for us, but bad for them" and would be signed.'
    statement = one(analyse(text), "deal")
    assert statement.text.endswith("would be signed")


def test_relative_who_without_a_comma() -> None:
    statement = one(analyse("The envoy met the ministry spokesman who said the talks had failed."), "talks")
    assert statement.text == "the talks had failed"
    assert statement.speaker == "ministry spokesman"


def test_inverted_cue_after_a_year_is_read() -> None:
    text = ("The broadcasts reached only one of the roughly 100 stations they used as of 2030, "
            "said Jane Roe, the agency's director.")
    statement = one(analyse(text), "broadcasts")
    assert statement.text.startswith("The broadcasts reached only one of the roughly 100 stations")
    assert statement.speaker == "Jane Roe"


# -- verbs as data rows -------------------------------------------------------------

def _lexicon_with(tmp_path: Path, row: str):
    from importlib import resources

    from stance.cues import CueLexicon
    shipped = resources.files("stance").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    path = tmp_path / "cues.tsv"
    path.write_text(shipped.rstrip("\n") + "\n" + row + "\n", encoding="utf-8")
    return CueLexicon.read(path)


def test_a_reporting_verb_is_one_data_row(tmp_path: Path) -> None:
    from stance.records import Article
    from stance.statements import find_statements
    text = "The foreign minister grumbled that the talks had been a waste of time."
    article = Article(id="row", text=text)
    registry = SpeakerRegistry.default()
    assert find_statements(article, registry) == []
    lexicon = _lexicon_with(tmp_path, "grumble\tsay\t\t\tgrumble|grumbles|grumbled|grumbling\t")
    found = find_statements(article, registry, lexicon)
    assert [(s.text, s.cue, s.speaker) for s in found] == [
        ("the talks had been a waste of time", "grumbled", "foreign minister")]


def test_a_verb_row_says_what_else_the_verb_takes(tmp_path: Path) -> None:
    from stance.records import Article
    from stance.statements import find_statements
    article = Article(id="row", text="The foreign minister resolved to close the border to all trade.")
    plain = _lexicon_with(tmp_path, "resolve\tsay\tyes\t\tresolve|resolves|resolved|resolving\t")
    assert find_statements(article, SpeakerRegistry.default(), plain) == []
    infinitive = _lexicon_with(tmp_path, "resolve\tsay\tyes\t\tresolve|resolves|resolved|resolving\tto-infinitive")
    found = find_statements(article, SpeakerRegistry.default(), infinitive)
    assert [s.text for s in found] == ["to close the border to all trade"]


def test_a_bad_verb_row_names_the_file_and_its_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"cues\.tsv: line (\d+) \(mumble\): unknown frame or takes \['whisper'\]") as error:
        _lexicon_with(tmp_path, "mumble\tsay\t\t\tmumble|mumbled\twhisper")
    lines = (tmp_path / "cues.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[int(re.search(r"line (\d+)", str(error.value)).group(1)) - 1].startswith("mumble\t")


def test_an_and_before_the_subject_does_not_make_it_plural() -> None:
    text = ("The defence ministry denied that its aircraft had entered the airspace and said the claim was "
            "\u201ca pretext for war\u201d.")
    statement = one(analyse(text), "pretext")
    assert statement.text == "the claim was \u201ca pretext for war\u201d"
    assert statement.speaker == "Ministry of Defense" or "ministry" in statement.speaker.lower()
    assert analyse("Police kept them away from the gate, and the protest ended peacefully.") == []


@pytest.mark.parametrize("sentence, content", [
    ("The foreign minister said the talks had failed at a news conference in the capital on Monday.",
     "the talks had failed"),
    ("The foreign minister condemned the missile launch in an interview with a radio station.",
     "the missile launch"),
    ('The foreign minister criticized the treaty as a "crazy deal" during a campaign stop in the north.',
     'the treaty as a "crazy deal"'),
    ("The foreign minister said the envoy would speak at a news conference that was called for Monday.",
     "the envoy would speak at a news conference that was called for Monday"),
])
def test_where_the_words_were_said_is_not_content(sentence: str, content: str) -> None:
    statement = one(analyse(sentence), content.split()[1])
    assert statement.text == content


def test_having_said_that_is_no_report() -> None:
    found = analyse("Having said that, there are some economists who argue that the tax should be abolished.")
    assert [s for s in found if s.cue == "said" or s.speaker == "Having"] == []


def test_polnear_report_sorts_gold_items_by_the_cue_near_them() -> None:
    import importlib.util
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "polnear_report.py"
    spec = importlib.util.spec_from_file_location("polnear_report", path)
    report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report)
    from stance.cues import CueLexicon
    text = ("The minister said the talks had failed. The senator believes the plan will work. "
            "The union backs the governor. The United States faces a hard winter.")
    spans = report.sentence_spans(text)
    lexicon = CueLexicon.default()

    def style(content: str) -> str:
        start = text.index(content)
        return report.reporting_style(text, spans, start, start + len(content), lexicon)

    assert style("the talks had failed") == "speech"
    assert style("the plan will work") == "belief"
    assert style("the governor") == "endorsement"
    assert style("a hard winter") == "other"  # "States" in a name is no cue


# -- portfolio titles and content ending in a duration ---------------------------

@pytest.mark.parametrize("subject, speaker, affiliation", [
    ("Iran's oil minister", "Iranian oil minister", "IRN"),
    ("Poland's agriculture minister", "Polish agriculture minister", "POL"),
    ("The Estonian energy minister", "Estonian energy minister", "EST"),
])
def test_a_portfolio_word_before_a_title_is_part_of_the_speaker(subject, speaker, affiliation) -> None:
    statement = one(analyse(f"Talks stalled.\n\n{subject} said exports would fall next year."), "exports")
    assert (statement.kind, statement.speaker, statement.affiliation) == ("indirect", speaker, affiliation)
    assert statement.text.startswith("exports would fall")


def test_a_description_with_another_portfolio_is_not_the_minister_named_before() -> None:
    text = ("Grain\n\nPoland's agriculture minister said imports would be banned.\n\n"
            "The state's election chief said the vote was secure.")
    assert one(analyse(text), "imports").speaker == "Polish agriculture minister"
    assert one(analyse(text), "vote").speaker != "Polish agriculture minister"


def test_a_duration_ending_the_content_stays_in_it() -> None:
    statement = one(analyse("Trade\n\nThe minister said the ban would last a year."), "ban")
    assert statement.text == "the ban would last a year"


@pytest.mark.parametrize("sentence, content", [
    ("The foreign minister said the talks were difficult, but useful.", "the talks were difficult, but useful"),
    ("The foreign minister said the army would stay, but he declined to say for how long.", "the army would stay"),
    ("The foreign minister said the plan was ready, but analysts doubted it.", "the plan was ready"),
])
def test_a_content_ends_at_but_only_where_a_new_clause_begins(sentence, content) -> None:
    assert one(analyse(f"Talks\n\n{sentence}"), content[:12]).text == content


def test_people_picked_out_by_a_restrictive_who_are_not_speakers() -> None:
    assert analyse("Crowds\n\nProtesters who said the war was wrong were arrested in the capital.") == []


def test_one_name_per_person_keeps_the_affiliation_the_text_gave() -> None:
    found = analyse("Deal\n\nVell, the Estonian envoy, said the deal was dead. Ana Vell said the deal was dead.")
    assert [(s.speaker, s.affiliation) for s in found][0] == ("Ana Vell", "EST")


# -- the ways news reports speech (issue 10) ------------------------------------

@pytest.mark.parametrize("sentence, content, speaker", [
    ("Ruritanian Senator Ana Roe has questioned the health of the prime minister.",
     "the health of the prime minister", "Ana Roe"),
    ("Roe supporters have questioned the timing of the vote.", "the timing of the vote", "Roe supporters"),
    ("The foreign minister cited the rising cost of fuel.", "the rising cost of fuel", "foreign minister"),
    ("The foreign minister talked about the need for a new border treaty.", "the need for a new border treaty",
     "foreign minister"),
    ("The talks stalled - the foreign minister has vowed to close the border crossings.",
     "to close the border crossings", "foreign minister"),
    ("Still, the fund warned that the exit would raise many questions.", "the exit would raise many questions",
     "fund"),
])
def test_noun_phrase_complements_and_description_subjects_are_reports(sentence, content, speaker) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.speaker) == (content, speaker)


def test_as_with_a_content_of_its_own_is_no_comparison() -> None:
    text = "Talks\n\nThe senator Ana Roe spoke in the capital, as she called for the release of the prisoners."
    assert one(analyse(text), "prisoners").text == "the release of the prisoners"
    assert analyse("Talks\n\nThe plan works exactly as the minister said it would.") == []



@pytest.mark.parametrize("sentence, content, speaker", [
    ("Senator Ana Roe boldly suggested that the treaty was dead.", "the treaty was dead", "Ana Roe"),
    ("Foreign Minister Jane May said that the border would stay closed.", "the border would stay closed",
     "Jane May"),
    ("The family said that the soldier had been released.", "the soldier had been released", "family"),
])
def test_adverbs_surnames_that_are_months_and_families(sentence, content, speaker) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.speaker) == (content, speaker)


def test_may_before_a_verb_is_still_a_modal() -> None:
    assert analyse("Talks\n\nThe senator may say that the talks have failed.") == []


@pytest.mark.parametrize("sentence, content", [
    ("The ministry has promised a veto and attempted to make its case to both parties.", "a veto"),
    ("Officials praised the envoy's work but also had to give him more time.", "the envoy's work"),
    ("The senator cited criticism of the anchor, who took heat for his questions.", "criticism of the anchor"),
    ("The minister called for a free and fair vote in the provinces.", "a free and fair vote in the provinces"),
])
def test_an_object_content_ends_before_a_relative_clause_or_a_second_predicate(sentence, content) -> None:
    assert one(analyse(f"Talks\n\n{sentence}"), content.split()[-1]).text == content


def test_a_second_reporting_verb_after_and_makes_a_second_statement() -> None:
    found = analyse("Talks\n\nThe minister condemned the attack and demanded an apology from the neighbours.")
    assert [(s.cue, s.text) for s in found] == [("condemned", "the attack"),
                                                ("demanded", "an apology from the neighbours")]


@pytest.mark.parametrize("sentence, content, cue", [
    ("The senator mocked the complaint about the microphones.", "the complaint about the microphones", "mocked"),
    ("The minister outlined his plan for the border crossings.", "his plan for the border crossings", "outlined"),
    ("The minister barely mentioned the border dispute.", "the border dispute", "mentioned"),
    ("The ministry has acknowledged the scale of the flooding.", "the scale of the flooding", "acknowledged"),
    ("The central bank just this month announced it would raise rates.", "it would raise rates", "announced"),
])
def test_more_verbs_and_adverbs_of_reporting(sentence, content, cue) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.cue) == (content, cue)


def test_a_clause_without_that_may_have_a_past_tense_verb() -> None:
    statement = one(analyse("Talks\n\nThe senators noted his lawyer offered to appear at a closed session."), "lawyer")
    assert statement.text == "his lawyer offered to appear at a closed session"


@pytest.mark.parametrize("sentence", [
    "The minister highlighted the increased risk of war.",
    "The minister highlighted the government's planned cuts.",
    "The minister highlighted the widely reported claims.",
])
def test_a_participle_before_a_noun_is_no_clause(sentence) -> None:
    assert analyse(f"Talks\n\n{sentence}") == []


@pytest.mark.parametrize("sentence, content, speaker", [
    ("Protesters continued to call for more information about the shooting.",
     "more information about the shooting", "Protesters"),
    ("The minister appeared to blame the rebels for the attack.", "the rebels for the attack", "minister"),
    ("The minister went on to explain how the cuts left the army weak.", "how the cuts left the army weak",
     "minister"),
])
def test_a_cue_after_continued_to_or_went_on_to_is_its_subjects_report(sentence, content, speaker) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.speaker) == (content, speaker)


def test_continue_to_inside_a_reported_clause_stays_in_it() -> None:
    text = "Talks\n\nThe diplomat said the allies continue to insist on their neutrality in the war."
    assert [s.text for s in analyse(text)] == ["the allies continue to insist on their neutrality in the war"]


def test_plural_agent_nouns_and_a_described_person_are_subjects_of_object_verbs() -> None:
    found = analyse("Talks\n\nTwo speechwriters implored her to bring the plan back.\n\n"
                    "News moderator Ana Roe asked the candidates to discuss their own ideas.")
    assert [(s.speaker, s.text) for s in found] == [
        ("speechwriters", "her to bring the plan back"), ("Ana Roe", "the candidates to discuss their own ideas")]


@pytest.mark.parametrize("sentence, speaker", [
    ("In the end, elected officials from both parties say the senator has forged a reputation.",
     "elected officials from both parties"),
    ("Experts on the region and nuclear weapons said the latest test changed that.",
     "Experts on the region and nuclear weapons"),
    ("Developers and supporters in the assembly say the program brought money.",
     "Developers and supporters in the assembly"),
])
def test_described_groups_with_and_or_a_participle_are_sources(sentence, speaker) -> None:
    found = analyse(f"Talks\n\n{sentence}")
    assert [s.speaker for s in found] == [speaker]


@pytest.mark.parametrize("sentence, content, speaker", [
    ("Warning that the talks could fail, the minister left the capital.", "the talks could fail", "minister"),
    ("Demanding an apology, the protesters marched to the embassy.", "an apology", "protesters"),
    ("Accusing the rebels of shelling the town, the ministry said the truce was over.",
     "the rebels of shelling the town", "Ministry"),
])
def test_a_participle_opening_the_sentence_is_the_main_subjects_report(sentence, content, speaker) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.speaker) == (content, speaker)


@pytest.mark.parametrize("sentence, content, cue", [
    ("The senator is raising questions about the cost of the border wall.", "the cost of the border wall",
     "raising questions about"),
    ("The senator spoke out about the death of the protester.", "the death of the protester", "spoke out about"),
    ("Younger voters have expressed misgivings about the senator.", "misgivings about the senator", "expressed"),
])
def test_a_verb_and_its_particle_or_message_noun_is_one_row_of_data(sentence, content, cue) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.cue) == (content, cue)


def test_a_pronoun_with_a_contracted_is_before_a_participle_is_the_subject() -> None:
    found = analyse("Talks\n\nSenator Ana Roe said the vote was rigged. She's claiming that fraud is a big problem.")
    assert [(s.speaker, s.text) for s in found] == [("Ana Roe", "the vote was rigged"),
                                                    ("Ana Roe", "fraud is a big problem")]


def test_exhort_is_one_row_of_the_cue_table() -> None:
    statement = one(analyse("Talks\n\nThe senator exhorted the voters to stay at home."), "voters")
    assert (statement.cue, statement.text) == ("exhorted", "the voters to stay at home")


@pytest.mark.parametrize("sentence, content, cue", [
    ("The senator is doubling down on his attacks on the envoy.", "his attacks on the envoy", "doubling down on"),
    ("The senator likened the envoy to a schoolboy.", "the envoy to a schoolboy", "likened"),
    ("The minister has gone after the opposition leader.", "the opposition leader", "gone after"),
    ("The minister bemoaned the unrest in the capital.", "the unrest in the capital", "bemoaned"),
])
def test_verbs_of_verbal_attack_are_rows_of_the_cue_table(sentence, content, cue) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.cue) == (content, cue)


@pytest.mark.parametrize("sentence, content, cue", [
    ("The minister noted the rule in an interview last week.", "the rule", "noted"),
    ("The senator admitted using the tax code.", "using the tax code", "admitted"),
])
def test_noted_and_admitted_take_a_noun_phrase(sentence, content, cue) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), content.split()[-1])
    assert (statement.text, statement.cue) == (content, cue)


def test_notes_as_a_noun_is_no_report() -> None:
    assert analyse("Talks\n\nDiplomatic notes were exchanged on Monday. The ministry took note of the reply.") == []


@pytest.mark.parametrize("sentence, content", [
    ("Although the senator has admitted using the tax code, he does not defend it.", "using the tax code"),
    ("If the minister said the talks had failed, nobody noticed.", "the talks had failed"),
    ("The senator courted voters by questioning trade deals, hurting the party's standing.", "trade deals"),
    ("The minister said that if the talks fail, the army will move.", "if the talks fail, the army will move"),
])
def test_a_content_ends_with_the_subordinate_clause_or_object_it_stands_in(sentence, content) -> None:
    assert one(analyse(f"Talks\n\n{sentence}"), content.split()[-1]).text == content


@pytest.mark.parametrize("sentence, quote", [
    ('The minister said, "We will not leave," as the crowd cheered.', "We will not leave,"),
    ('The minister declared "No more war!" outside the ministry.', "No more war!"),
    ("After a long pause \u2015 as was expected \u2015 the minister boasted, \u201cThat makes me smart.\u201d",
     "That makes me smart."),
])
def test_a_quotation_followed_by_an_adjunct_is_a_direct_statement(sentence, quote) -> None:
    statement = one(analyse(f"Talks\n\n{sentence}"), quote[:8])
    assert (statement.kind, statement.text) == ("direct", quote)


# -- issue 10's unseen-article kinds, checked one by one ----------------------------

@pytest.mark.parametrize("adjunct", ["on Monday", "Monday", "late on Monday", "in a statement",
                                     "at a news conference in Brussels"])
def test_a_time_or_venue_adjunct_before_a_clause_without_that_is_not_content(adjunct) -> None:
    statement = one(analyse(f"The foreign minister said {adjunct} the coup in the north was unacceptable."), "coup")
    assert statement.text == "the coup in the north was unacceptable"


@pytest.mark.parametrize("sentence, content", [
    ("The foreign minister said the border talks had made progress amid reports of new troop movements.",
     "the border talks had made progress"),
    ("The foreign minister said the talks had made progress, after the army pulled back from the ridge.",
     "the talks had made progress"),
])
def test_amid_and_a_clause_after_after_are_the_writers(sentence: str, content: str) -> None:
    assert one(analyse(sentence), "talks").text == content


@pytest.mark.parametrize("sentence", ["The foreign ministry protested on Monday.",
                                      "The foreign ministry protested to the neighbour's envoy."])
def test_an_adjunct_where_the_object_should_be_is_no_content(sentence: str) -> None:
    assert analyse(sentence) == []


@pytest.mark.parametrize("sentence, content", [
    ("The foreign ministry condemned on Monday the attack on the convoy.", "the attack on the convoy"),
    ("The foreign ministry condemned in the strongest terms the attack on the convoy.", "the attack on the convoy"),
    ("The foreign ministry condemned Friday's test as provocative.", "Friday's test as provocative"),
    ("The ministry pledged to bolster security ties.", "to bolster security ties"),
])
def test_an_object_after_an_adjunct_is_the_content(sentence: str, content: str) -> None:
    assert one(analyse(sentence), content).text == content


@pytest.mark.parametrize("text, content", [
    ("The foreign ministry protested on Monday. The statement reads that the survey ship broke the law.",
     "the survey ship broke the law"),
    ('"The survey ship broke the law," the statement read.', "The survey ship broke the law,"),
    ('The statement read: "The survey ship broke the law."', "The survey ship broke the law."),
])
def test_a_statement_reads_its_content(text: str, content: str) -> None:
    assert one(analyse(text), "survey").text == content


def test_reading_names_aloud_is_no_report() -> None:
    assert analyse("The ministers read the names of the dead.") == []


@pytest.mark.parametrize("text, speaker", [
    ("The Kremlin said Volkin told the envoy that the West was prolonging the war.", "Aleksandr Volkin"),
    ("The deputy foreign minister was quoted as saying that the troops would stay.", "deputy foreign minister"),
    ("The foreign minister has warned of more sanctions against the neighbour.", "foreign minister"),
    ("The prime minister congratulated the new president on his election victory.", "prime minister"),
])
def test_issue_ten_kinds_that_already_pass(text: str, speaker: str) -> None:
    assert [s.speaker for s in analyse(text, registry=_registry())] == [speaker]


@pytest.mark.parametrize("noun", ["claims", "protests"])
def test_a_cue_word_after_the_is_a_noun_inside_the_content(noun: str) -> None:
    statement = one(analyse(f"The envoy said the {noun} would not stop the talks."), noun)
    assert (statement.text, statement.cue, statement.speaker) == (f"the {noun} would not stop the talks", "said",
                                                                  "envoy")


@pytest.mark.parametrize("headline, content", [
    ("Volkin Holds Talks, Warns Estonia Against Drills", "Estonia Against Drills"),
    ("Volkin Visits Tallinn, Warns Estonia Against Drills", "Estonia Against Drills"),
    ("Volkin Announces New Drills, Says Estonia Must Back Down", "Estonia Must Back Down"),
])
def test_a_title_case_headline_s_second_clause_is_the_named_person_s(headline: str, content: str) -> None:
    found = analyse(f"{headline}\nMOSCOW - The exercises start on Friday.", registry=_registry())
    statement = one(found, content)
    assert (statement.text, statement.speaker) == (content, "Aleksandr Volkin")


def test_a_subject_pronoun_after_a_time_adjunct_opens_the_content() -> None:
    statement = one(analyse("The foreign ministry said on Friday it firmly opposed the move."), "opposed")
    assert statement.text == "it firmly opposed the move"


@pytest.mark.parametrize("sentence, content, speaker", [
    ("The ministry said the minister had warned his counterpart that the ships must leave.",
     "the ships must leave", "minister"),
    ("The Kremlin said the president told the French leader that the talks were stalling.",
     "the talks were stalling", "president"),
])
def test_a_title_reported_by_an_institution_speaks_its_own_report(sentence, content, speaker) -> None:
    found = analyse(sentence)
    assert [(s.text, s.speaker) for s in found] == [(content, speaker)]


@pytest.mark.parametrize("sentence", ["The minister warned his counterpart that the ships must leave.",
                                      "The minister warned the envoy that the ships must leave."])
def test_an_addressee_before_that_is_not_content(sentence: str) -> None:
    assert one(analyse(sentence), "ships").text == "the ships must leave"


@pytest.mark.parametrize("sentence, cue", [
    ("The governor called Friday for reopening the harbour road.", "called Friday for"),
    ("The governor called on Friday for reopening the harbour road.", "called on Friday for"),
])
def test_a_particle_verb_reads_across_a_time_adjunct(sentence: str, cue: str) -> None:
    statement = one(analyse(sentence), "road")
    assert (statement.text, statement.cue, statement.speaker) == ("reopening the harbour road", cue, "governor")


@pytest.mark.parametrize("subject, speaker", [("Several teachers", "teachers"),
                                              ("A group of teachers", "group of teachers")])
def test_a_participle_report_after_a_plain_plural_subject_is_theirs(subject: str, speaker: str) -> None:
    found = analyse(f"{subject} sent a petition to the school board, calling for the director's removal.")
    assert [(s.text, s.speaker) for s in found] == [("the director's removal", speaker)]


def test_a_participle_after_a_clause_with_no_source_is_no_report() -> None:
    assert analyse("The storm hit the coast on Monday, prompting calls for an evacuation.") == []


def test_an_object_content_ends_before_an_after_clause_without_a_comma() -> None:
    found = analyse("The agency urged port operators to tighten their checks after smugglers breached two terminals.")
    assert [s.text for s in found] == ["port operators to tighten their checks"]


def test_a_that_clause_keeps_its_after_clause() -> None:
    statement = one(analyse("The envoy said that the army withdrew after the ceasefire took effect."), "withdrew")
    assert statement.text == "the army withdrew after the ceasefire took effect"


@pytest.mark.parametrize("sentence, reported", [
    ("The minister blasted the broadcaster for being biased.", True),
    ("The minister blasted the broadcaster for its coverage of the vote.", True),
    ("The artillery blasted the town for hours.", False),
])
def test_blasted_reports_only_with_a_reproach_after_for(sentence: str, reported: bool) -> None:
    found = analyse(sentence)
    assert [s.text.startswith("the broadcaster for ") for s in found] == ([True] if reported else [])


def test_a_subject_pronoun_after_an_opening_adjunct_speaks() -> None:
    found = analyse("Marta Ilves toured the farms all week. In a meeting with growers she blasted "
                    "the broadcaster for being biased.", registry=_registry())
    assert [(s.text, s.speaker) for s in found] == [("the broadcaster for being biased", "Marta Ilves")]


@pytest.mark.parametrize("sentence, content", [
    ("After saying the talks had failed, the minister left the room.", "the talks had failed"),
    ("By announcing that the deal was dead, the minister ended the talks.", "the deal was dead"),
])
def test_a_gerund_report_after_a_preposition_is_the_main_subject_s(sentence: str, content: str) -> None:
    found = analyse(sentence)
    assert [(s.text, s.speaker) for s in found] == [(content, "minister")]


def test_a_gerund_with_no_content_of_its_own_is_no_report() -> None:
    assert analyse("In saying so, the minister erred.") == []


@pytest.mark.parametrize("sentence, content", [
    ("The minister accused the trader, who lives in the capital, of hoarding grain.",
     "the trader, who lives in the capital, of hoarding grain"),
    ("The council condemned the border raid as the rebels shelled two villages near the river.",
     "the border raid"),
    ('The mayor called the plan a "fiasco" Tuesday at a town meeting.', 'the plan a "fiasco"'),
    ("The senator offered some frank advice to the players on Monday in the coming matches.",
     "some frank advice to the players"),
    ("The ministry condemned the move as the politically motivated act of a desperate regime.",
     "the move as the politically motivated act of a desperate regime"),
    ("The envoy urged both sides to show restraint as fighting flared along the border.",
     "both sides to show restraint"),
    ("The minister called for calm as protesters gathered outside parliament.", "calm"),
    ("The ministry denounced the sanctions as measures aimed at the economy.",
     "the sanctions as measures aimed at the economy"),
])
def test_where_an_object_content_ends(sentence: str, content: str) -> None:
    assert [s.text for s in analyse(sentence)] == [content]


def test_a_paragraph_opening_with_a_misprinted_closing_mark_opens_a_quotation() -> None:
    text = "The debate was heated.\n\u201dWe will not give up the port,\u201d the mayor said."
    statement = one(analyse(text), "port")
    assert (statement.kind, statement.text) == ("direct", "We will not give up the port,")


@pytest.mark.parametrize("sentence, speaker", [
    ("The officials both said that the talks had failed.", "officials"),
    ("Senators Jane Roe (D-Ore.) and Ann Poe (D-N.J.) all said that the new rules were unfair.", "Ann Poe"),
])
def test_a_floating_quantifier_between_subject_and_verb_is_skipped(sentence: str, speaker: str) -> None:
    found = analyse(sentence)
    assert len(found) == 1 and found[0].speaker == speaker and found[0].text.startswith("the ")


def test_a_court_ruling_that_is_a_report_and_ruling_party_no_cue() -> None:
    statement = one(analyse("The high court ruled that the city's parking fees were unlawful."), "unlawful")
    assert (statement.text, statement.cue) == ("the city's parking fees were unlawful", "ruled")
    assert all(s.cue != "ruling" for s in analyse("The ruling party said the vote was fair."))


def test_a_message_noun_from_a_source_that_is_the_source_s() -> None:
    found = analyse("The vote went ahead despite a statement from the ministry that it would be void.")
    assert [(s.text, s.speaker, s.cue) for s in found] == [("it would be void", "Ministry", "statement")]


def test_an_opening_gerund_report_may_end_with_a_quotation_closed_by_a_comma() -> None:
    found = analyse('After saying the army was "ready for anything," the minister left the room.')
    assert [(s.text, s.kind, s.speaker) for s in found] == [('the army was "ready for anything,"', "mixed",
                                                             "minister")]


def test_took_to_a_platform_hands_its_subject_to_the_infinitive_cue() -> None:
    found = analyse("The senator took to the radio on Sunday to accuse the governor of lying.")
    assert [(s.text, s.speaker) for s in found] == [("the governor of lying", "senator")]


def test_a_but_clause_after_a_quotation_closed_with_a_comma_is_the_writer_s() -> None:
    found = analyse('The mayor is promising cleaner streets and "parks, parks, parks," but she has also raised '
                    "the fees.")
    assert [s.text for s in found] == ['cleaner streets and "parks, parks, parks,"']


def test_an_object_content_ends_before_in_the_days_since() -> None:
    found = analyse("The governor voiced a broadly upbeat message in the days since the flood waters fell.")
    assert [s.text for s in found] == ["a broadly upbeat message"]


@pytest.mark.parametrize("sentence, content", [
    ("The envoy said the plan would fail - a claim that angered the hosts.", "the plan would fail"),
    ('The minister dismissed the island as being in the "shadow of the mainland" \u2014 a phrase that its '
     "people resent.", 'the island as being in the "shadow of the mainland"'),
    ("The envoy said the offer - a sign of goodwill - was welcome.", "the offer - a sign of goodwill - was welcome"),
])
def test_a_dash_before_the_writer_s_label_ends_the_content(sentence: str, content: str) -> None:
    assert [s.text for s in analyse(sentence)] == [content]


def test_a_noun_like_cue_form_before_a_noun_phrase_in_a_headline_is_a_verb() -> None:
    found = analyse("Volkin questions the neutrality of the judges ahead of vote\nMOSCOW - The vote is on Friday.",
                    registry=_registry())
    assert [(s.text, s.speaker) for s in found] == [("the neutrality of the judges", "Aleksandr Volkin")]


def test_rules_against_is_a_report_by_one_particle_in_the_row() -> None:
    found = analyse("The appeals court ruled against the city's ban on street markets on Friday.")
    assert [(s.text, s.cue) for s in found] == [("the city's ban on street markets", "ruled against")]


@pytest.mark.parametrize("source, speaker", [
    ("one ministry source", "ministry source"),
    ("one ministry source in the hall", "ministry source"),
    ("a senior official familiar with the talks", "official"),
    ("a source close to the delegation", "source"),
])
def test_a_plain_source_after_a_postposed_say_verb(source: str, speaker: str) -> None:
    found = analyse(f"The talks went badly after lunch, said {source}.")
    assert [(s.text, s.speaker) for s in found] == [("The talks went badly after lunch", speaker)]


@pytest.mark.parametrize("source, speaker", [
    ("a new poll", None),
    ("a survey by the Tern Institute", "Tern Institute"),
    ("a study by the Harbour Board", "Harbour Board"),
])
def test_a_poll_survey_or_study_is_a_document_an_according_to_report_cites(source: str, speaker: str | None) -> None:
    found = analyse(f"Ferry traffic on the river doubled last year, according to {source}.")
    assert [(s.text, s.cue, s.speaker) for s in found] == [
        ("Ferry traffic on the river doubled last year", "according to", speaker)]


@pytest.mark.parametrize("tail", [
    ", quietly ending a decade of disputes with the council",
    ", further angering the dockers",
])
def test_a_trailing_participle_clause_is_the_writer_s_not_the_content(tail: str) -> None:
    found = analyse(f"Mayor Ana Velder told residents that the \"old\" harbour would reopen in spring{tail}.")
    assert [s.text for s in found] == ['the "old" harbour would reopen in spring']


def test_a_trailing_including_clause_stays_in_the_content() -> None:
    found = analyse("Mayor Ana Velder said the council had closed three docks, including the oldest one.")
    assert [s.text for s in found] == ["the council had closed three docks, including the oldest one"]


def test_a_figure_in_percent_before_a_postposed_cue_stays_in_the_content() -> None:
    found = analyse("Harbour fees rose 5 percent, the port authority said.")
    assert [s.text for s in found] == ["Harbour fees rose 5 percent"]


@pytest.mark.parametrize("opening", ["Yet, as", "However, as", "As"])
def test_an_as_clause_after_a_connective_and_a_comma_opens_the_content_after_it(opening: str) -> None:
    found = analyse(f"{opening} Mayor Ana Velder observed, by the end of winter the cranes had stopped working.")
    assert [(s.text, s.speaker, s.cue) for s in found] == [
        ("by the end of winter the cranes had stopped working", "Ana Velder", "observed")]


def test_an_as_clause_after_the_content_stays_postposed() -> None:
    found = analyse("The harbour was full of rust, as Mayor Ana Velder observed.")
    assert [(s.text, s.speaker) for s in found] == [("The harbour was full of rust", "Ana Velder")]


@pytest.mark.parametrize("source", ["federal data", "official figures"])
def test_data_and_figures_are_documents_an_according_to_report_cites(source: str) -> None:
    found = analyse(f"According to {source}, the harbour lost money for a third year.")
    assert [(s.text, s.speaker) for s in found] == [("the harbour lost money for a third year", None)]


@pytest.mark.parametrize("attribution", [
    "Mayor Ana Velder said drily",
    "Mayor Ana Velder told a crowd of dockers",
    "Mayor Ana Velder said on the quay a week later, and the dockers cheered",
])
def test_a_verbless_tail_after_a_cue_that_follows_a_quotation_is_no_content(attribution: str) -> None:
    found = analyse(f'"We will never sell the harbour," {attribution}.')
    assert [(s.text, s.speaker) for s in found] == [("We will never sell the harbour,", "Ana Velder")]


def test_a_clause_told_after_a_quotation_is_a_second_statement() -> None:
    found = analyse('"We will never sell the harbour," Mayor Ana Velder told reporters the council would vote again.')
    assert [s.text for s in found] == ["We will never sell the harbour,", "the council would vote again"]


@pytest.mark.parametrize("sentence, content", [
    ("The harbour will be sold, the port board said, a move the dockers fear.", "The harbour will be sold"),
    ("Over the course of her two terms at the helm of the port, Mayor Ana Velder said, the harbour doubled its "
     "traffic.", "the harbour doubled its traffic"),
    ("If the talks fail, Mayor Ana Velder said, the dockers will strike.", "the dockers will strike"),
    ("The harbour, Mayor Ana Velder said, would be rebuilt.", "would be rebuilt"),
])
def test_an_inserted_attribution_takes_the_clause_before_it_unless_the_words_resume(sentence: str,
                                                                                     content: str) -> None:
    assert [s.text for s in analyse(sentence)] == [content]


@pytest.mark.parametrize("verb, cue", [
    ("spoke out on Tuesday about", "spoke out on Tuesday about"),
    ("spoke warmly of", "spoke warmly of"),
    ("called on Monday for", "called on Monday for"),
    ("bragged about", "bragged about"),
])
def test_a_particle_verb_across_a_time_adjunct_or_an_adverb(verb: str, cue: str) -> None:
    found = analyse(f"Mayor Ana Velder {verb} the closure of the old harbour.")
    assert [(s.text, s.cue, s.speaker) for s in found] == [("the closure of the old harbour", cue, "Ana Velder")]


def test_a_particle_verb_with_only_a_place_after_it_reports_nothing() -> None:
    assert analyse("Mayor Ana Velder spoke on Tuesday at the harbour.") == []


@pytest.mark.parametrize("source, speaker", [
    ("the National Bureau of Lighthouses", "National Bureau of Lighthouses"),
    ("the festival organiser Quay Friends United (QFU)", "festival organiser Quay Friends United"),
])
def test_an_unregistered_institution_after_according_to_is_the_source(source: str, speaker: str) -> None:
    found = analyse(f"The harbour holds a quarter of the fleet, according to {source}.")
    assert [(s.text, s.speaker) for s in found] == [("The harbour holds a quarter of the fleet", speaker)]


@pytest.mark.parametrize("sentence, content", [
    ("The WHO said on Tuesday that the outbreak had reached two more provinces.",
     "the outbreak had reached two more provinces"),
    ("GENEVA - The WHO warned that clinics in the north were running out of vaccines.",
     "clinics in the north were running out of vaccines"),
])
def test_an_acronym_in_capitals_is_a_name_not_a_relative_pronoun(sentence: str, content: str) -> None:
    found = analyse(sentence)
    assert [(s.text, s.speaker) for s in found] == [(content, "World Health Organization")]


def test_who_in_lower_case_still_opens_a_relative_clause() -> None:
    found = analyse("The spokesman who said the port was closed has resigned, the council said.")
    assert "World Health Organization" not in {s.speaker for s in found}


@pytest.mark.parametrize("sentence, content", [
    ("Member states said the harbour fund must be cut.", "the harbour fund must be cut"),
    ("The council said member states were divided over the harbour fund.",
     "member states were divided over the harbour fund"),
])
def test_a_plural_noun_with_a_verb_of_its_own_after_it_is_no_cue(sentence: str, content: str) -> None:
    found = analyse(sentence)
    assert [(s.text, s.cue) for s in found] == [(content, "said")]


def test_states_before_a_clause_is_still_a_cue() -> None:
    found = analyse("The mayor states that the docks belong to the city.")
    assert [(s.text, s.cue) for s in found] == [("the docks belong to the city", "states")]


@pytest.mark.parametrize("sentence, speaker_word, content", [
    ("Officials who attended the harbour meeting said the ferry would run again in May.", "officials",
     "the ferry would run again"),
    ("Two engineers familiar with the bridge repairs said the work was behind schedule.", "engineers",
     "the work was behind schedule"),
    ("Fishermen who spoke to the council told reporters the quota was too low.", "fishermen",
     "the quota was too low"),
    ("All the engineers we spoke to said the crane was unsafe.", "engineers", "the crane was unsafe"),
    ("The inspectors I met said the ferry was overloaded.", "inspectors", "the ferry was overloaded"),
])
def test_a_source_before_a_restrictive_modifier_is_the_speaker(sentence: str, speaker_word: str,
                                                               content: str) -> None:
    found = analyse(sentence)
    statement = one(found, content)
    assert statement.speaker is not None and statement.speaker.lower() == speaker_word


def test_a_relative_clause_whose_own_verb_reports_keeps_its_subject() -> None:
    assert analyse("Dockers who said the cranes were unsafe were dismissed on Monday.") == []


@pytest.mark.parametrize("sentence, content, speaker", [
    ("A statement issued by the Harbour Authority said the pier would stay closed.", "the pier would stay closed",
     "Harbour Authority"),
    ("A report from the ports ministry on Friday said the dredging had stopped.", "the dredging had stopped",
     "Ports Ministry"),
])
def test_the_author_named_after_a_document_subject_speaks(sentence: str, content: str, speaker: str) -> None:
    found = analyse(sentence)
    assert [(s.text, s.speaker) for s in found] == [(content, speaker)]


@pytest.mark.parametrize("source, speaker", [
    ("an audit by the ports ministry", "Ports Ministry"),
    ("a recent Quayside Polling survey of dockers", "Quayside Polling"),
    ("a recent survey of dockers", None),
])
def test_a_document_with_modifiers_after_according_to_is_read(source: str, speaker: str | None) -> None:
    found = analyse(f"Half of the cranes stand idle, according to {source}.")
    assert [(s.text, s.speaker) for s in found] == [("Half of the cranes stand idle", speaker)]


@pytest.mark.parametrize("sentence", [
    "The mayor told reporters after the inspection.",
    "The mayor said in a phone interview.",
    "The mayor spoke at the quay on Monday.",
])
def test_an_adjunct_after_a_say_or_tell_cue_is_no_content(sentence: str) -> None:
    assert analyse(sentence) == []


def test_a_relative_that_on_an_adjunct_does_not_open_the_content() -> None:
    found = analyse("The mayor told reporters after the vote that was taken at noon that the quay would reopen.")
    assert [s.text for s in found] == ["the quay would reopen"]


@pytest.mark.parametrize("text", [
    "Ferries may dock at night. But state rules require a pilot on board.",
    "It goes without saying that the quay needs more money.",
    "Maybe wait a week, and ask whether the quay needs more money.",
])
def test_a_coordinated_cue_with_no_speaking_subject_makes_no_statement(text: str) -> None:
    assert analyse(text) == []


def test_a_coordinated_cue_still_shares_the_subject_of_its_clause() -> None:
    found = analyse("The harbour council met on Monday and demanded a new survey of the quay.")
    assert [s.text for s in found] == ["a new survey of the quay"]


def test_joined_sources_before_a_place_adjunct_speak_together() -> None:
    found = analyse("Dockers and pilots in Ruritania say the new quay will need dredging.")
    assert [(s.text, s.speaker) for s in found] == [("the new quay will need dredging", "Dockers and pilots")]


@pytest.mark.parametrize("sentence, speaker_word", [
    ("The newspaper relied on the harbour police which said 300 boats had been stolen.", "police"),
    ("The newspaper relied on the coast guard which reported that 300 boats had been stolen.", "guard"),
])
def test_an_institution_before_which_is_the_speaker(sentence: str, speaker_word: str) -> None:
    statement = one(analyse(sentence), "300 boats had been stolen")
    assert statement.speaker is not None and statement.speaker.lower() == speaker_word


def test_a_document_before_a_restrictive_which_does_not_speak() -> None:
    found = analyse("The mayor read out the reports which said 300 boats had been stolen.")
    assert all(s.speaker != "reports" for s in found)


def test_a_document_with_its_author_before_a_relative_that_speaks_for_the_author() -> None:
    found = analyse("The council published a note from the ports ministry on Friday that says the channel is safe.")
    assert [(s.text, s.speaker) for s in found] == [("the channel is safe", "Ports Ministry")]


@pytest.mark.parametrize("sentence, content, cue", [
    ("The mayor joked that the ferry was older than the harbour.", "the ferry was older than the harbour", "joked"),
    ("The mayor speculated that the ferry would be sold.", "the ferry would be sold", "speculated"),
    ("The opposition charged that the ferry contract was rigged.", "the ferry contract was rigged", "charged"),
])
def test_reporting_verbs_added_as_rows_are_read(sentence: str, content: str, cue: str) -> None:
    assert [(s.text, s.cue) for s in analyse(sentence)] == [(content, cue)]


@pytest.mark.parametrize("sentence", [
    "The mayor was charged with fraud last year.",
    "The ferry company charged passengers twice for the crossing.",
    "Critics joked about the ferry for years.",
])
def test_a_strict_reporting_verb_without_a_clause_is_no_report(sentence: str) -> None:
    assert analyse(sentence) == []
