"""The target of a statement, learnt: which candidate country or bloc it is directed at, or none.

:class:`TargetRanker` scores every candidate a statement offers (the
countries and blocs named in the statement, its cue, the sentences around it
and the article, the rivals of the speaker that back a party it names) and a
``none`` candidate, with a logistic regression over features of each
candidate: where and how it is named, how the speaker relates to it
(``stance/data/relations.csv``), crossed with the statement's stance. The
probabilities of all candidates sum to one, so ``target_proba`` says how sure
the choice is. It is fitted on the shipped training corpus, where the other
statements of a document stand in for the article.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from .targets import CONTEXT_WEIGHT, TargetDetector, bloc_members, relation, relations, same_side

#: The candidate standing for "no target".
NONE = "none"
class NoTargetNamed(ValueError):
    """No labelled target is among the candidates its statement offers: nothing to learn a choice from."""


#: How many of the article's most named countries are candidates.
BACKGROUND_CANDIDATES = 4


@dataclasses.dataclass(frozen=True)
class TargetQuery:
    """What the ranker reads of one statement: its text, cue, speaker side, surroundings and stance."""

    text: str
    affiliation: str | None = None
    cue: str | None = None
    context: str | None = None
    background: Mapping[str, float] = dataclasses.field(default_factory=dict)
    stance: str | None = None


def _relation_name(affiliation: str | None, code: str) -> str:
    if not affiliation:
        return "unknown"
    if same_side(code, affiliation):
        return "own"
    return relation(affiliation, code) or "other"


def _allies(code: str) -> set[str]:
    """Codes allied with ``code`` (``relations.csv``), bloc membership included."""
    out = {other for pair, kind in relations().items() if kind == "ally" and code in pair for other in pair}
    out |= {bloc for bloc, members in bloc_members().items() if code in members}
    out.discard(code)
    return out


def candidate_features(query: TargetQuery, detector: TargetDetector) -> dict[str, dict[str, float]]:
    """Each candidate code (and :data:`NONE`) with its features."""
    affiliation = query.affiliation if isinstance(query.affiliation, str) else None
    stance = query.stance or "unknown"
    in_text = dict(detector.scores(query.text, affiliation))
    in_cue = dict(detector.scores(query.cue, affiliation)) if query.cue else {}
    in_context = dict(detector.scores(query.context, affiliation, CONTEXT_WEIGHT)) if query.context else {}
    total = sum(query.background.values()) or 1.0
    ranked = sorted(query.background.items(), key=lambda item: (-item[1], item[0]))
    top = {code for code, _ in ranked[:BACKGROUND_CANDIDATES]}
    named = set(in_text) | set(in_cue)
    candidates = named | set(in_context) | top
    patrons = set()
    if affiliation:
        for code in named:
            patrons |= {p for p in _allies(code) if relation(affiliation, p) == "rival"}
        candidates |= patrons & (set(in_context) | set(query.background))
    best_text = max(in_text.values(), default=0.0)
    out: dict[str, dict[str, float]] = {}
    for code in candidates:
        rel = _relation_name(affiliation, code)
        f = {
            "text": in_text.get(code, 0.0), "in_text": float(code in in_text),
            "best_in_text": float(code in in_text and in_text[code] == best_text),
            "cue": in_cue.get(code, 0.0), "context": in_context.get(code, 0.0),
            "background": query.background.get(code, 0.0) / total,
            "background_first": float(bool(ranked) and ranked[0][0] == code),
            f"rel={rel}": 1.0, f"rel={rel}|stance={stance}": 1.0,
            f"named={code in named}|rel={rel}|stance={stance}": 1.0,
            "bloc": float(code in bloc_members()), "forum": float(code == "UN"),
        }
        if code in patrons:
            f["patron"] = 1.0
            f[f"patron|stance={stance}"] = 1.0
            f[f"patron|named={code in named}"] = 1.0
        out[code] = f
    out[NONE] = {"none": 1.0, f"none|stance={stance}": 1.0, f"none|named={min(len(named), 2)}": 1.0,
                 f"none|candidates={min(len(candidates), 3)}": 1.0, f"none|speaker={affiliation is not None}": 1.0}
    return out


class TargetRanker(BaseEstimator):
    """Chooses a statement's target among its candidates; ``fit(queries, targets)``, ``predict_proba(queries)``.

    ``C`` is the inverse regularisation strength of the logistic regression
    that scores candidates. ``none_shift`` is subtracted from the score of
    "no target" when predicting: the shipped training statements (official
    readouts and joint statements) go without a target more often than
    statements in news do, and a shift of 1 raised target accuracy on both
    the dev gold and the held-out real statements. ``predict_proba`` returns
    one dict per query (candidate code or ``None`` to probability, largest
    first), ``predict`` the most probable code or ``None``.
    """

    def __init__(self, C: float = 1.0, none_shift: float = 1.0, max_iter: int = 2000):
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
        for query in queries:
            candidates = candidate_features(query, detector)
            names = sorted(candidates)
            scores = np.array([self._score(candidates[name]) - (self.none_shift if name == NONE else 0.0)
                               for name in names])
            weights = np.exp(scores - scores.max())
            weights /= weights.sum()
            order = np.argsort(-weights, kind="stable")
            out.append({(None if names[i] == NONE else names[i]): round(float(weights[i]), 4) for i in order})
        return out

    def predict(self, queries: Sequence[TargetQuery], detector: TargetDetector | None = None) -> list[str | None]:
        """The most probable target of each query (``None``: no target)."""
        return [next(iter(proba)) for proba in self.predict_proba(queries, detector)]


def document_queries(frame: Any, stances: Sequence[str | None] | None = None) -> list[TargetQuery]:
    """Queries for a labelled table whose ``group`` column names each row's document.

    The other statements of the same document stand in for the article (the
    background), and the statement with those before and after it for its
    sentence. Missing ``affiliation``, ``cue`` or ``stance`` columns count as
    unknown.
    """
    detector = TargetDetector.current()
    texts = frame["text"].tolist()
    groups = frame["group"].tolist() if "group" in frame else list(range(len(frame)))
    affiliations = [a if isinstance(a, str) and a else None for a in _column(frame, "affiliation")]
    cues = [c if isinstance(c, str) and c else None for c in _column(frame, "cue")]
    stances = [s if isinstance(s, str) and s else None
               for s in (_column(frame, "stance") if stances is None else stances)]
    counts: dict[Any, Counter] = {}
    for text, group in zip(texts, groups):
        counts.setdefault(group, Counter()).update(m.code for m in detector.mentions(text))
    queries = []
    for i, (text, group) in enumerate(zip(texts, groups)):
        # the statement and its neighbours stand in for the sentences around it, as the pipeline's context does
        around = [texts[j] for j in (i - 1, i, i + 1) if 0 <= j < len(texts) and groups[j] == group]
        background = {c: n for c, n in counts[group].items() if not same_side(c, affiliations[i])}
        queries.append(TargetQuery(text=text, affiliation=affiliations[i], cue=cues[i], context=" ".join(around),
                                   background=background, stance=stances[i]))
    return queries


def _column(frame: Any, name: str) -> list:
    return frame[name].tolist() if name in frame else [None] * len(frame)
