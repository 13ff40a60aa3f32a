"""Who a statement addresses: the country or bloc it is directed at or about (guide section 4).

The target is read from what the statement names (``Washington``, ``the
United States``, ``Kyiv``, ``NATO``, ``the West``, a leader such as
``Biden's administration``, a ministry such as ``the Pentagon``), then from
the sentence around it; the speaker's own country (and a bloc it belongs to)
is never the target unless nothing else is named and the text addresses it
in the third person. ``None`` means no counterpart is named.
"""
from __future__ import annotations

import csv
import re
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from .countries import Countries, commented_rows
from .speakers import SpeakerRegistry

#: How much a mention counts, by how it is written.
FORM_WEIGHTS = {"name": 1.0, "alias": 1.0, "capital": 1.0, "demonym": 0.6, "leader": 0.9, "institution": 0.9}
#: Weight of a mention in the surrounding sentence relative to one in the statement itself.
CONTEXT_WEIGHT = 0.5
#: Words right before a mention that make it the addressee (``against X``, ``accused X``, ``urged X``).
_ADDRESSEE = re.compile(
    r"(?:\bagainst|\btoward|\btowards|\bcall(?:s|ed|ing)?\s+(?:on|upon)|\baccus\w*|\bblam\w*|\burg\w*|"
    r"\bwarn\w*|\bcondemn\w*|\bdenounc\w*|\bthank\w*|\bsupport\w*|\bdemand\w*\s+(?:that|of)|\btold|"
    r"\bsanction\w*|\bprovok\w*)\s+(?:the\s+)?$",
    re.I,
)
#: Words right before a mention that make it a mere modifier or place (``in Ukraine``, ``from Kyiv``).
_CIRCUMSTANCE = re.compile(r"(?:\bin|\binside|\bfrom|\bover|\bacross|\bnear|\bof|\bwith|\bby|\bto)\s+"
                           r"(?:the\s+)?$", re.I)
#: Nouns right after a mention that make it the name of an issue rather than a party (``the Taiwan question``).
_TOPIC = re.compile(r"\s+(?:issues?|question|crisis|conflict|situation|problem|file|dossier|affairs?)\b")
#: Nouns right after a capital that make it the name of a deal or a forum, not its country (``the Minsk agreements``).
_SETTLEMENT = re.compile(r"\s+(?:agreements?|accords?|protocols?|process|format|memorandum)\b", re.I)
#: A mention the statement says is not the one concerned (``not by Ukraine but ...``, ``not in Ukraine``).
_NEGATED = re.compile(r"\bnot\s+(?:\w+\s+)?(?:the\s+)?$", re.I)
#: How a statement's stance shifts the choice between candidates by their relation to the speaker:
#: criticism, defence and overtures are mostly addressed to rivals, support to allies.
STANCE_PREFERENCES = {
    "hostile": {"rival": 1.5, "ally": 0.6},
    "defensive": {"rival": 1.5, "ally": 0.6},
    "conciliatory": {"rival": 1.3},
    "supportive": {"ally": 1.5, "rival": 0.5},
}
#: Forums more often the place of a statement than its target.
FORUMS = {"UN": 0.5}
_NAME_WORD = re.compile(r"[^\W_](?:[\w.-]|['\u2019](?!s\b))*")


def _bare(word: str) -> str:
    """A word of a name without a final full stop or apostrophe (``Hamas’`` as in ``Hamas’ attack``)."""
    return word.rstrip(".'\u2019")


#: Characters besides letters and digits that a word of ``_NAME_WORD`` may hold.
_WORD_CHARACTERS = "_.-'\u2019"


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, as a tree of their common beginnings (one compiled
    search instead of a test per word of the text)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(character) + pattern(rest) for character, rest in sorted(node.items()) if character]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return "(?:" + pattern(tree) + ")"


def _name_words(written: str) -> list[str]:
    """The words of a name as :meth:`TargetDetector.mentions` reads text (``People's`` is ``People``, ``s``)."""
    return [_bare(word) for word in _NAME_WORD.findall(written)]


#: Demonyms whose plural adds ``s`` (``Iranian``, ``Saudi``, ``Israeli``; not ``Chinese``, ``British``, ``Swiss``).
_PLURAL_TAKES_S = re.compile(r"(?:[aeiouy]n|i|[^s]e)$")
#: A leader's title right before a short name (``President Xi``, ``Premier Li``).
_TITLE_BEFORE = re.compile(r"\b(?:President|Premier|Prime Minister|PM|Chancellor|King|Emir|Prince|Chairman|"
                           r"Minister|Secretary)\s+$")
_POSSESSIVE = re.compile(r"^['\u2019]s\b")
_LEADER_TITLES = ("president", "prime minister", "premier", "chancellor", "king", "supreme leader", "emir",
                  "foreign minister", "secretary of state", "leader")


@dataclass(frozen=True)
class TargetMention:
    """A place in a text that names a possible target: a country, a bloc, a leader or an institution."""

    start: int
    end: int
    code: str
    form: str


@lru_cache(maxsize=1)
def bloc_members() -> dict[str, frozenset[str]]:
    """Member codes of each bloc (``stance/data/blocs.csv``); a bloc may list blocs it contains."""
    with resources.files("stance").joinpath("data/blocs.csv").open(encoding="utf-8") as f:
        return {row["code"].strip(): frozenset(m.strip() for m in row["members"].split("|") if m.strip())
                for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _relation_rows() -> tuple[tuple[str, str, str], ...]:
    """The rows of ``stance/data/relations.csv``: (a, b, relation)."""
    with resources.files("stance").joinpath("data/relations.csv").open(encoding="utf-8") as f:
        return tuple((row["a"].strip(), row["b"].strip(), row["relation"].strip())
                     for _, row in commented_rows(f, delimiter=","))


@lru_cache(maxsize=1)
def relations() -> dict[frozenset[str], str]:
    """Known relations between countries or blocs: pair -> ``rival`` or ``ally`` (``stance/data/relations.csv``;
    ``a backs b`` is an alliance)."""
    return {frozenset((a, b)): "ally" if kind == "backs" else kind for a, b, kind in _relation_rows()}


@lru_cache(maxsize=1)
def _backing_pairs() -> frozenset[tuple[str, str]]:
    """The ``(patron, client)`` pairs of the ``backs`` rows of ``relations.csv``."""
    return frozenset((a, b) for a, b, kind in _relation_rows() if kind == "backs")


@lru_cache(maxsize=4096)
def backs(patron: str | None, client: str | None) -> bool:
    """True when ``patron`` arms, funds or guarantees ``client``: a ``backs`` row of ``relations.csv``, or a
    bloc allied with a country outside it (NATO and Ukraine)."""
    if not patron or not client or patron == client:
        return False
    if (patron, client) in _backing_pairs():
        return True
    members = bloc_members()
    return patron in members and client not in members and client not in members[patron] \
        and relation(patron, client) == "ally"


@lru_cache(maxsize=16_384)
def relation(a: str | None, b: str | None) -> str | None:
    """``rival``, ``ally`` or ``None`` between two codes, directly or through a bloc either belongs to.

    A rivalry wins over an alliance when both are known (through different blocs).
    """
    if not a or not b or a == b:
        return None
    known = relations()
    members = bloc_members()
    sides_a = {a} | {bloc for bloc, inside in members.items() if a in inside}
    sides_b = {b} | {bloc for bloc, inside in members.items() if b in inside}
    found = {known.get(frozenset((x, y))) for x in sides_a for y in sides_b} - {None}
    return "rival" if "rival" in found else "ally" if found else None


def same_side(code: str | None, affiliation: str | None) -> bool:
    """True when ``code`` is the speaker's own country or bloc, or a bloc the speaker belongs to."""
    if not code or not affiliation:
        return False
    if code == affiliation:
        return True
    members = bloc_members()
    return affiliation in members.get(code, ())


class TargetDetector:
    """Finds target candidates in text with a countries table and a speaker registry."""

    def __init__(self, countries: Countries | None = None, registry: SpeakerRegistry | None = None,
                 party_forms: bool = False):
        self.countries = countries or Countries.default()
        self.registry = registry or SpeakerRegistry.default()
        self.party_forms = party_forms
        names: dict[str, tuple[str, str]] = {}
        for entry in self.registry.entries:
            if not entry.affiliation or entry.type == "group":
                continue
            form = "leader" if entry.type == "person" else "institution"
            # A bare surname (Price, Austin, Miller) is too often an ordinary word or another person;
            # it counts only for heads of state or government and foreign ministers.
            leader = any(word in title.lower() for title in entry.titles for word in _LEADER_TITLES)
            for written in (entry.name, *entry.aliases):
                written = written.strip()
                if written.lower().startswith("the "):
                    written = written[4:]
                if entry.type == "person" and " " not in written and not leader:
                    continue
                if party_forms and written[:1].islower() and "-" in written.split()[0]:
                    written = written[:1].upper() + written[1:]  # 'el-Sisi' opens a sentence as 'El-Sisi'
                # a leader's short name ('Xi') counts after a title only ('President Xi'), see _name_mentions
                if (len(written) >= 4 or party_forms and leader and len(written) >= 2) and written[:1].isupper():
                    names.setdefault(" ".join(written.split()), (entry.affiliation, form))
        with resources.files("stance").joinpath("data/target_aliases.csv").open(encoding="utf-8") as f:
            for _, row in commented_rows(f, delimiter=","):
                names.setdefault(" ".join(row["written"].split()), (row["code"].strip(), "alias"))
        if party_forms:
            for country in self.countries.by_code.values():
                for written in country.demonyms:  # the people as a party: 'the Iranians', 'the Saudis'
                    if _PLURAL_TAKES_S.search(written):
                        names.setdefault(" ".join(written.split()) + "s", (country.code, "demonym"))
                for written in (country.name, *country.aliases):  # an acronym as some papers write it: 'Nato'
                    if len(written) >= 4 and written.isupper() and written.isalpha():
                        names.setdefault(written.capitalize(), (country.code, "alias"))
        self._names = names
        # each name's first word -> (the word counts of its names, longest first; each name by its words)
        self._by_first: dict[str, tuple[list[int], dict[tuple[str, ...], str]]] = {}
        for written in names:
            words = tuple(_name_words(written))
            self._by_first.setdefault(words[0], ([], {}))[1].setdefault(words, written)
        for lengths, by_words in self._by_first.values():
            lengths.extend(sorted({len(words) for words in by_words}, reverse=True))
        self._first_words = re.compile(r"(?<![^\W_])" + _alternatives(self._by_first) + r"(?![\w-])")
        self._memo: dict[str, tuple[TargetMention, ...]] = {}
        # the countries a text names, shared with the twin of :meth:`for_parties` (the same table reads them)
        self._country_memo: dict[str, list[TargetMention]] = {}
        self._scored: dict[tuple[str, str | None, float], Mapping[str, float]] = {}
        self._parties: TargetDetector | None = None

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "TargetDetector":
        """A detector over the shipped countries table and speaker registry."""
        return cls()

    def for_parties(self) -> "TargetDetector":
        """This detector with the forms that name a party in the text but are kept out of the stance features'
        masks: a people in the plural (``the Iranians``), a leader's short name after a title (``President
        Xi``), a registry name written in lower case at a sentence start (``El-Sisi``). The target ranker reads
        its candidates with it."""
        if self.party_forms:
            return self
        if self._parties is None:
            self._parties = TargetDetector(self.countries, self.registry, party_forms=True)
            self._parties._country_memo = self._country_memo
        return self._parties

    @classmethod
    def current(cls) -> "TargetDetector":
        """The detector set by :func:`detecting_with` in this thread, else the default one."""
        return getattr(_ACTIVE, "detector", None) or cls.default()

    @classmethod
    @lru_cache(maxsize=8)
    def for_registry(cls, registry: SpeakerRegistry | None) -> "TargetDetector":
        """A detector over ``registry`` and its countries (the default one for ``None`` or the shipped registry)."""
        if registry is None or registry is SpeakerRegistry.default():
            return cls.default()
        return cls(registry.countries, registry)

    def _name_mentions(self, text: str) -> list[TargetMention]:
        """The registry names, aliases and party forms in ``text``: one compiled search finds where a name's
        first word stands; only there are the words read (as ``_NAME_WORD`` reads the whole text)."""
        found = []
        free = 0  # where the text after the last name found starts
        for hit in self._first_words.finditer(text):
            at = hit.start()
            if at < free:
                continue
            matches = self._words_at(text, at)
            if not matches:
                continue
            words = tuple(_bare(m.group(0)) for m in matches)
            lengths, by_words = self._by_first[words[0]]
            for length in lengths:
                written = by_words.get(words[:length]) if length <= len(words) else None
                if written is not None:
                    last = length - 1
                    code, form = self._names[written]
                    if len(written) < 4 and not written.isupper() \
                            and not _TITLE_BEFORE.search(text[max(0, at - 20):at]):
                        break  # 'Li' or 'Lee' alone is anyone; 'Premier Li' is the leader
                    found.append(TargetMention(at, matches[last].start() + len(words[last]), code, form))
                    free = matches[last].end()
                    break
        return found

    def _words_at(self, text: str, at: int) -> list[re.Match[str]]:
        """The words of ``text`` from the one starting at ``at`` on, as many as the longest name whose first word
        it is; empty when no word starts at ``at`` or its first word opens no name."""
        start = at
        while start and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARACTERS):
            start -= 1  # back to a character no word holds, where reading words starts afresh
        words = _NAME_WORD.finditer(text, start)
        for word in words:
            if word.start() >= at:
                break
        else:
            return []
        names = self._by_first.get(_bare(word.group(0)))
        if word.start() != at or not names:
            return []
        out = [word]
        for word in words:
            if len(out) == names[0][0]:
                break
            out.append(word)
        return out

    def _country_mentions(self, text: str) -> list[TargetMention]:
        """The countries and blocs ``text`` names (a capital naming a deal or forum left out), remembered."""
        found = self._country_memo.get(text)
        if found is None:
            if len(self._country_memo) > 50_000:
                self._country_memo.clear()
            # a curly apostrophe reads as a straight one (same length, so the offsets hold): 'People’s Republic'
            found = self._country_memo[text] = [
                TargetMention(m.start, m.end, m.code, m.form)
                for m in self.countries.mentions(text.replace("\u2019", "'"))
                if not (m.form == "capital" and _SETTLEMENT.match(text, m.end))]
        return found

    def mentions(self, text: str) -> list[TargetMention]:
        """Every country, bloc, leader or institution named in ``text``, in reading order."""
        cached = self._memo.get(text)
        if cached is None:
            found = self._country_mentions(text) + self._name_mentions(text)
            found.sort(key=lambda m: (m.start, -(m.end - m.start)))
            kept: list[TargetMention] = []
            for mention in found:
                if kept and mention.start < kept[-1].end:
                    continue
                kept.append(mention)
            if len(self._memo) > 50_000:
                self._memo.clear()
            cached = self._memo[text] = tuple(kept)
        return list(cached)

    def scores(self, text: str, affiliation: str | None = None, weight: float = 1.0) -> Counter:
        """Candidate codes with their weight in ``text``.

        A code scores its best mention (earlier, addressed, named rather than
        an adjective, a place or an issue, ``the Taiwan question``, count
        more) plus a little for each repeat.
        """
        return Counter(self._remembered_scores(text, affiliation, weight))

    def _remembered_scores(self, text: str, affiliation: str | None, weight: float) -> Mapping[str, float]:
        """:meth:`scores` as a read-only mapping, remembered: a statement is scored again with its context and
        once labelled."""
        key = (text, affiliation, weight)
        scored = self._scored.get(key)
        if scored is None:
            if len(self._scored) > 50_000:
                self._scored.clear()
            scored = self._scored[key] = MappingProxyType(self._score(text, affiliation, weight))
        return scored

    def _score(self, text: str, affiliation: str | None, weight: float) -> dict[str, float]:
        best: dict[str, float] = {}
        repeats: Counter = Counter()
        for rank, mention in enumerate(m for m in self.mentions(text) if m.code != affiliation):
            score = FORM_WEIGHTS.get(mention.form, 0.6) * FORUMS.get(mention.code, 1.0) / (1.0 + 0.15 * rank)
            before = text[max(0, mention.start - 30):mention.start]
            if _NEGATED.search(before):
                score *= 0.3
            elif _ADDRESSEE.search(before):
                score *= 1.6
            elif _CIRCUMSTANCE.search(before):
                score *= 0.6
            after = text[mention.end:mention.end + 3]
            if _POSSESSIVE.match(after):
                score *= 1.2
            elif after.startswith("-") and after[1:2].isalpha() or _TOPIC.match(text, mention.end):
                score *= 0.6
            if same_side(mention.code, affiliation):
                score *= 0.3
            best[mention.code] = max(score, best.get(mention.code, 0.0))
            repeats[mention.code] += 1
        return {code: weight * (value + 0.1 * (repeats[code] - 1)) for code, value in best.items()}

    def background(self, text: str, affiliation: str | None = None) -> Counter:
        """How often each country or bloc other than the speaker's own is named in ``text`` (an article)."""
        return Counter(m.code for m in self.mentions(text) if not same_side(m.code, affiliation))

    def detect(
        self,
        text: str,
        *,
        speaker_affiliation: str | None = None,
        context: str | None = None,
        cue: str | None = None,
        background: str | Mapping[str, float] | None = None,
        stance: str | None = None,
    ) -> str | None:
        """The code of the country or bloc ``text`` addresses, or ``None``; see :func:`detect_target`."""
        cue = cue if isinstance(cue, str) else None
        context = context if isinstance(context, str) else None
        speaker_affiliation = speaker_affiliation if isinstance(speaker_affiliation, str) else None
        scores = dict(self._remembered_scores(text, speaker_affiliation, 1.0))
        if cue:
            _add(scores, self._remembered_scores(cue, speaker_affiliation, CONTEXT_WEIGHT))
        if not scores and context:
            _add(scores, self._remembered_scores(context, speaker_affiliation, CONTEXT_WEIGHT))
        if not scores and background is not None:
            counts = self.background(background, speaker_affiliation) if isinstance(background, str) else background
            total = sum(counts.values()) or 1
            _add(scores, {code: n / total for code, n in counts.items() if not same_side(code, speaker_affiliation)})
        if not scores:
            return None
        if stance in STANCE_PREFERENCES and speaker_affiliation:
            preference = STANCE_PREFERENCES[stance]
            if preference.get("rival", 1.0) > 1.0 and not any(
                    relation(speaker_affiliation, code) == "rival" for code in scores):
                # Criticism or a defence that names only friends answers someone else: a rival named nearby.
                nearby = dict(self._remembered_scores(context, speaker_affiliation, CONTEXT_WEIGHT)) if context else {}
                if isinstance(background, Mapping):
                    total = sum(background.values()) or 1
                    _add(nearby, {code: CONTEXT_WEIGHT * n / total for code, n in background.items()})
                for code, value in nearby.items():
                    if relation(speaker_affiliation, code) == "rival":
                        scores[code] = max(scores.get(code, 0.0), value)
            for code in scores:
                scores[code] *= preference.get(relation(speaker_affiliation, code), 1.0)
        return max(scores, key=scores.get)


def _add(totals: dict[str, float], more: Mapping[str, float]) -> None:
    """Add ``more`` into ``totals`` key by key, as ``Counter.update`` does."""
    for key, value in more.items():
        totals[key] = value + totals.get(key, 0)


_ACTIVE = threading.local()


@contextmanager
def detecting_with(detector: TargetDetector) -> Iterator[TargetDetector]:
    """Within the block, features and targets in this thread use ``detector`` (like sklearn's ``config_context``)."""
    previous = getattr(_ACTIVE, "detector", None)
    _ACTIVE.detector = detector
    try:
        yield detector
    finally:
        _ACTIVE.detector = previous


def detect_target(
    text: str,
    *,
    speaker_affiliation: str | None = None,
    context: str | None = None,
    cue: str | None = None,
    background: str | Mapping[str, float] | None = None,
    stance: str | None = None,
) -> str | None:
    """The country or bloc a statement addresses (alpha-3 or bloc code), or ``None``.

    ``text`` is the statement; ``context`` the sentence(s) around it, read
    when the statement itself names no counterpart; ``cue`` the reporting
    words (``accused Washington of``); ``background`` the whole article (or
    its mention counts), read last. The speaker's own side
    (``speaker_affiliation`` and the blocs it belongs to) counts for little
    and never wins over another named party. ``stance``, when known, favours
    rivals of the speaker for hostile, defensive and conciliatory statements
    and allies for supportive ones (``stance/data/relations.csv``).

    >>> detect_target("Washington is fuelling the war", speaker_affiliation="RUS")
    'USA'
    """
    return TargetDetector.default().detect(
        text, speaker_affiliation=speaker_affiliation, context=context, cue=cue, background=background, stance=stance
    )
