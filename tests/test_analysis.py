"""stance.analysis on a hand-made statement table whose answers are worked out by hand."""
import json
import warnings

import pandas as pd
import pytest

from handmade_statements import ALDREN, OSTRIA_FM, VELL, statement_table
from stance import analysis


@pytest.fixture
def table():
    return statement_table()


def _row(frame, **keys):
    mask = pd.Series(True, index=frame.index)
    for column, value in keys.items():
        mask &= frame[column].isna() if value is None else frame[column] == value
    assert mask.sum() == 1, keys
    return frame[mask].iloc[0]


def test_corpus_summary_counts_undated_and_inferred(table):
    summary = analysis.corpus_summary(table)
    assert summary == {
        "articles": 6, "statements": 13, "labelled": 13, "speakers": 3, "unattributed": 1,
        "first_date": "2024-05-03", "last_date": "2024-07-15",
        "inferred_dates": 1, "undated": 2, "undated_articles": 1,
    }


def test_by_speaker_counts_means_and_shares(table):
    speakers = analysis.by_speaker(table)
    aldren = _row(speakers, speaker=ALDREN)
    assert aldren["statements"] == 8
    assert aldren["mean_escalation"] == pytest.approx(17 / 8)
    assert aldren["max_escalation"] == 4
    assert aldren["escalation_index"] == pytest.approx(17 / 8)
    assert aldren["share_hostile"] == pytest.approx(5 / 8)
    assert aldren["share_conciliatory"] == pytest.approx(1 / 8)
    assert aldren["share_supportive"] == 0
    vell = _row(speakers, speaker=VELL)
    assert (vell["statements"], vell["mean_escalation"], vell["max_escalation"]) == (2, 4.5, 5)
    unattributed = _row(speakers, speaker=None)
    assert unattributed["statements"] == 1
    assert speakers["statements"].sum() == 13


def test_escalation_index_weights_by_confidence(table):
    ostria = _row(analysis.by_speaker(table), speaker=OSTRIA_FM)
    assert ostria["mean_escalation"] == pytest.approx(1.0)
    # (0.5 * 2.5 + 0.6 * 0.4) / (0.5 + 0.6): expected levels weighted by their top probability
    assert ostria["escalation_index"] == pytest.approx(1.49 / 1.1)


def test_by_dyad_keeps_statements_without_target(table):
    dyads = analysis.by_dyad(table)
    nrv_ost = _row(dyads, affiliation="NRV", target="OST")
    assert nrv_ost["statements"] == 9
    assert nrv_ost["mean_escalation"] == pytest.approx(25 / 9)
    assert _row(dyads, affiliation="OST", target="NRV")["statements"] == 2
    assert _row(dyads, affiliation="NRV", target=None)["statements"] == 1
    assert dyads["statements"].sum() == 13


def test_by_affiliation_and_target(table):
    assert _row(analysis.by_affiliation(table), affiliation="NRV")["statements"] == 10
    assert _row(analysis.by_target(table), target="NRV")["mean_escalation"] == pytest.approx(1.0)


def test_by_period_month_keeps_undated_row(table):
    months = analysis.by_period(table, "month")
    assert [str(p) for p in months["period"].dropna()] == ["2024-05", "2024-06", "2024-07"]
    assert months["statements"].tolist() == [3, 5, 3, 2]
    assert months["mean_escalation"].tolist()[:3] == pytest.approx([2.0, 16 / 5, 1 / 3])
    assert months["period"].isna().tolist() == [False, False, False, True]


def test_week_and_day_periods(table):
    weeks = analysis.by_period(table, "week")
    first = weeks["period"].iloc[0]
    assert analysis.period_label(first) == "week of 29 April 2024"
    days = analysis.by_period(table, "day")
    assert analysis.period_label(days["period"].iloc[0]) == "3 May 2024"
    assert len(days) == 6
    with pytest.raises(ValueError, match="unknown period"):
        analysis.by_period(table, "fortnight")


def test_speaker_per_month(table):
    monthly = analysis.by_speaker(table, period="month")
    june = _row(monthly, speaker=ALDREN, period=pd.Period("2024-06", "M"))
    assert june["statements"] == 3
    assert june["mean_escalation"] == pytest.approx(10 / 3)


def test_stance_counts_long_form(table):
    counts = analysis.stance_counts(table, period="month")
    may = counts[counts["period"] == pd.Period("2024-05", "M")].set_index("stance")
    assert list(may.index) == ["hostile", "defensive", "neutral", "supportive", "conciliatory"]
    assert may["statements"].tolist() == [2, 1, 0, 0, 0]
    assert may.loc["hostile", "share"] == pytest.approx(2 / 3)


def test_level_counts(table):
    levels = analysis.level_counts(table)
    assert levels.loc[ALDREN].tolist() == [1, 1, 3, 2, 1, 0]
    assert levels.loc[VELL].tolist() == [0, 0, 0, 0, 1, 1]


def test_shifts_table_and_sentences(table):
    with pytest.warns(analysis.UndatedWarning, match="2 statements from 1 undated articles"):
        found = analysis.shifts(table, period="month")
    assert found["speaker"].tolist() == [ALDREN, OSTRIA_FM, ALDREN]
    assert found["change"].tolist() == pytest.approx([1 / 2 - 10 / 3, -2.0, 10 / 3 - 2])
    assert found["sentence"].tolist() == [
        "Minister Aldren: mean escalation 3.3 -> 0.5 from June to July 2024, driven by 1 de-escalatory statement",
        "Ostrian Foreign Ministry: mean escalation 2.0 -> 0.0 from June to July 2024, "
        "driven by 1 de-escalatory statement",
        "Minister Aldren: mean escalation 2.0 -> 3.3 from May to June 2024, driven by 2 accusatory statements",
    ]


def test_top_shifts_one_per_speaker(table):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.UndatedWarning)
        top = analysis.top_shifts(table, n=5)
    assert top["speaker"].tolist() == [ALDREN, OSTRIA_FM]


def test_shift_across_a_year_boundary_names_both_years():
    rows = statement_table().iloc[:4].copy()
    rows["date"] = ["2023-12-01", "2023-12-05", "2024-01-02", "2024-01-09"]
    sentence = analysis.shifts(rows)["sentence"].iloc[0]
    assert "from December 2023 to January 2024" in sentence


def test_most_escalatory_order(table):
    top = analysis.most_escalatory(table, n=3)
    assert top["escalation"].tolist() == [5, 4, 4]
    assert top["speaker"].tolist() == [VELL, ALDREN, VELL]


def test_bad_inputs_name_the_article(table):
    bad_date = table.copy()
    bad_date.loc[0, "date"] = "sometime in spring"
    with pytest.raises(ValueError, match="article a1: cannot read the date"):
        analysis.prepare(bad_date)
    bad_level = table.copy()
    bad_level.loc[2, "escalation"] = 7
    with pytest.raises(ValueError, match="article a2: escalation .7. is not a level"):
        analysis.prepare(bad_level)
    with pytest.raises(ValueError, match="lacks the column"):
        analysis.prepare(table.drop(columns="speaker"))


def test_unlabelled_statements_count_but_do_not_move_means(table):
    table.loc[0, ["escalation", "stance"]] = None
    aldren = _row(analysis.by_speaker(table), speaker=ALDREN)
    assert (aldren["statements"], aldren["labelled"]) == (8, 7)
    assert aldren["mean_escalation"] == pytest.approx(15 / 7)
    assert aldren["share_hostile"] == pytest.approx(4 / 7)


def test_read_statement_table_from_jsonl_and_csv(table, tmp_path):
    jsonl = tmp_path / "analysed.jsonl"
    with open(jsonl, "w", encoding="utf-8") as f:
        for article_id, part in table.groupby("article_id", sort=True):
            first = part.iloc[0]
            statements = part.drop(columns=["article_id", "date", "date_inferred", "title", "source"])
            statements = [{k: v for k, v in row.items()} for row in statements.to_dict("records")]
            for statement in statements:
                if statement["escalation_proba"]:
                    statement["escalation_proba"] = {str(k): v for k, v in statement["escalation_proba"].items()}
            f.write(json.dumps({"id": article_id, "date": first["date"], "date_inferred": bool(first["date_inferred"]),
                                "title": first["title"], "source": first["source"], "statements": statements}) + "\n")
    from_jsonl = analysis.read_statement_table(jsonl)
    assert analysis.corpus_summary(from_jsonl) == analysis.corpus_summary(table)
    ostria = _row(analysis.by_speaker(from_jsonl), speaker=OSTRIA_FM)
    assert ostria["escalation_index"] == pytest.approx(1.49 / 1.1)

    csv = tmp_path / "analysed.csv"
    table.to_csv(csv, index=False)
    from_csv = analysis.read_statement_table([tmp_path], columns=["text"])
    assert len(from_csv) == 26
    assert analysis.corpus_summary(analysis.read_statement_table(csv)) == analysis.corpus_summary(table)


def test_read_statement_table_names_bad_file(tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "statements": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.jsonl:2: not valid JSON"):
        analysis.read_statement_table(broken)
    with pytest.raises(ValueError, match="no such file"):
        analysis.read_statement_table(tmp_path / "missing.csv")


def test_statement_spread_from_the_probabilities(table):
    spread = analysis.statement_confidence(table)["spread"]
    assert spread[6] == pytest.approx(0.5)            # {2: 0.5, 3: 0.5}: sd of a fair coin between 2 and 3
    assert spread[9] == pytest.approx(0.24 ** 0.5)    # {0: 0.6, 1: 0.4}
    assert spread[0] == 0.0                           # no probabilities: certain of its label


def test_escalation_series_keeps_every_period_and_bands_the_mean(table):
    series = analysis.escalation_series(table, "dyad")
    assert set(series["group"]) == {"NRV \u2013 OST"}
    back = series[series["series"] == "OST \u2192 NRV"]
    assert [str(p) for p in back["period"]] == ["2024-05", "2024-06", "2024-07"]
    assert back["statements"].tolist() == [0, 1, 1]
    assert back["expected"].tolist() == pytest.approx([float("nan"), 2.5, 0.4], nan_ok=True)
    assert back["low"].tolist()[1:] == pytest.approx([2.0, 0.0])       # clipped at level 0
    assert back["high"].tolist()[1:] == pytest.approx([3.0, 0.4 + 0.24 ** 0.5])
    forth = series[series["series"] == "NRV \u2192 OST"]
    assert forth["statements"].tolist() == [3, 4, 1]
    assert (forth["low"] == forth["expected"]).all()                   # labels without probabilities


def test_escalation_series_orders_panels_and_rejects_unknown_groupings(table):
    speakers = analysis.escalation_series(table, "speaker")
    assert list(dict.fromkeys(speakers["group"])) == [ALDREN, OSTRIA_FM, VELL]
    weeks = analysis.escalation_series(table, "speaker", period="week")
    assert weeks.groupby("group").size().nunique() == 1              # every line spans the same weeks
    with pytest.raises(ValueError, match="unknown grouping 'bloc'"):
        analysis.escalation_series(table, "bloc")


def test_review_reads_probabilities_from_csv_strings(table):
    table["stance_proba"] = None
    table["stance_proba"] = table["stance_proba"].astype(object)
    table.at[1, "stance_proba"] = json.dumps({"hostile": 0.4, "neutral": 0.6})
    table.at[6, "escalation_proba"] = json.dumps({"2": 0.5, "3": 0.5})
    rows = analysis.review(table)
    assert rows["text"].tolist() == ["Ostria had ignored repeated complaints", "its guards acted lawfully on Ostrian soil",
                                     "both sides should show restraint"]
    assert rows["min_probability"].tolist() == pytest.approx([0.4, 0.5, 0.6])


def test_review_ranks_by_the_probability_of_the_labels_given_not_the_top_one(table):
    # Row 6 is labelled 'defensive', level 2; the classifier's favourites were 'hostile' and level 3.
    table["stance_proba"] = [None] * 6 + [{"hostile": 0.55, "defensive": 0.45}] + [None] * (len(table) - 7)
    table.at[6, "escalation_proba"] = {2: 0.3, 3: 0.7}
    table.at[9, "escalation_proba"] = {0: 0.35, 1: 0.65}              # labelled 0
    rows = analysis.review(table)
    assert rows["text"].tolist() == ["its guards acted lawfully on Ostrian soil", "both sides should show restraint"]
    assert rows["stance_probability"].tolist()[0] == pytest.approx(0.45)
    assert rows["escalation_probability"].tolist() == pytest.approx([0.3, 0.35])
    assert rows["min_probability"].tolist() == pytest.approx([0.3, 0.35])
    assert "confidence" not in rows.columns


def test_confidence_is_the_highest_escalation_probability_whichever_level_has_it(table):
    table.at[6, "escalation_proba"] = {2: 0.3, 3: 0.7}                 # labelled 2
    confidence = analysis.statement_confidence(table)["confidence"]
    assert confidence[6] == pytest.approx(0.7)
    assert confidence[9] == pytest.approx(0.6)                         # {0: 0.6, 1: 0.4}
    assert confidence[0] == 1.0                                        # no probabilities: certain of its label
