"""The Dask backend gives exactly what a local run gives, on a LocalCluster with two worker processes."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from constructed_corpus import constructed_text, write_corpus
from stance.articles import ArticleError, iter_articles
from stance.batch import ArticleFailure, iter_results, run_batch
from stance.cli import main
from stance.pipeline import statements_frame

distributed = pytest.importorskip("distributed")
stance_dask = pytest.importorskip("stance.dask")

BLOCKSIZE = 1_500


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """12 .txt articles, a JSONL file of 8 more (cut into several blocks), and bad inputs mixed in."""
    folder = write_corpus(tmp_path_factory.mktemp("dask") / "corpus", 12, jsonl_lines=8)
    with (folder / "z.jsonl").open("a", encoding="utf-8") as out:
        out.write('{"id": "no-text", "title": "Missing"}\n{"text": "Minister Aldren said the line was cut')
    (folder / "a005.txt").write_bytes(b"\x00\x01\x02 binary")
    (folder / "a011.txt").write_bytes("Title\n\nMinister Aldren said \u201cno\u201d.".encode("utf-8") + b"\xff")
    return folder


def test_the_partitions_read_exactly_what_a_local_run_reads(corpus):
    sources = stance_dask.plan_sources([corpus], blocksize=BLOCKSIZE)
    assert sum(source.jsonl is not None for source in sources) > 1
    items = [item for source in sources for item in stance_dask.read_source(source)]
    local = [ArticleFailure.from_error(item) if isinstance(item, ArticleError) else item for item in iter_articles([corpus])]
    assert items == local


def local_run(corpus: Path, folder: Path, format: str):
    out = folder / f"local.{format}"
    summary = run_batch([corpus], out, format=format, errors=folder / "local-errors.jsonl", jobs=1)
    return out, summary


def test_parquet_parts_equal_the_local_parquet_file(client, corpus, tmp_path):
    local, local_summary = local_run(corpus, tmp_path, "parquet")
    summary = stance_dask.run_on_cluster([corpus], tmp_path / "parts", client=client, format="parquet",
                                         errors=tmp_path / "errors.jsonl", blocksize=BLOCKSIZE)
    parts = sorted((tmp_path / "parts").glob("part-*.parquet"))
    assert len(parts) > 3
    assert pa.concat_tables(pq.read_table(part) for part in parts).equals(pq.read_table(local))
    assert (tmp_path / "errors.jsonl").read_bytes() == (tmp_path / "local-errors.jsonl").read_bytes()
    assert (summary.read, summary.analysed, summary.failed, summary.statements) == (
        local_summary.read, local_summary.analysed, local_summary.failed, local_summary.statements)
    assert summary.failed == 4 and summary.statements > 0


def test_jsonl_parts_concatenate_to_the_local_file_and_resume_redoes_only_missing_parts(client, corpus, tmp_path):
    local, _ = local_run(corpus, tmp_path, "jsonl")
    folder = tmp_path / "parts"
    stance_dask.run_on_cluster([corpus], folder, client=client, format="jsonl", blocksize=BLOCKSIZE)
    parts = sorted(folder.glob("part-*.jsonl"))
    assert b"".join(part.read_bytes() for part in parts) == local.read_bytes()
    lost = parts[2]
    lost.unlink()
    (folder / "_manifests" / f"{lost.stem}.json").unlink()
    kept = {part: part.stat().st_mtime_ns for part in parts if part != lost}
    summary = stance_dask.run_on_cluster([corpus], folder, client=client, format="jsonl", blocksize=BLOCKSIZE,
                                         resume=True)
    assert {part: part.stat().st_mtime_ns for part in parts if part != lost} == kept
    assert b"".join(part.read_bytes() for part in sorted(folder.glob("part-*.jsonl"))) == local.read_bytes()
    assert 0 < summary.resumed < summary.read


def values(column) -> list:
    return [None if pd.isna(value) else value for value in column]


def test_statements_dataframe_equals_the_local_statements_frame(client, corpus):
    results = stance_dask.analyze_bag(stance_dask.articles_bag([corpus], blocksize=BLOCKSIZE))
    frame = stance_dask.statements_dataframe(results).compute().reset_index(drop=True)
    local = statements_frame((r.article, list(r.statements)) for r in iter_results([corpus])
                             if not isinstance(r, ArticleFailure))
    assert len(frame) == len(local) > 0
    for column in ("article_id", "date", "start", "end", "text", "kind", "cue", "speaker", "affiliation"):
        assert values(frame[column]) == values(local[column])
    failures = results.filter(lambda item: isinstance(item, ArticleFailure)).compute()
    assert [failure.id for failure in failures] == ["a005", "a011", "z-9", "z-10"]


def test_cli_scheduler_option_writes_parts_and_reports_failures(client, corpus, tmp_path, capsys):
    folder = tmp_path / "parts"
    code = main(["analyze", str(corpus), "--scheduler", client.scheduler.address, "--format", "parquet",
                 "-o", str(folder), "--errors", str(tmp_path / "errors.jsonl")])
    err = capsys.readouterr().err
    assert code == 1
    assert "22 articles read, 18 analysed, 4 failed" in err
    assert f"error: {corpus / 'a005.txt'}: binary file" in err
    assert [json.loads(line)["id"] for line in (tmp_path / "errors.jsonl").read_text().splitlines()] == [
        "a005", "a011", "z-9", "z-10"]
    assert pq.read_table(folder).num_rows > 0
    code = main(["analyze", str(corpus), "--scheduler", client.scheduler.address, "--format", "table", "-o", str(folder)])
    assert code == 2 and "part files" in capsys.readouterr().err


def test_a_big_jsonl_file_is_split_at_line_starts_with_the_right_line_numbers(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(30):
            out.write(json.dumps({"text": constructed_text(number)}) + ("\n\n" if number % 7 == 0 else "\n"))
    sources = stance_dask.plan_sources([path], blocksize=1_000)
    assert len(sources) > 5
    assert all(a.end == b.start for a, b in zip(sources, sources[1:]))
    ids = [item.id for source in sources for item in stance_dask.read_source(source)]
    assert ids == [article.id for article in iter_articles(path)]


def test_a_new_run_removes_only_the_parts_its_earlier_run_listed(client, corpus, tmp_path):
    folder = tmp_path / "parts"
    stance_dask.run_on_cluster([corpus], folder, client=client, format="jsonl", blocksize=BLOCKSIZE)
    ours = sorted(path.name for path in folder.glob("part-*.jsonl"))
    (folder / "part-2023-budget.parquet").write_bytes(b"the user's own file")
    (folder / "notes.txt").write_text("keep")
    stance_dask.run_on_cluster([corpus], folder, client=client, format="parquet", blocksize=BLOCKSIZE)
    assert (folder / "part-2023-budget.parquet").read_bytes() == b"the user's own file"
    assert (folder / "notes.txt").read_text() == "keep"
    assert not any((folder / name).exists() for name in ours)
    assert len(list(folder.glob("part-0*.parquet"))) == len(ours)
    assert not (tmp_path / "parts.lock").exists()


def test_a_file_with_the_name_of_a_part_that_no_run_wrote_is_refused_not_overwritten(client, corpus, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "part-000001.jsonl").write_text("someone else's\n")
    with pytest.raises(ValueError, match="part-000001.jsonl was not written by a stance run in this folder"):
        stance_dask.run_on_cluster([corpus], folder, client=client, format="jsonl", blocksize=BLOCKSIZE)
    assert (folder / "part-000001.jsonl").read_text() == "someone else's\n"


def test_dask_resume_refuses_other_inputs_and_outputs_inside_the_inputs(client, corpus, tmp_path):
    folder = tmp_path / "parts"
    stance_dask.run_on_cluster([corpus], folder, client=client, format="jsonl", blocksize=BLOCKSIZE)
    other = write_corpus(tmp_path / "other", 2)
    with pytest.raises(ValueError, match=f"cannot resume, the interrupted run read {corpus} and this run reads {other}"):
        stance_dask.run_on_cluster([other], folder, client=client, format="jsonl", blocksize=BLOCKSIZE, resume=True)
    with pytest.raises(ValueError, match="is inside the input folder"):
        stance_dask.run_on_cluster([other], other / "parts", client=client, format="jsonl")


def test_a_line_too_long_for_an_article_is_read_through_in_pieces_and_fails_alone(tmp_path):
    """A block holds no line longer than the JSONL line limit in memory: that line is skipped as the local reader
    skips it (same failure, same line number) and the lines after it are read."""
    path = tmp_path / "long.jsonl"
    max_chars = 2_000
    long_line = json.dumps({"text": "Minister Aldren said " + "x" * (stance_dask.jsonl_line_limit(max_chars) + 10)})
    with path.open("w", encoding="utf-8") as out:
        for number in range(12):
            out.write((long_line if number == 5 else json.dumps({"text": constructed_text(number)})) + "\n")
    sources = stance_dask.plan_sources([path], blocksize=600)
    assert len(sources) > 3 and sources[-1].end == path.stat().st_size
    lines = [line for source in sources
             for line in stance_dask._block_lines(source.jsonl, source.start, source.end, 100_000)]
    assert len(lines) == 12 and lines[5] is None and lines[6] == path.read_bytes().splitlines(keepends=True)[6]
    items = [item for source in sources for item in stance_dask.read_source(source, max_chars=max_chars)]
    local = [ArticleFailure.from_error(item) if isinstance(item, ArticleError) else item
             for item in iter_articles(path, max_chars=max_chars)]
    assert items == local
    assert isinstance(items[5], ArticleFailure) and items[5].file == f"{path}:6" and "line too long" in items[5].reason
