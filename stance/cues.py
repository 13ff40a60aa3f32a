"""The reporting-cue lexicon (``data/cues.tsv``) and tokens to match it against.

A cue is the word or words that report speech: ``said``, ``pointed out``,
``called on``, ``according to``. Each lexicon entry has a *frame* telling
where its content lies (see the file's header) and may be *strict*: only a
cue when a clause introduced by ``that``, a colon, a quotation or ``to``
follows it, or when it follows its content (``..., she noted``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache
from importlib import resources

from .countries import commented_rows
from .quotes import QUOTE_CHARS

_CLITIC = re.compile(r"(?:['\u2019](?:ll|ve|re|d|m)|n['\u2019]t)$", re.I)
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"             # U.S. U.N. a.m.
    r"|(?:Mrs?|Ms|Dr|Prof|Rev|Sens?|Reps?|Gov|Pres|Sec|Amb|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Brig)\.(?=\s+[A-Z])"
    #                                  titles before a name: Mr. Gen. Sen.
    r"|\w+(?:[\u2019'\-\u2011]\w+)*"   # words, Russia's, Kharkiv-based
    r"|\.\.\.|[\u2013\u2014]|--|\S"    # ellipsis, dashes, any other mark
)

MESSAGE_NOUNS = frozenset(
    """warning warnings protest protests condolence condolences sympathy sympathies regret regrets apology
    apologies thanks gratitude congratulations assurance assurances guarantee guarantees ultimatum message
    demand demands demarche démarche note representations complaint complaints appeal appeals proposal
    proposals offer concern concerns support solidarity hope hopes readiness willingness opposition
    dissatisfaction displeasure disappointment outrage alarm confidence satisfaction criticism objection
    objections reservations skepticism scepticism condemnation call calls plea request invitation plan plans
    initiative roadmap threat threats pledge pledges vow vows promise promises prospect
    misgivings doubts frustration anger advice grief sorrow sadness shock dismay appreciation""".split()
)


class Token(NamedTuple):
    """A word or mark of the text with its offsets; ``quoted`` is true inside a quotation.

    ``lower`` is the token in lower case with a possessive ``'s`` removed;
    ``possessive``, ``capitalized`` and ``is_quote_mark`` describe its form.
    Build tokens with :func:`make_token`, which fills these in.
    """

    start: int
    end: int
    text: str
    quoted: bool = False
    lower: str = ""
    possessive: bool = False
    capitalized: bool = False
    is_quote_mark: bool = False


def make_token(start: int, text: str, quoted: bool = False) -> Token:
    """A :class:`Token` for ``text`` found at offset ``start``."""
    low = text.lower()
    possessive = len(text) > 2 and low.endswith(("'s", "\u2019s"))
    return Token(start, start + len(text), text, quoted, low[:-2] if possessive else low, possessive,
                 text[:1].isupper(), text in QUOTE_CHARS or text == "''")


def tokenize(text: str, start: int, end: int, quoted_spans: list[tuple[int, int]] = ()) -> list[Token]:
    """Tokens of ``text[start:end]``; those inside one of ``quoted_spans`` are flagged ``quoted``."""
    spans = sorted(quoted_spans) + [(end + 1, end + 1)]  # the last one ends after every token
    span = 0
    tokens: list[Token] = []
    append = tokens.append
    skip_to = start
    for match in _TOKEN.finditer(text, start, end):
        at, after = match.span()
        if at < skip_to:
            continue  # the second half of a '' mark
        word = match.group()
        if word == "'" and after < end and text[after] == "'":
            word = "''"
            after += 1
        skip_to = after
        while spans[span][1] <= at:
            span += 1
        inside = spans[span][0] <= at
        for offset, length, piece, low, possessive, capitalized, is_quote_mark in _word_pieces(word):
            append(_new_token(Token, (at + offset, at + offset + length, piece, inside, low, possessive,
                                      capitalized, is_quote_mark)))
    return tokens


_new_token = tuple.__new__


@lru_cache(maxsize=65536)
def _word_pieces(word: str) -> tuple[tuple, ...]:
    """The tokens a matched word gives (``he'll`` -> ``he`` ``'ll``) as :class:`Token` fields without offsets.

    Each piece is ``(offset in word, length, text, lower, possessive, capitalized, is_quote_mark)``,
    computed as :func:`make_token` does; cached because words repeat.
    """
    clitic = _CLITIC.search(word)
    cut = clitic.start() if clitic and clitic.start() > 0 else len(word)  # don't -> do n't
    pieces = [(0, word[:cut])] + ([(cut, word[cut:])] if cut < len(word) else [])
    tokens = [(offset, make_token(0, piece)) for offset, piece in pieces]
    return tuple((offset, len(t.text), t.text, t.lower, t.possessive, t.capitalized, t.is_quote_mark)
                 for offset, t in tokens)


TAKES = frozenset({"to-infinitive", "purpose", "purpose-any", "wh", "object-as", "object-predicate", "silent",
                   "thing-subject", "object-for"})


@dataclass(frozen=True)
class CueEntry:
    """One lexicon entry: a lemma, its frame, strictness, particles, written forms and what else it takes.

    ``takes`` holds the verb's behaviours named in the header of ``data/cues.tsv``
    (``to-infinitive``, ``purpose``, ``wh``, ``silent`` ...).
    """

    lemma: str
    frame: str
    strict: bool
    particles: tuple[str, ...]
    forms: tuple[str, ...]
    takes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a token list: tokens ``[first, last)`` plus the entry and the form seen."""

    first: int
    last: int
    entry: CueEntry
    form: str

    @property
    def participle(self) -> bool:
        """Whether the cue is in its ``-ing`` form (``adding that``, ``accusing``)."""
        return self.form.split()[0].endswith("ing") and self.entry.lemma != "according to"

    @property
    def base_form(self) -> bool:
        """Whether the cue is in its base form (``to deliver``, ``will respond``)."""
        return self.form.split()[0] == self.entry.lemma.split()[0]


FRAMES = frozenset({"say", "tell", "obj", "according", "quote", "noun"})


def read_entries(lines, name: str) -> list[CueEntry]:
    """The entries of a cue table (``#`` lines are comments); a bad row raises ``ValueError`` naming ``name``."""
    entries = []
    for number, row in commented_rows(lines):
        if None in row.values() or not row.get("lemma") or not row.get("forms"):
            raise ValueError(f"{name}: line {number} needs lemma, frame, strict, particles, forms and takes")
        takes = frozenset(t for t in (row.get("takes") or "").split("|") if t)
        if row["frame"] not in FRAMES or not takes <= TAKES:
            raise ValueError(f"{name}: line {number} ({row['lemma']}): unknown frame or takes "
                             f"{sorted({row['frame']} - FRAMES | takes - TAKES)}")
        entries.append(CueEntry(row["lemma"], row["frame"], row["strict"] == "yes",
                                tuple(p for p in row["particles"].split("|") if p), tuple(row["forms"].split("|")),
                                takes))
    return entries


class CueLexicon:
    """Looks cues up by their first word; longest match wins."""

    def __init__(self, entries: list[CueEntry]):
        self.entries = entries
        self._by_first: dict[str, list[tuple[tuple[str, ...], CueEntry]]] = {}
        for entry in entries:
            for form in entry.forms:
                words = tuple(form.split())
                self._by_first.setdefault(words[0], []).append((words, entry))
        for options in self._by_first.values():
            options.sort(key=lambda item: -len(item[0]))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "CueLexicon":
        """The lexicon shipped in ``stance/data/cues.tsv``."""
        with resources.files("stance").joinpath("data/cues.tsv").open(encoding="utf-8") as f:
            return cls(read_entries(f, "stance/data/cues.tsv"))

    @classmethod
    def read(cls, path) -> "CueLexicon":
        """A lexicon from a TSV file in the format of ``data/cues.tsv`` (adding a verb is adding a row)."""
        with open(path, encoding="utf-8") as f:
            return cls(read_entries(f, str(path)))

    def matches(self, tokens: list[Token], index: int) -> list[CueMatch]:
        """Every reading of a cue starting at ``tokens[index]`` (unquoted tokens only), longest first.

        A word such as ``reports`` or ``calls`` gives both its verb and its noun reading.
        """
        first = tokens[index]
        if first.quoted:
            return []
        found = []
        for words, entry in self._by_first.get(first.text.lower(), ()):
            end = index + len(words)
            if end <= len(tokens) and all(
                tokens[index + k].text.lower() == words[k] and not tokens[index + k].quoted for k in range(len(words))
            ):
                if end < len(tokens) and tokens[end].text.lower() in entry.particles:
                    end += 1
                found.append(CueMatch(index, end, entry, " ".join(words)))
        return found
