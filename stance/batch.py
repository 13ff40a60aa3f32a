"""Run the pipeline over a whole corpus: streamed, parallel, written as it goes, nothing lost, resumable.

>>> from stance.batch import run_batch
>>> summary = run_batch(["corpus/"], "statements.jsonl", errors="errors.jsonl", jobs=4)

Articles are read lazily (:func:`stance.articles.iter_articles`), analysed in
chunks by a pool of worker processes with a bounded number of chunks in
flight (memory stays flat however large the corpus), and come back in input
order, identical to a one-process run. Every article that cannot be read or
whose analysis raises becomes an :class:`ArticleFailure` (id, file, reason)
and the run goes on.

Writing to a file keeps a checkpoint beside it (``OUTPUT.checkpoint``, one
JSON line per commit: the files finished since the last commit and how far
the output and errors files were durable). An interrupted run started again
with ``resume=True`` truncates both files to the last commit (dropping a
half-written last line) and skips every article already finished, so nothing
is redone or written twice.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import textwrap
import threading
import time
import traceback
from collections import deque
from contextlib import ExitStack, contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, TextIO

from .articles import DEFAULT_MAX_CHARS, ArticleError, article_from_text, iter_articles
from .pipeline import STATEMENT_COLUMNS, analyze, article_rows
from .records import ESCALATION_LEVELS, STANCES, Article, Statement
from .speakers import SpeakerRegistry

FORMATS = ("table", "jsonl", "csv", "parquet")
CHUNK_ARTICLES = 16
CHUNK_CHARS = 200_000
PARQUET_ROW_GROUP = 10_000
_COMMIT_ARTICLES = 64
_COMMIT_SECONDS = 1.0
_LINE_BREAKS_JSON_KEEPS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
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


def _init_worker(registry: SpeakerRegistry, options: dict[str, Any], parent: int) -> None:
    """Worker set-up: Ctrl-C and SIGTERM are the parent's to handle (a terminal or a service manager signals
    the whole process group); the worker ends with its parent."""
    _WORKER.update(registry=registry, options=options, parent=parent)
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


def _analyze_chunk(articles: list[Article]) -> list[tuple[Statement, ...] | ArticleFailure]:
    """Worker side: statements (or the failure) of each article; the articles themselves stay in the parent."""
    out: list[tuple[Statement, ...] | ArticleFailure] = []
    for article in articles:
        result = analyze_one(article, _WORKER["registry"], _WORKER["options"])
        out.append(result.statements if isinstance(result, ArticleResult) else result)
    return out


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


def _merge(chunk: list[Article | ArticleFailure], outcomes: list) -> Iterator[ArticleResult | ArticleFailure]:
    done = iter(outcomes)
    for item in chunk:
        if isinstance(item, ArticleFailure):
            yield item
        else:
            outcome = next(done)
            yield outcome if isinstance(outcome, ArticleFailure) else ArticleResult(item, outcome)


class _Pool:
    """A process pool that is rebuilt when a worker dies; the article that killed it becomes a failure."""

    def __init__(self, jobs: int, registry: SpeakerRegistry, options: dict[str, Any]):
        self.jobs, self.registry, self.options = jobs, registry, options
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=_pool_context(), initializer=_init_worker,
                                   initargs=(self.registry, self.options, os.getpid()))

    def submit(self, articles: list[Article]) -> Future:
        return self.executor.submit(_analyze_chunk, articles)

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
) -> Iterator[ArticleResult | ArticleFailure]:
    """Analyse articles in input order: an :class:`ArticleResult` or an :class:`ArticleFailure` for each item.

    ``jobs`` worker processes analyse chunks of ``chunk_articles`` articles
    with at most ``3 * jobs`` chunks in flight, so ``items`` is consumed
    lazily and memory stays flat. Reader errors in ``items`` come out as
    failures in their place. ``model`` is passed to
    :func:`stance.pipeline.analyze` when given (else its default model,
    built once per worker process, is used).
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
    pool = _Pool(jobs, registry, options)
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
) -> Iterator[ArticleResult | ArticleFailure]:
    """Read and analyse every article under ``paths``, in input order (see :func:`analyze_many`).

    Inputs whose key (``FILE`` or ``FILE:LINE``) is in ``skip`` are left out;
    files that are not articles (and subfolders, unless ``recursive``) are passed to ``skipped``.
    """
    items = iter_articles(paths, encoding=encoding, max_chars=max_chars, skipped=skipped, recursive=recursive)
    if skip:
        items = (item for item in items if (item.path if isinstance(item, ArticleError) else item.path or item.id) not in skip)
    return analyze_many(items, jobs=jobs, registry=registry, model=model)


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(_one_line(text), width=width, placeholder=" ...")


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
    """One article as a JSONL line: ``{"id", "title", "date", "source", "statements": [...]}``."""
    article = result.article
    return json_line({"id": article.id, "title": article.title, "date": article.date, "source": article.source,
                      "statements": [s.to_dict() for s in result.statements]})


def render_table(result: ArticleResult) -> str:
    """One article as a readable block: a heading, then speaker, kind and shortened text per statement."""
    article = result.article
    heading = article.id + (f"  {article.date}" if article.date else "") + (f"  {article.title}" if article.title else "")
    lines = [_shorten(heading, 110), f"  {'speaker':28} {'kind':9} statement"]
    for statement in result.statements:
        speaker = _shorten(statement.speaker or "(unattributed)", 28)
        lines.append(f"  {speaker:28} {statement.kind:9} {_shorten(statement.text, 70)}")
    lines.append(f"  {len(result.statements)} statements")
    return "\n".join(lines) + "\n\n"


def render_csv(result: ArticleResult) -> str:
    """One article's statements as CSV rows (columns :data:`stance.pipeline.STATEMENT_COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STATEMENT_COLUMNS, extrasaction="ignore")
    writer.writerows(statement_rows(result))
    return buffer.getvalue()


def csv_header() -> str:
    """The CSV header line."""
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=STATEMENT_COLUMNS).writeheader()
    return buffer.getvalue()


def parquet_schema():
    """The explicit, stable Arrow schema of the Parquet output: one row per statement."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema([
        ("article_id", text), ("date", text), ("date_inferred", pa.bool_()), ("title", text), ("source", text),
        ("start", pa.int64()), ("end", pa.int64()), ("text", text), ("kind", text), ("cue", text),
        ("speaker", text), ("speaker_type", text), ("affiliation", text), ("target", text), ("stance", text),
        ("escalation", pa.int64()), ("act", text),
        ("stance_proba", pa.struct([(name, pa.float64()) for name in STANCES])),
        ("escalation_proba", pa.struct([(str(level), pa.float64()) for level in ESCALATION_LEVELS])),
        ("evidence", pa.list_(text)),
        ("cue_start", pa.int64()), ("cue_end", pa.int64()), ("mention_start", pa.int64()), ("mention_end", pa.int64()),
    ])


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

    def __init__(self, format: str, target: str | Path | TextIO, *, resume_at: int | None = None):
        self.render = self.RENDER[format]
        self.stream: TextIO | None = None
        self.file: BinaryIO | None = None
        self.mark = 0
        self.unflushed = 0
        self.flushed_at = time.monotonic()
        if isinstance(target, (str, Path)):
            self.file = _open_at(Path(target), resume_at)
            self.mark = self.file.tell()
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

    def write(self, result: ArticleResult) -> None:
        self._put(self.render(result))
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
    """Parquet output with :func:`parquet_schema`, one row group per ``row_group_rows`` statements.

    When resuming, the first ``resume_at`` row groups of the existing file are
    kept (copied into the new file) and writing continues after them.
    """

    def __init__(self, path: str | Path, *, resume_at: int | None = None, row_group_rows: int = PARQUET_ROW_GROUP):
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.schema = parquet_schema()
        self.row_group_rows = row_group_rows
        self.rows: list[dict[str, Any]] = []
        self.articles = 0
        self.row_groups = 0
        previous = None
        if resume_at:
            previous = self.path.with_name(self.path.name + ".previous")
            if not previous.exists():
                os.replace(self.path, previous)
        self.writer = pq.ParquetWriter(self.path, self.schema)
        if previous is not None:
            kept = pq.ParquetFile(previous)
            for index in range(resume_at or 0):
                self.writer.write_table(kept.read_row_group(index).cast(self.schema))
                self.row_groups += 1
            kept.close()
            previous.unlink()

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


def parquet_row_groups(path: str | Path) -> int | None:
    """The number of row groups of a complete Parquet file, or ``None`` if it is missing or unreadable."""
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as found:
            return found.num_row_groups
    except (OSError, ValueError):
        return None


def _size(path: str | Path) -> int:
    return Path(path).stat().st_size if Path(path).exists() else 0


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
        self.mark = self.file.tell() if self.file else 0

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
    """What an interrupted run had durably finished, read from ``OUTPUT.checkpoint``."""

    format: str
    analysed: set[str] = field(default_factory=set)
    failures: list[ArticleFailure] = field(default_factory=list)
    statements: int = 0
    output_mark: int = 0
    errors_mark: int = 0
    errors_path: str | None = None

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
            found = cls(format=header["format"], errors_path=header.get("errors"))
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"{path}: not a stance checkpoint; run without --resume to start over") from None
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
    def __init__(self, path: Path, format: str, errors: str | None, *, resume: bool):
        self.path = path
        self.file = path.open("ab" if resume else "wb")
        if not resume:
            self._put({"stance_checkpoint": 1, "format": format, "errors": errors})

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
        self._put({"stance_checkpoint": 1, "format": checkpoint.format, "errors": checkpoint.errors_path})
        self.commit(sorted(checkpoint.analysed), checkpoint.failures, checkpoint.statements,
                    checkpoint.output_mark, checkpoint.errors_mark)

    def close(self) -> None:
        self.file.close()


def _resume_state(output: Path, format: str, errors: str | None, warn: Callable[[str], None]) -> Checkpoint | None:
    """What to keep from an interrupted run writing ``output`` (``None``: nothing to resume)."""
    checkpoint_path = Checkpoint.path_for(output)
    if not checkpoint_path.exists():
        if output.exists() and output.stat().st_size:
            raise ValueError(f"{output}: cannot resume, no checkpoint {checkpoint_path}; run without --resume to start over")
        return None
    state = Checkpoint.load(checkpoint_path)
    if state.format != format:
        raise ValueError(f"{output}: cannot resume, the interrupted run wrote --format {state.format}")
    if format == "parquet" and state.output_mark:
        previous = output.with_name(output.name + ".previous")
        groups = parquet_row_groups(previous if previous.exists() else output)
        if groups is None or groups < state.output_mark:
            warn(f"{output}: incomplete Parquet file (the run was killed before closing it); "
                 f"its {len(state.analysed)} articles are analysed again")
            previous.unlink(missing_ok=True)
            state.analysed, state.statements, state.output_mark = set(), 0, 0
    if (errors or None) != state.errors_path:
        state.errors_mark = 0
        state.errors_path = errors
    return state


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
) -> BatchSummary:
    """Analyse every article under ``paths`` and write the results as they come; returns the counts.

    ``output`` is a file path, a text stream or ``None`` (standard output);
    ``format`` is one of :data:`FORMATS` (Parquet needs a path). ``errors``
    names a JSONL file receiving ``{"id", "file", "reason"}`` for every
    article that failed; ``on_failure`` is called with each failure as well
    (also with those recorded before a resume). ``jobs`` defaults to every
    core. ``resume=True`` continues an interrupted run that wrote to the
    same ``output``. ``progress`` shows a progress bar on standard error.

    With ``graceful_stop`` (and when called from the main thread), Ctrl-C or
    SIGTERM stops the run after the article being written, with everything
    committed; the summary then has ``interrupted`` set. A second signal
    aborts at once (a resumed run then redoes at most the last second of work).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    to_file = isinstance(output, (str, Path))
    if format == "parquet" and not to_file:
        raise ValueError("Parquet output needs a file name (-o FILE)")
    if resume and not to_file:
        raise ValueError("--resume needs an output file (-o FILE)")
    warn = warn or (lambda message: print(f"warning: {message}", file=sys.stderr))
    errors_name = str(errors) if errors else None
    state = _resume_state(Path(output), format, errors_name, warn) if resume and to_file else None
    summary = BatchSummary(output=str(output) if to_file else None, errors=errors_name)
    done: set[str] = set()
    if state is not None:
        done = state.analysed | {failure.key for failure in state.failures}
        summary.analysed, summary.failed = len(state.analysed), len(state.failures)
        summary.read = summary.resumed = len(done)
        summary.statements = state.statements
        for failure in state.failures:
            if on_failure:
                on_failure(failure)
    if format == "parquet":
        writer: ResultWriter = ParquetWriter(output, resume_at=state.output_mark if state else None)
    else:
        writer = TextWriter(format, output if output is not None else sys.stdout,
                            resume_at=state.output_mark if state else None)
    rewrite_errors = state is not None and errors_name is not None and (
        state.errors_path != errors_name or _size(errors_name) < state.errors_mark)
    error_log = ErrorLog(errors, resume_at=None if state is None or rewrite_errors else state.errors_mark)
    log = None
    if to_file:
        log = _CheckpointLog(Checkpoint.path_for(output), format, errors_name, resume=state is not None)
        if state is not None:
            if rewrite_errors:
                for failure in state.failures:
                    error_log.write(failure)
                state.errors_path, state.errors_mark = errors_name, error_log.flush()
            log.restart_from(state)
    results = iter_results(paths, jobs=jobs or default_jobs(), registry=registry, model=model, encoding=encoding,
                           max_chars=max_chars, skip=done, skipped=skipped, recursive=recursive)
    analysed: list[str] = []
    failed: list[ArticleFailure] = []
    statements = 0

    def commit() -> None:
        nonlocal statements
        out_mark, err_mark = writer.flush(), error_log.flush()
        if log is not None and (analysed or failed):
            log.commit(analysed, failed, statements, out_mark, err_mark)
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
                    error_log.write(result)
                    failed.append(result)
                    summary.failed += 1
                    if on_failure:
                        on_failure(result)
                    bar.set_postfix_str(f"errors={summary.failed}", refresh=False)
                else:
                    writer.write(result)
                    analysed.append(result.key)
                    statements += len(result.statements)
                    summary.analysed += 1
                    summary.statements += len(result.statements)
                bar.update(1)
                if stop:
                    summary.interrupted = True
                    break
                if writer.ready():
                    commit()
            results.close()
            commit()
            completed = True
    finally:
        with ExitStack() as closing:  # closes everything even when one of them raises (a closed pipe)
            if log is not None:
                closing.callback(log.close)
            closing.callback(error_log.close)
            closing.callback(writer.close)
            if bar is not None:
                closing.callback(bar.close)
            if not completed:
                closing.callback(results.close)
    return summary


def read_checkpoint(output: str | Path) -> Checkpoint:
    """The checkpoint of a run that wrote ``output`` (what a resumed run would skip)."""
    return Checkpoint.load(Checkpoint.path_for(output))


__all__ = [
    "FORMATS", "ArticleFailure", "ArticleResult", "BatchSummary", "Checkpoint", "ErrorLog", "ParquetWriter",
    "ResultWriter", "TextWriter", "analyze_many", "analyze_one", "csv_header", "default_jobs", "iter_results", "json_line",
    "parquet_schema", "read_checkpoint", "render_csv", "render_jsonl", "render_table", "run_batch",
    "statement_rows", "warm_up",
]
