"""Acts to event data: each act of the annotation guide as a CAMEO event code and a Goldstein value.

The mapping lives in ``stance/data/cameo.csv``. An act may have more than one
row: ``threaten`` and ``warn`` map to CAMEO 130 (Threaten, Goldstein -4.4),
and to 138 (Threaten to use military force, -7.0) when the statement's
escalation level is 5. Codes are CAMEO 1.1 event codes (strings, zero
padded); Goldstein values are the standard CAMEO-to-Goldstein scale
(-10 most conflictual, +10 most cooperative).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class CameoCode:
    """One row of the mapping: the CAMEO code for ``act`` from escalation ``min_escalation`` up."""

    act: str
    min_escalation: int
    cameo: str
    cameo_root: str
    cameo_name: str
    goldstein: float


@lru_cache(maxsize=1)
def cameo_table() -> tuple[CameoCode, ...]:
    """Every row of ``stance/data/cameo.csv``."""
    with resources.files("stance").joinpath("data/cameo.csv").open(encoding="utf-8") as f:
        return tuple(
            CameoCode(row["act"], int(row["min_escalation"]), row["cameo"], row["cameo_root"], row["cameo_name"],
                      float(row["goldstein"]))
            for row in csv.DictReader(f)
        )


def cameo_code(act: str | None, escalation: int | None = None) -> CameoCode | None:
    """The CAMEO code for an act at an escalation level, or ``None`` for no act or an unknown one.

    >>> cameo_code("threaten", 5).cameo
    '138'
    """
    if not act:
        return None
    level = 0 if escalation is None else int(escalation)
    rows = [row for row in cameo_table() if row.act == act and row.min_escalation <= level]
    return max(rows, key=lambda row: row.min_escalation) if rows else None
