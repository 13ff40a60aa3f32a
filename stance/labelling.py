"""Labelling helpers for analysts: a CSV template to fill in, reading labels back, and inter-annotator agreement.

- :func:`export_template` writes statements to a CSV with empty (or prefilled)
  ``target``, ``stance``, ``escalation`` and ``act`` columns;
- :func:`read_labels` reads a filled CSV, or a folder of guide-format JSON,
  and checks every value against the annotation guide;
- :func:`agreement` compares two annotators' labels: Cohen's kappa and
  Krippendorff's alpha from :class:`nltk.metrics.agreement.AnnotationTask`
  (escalation uses an interval distance, so 4 vs 5 disagrees less than 0 vs 5).
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from pathlib import Path
from typing import IO, Any, Iterable

import pandas as pd
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance, interval_distance

from .records import ACTS, ESCALATION_LEVELS, KINDS, STANCES, Statement
from .schema import csv_restore, write_csv_frame

#: Columns of the labelling template, in order.
TEMPLATE_COLUMNS = ("id", "article_id", "start", "end", "speaker", "affiliation", "kind", "cue", "text",
                    "target", "stance", "escalation", "act", "note")
#: Label columns an analyst fills in.
LABEL_FIELDS = ("target", "stance", "escalation", "act")


class LabelFileError(ValueError):
    """A labels file with a bad value; the message names the file and line."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def export_template(statements: Any, path: str | Path | None = None, *, prefill: bool = False) -> pd.DataFrame:
    """Statements as a labelling template; written to ``path`` as CSV when given (spreadsheet-safe cells).

    ``statements`` is a DataFrame (for instance ``stance.analyze_corpus``'s
    output) or a list of :class:`Statement`. Labels are left blank unless
    ``prefill`` is true, in which case the statements' own labels (from the
    model) are copied in for the analyst to correct. Every statement gets an
    ``id`` (kept when the input has one).
    """
    if isinstance(statements, pd.DataFrame):
        frame = statements.reset_index(drop=True).copy()
    else:
        frame = pd.DataFrame([dataclasses.asdict(s) if isinstance(s, Statement) else dict(s) for s in statements])
    if "text" not in frame.columns:
        raise LabelFileError("statements to export need a 'text' column")
    out = pd.DataFrame(index=frame.index)
    for column in TEMPLATE_COLUMNS:
        if column in LABEL_FIELDS and not prefill:
            out[column] = ""
        elif column in frame.columns:
            out[column] = frame[column]
        else:
            out[column] = ""
    if "id" not in frame.columns or frame["id"].map(_blank).any():
        out["id"] = [f"s{i + 1:05d}" for i in range(len(out))]
    out = out.fillna("")
    if path is not None:
        write_csv_frame(out, path, quoting=csv.QUOTE_MINIMAL)
    return out


def _choice(row: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str | None:
    """The label in ``row[key]``, lower-cased, or ``None`` when blank; a value not in ``allowed`` raises."""
    value = row.get(key)
    if _blank(value):
        return None
    label = str(value).strip().lower()
    if label not in allowed:
        raise LabelFileError(f"{where}: unknown {key} {value!r} (allowed: {', '.join(allowed)})")
    return label


def _check(row: dict[str, Any], where: str) -> dict[str, Any]:
    text = row.get("text")
    if _blank(text):
        raise LabelFileError(f"{where}: empty 'text'")
    out = dict(row)
    out["stance"] = _choice(row, "stance", STANCES, where)
    level = row.get("escalation")
    if _blank(level):
        out["escalation"] = None
    else:
        try:
            number = float(level)
        except (TypeError, ValueError):
            number = -1.0
        if not number.is_integer() or int(number) not in ESCALATION_LEVELS:
            raise LabelFileError(f"{where}: escalation must be an integer 0-5, got {level!r}")
        out["escalation"] = int(number)
    out["act"] = _choice(row, "act", ACTS, where)
    kind = row.get("kind")
    if not _blank(kind) and str(kind).strip() not in KINDS:
        raise LabelFileError(f"{where}: unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    for key in ("cue", "speaker", "speaker_type", "affiliation", "target", "kind"):
        if key in out and _blank(out[key]):
            out[key] = None
    if out.get("target") is not None:
        out["target"] = str(out["target"]).strip()
    return out


def _read_csv(source: IO[str], name: str) -> pd.DataFrame:
    reader = csv.DictReader(source)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise LabelFileError(f"{name}: a labels CSV needs a 'text' column (got: {', '.join(reader.fieldnames or [])})")
    rows = []
    for row in reader:
        if None in row:
            raise LabelFileError(f"{name}:{reader.line_num}: more fields than the header has columns")
        rows.append(_check({key: csv_restore(value) for key, value in row.items()}, f"{name}:{reader.line_num}"))
    return _frame(rows, [*reader.fieldnames, "stance", "escalation", "act"])


def _frame(rows: list[dict[str, Any]], columns: Iterable[str] = ()) -> pd.DataFrame:
    """Rows as an object-dtype DataFrame in which a missing value is ``None`` (not NaN)."""
    columns = list(dict.fromkeys([*columns, *(key for row in rows for key in row)]))
    return pd.DataFrame({c: pd.Series([row.get(c) for row in rows], dtype=object) for c in columns})


def _json_documents(path: Path) -> Iterable[tuple[str, dict]]:
    raw = path.read_text(encoding="utf-8")
    try:
        yield str(path), json.loads(raw)
    except json.JSONDecodeError:
        for number, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    yield f"{path}:{number}", json.loads(line)
                except json.JSONDecodeError as error:
                    raise LabelFileError(f"{path}:{number}: not JSON ({error.msg})") from None


def _read_json(paths: Iterable[Path]) -> pd.DataFrame:
    rows = []
    for path in paths:
        for where, document in _json_documents(path):
            if not isinstance(document, dict) or not isinstance(document.get("statements"), list):
                raise LabelFileError(f"{where}: expected an article object with a 'statements' list")
            for index, statement in enumerate(document["statements"]):
                row = {"article_id": document.get("id"), **statement}
                rows.append(_check(row, f"{where}: statement {index}"))
    return _frame(rows)


def read_labels(source: str | Path | IO[str], *, name: str | None = None) -> pd.DataFrame:
    """Labelled statements from a CSV, a guide-format JSON/JSONL file, or a folder of them.

    A CSV needs a ``text`` column and may have ``stance``, ``escalation``,
    ``act``, ``target``, ``cue``, ``speaker``, ``affiliation``, ``kind`` and any
    other columns (kept). Blank labels come back as ``None``; a value outside
    the guide's labels raises :class:`LabelFileError` naming the file and line.
    """
    if not isinstance(source, (str, Path)):
        return _read_csv(source, name or "labels")
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
        if not files:
            raise LabelFileError(f"{path}: no .json or .jsonl files in this folder")
        return _read_json(files)
    if not path.is_file():
        raise LabelFileError(f"{path}: no such file or folder")
    if path.suffix in (".json", ".jsonl"):
        return _read_json([path])
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return _read_csv(f, name or str(path))
    except UnicodeDecodeError:
        raise LabelFileError(f"{path}: not a UTF-8 text file") from None


@dataclasses.dataclass(frozen=True)
class Agreement:
    """Agreement between two annotators on one label column over ``n`` statements both labelled."""

    column: str
    n: int
    observed: float
    kappa: float
    alpha: float
    within_one: float | None = None


def _as_frame(labels: Any) -> pd.DataFrame:
    if isinstance(labels, pd.DataFrame):
        return labels.reset_index(drop=True)
    if isinstance(labels, (str, Path, io.IOBase)):
        return read_labels(labels)
    raise LabelFileError("labels must be a DataFrame or the path of a labels file")


def agreement(first: Any, second: Any, column: str = "stance") -> Agreement:
    """Cohen's kappa and Krippendorff's alpha between two annotators on ``column``.

    ``first`` and ``second`` are DataFrames or labels files; rows are matched
    by ``id`` when both have one, else by position. Only statements both
    annotators labelled count. Escalation is compared with an interval
    distance for alpha (kappa treats levels as categories), and its
    ``within_one`` is the share of statements whose two levels differ by at
    most one.
    """
    a, b = _as_frame(first), _as_frame(second)
    for frame, label in ((a, "first"), (b, "second")):
        if column not in frame.columns:
            raise LabelFileError(f"the {label} annotator's labels have no {column!r} column")
    if "id" in a.columns and "id" in b.columns:
        merged = a[["id", column]].merge(b[["id", column]], on="id", suffixes=("_1", "_2"))
        keys = merged["id"].astype(str).tolist()
    else:
        if len(a) != len(b):
            raise LabelFileError(f"annotators labelled different numbers of statements ({len(a)} vs {len(b)}) "
                                 "and there is no 'id' column to match them")
        merged = pd.DataFrame({f"{column}_1": a[column].to_numpy(), f"{column}_2": b[column].to_numpy()})
        keys = [str(i) for i in range(len(merged))]
    triples = []
    n = same = near = 0
    for key, x, y in zip(keys, merged[f"{column}_1"], merged[f"{column}_2"]):
        if _blank(x) or _blank(y):
            continue
        if column == "escalation":
            x, y = int(float(x)), int(float(y))
        n += 1
        same += x == y
        near += column == "escalation" and abs(x - y) <= 1
        triples += [("1", key, x), ("2", key, y)]
    if n == 0:
        raise LabelFileError(f"no statement has a {column!r} label from both annotators")
    distance = interval_distance if column == "escalation" else binary_distance
    return Agreement(column=column, n=n, observed=same / n, kappa=float(AnnotationTask(data=triples).kappa()),
                     alpha=float(AnnotationTask(data=triples, distance=distance).alpha()),
                     within_one=near / n if column == "escalation" else None)
