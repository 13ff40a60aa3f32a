"""Temperatures that calibrate the shipped model's stance and escalation probabilities on real text.

    python3 benchmarks/calibrate.py [--folds 5]

Out-of-fold probabilities on the real training split (folds by document; each
fold's model also learns from every constructed row) are tempered with the
temperature ``T`` that minimises their negative log-likelihood, per head. The
printed values are the ``stance_temperature`` and ``escalation_temperature``
of :data:`stance.model.SHIPPED_PARAMS`. The held-out split is not read here:
``benchmarks/classifier_report.py`` measures the calibration error there.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from stance.classify import StanceModel
from stance.model import SHIPPED_PARAMS, TRAIN, training_corpus

TEMPERATURES = np.round(np.arange(0.5, 3.01, 0.05), 2)


def out_of_fold(folds: int) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The real training rows and their out-of-fold stance and escalation probabilities (untempered)."""
    corpus = training_corpus(TRAIN)
    real = corpus[corpus["provenance"] == "real"].reset_index(drop=True)
    constructed = corpus[corpus["provenance"] != "real"]
    params = {**SHIPPED_PARAMS, "stance_temperature": 1.0, "escalation_temperature": 1.0}
    stance, escalation = [None] * len(real), [None] * len(real)
    for train, test in GroupKFold(folds).split(real, groups=real["group"]):
        fitted = StanceModel(**params).fit(pd.concat([real.iloc[train], constructed], ignore_index=True))
        out = fitted.predict(real.iloc[test].drop(columns=["stance", "escalation", "act", "target"]))
        for i, s, e in zip(test, out["stance_proba"], out["escalation_proba"]):
            stance[i], escalation[i] = s, e
    return real, stance, escalation


def best_temperature(probabilities: list[dict], truth: list) -> tuple[float, float, float]:
    """The temperature minimising the mean negative log-likelihood, with the NLL at T=1 and at that T."""
    labels = list(probabilities[0])
    matrix = np.clip(np.array([[p[label] for label in labels] for p in probabilities]), 1e-9, None)
    index = np.array([labels.index(t) for t in truth])

    def nll(t: float) -> float:
        tempered = matrix ** (1.0 / t)
        tempered /= tempered.sum(axis=1, keepdims=True)
        return float(-np.log(tempered[np.arange(len(index)), index]).mean())

    losses = [nll(t) for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(losses))]), nll(1.0), min(losses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    real, stance, escalation = out_of_fold(args.folds)
    for name, proba, truth in (("stance", stance, list(real["stance"])),
                               ("escalation", escalation, [int(v) for v in real["escalation"]])):
        t, before, after = best_temperature(proba, truth)
        print(f"{name}_temperature = {t:.2f}   (out-of-fold NLL {before:.3f} at T=1, {after:.3f} at T={t:.2f}; "
              f"{len(truth)} real statements)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
