"""``analyze()``: the stages in order, one article in, statements out.

articles -> segment -> quotes/reported statements -> speakers -> labels.
"""
from __future__ import annotations

from pathlib import Path
from itertools import islice
from typing import Callable, Iterable, Iterator

import pandas as pd

from .articles import ArticleError, article_from_text, read_articles
from .classify import StanceModel
from .model import label_articles, label_statements, resolve_model
from .records import Article, Statement
from .schema import STATEMENT_COLUMNS, article_record, table_rows
from .speakers import SpeakerRegistry
from .statements import find_statements


def analyze(
    article: Article | str,
    *,
    registry: SpeakerRegistry | None = None,
    model: StanceModel | str | Path | None = None,
    label: bool = True,
) -> list[Statement]:
    """Find, attribute and label every statement in one article.

    ``article`` is an :class:`Article` or a plain string (read as the article
    text). Returns :class:`Statement` records in reading order, each with a
    span into ``article.text``. ``model`` is a fitted
    :class:`~stance.classify.StanceModel` or a model file (``None``: the
    default model) that fills target, stance, escalation, act, probabilities
    and evidence; ``label=False`` leaves those fields empty.
    """
    if isinstance(article, str):
        article = article_from_text(article)
    registry = registry or SpeakerRegistry.default()
    found = find_statements(article, registry)
    return label_statements(found, article, model, registry) if label else found


def article_rows(article: Article, statements: Iterable[Statement]) -> list[dict]:
    """The table rows of one article: its id, date, title and source, then each statement's fields.

    The keys are :data:`stance.schema.STATEMENT_COLUMNS`, in that order.
    """
    return table_rows({**article_record(article), "statements": [statement.to_dict() for statement in statements]})


def statements_frame(results: Iterable[tuple[Article, list[Statement]]]) -> pd.DataFrame:
    """One row per statement, with the article's id, date, title and source."""
    rows = [row for article, found in results for row in article_rows(article, found)]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=STATEMENT_COLUMNS)
    extra = [c for c in frame.columns if c not in STATEMENT_COLUMNS]
    return frame[STATEMENT_COLUMNS + extra]


def analyze_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    registry: SpeakerRegistry | None = None,
    model: StanceModel | str | Path | None = None,
    label: bool = True,
    on_error: Callable[[ArticleError], None] | None = None,
    recursive: bool = False,
) -> pd.DataFrame:
    """Analyse every article under ``paths``; a DataFrame with one row per statement.

    ``registry``, ``model`` and ``label`` are as for :func:`analyze`;
    ``recursive`` also reads the folders inside folders. Bad inputs raise
    :class:`ArticleError` unless ``on_error`` is given, in which case it
    receives each error and the other articles still come out. The
    statements of :data:`LABEL_CHUNK` articles are labelled at once (the
    labels :func:`analyze` gives each article). For large corpora,
    :func:`stance.batch.run_batch` streams to disk on every core.
    """
    registry = registry or SpeakerRegistry.default()
    model = resolve_model(model) if label else None
    articles = read_articles(paths, on_error=on_error, recursive=recursive)
    found = ((article, analyze(article, registry=registry, label=False)) for article in articles)
    return statements_frame(_labelled_in_chunks(found, model, registry) if label else found)


#: How many articles :func:`analyze_corpus` labels at once (as a batch worker labels its chunk).
LABEL_CHUNK = 16


def _labelled_in_chunks(found: Iterable[tuple[Article, list[Statement]]], model: StanceModel,
                        registry: SpeakerRegistry) -> Iterator[tuple[Article, list[Statement]]]:
    """Each article with its statements labelled, :data:`LABEL_CHUNK` articles at a time (the labels are those
    of one article at a time; one batch saves the fixed cost of each call)."""
    found = iter(found)
    while chunk := list(islice(found, LABEL_CHUNK)):
        yield from zip((article for article, _ in chunk), label_articles(chunk, model, registry))
