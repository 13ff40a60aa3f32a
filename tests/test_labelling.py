"""Labelling template, reading labels back, inter-annotator agreement; the scoring module; labels of a batch at once."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from stance.evaluate import confusion, load_documents, pair_statements, same_speaker, score
from stance.labelling import TEMPLATE_COLUMNS, LabelFileError, agreement, export_template, read_labels
from stance.records import Statement

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _statements() -> list[Statement]:
    texts = ["the drills are a rehearsal for invasion", "we are ready to resume talks", "the border is calm"]
    return [Statement(start=0, end=len(t), text=t, kind="indirect", cue="said", speaker="the defence ministry",
                      affiliation="PRK", stance="hostile" if i == 0 else None) for i, t in enumerate(texts)]


def test_template_round_trip(tmp_path) -> None:
    path = tmp_path / "to_label.csv"
    template = export_template(_statements(), path)
    assert list(template.columns) == list(TEMPLATE_COLUMNS)
    assert template["stance"].eq("").all() and template["id"].tolist() == ["s00001", "s00002", "s00003"]
    filled = pd.read_csv(path, dtype=str, keep_default_na=False)
    filled.loc[0, ["stance", "escalation", "act", "target"]] = ["hostile", "3", "accuse", "KOR"]
    filled.loc[1, ["stance", "escalation"]] = ["Conciliatory", "0"]
    filled.to_csv(path, index=False)
    labels = read_labels(path)
    assert labels["stance"].tolist() == ["hostile", "conciliatory", None]
    assert labels["escalation"].tolist()[:2] == [3, 0] and labels["escalation"].isna().tolist()[2]
    assert labels.loc[0, "target"] == "KOR" and labels.loc[0, "text"] == "the drills are a rehearsal for invasion"


def test_template_cells_cannot_run_in_a_spreadsheet_and_read_back_raw(tmp_path) -> None:
    path = tmp_path / "to_label.csv"
    hostile = ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "-1+2 said nothing"]
    export_template([Statement(start=0, end=len(t), text=t, kind="direct", speaker="+speaker") for t in hostile], path)
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert written["text"].tolist() == ["'" + text for text in hostile] and set(written["speaker"]) == {"'+speaker"}
    labels = read_labels(path)
    assert labels["text"].tolist() == hostile and set(labels["speaker"]) == {"+speaker"}


def test_prefilled_template_copies_model_labels() -> None:
    assert export_template(_statements(), prefill=True)["stance"].tolist()[0] == "hostile"


@pytest.mark.parametrize("row, message", [
    ("x,hostile,7,", "escalation must be an integer 0-5, got '7'"),
    ("x,hostile,2.5,", "escalation must be an integer 0-5"),
    ("x,friendly,1,", "unknown stance 'friendly'"),
    ("x,neutral,1,chat", "unknown act 'chat'"),
    (",neutral,1,", "empty 'text'"),
])
def test_bad_labels_name_file_and_line(tmp_path, row: str, message: str) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(f"text,stance,escalation,act\nfine,neutral,1,report\n{row}\n", encoding="utf-8")
    with pytest.raises(LabelFileError, match=f"labels.csv:3: {message}"):
        read_labels(path)


def test_labels_from_guide_json_folder(tmp_path) -> None:
    text = "Minister Aldren said Velm would respond. Velm denied it."
    article = {"id": "x1", "text": text, "statements": [
        {"start": 21, "end": 38, "text": text[21:38], "kind": "indirect", "cue": "said", "speaker": "Aldren",
         "affiliation": "NRV", "target": "ALT", "stance": "hostile", "escalation": 4, "act": "threaten"}]}
    (tmp_path / "x1.json").write_text(json.dumps(article), encoding="utf-8")
    labels = read_labels(tmp_path)
    assert labels.loc[0, ["article_id", "stance", "escalation", "target"]].tolist() == ["x1", "hostile", 4, "ALT"]
    (tmp_path / "x2.json").write_text('{"id": "x2", "text": "a"}', encoding="utf-8")
    with pytest.raises(LabelFileError, match="x2.json: expected an article object"):
        read_labels(tmp_path)


def test_agreement_on_a_known_example() -> None:
    """Ten items, two disagreements, both annotators 5/5: kappa 0.6 and alpha 1 - 19*4/200 = 0.62."""
    first = pd.DataFrame({"id": range(10), "stance": ["hostile"] * 5 + ["neutral"] * 5})
    second = pd.DataFrame({"id": range(10), "stance": ["hostile"] * 4 + ["neutral"] * 5 + ["hostile"]})
    result = agreement(first, second)
    assert result.n == 10 and result.observed == pytest.approx(0.8)
    assert result.kappa == pytest.approx(0.6)
    assert result.alpha == pytest.approx(0.62)


def test_escalation_agreement_is_ordinal() -> None:
    gold = pd.DataFrame({"escalation": [0, 1, 2, 3, 4, 5, 1, 3]})
    near = pd.DataFrame({"escalation": [0, 1, 2, 3, 5, 4, 1, 3]})
    far = pd.DataFrame({"escalation": [0, 1, 2, 3, 0, 5, 1, 5]})
    assert agreement(gold, near, "escalation").alpha > agreement(gold, far, "escalation").alpha
    assert agreement(gold, gold, "escalation").alpha == pytest.approx(1.0)


def test_agreement_skips_unlabelled_statements() -> None:
    a = pd.DataFrame({"id": [1, 2, 3], "stance": ["hostile", None, "hostile"]})
    b = pd.DataFrame({"id": [3, 2, 1], "stance": ["hostile", "neutral", "hostile"]})
    result = agreement(a, b)
    assert result.n == 2 and result.observed == 1.0
    with pytest.raises(LabelFileError, match="no 'act' column"):
        agreement(a, b, "act")


# --- scoring (guide section 8) -------------------------------------------------------------------

def test_pairing_is_greedy_by_overlap() -> None:
    text = 'He said "we will respond". Later he said talks could resume soon.'
    gold = [{"start": 9, "end": 24}, {"start": 41, "end": 65}]
    pred = [{"start": 8, "end": 25}, {"start": 41, "end": 53}, {"start": 30, "end": 65}]
    pairs = pair_statements(text, gold, pred)
    assert [(g["start"], p["start"]) for g, p in pairs] == [(9, 8), (41, 30)]


def test_same_speaker_rules() -> None:
    assert same_speaker("Sergei Lavrov", "Lavrov", "person")
    assert same_speaker("Maria Zakharova", "M. Zakharova", "person")
    assert not same_speaker("Sergei Lavrov", "Sergei Shoigu", "person")
    assert same_speaker("Russian Ministry of Defense", "Russian Defence Ministry", "organization")
    assert same_speaker("Chinese government", "China", "organization")
    assert not same_speaker("Russian Foreign Ministry", "Chinese Foreign Ministry", "organization")


def test_confusion_counts_unknown_predictions() -> None:
    table = confusion(["hostile", "neutral", "neutral"], ["hostile", None, "neutral"], ["hostile", "neutral"])
    assert table.loc["neutral", "other"] == 1 and table.loc["hostile", "hostile"] == 1


def _perturbed_predictions(gold: dict) -> dict:
    """Predictions derived from gold by fixed edits: drop, shift, rename, relabel."""
    pred = {}
    for n, (doc_id, doc) in enumerate(sorted(gold.items())):
        statements = []
        for i, s in enumerate(doc["statements"]):
            if (i + n) % 7 == 3:
                continue
            p = dict(s)
            if i % 5 == 1:
                p["end"] = max(p["start"] + 1, p["end"] - (p["end"] - p["start"]) // 3)
            if i % 4 == 2:
                p["speaker"] = (p.get("speaker") or "someone").split()[-1]
            if i % 6 == 0:
                p["stance"], p["escalation"], p["target"] = "neutral", 1, None
            statements.append(p)
        pred[doc_id] = {"id": doc_id, "statements": statements}
    return pred


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="../shared scorer not present")
def test_scores_agree_with_the_shared_scorer(tmp_path) -> None:
    gold = load_documents(SHARED / "gold" / "dev")
    pred = _perturbed_predictions(gold)
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in pred.values()), encoding="utf-8")
    reference = json.loads(subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "gold" / "dev"), str(path), "--json"],
        check=True, capture_output=True, text=True).stdout)
    ours = score(gold, load_documents(path)).metrics
    assert set(reference) == set(ours)
    for key, value in reference.items():
        assert ours[key] == pytest.approx(value), key


def test_target_ranking_of_many_statements_at_once_scores_each_as_alone() -> None:
    """The ranker scores every candidate of a batch in one product: the same probabilities as scoring each
    feature of each candidate for each stance, one statement at a time (the ranker's definition)."""
    import dataclasses

    import numpy as np

    from stance.model import default_model
    from stance.target_ranker import NONE, TargetQuery, candidate_features
    from stance.targets import TargetDetector

    ranker = default_model().target_
    mixture = {"hostile": 0.5, "defensive": 0.2, "neutral": 0.2, "supportive": 0.05, "conciliatory": 0.05}
    queries = [
        TargetQuery(text="Russia must withdraw its troops from the border", affiliation="USA", cue="said",
                    background={"RUS": 3, "UKR": 2}, stance_proba=mixture),
        TargetQuery(text="the talks with China and Japan were useful", affiliation="KOR", cue="told reporters",
                    context="The minister met envoys in Seoul. The talks with China and Japan were useful.",
                    stance_proba={"neutral": 0.9, "hostile": 0.1}),
        TargetQuery(text="we offer our condolences to the families", affiliation="FRA", stance_proba=mixture),
    ]
    detector = TargetDetector.current()
    batch = ranker.predict_proba(queries, detector)
    assert len(batch[0]) >= 3 and len(batch[1]) >= 3
    for query, got in zip(queries, batch):
        candidates = candidate_features(query, detector)
        names = sorted(candidates)
        stances = list(query.stance_proba)
        by_stance = {stance: candidate_features(dataclasses.replace(query, stance=stance), detector)
                     for stance in stances}
        scores = np.array([[ranker.intercept_ - (ranker.none_shift if name == NONE else 0.0) + sum(
            value * ranker.weights_.get(key, 0.0) for key, value in by_stance[stance][name].items())
            for name in names] for stance in stances])
        softmax = np.exp(scores - scores.max(axis=1, keepdims=True))
        softmax /= softmax.sum(axis=1, keepdims=True)
        weights = np.array([query.stance_proba[s] for s in stances])
        expected = dict(zip(names, weights @ softmax / weights.sum()))
        assert set(got) == {None if name == NONE else name for name in names}
        for code, probability in got.items():
            assert probability == pytest.approx(round(expected[NONE if code is None else code], 4), abs=1e-4)
        assert list(got.values()) == sorted(got.values(), reverse=True)


def test_evidence_keeps_each_rows_top_contributions_with_ties_in_column_order() -> None:
    """The evidence's top contributions per statement: the ``top`` largest positive ones, largest first, equal
    ones in column order, whether a row has fewer than ``top`` or many with equal values at the cut."""
    import numpy as np
    import scipy.sparse as sp

    from stance.classify import _top_by_row

    rng = np.random.default_rng(7)
    dense = np.round(rng.normal(size=(40, 60)), 1)  # one decimal: many ties, also at the 12th place
    dense[rng.random(dense.shape) < 0.5] = 0.0
    dense[3, 5:] = 0.0  # a row with fewer than 12 entries
    dense[4] = 0.0  # an empty row
    matrix = sp.csr_matrix(dense)
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    names = np.array([f"f{j}" for j in range(matrix.shape[1])], dtype=object)
    got = _top_by_row(matrix.shape[0], rows, matrix.indices, matrix.data.copy(), names, 12)
    for i, (top_names, values) in enumerate(got):
        positive = [(-dense[i, j], j) for j in range(dense.shape[1]) if dense[i, j] > 0]
        expected = sorted(positive)[:12]
        assert top_names == [f"f{j}" for _, j in expected] and values == [-v for v, _ in expected]
    assert got[4] == ([], []) and len(got[3][0]) < 12


def test_a_corpus_labelled_in_chunks_has_the_labels_of_each_article_alone(tmp_path) -> None:
    from constructed_corpus import write_corpus

    from stance.articles import read_articles
    from stance.pipeline import LABEL_CHUNK, analyze, analyze_corpus, statements_frame

    corpus = write_corpus(tmp_path / "corpus", LABEL_CHUNK + 3)
    alone = statements_frame((article, analyze(article)) for article in read_articles(corpus))
    together = analyze_corpus(corpus)
    assert len(together) >= LABEL_CHUNK + 3 and together["stance"].notna().all()
    pd.testing.assert_frame_equal(together, alone)
