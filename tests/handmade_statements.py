"""A small hand-made statement table (constructed; fictional speakers and states) with known answers.

Norvania (NRV) and Ostria (OST) are fictional states. Minister Aldren
(NRV) moves from criticism in May 2024 to accusations and a warning in June
and to conciliation in July; the Ostrian Foreign Ministry answers. One article
is undated, one has a date inferred from its text, one statement has no
speaker. The answers the tests expect are worked out by hand in the tests.
"""
import pandas as pd

ALDREN = "Minister Aldren"
OSTRIA_FM = "Ostrian Foreign Ministry"
VELL = "Spokesperson Vell"

_ARTICLES = {
    "a1": ("2024-05-03", False, "Norvania criticises Ostrian border checks"),
    "a2": ("2024-05-20", False, "Aldren defends trade rules"),
    "a3": ("2024-06-10", False, "Norvania accuses Ostria over border incident"),
    "a4": ("2024-07-15", False, "Ministers agree to talks"),
    "a5": (None, False, "Undated wire item"),
    "a6": ("2024-06-12", True, "Vell warns of response"),
}

# article, speaker, speaker_type, affiliation, target, stance, escalation, act, escalation_proba, text
_ROWS = [
    ("a1", ALDREN, "person", "NRV", "OST", "hostile", 2, "criticize", None,
     "the new checks were an unwelcome burden on Norvanian hauliers"),
    ("a1", ALDREN, "person", "NRV", "OST", "hostile", 2, "criticize", None,
     "Ostria had ignored repeated complaints"),
    ("a2", ALDREN, "person", "NRV", "OST", "defensive", 2, "justify", None,
     "our rules protect our farmers and break no treaty"),
    ("a3", ALDREN, "person", "NRV", "OST", "hostile", 3, "accuse", None,
     "Ostrian guards fired on a Norvanian patrol"),
    ("a3", ALDREN, "person", "NRV", "OST", "hostile", 3, "accuse", None,
     "Ostria bears full responsibility for the incident"),
    ("a3", ALDREN, "person", "NRV", "OST", "hostile", 4, "warn", None,
     "any repetition will have consequences"),
    ("a3", OSTRIA_FM, "organization", "OST", "NRV", "defensive", 2, "deny", {2: 0.5, 3: 0.5},
     "its guards acted lawfully on Ostrian soil"),
    ("a4", ALDREN, "person", "NRV", "OST", "conciliatory", 0, "propose", None,
     "we are ready to sit down with Ostria next week"),
    ("a4", ALDREN, "person", "NRV", None, "neutral", 1, "report", None,
     "the border crossing reopened on Monday"),
    ("a4", OSTRIA_FM, "organization", "OST", "NRV", "conciliatory", 0, "appeal", {0: 0.6, 1: 0.4},
     "both sides should show restraint"),
    ("a5", VELL, "person", "NRV", "OST", "hostile", 5, "threaten", None,
     "Norvania will strike the launch sites if the shelling goes on"),
    ("a5", None, None, None, None, "neutral", 1, "report", None,
     "traffic at the crossing was light"),
    ("a6", VELL, "person", "NRV", "OST", "hostile", 4, "warn", None,
     "Ostria should expect a firm response"),
]


def statement_table() -> pd.DataFrame:
    """The hand-made table in the shape of ``stance.pipeline.statements_frame``."""
    rows, offsets = [], {}
    for article, speaker, kind, affiliation, target, stance, level, act, proba, text in _ROWS:
        date, inferred, title = _ARTICLES[article]
        start = offsets.get(article, 0)
        offsets[article] = start + len(text) + 10
        rows.append({
            "article_id": article, "date": date, "date_inferred": inferred, "title": title,
            "source": "Constructed Wire", "start": start, "end": start + len(text), "text": text,
            "kind": "indirect", "cue": "said", "speaker": speaker, "speaker_type": kind,
            "affiliation": affiliation, "target": target, "stance": stance, "escalation": level, "act": act,
            "stance_proba": None, "escalation_proba": proba, "evidence": [],
        })
    return pd.DataFrame(rows)
