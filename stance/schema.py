"""The statement table: one schema for every writer (CSV, Parquet, the flat rows of JSONL), and spreadsheet-safe CSV.

A row holds the article's id, date, date flag, title and source
(:data:`ARTICLE_KEYS`), then every field of a
:class:`~stance.records.Statement` (``Statement.to_dict()``, as in the JSONL
output). :data:`COLUMNS` names each column and its kind; the CSV header, the
Parquet schema, the table column order and the flattening of JSONL records
(:func:`article_record`, :func:`table_rows`) all come from it.

CSV cells that a spreadsheet would run as a formula (text beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading
apostrophe, as OWASP recommends; numbers, and text that is a plain number
(``-3``), are left as they are. :func:`csv_restore` undoes it when the
project reads its own CSV back, so JSONL, Parquet and the data read from CSV
keep the raw value.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterable, Mapping, TextIO

from .records import ESCALATION_LEVELS, STANCES, Article

TEXT, INT, BOOL, STANCE_PROBA, ESCALATION_PROBA, TARGET_PROBA, TEXT_LIST = (
    "text", "int", "bool", "stance_proba", "escalation_proba", "target_proba", "list")

COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", TEXT), ("date", TEXT), ("date_inferred", BOOL), ("title", TEXT), ("source", TEXT),
    ("start", INT), ("end", INT), ("text", TEXT), ("kind", TEXT), ("cue", TEXT),
    ("speaker", TEXT), ("speaker_type", TEXT), ("affiliation", TEXT), ("target", TEXT), ("stance", TEXT),
    ("escalation", INT), ("act", TEXT),
    ("stance_proba", STANCE_PROBA), ("escalation_proba", ESCALATION_PROBA), ("target_proba", TARGET_PROBA),
    ("evidence", TEXT_LIST),
    ("cue_start", INT), ("cue_end", INT), ("mention_start", INT), ("mention_end", INT),
)
STATEMENT_COLUMNS = [name for name, _ in COLUMNS]
ARTICLE_KEYS: tuple[tuple[str, str], ...] = (
    ("article_id", "id"), ("date", "date"), ("date_inferred", "date_inferred"), ("title", "title"), ("source", "source"),
)
"""The article's columns in a table row, each with its key in a JSONL record (and its ``Article`` attribute)."""
_STRUCTURED = {STANCE_PROBA, ESCALATION_PROBA, TARGET_PROBA, TEXT_LIST}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def article_record(article: Article) -> dict[str, Any]:
    """The article's fields of a JSONL record (``id``, ``date``, ``date_inferred``, ``title``, ``source``)."""
    return {key: getattr(article, key) for _, key in ARTICLE_KEYS}


def table_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A JSONL record (an article with its ``statements``) flattened into table rows, one per statement."""
    meta = {column: record.get(key) for column, key in ARTICLE_KEYS}
    meta["date_inferred"] = bool(meta["date_inferred"])
    return [{**meta, **statement} for statement in record["statements"]]


def parquet_schema():
    """The explicit, stable Arrow schema of the Parquet output: :data:`COLUMNS`, one row per statement."""
    import pyarrow as pa

    types = {
        TEXT: pa.string(), INT: pa.int64(), BOOL: pa.bool_(),
        STANCE_PROBA: pa.struct([(name, pa.float64()) for name in STANCES]),
        ESCALATION_PROBA: pa.struct([(str(level), pa.float64()) for level in ESCALATION_LEVELS]),
        TARGET_PROBA: pa.map_(pa.string(), pa.float64()),  # candidate codes vary; "none" is no target
        TEXT_LIST: pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def csv_safe(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet runs: a leading apostrophe before a formula character.

    Text that already begins with apostrophes before such a character gets
    one more, so that :func:`csv_restore` gives back exactly ``value``.
    """
    body = value.lstrip("'")
    if not body.startswith(_FORMULA_START):
        return value
    if len(body) == len(value) and _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_restore(value: Any) -> Any:
    """The raw value of a cell written with :func:`csv_safe` (anything else is returned unchanged)."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def csv_cell(value: Any) -> Any:
    """One value as a CSV cell: dicts and lists as JSON strings, text made safe with :func:`csv_safe`."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value if not isinstance(value, tuple) else list(value), ensure_ascii=False)
    if isinstance(value, str):
        return csv_safe(value)
    return value


def csv_header() -> str:
    """The header line of the statement CSV."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(STATEMENT_COLUMNS)
    return buffer.getvalue()


def csv_rows(rows: Iterable[dict[str, Any]]) -> str:
    """Statement rows (keys of :data:`COLUMNS`) as CSV lines, every field included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_statement_cell(row.get(name), kind) for name, kind in COLUMNS])
    return buffer.getvalue()


def _statement_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind in _STRUCTURED:
        return json.dumps(list(value) if kind == TEXT_LIST else dict(value), ensure_ascii=False)
    return csv_safe(value) if kind == TEXT and isinstance(value, str) else value


def write_csv_frame(frame, target: str | TextIO, **options: Any) -> None:
    """Write a pandas DataFrame as CSV with every cell made safe by :func:`csv_cell` (``options`` go to ``to_csv``)."""
    frame.map(csv_cell).to_csv(target, index=False, **options)


def restore_csv_frame(frame):
    """A DataFrame read from a CSV this project wrote, with the raw values back.

    :func:`csv_restore` is applied to every text cell, and the columns that
    :data:`COLUMNS` holds as dicts or lists (``stance_proba``,
    ``escalation_proba``, ``target_proba``, ``evidence``) are parsed back from JSON.
    """
    restored = frame.map(csv_restore)
    for name, kind in COLUMNS:
        if kind in _STRUCTURED and name in restored.columns:
            restored[name] = restored[name].map(_from_json).astype(object)
    return restored


def _from_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
