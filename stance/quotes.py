"""Quotation-mark pairing: the quoted runs of a text, as spans into it.

Straight (``"``, ``''``), curly (``“ ”``, ``„``) and guillemet (``« »``) double
marks are paired first; single marks (``‘ ’``, and ``'`` where it is not an
apostrophe) are paired only outside double-quoted runs. A paragraph that
opens a quote without closing it, followed by a paragraph that opens with a
quotation mark, continues the same quotation (news style for quotes running
over paragraph breaks). A quote still open at the end of a paragraph that is
not continued is closed there: a best-effort reading of unbalanced marks.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Sequence

from .segment import Paragraph

DOUBLE_OPEN = "\u201c\u201e\u00ab\u201f"
DOUBLE_CLOSE = "\u201d\u00bb"
SINGLE_OPEN = "\u2018\u201a\u2039"
SINGLE_CLOSE = "\u2019\u203a"
QUOTE_CHARS = "\"'" + DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE
_DOUBLE = re.compile("''|\"|[" + DOUBLE_OPEN + DOUBLE_CLOSE + "]")
_SINGLE = re.compile("['" + SINGLE_OPEN + SINGLE_CLOSE + "]")
_BEFORE_OPENING = set("([{-\u2013\u2014/:;,") | set(DOUBLE_OPEN + SINGLE_OPEN)
_AFTER_CLOSING = set(".,;:!?)]}-\u2013\u2014\"'") | set(DOUBLE_CLOSE + SINGLE_CLOSE)
MAX_SINGLE_QUOTE = 400


@dataclass(frozen=True)
class Quote:
    """One quoted run: ``start``/``end`` cover the words inside the marks.

    ``open_at`` is the offset of the opening mark and ``close_end`` the offset
    just after the closing mark. A quote never closed ends where its words
    most likely end, and there ``close_end == end``. ``double`` tells double
    marks from single ones.
    """

    open_at: int
    start: int
    end: int
    close_end: int
    double: bool = True


class QuoteIndex:
    """The quotes of a text in order of their opening mark, with the quotes overlapping a span found by bisection.

    Looking up a span costs the logarithm of the number of quotes plus the
    quotes near it, so reading an article with many quotes stays linear.
    """

    def __init__(self, quotes: Sequence[Quote]):
        self.quotes = list(quotes)
        self._opens = [q.open_at for q in self.quotes]
        self._reach = list(accumulate((q.close_end for q in self.quotes), max))

    def __iter__(self):
        return iter(self.quotes)

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """The quotes, marks included, that overlap ``[start, end)``: ``open_at < end`` and ``close_end > start``."""
        first = bisect_right(self._reach, start)
        last = bisect_left(self._opens, end, first)
        return [q for q in self.quotes[first:last] if q.close_end > start]


def _side(text: str, at: int, width: int) -> str:
    """Whether the mark at ``text[at:at+width]`` reads as ``open``, ``close`` or ``either``."""
    mark = text[at]
    before = text[at - 1] if at > 0 else " "
    after = text[at + width] if at + width < len(text) else " "
    if mark in DOUBLE_OPEN + SINGLE_OPEN:
        return "open"
    if mark in DOUBLE_CLOSE + SINGLE_CLOSE and not (before.isspace() and not after.isspace()):
        return "close"
    opening = before.isspace() or before in _BEFORE_OPENING
    closing = after.isspace() or after in _AFTER_CLOSING
    if opening and not after.isspace():
        return "open"
    if closing and not before.isspace():
        return "close"
    return "either"


def _is_apostrophe(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isalnum() and after.isalnum()) or (before.isspace() and after.isdigit())


def _marks(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end() - m.start()) for m in pattern.finditer(text, start, end)]


_ATTRIBUTION_INSIDE = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:[\w'\u2019.-]+\s+){0,6}?(?:said|says|told|added|stated|warned|noted|insisted)\b")


def _unclosed_end(text: str, open_at: int, paragraph_end: int) -> int:
    """Where a quote never closed most likely ends: before ``, the minister said`` if the paragraph has it."""
    match = _ATTRIBUTION_INSIDE.search(text, open_at, paragraph_end)
    return match.start() + 1 if match else paragraph_end


def find_quotes(text: str, paragraphs: Sequence[Paragraph]) -> list[Quote]:
    """Every quoted run in ``text`` (repeated paragraphs skipped), in order of the opening mark."""
    live = [p for p in paragraphs if not p.repeat]
    quotes: list[Quote] = []
    open_at: tuple[int, int] | None = None  # (offset, width) of the mark of the quote now open
    for index, para in enumerate(live):
        marks = _marks(text, _DOUBLE, para.start, para.end)
        if open_at is not None:  # continued from the previous paragraph: drop the reopening mark
            marks = marks[1:]
        for at, width in marks:
            side = _side(text, at, width)
            if open_at is None:
                if side != "close" or at == para.start:  # a paragraph opening with a misprinted closing mark
                    open_at = (at, width)
            else:
                quotes.append(Quote(open_at[0], open_at[0] + open_at[1], at, at + width))
                open_at = None
        if open_at is None:
            continue
        following = live[index + 1] if index + 1 < len(live) else None
        reopened = following is not None and any(
            m[0] == following.start and _side(text, *m) != "close" for m in _marks(text, _DOUBLE, following.start, following.start + 2)
        )
        if not reopened:
            end = _unclosed_end(text, open_at[0], para.end)
            quotes.append(Quote(open_at[0], open_at[0] + open_at[1], end, end))
            open_at = None
    quotes.extend(_single_quotes(text, live, quotes))
    quotes.sort(key=lambda q: q.open_at)
    return [q for q in quotes if q.end > q.start]


def _single_quotes(text: str, paragraphs: Sequence[Paragraph], doubles: list[Quote]) -> list[Quote]:
    covered = [(q.open_at, q.close_end) for q in doubles]
    found = []
    for para in paragraphs:
        open_at: int | None = None
        for at, _ in _marks(text, _SINGLE, para.start, para.end):
            if _is_apostrophe(text, at) or any(a <= at < b for a, b in covered):
                continue
            side = _side(text, at, 1)
            if open_at is None:
                if side == "open":
                    open_at = at
            elif side != "open" and at - open_at <= MAX_SINGLE_QUOTE:
                found.append(Quote(open_at, open_at + 1, at, at + 1, double=False))
                open_at = None
            elif side == "open":
                open_at = at
    return found
