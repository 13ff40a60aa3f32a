"""Article-level attribution, after every statement has a speaker.

:func:`unrelayed`: a news outlet is never the speaker of what it relays.
``AFP reported China has lodged a complaint`` and ``China has lodged a
complaint, AFP reported`` are China's statements: when an outlet's report
begins with a speaker and a reporting verb of its own, that speaker is the
statement's. An outlet is a registry row with the title ``news outlet``.
:func:`one_name_per_person`: one canonical name per person in an article.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .cues import CueLexicon, Token, tokenize
from .mentions import parse_mention
from .records import Statement
from .resolve import Resolver

RELAY_CUES = frozenset({"report", "reports", "reported", "reporting"})
# Words that may stand between a relayed speaker and its reporting verb ("China has also lodged").
AUXILIARIES = frozenset({"has", "had", "have", "is", "was", "were", "will", "would", "also", "already", "again",
                         "reportedly", "publicly", "formally", "officially", "strongly"})
RELAYED_KINDS = frozenset({"person", "institution", "country", "joint", "group"})
MAX_SUBJECT_TOKENS = 8


def unrelayed(statements: Sequence[Statement], resolver: Resolver,
              lexicon: CueLexicon | None = None) -> list[Statement]:
    """``statements`` with each report an outlet relays given to the speaker it names (see the module)."""
    lexicon = lexicon or CueLexicon.default()
    result = []
    for statement in statements:
        if statement.cue and statement.cue.lower() in RELAY_CUES and _is_outlet(statement, resolver):
            statement = _relayed(statement, resolver, lexicon) or statement
        result.append(statement)
    return result


def _is_outlet(statement: Statement, resolver: Resolver) -> bool:
    entry = resolver.registry.lookup(statement.speaker or "")
    return entry is not None and entry.is_outlet


def _relayed(statement: Statement, resolver: Resolver, lexicon: CueLexicon) -> Statement | None:
    """The statement given to the speaker its content opens with, if a reporting verb of theirs follows."""
    text = resolver.text
    tokens = tokenize(text, statement.start, statement.end)
    first = 1 if tokens and tokens[0].lower == "that" else 0
    for last in range(min(len(tokens) - 1, first + MAX_SUBJECT_TOKENS), first, -1):
        mention = parse_mention(tokens[first:last], resolver.registry)
        if mention is None or mention.kind not in RELAYED_KINDS or not _reports(tokens, last, lexicon):
            continue
        speaker = resolver.resolve(mention)
        if speaker is None or speaker.name == statement.speaker:
            return None
        resolver.spoke(speaker, mention.start)
        return replace(statement, speaker=speaker.name, speaker_type=speaker.type, affiliation=speaker.affiliation,
                       mention_start=mention.start, mention_end=mention.end)
    return None


def _reports(tokens: Sequence[Token], index: int, lexicon: CueLexicon) -> bool:
    """Whether a reporting verb starts at ``tokens[index]``, after auxiliaries and adverbs."""
    while index < len(tokens) and tokens[index].lower in AUXILIARIES:
        index += 1
    return index < len(tokens) and any(not m.participle for m in lexicon.matches(list(tokens), index))


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
