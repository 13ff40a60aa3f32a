"""Paragraphs and sentences as ``(start, end)`` offsets into the untouched text.

Sentences come from NLTK's Punkt tokenizer with our own parameters (news
abbreviations such as ``U.S.``, ``Gen.``, ``Jan.``), so no downloaded NLTK
data is needed. Repeated paragraphs (a lede printed truncated and then
whole, a headline printed twice) are found here so that each statement is
extracted once, from the first complete occurrence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nltk.tokenize import punkt
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u u.s.a u.a.e d.c p.m a.m e.g i.e etc vs no nos st mt ft
    mr mrs ms dr prof rev sen rep gov govt pres sec amb gen lt col maj capt cmdr adm sgt cpl pvt brig
    jr sr inc corp co ltd dept univ est approx fig al op ed vol
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
    okla ore pa tenn tex va vt wash wis wyo
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")

_GLUED_BOUNDARY = re.compile(r"(?<=[a-z\d\)][.!?])(?=[A-Z][a-z])|(?<=[a-z\d][.!?][\"\u201d\u2019])(?=[A-Z\"\u201c])")
_LINE = re.compile(r"[^\r\n]+")
_SENTENCE_END = re.compile(r"[.?!]")  # Punkt's sentence end characters (and those of _GLUED_BOUNDARY)


@dataclass(frozen=True)
class Paragraph:
    """A non-blank line of the text; ``repeat`` marks a duplicate or a truncated copy."""

    start: int
    end: int
    repeat: bool = False


def _untimed(pattern):
    """The compiled pattern inside NLTK's time-limited wrapper (NLTK 3.9.2 and later time every match of every
    pattern, ours included); the same pattern, unchanged, on NLTK versions without the wrapper."""
    return getattr(pattern, "_rx", pattern)


class _LanguageVars(PunktLanguageVars):
    """English Punkt patterns matched without the per-call time limit: they are NLTK's own fixed patterns, linear
    on any text, and the wrapper costs about a third of the splitting time. Same engine, same matches."""

    re_boundary_realignment = _untimed(PunktLanguageVars.re_boundary_realignment)

    def period_context_re(self):
        """NLTK's pattern for a possible sentence end and its context, untimed."""
        return _untimed(super().period_context_re())

    def _word_tokenizer_re(self):
        return _untimed(super()._word_tokenizer_re())


class _Token(PunktToken):
    """A Punkt token whose form tests use NLTK's patterns untimed."""

    __slots__ = ()
    _RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
    _RE_ALPHA = _untimed(PunktToken._RE_ALPHA)
    # NLTK's module-level pattern for "a number or a letter"; its own definition if a future NLTK renames it.
    _NON_PUNCT = _untimed(getattr(punkt, "_re_non_punct", None) or re.compile(r"[^\W\d]", re.UNICODE))

    @property
    def is_non_punct(self):
        """True if the token is either a number or is alphabetic."""
        return self._NON_PUNCT.search(self.type)


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt configured with news abbreviations; built once per process."""
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params, lang_vars=_LanguageVars(), token_cls=_Token)


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line as a paragraph, stripped of edge whitespace.

    A paragraph whose text equals an earlier one, or that is the truncated
    beginning of one of the next three, is marked ``repeat``. The paragraphs
    of recent texts are remembered: extraction and labelling both read them.
    """
    return list(_paragraphs(text))


@lru_cache(maxsize=64)
def _paragraphs(text: str) -> tuple[Paragraph, ...]:
    spans = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    keys = [_normalise(text[s:e]) for s, e in spans]
    seen: set[str] = set()
    result = []
    for index, (start, end) in enumerate(spans):
        key = keys[index]
        truncated = len(key) >= 30 and any(
            len(later) > len(key) and later.startswith(key) for later in keys[index + 1:index + 4]
        )
        result.append(Paragraph(start, end, repeat=key in seen or truncated))
        seen.add(key)
    return tuple(result)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, as offsets into ``text``.

    Besides Punkt's boundaries, a sentence end glued to the next sentence
    without a space (``everyone.On June 23``) is split, and a boundary before
    a lower-case word (``Jane Roe (R-S.C.) said``) is not one. The spans of
    every paragraph of the :data:`REMEMBERED_TEXTS` most recent texts are
    remembered, however many paragraphs they have: extraction and labelling
    split each paragraph once.
    """
    end = len(text) if end is None else end
    memo = _split_memo(text)
    spans = memo.get((start, end))
    if spans is None:
        spans = memo[(start, end)] = _split(text, start, end)
    return list(spans)


#: How many texts' sentence spans :func:`sentences` remembers (two of the batch's chunks of articles).
REMEMBERED_TEXTS = 32


@lru_cache(maxsize=REMEMBERED_TEXTS)
def _split_memo(text: str) -> dict[tuple[int, int], tuple[tuple[int, int], ...]]:
    """The sentence spans found so far in ``text``, by ``(start, end)`` of the part split."""
    return {}


def _split(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    chunk = text[start:end]
    last = len(chunk.rstrip())
    if not _SENTENCE_END.search(chunk, 0, last - 1):
        # no end mark before the last character: Punkt finds no boundary and keeps the part whole (most
        # paragraphs of one sentence), so it is not run
        return ((start, start + last),) if last else ()
    spans = []
    for s, e in sentence_tokenizer().span_tokenize(chunk):
        cut = s
        for match in _GLUED_BOUNDARY.finditer(chunk, s, e):
            if match.start() > cut:
                spans.append((start + cut, start + match.start()))
                cut = match.start()
        if spans and chunk[cut:cut + 1].islower() and cut == s:  # "Rep. Jane Roe (R-S.C.) said": no new sentence
            spans[-1] = (spans[-1][0], start + e)
        else:
            spans.append((start + cut, start + e))
    return tuple(spans)
