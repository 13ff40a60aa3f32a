"""The PDF report: corpus summary, every chart with a caption, top shifts and the most escalatory statements.

:func:`write_report` turns a statement table into a multi-page PDF
(matplotlib ``PdfPages``, A4 landscape). The same table gives the same bytes:
the PDF carries no creation date, fonts and hatch names are fixed, rows are
sorted before drawing, and nothing depends on the clock or the machine.
:func:`statements_for_report` streams articles through the pipeline and keeps
only the columns the report needs, so a large corpus fits in memory.
"""
from __future__ import annotations

import textwrap
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import matplotlib
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from . import analysis, plots
from .batch import ArticleFailure, iter_results, statement_rows
from .records import ESCALATION_NAMES
from .speakers import SpeakerRegistry

PAGE_SIZE = (11.69, 8.27)
"""A4 landscape, in inches."""

REPORT_COLUMNS = [
    "article_id", "date", "date_inferred", "title", "start", "end", "text", "speaker", "affiliation",
    "target", "stance", "escalation", "escalation_proba",
]
"""The statement-table columns the report reads; :func:`statements_for_report` keeps only these."""

SHIFT_MIN_STATEMENTS = 2
"""A period counts in the report's shifts only when the speaker made at least this many statements in it."""

TEXT_LIMIT = 400
"""Statement texts are cut to this many characters when a report table is built (the report shows less)."""

_RC = {
    "svg.hashsalt": "stance-report",
    "pdf.compression": 6,
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "hatch.linewidth": 0.6,
    "axes.titlesize": "large",
    "path.simplify": True,
}
_METADATA = {"Creator": "stance report", "Producer": "stance (matplotlib PdfPages)", "CreationDate": None,
             "ModDate": None}

_PAGE_NAMES = {
    "timeline": "escalation over time, per speaker",
    "stance": "stance composition per {period}",
    "dyads": "mean escalation by dyad (speaker country to target)",
    "levels": "escalation levels per speaker",
    "article": "one article, statement by statement",
    "shifts": "largest shifts between {period}s",
    "speakers": "speaker table",
    "statements": "most escalatory statements",
}

INDEX_NOTE = (
    "Escalation index: for each statement, the expected level sum_l p(l) * l under the classifier's "
    "escalation probabilities, weighted by the statement's confidence max_l p(l); index = "
    "sum(confidence * expected) / sum(confidence). A statement without probabilities counts as certain of its label."
)


def statements_for_report(
    paths: str | Path | Iterable[str | Path],
    *,
    registry: SpeakerRegistry | None = None,
    model: Any = None,
    jobs: int = 1,
    on_error: Callable[[ArticleFailure], None] | None = None,
    skipped: Callable[[Path], None] | None = None,
    recursive: bool = False,
    progress: bool = False,
) -> pd.DataFrame:
    """Analyse the articles under ``paths`` into a slim statement table for :func:`write_report`.

    Articles stream through :func:`stance.batch.iter_results` (``jobs``
    worker processes; ``model`` as for :func:`stance.pipeline.analyze`);
    only :data:`REPORT_COLUMNS` are kept and statement texts are cut to
    :data:`TEXT_LIMIT` characters, so memory grows with the number of
    statements, not with the size of the articles. An article that cannot be
    read or analysed goes to ``on_error`` (an :class:`ArticleFailure`), or
    raises ``ValueError`` naming it when ``on_error`` is ``None``. Files that
    are not articles, and folders inside folders unless ``recursive``, go to
    ``skipped``.
    ``progress`` shows a progress bar (tqdm) on standard error. The number of
    articles analysed, with or without statements, is in
    ``frame.attrs["articles_read"]``.
    """
    results: Iterator = iter_results(paths, jobs=jobs, registry=registry, model=model, skipped=skipped,
                                     recursive=recursive)
    if progress:
        from tqdm.auto import tqdm
        results = tqdm(results, desc="analysing articles", unit="article")
    columns: dict[str, list] = {column: [] for column in REPORT_COLUMNS}
    articles = 0
    for result in results:
        if isinstance(result, ArticleFailure):
            if on_error is None:
                raise ValueError(str(result))
            on_error(result)
            continue
        articles += 1
        for record in statement_rows(result):
            record["text"] = record["text"][:TEXT_LIMIT]
            for column in REPORT_COLUMNS:
                columns[column].append(record.get(column))
    frame = pd.DataFrame(columns, columns=REPORT_COLUMNS)
    frame.attrs["articles_read"] = articles
    return frame


def _sorted_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = analysis.prepare(frame)
    order = table.sort_values(["timestamp", "article_id", "start", "end", "speaker"], na_position="last",
                              kind="mergesort")
    return order.reset_index(drop=True)


class _Pages:
    """A4 pages with a footer (report title, page number) written to one PdfPages."""

    def __init__(self, pdf: PdfPages, title: str, total: int):
        self.pdf, self.title, self.total, self.number = pdf, title, total, 0

    def save(self, figure: Figure) -> None:
        self.number += 1
        figure.text(0.99, 0.005, f"{self.title}  -  page {self.number} of {self.total}", ha="right", va="bottom",
                    fontsize="x-small", color="#636363")
        self.pdf.savefig(figure)

    def chart(self, draw: Callable[..., Figure], caption: str, height: float = 6.7) -> None:
        figure = Figure(figsize=PAGE_SIZE, layout="constrained")
        grid = figure.add_gridspec(2, 1, height_ratios=[height, 7.4 - height])
        draw(ax=figure.add_subplot(grid[0]))
        note = figure.add_subplot(grid[1])
        note.axis("off")
        note.text(0.0, 1.0, textwrap.fill(caption, 165), ha="left", va="top", fontsize="small",
                  transform=note.transAxes, wrap=False)
        self.save(figure)


def _text_page(pages: _Pages, heading: str, lines: list[str], *, size: str = "medium", width: int = 140) -> None:
    figure = Figure(figsize=PAGE_SIZE)
    figure.text(0.05, 0.94, heading, fontsize="xx-large", fontweight="bold", va="top")
    body = "\n".join(textwrap.fill(line, width, subsequent_indent="    ") if line else "" for line in lines)
    figure.text(0.05, 0.86, body, fontsize=size, va="top", linespacing=1.5)
    pages.save(figure)


def _summary_lines(summary: dict, sources: list[str], period: str, notes: list[str]) -> list[str]:
    span = (f"{summary['first_date']} to {summary['last_date']}" if summary["first_date"] else "no dated article")
    lines = [
        f"Articles with statements: {summary['articles']}"
        + (f" of {summary['articles_read']} read" if summary["articles_read"] is not None else ""),
        f"Statements: {summary['statements']} ({summary['labelled']} with an escalation level, "
        f"{summary['unattributed']} without a speaker)",
        f"Speakers: {summary['speakers']}",
        f"Date range: {span} (charts by {period})",
        f"Dates inferred from the article text: {summary['inferred_dates']} statements",
        f"Undated: {summary['undated']} statements from {summary['undated_articles']} articles",
    ]
    if summary["undated"]:
        lines.append(f"Warning: {summary['undated']} statements have no date; they count in the totals and the "
                     "dyad, speaker and statement tables, but not in the charts over time.")
    lines += notes
    lines += ["", INDEX_NOTE, ""]
    if sources:
        shown = ", ".join(sources[:8]) + (f" and {len(sources) - 8} more" if len(sources) > 8 else "")
        lines.append(f"Input: {shown}")
    lines.append("Labels and attributions are produced automatically by the stance pipeline; "
                 "check the statement texts before quoting them.")
    return lines


def _speaker_table(pages: _Pages, table: pd.DataFrame, top: int = 18) -> None:
    speakers = analysis.by_speaker(table).dropna(subset=["speaker"])
    speakers = speakers.sort_values(["statements", "speaker"], ascending=[False, True], kind="mergesort").head(top)
    figure = Figure(figsize=PAGE_SIZE)
    figure.text(0.05, 0.94, f"Speakers: the {len(speakers)} with most statements", fontsize="xx-large",
                fontweight="bold", va="top")
    header = ["speaker", "country", "statements", "mean level", "max level", "index", "hostile", "conciliatory"]
    xs = [0.05, 0.40, 0.48, 0.57, 0.655, 0.74, 0.81, 0.89]
    y = 0.86
    for x, name in zip(xs, header):
        figure.text(x, y, name, fontsize="small", fontweight="bold", va="top")
    for row in speakers.itertuples():
        y -= 0.038
        cells = [
            textwrap.shorten(str(row.speaker), 48, placeholder=" ..."), _cell(row.affiliation), str(row.statements),
            _number(row.mean_escalation), "-" if pd.isna(row.max_escalation) else str(int(row.max_escalation)),
            _number(row.escalation_index), _share(row.share_hostile), _share(row.share_conciliatory),
        ]
        for x, cell in zip(xs, cells):
            figure.text(x, y, cell, fontsize="small", va="top")
    figure.text(0.05, 0.06, "mean/max level: escalation 0-5 over statements with a level; index: confidence-weighted "
                "(see page 1); hostile, conciliatory: share of the speaker's statements with a stance.",
                fontsize="small", va="bottom", color="#404040")
    pages.save(figure)


def _cell(value: object, missing: str = "-") -> str:
    return missing if value is None or pd.isna(value) else str(value)


def _number(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:.2f}"


def _share(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:.0%}"


def escalatory_rows(frame: pd.DataFrame, n: int = 20, *, width: int = 100) -> pd.DataFrame:
    """The ``n`` most escalatory statements as the report prints them: all columns are display strings.

    Columns ``date`` (``*`` marks a date inferred from the text; ``undated``),
    ``speaker`` (``(unattributed)`` when missing), ``target`` and ``stance``
    (``-`` when missing), ``level`` (``3 accusatory``) and ``statement``
    (shortened to ``width`` characters). Order as :func:`stance.analysis.most_escalatory`.
    """
    top = analysis.most_escalatory(frame, n)
    return pd.DataFrame({
        "date": [(d + (" *" if inferred else "")) if d else "undated" for d, inferred in zip(top["date"], top["date_inferred"])],
        "speaker": [textwrap.shorten(_cell(s, "(unattributed)"), 30, placeholder=" ...") for s in top["speaker"]],
        "target": [_cell(t) for t in top["target"]],
        "stance": [_cell(stance) for stance in top["stance"]],
        "level": [f"{int(level)} {ESCALATION_NAMES[int(level)]}" for level in top["escalation"]],
        "statement": [textwrap.shorten(" ".join(str(t).split()), width, placeholder=" ...") for t in top["text"]],
    }, columns=["date", "speaker", "target", "stance", "level", "statement"])


def _statement_table(pages: _Pages, table: pd.DataFrame, count: int) -> None:
    rows = escalatory_rows(table, count)
    figure = Figure(figsize=PAGE_SIZE)
    labelled = int(table["escalation"].notna().sum())
    heading = (f"All {labelled} statements, most escalatory first" if len(rows) == labelled
               else f"The {len(rows)} most escalatory statements")
    figure.text(0.05, 0.94, heading, fontsize="xx-large", fontweight="bold", va="top")
    xs = [0.03, 0.115, 0.27, 0.32, 0.405, 0.5]
    y = 0.875
    for x, name in zip(xs, ["date", "speaker", "target", "stance", "level", "statement (shortened)"]):
        figure.text(x, y, name, fontsize="small", fontweight="bold", va="top")
    step = min(0.04, 0.78 / max(1, len(rows)))
    for cells in rows.itertuples(index=False):
        y -= step
        for x, cell in zip(xs, cells):
            figure.text(x, y, cell, fontsize="x-small", va="top")
    figure.text(0.03, 0.04, "Order: level, then classifier confidence, then date. * the article gives no date; "
                "this one is inferred from the events its text names.", fontsize="small", va="bottom",
                color="#404040")
    pages.save(figure)


def _strip_article(table: pd.DataFrame) -> str:
    labelled = table[table["escalation"].notna()]
    if labelled.empty:
        return str(table["article_id"].iloc[0])
    per = labelled.groupby("article_id").agg(top=("escalation", "max"), mean=("escalation", "mean"),
                                            statements=("escalation", "size"))
    per = per[per["statements"] <= 18] if (per["statements"] <= 18).any() else per
    per = per.reset_index().sort_values(["top", "mean", "statements", "article_id"],
                                        ascending=[False, False, False, True], kind="mergesort")
    return str(per["article_id"].iloc[0])


def write_report(
    frame: pd.DataFrame,
    output: str | Path,
    *,
    title: str = "Stance report",
    sources: Iterable[str] = (),
    period: str = "month",
    statements: int = 20,
    shifts: int = 12,
    progress: bool = False,
) -> Path:
    """Write the PDF report of a statement table to ``output``; returns its path.

    Pages: title and corpus summary; escalation timeline; stance composition
    per ``period``; dyad heatmap; escalation levels per speaker; the article
    strip of the most escalatory article; the ``shifts`` largest shifts
    between consecutive periods (one per speaker); a speaker table; the
    ``statements`` most escalatory statements. When all dated statements
    fall in one period (a single article, say), the timeline, stance and
    shift pages are left out and the title page says so. ``sources`` names
    the inputs on the title page. The bytes depend only on the arguments and
    the table.
    """
    if period not in analysis.PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(analysis.PERIODS)}")
    table = _sorted_table(frame)
    summary = analysis.corpus_summary(table)
    summary["articles_read"] = frame.attrs.get("articles_read")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    styles = plots.speaker_styles(table)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.UndatedWarning)
        found = (analysis.top_shifts(table, shifts, period=period, min_statements=SHIFT_MIN_STATEMENTS)
                 if len(table) else pd.DataFrame())
    undated_note = (f" {summary['undated']} undated statements are not shown." if summary["undated"] else "")
    dated_periods = analysis.with_period(table, period)["period"].dropna().nunique()
    over_time = dated_periods >= 2
    notes = [] if over_time else [f"All dated statements fall in one {period}: the charts over time and the shifts "
                                  f"between {period}s are left out."]
    contents: list[str] = []
    steps: list[tuple[str, Callable[[_Pages], None]]] = [
        ("summary", lambda p: _text_page(p, title, _summary_lines(summary, sorted(map(str, sources)), period, notes)
                                         + contents)),
    ]
    if over_time:
        steps += [
            ("timeline", lambda p: p.chart(
                lambda ax: plots.escalation_timeline(table, styles=styles, ax=ax),
                "Each point is one statement at its article's date and escalation level (0 de-escalatory to 5 "
                "threat of force), for the speakers with most statements; points of different speakers are nudged "
                "apart vertically. Thin lines: each speaker's mean level over the preceding 60 days; thick grey "
                "line: the same mean over all statements." + undated_note)),
            ("stance", lambda p: p.chart(
                lambda ax: plots.stance_composition(table, period, ax=ax),
                f"Share of each stance among the statements of each {period}; the number above a bar is its "
                "statement count. Stance is toward the statement's target: hostile attacks or threatens it, "
                "defensive answers criticism, conciliatory reaches toward the adversary." + undated_note)),
        ]
    steps += [
        ("dyads", lambda p: p.chart(
            lambda ax: plots.dyad_heatmap(table, ax=ax),
            "Mean escalation level of the statements a speaker's country (rows) made toward a target (columns), "
            "with the number of statements in each cell. Blank cells: no statements. Statements without a known "
            "speaker country or target are left out.")),
        ("levels", lambda p: p.chart(
            lambda ax: plots.escalation_distribution(table, ax=ax),
            "How many statements each speaker made at each escalation level, for the speakers with most "
            "statements. Darker segments are more escalatory.")),
    ]
    if len(table):
        strip_id = _strip_article(table)
        why = ("" if table["article_id"].nunique() == 1 else
               " Chosen as the article with the most escalatory statements (among articles of at most 18 statements).")
        steps.append(("article", lambda p: p.chart(
            lambda ax: plots.article_strip(table, strip_id, width=110, ax=ax),
            f"Article {strip_id}: every statement in reading order with its speaker and escalation level "
            f"(the box colour and number).{why}")))
    if over_time:
        shift_lines = [f"{i}. {sentence}" for i, sentence in enumerate(found.get("sentence", []), 1)]
        if not shift_lines:
            shift_lines = [f"No speaker has {SHIFT_MIN_STATEMENTS} or more labelled, dated statements in each of two "
                           f"different {period}s."]
        shift_lines += ["", f"A shift compares a speaker's mean escalation in one {period} with the previous {period} "
                        f"in which the speaker made at least {SHIFT_MIN_STATEMENTS} statements; the largest change "
                        "per speaker is listed. 'Driven by' names the most common level among the later period's "
                        "statements on the side of the change."]
        steps.append(("shifts", lambda p: _text_page(p, f"Largest shifts between {period}s", shift_lines)))
    steps.append(("speakers", lambda p: _speaker_table(p, table)))
    steps.append(("statements", lambda p: _statement_table(p, table, statements)))
    contents += ["", "Pages:"] + [f"    {number}. {_PAGE_NAMES[name].format(period=period)}"
                                  for number, (name, _) in enumerate(steps[1:], 2)]
    with matplotlib.rc_context(_RC), PdfPages(output, metadata=_METADATA) as pdf:
        pages = _Pages(pdf, title, len(steps))
        run = steps
        if progress:
            from tqdm.auto import tqdm
            run = tqdm(steps, desc="writing report", unit="page")
        for _, step in run:
            step(pages)
    return output
