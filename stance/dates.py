"""Dates: parse the date strings sources give, and infer an event date from text."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]


def _to_iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[parts["month"].lower()]
    try:
        return date(int(parts["year"]), month, int(parts["day"])).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """Return ``value`` as an ISO date (``YYYY-MM-DD``), or ``None`` if it holds no date.

    Accepts ISO dates and timestamps (``2024-06-24T10:00Z``), ``June 24, 2024``,
    ``24 June 2024`` and ``Jun. 24 2024``.
    """
    if not value:
        return None
    for pattern in _PATTERNS:
        match = pattern.search(value)
        if match and (found := _to_iso(match)):
            return found
    return None


def infer_event_date(text: str) -> str | None:
    """The date the text gives for its events: the most often named full date, earliest on ties.

    Only complete dates with a year count (``on June 23, 2024``); a text that
    names none gives ``None``.
    """
    found: Counter[str] = Counter()
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if iso := _to_iso(match):
                found[iso] += 1
    if not found:
        return None
    return min(found, key=lambda iso: (-found[iso], iso))
