"""Stance, escalation and target figures on real text: baselines against the shipped model.

    python3 benchmarks/classifier_report.py [--gold ../shared/gold/dev] [--end-to-end] [--folds 5]

Every figure that chooses anything is on real text the model never learnt from:

1. The dev gold, given perfect extraction (the gold statements, with their
   cue, kind and speaker affiliation, and the article around them for the
   target): a majority-class baseline (the training corpus' most frequent
   stance and escalation), the lexicon-only rule, and the shipped model.
2. The held-out split of the real corpus (``stance/data/training/real.csv``,
   whole documents kept out of training), with the same three rows, and the
   expected calibration error of the shipped model's stance and escalation
   probabilities there.
3. With ``--end-to-end``, the whole pipeline on the dev articles, scored with
   ``stance.evaluate`` (the same figures as ``../shared/eval/score.py``).
4. Grouped cross-validation on the real training split (folds by document;
   each fold's model also learns from every constructed row), and on the
   constructed corpus alone (folds by scenario). The last is reported for
   comparison only: it flatters, and nothing is chosen on it.

The dev gold and the held-out split are only measured here, never trained on.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from stance.articles import read_articles
from stance.classify import StanceModel, StatementVectorizer
from stance.evaluate import label_report, load_documents, score
from stance.model import HELD_OUT, SHIPPED_PARAMS, TRAIN, default_model, label_statements, training_corpus
from stance.pipeline import analyze
from stance.records import STANCES, Statement
from stance.target_ranker import document_queries
from stance.targets import TargetDetector

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "dev"


def figures(gold: pd.DataFrame, stance, escalation, target=None) -> dict[str, float]:
    """Stance accuracy and macro-F1, escalation exact/within-one/MAE, target accuracy (guide section 8)."""
    stance = list(stance)
    levels = np.asarray(list(escalation), dtype=int)
    truth = gold["escalation"].to_numpy(dtype=int)
    out = {
        "stance_acc": float(np.mean(np.asarray(stance, dtype=object) == gold["stance"].to_numpy(dtype=object))),
        "stance_macro_f1": float(label_report(gold["stance"], stance, STANCES)["f1"].mean()),
        "esc_exact": float(np.mean(levels == truth)),
        "esc_within_one": float(np.mean(np.abs(levels - truth) <= 1)),
        "esc_mae": float(np.mean(np.abs(levels - truth))),
    }
    if target is not None:
        out["target_acc"] = float(np.mean([(g if isinstance(g, str) and g else None) == (p if isinstance(p, str) else None)
                                           for g, p in zip(gold["target"], target)]))
    return out


def lexicon_rule(vectorizer: StatementVectorizer, frame: pd.DataFrame) -> tuple[list[str], list[int], list[str]]:
    """The lexicon-only rule's stance, escalation and act for each statement."""
    stances, levels, acts = [], [], []
    for prepared in vectorizer.prepare(frame):
        rule = dict(key[5:].split("=") for key in prepared.features if key.startswith("rule:"))
        stances.append(rule["stance"])
        levels.append(int(rule["escalation"]))
        acts.append(rule["act"])
    return stances, levels, acts


def gold_statements(gold_dir: Path) -> tuple[pd.DataFrame, list]:
    """The dev gold statements as a table, and (article, statements without labels) per article."""
    documents = load_documents(gold_dir)
    rows, articles = [], []
    for article in read_articles(gold_dir):
        given = []
        for s in documents[article.id]["statements"]:
            rows.append({"article_id": article.id, **{k: s.get(k) for k in (
                "text", "cue", "kind", "speaker", "speaker_type", "affiliation", "target", "stance", "escalation",
                "act")}})
            given.append(Statement(start=s["start"], end=s["end"], text=s["text"], kind=s["kind"], cue=s.get("cue"),
                                   speaker=s.get("speaker"), speaker_type=s.get("speaker_type"),
                                   affiliation=s.get("affiliation")))
        articles.append((article, given))
    return pd.DataFrame(rows), articles


def dev_report(gold_dir: Path, corpus: pd.DataFrame) -> pd.DataFrame:
    """Majority, lexicon-only and shipped model on the dev gold statements (perfect extraction)."""
    gold, articles = gold_statements(gold_dir)
    unlabelled = gold.drop(columns=["target", "stance", "escalation", "act"])
    model = default_model()
    labelled = [s for article, given in articles for s in label_statements(given, article, model)]
    detector = TargetDetector.default()
    majority = figures(gold, [corpus["stance"].mode()[0]] * len(gold),
                       [int(pd.Series(corpus["escalation"].astype(int)).mode()[0])] * len(gold))
    stances, levels, _ = lexicon_rule(model.vectorizer_, unlabelled)
    lexicon = figures(gold, stances, levels,
                      [detector.detect(t, speaker_affiliation=a, cue=c)
                       for t, a, c in zip(gold["text"], gold["affiliation"], gold["cue"])])
    shipped = figures(gold, [s.stance for s in labelled], [s.escalation for s in labelled],
                      [s.target for s in labelled])
    shipped["act_acc"] = float(np.mean([s.act == a for s, a in zip(labelled, gold["act"])]))
    return pd.DataFrame({"majority": majority, "lexicon only": lexicon, "shipped model": shipped}).T


def expected_calibration_error(probabilities: list[dict], truth: list, bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy of the top label, averaged over equal-width confidence bins."""
    confidence = np.array([max(p.values()) for p in probabilities])
    correct = np.array([max(p, key=p.get) == t for p, t in zip(probabilities, truth)], dtype=float)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    return float(sum(abs(confidence[which == b].mean() - correct[which == b].mean()) * (which == b).mean()
                     for b in range(bins) if (which == b).any()))


def held_out_report(corpus: pd.DataFrame) -> pd.DataFrame:
    """Majority, lexicon-only and shipped model on the held-out real documents.

    The target is chosen as in an article: the other statements of the same
    document stand in for its text and the neighbouring ones for its sentence.
    """
    held = training_corpus(HELD_OUT)
    held["escalation"] = held["escalation"].astype(int)
    unlabelled = held.drop(columns=["target", "stance", "escalation", "act"])
    model = default_model()
    surroundings = document_queries(unlabelled.assign(stance=None))
    out = pd.DataFrame(model.predict_records(unlabelled, [q.context for q in surroundings],
                                             [q.background for q in surroundings]))
    majority = figures(held, [corpus["stance"].mode()[0]] * len(held),
                       [int(corpus["escalation"].astype(int).mode()[0])] * len(held))
    stances, levels, _ = lexicon_rule(model.vectorizer_, unlabelled)
    shipped = figures(held, out["stance"], out["escalation"], out["target"])
    shipped["stance_ece"] = expected_calibration_error(list(out["stance_proba"]), list(held["stance"]))
    shipped["esc_ece"] = expected_calibration_error(list(out["escalation_proba"]), list(held["escalation"]))
    return pd.DataFrame({"majority": majority, "lexicon only": figures(held, stances, levels),
                         "shipped model": shipped}).T


def real_grouped_cv(folds: int) -> pd.DataFrame:
    """Grouped (by document) cross-validation on the real training split, constructed rows always in training."""
    corpus = training_corpus(TRAIN)
    real = corpus[corpus["provenance"] == "real"].reset_index(drop=True)
    constructed = corpus[corpus["provenance"] != "real"]
    real["escalation"] = real["escalation"].astype(int)
    stances, levels = pd.Series(index=real.index, dtype=object), pd.Series(index=real.index, dtype=object)
    for train, test in GroupKFold(folds).split(real, groups=real["group"]):
        fitted = StanceModel(**SHIPPED_PARAMS).fit(pd.concat([real.iloc[train], constructed], ignore_index=True))
        out = fitted.predict(real.iloc[test].drop(columns=["stance", "escalation", "act", "target"]))
        stances.iloc[test], levels.iloc[test] = out["stance"].to_numpy(), out["escalation"].to_numpy()
    return pd.DataFrame({"model": figures(real, stances, levels)}).T


def end_to_end(gold_dir: Path) -> dict:
    """The pipeline on the dev articles, scored like ../shared/eval/score.py."""
    model = default_model()
    pred = {}
    for article in read_articles(gold_dir):
        pred[article.id] = {"id": article.id, "statements": [s.to_dict() for s in analyze(article, model=model)]}
    return score(load_documents(gold_dir), pred).metrics


def grouped_cv(corpus: pd.DataFrame, folds: int) -> pd.DataFrame:
    """Grouped (by scenario) cross-validation on the constructed corpus: majority, lexicon only, model."""
    corpus = corpus[corpus["stance"].notna() & corpus["escalation"].notna()].reset_index(drop=True)
    corpus["escalation"] = corpus["escalation"].astype(int)
    predicted = {name: pd.DataFrame(index=corpus.index, columns=["stance", "escalation"], dtype=object)
                 for name in ("majority", "lexicon only", "model")}
    for train, test in GroupKFold(folds).split(corpus, groups=corpus["scenario"]):
        fitted = StanceModel(**SHIPPED_PARAMS).fit(corpus.iloc[train])
        held_out = corpus.iloc[test].drop(columns=["stance", "escalation", "act", "target"])
        out = fitted.predict(held_out)
        predicted["model"].loc[corpus.index[test]] = out[["stance", "escalation"]].to_numpy()
        stances, levels, _ = lexicon_rule(fitted.vectorizer_, held_out)
        predicted["lexicon only"].loc[corpus.index[test], "stance"] = stances
        predicted["lexicon only"].loc[corpus.index[test], "escalation"] = levels
        train_rows = corpus.iloc[train]
        predicted["majority"].loc[corpus.index[test], "stance"] = train_rows["stance"].mode()[0]
        predicted["majority"].loc[corpus.index[test], "escalation"] = int(train_rows["escalation"].mode()[0])
    return pd.DataFrame({name: figures(corpus, p["stance"], p["escalation"]) for name, p in predicted.items()}).T


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="dev gold folder (guide JSON)")
    parser.add_argument("--end-to-end", action="store_true", help="also run the whole pipeline on the gold articles")
    parser.add_argument("--folds", type=int, default=5, help="folds of the grouped cross-validation (0: skip)")
    args = parser.parse_args(argv)
    corpus = training_corpus(TRAIN)
    real = corpus["provenance"] == "real"
    pd.set_option("display.width", 160)
    print(f"training split: {int(real.sum())} real statements from {corpus[real]['group'].nunique()} documents, "
          f"{int((~real).sum())} constructed; held out: {len(training_corpus(HELD_OUT))} real statements\n")
    print("held-out real documents (the other statements of a document stand in for its article):")
    print(held_out_report(corpus).to_string(float_format=lambda v: f"{v:.3f}"))
    print()
    if args.gold.is_dir():
        start = time.perf_counter()
        print(f"dev gold {args.gold} (gold statements, perfect extraction):")
        print(dev_report(args.gold, corpus).to_string(float_format=lambda v: f"{v:.3f}"))
        if args.end_to_end:
            print("\nend to end (stance analyze + scorer):")
            for key, value in end_to_end(args.gold).items():
                if isinstance(value, dict):
                    value = ", ".join(f"{k}={v:.3f}" for k, v in value.items())
                print(f"  {key:28} {value:.3f}" if isinstance(value, float) else f"  {key:28} {value}")
        print(f"({time.perf_counter() - start:.1f} s)\n")
    else:
        print(f"no dev gold at {args.gold}; skipping the dev figures\n", file=sys.stderr)
    if args.folds:
        start = time.perf_counter()
        print(f"grouped {args.folds}-fold cross-validation on the real training split (groups: document):")
        print(real_grouped_cv(args.folds).to_string(float_format=lambda v: f"{v:.3f}"))
        constructed = corpus[~real].reset_index(drop=True)
        print(f"grouped {args.folds}-fold cross-validation on the constructed corpus alone (groups: scenario; "
              "for comparison only, it flatters):")
        print(grouped_cv(constructed, args.folds).to_string(float_format=lambda v: f"{v:.3f}"))
        print(f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
