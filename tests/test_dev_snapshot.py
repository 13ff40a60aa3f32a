"""Per-article snapshot of extraction and attribution on the dev gold (skipped when ../shared is absent).

``snapshots/dev_statements.json`` holds, for each dev article, the statements
``stance analyze`` finds: span offsets, kind and speaker (no article text). When
a rule changes, the failure names each article whose statements changed and
lists the spans that appeared or went. After checking that a change is
wanted, rewrite the snapshot with
``STANCE_UPDATE_SNAPSHOTS=1 python3 -m pytest tests/test_dev_snapshot.py``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import stance

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "dev"
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "dev_statements.json"
pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared gold not present")


def _found() -> dict[str, list[list]]:
    return {article.id: [[s.start, s.end, s.kind, s.speaker] for s in stance.analyze(article, label=False)]
            for article in stance.read_articles(GOLD)}


def _formatted(found: dict[str, list[list]]) -> str:
    """The snapshot as JSON with one statement a line, so that a diff shows the statements that changed."""
    articles = [f"  {json.dumps(article)}: [\n" + ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}"
                                                              for item in found[article]) + "\n  ]"
                for article in sorted(found)]
    return "{\n" + ",\n".join(articles) + "\n}\n"


def _changes(before: list[list], now: list[list]) -> str:
    gone = [item for item in before if item not in now]
    new = [item for item in now if item not in before]
    return "; ".join([f"- {item}" for item in gone] + [f"+ {item}" for item in new]) or "same statements, new order"


def test_each_dev_article_finds_the_statements_of_the_snapshot() -> None:
    found = _found()
    if os.environ.get("STANCE_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(_formatted(found), encoding="utf-8")
        pytest.skip("snapshot rewritten; run again without STANCE_UPDATE_SNAPSHOTS to check it")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = {article: _changes(expected.get(article, []), now) for article, now in found.items()
               if expected.get(article) != now}
    changed.update({article: "article no longer read" for article in expected if article not in found})
    assert not changed, "statements changed in: " + " | ".join(f"{a}: {c}" for a, c in sorted(changed.items()))
