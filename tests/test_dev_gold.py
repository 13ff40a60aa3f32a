"""Figures on the hand-annotated dev gold in ../shared (skipped when it is absent).

These are regression floors for extraction and attribution (issue 2) and for
the labels (issue 9), measured with the project's scorer
``../shared/eval/score.py``. The dev gold is never training data.
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


def _scored(folder: Path, label: bool) -> dict:
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    predictions = folder / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for article in stance.read_articles(GOLD):
            found = stance.analyze(article, label=label)
            out.write(json.dumps({"id": article.id, "statements": [s.to_dict() for s in found]}) + "\n")
    return scorer.score(scorer.load(GOLD), scorer.load(predictions))


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    return _scored(tmp_path_factory.mktemp("pred"), label=False)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> dict:
    return _scored(tmp_path_factory.mktemp("labelled"), label=True)


def test_detection(figures: dict) -> None:
    assert figures["articles_missing_in_pred"] == 0
    assert figures["detection_f1"] >= 0.85
    assert figures["recall_by_kind"]["direct"] >= 0.95


def test_attribution(figures: dict) -> None:
    assert figures["speaker_accuracy"] >= 0.90
    assert figures["end_to_end_f1"] >= 0.75


def test_labels(labelled: dict) -> None:
    assert labelled["stance_macro_f1"] >= 0.70
    assert labelled["escalation_within_one"] >= 0.88
    assert labelled["target_accuracy"] >= 0.62
