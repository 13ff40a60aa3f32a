"""Registry rows for spokespeople, UN officials and regional organisations, resolved through the real pipeline.

Each sentence is constructed; the test checks that ``stance.analyze`` finds one
statement whose speaker is the canonical registry name with its affiliation,
so a row that is malformed, shadowed by another row or unreachable by the
mention parser fails here.
"""
import pytest

import stance

CASES = [
    ("ECOWAS said on Monday that the coup leaders must release the president at once.", "ECOWAS", "ECOWAS"),
    ("The AU said on Tuesday that it was deeply concerned about the fighting in the east.",
     "African Union", "AU"),
    ("The GCC said on Sunday that it rejected the decision of the council.", "Gulf Cooperation Council", "GCC"),
    ("The Chinese foreign ministry spokesperson Mao Ning said on Monday that Beijing opposed the sanctions.",
     "Mao Ning", "CHN"),
    ("Turkish foreign ministry spokesman Oncu Keceli said on Friday that Ankara wanted a ceasefire.",
     "Öncü Keçeli", "TUR"),
    ("Tedros told reporters on Monday that the hospitals in the city were overwhelmed.",
     "Tedros Adhanom Ghebreyesus", "UN"),
    ("The UN envoy Hans Grundberg said on Wednesday that both sides had agreed to a prisoner exchange.",
     "Hans Grundberg", "UN"),
    ("Moussa Faki said on Thursday that the junta must hand power back to civilians.", "Moussa Faki Mahamat", "AU"),
    ("Aboul Gheit said on Saturday that the attack was a violation of international law.",
     "Ahmed Aboul Gheit", "LAS"),
    ("The DFA said on Monday that it would file a diplomatic protest over the incident.",
     "Philippine Foreign Ministry", "PHL"),
    ("Pakistan's FO said on Friday that the remarks were baseless and irresponsible.",
     "Pakistani Foreign Ministry", "PAK"),
    ("Indonesian foreign ministry spokesman Rolliansyah Soemirat said on Monday that Jakarta would send aid.",
     "Rolliansyah Soemirat", "IDN"),
]


@pytest.mark.parametrize("text, speaker, affiliation", CASES, ids=[case[1] for case in CASES])
def test_new_registry_rows_resolve_in_a_sentence(text, speaker, affiliation):
    statements = stance.analyze(text, label=False)
    assert [(s.speaker, s.affiliation) for s in statements] == [(speaker, affiliation)]


def test_a_surname_resolves_to_the_spokesperson_named_earlier():
    text = ("Turkish foreign ministry spokesman Oncu Keceli said on Friday that Ankara wanted a ceasefire. "
            "Keceli added that talks would resume next week in Istanbul.")
    statements = stance.analyze(text, label=False)
    assert [(s.speaker, s.affiliation) for s in statements] == [("Öncü Keçeli", "TUR")] * 2
