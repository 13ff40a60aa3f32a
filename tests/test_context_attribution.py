"""Speakers resolved from the article's context: its headline's subject country and what it named before.

Every text is constructed, with fictional speakers.
"""
import stance


def _speakers(text):
    return [(s.speaker, s.affiliation) for s in stance.analyze(text, label=False)]


def test_a_government_title_without_a_country_is_of_the_headline_subject():
    text = ("Norway protests fishing incident\n\n"
            "Foreign Secretary Talvi Orrenkamp said on Monday that the trawler had entered the zone illegally.")
    assert _speakers(text)[-1] == ("Talvi Orrenkamp", "NOR")


def test_a_demonym_opening_the_headline_gives_no_subject():
    text = ("Norwegian envoy summoned over fishing incident\n\n"
            "Foreign Secretary Talvi Orrenkamp said on Monday that the trawler had entered the zone illegally.")
    assert _speakers(text)[-1] == ("Talvi Orrenkamp", None)


def test_a_title_that_is_no_government_office_takes_no_subject_country():
    text = ("Norway protests fishing incident\n\n"
            "Harbour master Talvi Orrenkamp said on Monday that the trawler had entered the zone illegally.")
    assert _speakers(text)[-1][1] is None


def test_a_generic_alias_takes_the_country_of_the_same_institution_named_before():
    text = ("Talks on the fishing zone stall\n\n"
            "Norway's Foreign Office spokesperson Talvi Orrenkamp said on Monday that the talks had stalled.\n\n"
            "The Foreign Office said on Tuesday that the trawler had entered the zone illegally.")
    speaker, affiliation = _speakers(text)[-1]
    assert affiliation == "NOR" and "Foreign" in speaker


def test_a_generic_alias_with_no_such_institution_named_before_keeps_its_registry_row():
    text = ("Talks on the fishing zone stall\n\n"
            "The Foreign Office said on Tuesday that the trawler had entered the zone illegally.")
    assert _speakers(text) == [("British Foreign Office", "GBR")]


def test_the_ministry_without_a_country_is_of_the_headline_subject():
    text = ("Norway protests fishing incident\n\n"
            "The ministry said on Tuesday that the trawler had entered the zone illegally.")
    assert _speakers(text)[-1][1] == "NOR"


def test_a_description_owned_by_a_named_person_is_of_that_persons_country():
    text = ("Talks on the fishing zone stall\n\n"
            "Norwegian Prime Minister Talvi Orrenkamp said on Monday that the talks had stalled.\n\n"
            "The trawler had entered the zone illegally, Orrenkamp's national security adviser said on Tuesday.")
    assert _speakers(text)[-1] == ("Norwegian national security adviser", "NOR")


def test_a_description_owned_by_a_pronoun_is_of_its_referents_country():
    text = ("Talks on the fishing zone stall\n\n"
            "Norwegian Prime Minister Talvi Orrenkamp said on Monday that the talks had stalled, "
            "while his government's fisheries secretary said the trawler had entered the zone illegally.")
    assert _speakers(text)[-1][1] == "NOR"


def test_a_government_title_takes_the_country_of_the_institution_it_names():
    text = ("Norwegian envoy summoned over fishing incident\n\n"
            "Norway's Foreign Ministry spokesperson Berit Lunde said on Monday that the envoy had been summoned.\n\n"
            "Foreign Secretary Talvi Orrenkamp said on Tuesday that the trawler had entered the zone illegally.")
    assert _speakers(text)[-1] == ("Talvi Orrenkamp", "NOR")


def test_a_name_after_a_possessive_pronoun_is_of_its_referents_country():
    text = ("Envoy summoned over fishing incident\n\n"
            "The Norwegian Embassy said on Monday that its Deputy Chief of Mission Talvi Orrenkamp had met the "
            "minister.\n\nOrrenkamp said on Tuesday that the trawler had entered the zone by mistake.")
    assert _speakers(text)[-1] == ("Talvi Orrenkamp", "NOR")


def test_the_statement_is_by_the_institution_named_since_the_last_speaker_never_by_a_relaying_medium():
    text = ("Talks on the fishing zone stall\n\n"
            "The Danish Foreign Ministry said on Monday that the talks would resume.\n\n"
            "Berit Lunde said on Tuesday that the talks had stalled, the state-run Radio Norway reported.\n\n"
            "The Norwegian Foreign Ministry issued a statement on Wednesday.\n\n"
            "The trawler had entered the zone illegally, the statement said.")
    speaker, affiliation = _speakers(text)[-1]
    assert affiliation == "NOR" and "Radio" not in speaker


def test_the_statement_is_by_the_institution_that_last_spoke_when_none_is_named_since():
    text = ("Talks on the fishing zone stall\n\n"
            "The Danish Foreign Ministry said on Monday that the talks would resume.\n\n"
            "The trawler had entered the zone illegally, the statement said.")
    assert _speakers(text)[-1][1] == "DNK"
