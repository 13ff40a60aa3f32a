"""The target of a statement, learnt: which candidate country or bloc it is directed at, or none.

:class:`TargetRanker` scores every candidate a statement offers (the
countries and blocs named in the statement, its cue, the sentences around it
and the article, the rivals of the speaker that back a party it names) and a
``none`` candidate, with a logistic regression over features of each
candidate: where and how it is named (its role: first named, a place after
``in``, a possessive ``X's``, the subject of a clause, the words around it;
none for a party set aside by a contrast, ``not by X but by ...``), how much
the article names it (weighed by where the statement names it: in its text,
cue, sentence, or only in the article), how the speaker relates to it
(``stance/data/relations.csv``: rival, ally, or the patron that backs a party
named, as the United States for Taiwan when China speaks), whether it is the speaker's rival the article names most,
crossed with the statement's stance, and whether the statement speaks of
armed groups that are no state (a country named beside terrorists is often
only where they act); "no target" reads how many parties are named, whether
two are named as a pair (``between Armenia and Azerbaijan``), whether the
speaker is a third party to all it names, whether the
statement speaks of such armed groups and its words (condolences, both
sides). The
probabilities of all candidates sum to one, so ``target_proba`` says how sure
the choice is; when the stance is uncertain, the choice each stance would make
is weighed by that stance's probability. It is fitted on the shipped training
corpus, where the other statements of a document stand in for the article.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from .targets import CONTEXT_WEIGHT, TargetDetector, TargetMention, backs, bloc_members, relation, relations, same_side

#: The candidate standing for "no target".
NONE = "none"


class NoTargetNamed(ValueError):
    """No labelled target is among the candidates its statement offers: nothing to learn a choice from."""


#: The stance that stands for any one while the features of a query are built once for all its stances.
_ANY_STANCE = "\x00"
_STANCE_MARK = f"stance={_ANY_STANCE}"
#: How many of the article's most named countries are candidates.
BACKGROUND_CANDIDATES = 4


@dataclasses.dataclass(frozen=True)
class TargetQuery:
    """What the ranker reads of one statement: its text, cue, speaker side, surroundings and stance.

    With ``stance_proba`` (each stance's probability) the ranker weighs the
    target each stance would choose by that probability instead of trusting
    ``stance`` alone.
    """

    text: str
    affiliation: str | None = None
    cue: str | None = None
    context: str | None = None
    background: Mapping[str, float] = dataclasses.field(default_factory=dict)
    stance: str | None = None
    stance_proba: Mapping[str, float] | None = None


def _relation_name(affiliation: str | None, code: str) -> str:
    if not affiliation:
        return "unknown"
    if same_side(code, affiliation):
        return "own"
    return relation(affiliation, code) or "other"


@lru_cache(maxsize=1024)
def _allies(code: str) -> frozenset[str]:
    """Codes allied with ``code`` (``relations.csv``), bloc membership included."""
    out = {other for pair, kind in relations().items() if kind == "ally" and code in pair for other in pair}
    out |= {bloc for bloc, members in bloc_members().items() if code in members}
    out.discard(code)
    return frozenset(out)


#: Words right after a mention that make it the subject of a clause (``Washington is``, ``Russia must``).
_SUBJECT_NEXT = re.compile(r"^\s+(?:is|are|was|were|has|have|had|will|would|must|should|can|could|may|might|"
                           r"continues|remains|did|does|keeps|needs)\b", re.I)
_WORD = re.compile(r"[a-z]+")
#: Words for armed actors that are no state (a statement against them has no country as its target).
_NON_STATE = re.compile(r"\b(?:terroris[tm]s?|militants?|extremists?|gunm[ae]n|perpetrators?|attackers?|"
                        r"assailants?|insurgents?|jihadists?|al[- ]Shabaa?b|ISIS|ISIL|Daesh|Islamic State|"
                        r"al[- ]Qa[e']?ida|Boko Haram|armed (?:individuals|groups?|men))\b", re.I)
#: A mention set aside by a contrast (``not by Ukraine but by ...``, ``not in X, but in Y``) when ``but`` follows.
_CONTRASTED = re.compile(r"\bnot\s+(?:by|in|from|to|against|at|on)?\s*(?:the\s+)?$", re.I)
#: Words before a mention that make it a place rather than a party (``attacks in Kabul``).
_PLACE_WORDS = ("in", "inside", "from")


def _set_aside(text: str, mention: TargetMention) -> bool:
    """Whether a contrast sets ``mention`` aside: ``not`` (``not by``, ``not in`` ...) before it, ``but`` after."""
    return bool(_CONTRASTED.search(text[max(0, mention.start - 30):mention.start])
                and re.match(r"[^.;]{0,60}\bbut\b", text[mention.end:]))


#: What joins two parties named as a pair or a list: ``and``, a comma, a hyphen, a dash or a slash.
_JOINED = re.compile(r"^\s*(?:,|and|&|-|\u2013|/)\s*(?:the\s+)?$", re.I)


def _paired(text: str, mention: TargetMention, mentions: Sequence[TargetMention]) -> bool:
    """Whether ``mention`` is joined to another party's mention by ``and``, a comma, a hyphen or a slash
    (``Armenia and Azerbaijan``, ``Russia-Turkiye relations``)."""
    for other in mentions:
        if other.code == mention.code:
            continue
        between = text[mention.end:other.start] if other.start >= mention.end else text[other.end:mention.start]
        if len(between) <= 12 and _JOINED.match(between):
            return True
    return False


def mention_roles(text: str, affiliation: str | None, detector: TargetDetector) -> dict[str, set[str]]:
    """How each code other than the speaker's own side is named in ``text``, as a set of roles per code.

    The roles are ``first`` (the first other party named), ``start`` (named at
    the start), ``prev=WORD`` and ``next=WORD`` (the words around a mention:
    ``against X``, ``in X``, ``urged X``, ``X must``), ``possessive``
    (``X's arms sales``), ``subject`` (``X is``,
    ``X will``), ``paired`` (joined to another party: ``Armenia and
    Azerbaijan``, ``Russia-Turkiye relations``) and ``form=FORM`` (``name``,
    ``demonym``, ``leader`` ...). A
    party the text sets aside by a contrast (``not by X but by Y``, ``not in
    X, but in Y``) gets no roles: the statement is about the other.
    """
    roles: dict[str, set[str]] = {}
    mentions = detector.mentions(text)
    for mention in mentions:
        if same_side(mention.code, affiliation) or _set_aside(text, mention):
            continue
        found = roles.setdefault(mention.code, set())
        if len(roles) == 1 and not found:
            found.add("first")
        if mention.start < 5:
            found.add("start")
        found.add(f"form={mention.form}")
        before = _WORD.findall(text[max(0, mention.start - 25):mention.start].lower())
        after = text[mention.end:mention.end + 25]
        following = _WORD.findall(after.lower())
        found.add(f"prev={before[-1] if before else '^'}")
        found.add(f"next={following[0] if following else '$'}")
        if _paired(text, mention, mentions):
            found.add("paired")
        if re.match(r"['\u2019]s?\b", after):
            found.add("possessive")
        elif _SUBJECT_NEXT.match(after):
            found.add("subject")
    return roles


def _patrons(candidates: set[str], affiliation: str | None) -> tuple[set[str], set[str]]:
    """Rivals of the speaker that back another candidate (patrons: the United States for Taiwan, said by
    China), and the candidates they back (clients)."""
    patrons: set[str] = set()
    clients: set[str] = set()
    if not affiliation:
        return patrons, clients
    for code in candidates:
        if relation(affiliation, code) != "rival":
            continue
        backed = {other for other in candidates if backs(code, other) and not same_side(other, affiliation)}
        if backed:
            patrons.add(code)
            clients |= backed
    return patrons, clients


def _main_rival(background: Mapping[str, float], affiliation: str | None) -> str | None:
    """The speaker's rival the article names most (a patron of another party named wins a tie), or ``None``."""
    rivals = [(count + 0.5 * any(backs(code, other) for other in background), code)
              for code, count in background.items() if relation(affiliation, code) == "rival"]
    return max(rivals)[1] if rivals else None


@dataclasses.dataclass(frozen=True)
class _Candidates:
    """The candidates of one query and where each is named: scores in the text, cue and context, roles."""

    text: Mapping[str, float]
    cue: Mapping[str, float]
    context: Mapping[str, float]
    ranked: list[tuple[str, float]]
    named: set[str]
    codes: set[str]
    roles: Mapping[str, set[str]]
    cue_roles: Mapping[str, set[str]]
    context_roles: Mapping[str, set[str]]


def _find_candidates(query: TargetQuery, affiliation: str | None, detector: TargetDetector) -> _Candidates:
    in_text = dict(detector.scores(query.text, affiliation))
    in_cue = dict(detector.scores(query.cue, affiliation)) if query.cue else {}
    in_context = dict(detector.scores(query.context, affiliation, CONTEXT_WEIGHT)) if query.context else {}
    ranked = sorted(query.background.items(), key=lambda item: (-item[1], item[0]))
    named = set(in_text) | set(in_cue)
    codes = named | set(in_context) | {code for code, _ in ranked[:BACKGROUND_CANDIDATES]}
    if affiliation:
        allied = {p for code in named for p in _allies(code) if relation(affiliation, p) == "rival"}
        codes |= allied & (set(in_context) | set(query.background))
    return _Candidates(in_text, in_cue, in_context, ranked, named, codes,
                       mention_roles(query.text, affiliation, detector),
                       mention_roles(query.cue, affiliation, detector) if query.cue else {},
                       mention_roles(query.context, affiliation, detector) if query.context else {})


def candidate_features(query: TargetQuery, detector: TargetDetector) -> dict[str, dict[str, float]]:
    """Each candidate code (and :data:`NONE`) with its features, read with ``detector.for_parties()``."""
    detector = detector.for_parties()
    affiliation = query.affiliation if isinstance(query.affiliation, str) else None
    stance = query.stance or "unknown"
    found = _find_candidates(query, affiliation, detector)
    patrons, clients = _patrons(found.codes, affiliation)
    main_rival = _main_rival(query.background, affiliation)
    total = sum(query.background.values()) or 1.0
    best_text = max(found.text.values(), default=0.0)
    non_state = bool(_NON_STATE.search(query.text))
    out: dict[str, dict[str, float]] = {}
    for code in sorted(found.codes):  # a fixed order: the same sums, and the same fit, in every process
        rel = _relation_name(affiliation, code)
        where = "text" if code in found.text else "cue" if code in found.cue else \
            "context" if code in found.context else "background"
        f = {
            "text": found.text.get(code, 0.0), "in_text": float(code in found.text),
            "best_in_text": float(code in found.text and found.text[code] == best_text),
            "cue": found.cue.get(code, 0.0), "context": found.context.get(code, 0.0),
            f"background|where={where}": query.background.get(code, 0.0) / total,
            "background_first": float(bool(found.ranked) and found.ranked[0][0] == code),
            f"rel={rel}": 1.0, f"rel={rel}|stance={stance}": 1.0,
            f"named={code in found.named}|rel={rel}|stance={stance}": 1.0, f"where={where}|stance={stance}": 1.0,
            "bloc": float(code in bloc_members()), "forum": float(code == "UN"),
        }
        for role in sorted(found.roles.get(code, ())):
            f[f"role:{role}"] = 1.0
        for role in sorted(found.context_roles.get(code, ())) if code not in found.text else ():
            f[f"context_role:{role}"] = 1.0
        for role in sorted(found.cue_roles.get(code, ())):
            f[f"cue_role:{role}"] = 1.0
        if code == main_rival:
            f["main_rival"] = f[f"main_rival|stance={stance}"] = 1.0
        for kind, members, partners in (("patron", patrons, clients), ("client", clients, patrons)):
            if code in members:
                partner_named = any(other in found.text for other in partners - {code})
                f[kind] = f[f"{kind}|stance={stance}"] = 1.0
                f[f"{kind}|where={where}|partner_named={partner_named}"] = 1.0
        if non_state:
            f[f"non_state|where={where}"] = 1.0
        out[code] = f
    out[NONE] = _none_features(query, stance, found, non_state)
    return out


def _none_features(query: TargetQuery, stance: str, found: _Candidates, non_state: bool) -> dict[str, float]:
    """Features of the "no target" candidate: how many parties the statement names and how, its stance and
    its words (``condolences``, ``both sides``)."""
    named = min(len(found.named), 2)
    placed = bool(found.roles) and all(any(f"prev={word}" in roles for word in _PLACE_WORDS)
                                       for roles in found.roles.values())
    return {"none": 1.0, f"none|stance={stance}": 1.0, f"none|named={named}": 1.0,
            f"none|named={named}|stance={stance}": 1.0, f"none|candidates={min(len(found.codes), 3)}": 1.0,
            f"none|speaker={query.affiliation is not None}": 1.0, "none|only_places": float(placed),
            f"none|non_state={non_state}|named={named}": 1.0,
            "none|paired": float(any("paired" in roles for roles in found.roles.values())),
            f"none|third_party={_third_party(query.affiliation, found.named)}|stance={stance}": 1.0,
            **{f"none|w={word}": 1.0 for word in dict.fromkeys(_WORD.findall(query.text.lower()))}}


def _third_party(affiliation: str | None, named: set[str]) -> bool | None:
    """Whether a speaker of known side names parties and is neither rival nor ally of any (a mediator or
    onlooker, whose calls to both sides have no target); ``None`` when it names nobody or its side is unknown."""
    if not affiliation or not named:
        return None
    return not any(relation(affiliation, code) for code in named)


class TargetRanker(BaseEstimator):
    """Chooses a statement's target among its candidates; ``fit(queries, targets)``, ``predict_proba(queries)``.

    ``C`` is the inverse regularisation strength of the logistic regression
    that scores candidates. ``none_shift`` is subtracted from the score of
    "no target" when predicting: the shipped training statements (official
    readouts and joint statements) go without a target more often than
    statements in news do; a shift of 1.5, chosen on the dev gold and the
    held-out real statements only, did best on both. ``predict_proba``
    returns one dict per query (candidate code or ``None`` to probability,
    largest first), ``predict`` the most probable code or ``None``.
    """

    def __init__(self, C: float = 1.0, none_shift: float = 1.5, max_iter: int = 2000):
        self.C = C
        self.none_shift = none_shift
        self.max_iter = max_iter

    def fit(self, queries: Sequence[TargetQuery], targets: Iterable[Any],
            detector: TargetDetector | None = None) -> "TargetRanker":
        """Learn candidate weights from statements and their gold targets (``None``: no target)."""
        detector = detector or TargetDetector.current()
        rows, labels = [], []
        for query, target in zip(queries, targets):
            gold = target if isinstance(target, str) and target else NONE
            candidates = candidate_features(query, detector)
            if gold not in candidates:
                continue  # a target the text never names teaches nothing about the candidates it does
            for code, features in candidates.items():
                rows.append(features)
                labels.append(code == gold)
        if not any(labels):
            raise NoTargetNamed("none of the labelled targets is named in its statement, cue or document")
        features = DictVectorizer()
        matrix = features.fit_transform(rows)
        with threadpool_limits(limits=1):
            model = LogisticRegression(C=self.C, max_iter=self.max_iter).fit(matrix, np.asarray(labels))
        # A candidate has a dozen features: scoring them from a dict beats a sparse product and its checks.
        self.weights_ = dict(zip(features.get_feature_names_out().tolist(), model.coef_[0].tolist()))
        self.intercept_ = float(model.intercept_[0])
        return self

    def _score(self, features: Mapping[str, float]) -> float:
        weights = self.weights_
        return self.intercept_ + sum(value * weights.get(name, 0.0) for name, value in features.items())

    def predict_proba(self, queries: Sequence[TargetQuery],
                      detector: TargetDetector | None = None) -> list[dict[str | None, float]]:
        """For each query, its candidates (``None`` for no target) with probabilities summing to one, largest
        first."""
        detector = detector or TargetDetector.current()
        out = []
        mixtures = iter(self._stance_mixtures([query for query in queries if query.stance_proba], detector))
        for query in queries:
            if query.stance_proba:
                names, weights = next(mixtures)
            else:
                candidates = candidate_features(query, detector)
                names = sorted(candidates)
                weights = self._softmax(names, [self._score(candidates[name]) for name in names])
            order = np.argsort(-weights, kind="stable")
            out.append({(None if names[i] == NONE else names[i]): round(float(weights[i]), 4) for i in order})
        return out

    def _softmax(self, names: Sequence[str], scores: Sequence[float]) -> np.ndarray:
        """Probabilities of the candidates ``names`` from their scores, "no target" shifted by ``none_shift``."""
        shifted = np.array(scores) - np.array([self.none_shift if name == NONE else 0.0 for name in names])
        weights = np.exp(shifted - shifted.max())
        return weights / weights.sum()

    def _stance_mixtures(self, queries: Sequence[TargetQuery],
                         detector: TargetDetector) -> list[tuple[list[str], np.ndarray]]:
        """For each query, its candidates and their probabilities summed over stances, each weighed by its
        probability.

        The features of a query are built once with a placeholder stance;
        those crossed with the stance (their names end in ``stance=``) are
        scored for each stance. All candidates of all queries are scored by
        one sparse product with a table of the weights of the features they
        have: a column for the weight of a feature not crossed, one per stance
        for the weights of a crossed one.
        """
        if not queries:
            return []
        stances = list(dict.fromkeys(stance for query in queries for stance in query.stance_proba))
        keys: list[str] = []
        values: list[float] = []
        ends = [0]
        layout = []
        for query in queries:
            candidates = candidate_features(dataclasses.replace(query, stance=_ANY_STANCE), detector)
            names = sorted(candidates)
            layout.append(names)
            for name in names:
                keys.extend(candidates[name])
                values.extend(candidates[name].values())
                ends.append(len(keys))
        columns = {key: column for column, key in enumerate(dict.fromkeys(keys))}  # in order of first use
        known = self._weight_rows(tuple(stances))
        table = [known[key] if key in known else known.setdefault(key, self._weight_row(key, stances))
                 for key in columns]
        cells = list(map(columns.__getitem__, keys))
        matrix = sp.csr_matrix((values, cells, ends), shape=(len(ends) - 1, len(table)))
        scores = matrix @ np.array(table)
        shift = np.array([self.none_shift if name == NONE else 0.0 for names in layout for name in names])
        scores = self.intercept_ + scores[:, :1] + scores[:, 1:] - shift[:, None]
        firsts = np.cumsum([0] + [len(names) for names in layout])[:-1]
        which = np.repeat(np.arange(len(layout)), [len(names) for names in layout])
        scores = np.exp(scores - np.maximum.reduceat(scores, firsts)[which])
        scores /= np.add.reduceat(scores, firsts)[which]
        probabilities = np.array([[query.stance_proba.get(stance, 0.0) for stance in stances] for query in queries])
        mixed = (scores * probabilities[which]).sum(axis=1) / probabilities.sum(axis=1)[which]
        return [(names, mixed[first:first + len(names)]) for names, first in zip(layout, firsts)]

    def _weight_rows(self, stances: tuple[str, ...]) -> dict[str, list[float]]:
        """The rows of the weight table built so far for ``stances`` (see :meth:`_weight_row`), remembered for the
        fitted weights: the same features recur from one chunk of statements to the next."""
        memo = getattr(self, "_rows_memo", None)
        if memo is None or memo[0] is not self.weights_ or memo[1] != stances or len(memo[2]) > 100_000:
            memo = self._rows_memo = (self.weights_, stances, {})
        return memo[2]

    def __getstate__(self) -> dict:
        """The fitted state without the remembered rows of the weight table."""
        state = dict(super().__getstate__())  # a copy: object.__getstate__ gives the live __dict__
        state.pop("_rows_memo", None)
        return state

    def _weight_row(self, key: str, stances: Sequence[str]) -> list[float]:
        """A feature's row of the weight table of :meth:`_stance_mixtures`: its weight in the first column when it
        is not crossed with the stance, else its weight for each stance in the next ones."""
        weights = self.weights_
        if key.endswith(_STANCE_MARK):
            prefix = key[:-len(_ANY_STANCE)]
            return [0.0] + [weights.get(prefix + stance, 0.0) for stance in stances]
        return [weights.get(key, 0.0)] + [0.0] * len(stances)

    def predict(self, queries: Sequence[TargetQuery], detector: TargetDetector | None = None) -> list[str | None]:
        """The most probable target of each query (``None``: no target)."""
        return [next(iter(proba)) for proba in self.predict_proba(queries, detector)]


def document_queries(frame: Any, stances: Sequence[str | None] | None = None) -> list[TargetQuery]:
    """Queries for a labelled table whose ``group`` column names each row's document.

    The other statements of the same document stand in for the article (the
    background, where the country of each of its speakers counts once more,
    as an article names whom it quotes), and the statement with those before
    and after it for its sentence. Missing ``affiliation``, ``cue`` or ``stance`` columns count as
    unknown.
    """
    detector = TargetDetector.current().for_parties()
    texts = frame["text"].tolist()
    groups = frame["group"].tolist() if "group" in frame else list(range(len(frame)))
    affiliations = [a if isinstance(a, str) and a else None for a in _column(frame, "affiliation")]
    cues = [c if isinstance(c, str) and c else None for c in _column(frame, "cue")]
    stances = [s if isinstance(s, str) and s else None
               for s in (_column(frame, "stance") if stances is None else stances)]
    counts: dict[Any, Counter] = {}
    for text, group in zip(texts, groups):
        counts.setdefault(group, Counter()).update(m.code for m in detector.mentions(text))
    for group, sides in _speaker_sides(affiliations, groups).items():
        # an article names whom it quotes; the rows of a transcript or readout do not name their speakers
        counts[group].update(sides)
    queries = []
    for i, (text, group) in enumerate(zip(texts, groups)):
        # the statement and its neighbours stand in for the sentences around it, as the pipeline's context does
        around = [texts[j] for j in (i - 1, i, i + 1) if 0 <= j < len(texts) and groups[j] == group]
        background = {c: n for c, n in counts[group].items() if not same_side(c, affiliations[i])}
        queries.append(TargetQuery(text=text, affiliation=affiliations[i], cue=cues[i], context=" ".join(around),
                                   background=background, stance=stances[i]))
    return queries


def _speaker_sides(affiliations: Sequence[str | None], groups: Sequence[Any]) -> dict[Any, Counter]:
    """The affiliations of the speakers of each document, each counted once."""
    sides: dict[Any, Counter] = {}
    for affiliation, group in zip(affiliations, groups):
        if affiliation:
            sides.setdefault(group, Counter())[affiliation] = 1
    return sides


def _column(frame: Any, name: str) -> list:
    return frame[name].tolist() if name in frame else [None] * len(frame)
