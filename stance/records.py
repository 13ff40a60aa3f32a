"""The records that flow through the pipeline: articles in, statements out.

Both are small frozen dataclasses. Every span is a pair of character offsets
into ``Article.text`` (end exclusive), so ``article.text[s.start:s.end] ==
s.text`` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping

KINDS = ("direct", "mixed", "indirect")
SPEAKER_TYPES = ("person", "organization", "group")
STANCES = ("hostile", "defensive", "neutral", "supportive", "conciliatory")
ESCALATION_LEVELS = (0, 1, 2, 3, 4, 5)
ESCALATION_NAMES = {
    0: "de-escalatory",
    1: "neutral",
    2: "critical",
    3: "accusatory",
    4: "threatening",
    5: "threat of force",
}
ACTS = (
    "report", "support", "appeal", "propose", "reassure", "regret", "condole",
    "criticize", "deny", "reject", "justify", "accuse", "condemn", "demand",
    "protest", "warn", "threaten",
)


@dataclass(frozen=True)
class Article:
    """One news article as read from a file.

    ``text`` is the article text that all statement offsets index; for a
    ``.txt`` file it is the file without its leading ``Key: value`` lines.
    ``date`` is an ISO date string (``YYYY-MM-DD``) or ``None``;
    ``date_inferred`` is true when the date was taken from the events the
    text reports rather than given by the source. ``path`` names the file
    the article came from (with ``:LINE`` for a JSONL line).
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    date_inferred: bool = False


@dataclass(frozen=True)
class Speaker:
    """A resolved source of speech: canonical name, type and affiliation."""

    name: str
    type: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Statement:
    """One attributed act of speech inside an article.

    The fields named in the annotation guide (``start`` ... ``act``) are the
    ones written to JSON; ``cue_start``/``cue_end`` and
    ``mention_start``/``mention_end`` locate the reporting cue and the
    speaker mention the statement was attributed from (``None`` when absent).
    Labels (``target`` onward) stay ``None`` until a classifier fills them.
    """

    start: int
    end: int
    text: str
    kind: str
    cue: str | None = None
    speaker: str | None = None
    speaker_type: str | None = None
    affiliation: str | None = None
    target: str | None = None
    stance: str | None = None
    escalation: int | None = None
    act: str | None = None
    stance_proba: Mapping[str, float] | None = None
    escalation_proba: Mapping[int, float] | None = None
    target_proba: Mapping[str, float] | None = None
    evidence: tuple[str, ...] = ()
    cue_start: int | None = None
    cue_end: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad statement span {self.start}..{self.end}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown statement kind {self.kind!r}")
        if len(self.text) != self.end - self.start:
            raise ValueError("statement text does not match its span")

    def to_dict(self) -> dict[str, Any]:
        """The statement as the guide's JSON object (plus probabilities and evidence)."""
        out = {name: getattr(self, name) for name in _STATEMENT_FIELDS}
        if self.stance_proba is not None:
            out["stance_proba"] = dict(self.stance_proba)
        if self.escalation_proba is not None:
            out["escalation_proba"] = {str(k): v for k, v in self.escalation_proba.items()}
        if self.target_proba is not None:
            out["target_proba"] = dict(self.target_proba)
        out["evidence"] = list(self.evidence)
        return out


_STATEMENT_FIELDS = tuple(f.name for f in fields(Statement))
