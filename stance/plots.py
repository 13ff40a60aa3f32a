"""Charts of the statement table, one function per chart (matplotlib).

Each function takes the statement table (see :mod:`stance.analysis`),
returns a :class:`matplotlib.figure.Figure`, and draws on ``ax`` when given
one (then it returns ``ax.figure``). Figures are made with
:class:`~matplotlib.figure.Figure` directly, not with ``pyplot``: no display
or GUI backend is needed, nothing is shown, and no figure is kept alive by a
global registry (in a notebook, run ``%matplotlib inline`` once to see them).

Colours are the same for a label in every chart and stay readable in
greyscale: escalation levels use a palette whose lightness falls steadily
from level 0 to level 5; stances add a hatch pattern to their colour; speakers
get a colour, a marker and a line style each. Titles say what is shown and on
how many statements.
"""
from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgb
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import analysis
from .analysis import PERIODS as PERIODS_FREQ
from .records import ESCALATION_LEVELS, ESCALATION_NAMES, STANCES

ESCALATION_COLORS = {
    level: colormaps["YlOrRd"](0.12 + 0.88 * level / 5) for level in ESCALATION_LEVELS
}
"""One colour per escalation level, from pale yellow (0) to dark red (5); lightness falls with the level."""

ESCALATION_CMAP = ListedColormap([ESCALATION_COLORS[level] for level in ESCALATION_LEVELS], name="stance-escalation")
"""The escalation colours as a colormap (for heatmaps: values 0-5)."""

UNLABELLED_COLOR = "#bdbdbd"


@dataclass(frozen=True)
class Style:
    """How one label is drawn: fill colour, hatch pattern, marker and line style."""

    color: object
    hatch: str = ""
    marker: str = "o"
    linestyle: str = "-"


STANCE_STYLES = {
    "hostile": Style("#a50f15", "xxx"),
    "defensive": Style("#fdae6b", "///"),
    "neutral": Style("#f0f0f0", ""),
    "supportive": Style("#4292c6", "..."),
    "conciliatory": Style("#a1d99b", "\\\\\\"),
}
"""One style per stance (colour plus hatch, so stacked bars read in greyscale)."""

_SPEAKER_COLORS = colormaps["tab10"].colors
_SPEAKER_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")
_SPEAKER_LINES = ("-", "--", ":", "-.")
_EDGE = "#252525"


def _literal(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw with mathtext off: names, titles and quotes containing ``$`` are shown as written."""

    @functools.wraps(draw)
    def literal(*args, **kwargs) -> Figure:
        with matplotlib.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)

    return literal


def _ranked(counts: pd.Series, top: int | None = None) -> list[str]:
    """The keys of ``counts``, most frequent first (ties by name), the first ``top`` of them."""
    return sorted(counts.index, key=lambda key: (-counts[key], str(key)))[:top]


def speaker_styles(frame: pd.DataFrame | Iterable[str]) -> dict[str, Style]:
    """A style for every speaker, the most frequent first (ties by name), so charts of one table agree.

    ``frame`` is a statement table or a sequence of speaker names in the
    order wanted.
    """
    if isinstance(frame, pd.DataFrame):
        names = _ranked(frame["speaker"].dropna().value_counts())
    else:
        names = list(dict.fromkeys(frame))
    return {
        name: Style(
            _SPEAKER_COLORS[i % len(_SPEAKER_COLORS)],
            marker=_SPEAKER_MARKERS[i % len(_SPEAKER_MARKERS)],
            linestyle=_SPEAKER_LINES[(i // len(_SPEAKER_COLORS) + i) % len(_SPEAKER_LINES)],
        )
        for i, name in enumerate(names)
    }


def escalation_label(level: int) -> str:
    """``3 accusatory``: a ladder step as shown on axes and legends."""
    return f"{level} {ESCALATION_NAMES[level]}"


def _text_color(color: object) -> str:
    red, green, blue = to_rgb(color)
    return "black" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white"


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _shorten(text: object, width: int) -> str:
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder=" ...")


def _top_speakers(table: pd.DataFrame, top: int, speakers: Sequence[str] | None) -> list[str]:
    if speakers is not None:
        return list(speakers)
    return _ranked(table["speaker"].dropna().value_counts(), top)


def _ladder_axis(axis, *, names: bool = True) -> None:
    axis.set_ticks(list(ESCALATION_LEVELS))
    axis.set_ticklabels([escalation_label(level) if names else str(level) for level in ESCALATION_LEVELS])


def _empty(ax: Axes, title: str, message: str) -> Figure:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#525252")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax.figure


def _rolling_mean(stamps: pd.Series, levels: pd.Series, window: str) -> pd.Series:
    """The mean level over the preceding ``window`` at each date, with a ``NaN`` wherever no statement
    falls within ``window`` of the previous one, so the line stops at a gap instead of crossing it."""
    series = pd.Series(levels.to_numpy(dtype=float), index=stamps.to_numpy()).sort_index(kind="mergesort")
    means = series.rolling(window).mean().groupby(level=0).last()
    steps = means.index.to_series().diff()
    breaks = steps[steps > pd.Timedelta(window)]
    if breaks.empty:
        return means
    gaps = pd.Series(float("nan"), index=breaks.index - breaks / 2)
    return pd.concat([means, gaps]).sort_index(kind="mergesort")


@_literal
def escalation_timeline(
    frame: pd.DataFrame,
    speakers: Sequence[str] | None = None,
    *,
    top: int = 6,
    window: str = "60D",
    styles: dict[str, Style] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Escalation of each statement over time per speaker: points plus a rolling mean.

    ``speakers`` picks the speakers (default: the ``top`` speakers with most
    dated, labelled statements). Each speaker's line is its mean level over
    the preceding ``window`` (a pandas offset such as ``"60D"``); a thick grey
    line gives the same mean over all dated statements, every speaker
    included; a line stops where a speaker is silent for longer than
    ``window`` (no line is drawn across a gap). Points of different speakers
    are nudged apart vertically so that they do not hide each other. The y axis names the escalation ladder;
    undated statements are left out and counted in the title.
    """
    ax = _axes(ax, (11, 5.5))
    table = analysis.prepare(frame)
    undated = int(table["timestamp"].isna().sum())
    table = table[table["timestamp"].notna() & table["escalation"].notna()]
    chosen = _top_speakers(table, top, speakers)
    shown_rows = table[table["speaker"].isin(chosen)]
    styles = styles or speaker_styles(frame)
    who = f"{_plural(len(chosen), 'speaker')}" + (" with most statements" if speakers is None else "")
    title = f"Escalation over time: {who} ({len(shown_rows)} of {_plural(len(table), 'dated statement')}"
    title += f"; {undated} undated not shown)" if undated else ")"
    if shown_rows.empty:
        return _empty(ax, title, "no dated statements with an escalation level")
    span = window.replace("D", " days") if window.endswith("D") else window
    overall = _rolling_mean(table["timestamp"], table["escalation"], window)
    handles = [Line2D([], [], color="#737373", linewidth=4, alpha=0.6,
                      label=f"all speakers, mean over {span} (n={len(table)})")]
    ax.plot(overall.index, overall.to_numpy(), color="#737373", linewidth=4, alpha=0.6, zorder=2,
            solid_capstyle="round")
    shown = [name for name in chosen if (shown_rows["speaker"] == name).any()]
    handles += _speaker_timelines(ax, shown_rows, shown, styles, window)
    _ladder_axis(ax.yaxis)
    ax.set_ylim(-0.6, 5.6)
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    _timeline_dates(ax, shown_rows["timestamp"])
    ax.set_ylabel("escalation level")
    ax.set_title(title)
    ax.legend(handles=handles, title=f"points: statements; lines: mean over {span}", loc="upper left",
              bbox_to_anchor=(1.01, 1.0), fontsize="small", title_fontsize="small", frameon=False)
    return ax.figure


def _speaker_timelines(ax: Axes, rows: pd.DataFrame, shown: Sequence[str], styles: dict[str, Style],
                       window: str) -> list[Line2D]:
    """Each shown speaker's statements as points (nudged apart by speaker) and its rolling mean as a line;
    the legend handles, one per speaker."""
    handles = []
    spread = 0.09
    for i, name in enumerate(shown):
        own = rows[rows["speaker"] == name]
        style = styles.get(name) or Style(_SPEAKER_COLORS[i % len(_SPEAKER_COLORS)])
        nudge = (i - (len(shown) - 1) / 2) * spread
        ax.scatter(own["timestamp"], own["escalation"].astype(float) + nudge, color=style.color, marker=style.marker,
                   s=28, edgecolors=_EDGE, linewidths=0.4, alpha=0.85, zorder=3)
        rolling = _rolling_mean(own["timestamp"], own["escalation"], window)
        ax.plot(rolling.index, rolling.to_numpy(), color=style.color, linestyle=style.linestyle, linewidth=1.6,
                zorder=4)
        handles.append(Line2D([], [], color=style.color, linestyle=style.linestyle, linewidth=1.6,
                              marker=style.marker, markeredgecolor=_EDGE, markeredgewidth=0.4,
                              label=f"{_shorten(name, 30)} (n={len(own)})"))
    return handles


def _timeline_dates(ax: Axes, stamps: pd.Series) -> None:
    """A date x axis over ``stamps``, widened to 90 days around their middle when they span less than 60."""
    first, last = stamps.min(), stamps.max()
    if last - first < pd.Timedelta(days=60):
        middle = first + (last - first) / 2
        ax.set_xlim(middle - pd.Timedelta(days=45), middle + pd.Timedelta(days=45))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("article date")


_PANEL_NOUNS = {"dyad": "dispute", "speaker": "speaker", "country": "speaker country"}


def _series_key(by: str, series: str) -> str:
    """What a line's colour follows: the speaking country of a dyad direction, else the line's name."""
    return series.split(" \u2192 ")[0] if by == "dyad" else series


def _period_middle(periods: Sequence[pd.Period]) -> list[pd.Timestamp]:
    return [p.start_time + (p.end_time - p.start_time) / 2 for p in periods]


@_literal
def escalation_panels(
    frame: pd.DataFrame,
    by: str = "dyad",
    period: str = "month",
    *,
    groups: Sequence[str] | None = None,
    top: int = 6,
    columns: int = 2,
    figure: Figure | SubFigure | None = None,
) -> Figure | SubFigure:
    """Small multiples of escalation over time: one panel per dispute, speaker or speaker country.

    ``by`` is ``"dyad"`` (a panel per pair of countries, a line per
    direction), ``"speaker"`` or ``"country"`` (a line per target); see
    :func:`stance.analysis.escalation_series`. Each line is the expected
    escalation level of the ``period``'s statements, with a shaded band of
    plus and minus one standard deviation under the classifier's
    probabilities (a vertical bar for a period standing alone). Every
    period is on the shared time axis; a period without statements leaves a
    gap in the line instead of a line drawn across it. ``groups`` picks the
    panels (default: the ``top`` with most statements), ``columns`` panels
    a row; unused grid cells are removed, so there is one axes per panel.
    The legend of a panel lists only its own lines. Draws into ``figure``
    (a figure or subfigure) when given; returns it.
    """
    series = analysis.escalation_series(frame, by, period)
    order = list(dict.fromkeys(series["group"]))
    chosen = [g for g in (order[:top] if groups is None else groups) if g in order]
    rows = max(1, math.ceil(len(chosen) / columns))
    figure = figure if figure is not None else Figure(figsize=(11, 1.2 + 2.4 * rows), layout="constrained")
    noun = _PANEL_NOUNS[by]
    if not chosen:
        _empty(figure.add_subplot(), f"Escalation per {noun}", f"no dated statements with a {noun} and a level")
        return figure
    axes = figure.subplots(rows, min(columns, len(chosen)), sharex=True, sharey=True, squeeze=False).flat
    axes = list(axes)
    for ax in axes[len(chosen):]:
        ax.remove()
    keys = list(dict.fromkeys(_series_key(by, name) for name in series["series"]))
    colours = {key: _SPEAKER_COLORS[i % len(_SPEAKER_COLORS)] for i, key in enumerate(keys)}
    markers = {key: _SPEAKER_MARKERS[i % len(_SPEAKER_MARKERS)] for i, key in enumerate(keys)}
    for i, (ax, group) in enumerate(zip(axes, chosen)):
        own = series[series["group"] == group]
        _panel(ax, own, by, colours, markers)
        if i + min(columns, len(chosen)) >= len(chosen):
            ax.xaxis.set_tick_params(labelbottom=True)
    first = series["period"].min()
    last = series["period"].max()
    axes[0].set_xlim(first.start_time - (first.end_time - first.start_time) * 0.6,
                     last.end_time + (last.end_time - last.start_time) * 0.6)
    _ladder_axis(axes[0].yaxis)
    axes[0].set_ylim(-0.4, 5.4)
    shown = int(series[series["group"].isin(chosen)]["statements"].sum())
    more = len(order) - len(chosen)
    figure.suptitle(f"Expected escalation per {period}, one panel per {noun} ({_plural(len(chosen), 'panel')}, "
                    f"{_plural(shown, 'statement')}" + (f"; {more} smaller not shown)" if more else ")"),
                    fontsize="large")
    return figure


def _panel(ax: Axes, own: pd.DataFrame, by: str, colours: dict, markers: dict) -> None:
    """One panel of :func:`escalation_panels`: a line with a band per series, gaps left open."""
    handles = []
    for name, line in own.groupby("series", sort=False):
        x = _period_middle(list(line["period"]))
        y = line["expected"].to_numpy(dtype=float)
        low, high = line["low"].to_numpy(dtype=float), line["high"].to_numpy(dtype=float)
        key = _series_key(by, name)
        colour, marker = colours[key], markers[key]
        ax.fill_between(x, low, high, color=colour, alpha=0.22, linewidth=0)
        ax.plot(x, y, color=colour, marker=marker, markersize=5, markeredgecolor=_EDGE, markeredgewidth=0.4,
                linewidth=1.6, label=f"{_shorten(name, 34)} (n={int(line['statements'].sum())})")
        known = ~np.isnan(y)
        before = np.concatenate([[False], known[:-1]])
        after = np.concatenate([known[1:], [False]])
        alone = known & ~before & ~after
        if alone.any():
            ax.vlines(np.array(x, dtype=object)[alone], low[alone], high[alone], color=colour, linewidth=2.5,
                      alpha=0.45)
        handles.append(ax.get_lines()[-1])
    group = own["group"].iloc[0]
    ax.set_title(f"{_shorten(group, 48)} ({_plural(int(own['statements'].sum()), 'statement')})", loc="left",
                 fontsize="medium")
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if by != "speaker":
        ax.legend(handles=handles, loc="upper left", fontsize="x-small", frameon=True, framealpha=0.8,
                  edgecolor="none", ncol=min(3, len(handles)))


def _period_ticks(periods: Sequence[pd.Period]) -> list[str]:
    labels = []
    for i, period in enumerate(periods):
        if period.freqstr.startswith("M"):
            new_year = i == 0 or periods[i - 1].year != period.year
            labels.append(period.strftime("%b\n%Y") if new_year else period.strftime("%b"))
        else:
            labels.append(period.start_time.strftime("%d %b\n%Y") if i == 0 or periods[i - 1].year != period.year
                          else period.start_time.strftime("%d %b"))
    return labels


@_literal
def stance_composition(
    frame: pd.DataFrame,
    period: str = "month",
    *,
    normalize: bool = True,
    ax: Axes | None = None,
) -> Figure:
    """Stance composition per period as stacked bars (shares by default, counts with ``normalize=False``).

    Each bar is one period, from the first to the last with a dated statement
    that has a stance; periods without one are kept as empty bars marked 0.
    The statement count is written above each bar (with more than 24
    months or 12 weeks or days, only every n-th period is named on the axis). Colours and hatches are
    :data:`STANCE_STYLES`.
    """
    ax = _axes(ax, (11, 5.5))
    table = analysis.prepare(frame)
    table = table[table["timestamp"].notna() & table["stance"].notna()]
    if period not in analysis.PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(analysis.PERIODS)}")
    title = f"Stance of statements per {period} ({_plural(len(table), 'dated statement')} with a stance)"
    if table.empty:
        return _empty(ax, title, "no dated statements with a stance")
    counts = analysis.stance_counts(table, period=period)
    wide = counts.pivot(index="period", columns="stance", values="statements").reindex(columns=list(STANCES))
    shown = wide.index[wide.sum(axis=1) > 0]
    wide = wide.reindex(pd.period_range(shown.min(), shown.max(), freq=PERIODS_FREQ[period]), fill_value=0)
    totals = wide.sum(axis=1)
    values = (wide.div(totals.where(totals > 0), axis=0) if normalize else wide).fillna(0)
    x = np.arange(len(wide))
    bottom = np.zeros(len(wide))
    for stance in STANCES:
        style = STANCE_STYLES[stance]
        heights = values[stance].to_numpy(dtype=float)
        ax.bar(x, heights, bottom=bottom, width=0.8, color=style.color, hatch=style.hatch, edgecolor=_EDGE,
               linewidth=0.5, label=stance)
        bottom += heights
    for xi, top, total in zip(x, bottom, totals):
        ax.text(xi, top, f"{int(total)}", ha="center", va="bottom", fontsize="x-small",
                color="black" if total else "#969696")
    every = math.ceil(len(x) / (24 if period == "month" else 12))
    ax.set_xticks(x[::every])
    ax.set_xticklabels(_period_ticks(list(wide.index)[::every]), fontsize="small")
    ax.set_xlim(-0.6, len(wide) - 0.4)
    if normalize:
        ax.set_ylim(0, 1.08)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_yticklabels(["0%", "25%", "50%", "75%", "100%"])
        ax.set_ylabel("share of the period's statements")
    else:
        ax.set_ylim(0, float(bottom.max()) * 1.1)
        ax.set_ylabel("statements")
    ax.set_xlabel(f"{period} (number above each bar: statements)")
    ax.set_title(title)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], title="stance", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", title_fontsize="small", frameon=False)
    return ax.figure


@_literal
def dyad_heatmap(
    frame: pd.DataFrame,
    *,
    top: int = 10,
    ax: Axes | None = None,
) -> Figure:
    """Mean escalation by dyad: speaker country (rows) toward target (columns).

    Only statements with both an ``affiliation`` and a ``target`` and an
    escalation level count; the ``top`` most frequent speaker countries and
    targets are shown. Each cell gives the mean level and its number of
    statements; empty cells had none.
    """
    ax = _axes(ax, (9, 7))
    table = analysis.prepare(frame)
    table = table[table["affiliation"].notna() & table["target"].notna() & table["escalation"].notna()]
    title = f"Mean escalation by dyad, speaker country to target ({_plural(len(table), 'statement')})"
    if table.empty:
        return _empty(ax, title, "no statements with a speaker country, a target and a level")
    rows = _ranked(table["affiliation"].value_counts(), top)
    columns = _ranked(table["target"].value_counts(), top)
    shown = table[table["affiliation"].isin(rows) & table["target"].isin(columns)]
    dyads = analysis.by_dyad(shown)
    means = dyads.pivot(index="affiliation", columns="target", values="mean_escalation").reindex(index=rows, columns=columns)
    counts = dyads.pivot(index="affiliation", columns="target", values="statements").reindex(index=rows, columns=columns)
    ax.set_facecolor("white")
    image = ax.imshow(np.ma.masked_invalid(means.to_numpy(dtype=float)), cmap=ESCALATION_CMAP,
                      norm=BoundaryNorm(np.arange(-0.5, 6.0, 1.0), ESCALATION_CMAP.N), aspect="auto")
    for i in range(len(rows)):
        for j in range(len(columns)):
            mean = means.iat[i, j]
            if pd.isna(mean):
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor="#d9d9d9",
                                       hatch="", linewidth=0.5))
                continue
            color = _text_color(ESCALATION_COLORS[int(round(mean))])
            ax.text(j, i, f"{mean:.1f}\nn={int(counts.iat[i, j])}", ha="center", va="center", fontsize="small",
                    color=color)
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(columns)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows)
    ax.set_xlabel("target of the statement")
    ax.set_ylabel("speaker's country or bloc")
    ax.set_title(title if len(shown) == len(table) else f"{title[:-1]}; {len(shown)} in the dyads shown)")
    bar = ax.figure.colorbar(image, ax=ax, ticks=list(ESCALATION_LEVELS), shrink=0.9)
    bar.ax.set_yticklabels([escalation_label(level) for level in ESCALATION_LEVELS], fontsize="small")
    bar.set_label("mean escalation level (cell colour: nearest level)")
    return ax.figure


@_literal
def escalation_distribution(
    frame: pd.DataFrame,
    *,
    top: int = 12,
    normalize: bool = False,
    ax: Axes | None = None,
) -> Figure:
    """How often each speaker used each escalation level: one horizontal stacked bar per speaker.

    The ``top`` speakers with most labelled statements are shown, the most
    frequent at the top; ``normalize=True`` shows shares instead of counts.
    """
    table = analysis.prepare(frame)
    table = table[table["escalation"].notna() & table["speaker"].notna()]
    chosen = _top_speakers(table, top, None)
    ax = _axes(ax, (11, max(3.5, 1.2 + 0.42 * len(chosen))))
    table = table[table["speaker"].isin(chosen)]
    title = f"Escalation levels per speaker, top {_plural(len(chosen), 'speaker')} ({_plural(len(table), 'statement')})"
    if table.empty:
        return _empty(ax, title, "no attributed statements with an escalation level")
    levels = analysis.level_counts(table).reindex(chosen)
    totals = levels.sum(axis=1)
    values = levels.div(totals, axis=0) if normalize else levels
    y = np.arange(len(chosen))
    left = np.zeros(len(chosen))
    for level in ESCALATION_LEVELS:
        widths = values[level].to_numpy(dtype=float)
        ax.barh(y, widths, left=left, height=0.7, color=ESCALATION_COLORS[level], edgecolor=_EDGE, linewidth=0.5,
                label=escalation_label(level))
        for yi, start, width, count in zip(y, left, widths, levels[level]):
            if count and width >= (0.04 if normalize else max(totals) * 0.04):
                ax.text(start + width / 2, yi, str(int(count)), ha="center", va="center", fontsize="x-small",
                        color=_text_color(ESCALATION_COLORS[level]))
        left += widths
    for yi, end, total in zip(y, left, totals):
        ax.text(end, yi, f"  n={int(total)}", ha="left", va="center", fontsize="x-small")
    ax.set_yticks(y)
    ax.set_yticklabels([_shorten(name, 32) for name in chosen])
    ax.invert_yaxis()
    ax.set_xlim(0, float(left.max()) * 1.12)
    ax.set_xlabel("share of the speaker's statements" if normalize else "statements (number in a segment: statements at that level)")
    ax.set_title(title)
    ax.legend(title="escalation level", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
              title_fontsize="small", frameon=False)
    return ax.figure


@_literal
def article_strip(
    frame: pd.DataFrame,
    article_id: str | None = None,
    *,
    width: int = 95,
    lines: int = 2,
    ax: Axes | None = None,
) -> Figure:
    """Every statement of one article in reading order, coloured by stance, with its level, speaker and target.

    One row per statement, top to bottom: a box in the stance's colour and
    hatch (:data:`STANCE_STYLES`) naming the stance, a smaller box in the
    escalation level's colour with the level number, the speaker and the
    target (``to XBV``), and the statement text wrapped to ``width``
    characters a line and shortened to ``lines`` lines. ``article_id`` may
    be left out when the table holds one article.
    """
    table = analysis.prepare(frame)
    ids = list(dict.fromkeys(table["article_id"]))
    if article_id is None:
        if len(ids) != 1:
            raise ValueError(f"the table holds {len(ids)} articles; name one with article_id=")
        article_id = ids[0]
    own = table[table["article_id"] == article_id].sort_values(["start", "end"], kind="mergesort")
    if own.empty:
        raise ValueError(f"no statements for article {article_id!r}")
    rows = len(own)
    ax = _axes(ax, (11, max(2.5, 1.6 + 0.2 * (lines + 1) * rows)))
    first = own.iloc[0]
    heading = _shorten(first["title"], 80) if isinstance(first["title"], str) and first["title"] else str(article_id)
    date = first["date"] or "undated"
    if first["date"] and first["date_inferred"]:
        date += ", inferred"
    ax.set_title(f"{heading} ({date})\n{_plural(rows, 'statement')} in reading order, coloured by stance toward "
                 "the target", fontsize="medium")
    ax.set_xlim(0, 1)
    ax.set_ylim(max(rows, 8) - 0.5, -0.5)
    ax.axis("off")
    for i, row in enumerate(own.itertuples()):
        _strip_row(ax, i, row, width, lines)
    handles = [Patch(facecolor=STANCE_STYLES[name].color, hatch=STANCE_STYLES[name].hatch, edgecolor=_EDGE,
                     label=name) for name in STANCES]
    handles += [Patch(facecolor=ESCALATION_COLORS[level], edgecolor=_EDGE, label=escalation_label(level))
                for level in ESCALATION_LEVELS]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=6, fontsize="x-small",
              frameon=False, title="stance (large box) and escalation level (small box)", title_fontsize="x-small")
    return ax.figure


def _strip_row(ax: Axes, i: int, row, width: int, lines: int) -> None:
    """One statement of :func:`article_strip`: stance box, level box, speaker and target, text."""
    style = STANCE_STYLES.get(row.stance) if isinstance(row.stance, str) else None
    ax.add_patch(Rectangle((0.0, i - 0.42), 0.1, 0.84, facecolor=style.color if style else UNLABELLED_COLOR,
                           edgecolor=_EDGE, linewidth=0.5, hatch=style.hatch if style else ""))
    ax.text(0.05, i, row.stance if style else "no stance", ha="center", va="center", fontsize="x-small",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})
    level = None if pd.isna(row.escalation) else int(row.escalation)
    color = UNLABELLED_COLOR if level is None else ESCALATION_COLORS[level]
    ax.add_patch(Rectangle((0.105, i - 0.3), 0.03, 0.6, facecolor=color, edgecolor=_EDGE, linewidth=0.5,
                           hatch="" if level is not None else "///"))
    ax.text(0.12, i, "?" if level is None else str(level), ha="center", va="center", fontsize="small",
            color=_text_color(color), fontweight="bold")
    speaker = row.speaker if isinstance(row.speaker, str) else "(unattributed)"
    target = f"to {row.target}" if isinstance(row.target, str) else "no target"
    ax.text(0.145, i, _shorten(speaker, 30), ha="left", va="bottom", fontsize="small", fontweight="bold")
    ax.text(0.145, i, target, ha="left", va="top", fontsize="small", color="#525252")
    wrapped = textwrap.wrap(" ".join(str(row.text).split()), width, max_lines=lines, placeholder=" ...")
    ax.text(0.36, i, "\n".join(wrapped), ha="left", va="center", fontsize="small")
