"""Peak memory of `stance report` at 1,000 and 10,000 articles.

Two inputs, each run in a fresh process whose peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is reported:

- ``table``: a synthetic analysed statement table (JSONL in the format of
  ``stance analyze --format jsonl``, 4-12 labelled statements per article,
  fictional speakers and states, constructed text) read with ``--table``;
- ``articles``: constructed articles from ``benchmarks/corpus.py`` run
  through the whole pipeline (reading, extraction, attribution) by
  ``stance report``.

Memory is bounded when it grows with the number of statements kept and not
with the article text: compare the two sizes. Measured on the 2-core
development machine (Python 3.11, one process, default model):

    input      articles  statements  seconds  peak MB
    table          1000        8059      9.0      340
    table         10000       80217     14.2      487
    articles       1000       26388     89.0      420
    articles      10000      262166    518.2     1071

About 240 MB of each figure is the interpreter with pandas, matplotlib,
scikit-learn and NLTK imported; the model and the pipeline's bounded caches
add about 100 MB when articles are analysed. The rest grows with the
statements (2-3 KB each, their text cut to 400 characters); the article
texts are not kept.

    python3 benchmarks/report_memory.py                   # both inputs, 1k and 10k articles
    python3 benchmarks/report_memory.py --inputs table --sizes 1000 10000 100000
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (benchmarks/corpus.py, the constructed article generator)

NOTE = "constructed benchmark statement table; fictional speakers and states"
STATES = ["NRV", "VLR", "CST", "DLM", "EST", "GRV", "XMR", "XBV"]
STANCE_BY_LEVEL = {0: "conciliatory", 1: "neutral", 2: "defensive", 3: "hostile", 4: "hostile", 5: "hostile"}
WORDS = ("border talks ceasefire patrol river sanctions envoy drills corridor convoy harbour response "
         "provocation restraint summit agreement").split()

_MEASURE = """
import json, resource, sys, time
from stance import cli
started = time.perf_counter()
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _speakers(rng: random.Random) -> list[tuple[str, str]]:
    return [(f"Minister {rng.choice('ABCDEFGHKLMNPRSTV')}{rng.choice(['aldren', 'orvik', 'asken', 'elmar', 'ustov'])}"
             f" {i}", STATES[i % len(STATES)]) for i in range(40)]


def write_statement_table(path: Path, articles: int, *, seed: int = 0) -> None:
    """Write a synthetic analysed corpus (one article per JSONL line)."""
    rng = random.Random(seed)
    speakers = _speakers(rng)
    start_day = date(2030, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for index in range(articles):
            day = start_day + timedelta(days=rng.randrange(540))
            arc = 2.5 + 2.0 * math.sin((day - start_day).days / 540 * 2 * math.pi)
            statements, offset = [], 0
            for _ in range(rng.randint(4, 12)):
                speaker, affiliation = rng.choice(speakers)
                level = max(0, min(5, round(rng.gauss(arc, 1.1))))
                proba = {str(lvl): 0.05 for lvl in range(6)}
                proba[str(level)] = 0.75
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 30)))
                statements.append({
                    "start": offset, "end": offset + len(text), "text": text, "kind": "indirect", "cue": "said",
                    "speaker": speaker, "speaker_type": "person", "affiliation": affiliation,
                    "target": rng.choice([s for s in STATES if s != affiliation]),
                    "stance": STANCE_BY_LEVEL[level], "escalation": level, "act": None,
                    "stance_proba": None, "escalation_proba": proba, "evidence": [],
                })
                offset += len(text) + 40
            out.write(json.dumps({"id": f"bench-{index:07d}", "title": f"Constructed item {index}",
                                  "date": day.isoformat(), "source": NOTE, "statements": statements}) + "\n")


def measure(arguments: list[str]) -> dict:
    """Run `stance ARGUMENTS` in a fresh interpreter: exit code, seconds, peak memory (MB), statements reported."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *arguments], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    counted = re.search(r"(\d+) statements from", done.stderr)
    result["statements"] = int(counted.group(1)) if counted else None
    return result


def main() -> None:
    """Command line: measure and print one line per input and size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--inputs", nargs="+", choices=["table", "articles"], default=["table", "articles"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(f"{'input':9} {'articles':>9} {'statements':>11} {'seconds':>8} {'peak MB':>8}")
        for kind in args.inputs:
            for size in args.sizes:
                output = folder / f"{kind}-{size}.pdf"
                if kind == "table":
                    source = folder / f"table-{size}.jsonl"
                    write_statement_table(source, size)
                    result = measure(["report", str(source), "--table", "-o", str(output)])
                else:
                    source = corpus.write_jsonl(folder / f"articles-{size}.jsonl", size)
                    result = measure(["report", str(source), "-o", str(output)])
                status = "" if result["code"] == 0 else f"  (exit code {result['code']})"
                print(f"{kind:9} {size:>9} {result['statements']!s:>11} {result['seconds']:>8.1f} "
                      f"{result['peak_mb']:>8.0f}{status}", flush=True)


if __name__ == "__main__":
    main()
