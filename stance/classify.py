"""Stance, escalation and act classifiers for statements, with the evidence behind each label.

Three scikit-learn estimators and one bundle:

- :class:`StatementVectorizer` turns statements (a DataFrame with a ``text``
  column and optional ``cue``, ``kind``, ``affiliation``, or a list of
  :class:`~stance.records.Statement` or dicts) into features: stemmed word
  n-grams and character 3-4-grams of the text with countries masked by
  role (the speaker's own side, anyone else), the stemmed cue, the diplomatic
  lexicon (``stance/data/lexicon.tsv``) with negation and conditional scope,
  n-grams of the sequence of lexicon categories, the relation between the
  speaker and the party the statement names (``stance/data/relations.csv``)
  alone and crossed with the lexicon rule's stance and with the cue's lexicon
  categories (``called on`` an adversary is a demand, ``called on`` both sides
  an appeal), the direction of a de-escalation move (the speaker's own
  ``our soldiers are coming home``, one demanded of the other side
  ``must withdraw``, one refused, one reported of the other side) alone and
  crossed with that relation, and the labels of the lexicon-only rule for the
  statement and its strongest clause. Every feature is also copied into a
  block of the statement's register (``kind``: quoted ``direct`` words, or
  ``reported`` indirect and mixed speech; :func:`by_register`).
- :class:`StanceClassifier` (hostile ... conciliatory) and
  :class:`EscalationClassifier` (0-5, ordinal: cumulative binary logistic
  regressions, see :class:`OrdinalClassifier`) are ``fit``/``predict``/
  ``predict_proba`` estimators that work in ``Pipeline`` and ``GridSearchCV``.
- :class:`StanceModel` shares one vectorizer between a stance, an escalation
  and an act head, decodes stance and escalation jointly so they agree with
  each other, and labels statements with target, probabilities, evidence and
  CAMEO/Goldstein codes. :func:`default_model` trains it on the shipped
  constructed corpus on first use and caches it on disk.
"""
from __future__ import annotations

import copy
import dataclasses
import math
import re
from functools import lru_cache, partial
from importlib import resources
from itertools import chain
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from nltk.stem.snowball import SnowballStemmer
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from .cameo import cameo_code
from .lexicon import (DEESCALATION, DEESCALATION_FAMILY, CueMatch, Lexicon, LexiconEntry, count_matches,
                      lexicon_labels, main_category)
from .records import ACTS, ESCALATION_LEVELS, STANCES, Statement
from .target_ranker import NoTargetNamed, TargetQuery, TargetRanker, document_queries
from .targets import TargetDetector, relation, same_side

#: Version of the features and of the fitted model's layout; bump it whenever either changes, so that
#: a model saved by another version is refused on loading and the cached default model is rebuilt.
MODEL_FORMAT = 16
#: Share of a stance's training rows below which a (stance, escalation) pair counts as incoherent when decoding.
PAIR_FLOOR = 0.01
#: Columns a statement table may carry; only ``text`` is required.
INPUT_COLUMNS = ("text", "cue", "kind", "speaker", "speaker_type", "affiliation", "target")
#: Columns :meth:`StanceModel.predict` returns.
LABEL_COLUMNS = ("target", "stance", "escalation", "act", "stance_proba", "escalation_proba", "target_proba",
                 "evidence", "cameo", "goldstein")

_NUMBER = re.compile(r"\d[\d,.]*")
#: Cues that report the speaker's own action rather than words about others.
_OWN_ACT_CUE = re.compile(r"\b(?:announc|order|decid|launch|declar)\w*", re.I)
_CLAUSE = re.compile(r"[.;:!?]\s+|,\s+(?=(?:and|but|while|whereas)\b)|\s+but\s+")
_PAST = re.compile(r"\b(?:[a-z]+ed|was|were|had|did|took|made|gave|came|went|began|held|met|fell|hit|shot|struck)\b")
_WORDS = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*|[?!]")
_MASKS = {"own": "ownx", "other": "ctyx"}
#: The registers features are augmented by (:func:`by_register`): quoted words, and indirect or mixed speech.
REGISTERS = ("direct", "reported")
#: The fitted vectorizers of :class:`StatementVectorizer` whose vocabularies are saved as arrays of terms.
_VOCABULARY_HOLDERS = ("words_", "cue_", "dict_", "sequence_", "chars_")
#: How many entries the column memos of a :class:`StatementVectorizer` hold together before they are dropped.
_MEMO_LIMIT = 200_000


class LabelError(ValueError):
    """Statements or labels that cannot be used (missing text, unknown label ...)."""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value == ""


def as_statement_frame(X: Any) -> pd.DataFrame:
    """Statements as a DataFrame with at least the :data:`INPUT_COLUMNS`.

    Accepts a DataFrame with a ``text`` column, a sequence of
    :class:`Statement` or of dicts, or a sequence of strings (statement texts).
    Missing optional columns are filled with ``None``; other columns are kept.
    """
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, pd.Series):
        frame = pd.DataFrame({"text": X.to_numpy()})
    else:
        rows = _item_rows(list(X))
        frame = pd.DataFrame(rows) if rows else pd.DataFrame({"text": []})
    _require_text(frame.columns)
    frame = frame.copy()
    for column in INPUT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame["text"] = frame["text"].map(_as_text)
    return frame.reset_index(drop=True)


def statement_records(X: Any) -> list[dict[str, Any]]:
    """Statements as dicts of the :data:`INPUT_COLUMNS` alone: ``text`` a string, a missing value ``None``.

    Accepts what :func:`as_statement_frame` accepts. A list of
    :class:`Statement`, dicts or strings is read without building a DataFrame,
    which keeps labelling the few statements of one article cheap.
    """
    if isinstance(X, (pd.DataFrame, pd.Series)):
        rows = as_statement_frame(X)[list(INPUT_COLUMNS)].to_dict("records")
    else:
        rows = _item_rows(list(X), INPUT_COLUMNS)
        if rows:
            _require_text(dict.fromkeys(key for row in rows for key in row))
    return [{"text": _as_text(row.get("text")), **{c: _value(row, c) for c in INPUT_COLUMNS[1:]}} for row in rows]


def _item_rows(items: list, fields: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Statements given as a list of :class:`Statement`, dicts or strings, as dicts (shallow: no deep copies);
    a :class:`Statement` gives only ``fields`` when they are given (all of its fields otherwise)."""
    if all(isinstance(item, str) for item in items):
        return [{"text": item} for item in items]
    if all(isinstance(item, Statement) for item in items):
        names = fields or [field.name for field in dataclasses.fields(Statement)]
        return [{name: getattr(item, name) for name in names} for item in items]
    if all(isinstance(item, Mapping) for item in items):
        return [dict(item) for item in items]
    raise LabelError("statements must be a DataFrame, or a list of Statement, dict or str")


def _require_text(columns: Iterable[Any]) -> None:
    columns = list(columns)
    if "text" not in columns:
        raise LabelError(f"statements need a 'text' column (got columns: {', '.join(map(str, columns))})")


def _as_text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def _named_target(text: str, affiliation: str | None, cue: str | None) -> str | None:
    """The counterpart the statement itself names (no context), as the features and default targets use it."""
    return _named_target_by(TargetDetector.current(), text, affiliation, cue)


@lru_cache(maxsize=65_536)
def _named_target_by(detector: TargetDetector, text: str, affiliation: str | None, cue: str | None) -> str | None:
    return detector.detect(text, speaker_affiliation=affiliation, cue=cue)


@lru_cache(maxsize=4)
def _lexicon(entries: tuple[tuple[str, str, float], ...]) -> Lexicon:
    return Lexicon(LexiconEntry(*entry) for entry in entries)


#: Verbs that carry a message in a cue (``summoned the ambassador to deliver``): as cues they support nobody.
_MESSAGE_VERBS = re.compile(r"\b(?:deliver|convey|hand|pass)", re.I)


@lru_cache(maxsize=16_384)
def _cue_features(lexicon: Lexicon, cue: str) -> tuple[Mapping[str, float], tuple[CueMatch, ...]]:
    """The lexicon counts (read-only) and matches of a reporting cue, remembered: cues recur (``said``, ``told``).

    A message verb (``to deliver``, ``conveyed``) is the act of passing the
    content on, not the aid it means elsewhere, so its support match is dropped.
    """
    counts, matches = lexicon.features(cue, prefix="cue")
    kept = [m for m in matches if not (_MESSAGE_VERBS.match(m.words)
                                        and all(category == "support" for category, _ in m.categories))]
    if len(kept) < len(matches):
        counts = count_matches(kept, prefix="cue")
    return MappingProxyType(counts), tuple(kept)


@lru_cache(maxsize=1)
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


#: Stems of the words seen so far (cleared when it reaches :data:`_STEM_LIMIT` entries): a dict lookup per word.
_STEMS: dict[str, str] = {}
_STEM_LIMIT = 200_000


def _stems(text: str) -> str:
    """The Snowball stems of the words of ``text`` (lower-cased, typographic apostrophes straightened), joined."""
    words = _WORDS.findall(text.lower().replace("\u2019", "'"))
    stems = _STEMS
    if len(stems) > _STEM_LIMIT:
        stems.clear()
    for word in words:
        if word not in stems:
            stems[word] = _stemmer().stem(word)
    return " ".join([stems[word] for word in words])


@lru_cache(maxsize=1)
def valence_lexicon() -> Mapping[str, float]:
    """Word valences (-4 ... +4) of VADER's lexicon (Hutto and Gilbert 2014, MIT licence), as the
    ``vaderSentiment`` package ships it: general-purpose sentiment that reaches words our diplomatic
    lexicon and the training statements never saw."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    valences = {}
    for line in text.splitlines():
        word, value, *_ = line.split("\t")
        if word.isalpha():
            valences[word] = float(value)
    return MappingProxyType(valences)


_NEGATORS = frozenset({"not", "no", "never", "nor", "without", "cannot", "n't"})


def valence(text: str) -> tuple[float, float]:
    """The summed positive and negative VADER valence of ``text``'s words, a negator within the two words
    before a word flipping its sign."""
    lexicon = valence_lexicon()
    words = _WORDS.findall(text.lower().replace("\u2019", "'"))
    positive = negative = 0.0
    for i, word in enumerate(words):
        value = lexicon.get(word)
        if value is None:
            continue
        if any(w in _NEGATORS or w.endswith("n't") for w in words[max(0, i - 2):i]):
            value = -value
        if value > 0:
            positive += value
        else:
            negative -= value
    return positive, negative


def _damped(count: float) -> float:
    """A lexicon count on a log scale (1 for one clear cue), so that long statements full of one family of words
    do not outweigh everything else."""
    return math.log2(1.0 + count)


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return None if _missing(value) else value


def _merged(counts: Mapping[str, float], extra: Mapping[str, float]) -> dict[str, float]:
    """Lexicon counts of a text with those of the cue (and speaker-side flags) added."""
    out = dict(counts)
    for key, value in extra.items():
        out[key] = out.get(key, 0.0) + value
    return out


def _move_direction(counts: Mapping[str, float], matches: Sequence[CueMatch], events: Sequence[tuple[int, str]],
                    own_agent: bool) -> str | None:
    """Whose de-escalation move a statement speaks of (``None`` when it names none).

    ``demanded`` (asked of someone: ``must withdraw``), ``refused`` (negated:
    ``will not withdraw``), ``own`` (the speaker's side: first person, its own
    country named, or a cue such as ``announced``/``pledged``), ``other``
    (another country named before the move: a report or welcome of the other
    side's step) or ``unattributed``. Lets the direction of a move weigh more
    than its military vocabulary (``our soldiers are coming home``).
    """
    family = DEESCALATION_FAMILY
    done = counts.get(f"lex:{family}", 0.0)
    asked = counts.get(f"lex:demanded_{family}", 0.0)
    refused = counts.get(f"lex:not_{family}", 0.0)
    if not (done or asked or refused):
        return None
    if asked > done:
        return "demanded"
    if refused > done:
        return "refused"
    if own_agent or counts.get("lex:first_person", 0.0):
        return "own"
    first = min(m.start for m in matches if not (m.negated or m.demanded)
                and any(c in DEESCALATION for c, _ in m.categories))
    if any(position < first and symbol == _MASKS["other"] for position, symbol in events):
        return "other"
    return "unattributed"


@dataclasses.dataclass(frozen=True)
class PreparedStatement:
    """One statement ready for the vectorizers: masked stemmed words, masked characters, cue, dict features."""

    words: str
    chars: str
    cue: str
    sequence: str
    features: dict[str, float]
    matches: tuple[CueMatch, ...]
    cue_matches: tuple[CueMatch, ...]
    register: str = ""
    #: The lexicon rule's ``(stance, escalation, act)`` for the statement (also among ``features`` as ``rule:``).
    rule: tuple[str, int, str] = ("neutral", 0, "report")


#: First-person words: a statement of unknown kind holding one is the speaker's own words.
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|WE|us|Us|our|Our|ours|my|My)\b")


def _register(kind: Any, text: str) -> str:
    """The register of a statement's kind: ``direct`` for quoted words, ``reported`` for indirect or mixed
    speech. A statement whose kind is not given (a table of statements without a ``kind`` column) is ``direct``
    when it speaks in the first person (``our forces will ...``) and ``reported`` otherwise (a sentence of news:
    zero-shot on event-coded news sentences this ranked conflict above cooperation better than the shared
    features alone)."""
    if kind in ("direct", "indirect", "mixed"):
        return "direct" if kind == "direct" else "reported"
    return "direct" if _FIRST_PERSON.search(text) else "reported"


def _register_block(register: str) -> int:
    """The block of a register in the augmented features: 0 (shared only) for an unknown one, then 1, 2 ..."""
    return REGISTERS.index(register) + 1 if register in REGISTERS else 0


def by_register(matrix: sp.csr_matrix, registers: Sequence[str]) -> sp.csr_matrix:
    """Daume's feature augmentation by register: ``[X, X if direct, X if reported]``, row by row.

    Each statement keeps its shared features and gets a second copy in the
    block of its register (:data:`REGISTERS`; none when the register is
    unknown), so the heads learn what holds in both registers and what
    differs: quoted first-person words (most of the real corpus) and news
    paraphrases with a reporting cue (most of what the pipeline labels).
    The rows are assembled directly: a row's copy follows its shared entries.
    """
    n, width = matrix.shape
    block = np.fromiter(map(_register_block, registers), dtype=np.int64, count=n)
    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(n), lengths)
    copied = block[rows] > 0
    indptr = np.concatenate(([0], np.cumsum(lengths * np.where(block > 0, 2, 1))))
    first = indptr[rows] + np.arange(len(rows)) - matrix.indptr[rows]
    second = first[copied] + lengths[rows[copied]]
    data = np.empty(indptr[-1], dtype=matrix.data.dtype)
    indices = np.empty(indptr[-1], dtype=np.int64)
    data[first], data[second] = matrix.data, matrix.data[copied]
    indices[first], indices[second] = matrix.indices, matrix.indices[copied] + block[rows[copied]] * width
    return sp.csr_matrix((data, indices, indptr), shape=(n, width * (len(REGISTERS) + 1)))


def _folded(weights: np.ndarray, augmented: bool) -> np.ndarray:
    """Weights ``(class, feature)`` of an augmented feature space as ``(block, class, shared feature)``: the
    shared weights for block 0, the shared plus the register's for the others (one block when not augmented)."""
    if not augmented:
        return weights[None]
    width = weights.shape[1] // (len(REGISTERS) + 1)
    shared = weights[:, :width]
    return np.stack([shared] + [shared + weights[:, k * width:(k + 1) * width] for k in range(1, len(REGISTERS) + 1)])


def _masked_parties(text: str, affiliation: str | None, detector: TargetDetector) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with each country or bloc replaced by the speaker's side or the other side's mask, numbers
    masked too, and the masks' positions as events of the symbol sequence."""
    pieces, last = [], 0
    events: list[tuple[int, str]] = []
    for mention in detector.mentions(text):
        role = "own" if same_side(mention.code, affiliation) else "other"
        pieces.append(text[last:mention.start])
        pieces.append(f" {_MASKS[role]} ")
        events.append((mention.start, _MASKS[role]))
        last = mention.end
    pieces.append(text[last:])
    return _NUMBER.sub(" numx ", "".join(pieces)), events


class StatementVectorizer(TransformerMixin, BaseEstimator):
    """Statements to a sparse feature matrix (see the module docstring for the feature families).

    ``word_ngrams``/``char_ngrams`` are n-gram ranges (``char_ngrams=None``
    drops character n-grams); ``min_df`` the minimum document frequency;
    ``lexicon_weight`` scales the lexicon and rule features, ``cue_weight`` the
    cue features, ``word_weight`` the word n-grams (a smaller weight regularises
    them more, so the model leans on the lexicon; the default 2 was chosen by
    grouped cross-validation on the constructed corpus); ``lexicon`` is a TSV
    path (``None``: the shipped lexicon); ``valence_weight`` scales the
    general-purpose valence features (:func:`valence`; 0 drops them);
    ``register_augment`` adds each statement's features again in the block of
    its register (:func:`by_register`).
    """

    def __init__(self, word_ngrams=(1, 2), char_ngrams=(3, 4), min_df=2, lexicon_weight=1.0, cue_weight=1.0,
                 word_weight=2.0, lexicon=None, valence_weight=1.0, register_augment=True):
        self.register_augment = register_augment
        self.valence_weight = valence_weight
        self.word_ngrams = word_ngrams
        self.word_weight = word_weight
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.cue_weight = cue_weight
        self.lexicon = lexicon

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags

    def _lexicon_obj(self) -> Lexicon:
        """The compiled lexicon of the fitted entries, remembered on the vectorizer (hashing the entries costs
        more than labelling one short statement)."""
        memo = getattr(self, "_lexicon_memo", None)
        if memo is None or memo[0] is not self.lexicon_entries_:
            memo = self._lexicon_memo = (self.lexicon_entries_, _lexicon(self.lexicon_entries_))
        return memo[1]

    def prepare(self, X: Any) -> list[PreparedStatement]:
        """The per-statement inputs of the vectorizers, including the lexicon matches used as evidence."""
        return self.prepare_records(statement_records(X))

    def prepare_records(self, records: Iterable[Mapping[str, Any]]) -> list[PreparedStatement]:
        """:meth:`prepare` for statements already read by :func:`statement_records`."""
        check_is_fitted(self, "lexicon_entries_")
        lexicon = self._lexicon_obj()
        detector = TargetDetector.current()
        return [self._prepare_one(row["text"], row["affiliation"], row["cue"] or "", lexicon, detector,
                                  _register(row["kind"], row["text"]))
                for row in records]

    def _prepare_one(self, text: str, affiliation: str | None, cue: str, lexicon: Lexicon,
                     detector: TargetDetector, register: str) -> PreparedStatement:
        """One statement's vectorizer inputs: masked words, the symbol sequence and the lexicon features."""
        masked, events = _masked_parties(text, affiliation, detector)
        cue_counts, cue_matches = _cue_features(lexicon, cue) if cue else ({}, ())
        # After a demand cue (``called on``, ``urged``) the text is what the speaker asks of someone else.
        counts, matches = lexicon.features(text, demanded="cue:demand" in cue_counts)
        covered = [(m.start, m.end) for m in matches] + [(e[0], e[0] + 1) for e in events]
        events += [(m.start, main_category(m)) for m in matches]
        events += [(m.start(), "past") for m in _PAST.finditer(text)
                   if not any(a <= m.start() < b for a, b in covered)]
        sequence = " ".join(symbol for _, symbol in sorted(events)) or "emptyx"
        features = {k: _damped(v) * self.lexicon_weight for k, v in counts.items()}
        features.update({k: v * self.cue_weight for k, v in cue_counts.items()})
        speaker_side = {"lex:" + key[4:]: value for key, value in cue_counts.items()}
        if (any(symbol == _MASKS["own"] for _, symbol in events) or "cue:vow" in cue_counts
                or _OWN_ACT_CUE.search(cue)):
            speaker_side["agent:own"] = features["agent:own"] = 1.0
        rule = self._add_rule_features(features, text, counts, matches, speaker_side)
        stance = rule[0]
        # The counterpart named in the statement itself, as at training time (not a target given or
        # found in the article), so that training and prediction see the same feature.
        named = _named_target(text, affiliation, cue or None)
        dyad = "none" if named is None else relation(affiliation, named) or "other"
        features[f"dyad={dyad}"] = 1.0
        features[f"dyad={dyad}|rule={stance}"] = 1.0
        for key in cue_counts:
            if not key.endswith("!"):
                features[f"dyad={dyad}|{key}"] = 1.0
        if self.valence_weight:
            for sign, amount in zip(("pos", "neg"), valence(text)):
                if amount:
                    features[f"val:{sign}"] = _damped(amount / 2) * self.valence_weight
                    features[f"val:{sign}|dyad={dyad}"] = _damped(amount / 2) * self.valence_weight
        move = _move_direction(counts, matches, events, "agent:own" in speaker_side)
        if move is not None:
            features[f"move={move}"] = self.lexicon_weight
            features[f"move={move}|dyad={dyad}"] = self.lexicon_weight
        return PreparedStatement(
            words=_stems(masked) or "emptyx", chars=" ".join(masked.lower().split()) or "emptyx",
            cue=_stems(cue) or "nocuex", sequence=sequence, features=features, matches=tuple(matches),
            cue_matches=tuple(cue_matches), register=register, rule=rule,
        )

    def _add_rule_features(self, features: dict[str, float], text: str, counts: Mapping[str, float],
                           matches: Sequence[CueMatch], speaker_side: Mapping[str, float]) -> tuple[str, int, str]:
        """The lexicon rule's labels for the whole statement and for its strongest clause; the rule's labels
        ``(stance, escalation, act)`` for the statement."""
        stance, escalation, act = lexicon_labels(_merged(counts, speaker_side))
        for key in (f"rule:stance={stance}", f"rule:escalation={escalation}", f"rule:act={act}"):
            features[key] = self.lexicon_weight
        cuts = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text) + 1]
        if len(cuts) > 2:
            clauses = [[m for m in matches if a <= m.start < b] for a, b in zip(cuts, cuts[1:])]
            strongest = max((lexicon_labels(_merged(count_matches(c), speaker_side)) for c in clauses if c),
                            key=lambda label: label[1], default=(stance, escalation, act))
            features[f"clause:stance={strongest[0]}"] = self.lexicon_weight
            features[f"clause:escalation={strongest[1]}"] = self.lexicon_weight
        return stance, escalation, act

    def fit(self, X: Any, y: Any = None) -> "StatementVectorizer":
        """Learn the vocabularies from the statements ``X``."""
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> sp.csr_matrix:
        """Learn the vocabularies and return the feature matrix of ``X``."""
        if self.lexicon is None:
            entries = Lexicon.default().entries
        else:
            entries = Lexicon.from_file(self.lexicon).entries
        self.lexicon_entries_ = tuple((e.category, e.entry, e.weight) for e in entries)
        self._memos = None  # columns remembered for the vocabularies fitted before
        prepared = self.prepare(X)
        if not prepared:
            raise LabelError("cannot fit on zero statements")
        min_df = self.min_df if len(prepared) >= 4 * self.min_df else 1
        self.words_ = TfidfVectorizer(ngram_range=tuple(self.word_ngrams), min_df=min_df, sublinear_tf=True,
                                      token_pattern=r"\S+", lowercase=False)
        self.cue_ = TfidfVectorizer(ngram_range=(1, 2), min_df=1, token_pattern=r"\S+", lowercase=False)
        self.dict_ = DictVectorizer()
        self.sequence_ = TfidfVectorizer(ngram_range=(1, 3), min_df=min_df, sublinear_tf=True, token_pattern=r"\S+",
                                         lowercase=False)
        blocks = [
            self.words_.fit_transform([p.words for p in prepared]) * self.word_weight,
            self.cue_.fit_transform([p.cue for p in prepared]) * self.cue_weight,
            self.dict_.fit_transform([p.features for p in prepared]),
            self.sequence_.fit_transform([p.sequence for p in prepared]) * self.lexicon_weight,
        ]
        if self.char_ngrams:
            self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams), min_df=min_df,
                                          sublinear_tf=True, lowercase=False)
            blocks.append(self.chars_.fit_transform([p.chars for p in prepared]))
        else:
            self.chars_ = None
        matrix = self._augmented(sp.hstack(blocks, format="csr"), prepared)
        self.n_features_out_ = matrix.shape[1]
        return matrix

    def transform(self, X: Any) -> sp.csr_matrix:
        """The feature matrix of the statements ``X``."""
        check_is_fitted(self, "dict_")
        return self.transform_prepared(self.prepare(X))

    def transform_prepared(self, prepared: Sequence[PreparedStatement]) -> sp.csr_matrix:
        """The feature matrix of statements already passed through :meth:`prepare`."""
        check_is_fitted(self, "dict_")
        blocks = [
            _tfidf(self.words_, [p.words for p in prepared]) * self.word_weight,
            _tfidf(self.cue_, [p.cue for p in prepared], self._remembered_columns("cue_")) * self.cue_weight,
            _dict_matrix(self.dict_, [p.features for p in prepared]),
            _tfidf(self.sequence_, [p.sequence for p in prepared],
                   self._remembered_columns("sequence_")) * self.lexicon_weight,
        ]
        if self.chars_ is not None:
            blocks.append(_tfidf(self.chars_, [p.chars for p in prepared], self._char_columns()))
        return self._augmented(sp.hstack(blocks, format="csr"), prepared)

    def _augmented(self, matrix: sp.csr_matrix, prepared: Sequence[PreparedStatement]) -> sp.csr_matrix:
        """``matrix`` with a copy of each row's features for its register (see :func:`by_register`), when
        ``register_augment`` is on."""
        if not self.register_augment:
            return matrix
        return by_register(matrix, [p.register for p in prepared])

    def _remembered(self, name: str, compute: Callable[[str], Any]) -> Callable[[str], Any]:
        """``compute`` remembered per argument in this vectorizer's memo ``name``; every memo is dropped when
        they hold :data:`_MEMO_LIMIT` entries together (and when the vocabularies are fitted again)."""
        memos = getattr(self, "_memos", None)
        if memos is None or sum(map(len, memos.values())) > _MEMO_LIMIT:
            memos = self._memos = {}
        memo = memos.setdefault(name, {})

        def remembered(key: str) -> Any:
            found = memo.get(key)
            if found is None:
                found = memo[key] = compute(key)
            return found

        return remembered

    def _remembered_columns(self, name: str) -> Callable[[str], list[int]]:
        """The vocabulary columns of a document of the fitted vectorizer ``name`` (``cue_``, ``sequence_``),
        remembered per document: cues (``said``) and sequences of lexicon categories recur from one statement
        to the next."""
        return self._remembered(name, _analyzed_columns(getattr(self, name)))

    def _char_columns(self) -> Callable[[str], Iterable[int]]:
        """The vocabulary columns of a text's character n-grams, found word by word.

        ``char_wb`` n-grams never cross a space, so the columns of each word
        are looked up once and remembered: words recur from one statement to
        the next.
        """
        analyze, column = self.chars_.build_analyzer(), self.chars_.vocabulary_.get
        word_columns = self._remembered("chars_", lambda word: tuple(j for j in map(column, analyze(word))
                                                                     if j is not None))
        return lambda text: chain.from_iterable(map(word_columns, text.split()))

    def __getstate__(self) -> dict:
        """The fitted state without memos, with each vocabulary and the lexicon as a few arrays (a model file
        then holds a handful of arrays instead of tens of thousands of entries, and loads in one piece)."""
        state = dict(super().__getstate__())  # a copy: object.__getstate__ gives the live __dict__
        state.pop("_names", None)
        state.pop("_memos", None)
        state.pop("_lexicon_memo", None)
        for name in _VOCABULARY_HOLDERS:
            if state.get(name) is not None:
                state[name], state[name + "terms"] = _without_vocabulary(state[name])
        if "lexicon_entries_" in state:
            entries = state.pop("lexicon_entries_")
            state["lexicon_arrays_"] = (np.array([entry[0] for entry in entries], dtype=str),
                                        np.array([entry[1] for entry in entries], dtype=str),
                                        np.array([entry[2] for entry in entries], dtype=np.float64))
        return state

    def __setstate__(self, state: dict) -> None:
        """Restore what :meth:`__getstate__` gave: the vocabularies and the lexicon as dicts and tuples again."""
        state = dict(state)
        for name in _VOCABULARY_HOLDERS:
            terms = state.pop(name + "terms", None)
            if terms is not None:
                state[name] = _with_vocabulary(state[name], terms)
        if "lexicon_arrays_" in state:
            state["lexicon_entries_"] = tuple(zip(*(array.tolist() for array in state.pop("lexicon_arrays_"))))
        super().__setstate__(state)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names: ``w:`` stemmed words, ``cuew:`` cue words, lexicon/rule/meta names, ``seq:`` category
        sequences, ``c:`` characters. Computed once per fitted vectorizer."""
        check_is_fitted(self, "dict_")
        if getattr(self, "_names", None) is None or len(self._names) != self.n_features_out_:
            self._names = self._feature_names()
        return self._names

    def _feature_names(self) -> np.ndarray:
        names = [f"w:{n}" for n in self.words_.get_feature_names_out()]
        names += [f"cuew:{n}" for n in self.cue_.get_feature_names_out()]
        names += list(self.dict_.get_feature_names_out())
        names += [f"seq:{n}" for n in self.sequence_.get_feature_names_out()]
        if self.chars_ is not None:
            names += [f"c:{n}" for n in self.chars_.get_feature_names_out()]
        if self.register_augment:
            names += [f"{register}|{name}" for register in REGISTERS for name in names]
        return np.asarray(names, dtype=object)


def _without_vocabulary(fitted: TfidfVectorizer | DictVectorizer) -> tuple[Any, np.ndarray]:
    """A copy of a fitted vectorizer without its vocabulary, and the vocabulary's terms in column order."""
    vocabulary = fitted.vocabulary_
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    if [vocabulary[term] for term in terms] != list(range(len(terms))):
        raise ValueError(f"the vocabulary of {type(fitted).__name__} does not number its columns 0 to {len(terms) - 1}")
    stripped = copy.copy(fitted)
    del stripped.vocabulary_
    if isinstance(stripped, DictVectorizer):
        del stripped.feature_names_  # the same terms, in the same order
    return stripped, np.array(terms, dtype=str)


def _with_vocabulary(stripped: TfidfVectorizer | DictVectorizer, terms: np.ndarray) -> Any:
    """A vectorizer saved by :func:`_without_vocabulary`, with its vocabulary (and a DictVectorizer's feature
    names) rebuilt from the terms."""
    names = terms.tolist()
    stripped.vocabulary_ = dict(zip(names, range(len(names))))
    if isinstance(stripped, DictVectorizer):
        stripped.feature_names_ = names
    return stripped


def _tfidf(vectorizer: TfidfVectorizer, documents: Sequence[str],
           columns: Callable[[str], Iterable[int]] | None = None) -> sp.csr_matrix:
    """``vectorizer.transform(documents)`` for the vectorizers :class:`StatementVectorizer` fits (idf, l2 norm).

    The same counts and arithmetic (sublinear tf, idf, l2 normalisation)
    without scikit-learn's per-call input validation, which costs more than
    the work itself for the few statements of one article: the columns of all
    documents are gathered into one array and counted by one sparse
    conversion. ``columns(document)`` gives the vocabulary column of each
    n-gram of a document (``-1`` outside the vocabulary); by default the
    vectorizer's analyzer and vocabulary are used.
    """
    columns = columns or _analyzed_columns(vectorizer)
    found = [list(columns(document)) for document in documents]
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(found)), lengths)
    known = flat >= 0
    width = len(vectorizer.vocabulary_)
    # Each distinct (row, column) once, in row then column order, with its count: a CSR matrix built directly.
    cells, counts = np.unique(rows[known] * width + flat[known], return_counts=True)
    ends = np.searchsorted(cells, np.arange(1, len(documents) + 1) * width)
    matrix = sp.csr_matrix((counts.astype(np.float64), (cells % width).astype(np.int32),
                            np.concatenate(([0], ends)).astype(np.int32)), shape=(len(documents), width))
    if vectorizer.sublinear_tf:
        np.log(matrix.data, matrix.data)
        matrix.data += 1.0
    matrix.data *= vectorizer.idf_[matrix.indices]
    _normalize_rows(matrix)
    return matrix


def _dict_matrix(vectorizer: DictVectorizer, rows: Sequence[Mapping[str, float]]) -> sp.csr_matrix:
    """``vectorizer.transform(rows)`` for the numeric feature dicts of :class:`PreparedStatement`: the same
    matrix (features outside the vocabulary dropped, columns sorted) without scikit-learn's per-call checks."""
    if not rows:
        raise LabelError("no statements to label")
    vocabulary = vectorizer.vocabulary_
    indices, values, ends = [], [], [0]
    for row in rows:
        for name, value in row.items():
            column = vocabulary.get(name)
            if column is not None:
                indices.append(column)
                values.append(value)
        ends.append(len(indices))
    matrix = sp.csr_matrix((np.asarray(values, dtype=vectorizer.dtype), np.asarray(indices, dtype=np.int64),
                            np.asarray(ends, dtype=np.int64)), shape=(len(rows), len(vocabulary)))
    matrix.sort_indices()
    return matrix


def _normalize_rows(matrix: sp.csr_matrix) -> None:
    """Scale each row of a CSR matrix to unit l2 norm, in place (rows of zeros stay zero)."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data * matrix.data, minlength=matrix.shape[0]))
    norms[norms == 0.0] = 1.0
    matrix.data /= norms[rows]


def _analyzed_columns(vectorizer: TfidfVectorizer) -> Callable[[str], Iterable[int]]:
    """The vocabulary column of each n-gram of a document by the vectorizer's own analyzer (``-1``: unknown)."""
    column = vectorizer.vocabulary_.get
    if (vectorizer.analyzer, vectorizer.token_pattern, vectorizer.tokenizer, vectorizer.preprocessor,
            vectorizer.lowercase, vectorizer.strip_accents, vectorizer.stop_words) == ("word", r"\S+", None, None,
                                                                                    False, None, None):
        return partial(_word_columns, column, *vectorizer.ngram_range)
    analyze = vectorizer.build_analyzer()
    return lambda document: [column(gram, -1) for gram in analyze(document)]


def _word_columns(column: Callable[[str, int], int], low: int, high: int, document: str) -> list[int]:
    """The analyzer of a ``token_pattern=r"\\S+"`` word n-gram vectorizer, looked up: ``-1`` for an unknown n-gram.
    The documents :class:`StatementVectorizer` builds are words joined by single spaces, so splitting on
    whitespace gives the same tokens as the pattern."""
    tokens = document.split()
    found = [column(token, -1) for token in tokens] if low == 1 else []
    join = " ".join
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        found += [column(join(gram), -1) for gram in zip(*(tokens[k:] for k in range(n)))]
    return found


def _vectorizer_for(estimator: Any) -> StatementVectorizer:
    """A new vectorizer with the feature parameters of ``estimator`` (a :class:`StanceModel` or a classifier)."""
    return StatementVectorizer(word_ngrams=estimator.word_ngrams, char_ngrams=estimator.char_ngrams,
                               min_df=estimator.min_df, lexicon_weight=estimator.lexicon_weight,
                               cue_weight=estimator.cue_weight, word_weight=estimator.word_weight,
                               valence_weight=getattr(estimator, "valence_weight", 1.0),
                               register_augment=getattr(estimator, "register_augment", True))


class OrdinalClassifier(ClassifierMixin, BaseEstimator):
    """An ordinal classifier: one logistic regression per threshold, ``P(y > level)``.

    Classes are ordered by their sort order (escalation 0 < 1 < ... < 5), so
    a wrong prediction tends to land next to the true level.
    ``decision="mode"`` predicts the most probable level, ``"median"`` the
    level where the cumulative probability reaches one half (which minimises
    the expected absolute error).
    """

    def __init__(self, C=1.0, class_weight=None, decision="mode", max_iter=2000):
        self.C = C
        self.class_weight = class_weight
        self.decision = decision
        self.max_iter = max_iter

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "OrdinalClassifier":
        """Fit one binary logistic regression per threshold between consecutive levels (``sample_weight``:
        one weight per sample, passed to each)."""
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        if self.decision not in ("mode", "median"):
            raise ValueError(f"decision must be 'mode' or 'median', got {self.decision!r}")
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"needs samples of at least two classes (levels), got only one class: {self.classes_[0]!r}")
        rank = np.searchsorted(self.classes_, y)
        with threadpool_limits(limits=1):
            self.estimators_ = [
                LogisticRegression(C=self.C, class_weight=self.class_weight,
                                   max_iter=self.max_iter).fit(X, rank > k, sample_weight=sample_weight)
                for k in range(len(self.classes_) - 1)
            ]
        self.n_iter_ = np.array([max(int(est.n_iter_.max()) for est in self.estimators_)])
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each level (columns in ``classes_`` order)."""
        check_is_fitted(self, "estimators_")
        return self._proba_csr(validate_data(self, X, accept_sparse="csr", reset=False))

    def _proba_csr(self, X: sp.csr_matrix) -> np.ndarray:
        """:meth:`predict_proba` of a CSR matrix of the fitted width, without validating it again."""
        above = np.minimum.accumulate(np.column_stack([_logistic_proba(est, X)[:, 1] for est in self.estimators_]),
                                      axis=1)
        n = above.shape[0]
        upper = np.hstack([np.ones((n, 1)), above])
        lower = np.hstack([above, np.zeros((n, 1))])
        proba = np.clip(upper - lower, 0.0, None)
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X: Any) -> np.ndarray:
        """The predicted level of each sample."""
        proba = self.predict_proba(X)
        if self.decision == "median":
            index = (np.cumsum(proba, axis=1) >= 0.5).argmax(axis=1)
        else:
            index = proba.argmax(axis=1)
        return self.classes_[index]

    def coefficients(self) -> np.ndarray:
        """The summed threshold coefficients: a feature's push toward higher levels."""
        check_is_fitted(self, "estimators_")
        return np.sum([est.coef_[0] for est in self.estimators_], axis=0)


class _TextClassifier(ClassifierMixin, BaseEstimator):
    """Shared machinery of the statement classifiers: a :class:`StatementVectorizer` and a linear head."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def _head(self) -> BaseEstimator:
        raise NotImplementedError

    def _check_labels(self, y: Any, n: int) -> np.ndarray:
        labels = pd.Series(list(y) if y is not None else [], dtype=object)
        if len(labels) != n:
            raise LabelError(f"got {n} statements but {len(labels)} labels")
        missing = int(labels.map(_missing).sum())
        if missing:
            raise LabelError(f"{missing} of {n} statements have no label")
        return labels.infer_objects().to_numpy()

    def fit(self, X: Any, y: Any) -> "_TextClassifier":
        """Learn features and weights from statements ``X`` and their labels ``y``."""
        frame = as_statement_frame(X)
        y = self._check_labels(y, len(frame))
        check_classification_targets(y)
        self.vectorizer_ = _vectorizer_for(self)
        matrix = self.vectorizer_.fit_transform(frame)
        with threadpool_limits(limits=1):
            self.model_ = self._head().fit(matrix, y)
        self.classes_ = self.model_.classes_
        return self

    def _matrix(self, X: Any) -> sp.csr_matrix:
        check_is_fitted(self, "model_")
        return self.vectorizer_.transform(X)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each class (columns in ``classes_`` order) for each statement."""
        matrix = self._matrix(X)
        return self.model_.predict_proba(matrix)

    def predict(self, X: Any) -> np.ndarray:
        """The label of each statement."""
        matrix = self._matrix(X)
        return self.model_.predict(matrix)

    def _coefficients(self, label: Any) -> np.ndarray:
        raise NotImplementedError

    def explain(self, statement: Any, top: int = 10) -> list[tuple[str, float]]:
        """The features that pushed one statement toward its predicted label: ``[(feature, contribution)]``.

        ``statement`` is a :class:`Statement`, a dict or a string. The
        contribution is the feature's value times its weight for the predicted
        label, largest first.
        """
        frame = as_statement_frame([statement] if not isinstance(statement, pd.DataFrame) else statement)
        row = self._matrix(frame.iloc[:1])
        label = self.model_.predict(row)[0]
        return _top_contributions(row, self._coefficients(label), self.vectorizer_.get_feature_names_out(), top)


class StanceClassifier(_TextClassifier):
    """Stance toward the target (hostile, defensive, neutral, supportive, conciliatory).

    A multinomial logistic regression over :class:`StatementVectorizer`
    features. ``C`` is the inverse regularisation strength; the remaining
    parameters are passed to the vectorizer.

    >>> clf = StanceClassifier().fit(train_frame, train_frame["stance"])  # doctest: +SKIP
    >>> clf.predict(["We will never accept these baseless accusations"])  # doctest: +SKIP
    """

    def __init__(self, C=4.0, class_weight="balanced", word_ngrams=(1, 2), char_ngrams=(3, 4), min_df=2,
                 lexicon_weight=1.0, cue_weight=1.0, word_weight=2.0, max_iter=3000):
        self.C = C
        self.class_weight = class_weight
        self.word_weight = word_weight
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.cue_weight = cue_weight
        self.max_iter = max_iter

    def _head(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)

    def _coefficients(self, label: Any) -> np.ndarray:
        return _class_coefficients(self.model_, label)


class EscalationClassifier(_TextClassifier):
    """Escalation level 0-5, ordinal (see :class:`OrdinalClassifier`).

    A prediction of 5 for a gold 4 is a near miss: the thresholds are learnt
    in order, not as six unrelated classes.
    """

    def __init__(self, C=4.0, class_weight=None, decision="mode", word_ngrams=(1, 2), char_ngrams=(3, 4), min_df=2,
                 lexicon_weight=1.0, cue_weight=1.0, word_weight=2.0, max_iter=3000):
        self.C = C
        self.class_weight = class_weight
        self.word_weight = word_weight
        self.decision = decision
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.cue_weight = cue_weight
        self.max_iter = max_iter

    def _head(self) -> OrdinalClassifier:
        return OrdinalClassifier(C=self.C, class_weight=self.class_weight, decision=self.decision,
                                 max_iter=self.max_iter)

    def _coefficients(self, label: Any) -> np.ndarray:
        sign = 1.0 if label >= np.median(self.classes_) else -1.0
        return sign * self.model_.coefficients()


def _class_coefficients(model: LogisticRegression, label: Any) -> np.ndarray:
    index = int(np.flatnonzero(model.classes_ == label)[0])
    if model.coef_.shape[0] == 1:
        return model.coef_[0] if index == 1 else -model.coef_[0]
    return model.coef_[index]


def _logistic_proba(model: LogisticRegression, matrix: sp.csr_matrix) -> np.ndarray:
    """``model.predict_proba(matrix)`` for a CSR matrix of the fitted width: the same arithmetic without
    scikit-learn's input validation, which costs more than the product for the few statements of one article."""
    scores = matrix @ model.coef_.T + model.intercept_
    if len(model.classes_) > 2:
        scores -= scores.max(axis=1, keepdims=True)  # the softmax, as scikit-learn computes it
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores
    positive = expit(scores.reshape(-1))
    return np.stack([1 - positive, positive], axis=1)


def _tempered(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Probabilities calibrated by temperature scaling: ``p ** (1 / T)``, renormalised (``T > 1`` softens)."""
    if temperature == 1.0:
        return proba
    scaled = np.power(np.clip(proba, 1e-12, None), 1.0 / temperature)
    return scaled / scaled.sum(axis=1, keepdims=True)


def _top_by_row(n_rows: int, rows: np.ndarray, columns: np.ndarray, contributions: np.ndarray, names: np.ndarray,
                top: int) -> list[tuple[list[str], list[float]]]:
    """For each of ``n_rows`` rows, the feature names and values of its ``top`` largest positive ``contributions``
    (one per stored entry: ``rows`` the row and ``columns`` the column of each, in row order), largest first;
    equal contributions (features that always come together, such as the lexicon rule's stance and level, get
    equal weights) keep their column order."""
    positive = _top_candidates(rows, contributions, n_rows, top)
    order = positive[np.lexsort((-contributions[positive], rows[positive]))]
    starts = np.searchsorted(rows[order], np.arange(n_rows + 1))
    keep = order[np.arange(len(order)) - starts[rows[order]] < top]
    cuts = np.searchsorted(rows[keep], np.arange(n_rows + 1)).tolist()
    names, values = names[columns[keep]].tolist(), contributions[keep].tolist()
    return [(names[a:b], values[a:b]) for a, b in zip(cuts[:-1], cuts[1:])]


def _top_candidates(rows: np.ndarray, contributions: np.ndarray, n_rows: int, top: int) -> np.ndarray:
    """The positions of the positive ``contributions`` (``rows`` the row of each, in order) that are at least
    their row's ``top``-th largest positive one: all that can be among a row's top ones, found without sorting
    every row."""
    positive = np.flatnonzero(contributions > 0)
    positive_rows = rows[positive]
    counts = np.bincount(positive_rows, minlength=n_rows)
    width = int(counts.max(initial=0))
    if width <= top:
        return positive
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    padded = np.full((n_rows, width), -np.inf)
    padded[positive_rows, np.arange(len(positive)) - starts[positive_rows]] = contributions[positive]
    threshold = np.partition(padded, width - top, axis=1)[:, width - top]
    return positive[contributions[positive] >= threshold[positive_rows]]


def _evidence_items(statement: PreparedStatement, stance_top: tuple[list[str], list[float]],
                    level_top: tuple[list[str], list[float]]) -> tuple[str, ...]:
    """Up to six readable items for the top stance and escalation contributions of one statement, largest first."""
    merged = dict(zip(*stance_top))
    for name, value in zip(*level_top):
        if value > merged.get(name, 0.0):
            merged[name] = value
    items: list[str] = []
    for name in sorted(merged, key=merged.get, reverse=True):
        item = _describe(name, statement)
        if item and item not in items:
            items.append(item)
        if len(items) == 6:
            break
    return tuple(items)


def _top_contributions(row: sp.spmatrix, coef: np.ndarray, names: np.ndarray, top: int) -> list[tuple[str, float]]:
    """The ``top`` features of a one-row matrix with the largest positive contributions (value times ``coef``)."""
    row = row.tocsr()
    contributions = row.data * coef[row.indices]
    order = np.argsort(-contributions)[:top]
    return [(name, value) for name, value in zip(names[row.indices[order]].tolist(), contributions[order].tolist())
            if value > 0]


def _label_series(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame.columns else pd.Series([None] * len(frame), dtype=object)


def _smoothed(pairs: Iterable[tuple[Any, Any]], rows: Sequence[Any], columns: Sequence[Any], alpha: float) -> np.ndarray:
    counts = np.full((len(rows), len(columns)), alpha)
    row_index = {r: i for i, r in enumerate(rows)}
    column_index = {c: j for j, c in enumerate(columns)}
    for r, c in pairs:
        if r in row_index and c in column_index:
            counts[row_index[r], column_index[c]] += 1.0
    return counts / counts.sum(axis=1, keepdims=True)


def _stacked(matrix: sp.csr_matrix, proba: np.ndarray, weight: float) -> sp.csr_matrix:
    """``matrix`` with the columns of another head's probabilities, times ``weight``, appended: each row's
    entries followed by its ``k`` probabilities, the CSR arrays assembled directly (``sp.hstack`` costs several
    times more for the few statements of one article)."""
    n, k = proba.shape
    lengths = np.diff(matrix.indptr)
    indptr = matrix.indptr + np.arange(n + 1) * k
    kept = np.arange(len(matrix.data)) + np.repeat(np.arange(n), lengths) * k
    appended = (indptr[1:, None] - k + np.arange(k)).ravel()
    data = np.empty(indptr[-1], dtype=np.float64)
    indices = np.empty(indptr[-1], dtype=np.int64)
    data[kept], indices[kept] = matrix.data, matrix.indices
    data[appended], indices[appended] = (proba * weight).ravel(), matrix.shape[1] + np.tile(np.arange(k), n)
    return sp.csr_matrix((data, indices, indptr), shape=(n, matrix.shape[1] + k))


def _out_of_fold_proba(make_head: Callable[[], LogisticRegression], matrix: sp.csr_matrix, labels: np.ndarray,
                       labelled: np.ndarray, weights: np.ndarray, groups: np.ndarray, folds: int,
                       classes: np.ndarray) -> np.ndarray:
    """Each row's probabilities (columns in ``classes`` order) from a head fitted on the other folds' labelled
    rows: folds by ``groups`` (a missing group is a group of its own row; with fewer groups than folds, every
    row is its own group), so that a document's statements are never predicted by a head that learnt from
    them. A class a fold's head never saw gets probability 0, and so does every class of a fold whose other
    rows hold fewer than two classes."""
    from sklearn.model_selection import GroupKFold

    keys = np.array([f"row{i}" if _missing(g) else str(g) for i, g in enumerate(groups)], dtype=object)
    if len(set(keys)) < folds:
        keys = np.arange(len(keys))
    proba = np.zeros((matrix.shape[0], len(classes)))
    column = {c: j for j, c in enumerate(classes)}
    for train, test in GroupKFold(min(folds, len(keys))).split(matrix, groups=keys):
        train = train[labelled[train]]
        if len(set(labels[train])) < 2:
            continue
        head = make_head().fit(matrix[train], labels[train], sample_weight=weights[train])
        proba[np.ix_(test, [column[c] for c in head.classes_])] = _logistic_proba(head, matrix[test])
    return proba


class StanceModel(BaseEstimator):
    """Target, stance, escalation and act for statements: the model ``stance analyze`` uses.

    One :class:`StatementVectorizer` feeds three heads: a logistic
    regression for stance, an :class:`OrdinalClassifier` for escalation and a
    logistic regression for the act. Stance and escalation are decoded
    jointly: the pair maximising ``P(stance) * P(escalation)`` among the pairs
    the training labels combine is chosen (a pair that covers under
    :data:`PAIR_FLOOR` of a stance's rows gets ``2 * coherence *
    log(PAIR_FLOOR)`` added to its log score), so a ``conciliatory 5`` does not
    come out. The act is decoded with ``P(act | stance) ** coherence``.

    ``fit(X)`` reads the labels from the ``stance``, ``escalation`` and
    (optional) ``act`` columns of ``X`` (or of ``y`` when given). When ``X``
    has ``target`` labels, a :class:`~stance.target_ranker.TargetRanker`
    (``target_C``) is fitted on them too, reading an optional ``group``
    column (the source document) as the article; :func:`stance.label_statements`
    then chooses targets with it and reports ``target_proba``.

    The shipped model learns from real and constructed statements together
    (:func:`stance.training_corpus`): one model over both, with ``C=1.0``
    (:data:`stance.model.SHIPPED_PARAMS`) and ``escalation_C=0.5``, did best on
    held-out real text and the dev gold together
    (``benchmarks/classifier_report.py``). ``register_augment`` (on by
    default) is Daume's feature augmentation by register rather than by
    corpus: the real corpus is mostly quoted first-person words and news
    mostly reported speech, and a shared block plus one per register raised
    stance macro-F1 and escalation within one on the dev gold, the held-out
    real split and the event-coded sentences alike. ``real_weight`` weighs
    the rows whose ``provenance`` is ``real`` that many times more than the
    constructed ones (``fit`` also takes a ``sample_weight`` per row, for
    example to make an analyst's own labels count more); the shipped model
    uses 1.25 (:data:`stance.model.SHIPPED_PARAMS`), which raised stance
    macro-F1 on both the dev gold and the held-out real split. Daume's
    feature augmentation per corpus (real or constructed) did worse on both.
    ``stance_temperature`` and ``escalation_temperature`` calibrate the
    probabilities by temperature scaling (``benchmarks/calibrate.py``).
    ``act_stack_weight`` stacks the act head under the other two: the act
    head is fitted first, and the stance and escalation heads read its 17
    act probabilities, times that weight, as extra features, learnt from
    out-of-fold predictions (``stack_folds`` folds by the ``group`` column, so
    a document's rows are predicted by an act head that never saw it) and
    read from the full act head at prediction. The real corpus' acts
    (``justify``, ``reassure``, ``propose``) are finer than its stances, and at
    0.5 stance macro-F1 rose on the held-out real split and the dev gold.
    ``rule_weight`` mixes that share of the lexicon rule's labels into the
    probabilities of a statement whose rule finds an accusation, a warning or
    a threat (escalation 3 or more): a back-off to the guide's clear cues of
    conflict, which the real corpus has fewer of than news. At 0.1 stance
    macro-F1 moved by 0.003 or less on the dev gold and held-out real text,
    and clear warnings the model had read as neutral (``a formal warning of
    retaliation``) come out as warnings.
    """

    def __init__(self, C=0.5, escalation_C=0.5, act_C=4.0, class_weight="balanced", word_ngrams=(1, 2),
                 char_ngrams=(3, 4), min_df=2, lexicon_weight=1.0, cue_weight=1.0, word_weight=2.0, coherence=1.0,
                 escalation_decision="mode", max_iter=3000, target_C=1.0, valence_weight=1.0,
                 stance_temperature=1.0, escalation_temperature=1.0, rule_weight=0.1, real_weight=1.0,
                 register_augment=True, act_stack_weight=0.0, stack_folds=3):
        self.act_stack_weight = act_stack_weight
        self.stack_folds = stack_folds
        self.register_augment = register_augment
        self.real_weight = real_weight
        self.rule_weight = rule_weight
        self.stance_temperature = stance_temperature
        self.escalation_temperature = escalation_temperature
        self.valence_weight = valence_weight
        self.target_C = target_C
        self.word_weight = word_weight
        self.C = C
        self.escalation_C = escalation_C
        self.act_C = act_C
        self.class_weight = class_weight
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.lexicon_weight = lexicon_weight
        self.cue_weight = cue_weight
        self.coherence = coherence
        self.escalation_decision = escalation_decision
        self.max_iter = max_iter

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    @staticmethod
    def _labels(frame: pd.DataFrame, y: Any) -> pd.DataFrame:
        labels = frame if y is None else (y if isinstance(y, pd.DataFrame) else pd.DataFrame(y))
        for column in ("stance", "escalation"):
            if column not in labels.columns:
                raise LabelError(f"training labels need a {column!r} column")
        out = pd.DataFrame({"stance": _label_series(labels, "stance").to_numpy(),
                            "escalation": _label_series(labels, "escalation").to_numpy(),
                            "act": _label_series(labels, "act").to_numpy()})
        if len(out) != len(frame):
            raise LabelError(f"got {len(frame)} statements but {len(out)} label rows")
        for column, allowed in (("stance", STANCES), ("act", ACTS)):
            bad = sorted({str(v) for v in out[column] if not _missing(v) and v not in allowed})
            if bad:
                raise LabelError(f"unknown {column} label(s): {', '.join(bad)} (allowed: {', '.join(allowed)})")
        levels = []
        for value in out["escalation"]:
            try:
                level = None if _missing(value) else int(float(value))
            except (TypeError, ValueError):
                raise LabelError(f"escalation must be an integer 0-5, got {value!r}") from None
            if level is not None and level not in ESCALATION_LEVELS:
                raise LabelError(f"escalation must be an integer 0-5, got {value!r}")
            levels.append(level)
        out["escalation"] = pd.array(levels, dtype="Int64")
        return out

    def fit(self, X: Any, y: Any = None, sample_weight: Any = None) -> "StanceModel":
        """Fit the vectorizer and the three heads on labelled statements.

        ``sample_weight`` (one number per statement) weighs the rows in every
        head; rows whose ``provenance`` column is ``real`` are weighed
        ``real_weight`` times more on top of it.
        """
        frame = as_statement_frame(X)
        labels = self._labels(frame, y)
        keep = (~labels["stance"].map(_missing) & labels["escalation"].notna()).to_numpy()
        if keep.sum() < 2:
            raise LabelError("need at least two statements labelled with stance and escalation")
        weights = self._row_weights(frame, sample_weight)[keep]
        frame, labels = frame[keep].reset_index(drop=True), labels[keep].reset_index(drop=True)
        self._pushes_memo = None
        self.vectorizer_ = _vectorizer_for(self)
        matrix = self.vectorizer_.fit_transform(frame)
        stances = labels["stance"].to_numpy(dtype=object)
        levels = labels["escalation"].to_numpy(dtype=int)
        has_act = ~labels["act"].map(_missing).to_numpy()
        acts = labels["act"].to_numpy(dtype=object)
        # Small sparse problems: one BLAS/OpenMP thread is many times faster than several competing ones.
        with threadpool_limits(limits=1):
            if len(set(acts[has_act])) >= 2:
                self.act_ = self._act_head().fit(matrix[has_act], acts[has_act], sample_weight=weights[has_act])
            else:
                self.act_ = None
            groups = _label_series(frame, "group").to_numpy(dtype=object)
            stacked = self._with_act_block(matrix, groups, acts, has_act, weights)
            self.stance_ = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                              max_iter=self.max_iter).fit(stacked, stances, sample_weight=weights)
            self.escalation_ = OrdinalClassifier(C=self.escalation_C, decision=self.escalation_decision,
                                                 max_iter=self.max_iter).fit(stacked, levels, sample_weight=weights)
        self.stance_classes_ = [str(c) for c in self.stance_.classes_]
        self.escalation_classes_ = [int(c) for c in self.escalation_.classes_]
        self.pair_prior_ = _smoothed(zip(stances, levels), self.stance_classes_, self.escalation_classes_, 0.2)
        if self.act_ is not None:
            self.act_classes_ = [str(c) for c in self.act_.classes_]
            self.act_prior_ = _smoothed(zip(stances[has_act], acts[has_act]), self.stance_classes_,
                                        self.act_classes_, 0.2)
        targets = frame["target"].map(lambda v: None if _missing(v) else v)
        try:
            self.target_ = TargetRanker(C=self.target_C).fit(document_queries(frame, stances), targets)
        except NoTargetNamed:  # no target labels, or none the text names: the detector's rules choose
            self.target_ = None
        self.n_train_ = int(len(frame))
        self.format_ = MODEL_FORMAT
        return self

    def _row_weights(self, frame: pd.DataFrame, sample_weight: Any) -> np.ndarray:
        """Each training row's weight: ``sample_weight`` (default 1), times ``real_weight`` for real rows."""
        weights = np.ones(len(frame)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if weights.shape != (len(frame),) or not np.isfinite(weights).all() or (weights < 0).any():
            raise LabelError(f"sample_weight must hold one finite, non-negative number per statement "
                             f"({len(frame)})")
        if "provenance" in frame.columns:
            weights = np.where(frame["provenance"].to_numpy(dtype=object) == "real", self.real_weight, 1.0) * weights
        return weights

    def _act_head(self) -> LogisticRegression:
        return LogisticRegression(C=self.act_C, class_weight=self.class_weight, max_iter=self.max_iter)

    def _with_act_block(self, matrix: sp.csr_matrix, groups: np.ndarray, acts: np.ndarray, has_act: np.ndarray,
                        weights: np.ndarray) -> sp.csr_matrix:
        """The training matrix of the stance head: with ``act_stack_weight``, the features followed by the act
        probabilities of each row, predicted out of fold (folds by ``group``) so the stance head learns how far
        to trust the act head on statements it has not seen."""
        if not self.act_stack_weight or self.act_ is None:
            return matrix
        proba = _out_of_fold_proba(self._act_head, matrix, acts, has_act, weights, groups, self.stack_folds,
                                   self.act_.classes_)
        return _stacked(matrix, proba, self.act_stack_weight)

    def _head_inputs(self, matrix: sp.csr_matrix) -> tuple[np.ndarray | None, sp.csr_matrix]:
        """The act probabilities of the vectorizer's ``matrix`` (``None`` without an act head) and the matrix the
        stance and escalation heads read: ``matrix`` itself, or with ``act_stack_weight`` followed by those
        probabilities."""
        act_proba = _logistic_proba(self.act_, matrix) if self.act_ is not None else None
        if self.act_stack_weight and act_proba is not None:
            return act_proba, _stacked(matrix, act_proba, self.act_stack_weight)
        return act_proba, matrix

    def _prepare(self, X: Any) -> tuple[list[dict[str, Any]], list[PreparedStatement], sp.csr_matrix]:
        check_is_fitted(self, "stance_")
        records = statement_records(X)
        prepared = self.vectorizer_.prepare_records(records)
        return records, prepared, self.vectorizer_.transform_prepared(prepared)

    def _decode(self, stance_proba: np.ndarray, escalation_proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        eps = 1e-9
        penalty = np.where(self.pair_prior_ >= PAIR_FLOOR, 0.0, 2 * self.coherence * math.log(PAIR_FLOOR))
        joint = (np.log(stance_proba + eps)[:, :, None] + np.log(escalation_proba + eps)[:, None, :]
                 + penalty[None, :, :])
        flat = joint.reshape(len(joint), -1).argmax(axis=1)
        n_levels = escalation_proba.shape[1]
        return flat // n_levels, flat % n_levels

    def predict(self, X: Any) -> pd.DataFrame:
        """One row per statement with :data:`LABEL_COLUMNS` (target, labels, probabilities, evidence, CAMEO)."""
        rows = self.predict_records(X)
        dtypes = {"escalation": "int64", "goldstein": "float64"}
        return pd.DataFrame({column: pd.Series([row[column] for row in rows], dtype=dtypes.get(column, object))
                             for column in LABEL_COLUMNS})

    def predict_records(self, X: Any, contexts: Sequence[str | None] | None = None,
                        backgrounds: Sequence[Mapping[str, float]] | None = None) -> list[dict[str, Any]]:
        """What :meth:`predict` returns, as one dict per statement: cheaper when there are only a few.

        A statement given without a target gets one: ``contexts`` (the
        sentences around each statement) and ``backgrounds`` (how often its
        article names each country or bloc) help choose it.
        """
        records, prepared, matrix = self._prepare(X)
        rows = self._predict(records, prepared, matrix)
        self._choose_targets(records, rows, contexts, backgrounds)
        return rows

    def _blend_rules(self, prepared: Sequence[PreparedStatement], stance_proba: np.ndarray,
                     escalation_proba: np.ndarray) -> None:
        """Mix ``rule_weight`` of the lexicon rule's labels into the probabilities, in place, where the rule
        finds escalation 3 or more (a clear cue such as ``warning of retaliation``)."""
        weight = self.rule_weight
        rules = [(i, statement.rule) for i, statement in enumerate(prepared) if statement.rule[1] >= 3]
        if not rules:
            return
        rows = [i for i, _ in rules]
        stance_proba[rows] = (1 - weight) * stance_proba[rows] + weight * np.array(
            [[label == rule[0] for label in self.stance_classes_] for _, rule in rules], dtype=float)
        escalation_proba[rows] = (1 - weight) * escalation_proba[rows] + weight * np.array(
            [[level == rule[1] for level in self.escalation_classes_] for _, rule in rules], dtype=float)

    def _choose_targets(self, records: Sequence[Mapping[str, Any]], rows: list[dict[str, Any]],
                        contexts: Sequence[str | None] | None,
                        backgrounds: Sequence[Mapping[str, float]] | None) -> None:
        """Fill ``target`` and ``target_proba`` of the rows whose statement came without a target."""
        open_rows = [i for i, record in enumerate(records) if record["target"] is None]
        if not open_rows:
            return
        detector = TargetDetector.current()
        queries = [TargetQuery(text=records[i]["text"], affiliation=records[i]["affiliation"], cue=records[i]["cue"],
                               context=contexts[i] if contexts else None,
                               background=backgrounds[i] if backgrounds else {}, stance=rows[i]["stance"],
                               stance_proba=rows[i]["stance_proba"])
                   for i in open_rows]
        if getattr(self, "target_", None) is not None:
            for i, proba in zip(open_rows, self.target_.predict_proba(queries, detector)):
                rows[i]["target"] = next(iter(proba))
                rows[i]["target_proba"] = {("none" if code is None else code): p for code, p in proba.items()}
            return
        for i, query in zip(open_rows, queries):  # a model fitted without target labels: the detector's rules
            ruled = query.stance != "neutral"
            rows[i]["target"] = detector.detect(query.text, speaker_affiliation=query.affiliation,
                                                context=query.context, cue=query.cue,
                                                background=query.background if ruled else None,
                                                stance=query.stance if ruled else None)

    def _predict(self, records: Sequence[Mapping[str, Any]], prepared: list[PreparedStatement],
                 matrix: sp.csr_matrix) -> list[dict[str, Any]]:
        act_proba, stacked = self._head_inputs(matrix)
        stance_proba = _tempered(_logistic_proba(self.stance_, stacked), self.stance_temperature)
        escalation_proba = _tempered(self.escalation_._proba_csr(stacked), self.escalation_temperature)
        if self.rule_weight:
            self._blend_rules(prepared, stance_proba, escalation_proba)
        stance_index, level_index = self._decode(stance_proba, escalation_proba)
        stances = [self.stance_classes_[i] for i in stance_index]
        levels = [self.escalation_classes_[i] for i in level_index]
        if self.act_ is not None:
            act_scores = (np.log(act_proba + 1e-9)
                          + self.coherence * np.log(self.act_prior_[stance_index]))
            acts = [self.act_classes_[i] for i in act_scores.argmax(axis=1)]
        else:
            acts = [lexicon_labels(p.features)[2] for p in prepared]
        evidence = self._evidence(matrix, prepared, stance_index, np.asarray(levels) >= 2)
        rows = []
        for i, (row, stance_p, escalation_p) in enumerate(zip(records, stance_proba.tolist(),
                                                                escalation_proba.tolist())):
            code = cameo_code(acts[i], levels[i])
            rows.append({
                "target": row["target"],
                "stance": stances[i],
                "escalation": levels[i],
                "act": acts[i],
                "stance_proba": {c: round(p, 4) for c, p in zip(self.stance_classes_, stance_p)},
                "escalation_proba": {c: round(p, 4) for c, p in zip(self.escalation_classes_, escalation_p)},
                "target_proba": None,
                "evidence": evidence[i],
                "cameo": code.cameo if code else None,
                "goldstein": code.goldstein if code else None,
            })
        return rows

    def label(self, X: Any) -> pd.DataFrame:
        """The input statements with every input column kept and :data:`LABEL_COLUMNS` added (or refilled)."""
        original = X.reset_index(drop=True) if isinstance(X, pd.DataFrame) else as_statement_frame(X)
        labels = self.predict(original)
        out = original.drop(columns=[c for c in LABEL_COLUMNS if c in original.columns])
        return pd.concat([out, labels], axis=1)

    def _evidence(self, matrix: sp.csr_matrix, prepared: Sequence[PreparedStatement], stance_index: np.ndarray,
                  high: np.ndarray) -> list[tuple[str, ...]]:
        """Readable evidence per statement: the words and features that pushed most toward the stance chosen
        and toward the side of escalation chosen (``high``: 2 or more), at most six items each.

        The contribution of every stored feature value is computed at once
        from the matrix the heads read; only the few top items of each row are
        described in Python. A feature and its copy in the statement's
        register block count as one, with their weights added.
        """
        stance_weights, upward = self._pushes()
        width = upward.shape[1]
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        shared = matrix.indices < width
        rows, columns, data = rows[shared], matrix.indices[shared], matrix.data[shared]
        blocks = np.array([_register_block(p.register) for p in prepared]
                          if self.vectorizer_.register_augment else np.zeros(len(prepared), dtype=np.int64))[rows]
        names = self.vectorizer_.get_feature_names_out()
        by_stance = _top_by_row(matrix.shape[0], rows, columns,
                                data * stance_weights[blocks, stance_index[rows], columns], names, 12)
        level_push = upward[blocks, columns]
        by_level = _top_by_row(matrix.shape[0], rows, columns, data * np.where(high[rows], level_push, -level_push),
                               names, 12)
        return [_evidence_items(statement, stance_top, level_top)
                for statement, stance_top, level_top in zip(prepared, by_stance, by_level)]

    def __getstate__(self) -> dict:
        """The fitted state without memos; the target ranker's weights (one per feature name) as two arrays, so
        that a model file loads them in one piece."""
        state = dict(super().__getstate__())  # a copy: object.__getstate__ gives the live __dict__
        state.pop("_pushes_memo", None)
        ranker = state.get("target_")
        if ranker is not None:
            state["target_"] = copy.copy(ranker)
            del state["target_"].weights_
            state["target_weights_"] = (np.array(list(ranker.weights_), dtype=str),
                                        np.array(list(ranker.weights_.values()), dtype=np.float64))
        return state

    def __setstate__(self, state: dict) -> None:
        """Restore what :meth:`__getstate__` gave: the target ranker's weights as a dict again."""
        state = dict(state)
        if "target_weights_" in state:
            names, weights = state.pop("target_weights_")
            state["target_"].weights_ = dict(zip(names.tolist(), weights.tolist()))
        super().__setstate__(state)

    def _pushes(self) -> tuple[np.ndarray, np.ndarray]:
        """The weights that push toward each stance and toward higher escalation, per register block (the shared
        weights alone for an unknown register, shared plus the register's for the others; indexed by
        :func:`_register_block`) and class: arrays ``(block, class, feature)`` and ``(block, feature)`` over the
        shared features. Computed once per fitted model."""
        if getattr(self, "_pushes_memo", None) is None:
            width = self.vectorizer_.n_features_out_
            stance = np.stack([_class_coefficients(self.stance_, label)[:width] for label in self.stance_classes_])
            upward = self.escalation_.coefficients()[None, :width]
            self._pushes_memo = (_folded(stance, self.vectorizer_.register_augment),
                                 _folded(upward, self.vectorizer_.register_augment)[:, 0, :])
        return self._pushes_memo

    def explain(self, statement: Any, top: int = 10) -> pd.DataFrame:
        """The top features behind one statement's stance, escalation and act, with their weights.

        Returns a DataFrame with columns ``head`` (stance, escalation, act),
        ``label`` (the predicted label), ``feature``, ``value`` (the feature's
        value in this statement), ``weight`` (its learnt weight for the label;
        for escalation, its push toward higher levels, sign-flipped for low
        levels) and ``contribution`` (value times weight), largest first.
        """
        records, prepared, matrix = self._prepare([statement] if not isinstance(statement, pd.DataFrame) else statement)
        row = matrix[0]
        predicted = self._predict(records[:1], prepared[:1], row)[0]
        names = self.vectorizer_.get_feature_names_out()
        heads = [("stance", predicted["stance"], _class_coefficients(self.stance_, predicted["stance"])),
                 ("escalation", predicted["escalation"],
                  (1.0 if predicted["escalation"] >= 2 else -1.0) * self.escalation_.coefficients())]
        if self.act_ is not None:
            heads.append(("act", predicted["act"], _class_coefficients(self.act_, predicted["act"])))
        records = []
        row = row.tocsr()
        values = dict(zip(row.indices, row.data))
        index = {n: i for i, n in enumerate(names)}
        for head, label, coef in heads:
            for name, contribution in _top_contributions(row, coef, names, top):
                j = index[name]
                records.append({"head": head, "label": label, "feature": name, "value": float(values[j]),
                                "weight": float(coef[j]), "contribution": contribution})
        return pd.DataFrame(records, columns=["head", "label", "feature", "value", "weight", "contribution"])


def _describe(feature: str, prepared: PreparedStatement) -> str | None:
    """A readable evidence item for a feature: the words behind a lexicon category, the cue, a word (the same
    for a feature's copy in a register block)."""
    source, rule = _description_rule(feature)
    if source is None:
        return rule
    return _describe_matches(rule, prepared.matches if source == "lex" else prepared.cue_matches)


_DEESCALATION_SET = frozenset(DEESCALATION)


@lru_cache(maxsize=65_536)
def _description_rule(feature: str) -> tuple[str | None, Any]:
    """How a feature is described, worked out once per name (evidence describes the same names again and again):
    ``("lex" or "cue", (negated, demanded, wanted categories, head))`` for a lexicon feature, whose words come
    from the statement's matches (its text's or its cue's), else ``(None, item)``, the item read from the name."""
    register, _, rest = feature.partition("|")
    if register in REGISTERS:
        feature = rest
    if feature.startswith(("lex:", "cue:")):
        scope, base, label = _feature_scope(feature)
        wanted = _DEESCALATION_SET if base == DEESCALATION_FAMILY else frozenset((base,))
        return feature[:3], (scope == "not_", scope == "demanded_", wanted, label)
    return None, _describe_name(feature)


def _describe_matches(rule: tuple[bool, bool, frozenset[str], str], source: Sequence[CueMatch]) -> str | None:
    """The words behind a lexicon feature described by ``rule`` (see :func:`_description_rule`), or ``None`` if
    none matched."""
    negated, demanded, wanted, label = rule
    words = [m.words for m in source if m.negated == negated and (m.demanded or not demanded)
             and not wanted.isdisjoint(_category_names(m.categories))]
    if not words:
        return None
    return label + ", ".join(f'"{w}"' for w in dict.fromkeys(words))


def _feature_scope(feature: str) -> tuple[str, str, str]:
    """A lexicon feature's scope (``not_``, ``if_``, ``demanded_`` or empty), base category, and the head of its
    evidence item (``cue not threat: ``)."""
    category = feature.split(":", 1)[1].rstrip("!")
    scope = next((s for s in ("not_", "if_", "demanded_") if category.startswith(s)), "")
    base = category[len(scope):]
    label = {"not_": "not ", "if_": "if ", "demanded_": "asked: "}.get(scope, "") + base
    where = "cue " if feature.startswith("cue:") else ""
    return scope, base, f"{where}{label}: "


@lru_cache(maxsize=4_096)
def _category_names(categories: tuple[tuple[str, float], ...]) -> frozenset[str]:
    """The names of a match's categories (weights dropped)."""
    return frozenset(c for c, _ in categories)


def _describe_name(feature: str) -> str | None:
    """The evidence item of a feature read from its name alone: a cue word, a word, the lexicon rule, a move."""
    if feature.startswith("cuew:") and "nocuex" not in feature:
        return f"cue: {feature[5:]}"
    if feature.startswith("w:") and "emptyx" not in feature:
        return f"word: {feature[2:]}"
    if feature.startswith("rule:"):
        return f"lexicon rule: {feature[5:]}"
    if feature.startswith("move="):
        return f"de-escalation move: {feature[5:].split('|')[0]}"
    return None
