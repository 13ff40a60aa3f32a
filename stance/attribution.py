"""Article-level attribution, after every statement has a speaker.

:func:`unrelayed`: a news outlet is never the speaker of what it relays.
``AFP reported China has lodged a complaint``, ``KCNA said Kim warned that``
and ``China has lodged a complaint, AFP reported`` are the statements of
China and Kim: when an outlet's report begins with a speaker and a reporting
verb of its own, that speaker is the statement's. An outlet is a registry row
with the title ``news outlet``, or media named as a group (``state media``, noted by the resolver);
a state outlet (title ``state media``) gives its country to a speaker it
relays without one.
:func:`one_name_per_person`: one canonical name per person in an article.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import Sequence

from .cues import CueLexicon, CueMatch, Token, tokenize
from .mentions import parse_mention
from .records import Speaker, Statement
from .resolve import Resolver
from .segment import paragraphs, sentences

# Words that may stand between a relayed speaker and its reporting verb ("China has also lodged").
AUXILIARIES = frozenset({"has", "had", "have", "is", "was", "were", "will", "would", "also", "already", "again",
                         "reportedly", "publicly", "formally", "officially", "strongly"})
RELAYED_KINDS = frozenset({"person", "institution", "country", "joint", "group"})
MAX_SUBJECT_TOKENS = 8
STATE_MEDIA = re.compile(r"\bstate media\b", re.IGNORECASE)


def unrelayed(statements: Sequence[Statement], resolver: Resolver,
              lexicon: CueLexicon | None = None) -> list[Statement]:
    """``statements`` with each report an outlet relays given to the speaker it names (see the module)."""
    lexicon = lexicon or CueLexicon.default()
    result = []
    outlets = _StateOutlets(resolver)
    for statement in statements:
        outlet, state = _outlet(statement, resolver)
        if outlet:
            statement = _quoted(statement, resolver, state) or _relayed(statement, resolver, lexicon, state) \
                or statement
        elif statement.affiliation is None and statement.mention_start is not None:
            statement = _of_relaying_state(statement, resolver, outlets)
        result.append(statement)
    return result


def _quoted(statement: Statement, resolver: Resolver, state: str | None) -> Statement | None:
    """``SPA quoted an official source at the foreign ministry as saying ...``: the source the outlet quotes."""
    cue = statement.cue or ""
    if statement.cue_start is None or not cue.startswith("quoted "):
        return None
    tokens = tokenize(resolver.text, statement.cue_start, statement.cue_start + len(cue))
    if len(tokens) < 4 or " ".join(t.text for t in tokens) != cue or tokens[-2].lower != "as":
        return None
    mention = parse_mention(tokens[1:-2], resolver.registry)
    if mention is None or mention.kind not in RELAYED_KINDS | {"description"}:
        return None
    if state and mention.country is None:
        mention = replace(mention, country=state, countries=(state,))
    speaker = resolver.resolve(mention)
    if speaker is None:
        return None
    return replace(statement, speaker=speaker.name, speaker_type=speaker.type, affiliation=speaker.affiliation,
                   mention_start=mention.start, mention_end=mention.end)


def _of_relaying_state(statement: Statement, resolver: Resolver, outlets: _StateOutlets) -> Statement:
    """``IRNA reported that spokesman Reza Tavakoli said ...``: a speaker without a country that a state outlet
    relays, named in its sentence, is of the outlet's country (resolved again with it)."""
    if statement.mention_start is None or statement.mention_end is None:
        return statement
    code = outlets.around(statement.mention_start)
    if code is None:
        return statement
    mention = parse_mention(tokenize(resolver.text, statement.mention_start, statement.mention_end), resolver.registry)
    speaker = resolver.resolve(replace(mention, country=code, countries=(code,))) if mention else None
    if speaker is None:
        return replace(statement, affiliation=code) if statement.speaker else statement
    if speaker.affiliation not in (None, code):
        return statement
    return replace(statement, speaker=speaker.name, speaker_type=speaker.type, affiliation=code)


class _StateOutlets:
    """The country of the state outlet named in each sentence of one article, read once per sentence; the
    sentences are those :func:`~stance.segment.sentences` split for extraction (remembered there)."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []
        self.found: dict[tuple[int, int], str | None] = {}

    def around(self, position: int) -> str | None:
        """The country of a state outlet named in the sentence holding ``position``, if any."""
        text = self.resolver.text
        if not self.spans:
            self.spans = [span for p in paragraphs(text) for span in sentences(text, p.start, p.end)]
            self.starts = [start for start, _ in self.spans]
        index = bisect_right(self.starts, position) - 1
        if index < 0 or position >= self.spans[index][1]:
            return None
        span = self.spans[index]
        if span not in self.found:
            self.found[span] = _state_outlet_between(self.resolver, *span)
        return self.found[span]


def _state_outlet_between(resolver: Resolver, begin: int, end: int) -> str | None:
    """The country of a state outlet named in ``resolver.text[begin:end]``, if any."""
    text = resolver.text
    media = STATE_MEDIA.search(text, begin, end)
    if media is not None:  # "Chinese state media reported that ...": the country named before it, else the dateline's
        named = resolver.registry.countries.mentions(text, begin, media.start())
        return named[-1].code if named else resolver.home
    tokens = tokenize(text, begin, end)
    for index, token in enumerate(tokens):
        if not token.capitalized:  # an outlet's name starts with a capital: no look-up needed
            continue
        for length in range(min(4, len(tokens) - index), 0, -1):
            entry = resolver.registry.lookup(" ".join(t.text for t in tokens[index:index + length]))
            if entry is not None and entry.is_state_media:
                return entry.affiliation
    return None


def _outlet(statement: Statement, resolver: Resolver) -> tuple[bool, str | None]:
    """Whether the statement's speaker is an outlet, and the country of a state outlet (``None`` for others)."""
    name = statement.speaker or ""
    state = resolver.media.get(Speaker(name, statement.speaker_type or "", statement.affiliation))
    if state is not None:  # media named as a group
        return True, statement.affiliation if state else None
    entry = resolver.registry.lookup(name)
    if entry is None or not entry.is_outlet:
        return False, None
    return True, entry.affiliation if entry.is_state_media else None


def _relayed(statement: Statement, resolver: Resolver, lexicon: CueLexicon, state: str | None) -> Statement | None:
    """The statement given to the speaker its content opens with, if a reporting verb of theirs follows.

    A speaker named without a country takes the country ``state`` of a state outlet, if given.
    """
    text = resolver.text
    tokens = tokenize(text, statement.start, statement.end)
    first = 1 if tokens and tokens[0].lower == "that" else 0
    for last in range(min(len(tokens) - 1, first + MAX_SUBJECT_TOKENS), first, -1):
        mention = parse_mention(tokens[first:last], resolver.registry)
        cue = _reports(tokens, last, lexicon) if mention is not None and mention.kind in RELAYED_KINDS else None
        if cue is None:
            continue
        if state and mention.country is None:
            mention = replace(mention, country=state, countries=(state,))
        speaker = resolver.resolve(mention)
        if speaker is None or speaker.name == statement.speaker:
            return None
        resolver.spoke(speaker, mention.start)
        return replace(_their_words(statement, tokens, cue, text), speaker=speaker.name, speaker_type=speaker.type,
                       affiliation=speaker.affiliation, mention_start=mention.start, mention_end=mention.end)
    return None


def _reports(tokens: Sequence[Token], index: int, lexicon: CueLexicon) -> CueMatch | None:
    """The reporting verb that starts at ``tokens[index]``, after auxiliaries and adverbs; ``None`` if none."""
    while index < len(tokens) and tokens[index].lower in AUXILIARIES:
        index += 1
    if index >= len(tokens):
        return None
    return next((m for m in lexicon.matches(list(tokens), index) if not m.participle), None)


def _their_words(statement: Statement, tokens: Sequence[Token], cue: CueMatch, text: str) -> Statement:
    """``statement`` cut to what the relayed speaker's verb ``cue`` introduces (``KCNA said leader X said (Y)``,
    ``AFP reports China has lodged (a complaint)``): after the verb, its addressee and ``that``, if any content is
    left; a quotation is kept whole."""
    first = cue.last
    if statement.kind != "direct" and first < len(tokens):
        that = next((k for k in range(first, min(len(tokens), first + 6)) if tokens[k].lower == "that"), None)
        if that is not None and (that == first or cue.entry.frame == "tell"):
            first = that + 1
    if statement.kind == "direct" or first >= len(tokens):
        return statement
    start = tokens[first].start
    return replace(statement, start=start, text=text[start:statement.end], cue=text[tokens[cue.first].start:
                   tokens[cue.last - 1].end], cue_start=tokens[cue.first].start, cue_end=tokens[cue.last - 1].end)


def one_name_per_person(statements: Sequence[Statement]) -> list[Statement]:
    """``statements`` with a person's lone surname (``Axelrod``) replaced by the full name the article gives.

    Only when exactly one full name of the article's people ends in that
    surname (``David Axelrod``) and their affiliations do not differ.
    """
    full = {}
    for statement in statements:
        name = statement.speaker or ""
        if statement.speaker_type == "person" and len(name.split()) > 1:
            full.setdefault(name.split()[-1], {})[name] = statement
    result = []
    for statement in statements:
        name = statement.speaker or ""
        holders = full.get(name, {}) if statement.speaker_type == "person" and " " not in name else {}
        if len(holders) == 1:
            holder = next(iter(holders.values()))
            if None in (statement.affiliation, holder.affiliation) or statement.affiliation == holder.affiliation:
                statement = replace(statement, speaker=holder.speaker,
                                    affiliation=statement.affiliation or holder.affiliation)
        result.append(statement)
    return result
