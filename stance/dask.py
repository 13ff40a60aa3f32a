"""The same pipeline on a Dask cluster: articles as a ``dask.bag``, statements as a ``dask.dataframe`` or files.

>>> from dask.distributed import Client
>>> from stance.dask import run_on_cluster
>>> summary = run_on_cluster(["corpus/"], "statements.parquet", client=Client("tcp://scheduler:8786"))

The corpus is cut into partitions (:class:`Source`: a group of whole files,
or the lines of one big JSONL file that start in a byte range), each read and
analysed on a worker with exactly the code of a local run, so the results are
identical to :func:`stance.batch.run_batch`. Workers read the inputs and
write the output themselves: both must be on storage every worker sees. See
``docs/distributed.md``.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from .articles import (
    DEFAULT_MAX_CHARS, ArticleError, _expand, bounded_lines, iter_articles, jsonl_articles, jsonl_line_limit,
)
from .batch import (
    ArticleFailure, ArticleResult, BatchSummary, ErrorLog, ParquetWriter, TextWriter, analyze_several, parquet_schema,
    statement_rows, warm_up,
)
from .output import (
    OutputError, OutputLock, check_output_paths, fingerprint_difference, run_fingerprint, run_options, write_atomically,
)
from .records import Article
from .speakers import SpeakerRegistry

DEFAULT_BLOCKSIZE = 8_000_000
_PLAN_PIECE = 1 << 20
PART_FORMATS = ("parquet", "jsonl", "csv")
_MANIFESTS = "_manifests"
_RUN_RECORD = "run.json"


@dataclass(frozen=True)
class Source:
    """The input of one partition: whole ``files``, or the lines of ``jsonl`` that start in ``[start, end)``."""

    files: tuple[str, ...] = ()
    jsonl: str | None = None
    start: int = 0
    end: int = 0
    first_line: int = 1


def _jsonl_blocks(path: Path, blocksize: int) -> list[Source]:
    """Cut a big JSONL file at line starts into blocks of about ``blocksize`` bytes, numbering their lines."""
    whole = [Source(files=(str(path),))]
    with path.open("rb") as stream:
        if b"\x00" in stream.read(8192):
            return whole
        stream.seek(0)
        blocks: list[Source] = []
        start = position = 0
        first_line = line = 1
        has_text = False
        for piece in iter(lambda: stream.readline(_PLAN_PIECE), b""):  # a long line is read in pieces
            has_text = has_text or bool(piece.strip())
            position += len(piece)
            if not piece.endswith(b"\n"):
                continue
            line += 1
            if position - start >= blocksize:
                blocks.append(Source(jsonl=str(path), start=start, end=position, first_line=first_line))
                start, first_line = position, line
        if position > start:
            blocks.append(Source(jsonl=str(path), start=start, end=position, first_line=first_line))
    return blocks if has_text else whole


def plan_sources(
    paths: str | Path | Iterable[str | Path],
    *,
    blocksize: int = DEFAULT_BLOCKSIZE,
    encoding: str = "utf-8",
    skipped: Callable[[Path], None] | None = None,
    recursive: bool = False,
) -> list[Source]:
    """Cut the corpus into partitions of about ``blocksize`` bytes, in the order a local run reads it."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    try:
        line_by_line = "\n".encode(encoding) == b"\n"
    except LookupError:
        line_by_line = False
    sources: list[Source] = []
    group: list[str] = []
    group_bytes = 0
    for path, kind in _expand(paths, skipped, recursive):
        size = path.stat().st_size if kind and path.is_file() else 0
        if kind == "jsonl" and line_by_line and size > blocksize:
            if group:
                sources.append(Source(files=tuple(group)))
                group, group_bytes = [], 0
            sources.extend(_jsonl_blocks(path, blocksize))
            continue
        group.append(str(path))
        group_bytes += size
        if group_bytes >= blocksize:
            sources.append(Source(files=tuple(group)))
            group, group_bytes = [], 0
    if group:
        sources.append(Source(files=tuple(group)))
    return sources


def _block_lines(path: str, start: int, end: int, limit: int) -> Iterator[bytes | None]:
    """The lines of ``path`` that start in ``[start, end)``; a line longer than ``limit`` bytes is read through
    in pieces and comes out as ``None`` (see :func:`stance.articles.bounded_lines`), so memory stays bounded."""
    with open(path, "rb") as stream:
        stream.seek(start)
        for line in bounded_lines(stream, limit):
            yield line
            if stream.tell() >= end:
                return


def read_source(source: Source, *, encoding: str = "utf-8", max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ArticleFailure]:
    """The articles of one partition (reader errors as :class:`~stance.batch.ArticleFailure`), in order."""
    if source.jsonl is not None:
        items: Iterable[Article | ArticleError] = jsonl_articles(
            _block_lines(source.jsonl, source.start, source.end, jsonl_line_limit(max_chars)), source.jsonl, Path(source.jsonl).stem,
            first_line=source.first_line, encoding=encoding, max_chars=max_chars)
    else:
        items = iter_articles(list(source.files), encoding=encoding, max_chars=max_chars)
    for item in items:
        yield ArticleFailure.from_error(item) if isinstance(item, ArticleError) else item


def articles_bag(
    paths: str | Path | Iterable[str | Path] | None = None,
    *,
    sources: list[Source] | None = None,
    blocksize: int = DEFAULT_BLOCKSIZE,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    recursive: bool = False,
) -> db.Bag:
    """A bag of the corpus's articles, one partition per :class:`Source`, read on the workers.

    Inputs that cannot be read are :class:`~stance.batch.ArticleFailure` items
    in their place. Folders are read flat unless ``recursive``.
    """
    if sources is None:
        sources = plan_sources(paths or [], blocksize=blocksize, encoding=encoding, recursive=recursive)
    if not sources:
        return db.from_sequence([], npartitions=1)
    plan = db.from_sequence(sources, npartitions=len(sources))
    return plan.map_partitions(_read_partition, encoding=encoding, max_chars=max_chars)


def _read_partition(sources: Iterable[Source], encoding: str, max_chars: int) -> list[Article | ArticleFailure]:
    return [item for source in sources for item in read_source(source, encoding=encoding, max_chars=max_chars)]


def _analyze_partition(items: Iterable[Article | ArticleFailure], registry: SpeakerRegistry | None,
                       model: Any) -> list[ArticleResult | ArticleFailure]:
    registry = registry or SpeakerRegistry.default()
    options = {"model": model} if model is not None else {}
    articles = iter(analyze_several([item for item in items if not isinstance(item, ArticleFailure)], registry,
                                     options))
    return [item if isinstance(item, ArticleFailure) else next(articles) for item in items]


def _shared(value: Any) -> Any:
    """Put a large argument in the graph once rather than in every task."""
    return dask.delayed(value, pure=True) if value is not None else None


def analyze_bag(articles: db.Bag, *, registry: SpeakerRegistry | None = None, model: Any = None) -> db.Bag:
    """Map :func:`stance.pipeline.analyze` over a bag of articles: :class:`~stance.batch.ArticleResult` or failure per item.

    ``registry`` and ``model`` default to the package's own, built once per worker process.
    """
    return articles.map_partitions(_analyze_partition, registry=_shared(registry), model=_shared(model))


def _to_pandas(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pyarrow as pa

    nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return pa.Table.from_pylist(rows, schema=parquet_schema()).to_pandas(types_mapper=nullable.get)


def _statements_partition(results: Iterable[ArticleResult | ArticleFailure]) -> pd.DataFrame:
    return _to_pandas([row for result in results if isinstance(result, ArticleResult) for row in statement_rows(result)])


def statements_dataframe(results: db.Bag) -> dd.DataFrame:
    """The statements of a bag of results as a Dask DataFrame (the Parquet schema's columns, one row per statement)."""
    parts = [dask.delayed(_statements_partition)(part) for part in results.to_delayed()]
    return dd.from_delayed(parts, meta=_to_pandas([]), verify_meta=False)


def _part_name(index: int, format: str) -> str:
    return f"part-{index:06d}.{format}"


def _atomic_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")


def _write_part(results: Iterable[ArticleResult | ArticleFailure], index: int, source: Source, folder: str,
                format: str) -> dict[str, Any]:
    """Worker side: write one partition's part file, then its manifest (which marks it finished)."""
    target = Path(folder) / _part_name(index, format)
    temporary = _atomic_path(target)
    writer = ParquetWriter(temporary) if format == "parquet" else TextWriter(format, temporary)
    manifest: dict[str, Any] = {"index": index, "part": target.name, "source": asdict(source), "read": 0, "analysed": 0,
                                "statements": 0, "failed": []}
    try:
        for result in results:
            manifest["read"] += 1
            if isinstance(result, ArticleFailure):
                manifest["failed"].append(result.to_dict())
                continue
            writer.write(result)
            manifest["analysed"] += 1
            manifest["statements"] += len(result.statements)
            if writer.ready():
                writer.flush()
    finally:
        writer.close()
    os.replace(temporary, target)
    manifest_path = Path(folder) / _MANIFESTS / f"{target.stem}.json"
    manifest_temporary = _atomic_path(manifest_path)
    manifest_temporary.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(manifest_temporary, manifest_path)
    return manifest


def _finished_parts(folder: Path, sources: list[Source]) -> dict[int, dict[str, Any]]:
    finished: dict[int, dict[str, Any]] = {}
    for path in sorted((folder / _MANIFESTS).glob("part-*.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        index = manifest["index"]
        if index >= len(sources) or Source(**{**manifest["source"], "files": tuple(manifest["source"]["files"])}) != sources[index]:
            raise ValueError(f"{folder}: cannot resume, the inputs changed since the interrupted run (partition {index})")
        finished[index] = manifest
    return finished


def _previous_parts(folder: Path) -> set[str]:
    """The part files an earlier run wrote or planned in ``folder``: those its run record and manifests list."""
    manifests = folder / _MANIFESTS
    names: set[str] = set()
    record = manifests / _RUN_RECORD
    if record.is_file():
        names.update(json.loads(record.read_text(encoding="utf-8"))["parts"])
    for path in manifests.glob("part-*.json"):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if "part" in manifest:
            names.add(manifest["part"])
        else:  # written before manifests named their part
            names.update(_part_name(manifest["index"], format) for format in PART_FORMATS)
    return names


def _clear_parts(folder: Path, previous: set[str]) -> None:
    """Remove what an earlier run wrote (the ``previous`` parts, its manifests, its temporary files); nothing else."""
    for name in previous:
        (folder / name).unlink(missing_ok=True)
    for path in folder.glob(".part-*.tmp"):
        path.unlink()
    shutil.rmtree(folder / _MANIFESTS, ignore_errors=True)


def _check_run_record(folder: Path, format: str, fingerprint: dict[str, Any]) -> None:
    """Refuse to resume a run of another format, other inputs or other options (when its run record says so)."""
    record = folder / _MANIFESTS / _RUN_RECORD
    if not record.is_file():
        return
    before = json.loads(record.read_text(encoding="utf-8"))
    if before["format"] != format:
        raise OutputError(f"{folder}: cannot resume, the interrupted run wrote --format {before['format']}; "
                          "run without --resume to start over")
    difference = fingerprint_difference(before["fingerprint"], fingerprint)
    if difference:
        raise OutputError(f"{folder}: cannot resume, {difference}; run without --resume to start over")


def _start_parts(folder: Path, sources: list[Source], format: str, fingerprint: dict[str, Any],
                 resume: bool) -> dict[int, dict[str, Any]]:
    """Prepare ``folder`` for this run; the manifests of the partitions already finished (when resuming).

    A file with the name of one of this run's parts that no earlier run
    wrote is refused rather than overwritten.
    """
    previous = _previous_parts(folder)
    if resume:
        _check_run_record(folder, format, fingerprint)
        finished = _finished_parts(folder, sources)
    else:
        _clear_parts(folder, previous)
        finished, previous = {}, set()
    parts = [_part_name(index, format) for index in range(len(sources))]
    foreign = [name for name in parts if name not in previous and (folder / name).exists()]
    if foreign:
        raise OutputError(f"{folder / foreign[0]} was not written by a stance run in this folder and this run would "
                          "overwrite it; move it away or choose another -o folder")
    (folder / _MANIFESTS).mkdir(parents=True, exist_ok=True)
    record = folder / _MANIFESTS / _RUN_RECORD
    temporary = _atomic_path(record)
    temporary.write_text(json.dumps({"format": format, "parts": sorted(previous | set(parts)),
                                     "fingerprint": fingerprint}), encoding="utf-8")
    os.replace(temporary, record)
    return finished


def run_on_cluster(
    paths: str | Path | Iterable[str | Path],
    output: str | Path,
    *,
    client: Any = None,
    format: str = "parquet",
    errors: str | Path | None = None,
    resume: bool = False,
    registry: SpeakerRegistry | None = None,
    model: Any = None,
    encoding: str = "utf-8",
    max_chars: int = DEFAULT_MAX_CHARS,
    blocksize: int = DEFAULT_BLOCKSIZE,
    progress: bool = False,
    on_failure: Callable[[ArticleFailure], None] | None = None,
    skipped: Callable[[Path], None] | None = None,
    recursive: bool = False,
    registry_files: Iterable[str | Path] = (),
) -> BatchSummary:
    """Analyse a corpus on a Dask cluster, writing ``output/part-NNNNNN.FORMAT`` files; returns the counts.

    ``output`` is a folder on storage the workers share (``format`` is
    ``parquet``, ``jsonl`` or ``csv``; the parts in order hold exactly what a
    local run writes). Each partition's manifest (``output/_manifests``) is
    written when its part is complete, so ``resume=True`` skips finished
    partitions; the inputs and the options that change the output
    (``registry_files`` are the files the registry was extended with) must
    be the same. The folder is locked for the run (``OUTPUT.lock``). A run
    without ``resume`` removes only the part files that the folder's earlier
    run listed (in ``_manifests/run.json`` and its manifests): any other file
    stays, and one with the name of a part this run writes is refused.
    ``errors`` is a JSONL file written here, with every failure in input
    order. ``client`` is a ``dask.distributed.Client`` (default: the current
    one, or Dask's default scheduler).
    """
    paths, folder = _checked_output(paths, output, format, errors, recursive)
    sources = plan_sources(paths, blocksize=blocksize, encoding=encoding, skipped=skipped, recursive=recursive)
    fingerprint = run_fingerprint(paths, run_options(encoding, max_chars, recursive, model, registry_files),
                                  recursive=recursive)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with OutputLock(folder):
        finished = _start_parts(folder, sources, format, fingerprint, resume)
        todo = [index for index in range(len(sources)) if index not in finished]
        manifests = dict(finished)
        if todo:
            warm_up(registry or SpeakerRegistry.default(), {"model": model} if model is not None else {})
            results = analyze_bag(articles_bag(sources=[sources[i] for i in todo], encoding=encoding,
                                               max_chars=max_chars), registry=registry, model=model)
            tasks = [dask.delayed(_write_part)(part, index, sources[index], str(folder.resolve()), format)
                     for index, part in zip(todo, results.to_delayed())]
            manifests.update(_compute(tasks, client, progress))
        summary, failures = _cluster_summary(folder, errors, [manifests[index] for index in range(len(sources))],
                                             resumed=sum(m["read"] for m in finished.values()))
        if errors:
            _write_errors(Path(errors), failures)
    for failure in failures:
        if on_failure:
            on_failure(failure)
    return summary


def _checked_output(paths: str | Path | Iterable[str | Path], output: str | Path, format: str,
                    errors: str | Path | None, recursive: bool) -> tuple[list[str | Path], Path]:
    """The inputs as a list and the output folder, once the format and the outputs are checked (``ValueError``)."""
    if format not in PART_FORMATS:
        raise ValueError(f"the Dask backend writes {', '.join(PART_FORMATS)} part files, not {format!r}")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder}: with a Dask scheduler the output is a folder of part files, and this is a file")
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    check_output_paths(paths, folder, errors, recursive=recursive)
    return paths, folder


def _cluster_summary(folder: Path, errors: str | Path | None, manifests: list[dict[str, Any]],
                     resumed: int) -> tuple[BatchSummary, list[ArticleFailure]]:
    """The counts of a cluster run from the manifests of its partitions (in input order), and its failures."""
    summary = BatchSummary(output=str(folder), errors=str(errors) if errors else None, resumed=resumed)
    failures = [ArticleFailure(**record) for manifest in manifests for record in manifest["failed"]]
    for manifest in manifests:
        summary.read += manifest["read"]
        summary.analysed += manifest["analysed"]
        summary.statements += manifest["statements"]
    summary.failed = len(failures)
    return summary, failures


def _write_errors(path: Path, failures: list[ArticleFailure]) -> None:
    """The errors file, written whole and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with write_atomically(path) as target:
        log = ErrorLog(target)
        for failure in failures:
            log.write(failure)
        log.close()


def _compute(tasks: list, client: Any, progress: bool) -> dict[int, dict[str, Any]]:
    from tqdm import tqdm

    if client is None:
        try:
            from distributed import default_client

            client = default_client()
        except (ImportError, ValueError):
            client = None
    bar = tqdm(total=len(tasks), desc="partitions", unit=" parts", disable=not progress, dynamic_ncols=True)
    done: dict[int, dict[str, Any]] = {}
    try:
        if client is None:
            for manifest in dask.compute(*tasks):
                done[manifest["index"]] = manifest
                bar.update(1)
            return done
        from distributed import as_completed

        for future in as_completed(client.compute(tasks)):
            manifest = future.result()
            done[manifest["index"]] = manifest
            bar.update(1)
        return done
    finally:
        bar.close()
