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


_COMPACT = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_./]?(?P<mnum>[01]\d)[-_./]?(?P<day>[0-3]\d)(?!\d)")
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d\d)/" + _MONTH.replace(r"\.?", "") + r"/(?P<day>\d{1,2})(?:/|$)", re.I)
_DATELINE_END = re.compile(r"\s[-\u2013\u2014]{1,2}\s|\)\s*[-\u2013\u2014:]")
_DATELINE_START = re.compile(r"[A-Z]{2,}[A-Z .'\u2019-]*,|\d|(?i:" + _MONTH + ")")


def date_from_name(name: str | None) -> str | None:
    """The date a file name starts with or contains: ``2024-06-24-talks.txt``, ``20240624_talks.txt``.

    The year, month and day must follow each other (separated by ``-``,
    ``_``, ``.`` or nothing) and form a real date; ``None`` otherwise.
    """
    if not name:
        return None
    for match in _COMPACT.finditer(name):
        if found := _to_iso(match):
            return found
    return None


def date_from_url(url: str | None) -> str | None:
    """The date in a URL's path: ``/2024/06/24/``, ``/2024-06-24-``, ``/20240624/`` or ``/2024/jun/24/``."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I)
    match = _URL_MONTH.search(path)
    if match and (found := _to_iso(match)):
        return found
    return date_from_name(path)


def date_from_dateline(text: str) -> str | None:
    """The full date of a dateline opening the text: ``KYIV, June 24, 2024 (Reuters) - ...``.

    Only the lead-in of the first paragraph before its dash (at most 120
    characters) is read; it must open with a place in capitals or with the
    date, and name a complete date with a year.
    """
    first = text.lstrip()[:200].split("\n", 1)[0]
    end = _DATELINE_END.search(first)
    if not end or end.start() > 120 or not _DATELINE_START.match(first):
        return None
    return parse_date(first[:end.end()])


def infer_article_date(text: str, *, name: str | None = None, url: str | None = None) -> str | None:
    """A date for an article that gives none: from its file name, its URL, its dateline, else its events.

    Tried in this order: :func:`date_from_name`, :func:`date_from_url`,
    :func:`date_from_dateline`, :func:`infer_event_date`. The result is an
    inference, to be flagged as such (``date_inferred``).
    """
    return date_from_name(name) or date_from_url(url) or date_from_dateline(text) or infer_event_date(text)
