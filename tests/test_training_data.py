"""The shipped training corpora, calibration and the learnt target ranker."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from stance.classify import StanceModel
from stance.model import HELD_OUT, TRAIN, training_corpus
from stance.records import ACTS, ESCALATION_LEVELS, STANCES
from stance.target_ranker import TargetQuery, TargetRanker

LICENCES = {"public-domain-us-gov", "CC-BY-4.0", "OGL-3.0", "OGL-Canada-2.0", "EU-reuse-2011/833"}
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return training_corpus()


def test_real_rows_carry_source_licence_and_document(corpus: pd.DataFrame) -> None:
    real = corpus[corpus["provenance"] == "real"]
    assert len(real) > 0
    assert real["source_url"].str.startswith("http").all()
    assert set(real["licence"]) <= LICENCES
    assert real["document"].map(lambda d: isinstance(d, str) and d != "").all()
    attributed = real[real["licence"].isin({"CC-BY-4.0", "OGL-3.0", "OGL-Canada-2.0", "EU-reuse-2011/833"})]
    assert attributed["attribution"].map(lambda a: isinstance(a, str) and len(a) > 5).all()


def test_labels_are_the_guides(corpus: pd.DataFrame) -> None:
    assert set(corpus["stance"]) <= set(STANCES)
    assert set(corpus["escalation"].astype(int)) <= set(ESCALATION_LEVELS)
    assert set(corpus["act"].dropna()) <= set(ACTS)


def test_a_document_is_never_on_both_sides_of_the_split(corpus: pd.DataFrame) -> None:
    real = corpus[corpus["provenance"] == "real"]
    for column in ("document", "source_url"):  # a page labelled twice under two ids stays on one side too
        train_side = set(real.loc[real["split"] == TRAIN, column])
        held_side = set(real.loc[real["split"] == HELD_OUT, column])
        assert train_side and held_side and not train_side & held_side, column
    assert len(training_corpus(TRAIN)) + len(training_corpus(HELD_OUT)) == len(corpus)
    assert (training_corpus(TRAIN)["provenance"] == "constructed").sum() == (corpus["provenance"] == "constructed").sum()


def test_every_real_stance_and_level_is_covered(corpus: pd.DataFrame) -> None:
    real = corpus[corpus["provenance"] == "real"]
    assert set(real["stance"]) == set(STANCES)
    assert set(real["escalation"].astype(int)) == set(ESCALATION_LEVELS)


@pytest.mark.skipif(not (GOLD / "dev").is_dir(), reason="../shared/gold is not here")
def test_no_training_text_comes_from_the_gold_sets(corpus: pd.DataFrame) -> None:
    gold_text = " ".join(json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((GOLD / "dev").glob("*.json")))
    long_rows = [t for t in corpus["text"] if len(t) >= 40]
    assert not [t for t in long_rows if t in gold_text]


def test_the_model_learns_from_both_corpora_and_calibrates() -> None:
    rows = training_corpus(TRAIN).groupby(["provenance", "stance"], group_keys=False).head(25)
    plain = StanceModel(char_ngrams=None).fit(rows)
    soft = StanceModel(char_ngrams=None, stance_temperature=2.0, escalation_temperature=2.0).fit(rows)
    text = ["The ministry condemned the missile strike and warned of a response."]
    sharp, flat = plain.predict(text).iloc[0], soft.predict(text).iloc[0]
    assert abs(sum(sharp["stance_proba"].values()) - 1) < 1e-3 and abs(sum(flat["stance_proba"].values()) - 1) < 1e-3
    assert max(flat["stance_proba"].values()) < max(sharp["stance_proba"].values())
    assert max(flat["escalation_proba"].values()) < max(sharp["escalation_proba"].values())
    assert plain.n_train_ == len(rows) and set(rows["provenance"]) == {"real", "constructed"}


@pytest.fixture(scope="module")
def ranker() -> TargetRanker:
    from stance.target_ranker import document_queries
    rows = training_corpus(TRAIN)
    return TargetRanker().fit(document_queries(rows), rows["target"])


def test_target_probabilities_cover_the_candidates_and_sum_to_one(ranker: TargetRanker) -> None:
    query = TargetQuery(text="Washington is prolonging the war by arming Kyiv", affiliation="RUS", stance="hostile")
    proba = ranker.predict_proba([query])[0]
    assert {"USA", "UKR", None} <= set(proba)
    assert abs(sum(proba.values()) - 1) < 1e-3
    assert list(proba.values()) == sorted(proba.values(), reverse=True)


def test_ranker_prefers_the_rival_over_the_speakers_own_side(ranker: TargetRanker) -> None:
    query = TargetQuery(text="Russia will respond to any attack by Washington", affiliation="RUS", stance="hostile")
    assert ranker.predict([query]) == ["USA"]


def test_condolences_to_ones_own_people_have_no_target(ranker: TargetRanker) -> None:
    query = TargetQuery(text="deep condolences to the families of those who lost their lives in the flood",
                        affiliation="PAK", stance="neutral")
    assert ranker.predict([query]) == [None]


def test_a_model_whose_targets_the_text_never_names_falls_back_to_the_rules() -> None:
    rows = pd.DataFrame({"text": ["we will respond firmly", "this is a provocation", "talks must resume",
                                  "we thank our partners"],
                         "affiliation": ["RUS"] * 4, "target": ["USA"] * 4,
                         "stance": ["hostile", "hostile", "conciliatory", "supportive"], "escalation": [4, 3, 0, 1]})
    fitted = StanceModel(char_ngrams=None).fit(rows)
    assert fitted.target_ is None
    out = fitted.predict([{"text": "Washington is to blame", "affiliation": "RUS"}]).iloc[0]
    assert out["target"] == "USA" and out["target_proba"] is None


def test_the_second_blind_pass_covers_shipped_rows_and_agrees(corpus: pd.DataFrame) -> None:
    from importlib import resources

    from stance.labelling import agreement

    with resources.files("stance").joinpath("data/training/real_second_pass.csv").open(encoding="utf-8") as f:
        second = pd.read_csv(f, dtype={"escalation": "Int64"}, keep_default_na=False).replace("", None)
    real = corpus[corpus["provenance"] == "real"]
    assert len(second) >= 300 and set(second["id"]) <= set(real["id"])
    stance = agreement(real, second, "stance")
    escalation = agreement(real, second, "escalation")
    assert stance.n == len(second) and stance.kappa > 0.6
    assert escalation.within_one > 0.9


def test_labelling_articles_together_gives_each_the_labels_it_gets_alone() -> None:
    from constructed_corpus import constructed_text

    from stance.batch import analyze_several
    from stance.model import label_articles, label_statements
    from stance.pipeline import analyze
    from stance.records import Article
    from stance.speakers import SpeakerRegistry

    articles = [Article(id=f"a{n}", text=constructed_text(n)) for n in range(6)]
    articles.append(Article(id="seed", text=(Path(__file__).resolve().parents[1] / "seeds" /
                                             "000_ebf00a4f1a82a35d.txt").read_text(encoding="utf-8")))
    found = [analyze(article, label=False) for article in articles]
    together = label_articles(list(zip(articles, found)))
    alone = [label_statements(statements, article) for article, statements in zip(articles, found)]
    assert [[s.to_dict() for s in batch] for batch in together] == [[s.to_dict() for s in one] for one in alone]
    assert sum(len(batch) for batch in together) > 10 and all(s.stance for batch in together for s in batch)
    assert label_articles([(articles[0], [])]) == [[]]
    results = analyze_several(articles, SpeakerRegistry.default(), {})
    assert [r.statements for r in results] == [tuple(batch) for batch in together]
