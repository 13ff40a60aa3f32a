"""How long the default model takes to label 10,000 statements on one core, in one batch and article by article.

    python3 benchmarks/classify_speed.py [N [PER_ARTICLE]] [--labels FILE]

The statements are built from the constructed training corpus: each is two
corpus statements joined, so that no two texts repeat (no cache helps) and
lengths are those of news sentences. The model is loaded (or trained and
cached) first and not timed; the time covers target detection, features,
the three heads, joint decoding, evidence and CAMEO codes. BLAS/OpenMP are
limited to one thread. The second figure labels the same statements
``PER_ARTICLE`` (default 26, the mean of the throughput benchmark's
articles) at a time, one call each, as ``stance analyze`` labels an article;
it comes after the batch, so the memos of texts, words and cues are warm
(statements seen before: a fresh article's costs more).
The machine is shared: compare figures taken one after the other, and the
CPU times (the process' own, unaffected by other processes' load).
``--labels FILE`` also writes every label of the batch as JSON lines, to
check with ``cmp`` that a change to the labelling code leaves them as they were.
"""
from __future__ import annotations

import argparse
import time
from importlib import resources

import pandas as pd
from threadpoolctl import threadpool_limits

from stance.labelling import read_labels
from stance.classify import statement_records
from stance.model import default_model


def statements(n: int) -> pd.DataFrame:
    """``n`` distinct statements made of pairs of corpus statements, with cue and affiliation."""
    with resources.files("stance").joinpath("data/training/statements.csv").open(encoding="utf-8") as f:
        corpus = read_labels(f, name="statements.csv")
    size = len(corpus)
    rows = []
    for i in range(n):
        first, second = corpus.iloc[i % size], corpus.iloc[(i * 7 + 3) % size]
        rows.append({"id": f"b{i}", "text": f"{first['text']} {second['text']}", "cue": first["cue"],
                     "affiliation": first["affiliation"], "kind": first["kind"]})
    return pd.DataFrame(rows)


def main(n: int = 10_000, per_article: int = 26, labels: str | None = None) -> None:
    """Time the batch and the article-by-article labelling of ``n`` statements; write the labels to ``labels``."""
    model = default_model()
    frame = statements(n)
    records = statement_records(frame)
    with threadpool_limits(limits=1):
        start, cpu = time.perf_counter(), time.process_time()
        labelled = model.label(frame)
        elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        for first in range(0, n, per_article):
            model.predict_records(records[first:first + per_article])
        by_article, by_article_cpu = time.perf_counter() - start, time.process_time() - cpu
    articles = -(-n // per_article)
    print(f"labelled {len(labelled)} statements in {elapsed:.2f} s on one core, {elapsed_cpu:.2f} s CPU "
          f"({1000 * elapsed / len(labelled):.3f} ms per statement, {1000 * elapsed_cpu / len(labelled):.3f} ms CPU; "
          "target: well under 10 s)")
    print(f"article by article ({per_article} statements a call): {1000 * by_article / articles:.2f} ms per article, "
          f"{1000 * by_article_cpu / articles:.2f} ms CPU")


    if labels:
        labelled.drop(columns=["text", "cue", "affiliation", "kind"]).to_json(labels, orient="records", lines=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("per_article", nargs="?", type=int, default=26)
    parser.add_argument("--labels", help="also write the batch's labels here (JSON lines)")
    arguments = parser.parse_args()
    main(arguments.n, arguments.per_article, arguments.labels)
