"""Figures on the hand-annotated dev gold in ../shared (skipped when it is absent).

These are regression floors for the acceptance figures of issue 2, measured
with the project's scorer ``../shared/eval/score.py``.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import stance

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "dev"
SCORER = SHARED / "eval" / "score.py"
pytestmark = pytest.mark.skipif(not (GOLD.is_dir() and SCORER.is_file()), reason="../shared gold not present")


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    predictions = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for article in stance.read_articles(GOLD):
            found = stance.analyze(article, label=False)
            out.write(json.dumps({"id": article.id, "statements": [s.to_dict() for s in found]}) + "\n")
    return scorer.score(scorer.load(GOLD), scorer.load(predictions))


def test_detection(figures: dict) -> None:
    assert figures["articles_missing_in_pred"] == 0
    assert figures["detection_f1"] >= 0.85
    assert figures["recall_by_kind"]["direct"] >= 0.95


def test_attribution(figures: dict) -> None:
    assert figures["speaker_accuracy"] >= 0.90
    assert figures["end_to_end_f1"] >= 0.75
