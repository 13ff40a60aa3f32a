"""Change over time: tidy pandas tables from the statement table.

Everything here takes the statement table (one row per statement, as made by
:func:`stance.pipeline.statements_frame`) and returns pandas objects; nothing
reads article text. Statements whose article has no date are kept in every
total; time series leave them out and say so with an :class:`UndatedWarning`.

The escalation index of a group of statements is a confidence-weighted mean of
each statement's expected level::

    expected_i   = sum over levels l of p_i(l) * l
    confidence_i = max over levels l of p_i(l)
    index        = sum_i confidence_i * expected_i / sum_i confidence_i

where ``p_i`` is the statement's ``escalation_proba``, so ``confidence`` is its
highest escalation probability, whichever level has it (not to be confused with
:func:`review`'s ``min_probability``). A statement without
probabilities counts as certain of its ``escalation`` label (``p = 1`` for that
level). The index stays on the 0-5 ladder; uncertain statements pull it less
than confident ones, and a statement split between two levels counts at the
level in between.
"""
from __future__ import annotations

import ast
import json
import math
import warnings
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping, Sequence

import pandas as pd

from .records import ESCALATION_LEVELS, ESCALATION_NAMES, STANCES
from .schema import restore_csv_frame, table_rows

PERIODS = {"day": "D", "week": "W-SUN", "month": "M"}
"""Period names accepted by ``period=`` arguments and their pandas frequencies (weeks start on Monday)."""

TABLE_COLUMNS = [
    "article_id", "date", "date_inferred", "title", "source", "start", "end", "text", "kind", "cue",
    "speaker", "speaker_type", "affiliation", "target", "stance", "escalation", "act",
    "stance_proba", "escalation_proba",
]
"""The statement-table columns analysis uses (others are kept but not needed)."""

REQUIRED_COLUMNS = ("article_id", "date", "speaker", "affiliation", "target", "stance", "escalation")


class UndatedWarning(UserWarning):
    """Some statements have no date: they are counted in totals but left out of time series."""


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """A checked copy of a statement table, ready for the other functions.

    Adds ``timestamp`` (the date as ``datetime64``, ``NaT`` when undated) and
    makes ``escalation`` a nullable integer. Missing optional columns are added
    empty. Raises ``ValueError`` naming the first bad value when a required
    column is missing, a date cannot be read, an escalation level is off the
    0-5 ladder or a stance is unknown. Calling it twice is harmless.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"statement table lacks the column(s) {', '.join(missing)}")
    out = frame.copy()
    for column in TABLE_COLUMNS:
        if column not in out.columns:
            out[column] = False if column == "date_inferred" else None
    out["date_inferred"] = out["date_inferred"].map(_truth)
    dates = out["date"].where(out["date"].notna() & (out["date"].astype(str).str.strip() != ""), None)
    timestamps = pd.to_datetime(dates, errors="coerce", format="ISO8601")
    unreadable = dates.notna() & timestamps.isna()
    if unreadable.any():
        row = out[unreadable].iloc[0]
        raise ValueError(f"article {row['article_id']}: cannot read the date {row['date']!r} (expected YYYY-MM-DD)")
    iso = timestamps.dt.strftime("%Y-%m-%d") if len(out) else timestamps
    out["date"] = iso.astype(object).where(iso.notna(), None)
    out["timestamp"] = timestamps.dt.normalize() if len(out) else pd.Series(dtype="datetime64[ns]")
    levels = pd.to_numeric(out["escalation"], errors="coerce")
    bad = (out["escalation"].notna() & levels.isna()) | (levels.notna() & ~levels.isin(ESCALATION_LEVELS))
    if bad.any():
        row = out[bad].iloc[0]
        raise ValueError(f"article {row['article_id']}: escalation {str(row['escalation'])!r} is not a level 0-5")
    out["escalation"] = levels.astype("Int64")
    stances = out["stance"].where(out["stance"].notna(), None)
    unknown = stances.notna() & ~stances.isin(STANCES)
    if unknown.any():
        row = out[unknown].iloc[0]
        raise ValueError(f"article {row['article_id']}: unknown stance {row['stance']!r}")
    out["escalation_proba"] = out["escalation_proba"].map(_level_proba)
    out["stance_proba"] = out["stance_proba"].map(_stance_proba)
    return out


def _truth(value: object) -> bool:
    """A flag read from JSON, CSV or Python: ``"True"``/``"1"``/``1``/``True`` are true, missing is false."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value) and not pd.isna(value)


def _level_proba(value: object) -> dict[int, float] | None:
    """``escalation_proba`` as ``{level: p}`` with integer levels (JSON and CSV give string keys)."""
    if isinstance(value, str) and value.strip():
        value = ast.literal_eval(value)
    if not isinstance(value, Mapping) or not value:
        return None
    if all(type(level) is int and type(p) is float for level, p in value.items()):
        return value
    return {int(level): float(p) for level, p in value.items() if p is not None and not pd.isna(p)} or None


def _stance_proba(value: object) -> dict[str, float] | None:
    """``stance_proba`` as ``{stance: p}`` (CSV gives a string; Parquet a struct with empty fields)."""
    if isinstance(value, str) and value.strip():
        value = ast.literal_eval(value)
    if not isinstance(value, Mapping) or not value:
        return None
    return {str(name): float(p) for name, p in value.items() if p is not None and not pd.isna(p)} or None


def with_period(frame: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """The prepared table with a ``period`` column (``pandas.Period``; ``NaT`` for undated statements)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    out = prepare(frame)
    out["period"] = out["timestamp"].dt.to_period(PERIODS[period])
    return out


def dated(frame: pd.DataFrame) -> pd.DataFrame:
    """The dated statements of a table; warns with :class:`UndatedWarning` when some are left out."""
    table = prepare(frame)
    undated = table["timestamp"].isna()
    if undated.any():
        articles = table.loc[undated, "article_id"].nunique()
        warnings.warn(
            f"{int(undated.sum())} statements from {articles} undated articles are left out of the time series "
            "(they still count in totals)",
            UndatedWarning,
            stacklevel=2,
        )
    return table[~undated]


def corpus_summary(frame: pd.DataFrame) -> dict[str, object]:
    """Headline figures of a statement table.

    Keys: ``articles``, ``statements``, ``labelled`` (statements with an
    escalation level), ``speakers`` (distinct named speakers),
    ``unattributed`` (statements without a speaker), ``first_date``,
    ``last_date`` (ISO strings or ``None``), ``inferred_dates`` (statements
    whose article date was inferred from the text), ``undated`` and
    ``undated_articles`` (statements and articles with no date at all).
    """
    table = prepare(frame)
    undated = table["timestamp"].isna()
    stamps = table.loc[~undated, "timestamp"]
    return {
        "articles": int(table["article_id"].nunique()),
        "statements": int(len(table)),
        "labelled": int(table["escalation"].notna().sum()),
        "speakers": int(table["speaker"].dropna().nunique()),
        "unattributed": int(table["speaker"].isna().sum()),
        "first_date": stamps.min().date().isoformat() if len(stamps) else None,
        "last_date": stamps.max().date().isoformat() if len(stamps) else None,
        "inferred_dates": int((table["date_inferred"] & ~undated).sum()),
        "undated": int(undated.sum()),
        "undated_articles": int(table.loc[undated, "article_id"].nunique()),
    }


def statement_confidence(frame: pd.DataFrame) -> pd.DataFrame:
    """Per statement: ``expected_escalation``, ``confidence`` and ``spread`` as defined in the module docstring.

    ``spread`` is the standard deviation of the level under the statement's
    probabilities, sqrt(sum_l p(l) * (l - expected)^2): 0 for a statement
    without probabilities. All three are ``NaN`` for a statement with
    neither probabilities nor a level. The result has the index of ``frame``.
    """
    return _confidence(prepare(frame))


def _confidence(table: pd.DataFrame) -> pd.DataFrame:
    expected, confidence, spread = [], [], []
    for level, proba in zip(table["escalation"], table["escalation_proba"]):
        if isinstance(proba, Mapping) and proba:
            total = sum(proba.values())
            mean = sum(lvl * p for lvl, p in proba.items()) / total
            expected.append(mean)
            confidence.append(max(proba.values()) / total)
            spread.append(math.sqrt(sum(p * (lvl - mean) ** 2 for lvl, p in proba.items()) / total))
        elif level is not pd.NA and not pd.isna(level):
            expected.append(float(level))
            confidence.append(1.0)
            spread.append(0.0)
        else:
            expected.append(math.nan)
            confidence.append(math.nan)
            spread.append(math.nan)
    return pd.DataFrame({"expected_escalation": expected, "confidence": confidence, "spread": spread},
                        index=table.index)


def _group_keys(by: str | Sequence[str], period: str | None) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    return keys + (["period"] if period else [])


def summarize(frame: pd.DataFrame, by: str | Sequence[str] = (), period: str | None = None) -> pd.DataFrame:
    """One row per group: counts, escalation and stance shares.

    ``by`` names grouping columns (``"speaker"``, ``"affiliation"``,
    ``"target"``, ...); ``period`` (``"day"``, ``"week"``, ``"month"``) adds a
    ``period`` key. Missing keys form their own group (``NaN``/``NaT``), so no
    statement is dropped. Columns: the keys, ``statements``, ``labelled``
    (with an escalation level), ``mean_escalation``, ``max_escalation``,
    ``escalation_index`` (see the module docstring) and ``share_<stance>`` for
    each stance (shares of the statements with a stance; ``NaN`` if none).
    Rows are sorted by the keys.
    """
    table = with_period(frame, period) if period else prepare(frame)
    keys = _group_keys(by, period)
    table = table.join(_confidence(table))
    table["weighted"] = table["expected_escalation"] * table["confidence"]
    table["level"] = table["escalation"].astype("float")
    for stance in STANCES:
        table[f"share_{stance}"] = (table["stance"] == stance).astype(float)
    table["has_stance"] = table["stance"].notna().astype(float)
    if keys:
        grouped = table.groupby(keys, dropna=False, sort=True)
    else:
        grouped = table.assign(_all=0).groupby("_all")
    out = grouped.agg(
        statements=("article_id", "size"),
        labelled=("level", "count"),
        mean_escalation=("level", "mean"),
        max_escalation=("level", "max"),
        weighted=("weighted", "sum"),
        weight=("confidence", "sum"),
        has_stance=("has_stance", "sum"),
        **{f"share_{s}": (f"share_{s}", "sum") for s in STANCES},
    )
    out["escalation_index"] = (out["weighted"] / out["weight"]).where(out["weight"] > 0)
    for stance in STANCES:
        out[f"share_{stance}"] = (out[f"share_{stance}"] / out["has_stance"]).where(out["has_stance"] > 0)
    out["max_escalation"] = out["max_escalation"].astype("Int64")
    columns = ["statements", "labelled", "mean_escalation", "max_escalation", "escalation_index"]
    out = out[columns + [f"share_{s}" for s in STANCES]].reset_index()
    return out.drop(columns="_all") if not keys else out


def by_speaker(frame: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """:func:`summarize` by ``speaker`` (with its ``affiliation``), optionally per period."""
    return summarize(frame, ["speaker", "affiliation"], period)


def by_affiliation(frame: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """:func:`summarize` by the speaker's country or bloc (``affiliation``), optionally per period."""
    return summarize(frame, "affiliation", period)


def by_target(frame: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """:func:`summarize` by ``target``, optionally per period."""
    return summarize(frame, "target", period)


def by_dyad(frame: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """:func:`summarize` by dyad: the speaker's country (``affiliation``) toward the ``target``."""
    return summarize(frame, ["affiliation", "target"], period)


def by_period(frame: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """:func:`summarize` over the whole corpus per period (undated statements form a ``NaT`` row)."""
    return summarize(frame, (), period)


def stance_counts(frame: pd.DataFrame, by: str | Sequence[str] = (), period: str | None = "month") -> pd.DataFrame:
    """Long table of stance counts: the keys, ``stance``, ``statements`` and ``share`` within the group.

    Every stance appears for every group (with 0), in the order of
    :data:`stance.records.STANCES`; statements without a stance are left out
    of these counts (they are in :func:`summarize`'s ``statements``).
    """
    table = with_period(frame, period) if period else prepare(frame)
    keys = _group_keys(by, period)
    labelled = table[table["stance"].notna()]
    counts = labelled.groupby(keys + ["stance"], dropna=False).size() if keys else labelled.groupby("stance").size()
    if keys:
        wide = counts.unstack("stance", fill_value=0).reindex(columns=list(STANCES), fill_value=0)
    else:
        wide = counts.reindex(list(STANCES), fill_value=0).to_frame().T
    long = wide.stack().rename("statements").reset_index()
    long = long.rename(columns={"level_0": "_all"}).drop(columns="_all", errors="ignore")
    totals = long.groupby(keys)["statements"].transform("sum") if keys else long["statements"].sum()
    long["share"] = (long["statements"] / totals).where(totals > 0)
    long["stance"] = pd.Categorical(long["stance"], categories=list(STANCES), ordered=True)
    return long.sort_values(keys + ["stance"]).reset_index(drop=True)


def level_counts(frame: pd.DataFrame, by: str | Sequence[str] = "speaker") -> pd.DataFrame:
    """Wide table: one row per group, one column per escalation level 0-5 with statement counts."""
    table = prepare(frame)
    keys = [by] if isinstance(by, str) else list(by)
    labelled = table[table["escalation"].notna()]
    counts = labelled.groupby(keys + ["escalation"], dropna=False).size().unstack("escalation", fill_value=0)
    return counts.reindex(columns=list(ESCALATION_LEVELS), fill_value=0).astype(int)


def period_label(period: pd.Period) -> str:
    """A period in words: ``May 2024``, ``week of 6 May 2024``, ``6 May 2024``."""
    if pd.isna(period):
        return "undated"
    freq = period.freqstr
    if freq.startswith("M"):
        return period.strftime("%B %Y")
    start = period.start_time
    day = f"{start.day} {start.strftime('%B %Y')}"
    return f"week of {day}" if freq.startswith("W") else day


def _span_words(first: pd.Period, second: pd.Period) -> str:
    if first.freqstr.startswith("M") and first.year == second.year:
        return f"from {first.strftime('%B')} to {second.strftime('%B %Y')}"
    return f"from {period_label(first)} to {period_label(second)}"


def shifts(frame: pd.DataFrame, *, period: str = "month", by: str = "speaker", min_statements: int = 1) -> pd.DataFrame:
    """Every change of mean escalation between consecutive periods of each ``by`` group, largest first.

    For each group (default: each speaker), the periods in which it has at
    least ``min_statements`` labelled, dated statements are compared in
    order, each with the previous one (a gap in between is allowed and shown
    by the two period columns). Columns: ``by``, ``from_period``,
    ``to_period``, ``from_mean``, ``to_mean``, ``change``,
    ``from_statements``, ``to_statements``, ``driver_level`` and
    ``driver_statements`` (the escalation level that moved the mean: among
    the later period's statements on the side of the change, the most common
    level, the more extreme on ties; and how many statements had it), and
    ``sentence`` (see :func:`shift_sentence`). Unchanged means are left out;
    sorted by the size of the change, then group and period.
    """
    table = dated(with_period(frame, period))
    table = table[table["escalation"].notna() & table[by].notna()]
    rows = []
    for group, own in table.groupby(by, sort=True):
        periods = [(p, part["escalation"].astype(int)) for p, part in own.groupby("period", sort=True)
                   if len(part) >= min_statements]
        for (before, old), (after, new) in zip(periods, periods[1:]):
            change = new.mean() - old.mean()
            if change == 0:
                continue
            side = new[new > old.mean()] if change > 0 else new[new < old.mean()]
            tally = side.value_counts()
            top = tally.max()
            extremes = sorted(tally[tally == top].index)
            level = extremes[-1] if change > 0 else extremes[0]
            rows.append({
                by: group, "from_period": before, "to_period": after,
                "from_mean": old.mean(), "to_mean": new.mean(), "change": change,
                "from_statements": len(old), "to_statements": len(new),
                "driver_level": int(level), "driver_statements": int(top),
            })
    columns = [by, "from_period", "to_period", "from_mean", "to_mean", "change", "from_statements",
               "to_statements", "driver_level", "driver_statements", "sentence"]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows)
    out["sentence"] = [shift_sentence(row, by=by) for row in out.to_dict("records")]
    out["size"] = out["change"].abs().round(9)
    out = out.sort_values(["size", by, "to_period"], ascending=[False, True, True], kind="mergesort")
    return out[columns].reset_index(drop=True)


def top_shifts(frame: pd.DataFrame, n: int = 10, *, per_group: int = 1, **options) -> pd.DataFrame:
    """The ``n`` largest :func:`shifts`, at most ``per_group`` for each group (``options`` go to :func:`shifts`)."""
    table = shifts(frame, **options)
    by = table.columns[0]
    return table[table.groupby(by).cumcount() < per_group].head(n).reset_index(drop=True)


def shift_sentence(shift: Mapping[str, object], by: str = "speaker") -> str:
    """One shift in words.

    ``Minister Aldren: mean escalation 2.1 -> 3.6 from May to June 2024,
    driven by 4 accusatory statements``
    """
    count = int(shift["driver_statements"])
    noun = "statement" if count == 1 else "statements"
    return (
        f"{shift[by]}: mean escalation {shift['from_mean']:.1f} -> {shift['to_mean']:.1f} "
        f"{_span_words(shift['from_period'], shift['to_period'])}, "
        f"driven by {count} {ESCALATION_NAMES[int(shift['driver_level'])]} {noun}"
    )


def most_escalatory(frame: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The ``n`` statements with the highest escalation, most confident first within a level.

    Ties are broken by date (earliest first, undated last), article and
    position, so the order is stable. Statements without a level are left out.
    """
    table = prepare(frame)
    table = table.join(_confidence(table))
    table = table[table["escalation"].notna()]
    table = table.assign(_level=-table["escalation"].astype(int), _unsure=-table["confidence"])
    table = table.sort_values(["_level", "_unsure", "timestamp", "article_id", "start"],
                              na_position="last", kind="mergesort")
    return table.drop(columns=["_level", "_unsure"]).head(n).reset_index(drop=True)


PANELS = ("dyad", "speaker", "country")
"""What :func:`escalation_series` can group by: a dispute between two countries, a speaker, a speaker's country."""


def _panel_keys(table: pd.DataFrame, by: str) -> tuple[pd.Series, pd.Series]:
    """The panel (``group``) and line (``series``) of each statement for :func:`escalation_series`."""
    if by == "dyad":
        pairs = [" \u2013 ".join(sorted((a, t))) if isinstance(a, str) and isinstance(t, str) and a != t else None
                 for a, t in zip(table["affiliation"], table["target"])]
        lines = [f"{a} \u2192 {t}" for a, t in zip(table["affiliation"], table["target"])]
        return pd.Series(pairs, index=table.index, dtype=object), pd.Series(lines, index=table.index)
    if by == "speaker":
        return table["speaker"], table["speaker"]
    if by == "country":
        lines = [f"to {t}" if isinstance(t, str) else "no target" for t in table["target"]]
        return table["affiliation"], pd.Series(lines, index=table.index)
    raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(PANELS)}")


def escalation_series(frame: pd.DataFrame, by: str = "dyad", period: str = "month") -> pd.DataFrame:
    """Expected escalation per period, one series per line of each panel, with every empty period kept.

    ``by="dyad"``: a panel per dispute (two countries, ``XMR \u2013 XBV``),
    a line per direction (``XMR \u2192 XBV``: the statements of XMR's speakers
    targeting XBV); ``"speaker"``: a panel and a line per speaker;
    ``"country"``: a panel per speaker country, a line per target. Columns:
    ``group``, ``series``, ``period``, ``statements``, ``expected`` (mean of
    the statements' expected levels), ``low`` and ``high`` (``expected`` minus
    and plus the standard deviation of that mean under the classifier's
    probabilities, statements taken as independent: sqrt(sum spread^2) / n,
    clipped to 0-5). Every period from the first to the last dated, labelled
    statement of the whole table is present for every series, with 0
    statements and ``NaN`` values when the series has none, so a chart
    shows a gap there. Panels come most statements first, then by name;
    lines likewise within a panel. Undated and unlabelled statements, and
    those without the panel's keys, are left out.
    """
    table = with_period(frame, period)
    table = table[table["period"].notna() & table["escalation"].notna()]
    table = table.join(_confidence(table))
    group, series = _panel_keys(table, by)
    table = table.assign(group=group, series=series)
    columns = ["group", "series", "period", "statements", "expected", "low", "high"]
    periods = (pd.period_range(table["period"].min(), table["period"].max(), freq=PERIODS[period])
               if len(table) else [])
    table = table[table["group"].notna()]
    if table.empty:
        return pd.DataFrame(columns=columns)
    table["variance"] = table["spread"] ** 2
    stats = table.groupby(["group", "series", "period"], sort=True).agg(
        statements=("expected_escalation", "size"), expected=("expected_escalation", "mean"),
        variance=("variance", "sum"))
    stats["sd"] = stats["variance"] ** 0.5 / stats["statements"]
    stats["low"] = (stats["expected"] - stats["sd"]).clip(0, 5)
    stats["high"] = (stats["expected"] + stats["sd"]).clip(0, 5)
    sizes = table.groupby(["group", "series"]).size()
    group_sizes = table.groupby("group").size()
    lines = sorted(sizes.index, key=lambda key: (-group_sizes[key[0]], key[0], -sizes[key], key[1]))
    full = pd.MultiIndex.from_tuples([(g, s, p) for g, s in lines for p in periods],
                                     names=["group", "series", "period"])
    out = stats.reindex(full)
    out["statements"] = out["statements"].fillna(0).astype(int)
    return out.reset_index()[columns]


def _label_probability(proba: object, label: object) -> float:
    """The share of ``proba`` the classifier gave to ``label``; ``NaN`` without probabilities or a label."""
    if not isinstance(proba, Mapping) or not proba or label is None or pd.isna(label):
        return math.nan
    return proba.get(label, math.nan) / sum(proba.values())


def review(frame: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The ``n`` statements whose labels the classifier was least sure of, least sure first.

    Adds ``stance_probability`` and ``escalation_probability``, the
    probability the classifier gave to the statement's stance and to its
    level, and ``min_probability``, the smaller of the two (the one it has,
    when it has one); the list is ordered by ``min_probability``. (This is not
    the ``confidence`` of :func:`statement_confidence`: that is the highest
    escalation probability, whichever level has it.) Statements without
    probabilities are left out. Ties are broken by date (undated last),
    article and position.
    """
    table = prepare(frame)
    table["stance_probability"] = [_label_probability(p, label)
                                   for p, label in zip(table["stance_proba"], table["stance"])]
    table["escalation_probability"] = [_label_probability(p, label)
                                       for p, label in zip(table["escalation_proba"], table["escalation"])]
    table["min_probability"] = table[["stance_probability", "escalation_probability"]].min(axis=1)
    table = table[table["min_probability"].notna()]
    table = table.sort_values(["min_probability", "timestamp", "article_id", "start"], na_position="last",
                              kind="mergesort")
    return table.head(n).reset_index(drop=True)


def _flat_statement(record: Mapping[str, object], where: str) -> Iterator[dict]:
    if "statements" in record:
        if not isinstance(record["statements"], list):
            raise ValueError(f"{where}: 'statements' is not a list")
        yield from table_rows(record)
    elif "speaker" in record and "escalation" in record:
        yield dict(record)
    else:
        raise ValueError(f"{where}: neither an analysed article (with 'statements') nor a statement row")


def read_statement_table(
    paths: str | Path | Iterable[str | Path],
    *,
    columns: Sequence[str] | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Read analysed statements from files into one statement table.

    Accepts ``.csv`` (``stance analyze --format csv``), ``.jsonl``/``.json``
    (``stance analyze --format jsonl``: one article per line with its
    ``statements``, or one flat statement per line) and ``.parquet``; a
    folder is searched for these. ``columns`` keeps only those columns (plus
    the required ones) to save memory on large tables. Raises ``ValueError``
    naming the file (and line) on bad input. ``progress`` shows a progress bar.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in (".csv", ".jsonl", ".json", ".parquet")))
        elif path.exists():
            files.append(path)
        else:
            raise ValueError(f"{path}: no such file or folder")
    keep = None if columns is None else list(dict.fromkeys([*REQUIRED_COLUMNS, *columns]))
    parts = []
    if progress:
        from tqdm.auto import tqdm
        files = tqdm(files, desc="reading statement tables", unit="file")
    for path in files:
        suffix = path.suffix.lower()
        try:
            if suffix == ".csv":
                part = pd.read_csv(path, dtype={"article_id": str, "date": str}, keep_default_na=True)
                part = restore_csv_frame(part.astype(object).where(part.notna(), None))
            elif suffix == ".parquet":
                part = pd.read_parquet(path)
            elif suffix in (".jsonl", ".json"):
                part = _json_table(path, keep)
            else:
                raise ValueError("not a statement table (.csv, .jsonl, .json, .parquet)")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
            raise ValueError(f"{path}: {error}") from error
        missing = [c for c in REQUIRED_COLUMNS if c not in part.columns] if len(part) else []
        if missing:
            raise ValueError(f"{path}: not a statement table, missing column(s) {', '.join(missing)}")
        if keep is not None:
            part = part[[c for c in keep if c in part.columns]]
        if "escalation_proba" in part.columns:
            part["escalation_proba"] = part["escalation_proba"].map(_level_proba)
        parts.append(part)
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=keep or TABLE_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def _json_table(path: Path, keep: list[str] | None) -> pd.DataFrame:
    """The statements of a JSON/JSONL file as a DataFrame.

    Gathered column by column, with one shared object for each repeated short
    string (speakers, countries, labels, dates), to keep memory low.
    """
    columns: dict[str, list] = {}
    shared: dict[str, str] = {}
    count = 0
    for row in _read_json_rows(path, keep):
        for key, value in row.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * count
            if isinstance(value, str) and len(value) <= 64:
                value = shared.setdefault(value, value)
            column.append(value)
        count += 1
        for column in columns.values():
            if len(column) < count:
                column.append(None)
    return pd.DataFrame(columns)


def _read_json_rows(path: Path, keep: list[str] | None) -> Iterator[dict]:
    with open(path, encoding="utf-8") as f:
        if path.suffix.lower() == ".json":
            try:
                records = json.load(f)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}: not valid JSON ({error})") from error
            records = records if isinstance(records, list) else [records]
            numbered = ((f"{path}", r) for r in records)
        else:
            numbered = _jsonl_records(path, f)
        for where, record in numbered:
            if not isinstance(record, dict):
                raise ValueError(f"{where}: expected a JSON object")
            for row in _flat_statement(record, where):
                yield row if keep is None else {k: row.get(k) for k in keep}


def _jsonl_records(path: Path, lines: Iterable[str]) -> Iterator[tuple[str, object]]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield f"{path}:{number}", json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from error
