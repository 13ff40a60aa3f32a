"""Time per character of the whole pipeline on hostile texts at two sizes (extraction must stay linear).

Each pattern of ``tests/constructed_corpus.py`` (``"We will respond," he said.``
repeated, unclosed quotes, transcript turns, country names, nested reports) is
built at two sizes and analysed once per size after a warm-up; the figures
are microseconds per character and their ratio (large over small: 1 means
linear, 10 would be quadratic for sizes ten times apart).

    python3 benchmarks/hostile_text.py                  # 20k and 200k characters, every pattern
    python3 benchmarks/hostile_text.py --sizes 10000 100000 --pattern "quote and cue"
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from constructed_corpus import HOSTILE_PIECES, hostile_text  # noqa: E402
from stance.articles import article_from_text  # noqa: E402
from stance.pipeline import analyze  # noqa: E402


def seconds(text: str) -> float:
    """Wall time of one full analysis (extraction, attribution, labelling) of ``text``."""
    article = article_from_text(text, "hostile")
    started = time.perf_counter()
    analyze(article)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[20_000, 200_000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--pattern", action="append", choices=sorted(HOSTILE_PIECES), help="default: every pattern")
    args = parser.parse_args()
    small, large = args.sizes
    seconds(hostile_text("quote and cue", 2_000))  # model and caches loaded
    print(f"{'pattern':34} {'us/char ' + str(small):>16} {'us/char ' + str(large):>16} {'ratio':>6}")
    for pattern in args.pattern or HOSTILE_PIECES:
        per_char = [seconds(hostile_text(pattern, size)) / size * 1e6 for size in (small, large)]
        print(f"{pattern:34} {per_char[0]:16.1f} {per_char[1]:16.1f} {per_char[1] / per_char[0]:6.2f}", flush=True)


if __name__ == "__main__":
    main()
