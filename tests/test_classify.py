"""The stance/escalation classifier: estimator API, labels on hand-written hard cases, persistence, CLI.

scikit-learn's ``check_estimator`` feeds numeric arrays. :class:`OrdinalClassifier`
works on numeric features and passes the whole of it. :class:`StanceClassifier`
and :class:`EscalationClassifier` take statements (text), so they declare
``two_d_array=False`` and ``check_estimator`` skips them; for those we run the
checks that need no data (parameters, cloning, tags, repr) and re-state the
data checks on text below: fit returns self, unfitted use fails, refitting is
idempotent, predictions do not depend on sample order or batch, probabilities
sum to one, and the estimator works inside ``Pipeline`` and ``GridSearchCV``.
"""
from __future__ import annotations

import json
import warnings
import zipfile
from importlib import resources

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils import estimator_checks as checks
from sklearn.utils.estimator_checks import check_estimator

from stance import cli
from stance.cameo import cameo_code
from stance.classify import (
    EscalationClassifier,
    LabelError,
    OrdinalClassifier,
    StanceClassifier,
    StanceModel,
    StatementVectorizer,
)
from stance.labelling import read_labels
from stance.lexicon import Lexicon, lexicon_labels
from stance.model import ModelError, default_model, label_statements, load_model, save_model
from stance.pipeline import analyze
from stance.records import ACTS, STANCES, Article, Statement


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    with resources.files("stance").joinpath("data/training/statements.csv").open(encoding="utf-8") as f:
        return read_labels(f, name="statements.csv")


@pytest.fixture(scope="module")
def sample(corpus: pd.DataFrame) -> pd.DataFrame:
    """A small, label-balanced slice of the corpus so that estimator tests stay fast."""
    return corpus.groupby("stance", group_keys=False).head(60).reset_index(drop=True)


@pytest.fixture(scope="module")
def small_model(sample: pd.DataFrame) -> StanceModel:
    return StanceModel(char_ngrams=None).fit(sample)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return default_model()


# --- scikit-learn estimator contract -------------------------------------------------------------

def test_ordinal_classifier_passes_check_estimator() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(OrdinalClassifier(), on_fail=None)
    failed = [r["check_name"] for r in results if r["status"] == "failed"]
    assert results and not failed


@pytest.mark.parametrize("estimator", [StanceClassifier(), EscalationClassifier(), StatementVectorizer(),
                                       StanceModel()], ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("check", [
    checks.check_parameters_default_constructible, checks.check_no_attributes_set_in_init,
    checks.check_get_params_invariance, checks.check_set_params, checks.check_estimator_repr,
    checks.check_estimator_cloneable, checks.check_estimator_tags_renamed, checks.check_valid_tag_types,
    checks.check_do_not_raise_errors_in_init_or_set_params, checks.check_mixin_order,
], ids=lambda c: c.__name__)
def test_text_estimators_pass_data_free_checks(estimator, check) -> None:
    check(type(estimator).__name__, estimator)


@pytest.mark.parametrize("make, column", [(lambda: StanceClassifier(char_ngrams=None), "stance"),
                                          (lambda: EscalationClassifier(char_ngrams=None), "escalation")])
def test_text_estimator_contract(sample: pd.DataFrame, make, column: str) -> None:
    estimator = make()
    with pytest.raises(NotFittedError):
        estimator.predict(sample["text"][:3])
    assert estimator.fit(sample, sample[column]) is estimator
    first = estimator.predict_proba(sample)
    assert np.allclose(first.sum(axis=1), 1.0)
    assert set(estimator.predict(sample)) <= set(estimator.classes_)
    again = clone(estimator).fit(sample, sample[column]).predict_proba(sample)
    assert np.allclose(first, again)
    order = np.random.default_rng(0).permutation(len(sample))
    assert np.allclose(estimator.predict_proba(sample.iloc[order]), first[order])
    assert np.allclose(estimator.predict_proba(sample.iloc[:7]), first[:7])


def test_text_estimator_accepts_statements_dicts_and_strings(sample: pd.DataFrame) -> None:
    estimator = StanceClassifier(char_ngrams=None).fit(sample, sample["stance"])
    text = "the ministry accused the neighbouring government of shelling border villages"
    assert np.allclose(estimator.predict_proba([text]), estimator.predict_proba([{"text": text}]))
    as_dict = estimator.predict_proba([{"text": text, "kind": "indirect"}])
    as_statement = estimator.predict_proba([Statement(start=0, end=len(text), text=text, kind="indirect")])
    assert np.allclose(as_dict, as_statement)


def test_text_estimator_in_pipeline_and_grid_search(sample: pd.DataFrame) -> None:
    pipeline = Pipeline([("stance", StanceClassifier(char_ngrams=None))])
    search = GridSearchCV(pipeline, {"stance__C": [0.5, 4.0]}, cv=2, scoring="f1_macro")
    search.fit(sample, sample["stance"])
    assert search.best_params_["stance__C"] in (0.5, 4.0)
    assert set(search.predict(sample[:5])) <= set(STANCES)


def test_labels_are_checked(sample: pd.DataFrame) -> None:
    with pytest.raises(LabelError, match="no label"):
        StanceClassifier().fit(sample[:4], ["hostile", None, "neutral", "hostile"])
    bad = sample[:6].assign(stance="angry")
    with pytest.raises(LabelError, match="unknown stance"):
        StanceModel().fit(bad)
    with pytest.raises(LabelError, match="'text' column"):
        StanceModel().fit(pd.DataFrame({"words": ["a"], "stance": ["neutral"], "escalation": [1]}))


def test_sample_weight_and_real_weight(sample: pd.DataFrame) -> None:
    """Rows weighed more pull the model harder; ``real_weight`` is a sample weight on the rows whose provenance is
    real; a weight per statement is required."""
    relabelled = sample.copy()
    moved = relabelled.index[relabelled["stance"] == "neutral"][:15]
    relabelled.loc[moved, "stance"] = "defensive"
    relabelled.loc[moved, "escalation"] = 2
    inputs = relabelled.loc[moved].drop(columns=["stance", "escalation", "act"])
    weights = np.ones(len(relabelled))

    def defensive(weight: float) -> float:
        weights[moved] = weight
        fitted = StanceModel().fit(relabelled, sample_weight=weights)
        return float(np.mean([p["defensive"] for p in fitted.predict(inputs)["stance_proba"]]))

    assert defensive(10.0) > defensive(1.0) + 0.1
    marked = relabelled.assign(provenance=np.where(relabelled.index.isin(moved), "real", "constructed"))
    by_provenance = StanceModel(real_weight=10.0).fit(marked)
    weights[moved] = 10.0
    by_weight = StanceModel().fit(relabelled, sample_weight=weights)
    assert np.array_equal(by_provenance.stance_.coef_, by_weight.stance_.coef_)
    with pytest.raises(LabelError, match="one finite, non-negative number per statement"):
        StanceModel().fit(relabelled, sample_weight=[1.0, 2.0])


def test_out_of_fold_act_probabilities_never_come_from_the_rows_own_group() -> None:
    """The act probabilities the stacked heads learn from are predicted by a head that never saw the row's group
    (its document): a label only one group holds gets probability 0 on that group's rows, and more elsewhere."""
    from scipy import sparse

    from stance.classify import _out_of_fold_proba

    rng = np.random.default_rng(3)
    labels = np.array(["appeal", "accuse"] * 20 + ["justify"] * 10, dtype=object)
    groups = np.array([f"doc{i % 4}" for i in range(40)] + ["doc9"] * 10, dtype=object)
    features = np.eye(3)[[{"appeal": 0, "accuse": 1, "justify": 2}[label] for label in labels]]
    matrix = sparse.csr_matrix(features + rng.normal(0, 0.1, features.shape))
    classes = np.array(["accuse", "appeal", "justify"], dtype=object)
    proba = _out_of_fold_proba(lambda: LogisticRegression(), matrix, labels, np.ones(50, dtype=bool), np.ones(50),
                               groups, 3, classes)
    assert np.allclose(proba[40:, 2], 0.0) and proba[:40, 2].max() > 0.01
    assert np.allclose(proba.sum(axis=1)[:40], 1.0)
    assert (proba[:40].argmax(axis=1) == np.searchsorted(classes, labels[:40])).all()


def test_stacked_block_equals_scipys_hstack() -> None:
    """The stacked matrix is the features followed by the weighted probabilities, as ``scipy.sparse.hstack``
    builds it, with an empty row too."""
    from scipy import sparse

    from stance.classify import _stacked

    matrix = sparse.random(6, 40, density=0.1, format="csr", random_state=2)
    matrix = sparse.csr_matrix(np.vstack([matrix.toarray(), np.zeros((1, 40))]))
    proba = np.random.default_rng(2).random((7, 3))
    stacked = _stacked(matrix, proba, 0.5)
    assert stacked.has_sorted_indices
    assert np.array_equal(stacked.toarray(), sparse.hstack([matrix, sparse.csr_matrix(proba * 0.5)]).toarray())


def test_stacked_act_probabilities_feed_the_stance_and_escalation_heads(sample: pd.DataFrame) -> None:
    """With ``act_stack_weight`` the stance and escalation heads read one more column per act (the act head's
    probabilities, scaled), which changes their probabilities; labels of a batch equal those of one statement
    at a time, and evidence still names features of the statement."""
    plain = StanceModel(char_ngrams=None).fit(sample)
    stacked = StanceModel(char_ngrams=None, act_stack_weight=0.5).fit(sample)
    width = stacked.vectorizer_.n_features_out_
    assert plain.stance_.coef_.shape[1] == width
    assert stacked.stance_.coef_.shape[1] == stacked.escalation_.estimators_[0].coef_.shape[1] == width + len(
        stacked.act_classes_)
    assert np.abs(stacked.stance_.coef_[:, width:]).max() > 0
    texts = ["our forces will strike the launch sites if the shelling goes on",
             "we deliver these air defence systems so that the country can protect its cities",
             "we are ready to resume talks with our neighbour without preconditions"]
    rows = [{"text": text, "cue": "said"} for text in texts]
    batch = stacked.predict(rows)
    assert list(batch["stance_proba"]) != list(plain.predict(rows)["stance_proba"])
    alone = pd.concat([stacked.predict([row]) for row in rows], ignore_index=True)
    pd.testing.assert_frame_equal(batch, alone)
    assert all(batch["evidence"].map(len))


def test_escalation_is_ordinal() -> None:
    """On one feature that grows with the level, predicted levels grow too and errors land next door."""
    rng = np.random.default_rng(1)
    levels = np.repeat(np.arange(6), 40)
    x = (levels + rng.normal(0, 0.6, len(levels))).reshape(-1, 1)
    clf = OrdinalClassifier(C=10.0).fit(x, levels)
    grid = np.linspace(-1, 6, 50).reshape(-1, 1)
    assert np.all(np.diff(clf.predict(grid)) >= 0)
    errors = np.abs(clf.predict(x) - levels)
    assert errors.max() <= 2 and (errors <= 1).mean() > 0.95
    cumulative = np.cumsum(clf.predict_proba(grid), axis=1)
    assert np.all(np.diff(cumulative, axis=0)[:, :-1] <= 1e-9)


# --- labels on hard cases (sentences written for these tests) ----------------------------------

def _label(model: StanceModel, text: str, affiliation: str | None = None, cue: str = "said") -> dict:
    return model.predict([{"text": text, "cue": cue, "affiliation": affiliation}]).iloc[0].to_dict()


def test_negated_threat_is_not_a_threat(model: StanceModel) -> None:
    row = _label(model, "we threaten no one and have no plans to attack any of our neighbours", "RUS")
    assert row["stance"] != "hostile" and row["escalation"] <= 1


def test_conditional_threat_is_a_threat(model: StanceModel) -> None:
    row = _label(model, "if they send warships into our waters again, our forces will strike them", "CHN", "warned")
    assert row["stance"] == "hostile" and row["escalation"] == 5


def test_understatement_is_threatening(model: StanceModel) -> None:
    for text in ("such a step would have serious consequences", "the move will not go unanswered"):
        row = _label(model, text, "RUS", "warned")
        assert row["stance"] == "hostile" and row["escalation"] == 4, text


def test_denial_versus_counter_accusation(model: StanceModel) -> None:
    denial = _label(model, "the accusations are baseless and we had nothing to do with the attack", "RUS")
    counter = _label(model, "it is Washington that provoked this crisis by arming the regime in Kyiv", "RUS")
    assert (denial["stance"], denial["escalation"]) == ("defensive", 2)
    assert (counter["stance"], counter["escalation"], counter["target"]) == ("hostile", 3, "USA")


def test_condolences_versus_regret(model: StanceModel) -> None:
    own = _label(model, "condolences to the families of the soldiers killed in the crash", "USA", "expressed")
    across = _label(model, "regret over the deaths of civilians in the strike", "USA", "expressed")
    assert (own["stance"], own["escalation"], own["target"]) == ("neutral", 1, None)
    assert (across["stance"], across["escalation"], across["act"]) == ("conciliatory", 0, "regret")


def test_ally_support_versus_hostility_to_its_enemy(model: StanceModel) -> None:
    support = _label(model, "we stand firmly with Ukraine and will keep supplying air defence", "USA")
    enemy = _label(model, "Russia must end its aggression and withdraw its troops from Ukraine", "USA")
    assert (support["stance"], support["escalation"], support["target"]) == ("supportive", 1, "UKR")
    assert (enemy["stance"], enemy["target"]) == ("hostile", "RUS") and enemy["escalation"] >= 3


def test_supplier_justification(model: StanceModel) -> None:
    justified = _label(model, "Canberra sends armoured vehicles to Ukraine so that it can defend itself against the "
                              "invasion", "AUS")
    assert (justified["stance"], justified["escalation"]) == ("defensive", 2)


def test_plain_delivery_to_an_ally_is_support(model: StanceModel) -> None:
    delivery = _label(model, "Canberra will send another 30 armoured vehicles to Ukraine next month", "AUS")
    assert (delivery["stance"], delivery["escalation"], delivery["target"]) == ("supportive", 1, "UKR")


def test_peace_vocabulary_is_not_always_conciliatory(model: StanceModel) -> None:
    report = _label(model, "the two delegations will meet again in Geneva next week to continue the ceasefire talks",
                    "CHE")
    refusal = _label(model, "there is nothing to negotiate with the regime in Kyiv", "RUS")
    offer = _label(model, "India is ready to resume talks with Pakistan", "IND")
    assert (report["stance"], report["escalation"]) == ("neutral", 1)
    assert (refusal["stance"], refusal["escalation"]) == ("hostile", 2)
    assert (offer["stance"], offer["escalation"], offer["target"]) == ("conciliatory", 0, "PAK")


def test_military_report_versus_announced_force(model: StanceModel) -> None:
    report = _label(model, "the enemy launched 40 drones overnight and 35 were shot down", "UKR")
    threat = _label(model, "our forces will keep striking their airfields", "UKR")
    assert (report["stance"], report["escalation"]) == ("neutral", 1)
    assert (threat["stance"], threat["escalation"]) == ("hostile", 5)


def test_lexicon_rule_needs_an_act_for_conciliation() -> None:
    lexicon = Lexicon.default()
    topic, _ = lexicon.features("the ceasefire talks continued in Geneva for a third day")
    offer, _ = lexicon.features("Moscow is ready for ceasefire talks")
    assert lexicon_labels(topic)[:2] == ("neutral", 1)
    assert lexicon_labels(offer)[:2] == ("conciliatory", 0)


def test_own_de_escalation_moves_are_conciliatory_despite_military_words(model: StanceModel) -> None:
    moves = [
        ("Our paratroopers will be back in their home barracks before the harvest.", "POL"),
        ("The tank battalions we moved to the frontier last month are being withdrawn.", "HUN"),
        ("The navy has lifted the alert it declared after the collision.", "GRC"),
        ("We will keep the hotline with their border command open day and night.", "IND"),
        ("the two captured pilots would be freed on Sunday as a goodwill gesture", "PAK"),
        ("We signed the ceasefire and we will observe it to the letter.", "ARM"),
    ]
    for text, affiliation in moves:
        row = _label(model, text, affiliation)
        assert (row["stance"], row["escalation"]) == ("conciliatory", 0), text


def test_owning_a_mistake_is_regret(model: StanceModel) -> None:
    row = _label(model, "The shelling of the village was our error, and we will compensate every family.",
                 "THA")
    assert (row["stance"], row["escalation"], row["act"]) == ("conciliatory", 0, "regret")


def test_de_escalation_demanded_or_refused_is_hostile(model: StanceModel) -> None:
    demanded = _label(model, "the Philippines must withdraw its grounded ship from the shoal", "CHN")
    called = _label(model, "Belgrade to pull its troops back from the boundary", "USA", "called on")
    refused = _label(model, "We will not withdraw a single soldier while their artillery faces our towns.", "AZE")
    assert (demanded["stance"], demanded["escalation"], demanded["target"]) == ("hostile", 3, "PHL")
    assert (called["stance"], called["escalation"], called["target"]) == ("hostile", 3, "SRB")
    assert (refused["stance"], refused["escalation"]) == ("hostile", 2)


def test_force_announced_versus_de_escalation(model: StanceModel) -> None:
    sent = _label(model, "Reservists have been called up and sent to the southern frontier.", "ERI")
    force = _label(model, "If their boats approach our tankers again, our navy will open fire on them.", "IRN")
    answer = _label(model, "Such provocations will not go unanswered.", "IRN", "warned")
    assert (sent["stance"], sent["escalation"]) == ("hostile", 5)
    assert (force["stance"], force["escalation"]) == ("hostile", 5)
    assert (answer["stance"], answer["escalation"]) == ("hostile", 4)


def test_lexicon_scopes_de_escalation_moves() -> None:
    lexicon = Lexicon.default()
    own, _ = lexicon.features("our brigades are pulling back from the border")
    asked, _ = lexicon.features("they must end the blockade and pull back their brigades")
    refused, _ = lexicon.features("we will never pull back our brigades")
    after_cue, _ = lexicon.features("the junta to pull back its brigades", demanded=True)
    assert own.get("lex:deescalate") and not own.get("lex:demanded_deescalate")
    assert asked.get("lex:demanded_stand_down") and not asked.get("lex:stand_down")
    assert refused.get("lex:not_stand_down") and not refused.get("lex:stand_down")
    assert after_cue.get("lex:demanded_deescalate")
    assert lexicon_labels(own)[:2] == ("conciliatory", 0)
    assert lexicon_labels(asked)[:2] == ("hostile", 3)
    assert lexicon_labels(refused)[:2] == ("hostile", 2)


def test_lexicon_rule_red_lines_and_vowed_reactions() -> None:
    """A red line or a reckless act named with no consequence is a warning (3); a reaction the speaker vows is a
    response without force (4); a step said to change the conflict's nature is a danger, not a report."""
    lexicon = Lexicon.default()
    red_line, _ = lexicon.features("the status of the islands is a red line for our government")
    reckless, _ = lexicon.features("the flights near the strait were reckless and provocative")
    react, _ = lexicon.features("if the convoy crosses the border we will react")
    nature, _ = lexicon.features("such deliveries would change the very nature of the conflict")
    assert lexicon_labels(red_line) == ("hostile", 3, "warn")
    assert lexicon_labels(reckless)[:2] == ("hostile", 3)
    assert lexicon_labels(react)[:2] == ("hostile", 4)
    assert nature.get("lex:danger!")


def test_not_hesitating_to_act_is_a_vow_not_a_negation() -> None:
    """``will not hesitate to`` (and ``won't hesitate to``) intensifies what follows: the threat keeps its level,
    while a plain negation (``will not use force``) still reads as reassurance."""
    lexicon = Lexicon.default()
    for text in ("we will not hesitate to use force against any intruder",
                 "our navy won't hesitate to use force if the blockade continues"):
        counts, matches = lexicon.features(text)
        assert not any(m.negated for m in matches), text
        assert lexicon_labels(counts)[:2] == ("hostile", 5), text
    negated, _ = lexicon.features("we will not use force against any neighbour")
    assert lexicon_labels(negated)[:2] == ("conciliatory", 0)


def test_features_are_augmented_by_register(sample: pd.DataFrame) -> None:
    """Each statement's features are copied into the block of its register: direct quotation (and a statement of
    unknown kind in the first person), or indirect and mixed speech and other statements of unknown kind (news
    sentences); the same words then get register-specific
    probabilities. A register :func:`by_register` does not know gets no copy."""
    from stance.classify import by_register

    model = StanceModel(char_ngrams=None).fit(sample)
    vectorizer = model.vectorizer_
    text = "the ministry warned that the drills near the border were a dangerous provocation"
    rows = [{"text": text, "cue": "said", "kind": kind} for kind in ("direct", "indirect", "mixed", None)]
    matrix = vectorizer.transform(rows)
    width = matrix.shape[1] // 3
    blocks = [[matrix[i, k * width:(k + 1) * width].nnz for k in range(3)] for i in range(4)]
    assert blocks[0][1] == blocks[0][0] > 0 and blocks[0][2] == 0
    assert blocks[1][2] == blocks[1][0] and blocks[1][1] == 0 and blocks[2] == blocks[1] and blocks[3] == blocks[1]
    names = vectorizer.get_feature_names_out()
    assert names[width].startswith("direct|") and names[2 * width] == "reported|" + names[0]
    probabilities = model.predict(rows)["stance_proba"]
    assert probabilities[0] != probabilities[1] and probabilities[1] == probabilities[2] == probabilities[3]
    own_words = vectorizer.transform([{"text": "we warned that the drills were a dangerous provocation", "cue": "said",
                                       "kind": None}])  # unknown kind in the first person: quoted words
    assert own_words[0, width:2 * width].nnz == own_words[0, :width].nnz > 0 == own_words[0, 2 * width:].nnz
    plain = StanceModel(char_ngrams=None, register_augment=False).fit(sample).vectorizer_.transform(rows)
    assert plain.shape[1] == width
    assert np.array_equal(by_register(plain, ["direct", "reported", "reported", "reported"]).toarray(),
                          matrix.toarray())
    unknown = by_register(plain, ["", "", "", "quoted"]).toarray()
    assert np.array_equal(unknown[:, :width], plain.toarray()) and not unknown[:, width:].any()
def test_stance_and_escalation_agree(model: StanceModel, corpus: pd.DataFrame) -> None:
    predicted = model.predict(corpus.sample(300, random_state=0).drop(columns=["stance", "escalation", "act"]))
    pairs = set(zip(predicted["stance"], predicted["escalation"]))
    assert not {("conciliatory", 5), ("conciliatory", 4), ("neutral", 5), ("supportive", 5)} & pairs


# --- outputs: probabilities, evidence, explain, CAMEO ------------------------------------------

def test_prediction_columns_and_evidence(model: StanceModel) -> None:
    row = _label(model, "our army will respond with retaliatory strikes on the launch sites", "IRN", "vowed")
    assert abs(sum(row["stance_proba"].values()) - 1) < 1e-3
    assert set(row["escalation_proba"]) == set(range(6))
    assert any("respond" in item or "retaliatory" in item for item in row["evidence"])
    code = cameo_code(row["act"], row["escalation"])
    assert (row["cameo"], row["goldstein"]) == (code.cameo, code.goldstein)


def test_batch_labels_equal_one_statement_at_a_time(model: StanceModel, corpus: pd.DataFrame) -> None:
    """Labels, probabilities and evidence are computed for a whole matrix at once; each row must be what the
    statement alone gets."""
    frame = corpus.sample(40, random_state=3).drop(columns=["stance", "escalation", "act"]).reset_index(drop=True)
    batch = model.predict(frame)
    alone = pd.concat([model.predict(frame.iloc[[i]]) for i in range(len(frame))], ignore_index=True)
    pd.testing.assert_frame_equal(batch, alone)


def test_evidence_is_the_top_contributions_of_each_row(model: StanceModel, corpus: pd.DataFrame) -> None:
    """The vectorised evidence equals a plain per-statement reading of the same weights: the 12 largest positive
    contributions toward the stance and toward the escalation side chosen, merged, the first six described; a
    feature and its copy in the statement's register block count once, with their weights added."""
    from stance.classify import _describe

    frame = corpus.sample(30, random_state=4).drop(columns=["stance", "escalation", "act"]).reset_index(drop=True)
    frame.loc[:4, "kind"] = None
    predicted = model.predict(frame)
    prepared = model.vectorizer_.prepare(frame)
    matrix = model.vectorizer_.transform_prepared(prepared)
    width = matrix.shape[1] // 3
    names = model.vectorizer_.get_feature_names_out()[:width]

    def folded(weights: np.ndarray, register: str) -> np.ndarray:
        block = 1 if register == "direct" else 2
        return weights[:width] + weights[block * width:(block + 1) * width]

    for i, row in predicted.iterrows():
        line = matrix[i, :width]
        stance_weights = model.stance_.coef_[list(model.stance_.classes_).index(row["stance"])]
        upward = model.escalation_.coefficients()
        merged: dict[str, float] = {}
        for weights in (stance_weights, upward if row["escalation"] >= 2 else -upward):
            contributions = line.data * folded(weights, prepared[i].register)[line.indices]
            for j in np.argsort(-contributions, kind="stable")[:12]:
                name = names[line.indices[j]]
                if contributions[j] > 0 and contributions[j] > merged.get(name, 0.0):
                    merged[name] = contributions[j]
        described = [_describe(name, prepared[i]) for name in sorted(merged, key=merged.get, reverse=True)]
        expected = tuple(dict.fromkeys(item for item in described if item))[:6]
        assert row["evidence"] == expected


def test_explain_lists_weighted_features(model: StanceModel) -> None:
    table = model.explain({"text": "the ministry strongly condemned the shelling of the city", "cue": "said"})
    assert set(table["head"]) == {"stance", "escalation", "act"}
    assert (table["contribution"] > 0).all()
    assert np.allclose(table["contribution"], table["value"] * table["weight"])
    assert table.loc[table["head"] == "stance", "label"].iloc[0] == "hostile"


def test_every_act_maps_to_cameo() -> None:
    for act in ACTS:
        code = cameo_code(act, 0)
        assert code is not None and code.cameo.isdigit() and -10 <= code.goldstein <= 10
    assert cameo_code("threaten", 5).cameo == "138" and cameo_code("threaten", 4).cameo == "130"
    assert cameo_code(None) is None


# --- persistence ------------------------------------------------------------------------------

def test_save_and_load_give_identical_predictions(small_model: StanceModel, sample: pd.DataFrame, tmp_path) -> None:
    path = save_model(small_model, tmp_path / "model.skops")
    loaded = load_model(path)
    before, after = small_model.predict(sample), loaded.predict(sample)
    pd.testing.assert_frame_equal(before, after)


def test_loading_a_tampered_model_fails_clearly(small_model: StanceModel, tmp_path) -> None:
    path = save_model(small_model, tmp_path / "model.skops")
    tampered = tmp_path / "tampered.skops"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "schema.json":
                data = data.replace(b'"OrdinalClassifier"', b'"Popen"').replace(b'"stance.classify"', b'"subprocess"')
            target.writestr(item, data)
    with pytest.raises(ModelError, match="tampered.skops: refusing to load"):
        load_model(tampered)


def test_loading_a_foreign_file_fails_clearly(tmp_path) -> None:
    garbage = tmp_path / "notes.skops"
    garbage.write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError, match="notes.skops: not a stance model file"):
        load_model(garbage)
    other = tmp_path / "other.skops"
    sio.dump(LogisticRegression().fit([[0.0], [1.0]], [0, 1]), other)
    with pytest.raises(ModelError, match="does not hold a fitted stance model"):
        load_model(other)
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "missing.skops")


def test_default_model_is_cached_on_disk(monkeypatch, tmp_path, small_model: StanceModel) -> None:
    from stance import model as model_module

    monkeypatch.setenv("STANCE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(model_module.StanceModel, "fit", lambda self, X, y=None: small_model)
    model_module.default_model.cache_clear()
    try:
        first = model_module.default_model()
        cached = list(tmp_path.glob("model-*.skops"))
        assert first is small_model and len(cached) == 1
        model_module.default_model.cache_clear()
        monkeypatch.setattr(model_module.StanceModel, "fit", lambda self, X, y=None: pytest.fail("retrained"))
        pd.testing.assert_frame_equal(model_module.default_model().predict(["talks resumed"]),
                                      small_model.predict(["talks resumed"]))
    finally:
        model_module.default_model.cache_clear()


# --- pipeline and command line ------------------------------------------------------------------

ARTICLE = (
    "Ministry warns Norvania\n"
    "The foreign ministry of Russia warned on Monday that any strike on its territory would bring "
    "\"a crushing military response\". The ministry said the United States was behind the drone attack.\n"
    "A State Department spokesperson said Washington had nothing to do with the attack."
)


def test_label_statements_fills_labels_on_copies(small_model: StanceModel) -> None:
    article = Article(id="a1", text=ARTICLE)
    start = ARTICLE.index("the United States was behind")
    end = ARTICLE.index(".", start)
    statement = Statement(start=start, end=end, text=ARTICLE[start:end], kind="indirect", cue="said",
                          speaker="Russian Foreign Ministry", affiliation="RUS")
    labelled = label_statements([statement], article, small_model)[0]
    assert statement.stance is None and labelled.start == statement.start
    assert labelled.target == "USA" and labelled.stance in STANCES and labelled.escalation in range(6)
    assert labelled.evidence and set(labelled.stance_proba) == set(STANCES)


def test_analyze_labels_unless_told_not_to(small_model: StanceModel) -> None:
    labelled = analyze(ARTICLE, model=small_model)
    assert labelled and all(s.stance in STANCES for s in labelled)
    assert all(s.stance is None and s.escalation is None for s in analyze(ARTICLE, label=False))


def test_classify_csv_round_trip_keeps_columns(small_model: StanceModel, tmp_path, capsys) -> None:
    model_path = save_model(small_model, tmp_path / "m.skops")
    source = tmp_path / "in.csv"
    pd.DataFrame({
        "id": ["x1", "x2"], "speaker": ["the foreign minister", ""], "affiliation": ["IRN", ""],
        "cue": ["warned", "said"], "batch": ["7", "7"],
        "text": ["we will respond to any aggression with force", "the talks will continue next week in Muscat"],
    }).to_csv(source, index=False)
    out = tmp_path / "out.csv"
    assert cli.main(["classify", str(source), "-o", str(out), "--model", str(model_path)]) == 0
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(result.columns[:6]) == ["id", "speaker", "affiliation", "cue", "batch", "text"]
    for column in ("target", "stance", "escalation", "act", "stance_proba", "escalation_proba", "evidence",
                   "cameo", "goldstein"):
        assert column in result.columns
    assert result["id"].tolist() == ["x1", "x2"] and result["batch"].tolist() == ["7", "7"]
    assert set(json.loads(result["stance_proba"][0])) == set(STANCES)
    assert "2 statements labelled" in capsys.readouterr().err


def test_classify_csv_cells_cannot_run_in_a_spreadsheet_but_numbers_stay_numbers(small_model: StanceModel, tmp_path,
                                                                                 capsys) -> None:
    model_path = save_model(small_model, tmp_path / "m.skops")
    source = tmp_path / "in.csv"
    pd.DataFrame({"id": ["=cmd|' /C calc'!A0", "x2"], "score": ["-3", "-2.5"],
                  "text": ["-we will respond to any aggression with force", "we condemn the strike"]}).to_csv(source, index=False)
    out = tmp_path / "out.csv"
    assert cli.main(["classify", str(source), "-o", str(out), "--model", str(model_path)]) == 0
    result = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert result["id"].tolist() == ["'=cmd|' /C calc'!A0", "x2"] and result["score"].tolist() == ["-3", "-2.5"]
    assert result["text"][0] == "'-we will respond to any aggression with force"
    assert [float(value) for value in result["goldstein"]] == [  # numbers, negative ones included, not text
        cameo_code(act, int(level)).goldstein for act, level in zip(result["act"], result["escalation"])]
    assert json.loads(result["evidence"][0]) == list(small_model.label(pd.DataFrame(
        {"text": ["-we will respond to any aggression with force"]}))["evidence"][0])
    again = tmp_path / "again.csv"
    assert cli.main(["classify", str(out), "-o", str(again), "--model", str(model_path)]) == 0
    assert pd.read_csv(again, dtype=str, keep_default_na=False)["id"].tolist() == ["'=cmd|' /C calc'!A0", "x2"]
    assert cli.main(["classify", str(out), "-o", str(out), "--model", str(model_path)]) == 2
    assert f"-o {out} would overwrite the input {out}" in capsys.readouterr().err


def test_classify_rejects_a_csv_without_text(tmp_path, capsys) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("id,words\n1,hello\n", encoding="utf-8")
    assert cli.main(["classify", str(source)]) == 2
    assert "bad.csv: needs a 'text' column" in capsys.readouterr().err


def test_train_command_writes_a_loadable_model(sample: pd.DataFrame, tmp_path, capsys) -> None:
    labels = tmp_path / "labels.csv"
    sample.head(120).to_csv(labels, index=False)
    target = tmp_path / "trained.skops"
    assert cli.main(["train", str(labels), "-o", str(target)]) == 0
    assert isinstance(load_model(target), StanceModel)
    assert "trained on 120 labelled statements" in capsys.readouterr().err


def test_train_command_names_the_bad_line(tmp_path, capsys) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("text,stance,escalation\nwe condemn it,hostile,3\nfine,angry,1\n", encoding="utf-8")
    assert cli.main(["train", str(labels), "-o", str(tmp_path / "m.skops")]) == 2
    assert "labels.csv:3: unknown stance 'angry'" in capsys.readouterr().err


def test_a_model_from_another_version_is_refused(small_model: StanceModel, tmp_path, monkeypatch) -> None:
    from stance import model as model_module

    path = save_model(small_model, tmp_path / "model.skops")
    monkeypatch.setattr(model_module, "MODEL_FORMAT", small_model.format_ + 1)
    with pytest.raises(ModelError, match="trained by another version of stance"):
        load_model(path)


def test_classify_function_keeps_columns(small_model: StanceModel) -> None:
    from stance.model import classify

    frame = pd.DataFrame({"id": [7], "text": ["the ministry denied any role in the sabotage"], "cue": ["said"]})
    out = classify(frame, model=small_model)
    assert out.loc[0, "id"] == 7 and out.loc[0, "text"] == frame.loc[0, "text"]
    assert out.loc[0, "stance"] in STANCES and isinstance(out.loc[0, "evidence"], tuple)


def test_fast_tfidf_and_probabilities_equal_scikit_learns(sample: pd.DataFrame) -> None:
    """The labelling path computes tf-idf rows and head probabilities itself; they must match scikit-learn's."""
    from stance.classify import _logistic_proba, _tfidf

    fitted = StanceModel().fit(sample)
    vectorizer = fitted.vectorizer_
    prepared = vectorizer.prepare(sample)
    for block, texts, columns in [
        (vectorizer.words_, [p.words for p in prepared], None),
        (vectorizer.sequence_, [p.sequence for p in prepared], None),
        (vectorizer.chars_, [p.chars for p in prepared], vectorizer._char_columns()),
    ]:
        assert np.allclose(_tfidf(block, texts, columns).toarray(), block.transform(texts).toarray())
    matrix = vectorizer.transform_prepared(prepared)
    assert np.allclose(_logistic_proba(fitted.stance_, matrix), fitted.stance_.predict_proba(matrix))


#: Constructed statements for the identity checks: negation, demands, conditionals, multi-word and prefix entries.
_CONSTRUCTED = pd.DataFrame({
    "text": ["The ministry of Freedonia will not withdraw its troops and warned of retaliation if attacked.",
             "We call on Sylvania to pull back its forces and to honour the ceasefire agreement at once.",
             "The spokesman condemned the strikes, but welcomed the talks on a lasting settlement.",
             "Our soldiers are coming home; we regret the loss of life and offer our condolences.",
             "They denied any role in the sabotage and accused the other side of fabricating evidence.",
             "No one threatens anybody here: we are not seeking escalation, we seek stability."],
    "cue": ["said", "urged", "said", "announced", "told reporters", None],
    "affiliation": ["FRE", None, "USA", "RUS", "CHN", None],
    "kind": ["indirect", "direct", "mixed", "direct", "indirect", None],
})


def test_fast_feature_matrix_gives_the_labels_of_scikit_learns_transforms() -> None:
    """The labelling path builds the tf-idf and feature-dict blocks itself: same matrix layout, same labels,
    probabilities and evidence as the blocks scikit-learn's own transforms give."""
    import scipy.sparse as sp

    from stance.classify import _dict_matrix, statement_records

    model = default_model()
    vectorizer = model.vectorizer_
    records = statement_records(_CONSTRUCTED)
    prepared = vectorizer.prepare_records(records)
    features = [p.features for p in prepared]
    fast_dict, slow_dict = _dict_matrix(vectorizer.dict_, features), vectorizer.dict_.transform(features)
    for attribute in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(fast_dict, attribute), getattr(slow_dict, attribute))
    fast = vectorizer.transform_prepared(prepared)
    slow = sp.hstack([vectorizer.words_.transform([p.words for p in prepared]) * vectorizer.word_weight,
                      vectorizer.cue_.transform([p.cue for p in prepared]) * vectorizer.cue_weight,
                      slow_dict,
                      vectorizer.sequence_.transform([p.sequence for p in prepared]) * vectorizer.lexicon_weight,
                      vectorizer.chars_.transform([p.chars for p in prepared])], format="csr")
    direct = sp.diags([float(p.register == "direct") for p in prepared])
    reported = sp.diags([float(p.register != "direct") for p in prepared])
    slow = sp.hstack([slow, direct @ slow, reported @ slow], format="csr")
    slow.eliminate_zeros()
    slow.sort_indices()
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    assert np.allclose(fast.data, slow.data, rtol=1e-12, atol=0)
    assert model._predict(records, prepared, fast) == model._predict(records, prepared, slow)


def _reference_matches(lexicon: Lexicon, text: str) -> list[tuple[int, int, tuple]]:
    """Lexicon matches found the slow way: every entry tried at every token, the longest kept, categories of
    the entries of that length merged (each at its highest weight)."""
    from stance.lexicon import _TOKEN, _normal

    found = list(_TOKEN.finditer(text))
    tokens = [_normal(m.group()) for m in found]
    entries = [(tuple(_normal(t) for t in _TOKEN.findall(e.entry.rstrip("*"))), e.entry.endswith("*"), e)
               for e in lexicon.entries]

    def fits(words, prefix, i):
        return i + len(words) <= len(tokens) and all(
            tokens[i + k] == w or (prefix and k == len(words) - 1 and tokens[i + k].startswith(w))
            for k, w in enumerate(words))

    out, i = [], 0
    while i < len(tokens):
        fitting = [(words, e) for words, prefix, e in entries if fits(words, prefix, i)]
        if not fitting:
            i += 1
            continue
        length = max(len(words) for words, _ in fitting)
        merged: dict[str, float] = {}
        for words, e in fitting:
            if len(words) == length:
                merged[e.category] = max(e.weight, merged.get(e.category, 0.0))
        out.append((found[i].start(), found[i + length - 1].end(), tuple(sorted(merged.items()))))
        i += length
    return out


def test_lexicon_matches_equal_trying_every_entry_at_every_word() -> None:
    """The grouped candidate lookup finds what trying every entry everywhere finds, on the shipped lexicon and on
    one built to overlap: exact and prefix entries sharing a first word, exact and prefix phrases of one length
    that both fit (their categories merge), a longer phrase that wins."""
    from stance.lexicon import LexiconEntry

    built = Lexicon([LexiconEntry("force", "strike", 1.0), LexiconEntry("force", "strike*", 0.5),
                     LexiconEntry("response", "strike back", 1.0), LexiconEntry("warn", "strike ba*", 0.5),
                     LexiconEntry("force", "strike back hard*", 1.0), LexiconEntry("peace", "pea*", 0.3),
                     LexiconEntry("peace", "peace talks", 1.0), LexiconEntry("negation", "not", 1.0),
                     LexiconEntry("demand", "call on", 1.0), LexiconEntry("stand_down", "pull* back", 1.0)])
    texts = [*_CONSTRUCTED["text"], "They strike, strikes, will strike back, strike back hardest; peaceful peace talks.",
             "We call on them to pull back and pulling back is not enough", "strike back", "Strike", ""]
    for lexicon in (Lexicon.default(), built):
        for text in texts:
            assert [(m.start, m.end, m.categories) for m in lexicon.matches(text)] == _reference_matches(lexicon, text)
