"""stance.plots on the hand-made statement table: each chart draws the expected artists and labels."""
import io
import math

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from handmade_statements import ALDREN, OSTRIA_FM, VELL, statement_table
from stance import plots
from stance.records import ESCALATION_NAMES, STANCES


@pytest.fixture
def table():
    return statement_table()


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_timeline_points_lines_and_ladder(table):
    figure = plots.escalation_timeline(table)
    ax = figure.axes[0]
    assert isinstance(figure, Figure)
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sorted(len(c.get_offsets()) for c in points) == [1, 2, 8]
    assert len(ax.get_lines()) == 4
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{lvl} {ESCALATION_NAMES[lvl]}" for lvl in range(6)]
    assert ax.get_title() == ("Escalation over time: 3 speakers with most statements "
                              "(11 of 11 dated statements; 2 undated not shown)")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["all speakers, mean over 60 days (n=11)", f"{ALDREN} (n=8)", f"{OSTRIA_FM} (n=2)",
                      f"{VELL} (n=1)"]


def test_timeline_rolling_mean_follows_the_window(table):
    ax = plots.escalation_timeline(table, [ALDREN], window="20D").axes[0]
    aldren = ax.get_lines()[1]
    # May 3 (2, 2), May 20 (2), June 10 (3, 3, 4), July 15 (0, 1): each point averages the 20 days before it;
    # 21 and 35 days of silence are longer than the window, so the line breaks (NaN) there
    assert list(aldren.get_ydata()) == pytest.approx([2, 2, math.nan, 10 / 3, math.nan, 0.5], nan_ok=True)


def test_timeline_on_given_axes_and_chosen_speakers(table):
    ax = Figure().add_subplot()
    figure = plots.escalation_timeline(table, [VELL], ax=ax)
    assert figure is ax.figure
    assert ax.get_title().startswith("Escalation over time: 1 speaker (1 of 11 dated statements;")


def test_timeline_of_one_day_gets_a_readable_date_range(table):
    ax = plots.escalation_timeline(table[table["article_id"] == "a3"]).axes[0]
    low, high = ax.get_xlim()
    assert 80 <= high - low <= 100


def test_speaker_styles_are_shared_and_distinct(table):
    styles = plots.speaker_styles(table)
    assert list(styles) == [ALDREN, OSTRIA_FM, VELL]
    assert len({(s.color, s.marker) for s in styles.values()}) == 3
    timeline = plots.escalation_timeline(table, styles=styles).axes[0]
    handles = timeline.get_legend().legend_handles[1:]
    assert [h.get_color() for h in handles] == [style.color for style in styles.values()]
    assert [h.get_marker() for h in handles] == [style.marker for style in styles.values()]


def test_stance_composition_stacks_every_stance_per_month(table):
    ax = plots.stance_composition(table).axes[0]
    assert len(ax.containers) == len(STANCES)
    assert [c.get_label() for c in ax.containers] == list(STANCES)
    hostile = ax.containers[0]
    assert [bar.get_height() for bar in hostile] == pytest.approx([2 / 3, 4 / 5, 0])
    assert {bar.get_hatch() for bar in hostile} == {plots.STANCE_STYLES["hostile"].hatch}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["May\n2024", "Jun", "Jul"]
    assert _texts(ax) == ["3", "5", "3"]
    assert ax.get_title() == "Stance of statements per month (11 dated statements with a stance)"


def test_stance_composition_counts(table):
    ax = plots.stance_composition(table, "week", normalize=False).axes[0]
    assert sum(bar.get_height() for c in ax.containers for bar in c) == 11
    assert ax.get_ylabel() == "statements"


def test_dyad_heatmap_cells_and_colorbar(table):
    figure = plots.dyad_heatmap(table)
    ax = figure.axes[0]
    assert any(isinstance(a, AxesImage) for a in ax.get_children())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["NRV", "OST"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["OST", "NRV"]
    assert sorted(_texts(ax)) == ["1.0\nn=2", "2.8\nn=9"]
    assert "(11 statements)" in ax.get_title()
    colorbar = figure.axes[1]
    assert colorbar.get_yticklabels()[5].get_text() == "5 threat of force"


def test_escalation_distribution_bars_per_level(table):
    ax = plots.escalation_distribution(table).axes[0]
    assert len(ax.containers) == 6
    assert [t.get_text() for t in ax.get_yticklabels()] == [ALDREN, OSTRIA_FM, VELL]
    aldren_counts = [container[0].get_width() for container in ax.containers]
    assert aldren_counts == [1, 1, 3, 2, 1, 0]
    assert "n=8" in " ".join(_texts(ax))
    assert [c[0].get_facecolor() for c in ax.containers] == [plots.ESCALATION_COLORS[i] for i in range(6)]


def test_article_strip_in_reading_order_coloured_by_stance_with_the_target(table):
    ax = plots.article_strip(table, "a3").axes[0]
    boxes = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(boxes) == 8
    stance_boxes, level_boxes = boxes[0::2], boxes[1::2]
    assert [b.get_facecolor() for b in stance_boxes] == [
        pytest.approx(to_rgba(plots.STANCE_STYLES[s].color)) for s in ("hostile", "hostile", "hostile", "defensive")]
    assert [b.get_hatch() for b in stance_boxes][-1] == plots.STANCE_STYLES["defensive"].hatch
    assert level_boxes[2].get_facecolor() == pytest.approx(plots.ESCALATION_COLORS[4])
    texts = _texts(ax)
    assert texts[:5] == ["hostile", "3", ALDREN, "to OST", "Ostrian guards fired on a Norvanian patrol"]
    assert texts[-5:] == ["defensive", "2", OSTRIA_FM, "to NRV", "its guards acted lawfully on Ostrian soil"]
    long = table.copy()
    long.loc[3, "text"] = "word " * 60
    wrapped = plots.article_strip(long, "a3", width=40, lines=2).axes[0].texts[4].get_text()
    assert wrapped.count("\n") == 1 and wrapped.endswith("...") and max(map(len, wrapped.split("\n"))) <= 40
    assert "4 statements in reading order, coloured by stance" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:5] == list(STANCES) and legend[5:] == [f"{lvl} {ESCALATION_NAMES[lvl]}" for lvl in range(6)]


def test_article_strip_needs_an_article_when_several(table):
    with pytest.raises(ValueError, match="holds 6 articles"):
        plots.article_strip(table)
    with pytest.raises(ValueError, match="no statements for article 'zz'"):
        plots.article_strip(table, "zz")
    undated = plots.article_strip(table[table["article_id"] == "a5"]).axes[0]
    assert "(undated)" in undated.get_title()
    assert "(unattributed)" in _texts(undated)


def test_empty_tables_give_an_explained_empty_chart(table):
    empty = table.iloc[:0]
    for draw in (plots.escalation_timeline, plots.stance_composition, plots.dyad_heatmap,
                 plots.escalation_distribution):
        ax = draw(empty).axes[0]
        assert ax.texts and ax.texts[0].get_text().startswith("no ")


def test_escalation_palette_darkens_with_level():
    from matplotlib.colors import to_rgb

    lightness = [sum(w * c for w, c in zip((0.2126, 0.7152, 0.0722), to_rgb(plots.ESCALATION_COLORS[level])))
                 for level in range(6)]
    assert lightness == sorted(lightness, reverse=True)
    assert min(a - b for a, b in zip(lightness, lightness[1:])) > 0.05


def test_panels_one_axes_per_dispute_with_gaps_and_bands(table):
    gappy = table.copy()
    gappy.loc[gappy["article_id"] == "a1", "date"] = "2024-02-03"
    figure = plots.escalation_panels(gappy, "dyad")
    assert len(figure.axes) == 1
    ax = figure.axes[0]
    lines = {line.get_label(): np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines()}
    assert list(lines) == ["NRV \u2192 OST (n=8)", "OST \u2192 NRV (n=2)"]
    # Feb (a1), Mar and Apr empty, May (a2), Jun, Jul: no line across March and April
    assert np.isnan(lines["NRV \u2192 OST (n=8)"][1:3]).all()
    assert lines["NRV \u2192 OST (n=8)"][[0, 3, 4, 5]] == pytest.approx([2, 2, 3.5, 0])
    bands = [c for c in ax.collections if c.__class__.__name__ == "FillBetweenPolyCollection"]
    assert len(bands) == 2


def test_panels_by_speaker_drop_unused_cells_and_name_only_their_lines(table):
    figure = plots.escalation_panels(table, "speaker", columns=2)
    assert len(figure.axes) == 3
    assert [ax.get_title(loc="left") for ax in figure.axes] == [
        f"{ALDREN} (8 statements)", f"{OSTRIA_FM} (2 statements)", f"{VELL} (1 statement)"]
    assert all(ax.get_legend() is None for ax in figure.axes)
    country = plots.escalation_panels(table, "country")
    legends = [[t.get_text() for t in ax.get_legend().get_texts()] for ax in country.axes]
    assert legends == [["to OST (n=8)", "no target (n=1)"], ["to NRV (n=2)"]]


def test_panels_of_a_table_without_disputes_explain_themselves(table):
    figure = plots.escalation_panels(table.assign(target=None), "dyad")
    assert figure.axes[0].texts[0].get_text() == "no dated statements with a dispute and a level"


def test_stance_composition_keeps_empty_periods(table):
    gappy = table.copy()
    gappy.loc[gappy["article_id"] == "a1", "date"] = "2024-02-03"
    ax = plots.stance_composition(gappy).axes[0]
    assert _texts(ax) == ["2", "0", "0", "1", "5", "3"]
    weeks = plots.stance_composition(gappy, "week").axes[0]
    assert len(weeks.patches) == 25 * len(STANCES)  # week of 29 January to week of 15 July
    assert [t.get_text() for t in weeks.get_xticklabels()] == [
        "29 Jan\n2024", "19 Feb", "11 Mar", "01 Apr", "22 Apr", "13 May", "03 Jun", "24 Jun", "15 Jul"]


def test_charts_print_dollar_signs_as_written(table):
    odd = table.copy()
    odd["speaker"] = odd["speaker"].map(lambda s: s and f"{s} $\\anything$")
    odd["text"] = r"costs $\frac{1}{$ and $x"
    odd["title"] = r"$\unknown$"
    for figure in (plots.escalation_timeline(odd), plots.escalation_distribution(odd),
                   plots.article_strip(odd, "a3"), plots.escalation_panels(odd, "speaker")):
        figure.savefig(io.BytesIO(), format="png")
