"""Zero-shot check on public event-coded news sentences: does the model rank conflict above cooperation?

    python3 benchmarks/event_sentences.py SENTENCES.tsv [--conflict 3] [--cooperation 1]

``SENTENCES.tsv`` holds one sentence and its class per line (tab-separated,
no header), as in ``data/cameo_class`` of the ConfliBERT repository
(eventdata/ConfliBERT, fetched for validation only; nothing of it ships).
Its classes follow CAMEO's quad classes: 1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict (0: other statements).
The default compares verbal conflict with verbal cooperation, the register of
statements. Each sentence is labelled as a statement with no cue or speaker;
its score is the expected escalation level (sum of level x probability) and,
for stance, the probability of ``hostile``. The figure is the ROC AUC of each
score at separating the two classes, against a keyword rule (conflict words
minus cooperation words) and chance (0.5). Nothing here was used to train or
tune the model.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from stance.model import default_model

CONFLICT_WORDS = re.compile(r"\b(?:condemn|accus|threat|attack|protest|sanction|reject|warn|strike|denounc)\w*", re.I)
COOPERATION_WORDS = re.compile(r"\b(?:agree|support|cooperat|talks|aid|welcom|meet|visit|thank)\w*", re.I)


def read_sentences(path: Path, classes: set[str]) -> tuple[list[str], list[str]]:
    """Sentences of the wanted classes and their class labels."""
    texts, labels = [], []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 2 and row[-1].strip() in classes:
                texts.append(row[0])
                labels.append(row[-1].strip())
    return texts, labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sentences", type=Path, help="TSV of sentence<TAB>class")
    parser.add_argument("--conflict", default="3", help="class of conflict sentences (default 3, verbal conflict)")
    parser.add_argument("--cooperation", default="1", help="class of cooperation sentences (default 1)")
    args = parser.parse_args(argv)
    texts, labels = read_sentences(args.sentences, {args.conflict, args.cooperation})
    if not texts:
        print(f"{args.sentences}: no sentence of class {args.conflict} or {args.cooperation}", file=sys.stderr)
        return 1
    truth = np.array([label == args.conflict for label in labels])
    out = default_model().predict(texts)
    expected = np.array([sum(int(level) * p for level, p in proba.items()) for proba in out["escalation_proba"]])
    hostile = np.array([proba.get("hostile", 0.0) for proba in out["stance_proba"]])
    keywords = np.array([len(CONFLICT_WORDS.findall(t)) - len(COOPERATION_WORDS.findall(t)) for t in texts])
    print(f"{args.sentences}: {int(truth.sum())} conflict (class {args.conflict}) and {int((~truth).sum())} "
          f"cooperation (class {args.cooperation}) sentences; ROC AUC of each score:")
    for name, score in (("model: expected escalation", expected), ("model: P(hostile)", hostile),
                        ("keyword rule", keywords)):
        print(f"  {name:28} {roc_auc_score(truth, score):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
