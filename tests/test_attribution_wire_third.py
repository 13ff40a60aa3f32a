"""Twenty more constructed wire articles, with speaker kinds the earlier sets lack: a spokesman named only in
the headline, ``the statement reads``/``it said`` after a government, nested and relayed reports, defence
ministries, armed forces, central banks, regional officials, opposition parties, rebels, the member states of a
bloc, a hyphenated pair that is no speaker.

Every person is fictional (one registry row where the registry must know them); the institutions are real. On
the code before these fixes, 11 of the 20 were right.
"""
import pytest

import stance
from stance.registry import RegistryEntry, SpeakerRegistry

REGISTRY = SpeakerRegistry.default().with_entries([RegistryEntry("Anselm Varga", "person", "HUN", aliases=("Varga",))])
CASES = [
    ("Ministry spokesman Arvo Kask: talks are over\nTALLINN - The spokesman said on Tuesday that the talks had "
     "ended.", [("Arvo Kask", "EST", "the talks had ended")]),
    ("CAIRO - Egypt condemned the raid on Monday. The statement reads that the raid violated international law.",
     [("Egyptian government", "EGY", "the raid"),
      ("Egyptian government", "EGY", "the raid violated international law")]),
    ("BRASILIA - The Brazilian government said on Friday that it would send aid. It said the first flight was "
     "ready.", [("Brazilian government", "BRA", "it would send aid"),
                ("Brazilian government", "BRA", "the first flight was ready")]),
    ("LIMA - Peru's foreign ministry issued a statement on Monday. It said the ambassador had been recalled.",
     [("Peruvian Foreign Ministry", "PER", "the ambassador had been recalled")]),
    ("BUDAPEST - The government said President Anselm Varga told his counterpart that the pipeline must stay "
     "open.", [("Anselm Varga", "HUN", "the pipeline must stay open")]),
    ("AFP reports China has lodged a complaint over the sale.",
     [("Chinese government", "CHN", "a complaint over the sale")]),
    ("SEOUL - KCNA said leader Pak Yong Chol said the drills were a provocation.",
     [("Pak Yong Chol", "PRK", "the drills were a provocation")]),
    ("Xinhua reported that the Chinese foreign ministry said the visit was a provocation.",
     [("Chinese Foreign Ministry", "CHN", "the visit was a provocation")]),
    ("TOKYO - Japan's defence ministry said on Monday that two warships had entered its waters.",
     [("Japanese Ministry of Defense", "JPN", "two warships had entered its waters")]),
    ("KYIV - The army said on Monday that it had repelled the attack.",
     [("Ukrainian military", "UKR", "it had repelled the attack")]),
    ("KYIV - The governor of Kharkiv region said on Monday that two people had been hurt.",
     [("governor of Kharkiv region", None, "two people had been hurt")]),
    ("KYIV - Kharkiv regional governor Oleh Vasylenko said on Monday that the shelling had stopped. The governor "
     "said the roads were closed.", [("Oleh Vasylenko", None, "the shelling had stopped"),
                                     ("Oleh Vasylenko", None, "the roads were closed")]),
    ("MINSK - The opposition party said on Monday that the vote had been rigged.",
     [("Belarusian opposition party", "BLR", "the vote had been rigged")]),
    ("CARACAS - The opposition said on Sunday that the election had been stolen.",
     [("Venezuelan opposition", "VEN", "the election had been stolen")]),
    ("The Smith-Jones talks ended on Monday. Officials said the talks had failed.",
     [("officials", None, "the talks had failed")]),
    ("The Armed Forces of the Philippines said on Monday that a vessel had rammed a supply boat.",
     [("Armed Forces of the Philippines", "PHL", "a vessel had rammed a supply boat")]),
    ("The Reserve Bank of India said on Friday that it would cut rates.",
     [("Reserve Bank of India", "IND", "it would cut rates")]),
    ("The M23 rebels said on Monday that they had withdrawn from the town.",
     [("M23", "COD", "they had withdrawn from the town")]),
    ("ANKARA - The Ministry of Justice said on Monday that the suspects would be extradited.",
     [("Turkish Justice Ministry", "TUR", "the suspects would be extradited")]),
    ("BRUSSELS - The summit ended on Friday. EU member states said the sanctions would be extended.",
     [("EU member states", "EU", "the sanctions would be extended")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[f"case{number}" for number in range(len(CASES))])
def test_the_speakers_and_words_of_a_constructed_wire_article(text, expected):
    article = stance.Article(id="w", text=text, date="2025-06-01")
    found = [(s.speaker, s.affiliation, s.text) for s in stance.analyze(article, registry=REGISTRY, label=False)]
    assert found == expected
