"""Scoring predictions against gold annotations, as defined in section 8 of the annotation guide.

Predicted and gold statements of the same article are paired one to one,
greedily by the highest overlap, where overlap is the intersection over union
of the two spans after trimming whitespace, quotation marks and edge
punctuation; a pair counts from 0.5. Over the pairs: detection precision,
recall and F1 (also recall per kind), speaker accuracy and end-to-end F1
(a pair counts only when the speaker also matches: same person by surname,
or same institution), affiliation and target accuracy, stance accuracy and
macro-F1 with per-label precision/recall and a confusion matrix, escalation
exact and within-one accuracy, mean absolute error and a confusion matrix.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from .countries import Countries
from .records import ESCALATION_LEVELS, STANCES

#: Characters trimmed from both ends of a span before measuring overlap.
EDGE = " \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e.,;:"
#: Minimum intersection over union for two statements to pair.
THRESHOLD = 0.5
#: Institution words written differently for the same body.
_INSTITUTION_ALIASES = {
    "foreign office": "foreign ministry", "ministry of foreign affairs": "foreign ministry",
    "mfa": "foreign ministry", "ministry of defense": "defense ministry", "ministry of defence": "defense ministry",
    "defence ministry": "defense ministry", "department of defense": "defense ministry",
    "defense department": "defense ministry", "pentagon": "usa defense ministry", "mod": "defense ministry",
    "department of state": "state department", "white house": "usa presidency", "kremlin": "rus presidency",
}
#: Words that do not tell two institutions apart.
_INSTITUTION_STOP = {"the", "of", "s", "government", "governments", "official", "officials", "authorities",
                     "spokesperson", "spokesman", "spokeswoman", "and", "its", "a", "an", "for"}
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii"}


class GoldError(ValueError):
    """A gold or prediction file that cannot be read (names the file)."""


def load_documents(path: str | Path) -> dict[str, dict]:
    """Articles with statements by id, from a folder of JSON files or one JSON/JSONL file."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json")) + sorted(path.glob("*.jsonl"))
    elif path.is_file():
        files = [path]
    else:
        raise GoldError(f"{path}: no such file or folder")
    documents: dict[str, dict] = {}
    for file in files:
        raw = file.read_text(encoding="utf-8")
        try:
            found = [json.loads(raw)]
        except json.JSONDecodeError:
            try:
                found = [json.loads(line) for line in raw.splitlines() if line.strip()]
            except json.JSONDecodeError as error:
                raise GoldError(f"{file}: neither JSON nor JSON Lines ({error.msg}, line {error.lineno})") from None
        for document in found:
            if not isinstance(document, dict) or "id" not in document or not isinstance(document.get("statements"), list):
                raise GoldError(f"{file}: expected article objects with 'id' and a 'statements' list")
            documents[str(document["id"])] = document
    return documents


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace, quotation marks and edge punctuation at either end."""
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two spans."""
    intersection = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return intersection / union if union > 0 else 0.0


def pair_statements(text: str, gold: list[Mapping], pred: list[Mapping],
                    threshold: float = THRESHOLD) -> list[tuple[Mapping, Mapping]]:
    """Gold and predicted statements of one article paired greedily by highest overlap."""
    gold_spans = [trimmed(text, s["start"], s["end"]) for s in gold]
    pred_spans = [trimmed(text, s["start"], s["end"]) for s in pred]
    candidates = sorted(((overlap(g, p), i, j) for i, g in enumerate(gold_spans) for j, p in enumerate(pred_spans)),
                        reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < threshold:
            break
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((gold[i], pred[j]))
    return pairs


def _plain(name: str | None) -> str:
    if not name:
        return ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in ascii_name).split())


def _institution_words(name: str, countries: Countries) -> set[str]:
    text = f" {_plain(name)} "
    for written, canonical in sorted(_INSTITUTION_ALIASES.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f" {written} ", f" {canonical} ")
    words = []
    tokens = text.split()
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            chunk = " ".join(tokens[i:i + size])
            found = countries.lookup(chunk) if len(tokens[i:i + size]) == size else None
            if found and (size > 1 or len(chunk) > 2 or chunk in ("us", "uk", "eu", "un")):
                words.append(found[0].lower())
                i += size
                break
        else:
            words.append(tokens[i])
            i += 1
    return {w for w in words if w not in _INSTITUTION_STOP}


def _close(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8)


def same_speaker(gold: str | None, pred: str | None, gold_type: str | None = None,
                 countries: Countries | None = None) -> bool:
    """Whether a predicted speaker names the gold one: same person by surname, or same institution."""
    g, p = _plain(gold), _plain(pred)
    if not g or not p:
        return g == p
    if g == p:
        return True
    if gold_type == "person":
        gs = [w for w in g.split() if w not in _NAME_SUFFIXES]
        ps = [w for w in p.split() if w not in _NAME_SUFFIXES]
        if not gs or not ps:
            return False
        if _close(gs[-1], ps[-1]):
            return len(ps) == 1 or len(gs) == 1 or gs[0][0] == ps[0][0]
        return len(ps) == 1 and len(ps[0]) >= 3 and ps[0] in gs
    countries = countries or Countries.default()
    gw, pw = _institution_words(gold, countries), _institution_words(pred, countries)
    if not gw or not pw:
        return False
    codes = {c.lower() for c in countries.by_code}
    gc, pc = gw & codes, pw & codes
    if gc and pc and not gc & pc:
        return False
    if gw == pw or (len(gw) == 1 and gw <= pw):
        return True
    return len(gw & pw) / len(gw | pw) >= 0.5


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def label_report(gold: Iterable[Any], pred: Iterable[Any], labels: Iterable[Any]) -> pd.DataFrame:
    """Precision, recall, F1 and support per label (rows), for the labels that occur in gold or prediction."""
    gold, pred = list(gold), list(pred)
    rows = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        if n_gold or n_pred:
            precision, recall, f1 = _prf(tp, n_pred, n_gold)
            rows.append({"label": label, "precision": precision, "recall": recall, "f1": f1, "support": n_gold})
    return pd.DataFrame(rows, columns=["label", "precision", "recall", "f1", "support"]).set_index("label")


def confusion(gold: Iterable[Any], pred: Iterable[Any], labels: Iterable[Any]) -> pd.DataFrame:
    """Counts of gold (rows) against predicted (columns) labels; a prediction outside ``labels`` counts as ``other``."""
    labels = list(labels)
    counts = Counter((g, p if p in labels else "other") for g, p in zip(gold, pred) if g in labels)
    columns = labels + (["other"] if any(p == "other" for _, p in counts) else [])
    return pd.DataFrame([[counts[(g, p)] for p in columns] for g in labels],
                        index=pd.Index(labels, name="gold"), columns=pd.Index(columns, name="predicted"))


@dataclass
class Scores:
    """Everything :func:`score` measures: the headline ``metrics`` plus per-label tables."""

    metrics: dict[str, Any]
    stance_report: pd.DataFrame
    stance_confusion: pd.DataFrame
    escalation_report: pd.DataFrame
    escalation_confusion: pd.DataFrame
    pairs: list[tuple[Mapping, Mapping]] = field(repr=False, default_factory=list)


@dataclass(frozen=True)
class _Pairing:
    """The statements of a corpus paired across gold and prediction, with the counts detection is scored on."""

    pairs: list[tuple[Mapping, Mapping]]
    n_gold: int
    n_pred: int
    missing: int
    recall_by_kind: dict[str, float]


def _pair_corpus(gold_docs: Mapping[str, Mapping], pred_docs: Mapping[str, Mapping]) -> _Pairing:
    """Pair the statements of every gold article with those predicted for it (none when it is missing)."""
    n_gold = n_pred = missing = 0
    pairs: list[tuple[Mapping, Mapping]] = []
    kinds: Counter = Counter()
    kinds_found: Counter = Counter()
    for doc_id, gold in gold_docs.items():
        pred = pred_docs.get(doc_id)
        missing += pred is None
        predicted = list(pred["statements"]) if pred else []
        n_gold += len(gold["statements"])
        n_pred += len(predicted)
        kinds.update(s["kind"] for s in gold["statements"])
        found = pair_statements(gold["text"], gold["statements"], predicted)
        kinds_found.update(g["kind"] for g, _ in found)
        pairs.extend(found)
    return _Pairing(pairs, n_gold, n_pred, missing, {k: kinds_found[k] / kinds[k] for k in sorted(kinds)})


def _attribution_metrics(pairing: _Pairing) -> dict[str, Any]:
    """Speaker accuracy, end-to-end F1 and affiliation accuracy over the paired statements."""
    countries = Countries.default()
    pairs = pairing.pairs
    attributed = [(g, p) for g, p in pairs if g.get("speaker")]
    speaker_ok = sum(1 for g, p in attributed
                     if same_speaker(g["speaker"], p.get("speaker"), g.get("speaker_type"), countries))
    end_to_end = sum(1 for g, p in pairs
                     if same_speaker(g.get("speaker"), p.get("speaker"), g.get("speaker_type"), countries))
    with_affiliation = [(g, p) for g, p in pairs if g.get("affiliation")]
    return {
        "speaker_accuracy": speaker_ok / len(attributed) if attributed else 0.0,
        "end_to_end_f1": _prf(end_to_end, pairing.n_pred, pairing.n_gold)[2],
        "affiliation_accuracy": (sum(1 for g, p in with_affiliation if g["affiliation"] == p.get("affiliation"))
                                 / len(with_affiliation) if with_affiliation else None),
    }


def _label_metrics(pairs: list[tuple[Mapping, Mapping]], stance_report: pd.DataFrame) -> dict[str, Any]:
    """Target and stance accuracy, stance macro-F1 and the escalation figures over the paired statements."""
    with_target = [(g, p) for g, p in pairs if "target" in g and g.get("stance") is not None]
    labelled = _with_stance(pairs)
    levels = _levels(pairs)
    numeric = [(a, b) for a, b in levels if isinstance(b, (int, float)) and not isinstance(b, bool)]
    return {
        "target_accuracy": (sum(1 for g, p in with_target if g["target"] == p.get("target")) / len(with_target)
                            if with_target else None),
        "stance_accuracy": (sum(1 for g, p in labelled if g["stance"] == p.get("stance")) / len(labelled)
                            if labelled else None),
        "stance_macro_f1": float(stance_report["f1"].mean()) if labelled else None,
        "escalation_exact": sum(1 for a, b in levels if a == b) / len(levels) if levels else None,
        "escalation_within_one": sum(1 for a, b in numeric if abs(a - b) <= 1) / len(levels) if levels else None,
        "escalation_mae": sum(abs(a - b) for a, b in numeric) / len(numeric) if numeric else None,
    }


def _with_stance(pairs: list[tuple[Mapping, Mapping]]) -> list[tuple[Mapping, Mapping]]:
    """The pairs whose gold statement has a stance."""
    return [(g, p) for g, p in pairs if g.get("stance") is not None]


def _levels(pairs: list[tuple[Mapping, Mapping]]) -> list[tuple[Any, Any]]:
    """Gold and predicted escalation of the pairs whose gold statement has a level."""
    return [(g["escalation"], p.get("escalation")) for g, p in pairs if g.get("escalation") is not None]


def score(gold_docs: Mapping[str, Mapping], pred_docs: Mapping[str, Mapping]) -> Scores:
    """Score predicted articles against gold articles (both: id -> article with ``statements``)."""
    pairing = _pair_corpus(gold_docs, pred_docs)
    precision, recall, f1 = _prf(len(pairing.pairs), pairing.n_pred, pairing.n_gold)
    labelled = _with_stance(pairing.pairs)
    gold_stances, pred_stances = [g["stance"] for g, _ in labelled], [p.get("stance") for _, p in labelled]
    levels = _levels(pairing.pairs)
    gold_levels, pred_levels = [a for a, _ in levels], [b for _, b in levels]
    stance_report = label_report(gold_stances, pred_stances, STANCES)
    metrics = {
        "articles": len(gold_docs),
        "articles_missing_in_pred": pairing.missing,
        "gold_statements": pairing.n_gold,
        "pred_statements": pairing.n_pred,
        "detection_precision": precision,
        "detection_recall": recall,
        "detection_f1": f1,
        "recall_by_kind": pairing.recall_by_kind,
        **_attribution_metrics(pairing),
        **_label_metrics(pairing.pairs, stance_report),
    }
    return Scores(
        metrics=metrics,
        stance_report=stance_report,
        stance_confusion=confusion(gold_stances, pred_stances, STANCES),
        escalation_report=label_report(gold_levels, pred_levels, ESCALATION_LEVELS),
        escalation_confusion=confusion(gold_levels, pred_levels, ESCALATION_LEVELS),
        pairs=pairing.pairs,
    )


def format_scores(scores: Scores) -> str:
    """The scores as plain text: headline metrics, then per-label tables and confusion matrices."""
    lines = []
    for key, value in scores.metrics.items():
        if isinstance(value, float):
            value = f"{value:.3f}"
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v:.3f}" for k, v in value.items())
        lines.append(f"{key:28} {value}")
    for title, table in (("stance per label", scores.stance_report),
                         ("stance confusion (rows gold, columns predicted)", scores.stance_confusion),
                         ("escalation per level", scores.escalation_report),
                         ("escalation confusion (rows gold, columns predicted)", scores.escalation_confusion)):
        lines += ["", title, table.to_string(float_format=lambda v: f"{v:.3f}")]
    return "\n".join(lines)
