"""Which labels to check first: the statements the model is least sure of.

An analyst who corrects labels (and retrains, see notebook 03) gains most by
starting where the model hesitated. :func:`confidence` reads the
probabilities every labelled statement carries (``stance_proba``,
``escalation_proba``, ``target_proba``) and :func:`review` lists the least
confident statements first.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

import pandas as pd

#: The probability columns read, and the name of the confidence each gives.
PROBABILITY_COLUMNS = {"stance_proba": "stance_confidence", "escalation_proba": "escalation_confidence",
                       "target_proba": "target_confidence"}


def _top(probabilities: Any) -> float | None:
    """The largest probability of a label distribution (a dict, or its JSON text as CSV holds it)."""
    if isinstance(probabilities, str):
        try:
            probabilities = json.loads(probabilities)
        except json.JSONDecodeError:
            return None
    if not isinstance(probabilities, Mapping) or not probabilities:
        return None
    return float(max(probabilities.values()))


def confidence(table: pd.DataFrame) -> pd.DataFrame:
    """Per statement, the probability of each chosen label and ``confidence``, the lowest of them.

    ``table`` is a statements table (:func:`stance.analyze_corpus`, a CSV or
    Parquet written by ``stance analyze``); a column it lacks counts as sure.
    """
    out = pd.DataFrame(index=table.index)
    for column, name in PROBABILITY_COLUMNS.items():
        out[name] = table[column].map(_top) if column in table.columns else None
    out["confidence"] = out[list(PROBABILITY_COLUMNS.values())].min(axis=1, skipna=True)
    return out


def review(table: pd.DataFrame, n: int | None = 20) -> pd.DataFrame:
    """The ``n`` statements of ``table`` the model is least sure of (``None``: all), least confident first,
    with their confidence columns added.

    >>> import stance
    >>> table = stance.analyze_corpus(["seeds/"])          # doctest: +SKIP
    >>> stance.review(table, 5)[["speaker", "stance", "confidence", "text"]]  # doctest: +SKIP
    """
    if "stance_proba" not in table.columns:
        raise ValueError("the table has no stance_proba column: label the statements first (stance analyze)")
    scored = pd.concat([table, confidence(table)], axis=1)
    ordered = scored.sort_values("confidence", kind="stable", na_position="last")
    return ordered if n is None else ordered.head(n)
