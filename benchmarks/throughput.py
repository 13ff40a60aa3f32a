"""Articles per second and peak memory of extraction and attribution on one core.

Generates a corpus of constructed 3,000-character articles (fictional or
generic speakers, see ``corpus.py``), streams it from a JSONL file and times,
in this one process:

- reading: ``iter_articles`` (JSON parsing, date inference);
- extraction + attribution: ``statements.find_statements`` (what issue 2 measures);
- full ``pipeline.analyze`` (extraction, attribution and, once present, labels).

The first article of each stage is a warm-up and is not timed. Peak memory is
the process's peak resident set size (``ru_maxrss``) after each stage.

    python3 benchmarks/throughput.py            # 2,000 articles
    python3 benchmarks/throughput.py --quick    # 200 articles, a fast check
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (the generator next to this script)
from stance.articles import iter_articles  # noqa: E402
from stance.pipeline import analyze  # noqa: E402
from stance.speakers import SpeakerRegistry  # noqa: E402
from stance.statements import find_statements  # noqa: E402


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, path: Path, work) -> dict:
    """Run ``work(article)`` over the corpus at ``path`` (after one warm-up article); the stage's figures."""
    articles = iter_articles(path)
    work(next(articles))
    count = statements = 0
    started = time.perf_counter()
    for article in articles:
        statements += work(article)
        count += 1
    seconds = time.perf_counter() - started
    return {"stage": name, "articles": count, "seconds": round(seconds, 2),
            "articles_per_second": round(count / seconds, 1), "statements": statements, "peak_rss_mb": round(peak_mb())}


def main() -> None:
    """Generate the corpus, time the stages, print a table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=3000)
    parser.add_argument("--quick", action="store_true", help="200 articles")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    count = 200 if args.quick else args.articles
    registry = SpeakerRegistry.default()
    with tempfile.TemporaryDirectory() as folder:
        path = corpus.write_jsonl(Path(folder) / "corpus.jsonl", count + 1, chars=args.chars)
        rows = [
            timed("reading", path, lambda article: 0),
            timed("extraction + attribution", path, lambda article: len(find_statements(article, registry))),
            timed("analyze (full pipeline)", path, lambda article: len(analyze(article, registry=registry))),
        ]
    print(f"{count} constructed articles of ~{args.chars} characters, one core (python {sys.version.split()[0]})\n")
    print("| stage | articles/s | seconds | statements | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['stage']} | {row['articles_per_second']:,} | {row['seconds']} | {row['statements']:,} | "
              f"{row['peak_rss_mb']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
