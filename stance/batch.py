"""Run the pipeline over a whole corpus: streamed, parallel, written as it goes, nothing lost, resumable.

>>> from stance.batch import run_batch
>>> summary = run_batch(["corpus/"], "statements.jsonl", errors="errors.jsonl", jobs=4)

Articles are read lazily (:func:`stance.articles.iter_articles`), analysed in
chunks by a pool of worker processes with a bounded number of chunks in
flight (memory stays flat however large the corpus), and come back in input
order, identical to a one-process run. Every article that cannot be read or
whose analysis raises becomes an :class:`ArticleFailure` (id, file, reason)
and the run goes on.

Writing to a file is safe (:mod:`stance.output`): the output is locked,
written as ``OUTPUT.partial`` (Parquet: a folder of complete chunk files)
and renamed into place when the run succeeds. Meanwhile a checkpoint beside
it (``OUTPUT.checkpoint``: a header with the inputs' fingerprint, then one
JSON line per commit: the files finished since the last commit and how far
the output and errors files were durable) lets an interrupted run started
again with ``resume=True`` truncate both files to the last commit (dropping
a half-written last line) and skip every article already finished, so
nothing is redone or written twice. The checkpoint is removed on success.
"""
from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import threading
import time
import traceback
from collections import deque
from contextlib import ExitStack, contextmanager, suppress
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, NamedTuple, TextIO

from .articles import DEFAULT_MAX_CHARS, ArticleError, article_from_text, iter_articles
from .output import (
    FORMATS, OutputError, OutputLock, check_output_paths, fingerprint_difference, partial_path, publish, run_fingerprint,
    run_options, write_failure,
)
from .display import render_article as render_table
from .model import label_articles
from .pipeline import analyze, article_rows
from .records import Article, Statement
from .schema import article_record, csv_header, csv_rows, parquet_schema
from .speakers import SpeakerRegistry

CHUNK_ARTICLES = 16
CHUNK_CHARS = 200_000
PARQUET_ROW_GROUP = 10_000
_COMMIT_ARTICLES = 64
_COMMIT_SECONDS = 1.0
_CHECKPOINT_VERSION = 2
_LINE_BREAKS_JSON_KEEPS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
#: A worker's garbage collector runs its youngest generation every 10,000 net allocations instead of 700:
#: statements are short-lived and acyclic, so most collections found nothing to free.
_WORKER_GC_THRESHOLDS = (10_000, 10, 10)
_WARM_UP_TEXT = 'The foreign minister of Norvania said on Monday that "talks must continue".'


@dataclass(frozen=True)
class ArticleResult:
    """An analysed article and its statements, in reading order."""

    article: Article
    statements: tuple[Statement, ...]

    @property
    def key(self) -> str:
        """The input the article came from (``FILE`` or ``FILE:LINE``): unique within a run."""
        return self.article.path or self.article.id

    @property
    def count(self) -> int:
        """The number of statements."""
        return len(self.statements)


@dataclass(frozen=True)
class RenderedResult:
    """An analysed article whose statements a worker has already rendered as output ``text`` (``count`` of them).

    A worker process that renders its own results sends text back instead of
    statement records, which the parent would have to unpickle only to render them.
    """

    article: Article
    text: str
    count: int

    @property
    def key(self) -> str:
        """The input the article came from (``FILE`` or ``FILE:LINE``): unique within a run."""
        return self.article.path or self.article.id


@dataclass(frozen=True)
class ArticleFailure:
    """An article that produced no result: the reader rejected it or the pipeline raised on it."""

    id: str
    file: str
    reason: str

    @property
    def key(self) -> str:
        """The input the failure came from (``FILE`` or ``FILE:LINE``): unique within a run."""
        return self.file

    def to_dict(self) -> dict[str, str]:
        """The errors-file record: ``{"id", "file", "reason"}``."""
        return {"id": self.id, "file": self.file, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"

    @classmethod
    def from_error(cls, error: ArticleError) -> "ArticleFailure":
        """The failure for a reader error; the id is the one the article would have had."""
        located = re.fullmatch(r"(?P<file>.*?)(?::(?P<line>\d+)|\[(?P<item>\d+)\])", error.path)
        if located:
            article_id = f"{Path(located['file']).stem}-{located['line'] or located['item']}"
        else:
            article_id = Path(error.path).stem or error.path
        return cls(id=article_id, file=error.path, reason=error.reason)


@dataclass
class BatchSummary:
    """Counts for a run: articles read, analysed and failed (including those finished before a resume)."""

    read: int = 0
    analysed: int = 0
    failed: int = 0
    statements: int = 0
    resumed: int = 0
    output: str | None = None
    errors: str | None = None
    interrupted: bool = False

    def line(self) -> str:
        """One line for the end of a run, e.g. ``1200 articles read, 1198 analysed, 2 failed``."""
        text = f"{self.read} articles read, {self.analysed} analysed, {self.failed} failed ({self.statements} statements)"
        if self.resumed:
            text += f"; {self.resumed} of them finished before this resumed run"
        if self.output:
            text += f"; wrote {self.output}"
        if self.errors:
            text += f"; errors in {self.errors}"
        if self.interrupted:
            text += "; interrupted (run again with --resume to finish)"
        return text


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def analyze_one(article: Article, registry: SpeakerRegistry, options: dict[str, Any]) -> ArticleResult | ArticleFailure:
    """Analyse one article (``options`` go to :func:`stance.pipeline.analyze`).

    An exception becomes an :class:`ArticleFailure` naming the exception and
    where it was raised, so one bad article never stops a corpus.
    """
    try:
        return ArticleResult(article, tuple(analyze(article, registry=registry, **options)))
    except Exception as exc:  # one bad article must not stop the corpus
        return _failure(article, exc)


def analyze_several(articles: Iterable[Article], registry: SpeakerRegistry,
                    options: dict[str, Any]) -> list[ArticleResult | ArticleFailure]:
    """:func:`analyze_one` for several articles, with the same results: each article's statements are found
    on their own, then all are labelled in one batch (:func:`stance.model.label_articles`).

    An article whose extraction fails is its own failure; if labelling the
    batch fails, each article is analysed alone so the failure stays with it.
    """
    found: list[ArticleResult | ArticleFailure] = []
    for article in articles:
        try:
            found.append(ArticleResult(article, tuple(analyze(article, registry=registry, label=False))))
        except Exception as exc:  # one bad article must not stop the corpus
            found.append(_failure(article, exc))
    extracted = [result for result in found if isinstance(result, ArticleResult)]
    try:
        labelled = iter(label_articles([(r.article, r.statements) for r in extracted], registry=registry, **options))
    except Exception:  # find which article it was: each alone
        return [r if isinstance(r, ArticleFailure) else analyze_one(r.article, registry, options) for r in found]
    return [r if isinstance(r, ArticleFailure) else ArticleResult(r.article, tuple(next(labelled))) for r in found]


def _failure(article: Article, exc: Exception) -> ArticleFailure:
    """The failure of one article: the exception and the place it was raised."""
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({Path(frame.filename).name}:{frame.lineno} in {frame.name})" if frame else ""
    reason = _one_line(f"analysis failed: {type(exc).__name__}: {exc}{where}")
    return ArticleFailure(id=article.id, file=article.path or article.id, reason=reason)


def warm_up(registry: SpeakerRegistry, options: dict[str, Any]) -> None:
    """Analyse a tiny constructed article here, so that caches (default model, sentence splitter) are built once.

    Worker processes forked afterwards inherit them; workers elsewhere find the
    default model in the on-disk cache instead of training it each.
    """
    analyze_one(article_from_text(_WARM_UP_TEXT, "warm-up"), registry, options)


_WORKER: dict[str, Any] = {}
_PR_SET_PDEATHSIG = 1


def _init_worker(registry: SpeakerRegistry, options: dict[str, Any], parent: int,
                 render: Callable[[ArticleResult], str] | None = None) -> None:
    """Worker set-up: Ctrl-C and SIGTERM are the parent's to handle (a terminal or a service manager signals
    the whole process group); the worker ends with its parent. With ``render``, the worker renders its results."""
    _WORKER.update(registry=registry, options=options, parent=parent, render=render)
    gc.set_threshold(*_WORKER_GC_THRESHOLDS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_if_orphaned)
    _die_with_parent(parent)


def _end_if_orphaned(number: int, frame: Any) -> None:
    """A worker's SIGTERM handler: the parent stops the run, but a worker whose parent is gone ends."""
    if os.getppid() != _WORKER.get("parent"):
        os._exit(1)


def _die_with_parent(parent: int) -> None:
    """End this worker when process ``parent`` ends: Linux's parent-death signal, elsewhere a watchdog thread."""
    try:
        import ctypes

        armed = ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):
        armed = False
    if not armed:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="stance-parent-watchdog", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


class _Rendered(NamedTuple):
    """What a rendering worker sends back for an article: its output text and its number of statements."""

    text: str
    count: int


def _analyze_chunk(articles: list[Article]) -> list[tuple[Statement, ...] | _Rendered | ArticleFailure]:
    """Worker side: statements (or the failure) of each article, or with a renderer each article's output text
    and number of statements; the articles themselves stay in the parent."""
    results = analyze_several(articles, _WORKER["registry"], _WORKER["options"])
    render = _WORKER.get("render")
    if render is None:
        return [result.statements if isinstance(result, ArticleResult) else result for result in results]
    return [_Rendered(render(result), result.count) if isinstance(result, ArticleResult) else result
            for result in results]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork lets the workers inherit the warmed-up caches (registry, sentence splitter, model).
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)


def _chunks(items: Iterator[Article | ArticleFailure], chunk_articles: int) -> Iterator[list[Article | ArticleFailure]]:
    chunk: list[Article | ArticleFailure] = []
    articles = chars = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Article):
            articles += 1
            chars += len(item.text)
            if articles >= chunk_articles or chars >= CHUNK_CHARS:
                yield chunk
                chunk, articles, chars = [], 0, 0
    if chunk:
        yield chunk


def _merge(chunk: list[Article | ArticleFailure],
           outcomes: list) -> Iterator[ArticleResult | RenderedResult | ArticleFailure]:
    done = iter(outcomes)
    for item in chunk:
        if isinstance(item, ArticleFailure):
            yield item
            continue
        outcome = next(done)
        if isinstance(outcome, ArticleFailure):
            yield outcome
        elif isinstance(outcome, _Rendered):
            yield RenderedResult(item, outcome.text, outcome.count)
        else:
            yield ArticleResult(item, outcome)


class _Pool:
    """A process pool that is rebuilt when a worker dies; the article that killed it becomes a failure."""

    def __init__(self, jobs: int, registry: SpeakerRegistry, options: dict[str, Any],
                 render: Callable[[ArticleResult], str] | None = None):
        self.jobs, self.registry, self.options, self.render = jobs, registry, options, render
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        self.forked = False
        return ProcessPoolExecutor(self.jobs, mp_context=_pool_context(), initializer=_init_worker,
                                   initargs=(self.registry, self.options, os.getpid(), self.render))

    def submit(self, articles: list[Article]) -> Future:
        """Analyse a chunk in a worker. The first call forks the workers (all at once), with the heap built so
        far frozen: their garbage collector then never walks (nor copies) the model and the registry they share."""
        if self.forked:
            return self.executor.submit(_analyze_chunk, articles)
        gc.freeze()
        try:
            return self.executor.submit(_analyze_chunk, articles)
        finally:
            gc.unfreeze()
            self.forked = True

    def restart(self) -> None:
        self.close(cancel=True)
        self.executor = self._start()

    def one_by_one(self, chunk: list[Article | ArticleFailure]) -> list:
        """Rerun a chunk lost with a dead worker, one article at a time, to find the one that kills it."""
        outcomes: list = []
        for article in (item for item in chunk if isinstance(item, Article)):
            try:
                outcomes.extend(self.submit([article]).result())
            except BrokenProcessPool:
                self.restart()
                outcomes.append(ArticleFailure(
                    article.id, article.path or article.id,
                    "analysis failed: the worker process died on this article (out of memory or a crash)"))
        return outcomes

    def close(self, cancel: bool) -> None:
        """Shut the pool down; ``cancel`` (a stopped run, a broken pool) kills the workers first, so nothing waits
        for them (they ignore SIGTERM, the executor's way to end them)."""
        if cancel:
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):
                process.kill()
        self.executor.shutdown(wait=not cancel, cancel_futures=cancel)


def analyze_many(
    items: Iterable[Article | ArticleError | ArticleFailure],
    *,
    jobs: int = 1,
    registry: SpeakerRegistry | None = None,
    model: Any = None,
    chunk_articles: int = CHUNK_ARTICLES,
    render: Callable[[ArticleResult], str] | None = None,
) -> Iterator[ArticleResult | RenderedResult | ArticleFailure]:
    """Analyse articles in input order: an :class:`ArticleResult` or an :class:`ArticleFailure` for each item.

    ``jobs`` worker processes analyse chunks of ``chunk_articles`` articles
    with at most ``3 * jobs`` chunks in flight, so ``items`` is consumed
    lazily and memory stays flat. Reader errors in ``items`` come out as
    failures in their place. ``model`` is passed to
    :func:`stance.pipeline.analyze` when given (else its default model,
    built once per worker process, is used). With ``render`` (a module-level
    function, e.g. :func:`render_jsonl`), worker processes render each
    result and send back a :class:`RenderedResult` instead.
    """
    registry = registry or SpeakerRegistry.default()
    options = {"model": model} if model is not None else {}
    stream = (ArticleFailure.from_error(item) if isinstance(item, ArticleError) else item for item in items)
    chunks = _chunks(stream, chunk_articles)
    first = next(chunks, None)
    if first is None:
        return
    following = next(chunks, None)
    if jobs <= 1 or following is None:
        for chunk in chain([first, following], chunks):
            for item in chunk or ():
                yield item if isinstance(item, ArticleFailure) else analyze_one(item, registry, options)
        return
    warm_up(registry, options)
    pool = _Pool(jobs, registry, options, render)
    pending: deque[tuple[list, Future | None]] = deque()
    finished = False
    try:
        for chunk in chain([first, following], chunks):
            articles = [item for item in chunk if isinstance(item, Article)]
            pending.append((chunk, pool.submit(articles) if articles else None))
            while len(pending) >= 3 * jobs:
                yield from _collect(pool, pending)
        while pending:
            yield from _collect(pool, pending)
        finished = True
    finally:
        pool.close(cancel=not finished)


def _collect(pool: _Pool, pending: deque) -> Iterator[ArticleResult | ArticleFailure]:
    chunk, future = pending.popleft()
    try:
        outcomes = future.result() if future is not None else []
    except BrokenProcessPool:
        pool.restart()
        outcomes = pool.one_by_one(chunk)
        for index, (waiting, _) in enumerate(pending):
            articles = [item for item in waiting if isinstance(item, Article)]
            pending[index] = (waiting, pool.submit(articles) if articles else None)
    yield from _merge(chunk, outcomes)


def iter_results(
    paths: str | Path | Iterable[str | Path],
    *,
    jobs: int = 1,
    registry: SpeakerRegistry | None = None,
    model: Any = None,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    skip: frozenset[str] | set[str] = frozenset(),
    skipped: Callable[[Path], None] | None = None,
    recursive: bool = False,
    render: Callable[[ArticleResult], str] | None = None,
) -> Iterator[ArticleResult | RenderedResult | ArticleFailure]:
    """Read and analyse every article under ``paths``, in input order (see :func:`analyze_many`).

    Inputs whose key (``FILE`` or ``FILE:LINE``) is in ``skip`` are left out;
    files that are not articles (and subfolders, unless ``recursive``) are passed to ``skipped``.
    ``render`` lets worker processes render the results (see :func:`analyze_many`).
    """
    items = iter_articles(paths, encoding=encoding, max_chars=max_chars, skipped=skipped, recursive=recursive)
    if skip:
        items = (item for item in items if (item.path if isinstance(item, ArticleError) else item.path or item.id) not in skip)
    return analyze_many(items, jobs=jobs, registry=registry, model=model, render=render)


def statement_rows(result: ArticleResult) -> list[dict[str, Any]]:
    """The table rows of one article: its metadata and each statement's fields (as in ``statements_frame``)."""
    return article_rows(result.article, result.statements)


def json_line(record: dict[str, Any]) -> str:
    """``record`` as one JSON line; Unicode line separators are escaped so every reader sees one line."""
    text = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS_JSON_KEEPS.items():
        text = text.replace(raw, escaped)
    return text + "\n"


def render_jsonl(result: ArticleResult) -> str:
    """One article as a JSONL line: ``{"id", "date", "date_inferred", "title", "source", "statements": [...]}``."""
    return json_line({**article_record(result.article), "statements": [s.to_dict() for s in result.statements]})


def render_csv(result: ArticleResult) -> str:
    """One article's statements as CSV rows: every column of :data:`stance.schema.COLUMNS`, cells spreadsheet-safe."""
    return csv_rows(statement_rows(result))


class ResultWriter:
    """Writes results as they come; ``flush()`` makes everything written so far durable and returns a mark."""

    def write(self, result: ArticleResult) -> None:
        """Add one article's statements."""
        raise NotImplementedError

    def ready(self) -> bool:
        """Whether now is a good moment to flush (and commit the checkpoint)."""
        return True

    def flush(self) -> int:
        """Make what was written durable; the mark to resume from (bytes, or row groups for Parquet)."""
        return 0

    def close(self) -> None:
        """Flush and release the file."""


class TextWriter(ResultWriter):
    """JSONL, CSV or table output to a file (byte offsets tracked, for resuming) or to a text stream."""

    RENDER = {"jsonl": render_jsonl, "csv": render_csv, "table": render_table}

    def __init__(self, format: str, target: str | Path | TextIO, *, resume_at: int | None = None,
                 render: Callable[[ArticleResult], str] | None = None):
        self.render = render or self.RENDER[format]
        self.stream: TextIO | None = None
        self.file: BinaryIO | None = None
        self.mark = 0
        self.unflushed = 0
        self.flushed_at = time.monotonic()
        if isinstance(target, (str, Path)):
            self.file = _open_at(Path(target), resume_at)
            self.mark = self.file.tell() if self.file.seekable() else 0
        else:
            self.stream = target
        if format == "csv" and not self.mark:
            self._put(csv_header())

    def _put(self, text: str) -> None:
        if self.file is not None:
            data = text.encode("utf-8")
            self.file.write(data)
            self.mark += len(data)
        else:
            assert self.stream is not None
            self.stream.write(text)

    def write(self, result: ArticleResult | RenderedResult) -> None:
        self._put(result.text if isinstance(result, RenderedResult) else self.render(result))
        self.unflushed += 1

    def ready(self) -> bool:
        return self.unflushed >= _COMMIT_ARTICLES or time.monotonic() - self.flushed_at >= _COMMIT_SECONDS

    def flush(self) -> int:
        (self.file or self.stream).flush()
        self.unflushed, self.flushed_at = 0, time.monotonic()
        return self.mark

    def close(self) -> None:
        self.flush()
        if self.file is not None:
            self.file.close()


class ParquetWriter(ResultWriter):
    """One Parquet file with :func:`parquet_schema`, one row group per ``row_group_rows`` statements.

    The file is readable once closed; a run that may be killed writes
    :class:`ParquetChunks` instead.
    """

    def __init__(self, path: str | Path, *, row_group_rows: int | None = None):
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.schema = parquet_schema()
        self.row_group_rows = row_group_rows or PARQUET_ROW_GROUP
        self.rows: list[dict[str, Any]] = []
        self.articles = 0
        self.row_groups = 0
        self.writer = pq.ParquetWriter(self.path, self.schema)

    def write(self, result: ArticleResult) -> None:
        self.rows.extend(statement_rows(result))
        self.articles += 1

    def ready(self) -> bool:
        return len(self.rows) >= self.row_group_rows or self.articles >= self.row_group_rows

    def flush(self) -> int:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.row_groups += 1
        self.rows, self.articles = [], 0
        return self.row_groups

    def close(self) -> None:
        self.flush()
        self.writer.close()


class ParquetChunks(ParquetWriter):
    """Parquet output that survives a kill: every flush writes a complete chunk file into ``folder``.

    The mark is the number of chunks written. Resuming at ``resume_at`` keeps
    chunks ``0 .. resume_at - 1`` and drops anything written after them.
    :meth:`assemble` joins the chunks into one Parquet file with row groups of
    ``row_group_rows`` statements: the same file whatever the interruptions.
    """

    def __init__(self, folder: str | Path, *, resume_at: int | None = None, row_group_rows: int | None = None):
        self.folder = Path(folder)
        self.schema = parquet_schema()
        self.row_group_rows = row_group_rows or PARQUET_ROW_GROUP
        self.rows, self.articles = [], 0
        self.row_groups = resume_at or 0
        if resume_at is None and self.folder.is_dir():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = [self._chunk(index) for index in range(self.row_groups)]
        missing = [path.name for path in kept if not path.is_file()]
        if missing:
            raise ValueError(f"{self.folder}: cannot resume, chunk {missing[0]} of the interrupted run is missing; "
                             "run without --resume to start over")
        for path in set(self.folder.iterdir()) - set(kept):  # chunks written after the last commit
            path.unlink()

    def _chunk(self, index: int) -> Path:
        return self.folder / f"chunk-{index:06d}.parquet"

    def flush(self) -> int:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.rows:
            final = self._chunk(self.row_groups)
            temporary = final.with_suffix(".tmp")
            pq.write_table(pa.Table.from_pylist(self.rows, schema=self.schema), temporary)
            os.replace(temporary, final)
            self.row_groups += 1
        self.rows, self.articles = [], 0
        return self.row_groups

    def close(self) -> None:
        self.flush()

    def assemble(self, target: Path) -> None:
        """Join the chunks, in order, into one Parquet file at ``target``."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        size = self.row_group_rows
        pending = self.schema.empty_table()
        with pq.ParquetWriter(target, self.schema) as out:
            for index in range(self.row_groups):
                pending = pa.concat_tables([pending, pq.read_table(self._chunk(index), schema=self.schema)])
                while pending.num_rows >= size:
                    out.write_table(pending.slice(0, size), row_group_size=size)
                    pending = pending.slice(size)
            if pending.num_rows:
                out.write_table(pending, row_group_size=size)


def _size(path: str | Path | None) -> int:
    return Path(path).stat().st_size if path and Path(path).exists() else 0


def _open_at(path: Path, resume_at: int | None) -> BinaryIO:
    """Open for writing: truncated to ``resume_at`` bytes (dropping anything half written) or emptied."""
    if resume_at is None:
        return path.open("wb")
    if _size(path) < resume_at:
        raise ValueError(f"{path}: cannot resume, the file is missing or shorter than its checkpoint says; "
                         "run without --resume")
    stream = path.open("r+b") if path.exists() else path.open("wb")
    stream.truncate(resume_at)
    stream.seek(resume_at)
    return stream


class ErrorLog:
    """The errors file: one JSON line per failed article (``id``, ``file``, ``reason``)."""

    def __init__(self, path: str | Path | None, *, resume_at: int | None = None):
        self.file = _open_at(Path(path), resume_at) if path else None
        self.mark = self.file.tell() if self.file and self.file.seekable() else 0

    def write(self, failure: ArticleFailure) -> None:
        """Record one failure."""
        if self.file is not None:
            data = json_line(failure.to_dict()).encode("utf-8")
            self.file.write(data)
            self.mark += len(data)

    def flush(self) -> int:
        """Make the records durable; the byte offset they end at."""
        if self.file is not None:
            self.file.flush()
        return self.mark

    def close(self) -> None:
        """Flush and close."""
        if self.file is not None:
            self.file.close()


@dataclass
class Checkpoint:
    """What an interrupted run had durably finished, read from ``OUTPUT.checkpoint``.

    ``fingerprint`` (:func:`stance.output.run_fingerprint`) records the
    inputs and options of the run, which a resumed run must share.
    """

    format: str
    analysed: set[str] = field(default_factory=set)
    failures: list[ArticleFailure] = field(default_factory=list)
    statements: int = 0
    output_mark: int = 0
    errors_mark: int = 0
    errors_path: str | None = None
    fingerprint: dict[str, Any] | None = None

    @staticmethod
    def path_for(output: str | Path) -> Path:
        """Where the checkpoint of ``output`` lives."""
        return Path(f"{output}.checkpoint")

    @classmethod
    def load(cls, path: Path) -> "Checkpoint":
        """Read a checkpoint, ignoring a last line cut short by a crash."""
        lines = path.read_bytes().split(b"\n")
        try:
            header = json.loads(lines[0])
            found = cls(format=header["format"], errors_path=header.get("errors"), fingerprint=header["fingerprint"])
            version = header["stance_checkpoint"]
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"{path}: not a stance checkpoint; run without --resume to start over") from None
        if version != _CHECKPOINT_VERSION:
            raise ValueError(f"{path}: written by another version of stance; run without --resume to start over")
        for raw in lines[1:]:
            try:
                commit = json.loads(raw)
            except ValueError:
                break
            found.analysed.update(commit["analysed"])
            found.failures.extend(ArticleFailure(**failure) for failure in commit["failed"])
            found.statements += commit["statements"]
            found.output_mark, found.errors_mark = commit["output"], commit["errors"]
        return found


class _CheckpointLog:
    def __init__(self, path: Path, header: dict[str, Any], *, resume: bool):
        self.path, self.header = path, header
        self.file = path.open("ab" if resume else "wb")
        if not resume:
            self._put(header)

    def _put(self, record: dict[str, Any]) -> None:
        self.file.write(json_line(record).encode("utf-8"))
        self.file.flush()

    def commit(self, analysed: list[str], failed: list[ArticleFailure], statements: int, output: int, errors: int) -> None:
        self._put({"analysed": analysed, "failed": [f.to_dict() for f in failed], "statements": statements,
                   "output": output, "errors": errors})

    def restart_from(self, checkpoint: Checkpoint) -> None:
        """Rewrite the log so that it holds only what ``checkpoint`` keeps."""
        self.file.close()
        self.file = self.path.open("wb")
        self._put(self.header)
        self.commit(sorted(checkpoint.analysed), checkpoint.failures, checkpoint.statements,
                    checkpoint.output_mark, checkpoint.errors_mark)

    def close(self) -> None:
        self.file.close()


class _RunFiles:
    """Where a run writes: the output (a file, staged as ``OUTPUT.partial``, or a stream) and the errors file.

    For a file it also holds the lock and the checkpoint. :meth:`finish`
    renames the partial files into place; after a failure or an
    interruption they stay, with the checkpoint, for ``--resume``. A
    ``direct`` output (a device or a pipe) is written as it is, like a stream.
    """

    def __init__(self, output: Path | None, stream: TextIO | None, format: str, errors: str | None,
                 fingerprint: dict[str, Any] | None, warn: Callable[[str], None], *, direct: bool = False,
                 render: Callable[[ArticleResult], str] | None = None):
        self.output, self.stream, self.format, self.fingerprint, self.warn = output, stream, format, fingerprint, warn
        self.direct, self.render = direct, render
        self.errors = Path(errors) if errors else None
        self.errors_direct = self.errors is not None and _is_special(self.errors)
        self.errors_partial = self.errors if self.errors_direct else partial_path(errors) if errors else None
        self.partial = output if direct else partial_path(output) if output else None
        self.lock = OutputLock(output) if output and not direct else None
        self.checkpoint = Checkpoint.path_for(output) if output and not direct else None
        self.writer: ResultWriter | None = None
        self.error_log: ErrorLog | None = None
        self.log: _CheckpointLog | None = None

    def worker_render(self) -> Callable[[ArticleResult], str] | None:
        """The renderer worker processes can run for this output (JSONL or CSV text), or ``None``."""
        return None if self.render is not None else {"jsonl": render_jsonl, "csv": render_csv}.get(self.format)

    @contextmanager
    def writing(self, file: Path | None = None) -> Iterator[None]:
        """Turn a failed write (a full disk) into one sentence naming the file (default: the output's partial
        file) and saying how to resume."""
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as error:
            if self.output is None:
                raise
            if file is not None and not error.filename:
                error.filename = str(file)
            raise write_failure(error, self.output) from error

    def open(self, resume: bool) -> Checkpoint | None:
        """Lock the output and open the partial files (continued from the checkpoint when resuming)."""
        for target in (self.output, self.errors):
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
        if self.lock is not None:
            self.lock.acquire()
        state = self._resume_state() if resume else None
        mark = state.output_mark if state else None
        if self.format == "parquet":
            self.writer = ParquetChunks(self.partial, resume_at=mark)
        else:
            self.writer = TextWriter(self.format, self.partial or self.stream, resume_at=mark, render=self.render)
        errors_name = str(self.errors) if self.errors else None
        rewrite = state is not None and (state.errors_path != errors_name or _size(self.errors_partial) < state.errors_mark)
        self.error_log = ErrorLog(self.errors_partial, resume_at=None if state is None or rewrite else state.errors_mark)
        if self.checkpoint is not None:
            header = {"stance_checkpoint": _CHECKPOINT_VERSION, "format": self.format, "errors": errors_name,
                      "fingerprint": self.fingerprint}
            self.log = _CheckpointLog(self.checkpoint, header, resume=state is not None)
        if state is not None:
            if rewrite:
                if state.errors_path and state.errors_path != errors_name:
                    partial_path(state.errors_path).unlink(missing_ok=True)
                for failure in state.failures:
                    self.error_log.write(failure)
                state.errors_path, state.errors_mark = errors_name, self.error_log.flush()
            self.log.restart_from(state)
        return state

    def _resume_state(self) -> Checkpoint | None:
        if not self.checkpoint.exists() or not self.partial.exists():
            self.warn(f"{self.output}: no interrupted run to resume (a finished run removes its checkpoint); "
                      "starting from the beginning")
            return None
        state = Checkpoint.load(self.checkpoint)
        if state.format != self.format:
            raise OutputError(f"{self.output}: cannot resume, the interrupted run wrote --format {state.format}; "
                              "run without --resume to start over")
        difference = fingerprint_difference(state.fingerprint, self.fingerprint)
        if difference:
            raise OutputError(f"{self.output}: cannot resume, {difference}; run without --resume to start over")
        return state

    def commit(self, analysed: list[str], failed: list[ArticleFailure], statements: int) -> None:
        """Make everything written durable and record it in the checkpoint."""
        out_mark, err_mark = self.writer.flush(), self.error_log.flush()
        if self.log is not None and (analysed or failed):
            self.log.commit(analysed, failed, statements, out_mark, err_mark)

    def finish(self) -> None:
        """Close everything and rename the partial files into place; the checkpoint is removed."""
        self.writer.close()
        self.error_log.close()
        if self.errors is not None and not self.errors_direct:
            publish(self.errors_partial, self.errors)
        if isinstance(self.writer, ParquetChunks):
            assembled = self.partial / "assembled.parquet"
            self.writer.assemble(assembled)
            publish(assembled, self.output)
            shutil.rmtree(self.partial)
        elif self.output is not None and not self.direct:
            publish(self.partial, self.output)
        if self.log is not None:
            self.log.close()
            self.checkpoint.unlink()

    def abandon(self) -> None:
        """Close what is open after a failure or an interruption, keeping the partial files for ``--resume``."""
        for closing in (self.writer, self.error_log, self.log):
            if closing is not None:
                with suppress(Exception):
                    closing.close()
        if self.checkpoint is None and self.errors_partial is not None and self.errors_partial.exists() \
                and not self.errors_direct:
            publish(self.errors_partial, self.errors)  # no resume without -o: keep what was found

    def release(self) -> None:
        """Release the lock on the output."""
        if self.lock is not None:
            self.lock.release()


@contextmanager
def _stop_on_signals(enabled: bool) -> Iterator[list[int]]:
    """While active, SIGINT and SIGTERM ask the run to stop after the current article.

    A second one ends the process at once with exit code 130 (raising there
    could land in a finaliser or a fork handler and be lost); the workers die
    with it and the output stays resumable, as after ``kill -9``.
    """
    received: list[int] = []
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}

    def stop(number: int, frame: Any) -> None:
        received.append(number)
        if len(received) > 1:
            os.write(2, b"interrupted again: stopped at once (run again with --resume to finish)\n")
            os._exit(130)

    for number in previous:
        signal.signal(number, stop)
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_batch(
    paths: str | Path | Iterable[str | Path],
    output: str | Path | TextIO | None = None,
    *,
    format: str = "jsonl",
    errors: str | Path | None = None,
    resume: bool = False,
    jobs: int | None = None,
    registry: SpeakerRegistry | None = None,
    model: Any = None,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool = False,
    on_failure: Callable[[ArticleFailure], None] | None = None,
    skipped: Callable[[Path], None] | None = None,
    warn: Callable[[str], None] | None = None,
    graceful_stop: bool = True,
    recursive: bool = False,
    registry_files: Iterable[str | Path] = (),
    render: Callable[[ArticleResult], str] | None = None,
) -> BatchSummary:
    """Analyse every article under ``paths`` and write the results as they come; returns the counts.

    ``output`` is a file path, a text stream or ``None`` (standard output);
    ``format`` is one of :data:`FORMATS` (Parquet needs a path). ``errors``
    names a JSONL file receiving ``{"id", "file", "reason"}`` for every
    article that failed; ``on_failure`` is called with each failure as well
    (also with those recorded before a resume). ``jobs`` defaults to every
    core. ``progress`` shows a progress bar on standard error. ``render``
    replaces the renderer of a text format (e.g. a :class:`stance.display.TableView`).

    Files are written safely (see :mod:`stance.output`): an output or errors
    file that is an input, lies in an input folder or is the other one is
    refused before anything is opened; the output is locked for the run;
    both are written as ``PATH.partial`` and renamed into place when the run
    succeeds (missing folders are created), and the checkpoint
    (``OUTPUT.checkpoint``) is then removed. ``resume=True`` continues an
    interrupted run into the same ``output``, provided the inputs and the
    options that change the output (``encoding``, ``max_chars``,
    ``recursive``, ``model``, the ``registry_files`` the registry was
    extended with) are the same; with nothing to resume it starts afresh.

    With ``graceful_stop`` (and when called from the main thread), Ctrl-C or
    SIGTERM stops the run after the article being written, with everything
    committed; the summary then has ``interrupted`` set. A second signal
    aborts at once (a resumed run then redoes at most the last second of work).
    """
    paths, files = _prepared_files(paths, output, format, errors, resume, warn, render,
                                   run_options(encoding, max_chars, recursive, model, registry_files), recursive)

    def results(state: Checkpoint | None) -> Iterator[ArticleResult | RenderedResult | ArticleFailure]:
        return iter_results(paths, jobs=jobs or default_jobs(), registry=registry, model=model, encoding=encoding,
                            max_chars=max_chars, skip=_finished(state), skipped=skipped, recursive=recursive,
                            render=files.worker_render())

    return _run(files, resume, results, str(output) if files.output else None, str(errors) if errors else None,
                progress=progress, graceful_stop=graceful_stop, on_failure=on_failure)


def _run(files: _RunFiles, resume: bool, results: Callable[[Checkpoint | None], Iterator], output: str | None,
         errors: str | None, *, progress: bool, graceful_stop: bool,
         on_failure: Callable[[ArticleFailure], None] | None) -> BatchSummary:
    """Open the files, write the ``results`` left after the checkpoint, and publish the outputs (after a failure
    or an interruption, keep them for ``--resume``); release the lock."""
    completed = False
    try:
        with files.writing():
            state = files.open(resume)
        summary = _run_summary(state, output, errors, on_failure)
        _write_results(results(state), files, summary, progress=progress, graceful_stop=graceful_stop,
                       on_failure=on_failure)
        if not summary.interrupted:
            with files.writing():
                files.finish()
            completed = True
    finally:
        if not completed:
            files.abandon()
        files.release()
    return summary


def _prepared_files(paths: str | Path | Iterable[str | Path], output: str | Path | TextIO | None, format: str,
                    errors: str | Path | None, resume: bool, warn: Callable[[str], None] | None,
                    render: Callable[[ArticleResult], str] | None, options: dict[str, Any],
                    recursive: bool) -> tuple[list[str | Path], _RunFiles]:
    """Check a run's arguments and outputs (raising ``ValueError`` or :class:`OutputError` before anything is
    opened); the inputs as a list, and where the run writes."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    to_file = isinstance(output, (str, Path))
    if format == "parquet" and not to_file:
        raise ValueError("Parquet output needs a file name (-o FILE)")
    if resume and not to_file:
        raise ValueError("--resume needs an output file (-o FILE)")
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    check_output_paths(paths, output if to_file else None, errors, recursive=recursive)
    direct = to_file and _is_special(Path(output))
    if direct and (format == "parquet" or resume):
        raise OutputError(f"{output} is not a regular file; Parquet output and --resume need one")
    warn = warn or (lambda message: print(f"warning: {message}", file=sys.stderr))
    files = _RunFiles(Path(output) if to_file else None, None if to_file else output or sys.stdout, format,
                      str(errors) if errors else None,
                      run_fingerprint(paths, options, recursive=recursive) if to_file else None, warn, direct=direct,
                      render=render)
    return paths, files


def _is_special(output: Path) -> bool:
    """Whether ``output`` is a device or a pipe (``/dev/stdout``, ``/dev/null``, a FIFO): written directly.

    A folder is refused: the local output is one file.
    """
    if output.is_dir():
        raise OutputError(f"{output} is a folder; give a file name (a folder of part files is for -o with --scheduler)")
    return output.exists() and not output.is_file()


def _finished(state: Checkpoint | None) -> set[str]:
    if state is None:
        return set()
    return state.analysed | {failure.key for failure in state.failures}


def _run_summary(state: Checkpoint | None, output: str | None, errors: str | None,
                 on_failure: Callable[[ArticleFailure], None] | None) -> BatchSummary:
    """The counts a run starts from: zero, or what the interrupted run finished (its failures reported again)."""
    summary = BatchSummary(output=output, errors=errors)
    if state is not None:
        summary.analysed, summary.failed = len(state.analysed), len(state.failures)
        summary.read = summary.resumed = len(_finished(state))
        summary.statements = state.statements
        for failure in state.failures:
            if on_failure:
                on_failure(failure)
    return summary


def _write_results(results: Iterator[ArticleResult | RenderedResult | ArticleFailure], files: _RunFiles,
                   summary: BatchSummary, *, progress: bool, graceful_stop: bool,
                   on_failure: Callable[[ArticleFailure], None] | None) -> None:
    """Write each result as it comes, committing now and then; stops early (``summary.interrupted``) on a signal."""
    analysed: list[str] = []
    failed: list[ArticleFailure] = []
    statements = 0

    def commit() -> None:
        nonlocal statements
        with files.writing():
            files.commit(analysed, failed, statements)
        analysed.clear()
        failed.clear()
        statements = 0

    from tqdm import tqdm

    bar = None
    completed = False
    try:
        with _stop_on_signals(graceful_stop) as stop:
            for result in results:
                if bar is None:
                    bar = tqdm(desc="analysing", unit=" articles", file=sys.stderr, disable=not progress,
                               initial=summary.read, mininterval=0.5, dynamic_ncols=True)
                summary.read += 1
                if isinstance(result, ArticleFailure):
                    with files.writing(files.errors_partial):
                        files.error_log.write(result)
                    failed.append(result)
                    summary.failed += 1
                    if on_failure:
                        on_failure(result)
                    bar.set_postfix_str(f"errors={summary.failed}", refresh=False)
                else:
                    with files.writing():
                        files.writer.write(result)
                    analysed.append(result.key)
                    statements += result.count
                    summary.analysed += 1
                    summary.statements += result.count
                bar.update(1)
                if stop:
                    summary.interrupted = True
                    break
                if files.writer.ready():
                    commit()
            results.close()
            commit()
            completed = True
    finally:
        with ExitStack() as closing:  # closes everything even when one of them raises (a closed pipe)
            if bar is not None:
                closing.callback(bar.close)
            if not completed:
                closing.callback(results.close)


def read_checkpoint(output: str | Path) -> Checkpoint:
    """The checkpoint of a run that wrote ``output`` (what a resumed run would skip)."""
    return Checkpoint.load(Checkpoint.path_for(output))


__all__ = [
    "FORMATS", "ArticleFailure", "ArticleResult", "BatchSummary", "Checkpoint", "ErrorLog", "ParquetChunks",
    "ParquetWriter", "RenderedResult",
    "ResultWriter", "TextWriter", "analyze_many", "analyze_one", "analyze_several", "csv_header", "default_jobs", "iter_results", "json_line",
    "parquet_schema", "read_checkpoint", "render_csv", "render_jsonl", "render_table", "run_batch",
    "statement_rows", "warm_up",
]
