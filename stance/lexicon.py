"""The diplomatic cue lexicon: which words of a statement signal threat, accusation, denial, support, peace ...

The entries live in ``stance/data/lexicon.tsv`` (category, entry, weight). A
:class:`Lexicon` finds them in a text, marks the ones inside the scope of a
negation (``we threaten no one``, ``does not seek escalation``) and notes
conditional markers (``if``, ``unless``, ``would``), so the classifier can tell
``we will strike`` from ``we will not strike`` and ``if they strike, we will respond``.

The de-escalation family (:data:`DEESCALATION`: troops pulled back or sent
home, alerts lifted, hotlines, releases as goodwill, agreements honoured,
mistakes owned) also gets a *demand scope*: a move that follows a demand in
the same sentence (``must withdraw``, ``urged Serbia to pull back``) is the
speaker asking the other side for it, not offering it, and counts apart
(``demanded_stand_down``) from the speaker's own move (``stand_down``).
:func:`lexicon_labels` is the lexicon-only baseline built on the same matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Iterable, Mapping

#: Categories whose matches count as "the speaker will act" signals for conditionals.
THREAT_CATEGORIES = ("force", "measures", "response", "danger", "warn", "vow")
#: Categories that are markers rather than cues; they are never negated themselves.
MARKERS = ("negation", "conditional", "first_person")
_MARKER_SET = frozenset(MARKERS)
#: De-escalation moves and commitments: pulling back, standing down, goodwill steps, honouring agreements, amends.
DEESCALATION = ("stand_down", "goodwill", "commit", "amends")
#: The family key that sums the :data:`DEESCALATION` categories (``lex:deescalate``, ``lex:demanded_deescalate`` ...).
DEESCALATION_FAMILY = "deescalate"
#: Which category names a match that has several, strongest signal first.
PRIORITY = ("reassure", "force", "measures", "response", "condemn", "accuse", "label", "deny", "reject", "warn", "danger",
            "demand", "amends", "regret", "condole", "criticize", "justify", "stand_down", "goodwill", "commit",
            "peace", "welcome", "offer", "support", "military", "vow", "report", "negation", "conditional",
            "first_person")
_RANK = {category: i for i, category in enumerate(PRIORITY)}
#: How many words after a negator its scope reaches.
NEGATION_SCOPE = 4
#: How many words after a demand (``must``, ``urged ... to``) its scope over a de-escalation move reaches.
DEMAND_SCOPE = 10

_CLAUSE_BREAK = re.compile(r"[,.;:!?\u2014()]|\bbut\b|\band\b|\bwhile\b|\bwhereas\b", re.I)
#: A demand governs coordinated verbs (``must end its aggression and withdraw``), not the next sentence or a contrast.
_DEMAND_BREAK = re.compile(r"[.;:!?\u2014()]|\bbut\b|\bwhile\b|\bwhereas\b|\bif\b|\bonce\b", re.I)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)?")


class LexiconError(ValueError):
    """A lexicon file that cannot be read (names the file and line)."""


@dataclass(frozen=True)
class LexiconEntry:
    """One lexicon line: ``entry`` (lowercase; a trailing ``*`` matches any ending) in ``category``."""

    category: str
    entry: str
    weight: float = 1.0


@dataclass(frozen=True)
class CueMatch:
    """A lexicon match in a text: offsets, the words as written, categories, and scope flags."""

    start: int
    end: int
    words: str
    categories: tuple[tuple[str, float], ...]
    negated: bool = False
    demanded: bool = False


def read_lexicon(source: IO[str], name: str = "lexicon") -> list[LexiconEntry]:
    """Parse a lexicon TSV (``category<TAB>entry[<TAB>weight]``; ``#`` starts a comment line)."""
    entries = []
    for number, line in enumerate(source, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (2, 3) or not parts[0].strip() or not parts[1].strip():
            raise LexiconError(f"{name}:{number}: expected 'category<TAB>entry[<TAB>weight]', got {line!r}")
        try:
            weight = float(parts[2]) if len(parts) == 3 else 1.0
        except ValueError:
            raise LexiconError(f"{name}:{number}: weight {parts[2]!r} is not a number") from None
        entry = " ".join(parts[1].lower().split())
        if "*" in entry[:-1]:
            raise LexiconError(f"{name}:{number}: {entry!r}: '*' may only end an entry (it matches any ending of "
                               "the last word); write each form of an earlier word as its own row")
        entries.append(LexiconEntry(parts[0].strip(), entry, weight))
    return entries


_TOKEN = re.compile(r"\w+?(?=n['\u2019]t\b)|n['\u2019]t\b|['\u2019](?:ll|s|re|ve|d|m)\b|\w+(?:-\w+)*")


def _normal(word: str) -> str:
    word = word.lower().replace("\u2019", "'")
    return "not" if word == "n't" else word


#: :func:`_normal` of the tokens seen so far (bounded: cleared when full).
_NORMAL: dict[str, str] = {}


class Lexicon:
    """A compiled cue lexicon: ``matches(text)`` and ``features(text)``."""

    def __init__(self, entries: Iterable[LexiconEntry]):
        self.entries = tuple(entries)
        self.categories = tuple(sorted({e.category for e in self.entries}))
        phrases: dict[tuple[tuple[str, ...], bool], dict[str, float]] = {}
        for e in self.entries:
            words = tuple(_normal(t) for t in _TOKEN.findall(e.entry.rstrip("*")))
            if not words:
                raise LexiconError(f"lexicon entry {e.entry!r} ({e.category}) has no words")
            cats = phrases.setdefault((words, e.entry.endswith("*")), {})
            cats[e.category] = max(e.weight, cats.get(e.category, 0.0))
        self._by_first: dict[str, list] = {}
        self._prefixed: dict[str, list] = {}
        for (words, prefix), cats in phrases.items():
            item = (words, prefix, tuple(sorted(cats.items())))
            if prefix and len(words) == 1:
                self._prefixed.setdefault(words[0][:2], []).append(item)
            else:
                self._by_first.setdefault(words[0], []).append(item)
        self._memo: dict[str, tuple] = {}

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Lexicon":
        """The lexicon shipped with the package (``stance/data/lexicon.tsv``)."""
        with resources.files("stance").joinpath("data/lexicon.tsv").open(encoding="utf-8") as f:
            return cls(read_lexicon(f, "stance/data/lexicon.tsv"))

    @classmethod
    def from_file(cls, path: str | Path) -> "Lexicon":
        """A lexicon read from a TSV file at ``path``."""
        with open(path, encoding="utf-8") as f:
            return cls(read_lexicon(f, str(path)))

    def _candidates(self, word: str) -> tuple:
        """The entries that may start at a token ``word``, grouped by length, longest first:
        ``(length, categories, [])`` for one-word entries (they always fit: their categories merged once),
        ``(length, None, [(following words, prefix, categories)])`` for longer ones. Remembered per word."""
        found = self._memo.get(word)
        if found is None:
            items = list(self._by_first.get(word, ()))
            items += [item for item in self._prefixed.get(word[:2], ()) if word.startswith(item[0][0])]
            groups = []
            for length in sorted({len(words) for words, _, _ in items}, reverse=True):
                same = [(list(words[1:]), prefix, cats) for words, prefix, cats in items if len(words) == length]
                groups.append((length, _merged_categories(cats for _, _, cats in same) if length == 1 else None,
                               same))
            found = self._memo[word] = tuple(groups)
        return found

    @staticmethod
    def _hit(groups: tuple, tokens: list[str], i: int) -> tuple[int, tuple[tuple[str, float], ...]] | None:
        """The longest entries that fit the tokens from ``i`` on: their length and merged categories."""
        for length, merged, same in groups:
            if merged is not None:
                return length, merged
            if i + length > len(tokens):
                continue
            fitting = [cats for rest, prefix, cats in same
                       if (tokens[i + 1:i + length] == rest if not prefix else
                           tokens[i + 1:i + length - 1] == rest[:-1] and tokens[i + length - 1].startswith(rest[-1]))]
            if fitting:
                return length, _merged_categories(fitting)
        return None

    def matches(self, text: str, demanded: bool = False) -> list[CueMatch]:
        """Every lexicon match in ``text`` (longest entry first), with negation and demand scope resolved.

        ``demanded`` says that ``text`` is the complement of a demand cue
        (``called on`` + ``Serbia to pull back its forces``): a demand's scope
        is then open from the start of the text.
        """
        found = list(_TOKEN.finditer(text))
        normal = _NORMAL
        if len(normal) > 100_000:
            normal.clear()
        tokens = [normal[word] if word in normal else normal.setdefault(word, _normal(word))
                  for word in (m.group() for m in found)]
        memo = self._memo
        options = [memo[t] if t in memo else self._candidates(t) for t in tokens]
        out: list[CueMatch] = []
        last_negation_end = None
        last_demand_end = 0 if demanded else None
        free = 0  # the first token after the last match
        for i in [k for k, option in enumerate(options) if option]:  # only where an entry may start
            hit = self._hit(options[i], tokens, i) if i >= free else None
            if hit is None:
                continue
            length, cats = hit
            start, end = found[i].start(), found[i + length - 1].end()
            names = {c for c, _ in cats}
            negated = False
            if last_negation_end is not None and not names <= _MARKER_SET:
                between = text[last_negation_end:start]
                if not _CLAUSE_BREAK.search(between) and len(_WORD.findall(between)) < NEGATION_SCOPE:
                    negated = True
            demanded = False
            if last_demand_end is not None and not names.isdisjoint(DEESCALATION):
                between = text[last_demand_end:start]
                demanded = not _DEMAND_BREAK.search(between) and len(_WORD.findall(between)) < DEMAND_SCOPE
            out.append(CueMatch(start, end, text[start:end], cats, negated, demanded))
            if "negation" in names:
                last_negation_end = end
            if "demand" in names and not negated:
                last_demand_end = end
            free = i + length
        return out

    def features(self, text: str, prefix: str = "lex",
                 demanded: bool = False) -> tuple[dict[str, float], list[CueMatch]]:
        """Weighted category counts for ``text`` and the matches behind them (see :func:`count_matches`)."""
        found = self.matches(text, demanded)
        return count_matches(found, prefix), found


def _merged_categories(groups: Iterable[tuple[tuple[str, float], ...]]) -> tuple[tuple[str, float], ...]:
    """Categories of several entries that match the same words: each at its highest weight, sorted by name."""
    merged: dict[str, float] = {}
    for cats in groups:
        for c, w in cats:
            merged[c] = max(w, merged.get(c, 0.0))
    return tuple(sorted(merged.items()))


def count_matches(found: Iterable[CueMatch], prefix: str = "lex") -> dict[str, float]:
    """Weighted category counts of lexicon matches.

    Keys are ``{prefix}:{category}`` (and ``{prefix}:{category}!`` counting
    the clear cues alone); a negated match counts as
    ``{prefix}:not_{category}``, a de-escalation move inside a demand's scope
    as ``{prefix}:demanded_{category}``, and threat-like categories among
    matches with a conditional marker also count as ``{prefix}:if_{category}``.
    Each de-escalation match also adds its strongest weight to the family key
    (``{prefix}:deescalate``, ``not_deescalate``, ``demanded_deescalate``).
    """
    found = list(found)
    conditional = any(c == "conditional" for m in found for c, _ in m.categories)
    counts: dict[str, float] = {}
    for m in found:
        family = max((w for c, w in m.categories if c in DEESCALATION), default=0.0)
        if family:
            scope = "not_" if m.negated else "demanded_" if m.demanded else ""
            key = f"{prefix}:{scope}{DEESCALATION_FAMILY}"
            counts[key] = counts.get(key, 0.0) + family
            if not scope and family >= 1.0:
                counts[key + "!"] = counts.get(key + "!", 0.0) + 1.0
        for category, weight in m.categories:
            if category in MARKERS:
                key = f"{prefix}:{category}"
            elif m.negated:
                key = f"{prefix}:not_{category}"
            elif m.demanded and category in DEESCALATION:
                key = f"{prefix}:demanded_{category}"
            else:
                key = f"{prefix}:{category}"
                if conditional and category in THREAT_CATEGORIES:
                    counts[f"{prefix}:if_{category}"] = counts.get(f"{prefix}:if_{category}", 0.0) + weight
                if weight >= 1.0:
                    strong = f"{prefix}:{category}!"
                    counts[strong] = counts.get(strong, 0.0) + 1.0
            counts[key] = counts.get(key, 0.0) + weight
    return counts


def main_category(match: CueMatch) -> str:
    """The one category a match stands for in a category sequence (highest weight, then :data:`PRIORITY`)."""
    category = max(match.categories, key=lambda cw: (cw[1], -_RANK.get(cw[0], len(_RANK))))[0]
    if match.negated:
        return f"not_{category}"
    return f"demanded_{category}" if match.demanded and category in DEESCALATION else category


def lexicon_labels(counts: Mapping[str, float]) -> tuple[str, int, str]:
    """The lexicon-only rule: ``(stance, escalation, act)`` from :meth:`Lexicon.features` counts.

    A fixed priority order over the guide's cue families, strongest signal
    first; no learning. Peace vocabulary (talks, settlement, stability) makes a
    statement conciliatory only with a conciliatory act (an offer, appeal,
    welcome or the speaker's own voice); alone it is a neutral report. A
    de-escalation move in the speaker's own voice (``our soldiers are coming
    home``, ``we will honour the accord``) is conciliatory unless force or a
    response is also stated; the same move demanded of someone else is a
    demand, and refused (``we will not withdraw``) a rejection.
    ``counts`` may also hold ``agent:own`` (the speaker's own side is named as
    an actor). It is the baseline the trained model is compared with, and one
    of the model's features.
    """
    return _rule_labels(tuple(counts.items()))


@lru_cache(maxsize=65_536)
def _rule_labels(items: tuple[tuple[str, float], ...]) -> tuple[str, int, str]:
    """:func:`lexicon_labels` of counts given as items, remembered: the same few counts recur."""
    counts = _Counts(dict(items))
    return _moves_and_threats(counts) or _charges_and_denials(counts) or _milder_labels(counts)


@dataclass(frozen=True)
class _Counts:
    """Read access to a statement's lexicon counts by category."""

    counts: dict[str, float]

    def strong(self, category: str) -> float:
        return self.counts.get(f"lex:{category}!", 0.0)

    def weight(self, category: str) -> float:
        return self.counts.get(f"lex:{category}", 0.0)

    def negated(self, *categories: str) -> float:
        return sum(self.counts.get(f"lex:not_{c}", 0.0) for c in categories)

    @property
    def own(self) -> bool:
        return self.weight("first_person") > 0 or self.counts.get("agent:own", 0.0) > 0


def _moves_and_threats(c: _Counts) -> tuple[str, int, str] | None:
    """Reassurance, the speaker's own de-escalatory move, or a threat or warning of force or measures."""
    own, vow, if_ = c.own, c.weight("vow") > 0, c.weight("conditional") > 0
    if c.strong("reassure") or (c.negated("force", "response", "danger", "accuse", "label")
                                and not c.strong("force") and not c.strong("response")):
        return "conciliatory", 0, "reassure"
    threat = c.strong("force") or c.strong("measures") or c.strong("response")
    moves = (c.strong(DEESCALATION_FAMILY) or c.weight(DEESCALATION_FAMILY) >= 1) and (own or vow)
    if moves and not threat and not (c.strong("accuse") or c.strong("condemn") or c.strong("label")):
        return "conciliatory", 0, "regret" if c.strong("amends") else "propose" if if_ else "reassure"
    if (c.strong("force") or (c.weight("force") and own and vow)) and (own or vow or if_ or c.weight("warn")):
        return "hostile", 5, "threaten"
    if c.strong("measures") and (own or vow):
        return "hostile", 5, "threaten"
    if c.strong("response") or (c.weight("response") and (own or vow or if_ or c.weight("warn"))):
        return "hostile", 4, "threaten" if own or vow else "warn"
    if c.weight("warn") and (c.strong("danger") or c.weight("danger") >= 1):
        return "hostile", 4, "warn"
    return None


def _charges_and_denials(c: _Counts) -> tuple[str, int, str] | None:
    """Condemnation, denial, accusation, warning, demand and rejection."""
    if c.strong("condemn") or c.weight("condemn") >= 1:
        return "hostile", 3, "condemn"
    if c.strong("deny"):
        return "defensive", 2, "deny"
    if c.strong("accuse") or c.strong("label") or c.weight("accuse") + c.weight("label") + c.weight("condemn") >= 1:
        return "hostile", 3, "accuse"
    if c.strong("warn") or c.strong("danger"):
        return "hostile", 3, "warn"
    if (c.strong("demand") or c.weight("demand") >= 1 or c.weight(f"demanded_{DEESCALATION_FAMILY}") >= 1) \
            and not c.strong("peace"):
        return "hostile", 3, "demand"
    if c.strong("reject"):
        return "hostile", 2, "reject"
    return None


def _milder_labels(c: _Counts) -> tuple[str, int, str]:
    """Regret, condolence, criticism, justification, welcome, support, else a neutral report."""
    if c.strong("regret"):
        return "conciliatory", 0, "regret"
    if c.strong("condole"):
        return "neutral", 1, "condole"
    if c.strong("criticize") or c.negated("support", "peace", "welcome"):
        return "hostile", 2, "criticize"
    if c.negated(*DEESCALATION) >= 1:
        return "hostile", 2, "reject"
    if c.strong("justify") or c.weight("justify") >= 1:
        return "defensive", 2, "justify"
    if c.strong("peace") or c.strong("welcome") or c.weight("peace") + c.weight("welcome") >= 1:
        if not (c.weight("offer") or c.weight("demand") or c.weight("welcome") or c.own):
            return "neutral", 1, "report"
        act = "appeal" if c.weight("demand") else ("support" if c.strong("welcome") else "propose")
        return "conciliatory", 0, act
    if c.weight("support") >= 0.5:
        return "supportive", 1, "support"
    return "neutral", 1, "report"
