"""The PDF report: corpus summary, escalation per dispute, every chart with a caption, shifts and statement lists.

:func:`write_report` turns a statement table into a multi-page PDF
(matplotlib ``PdfPages``, A4 landscape). The same table gives the same bytes:
the PDF carries no creation date, fonts and hatch names are fixed, rows are
sorted before drawing, and nothing depends on the clock or the machine.
Mathtext is off, so any text (``$...$`` included) is printed as written. The
PDF is written to a temporary file beside ``output`` and renamed into place
only when complete: a failed report leaves no partial file. A table with no
statement, or none dated, is refused with :class:`ReportError`.
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
from .output import write_atomically
from .records import ESCALATION_NAMES
from .speakers import SpeakerRegistry

PAGE_SIZE = (11.69, 8.27)
"""A4 landscape, in inches."""

REPORT_COLUMNS = [
    "article_id", "date", "date_inferred", "title", "start", "end", "text", "speaker", "affiliation",
    "target", "stance", "stance_proba", "escalation", "escalation_proba",
]
"""The statement-table columns the report reads; :func:`statements_for_report` keeps only these."""

REVIEW_BELOW = 0.9
"""The review page lists statements whose ``min_probability`` (see :func:`stance.review`) is below this."""

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
    "text.parse_math": False,
}
_METADATA = {"Creator": "stance report", "Producer": "stance (matplotlib PdfPages)", "CreationDate": None,
             "ModDate": None}

PANELS_PER_PAGE = 6
"""Panels on one page of escalation over time; :data:`PANEL_PAGES` pages at most."""

PANEL_PAGES = 2

_PAGE_NAMES = {
    "panels": "escalation per {panel} over time",
    "stance": "stance composition per {period}",
    "dyads": "mean escalation by dyad (speaker country to target)",
    "levels": "escalation levels per speaker",
    "article": "one article, statement by statement",
    "shifts": "largest shifts between {period}s",
    "speakers": "speaker table",
    "statements": "most escalatory statements",
    "review": "least confident statements, to review",
}

BAND_NOTE = (
    "Expected level: for each statement, sum_l p(l) * l under the classifier's escalation probabilities p (a "
    "statement without probabilities counts as certain of its label); a period's point is the mean over its "
    "statements and its band is plus and minus one standard deviation of that mean under the same "
    "probabilities, the statements taken as independent."
)


class ReportError(ValueError):
    """The input cannot make a truthful report (no article, no statement, nothing dated); nothing is written."""


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
    A path that does not exist raises :class:`ReportError` before anything
    is read. ``progress`` shows a progress bar (tqdm) on standard error. The number of
    articles analysed, with or without statements, is in
    ``frame.attrs["articles_read"]``.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for path in map(Path, paths):
        if not path.exists():
            raise ReportError(f"{path}: no such file or folder; no report written.")
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


    def panels(self, draw: Callable[..., object], caption: str) -> None:
        """A page of small multiples: ``draw(figure=...)`` fills a subfigure above the caption."""
        figure = Figure(figsize=PAGE_SIZE, layout="constrained")
        top, bottom = figure.subfigures(2, 1, height_ratios=[6.7, 0.7])
        draw(figure=top)
        bottom.text(0.0, 1.0, textwrap.fill(caption, 165), ha="left", va="top", fontsize="small")
        self.save(figure)


def _text_page(pages: _Pages, heading: str, lines: list[str], *, size: str = "medium", width: int = 140) -> None:
    figure = Figure(figsize=PAGE_SIZE)
    figure.text(0.05, 0.94, heading, fontsize="xx-large", fontweight="bold", va="top")
    body = "\n".join(textwrap.fill(line, width, subsequent_indent="    ") if line else "" for line in lines)
    figure.text(0.05, 0.86, body, fontsize=size, va="top", linespacing=1.5)
    pages.save(figure)


def _summary_lines(summary: dict, sources: list[str], period: str, notes: list[str]) -> list[str]:
    lines = [
        f"Articles with statements: {summary['articles']}"
        + (f" of {summary['articles_read']} read" if summary["articles_read"] is not None else ""),
        f"Statements: {summary['statements']} ({summary['labelled']} with an escalation level, "
        f"{summary['unattributed']} without a speaker)",
        f"Speakers: {summary['speakers']}",
        f"Date range: {summary['first_date']} to {summary['last_date']} (charts by {period})",
        f"Dates inferred (from the file name, URL, dateline or the events the text names): "
        f"{summary['inferred_dates']} statements",
        f"Undated: {summary['undated']} statements from {summary['undated_articles']} articles",
    ]
    if summary["undated"]:
        lines.append(f"Warning: {summary['undated']} statements have no date; they count in the totals and the "
                     "dyad, speaker and statement tables, but not in the charts over time.")
    lines += notes + [""]
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
    header = ["speaker", "country", "statements", "mean level", "max level", "hostile", "conciliatory"]
    xs = [0.05, 0.42, 0.50, 0.60, 0.69, 0.78, 0.87]
    y = 0.86
    for x, name in zip(xs, header):
        figure.text(x, y, name, fontsize="small", fontweight="bold", va="top")
    for row in speakers.itertuples():
        y -= 0.038
        cells = [
            textwrap.shorten(str(row.speaker), 52, placeholder=" ..."), _cell(row.affiliation), str(row.statements),
            _number(row.mean_escalation) if row.labelled > 1 else "-",
            "-" if pd.isna(row.max_escalation) else str(int(row.max_escalation)),
            _share(row.share_hostile), _share(row.share_conciliatory),
        ]
        for x, cell in zip(xs, cells):
            figure.text(x, y, cell, fontsize="small", va="top")
    figure.text(0.05, 0.06, "mean/max level: escalation 0-5 over the speaker's statements with a level (a mean "
                "only for two or more); hostile, conciliatory: share of the speaker's statements with a stance.",
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


def review_rows(frame: pd.DataFrame, n: int = 20, *, width: int = 90, below: float = REVIEW_BELOW) -> pd.DataFrame:
    """The ``n`` least confident statements as the report prints them (see :func:`stance.review`).

    Only statements whose ``min_probability`` is below ``below`` are listed. Display strings: ``date`` (as in :func:`escalatory_rows`), ``speaker``,
    ``target``, ``stance`` and ``level`` each with its probability
    (``hostile (p=0.41)``, ``3 accusatory (p=0.38)``; ``-`` when missing), and
    ``statement`` shortened to ``width`` characters. Least confident first.
    """
    rows = analysis.review(frame, n)
    rows = rows[rows["min_probability"] < below]

    def labelled(label: object, shown: str, probability: float) -> str:
        if label is None or pd.isna(label):
            return "-"
        return shown if pd.isna(probability) else f"{shown} (p={probability:.2f})"

    return pd.DataFrame({
        "date": [(d + (" *" if inferred else "")) if d else "undated" for d, inferred in zip(rows["date"], rows["date_inferred"])],
        "speaker": [textwrap.shorten(_cell(s, "(unattributed)"), 30, placeholder=" ...") for s in rows["speaker"]],
        "target": [_cell(t) for t in rows["target"]],
        "stance": [labelled(st, str(st), p) for st, p in zip(rows["stance"], rows["stance_probability"])],
        "level": [labelled(lv, "" if pd.isna(lv) else f"{int(lv)} {ESCALATION_NAMES[int(lv)]}", p)
                  for lv, p in zip(rows["escalation"], rows["escalation_probability"])],
        "statement": [textwrap.shorten(" ".join(str(t).split()), width, placeholder=" ...") for t in rows["text"]],
    }, columns=["date", "speaker", "target", "stance", "level", "statement"])


def _rows_page(pages: _Pages, heading: str, rows: pd.DataFrame, xs: list[float], footnote: str) -> None:
    """A page listing display rows under a bold header, one line each, spaced to fit."""
    figure = Figure(figsize=PAGE_SIZE)
    figure.text(0.05, 0.94, heading, fontsize="xx-large", fontweight="bold", va="top")
    y = 0.875
    for x, name in zip(xs, rows.columns):
        figure.text(x, y, name if name != "statement" else "statement (shortened)", fontsize="small",
                    fontweight="bold", va="top")
    step = min(0.04, 0.78 / max(1, len(rows)))
    for cells in rows.itertuples(index=False):
        y -= step
        for x, cell in zip(xs, cells):
            figure.text(x, y, cell, fontsize="x-small", va="top")
    figure.text(0.03, 0.04, footnote, fontsize="small", va="bottom", color="#404040")
    pages.save(figure)


def _statement_table(pages: _Pages, table: pd.DataFrame, count: int) -> None:
    rows = escalatory_rows(table, count)
    labelled = int(table["escalation"].notna().sum())
    heading = (f"All {labelled} statements, most escalatory first" if len(rows) == labelled
               else f"The {len(rows)} most escalatory statements")
    _rows_page(pages, heading, rows, [0.03, 0.115, 0.27, 0.32, 0.405, 0.5],
               "Order: level, then the highest escalation probability, then date. * the article gives no date; "
               "this one is inferred (file name, URL, dateline or the events its text names).")


def _review_table(pages: _Pages, table: pd.DataFrame, count: int) -> None:
    rows = review_rows(table, count, width=85)
    _rows_page(pages, f"The {len(rows)} least confident statements, to review first", rows,
               [0.03, 0.115, 0.27, 0.32, 0.425, 0.545],
               "Least confident first: ordered by the lower of the probabilities of a statement's stance and "
               f"level, listed when below {REVIEW_BELOW:.0%}; p: the label's probability.")


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


def refusal(frame: pd.DataFrame) -> str | None:
    """Why ``frame`` cannot make a truthful report (one sentence), or ``None`` when it can.

    No article read, no statement found, or no statement with a date: a
    report of these would be empty pages or charts of nothing.
    """
    read = frame.attrs.get("articles_read")
    if read == 0:
        return "no article found in the input (.txt, .json, .jsonl, .html files); no report written."
    if frame.empty:
        where = f" in the {read} articles read" if read else ""
        return f"no statement found{where}; no report written."
    if analysis.corpus_summary(frame)["first_date"] is None:
        return (f"none of the {len(frame)} statements has a date (not in the articles, their file names, URLs "
                "or text); nothing to chart over time, no report written.")
    return None


def write_report(
    frame: pd.DataFrame,
    output: str | Path,
    *,
    title: str = "Stance report",
    sources: Iterable[str] = (),
    period: str = "month",
    by: str = "dyad",
    statements: int = 20,
    review: int = 20,
    shifts: int = 12,
    progress: bool = False,
) -> Path:
    """Write the PDF report of a statement table to ``output``; returns its path.

    Pages: title and corpus summary; escalation over time as small multiples,
    one panel per dispute (``by="dyad"``), speaker or speaker country (see
    :func:`stance.plots.escalation_panels`; at most :data:`PANELS_PER_PAGE`
    panels a page, :data:`PANEL_PAGES` pages); stance composition per
    ``period``; dyad heatmap; escalation levels per speaker; the article
    strip of the most escalatory article; the ``shifts`` largest shifts
    between consecutive periods (one per speaker); a speaker table; the
    ``statements`` most escalatory statements; the ``review`` least
    confident statements. A page that would be empty is left out: when all
    dated statements fall in one period the pages over time go and the title
    page says so; without probabilities there is no review page. Raises
    :class:`ReportError` (see :func:`refusal`) without writing anything when
    there is nothing to report. The PDF appears only when complete. The
    bytes depend only on the arguments and the table.
    """
    if period not in analysis.PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(analysis.PERIODS)}")
    if by not in analysis.PANELS:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(analysis.PANELS)}")
    table = _sorted_table(frame)
    table.attrs["articles_read"] = frame.attrs.get("articles_read")
    if reason := refusal(table):
        raise ReportError(reason)
    steps = _report_steps(table, title=title, sources=sorted(map(str, sources)), period=period, by=by,
                          counts=(statements, review, shifts))
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)

    def write(path: Path) -> None:
        with matplotlib.rc_context(_RC), PdfPages(path, metadata=_METADATA) as pdf:
            pages = _Pages(pdf, title, len(steps))
            run = steps
            if progress:
                from tqdm.auto import tqdm
                run = tqdm(steps, desc="writing report", unit="page")
            for _, step in run:
                step(pages)

    with write_atomically(output) as partial:
        write(partial)
    return output


def _panel_groups(table: pd.DataFrame, by: str, period: str) -> tuple[str, list[list[str]]]:
    """The grouping used and its panels, page by page; a table without dyads falls back to speakers."""
    order = list(dict.fromkeys(analysis.escalation_series(table, by, period)["group"]))
    if not order and by == "dyad":
        return _panel_groups(table, "speaker", period)
    order = order[:PANELS_PER_PAGE * PANEL_PAGES]
    return by, [order[i:i + PANELS_PER_PAGE] for i in range(0, len(order), PANELS_PER_PAGE)]


def _report_steps(table: pd.DataFrame, *, title: str, sources: list[str], period: str, by: str,
                  counts: tuple[int, int, int]) -> list[tuple[str, Callable[[_Pages], None]]]:
    """The report's pages in order, each a name and a function drawing it; pages that would be empty are left out."""
    statements, review, shifts = counts
    summary = analysis.corpus_summary(table)
    summary["articles_read"] = table.attrs.get("articles_read")
    undated_note = (f" {summary['undated']} undated statements are not shown." if summary["undated"] else "")
    over_time = analysis.with_period(table, period)["period"].dropna().nunique() >= 2
    notes = ["", BAND_NOTE] if over_time else [f"All dated statements fall in one {period}: the charts over time "
                                                 f"and the shifts between {period}s are left out."]
    contents: list[str] = []
    steps: list[tuple[str, Callable[[_Pages], None]]] = [
        ("summary", lambda p: _text_page(p, title, _summary_lines(summary, sources, period, notes) + contents)),
    ]
    if over_time:
        by, panel_pages = _panel_groups(table, by, period)
        steps += _over_time_steps(table, by, panel_pages, period, undated_note)
    if _has(table, "affiliation", "target", "escalation"):
        steps.append(("dyads", lambda p: p.chart(
            lambda ax: plots.dyad_heatmap(table, ax=ax),
            "Mean escalation level of the statements a speaker's country (rows) made toward a target (columns), "
            "with the number of statements in each cell. Blank cells: no statements. Statements without a known "
            "speaker country or target are left out.")))
    if _has(table, "speaker", "escalation"):
        steps.append(("levels", lambda p: p.chart(
            lambda ax: plots.escalation_distribution(table, ax=ax),
            "How many statements each speaker made at each escalation level, for the speakers with most "
            "statements. Darker segments are more escalatory.")))
    strip_id = _strip_article(table)
    why = ("" if table["article_id"].nunique() == 1 else
           " Chosen as the article with the most escalatory statements (among articles of at most 18 statements).")
    steps.append(("article", lambda p: p.chart(
        lambda ax: plots.article_strip(table, strip_id, width=100, ax=ax),
        f"Article {strip_id}: every statement in reading order; the large box is coloured by the statement's "
        f"stance toward its target (named under the speaker), the small box gives its escalation level.{why}")))
    if over_time:
        steps += _shift_steps(table, period, shifts)
    if _has(table, "speaker"):
        steps.append(("speakers", lambda p: _speaker_table(p, table)))
    if _has(table, "escalation"):
        steps.append(("statements", lambda p: _statement_table(p, table, statements)))
    if review and len(review_rows(table, 1)):
        steps.append(("review", lambda p: _review_table(p, table, review)))
    panel = {"dyad": "dispute", "speaker": "speaker", "country": "speaker country"}[by]
    contents += ["", "Pages:"] + [f"    {number}. {_PAGE_NAMES[name].format(period=period, panel=panel)}"
                                  for number, (name, _) in enumerate(steps[1:], 2)]
    return steps


def _has(table: pd.DataFrame, *columns: str) -> bool:
    """Whether some statement has a value in every one of ``columns``."""
    return bool(table[list(columns)].notna().all(axis=1).any())


def _over_time_steps(table: pd.DataFrame, by: str, pages: list[list[str]], period: str,
                     undated_note: str) -> list[tuple[str, Callable[[_Pages], None]]]:
    noun = {"dyad": "dispute (two countries; one line per direction)", "speaker": "speaker",
            "country": "speaker country (one line per target)"}[by]
    caption = (f"One panel per {noun}, the panels with most statements first. A point is the mean expected "
               f"escalation level of the {period}'s statements (0 de-escalatory to 5 threat of force); the band is "
               f"plus and minus one standard deviation of that mean under the classifier's probabilities (a bar "
               f"when a {period} stands alone). A {period} without statements leaves a gap: no line is drawn "
               f"across it." + undated_note)
    steps = [("panels", lambda p, groups=groups: p.panels(
        lambda figure: plots.escalation_panels(table, by, period, groups=groups, figure=figure), caption))
             for groups in pages]
    steps.append(("stance", lambda p: p.chart(
        lambda ax: plots.stance_composition(table, period, ax=ax),
        f"Share of each stance among the statements of each {period}; the number above a bar is its "
        f"statement count ({period}s without statements are kept, marked 0). Stance is toward the statement's "
        "target: hostile attacks or threatens it, defensive answers criticism, conciliatory reaches toward the "
        "adversary." + undated_note)))
    return steps


def _shift_steps(table: pd.DataFrame, period: str, count: int) -> list[tuple[str, Callable[[_Pages], None]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.UndatedWarning)
        found = analysis.top_shifts(table, count, period=period, min_statements=SHIFT_MIN_STATEMENTS)
    if found.empty:
        return []
    lines = [f"{i}. {sentence}" for i, sentence in enumerate(found["sentence"], 1)]
    lines += ["", f"A shift compares a speaker's mean escalation in one {period} with the previous {period} "
              f"in which the speaker made at least {SHIFT_MIN_STATEMENTS} statements; the largest change "
              "per speaker is listed. 'Driven by' names the most common level among the later period's "
              "statements on the side of the change."]
    return [("shifts", lambda p: _text_page(p, f"Largest shifts between {period}s", lines))]
