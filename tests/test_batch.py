"""Batch runs: input order, identical results for any --jobs, every failure recorded, resume, output formats."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import stance.batch as batch
from stance.batch import (
    ArticleFailure, ArticleResult, Checkpoint, analyze_many, iter_results, parquet_schema, read_checkpoint, render_jsonl,
    run_batch,
)
from stance.articles import iter_articles
from stance.output import partial_path
from constructed_corpus import constructed_text, write_corpus
from stance.cli import main
from stance.pipeline import STATEMENT_COLUMNS, statements_frame
from stance.records import Article, Statement

def fake_analyze(article, registry=None, **options):
    """A fast stand-in for the pipeline: one statement per sentence-final quote mark, deterministic."""
    if "EXPLODE" in article.text:
        raise RuntimeError("cannot pair the quotation marks")
    if "KILLWORKER" in article.text and os.getpid() != PARENT:
        os._exit(3)
    found = []
    start = article.text.find("\u201c")
    if start >= 0:
        end = article.text.find("\u201d", start)
        found.append(Statement(start=start + 1, end=end, text=article.text[start + 1:end], kind="direct",
                               speaker="Ilsa Aldren", speaker_type="person"))
    return found


PARENT = os.getpid()


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Replace the pipeline inside the batch module (worker processes inherit it by fork): extraction by
    :func:`fake_analyze`, and labelling (which workers do for a chunk at once) by leaving statements as they are."""
    monkeypatch.setattr(batch, "analyze", fake_analyze)
    monkeypatch.setattr(batch, "label_articles",
                        lambda pairs, **options: [list(statements) for _, statements in pairs])


def keys(results):
    return [r.key for r in results]


def test_results_come_in_input_order_and_are_identical_for_any_number_of_jobs(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 12, jsonl_lines=6)
    one = list(iter_results([corpus], jobs=1))
    two = list(iter_results([corpus], jobs=2))
    assert one == two
    assert len(one) == 18
    assert keys(one)[:2] == [str(corpus / "a000.txt"), str(corpus / "a001.txt")]
    assert keys(one)[-1] == f"{corpus / 'z.jsonl'}:6"
    assert all(isinstance(r, ArticleResult) for r in one)
    assert sum(len(r.statements) for r in one) > 0


def test_an_exception_on_one_article_is_a_failure_and_the_run_goes_on(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "corpus", 40)
    (corpus / "a007.txt").write_text("Title\n\nThe minister said EXPLODE here.\n", encoding="utf-8")
    results = list(iter_results([corpus], jobs=2))
    assert len(results) == 40
    failure = results[7]
    assert isinstance(failure, ArticleFailure)
    assert failure.file == str(corpus / "a007.txt") and failure.id == "a007"
    assert failure.reason.startswith("analysis failed: RuntimeError: cannot pair the quotation marks")
    assert "test_batch.py" in failure.reason and "\n" not in failure.reason
    assert all(isinstance(r, ArticleResult) for i, r in enumerate(results) if i != 7)


def test_a_worker_that_dies_costs_only_its_article(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "corpus", 60)
    (corpus / "a033.txt").write_text("Title\n\nThe minister said KILLWORKER.\n", encoding="utf-8")
    results = list(iter_results([corpus], jobs=2))
    assert keys(results) == [str(corpus / f"a{n:03d}.txt") for n in range(60)]
    failed = [r for r in results if isinstance(r, ArticleFailure)]
    assert [f.id for f in failed] == ["a033"]
    assert "worker process died" in failed[0].reason


def test_reader_errors_keep_their_place_and_name_the_file(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 3)
    (corpus / "a001.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    with (corpus / "b.jsonl").open("w") as out:
        out.write(json.dumps({"text": constructed_text(9)}) + "\n" + '{"text": "cut off in the mid\n')
    results = list(iter_results([corpus], jobs=2))
    assert [type(r).__name__ for r in results] == ["ArticleResult", "ArticleFailure", "ArticleResult", "ArticleResult",
                                                   "ArticleFailure"]
    assert results[1].to_dict() == {"id": "a001", "file": str(corpus / "a001.txt"),
                                    "reason": "binary file (contains NUL bytes), not a text article"}
    assert results[3].article.id == "b-1"
    assert results[4].id == "b-2" and results[4].file == f"{corpus / 'b.jsonl'}:2"


def test_analyze_many_reads_lazily_with_bounded_work_in_flight(fake_pipeline):
    pulled = []

    def articles():
        for number in range(10_000):
            pulled.append(number)
            yield Article(id=f"n{number}", text=constructed_text(number), path=f"mem:{number}")

    results = analyze_many(articles(), jobs=2, chunk_articles=4)
    first = [next(results) for _ in range(5)]
    assert [r.article.id for r in first] == ["n0", "n1", "n2", "n3", "n4"]
    assert len(pulled) <= 3 * 2 * 4 + 4 * 2
    results.close()


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_run_batch_writes_outputs_and_errors_and_leaves_no_checkpoint_behind(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "corpus", 6)
    (corpus / "a002.txt").write_text("", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    seen = []
    summary = run_batch([corpus], out, errors=errors, jobs=2, on_failure=seen.append)
    assert (summary.read, summary.analysed, summary.failed) == (6, 5, 1)
    records = read_lines(out)
    assert [r["id"] for r in records] == ["a000", "a001", "a003", "a004", "a005"]
    assert summary.statements == sum(len(r["statements"]) for r in records) > 0
    assert read_lines(errors) == [{"id": "a002", "file": str(corpus / "a002.txt"), "reason": "empty file"}]
    assert [f.id for f in seen] == ["a002"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "errors.jsonl", "out.jsonl"]
    assert "5 analysed, 1 failed" in summary.line()


class Crash(Exception):
    """A stand-in for a kill just before the run renames its output into place."""


def crash_before_publishing(monkeypatch):
    def crash(files):
        raise Crash()
    monkeypatch.setattr(batch._RunFiles, "finish", crash)


def test_jsonl_output_is_one_line_per_article_even_with_unicode_line_separators():
    text = "Minister Aldren said\u2028that \u201cthe line\u2029 holds\u201d.\x85 End."
    line = render_jsonl(ArticleResult(Article(id="u", text=text), ()))
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line)["id"] == "u"


def clean_run(tmp_path: Path, corpus: Path, format: str = "jsonl", **options) -> tuple[Path, Path]:
    out = tmp_path / f"clean.{format}"
    errors = tmp_path / "clean-errors.jsonl"
    run_batch([corpus], out, format=format, errors=errors, jobs=1, **options)
    return out, errors


def test_resume_after_a_crash_truncates_half_written_lines_and_skips_finished_articles(tmp_path, fake_pipeline, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 150)
    for bad in ("a010.txt", "a120.txt"):
        (corpus / bad).write_text("Title\n\nEXPLODE\n", encoding="utf-8")
    clean_out, clean_errors = clean_run(tmp_path, corpus)
    monkeypatch.setattr(batch, "_COMMIT_ARTICLES", 20)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    crash_before_publishing(monkeypatch)
    with pytest.raises(Crash):
        run_batch([corpus], out, errors=errors, jobs=2)
    monkeypatch.undo()
    monkeypatch.setattr(batch, "analyze", fake_analyze)
    assert not out.exists() and not errors.exists()
    checkpoint_path = Checkpoint.path_for(out)
    commits = checkpoint_path.read_bytes().split(b"\n")
    assert len(commits) > 4
    # A crash: three commits survive, the fourth is cut mid-line, and the output has a half-written line past it.
    checkpoint_path.write_bytes(b"\n".join(commits[:4]) + b"\n" + commits[4][:25])
    kept = read_checkpoint(out)
    with partial_path(out).open("r+b") as stream:
        stream.truncate(kept.output_mark + 37)
    analysed = []
    monkeypatch.setattr(batch, "analyze", lambda article, **options: analysed.append(article.id) or fake_analyze(article))
    summary = run_batch([corpus], out, errors=errors, jobs=1, resume=True)
    assert out.read_bytes() == clean_out.read_bytes()
    assert errors.read_bytes() == clean_errors.read_bytes()
    assert summary.resumed == len(kept.analysed) + len(kept.failures) == 61
    assert analysed[0] == "a061" and len(analysed) == 150 - 61
    assert (summary.read, summary.analysed, summary.failed) == (150, 148, 2)
    assert not checkpoint_path.exists() and not partial_path(out).exists()


def test_resume_after_a_finished_run_starts_afresh_and_says_so(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "corpus", 5)
    out, _ = clean_run(tmp_path, corpus)
    before = out.read_bytes()
    warnings = []
    summary = run_batch([corpus], out, errors=tmp_path / "clean-errors.jsonl", resume=True, warn=warnings.append)
    assert out.read_bytes() == before
    assert summary.resumed == 0 and summary.read == 5
    assert warnings == [f"{out}: no interrupted run to resume (a finished run removes its checkpoint); "
                        "starting from the beginning"]


def interrupted_run(tmp_path: Path, corpus: Path, monkeypatch, format: str = "jsonl", at: str = "a002"):
    """A run stopped by Ctrl-C at article ``at``: its partial output and checkpoint are left for --resume."""
    out, errors = tmp_path / f"out.{format}", tmp_path / "errors.jsonl"
    monkeypatch.setattr(batch, "analyze", interrupt_at(at))
    assert run_batch([corpus], out, format=format, errors=errors, jobs=1).interrupted
    monkeypatch.setattr(batch, "analyze", fake_analyze)
    return out, errors


def test_resume_refuses_another_format_or_a_partial_output_shorter_than_its_checkpoint(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 4)
    out, errors = interrupted_run(tmp_path, corpus, monkeypatch)
    with pytest.raises(ValueError, match="wrote --format jsonl"):
        run_batch([corpus], out, format="csv", errors=errors, resume=True)
    partial_path(out).write_bytes(b"")
    with pytest.raises(ValueError, match="missing or shorter than its checkpoint"):
        run_batch([corpus], out, errors=errors, resume=True)


def test_resume_rewrites_a_lost_errors_file_from_the_checkpoint(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 4)
    (corpus / "a001.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(batch, "analyze", fake_analyze)
    _, clean_errors = clean_run(tmp_path, corpus)
    out, errors = interrupted_run(tmp_path, corpus, monkeypatch)
    partial_path(errors).unlink()
    summary = run_batch([corpus], out, errors=errors, resume=True)
    assert errors.read_bytes() == clean_errors.read_bytes() and summary.failed == 1


def interrupt_at(article_id: str):
    def analyze(article, registry=None, **options):
        if article.id == article_id:
            os.kill(os.getpid(), signal.SIGINT)
        return fake_analyze(article)
    return analyze


@pytest.mark.parametrize("format", ["jsonl", "csv", "table", "parquet"])
def test_ctrl_c_stops_cleanly_and_resume_finishes_the_same_output(tmp_path, monkeypatch, format):
    corpus = write_corpus(tmp_path / "corpus", 30)
    (corpus / "a004.txt").write_text("Title\n\nEXPLODE\n", encoding="utf-8")
    monkeypatch.setattr(batch, "analyze", fake_analyze)
    clean_out, clean_errors = clean_run(tmp_path, corpus, format, )
    monkeypatch.setattr(batch, "analyze", interrupt_at("a017"))
    monkeypatch.setattr(batch, "PARQUET_ROW_GROUP", 5)
    out, errors = tmp_path / f"out.{format}", tmp_path / "errors.jsonl"
    first = run_batch([corpus], out, format=format, errors=errors, jobs=1)
    assert first.interrupted and first.read == 18
    monkeypatch.setattr(batch, "analyze", fake_analyze)
    second = run_batch([corpus], out, format=format, errors=errors, jobs=1, resume=True)
    assert not second.interrupted and second.resumed == 18 and (second.read, second.failed) == (30, 1)
    assert errors.read_bytes() == clean_errors.read_bytes()
    if format == "parquet":
        assert pq.read_table(out).equals(pq.read_table(clean_out))
    else:
        assert out.read_bytes() == clean_out.read_bytes()


def test_parquet_has_the_explicit_schema_and_matches_the_statements_frame(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 3)
    out = tmp_path / "s.parquet"
    run_batch([corpus], out, format="parquet", jobs=2)
    table = pq.read_table(out)
    assert table.schema.equals(parquet_schema())
    frame = table.to_pandas()
    expected = statements_frame((r.article, list(r.statements)) for r in iter_results([corpus]))
    assert len(frame) == len(expected) > 0
    assert list(frame.columns[:len(STATEMENT_COLUMNS)]) == STATEMENT_COLUMNS
    for column in ("article_id", "start", "end", "text", "kind", "speaker"):
        assert frame[column].tolist() == expected[column].tolist()


def test_parquet_schema_covers_every_statement_field():
    import dataclasses

    fields = {f.name for f in dataclasses.fields(Statement)}
    assert fields <= set(parquet_schema().names)


def test_empty_parquet_output_still_has_the_schema(tmp_path):
    (tmp_path / "bad.txt").write_text("", encoding="utf-8")
    out = tmp_path / "s.parquet"
    summary = run_batch([tmp_path / "bad.txt"], out, format="parquet")
    assert summary.failed == 1
    assert pq.read_table(out).schema.equals(parquet_schema()) and pq.read_table(out).num_rows == 0


def test_csv_output_matches_the_statements_frame(tmp_path, fake_pipeline):
    corpus = write_corpus(tmp_path / "corpus", 5)
    out = tmp_path / "s.csv"
    run_batch([corpus], out, format="csv", jobs=2)
    frame = pd.read_csv(out)
    assert list(frame.columns) == STATEMENT_COLUMNS
    expected = statements_frame((r.article, list(r.statements)) for r in iter_results([corpus]))
    assert frame["text"].tolist() == expected["text"].tolist()


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_jobs_formats_and_summary(tmp_path, capsys, fake_pipeline):
    corpus = write_corpus(tmp_path / "corpus", 6)
    (corpus / "notes.md").write_text("not an article", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        code, _, err = run_cli(["analyze", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", jobs], capsys)
        assert code == 0
        assert "6 articles read, 6 analysed, 0 failed" in err and f"wrote {out}" in err
        assert f"skipped {corpus / 'notes.md'}" in err
        outputs[jobs] = out.read_bytes()
    assert outputs["1"] == outputs["2"]
    code, table, err = run_cli(["analyze", str(corpus / "a001.txt"), "--quiet"], capsys)
    assert code == 0 and table.startswith("a001 2031-03-02 Veloria rejects talks offer") and "  summary: " in table
    code, _, err = run_cli(["analyze", str(corpus), "--format", "parquet", "-o", str(tmp_path / "s.parquet"), "-q"], capsys)
    assert code == 0 and pq.read_table(tmp_path / "s.parquet").num_rows > 0 and "skipped" not in err


def test_cli_refuses_what_cannot_work(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", 1)
    code, _, err = run_cli(["analyze", str(corpus), "--format", "parquet"], capsys)
    assert code == 2 and err.strip() == "error: Parquet output needs a file name (-o FILE)"
    code, _, err = run_cli(["analyze", str(corpus), "--resume"], capsys)
    assert code == 2 and "needs an output file" in err
    with pytest.raises(SystemExit):
        main(["analyze", str(corpus), "--jobs", "0"])


def test_cli_lists_failures_and_caps_the_list_when_they_are_in_the_errors_file(tmp_path, capsys, fake_pipeline):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(25):
        (corpus / f"e{number:02d}.txt").write_text("  \n", encoding="utf-8")
    write_corpus(corpus, 2)
    code, _, err = run_cli(["analyze", str(corpus), "-o", str(tmp_path / "o.jsonl"), "--format", "jsonl"], capsys)
    assert code == 1 and err.count("error: ") == 25
    code, _, err = run_cli(["analyze", str(corpus), "-o", str(tmp_path / "o.jsonl"), "--format", "jsonl",
                            "--errors", str(tmp_path / "e.jsonl")], capsys)
    assert code == 1 and err.count("error: ") == 20
    assert f"... and 5 more failures in {tmp_path / 'e.jsonl'}" in err
    assert len(read_lines(tmp_path / "e.jsonl")) == 25


SLOW_RUN = """
import sys, time
import stance.batch as batch
from stance.records import Statement
def slow(article, registry=None, **options):
    time.sleep(0.02)
    return [Statement(start=0, end=5, text=article.text[:5], kind="direct")]
batch.analyze = slow
from stance.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_sigterm_stops_the_command_cleanly_and_resume_completes_it(tmp_path):
    count = 240  # enough that the first commit (after 64 articles) is not the last moment of the run
    corpus = write_corpus(tmp_path / "corpus", count)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    command = [sys.executable, "-c", SLOW_RUN, "analyze", str(corpus), "--format", "jsonl", "-o", str(out),
               "--errors", str(errors), "--jobs", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    checkpoint = Checkpoint.path_for(out)
    while process.poll() is None and (not checkpoint.exists() or checkpoint.read_text().count("\n") < 2):
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted (run again with --resume to finish)" in err
    assert not out.exists()
    done = len(read_lines(partial_path(out)))
    assert 0 < done < count
    finished = subprocess.run(command + ["--resume"], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert [r["id"] for r in read_lines(out)] == [f"a{n:03d}" for n in range(count)]
    assert not partial_path(out).exists() and not checkpoint.exists()
    assert f"{count} articles read, {count} analysed, 0 failed" in finished.stderr


DEMO = Path(__file__).resolve().parents[1] / "demo"


def demo_registry():
    from stance.speakers import SpeakerRegistry

    return SpeakerRegistry.default().extended(DEMO / "registry" / "countries.csv").extended(
        DEMO / "registry" / "speakers.csv")


DEV_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "dev"


@pytest.mark.parametrize("format", ["jsonl", "csv"])
@pytest.mark.parametrize("corpus_name", ["demo", "dev gold", "constructed"])
def test_outputs_are_byte_identical_for_any_jobs_and_to_rendering_in_the_parent(tmp_path, corpus_name, format):
    """Workers render JSONL and CSV themselves with --jobs 2: the bytes are those the parent renders from the
    statements of a one-process run, on the demo corpus (with its registry), the dev gold (when ../shared is
    there) and a constructed corpus."""
    if corpus_name == "dev gold" and not DEV_GOLD.is_dir():
        pytest.skip("../shared gold not present")
    corpus = {"demo": DEMO, "dev gold": DEV_GOLD}.get(corpus_name) or write_corpus(tmp_path / "corpus", 20,
                                                                                  jsonl_lines=20)
    registry = demo_registry() if corpus_name == "demo" else None
    render = batch.render_jsonl if format == "jsonl" else batch.render_csv
    in_parent = "".join(render(result) for result in iter_results([corpus], jobs=1, registry=registry))
    outputs = {}
    for jobs in (1, 2):
        outputs[jobs] = tmp_path / f"{jobs}.{format}"
        assert run_batch([corpus], outputs[jobs], format=format, jobs=jobs, registry=registry).failed == 0
    assert outputs[1].read_bytes() == outputs[2].read_bytes()
    body = outputs[2].read_bytes().decode("utf-8")
    assert (body.split("\n", 1)[1] if format == "csv" else body) == in_parent
    assert in_parent.count("\n") >= 20


def test_rendering_workers_send_back_the_text_and_count_of_each_article(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 40)
    rendered = list(iter_results([corpus], jobs=2, render=render_jsonl))
    plain = list(iter_results([corpus], jobs=2))
    assert all(isinstance(r, batch.RenderedResult) for r in rendered)
    assert [(r.key, r.text, r.count) for r in rendered] == [(r.key, render_jsonl(r), len(r.statements)) for r in plain]
    assert sum(r.count for r in rendered) > 40


def test_the_heap_frozen_for_forking_the_workers_is_thawed_in_the_parent(tmp_path, fake_pipeline):
    import gc

    corpus = write_corpus(tmp_path / "corpus", 40)
    results = analyze_many(iter_articles([corpus]), jobs=2, chunk_articles=4)
    next(results)
    assert gc.get_freeze_count() == 0
    assert len([next(results)] + list(results)) == 39


def test_a_chunk_splits_each_paragraph_into_sentences_once(monkeypatch):
    """Extraction and labelling share the sentence spans of a chunk's articles, however many paragraphs they have
    (here 16 articles of 21 paragraphs: more than a per-paragraph cache of 256 held)."""
    import stance.segment as segment

    splits = []
    original = segment._split
    monkeypatch.setattr(segment, "_split", lambda text, start, end: splits.append((text, start, end))
                        or original(text, start, end))
    articles = [Article(id=f"long-{number}", title="", text="\n\n".join(
        constructed_text(number * 100 + part) for part in range(7))) for number in range(batch.CHUNK_ARTICLES)]
    results = batch.analyze_several(articles, batch.SpeakerRegistry.default(), {})
    assert all(isinstance(result, ArticleResult) and result.statements for result in results)
    assert all(statement.stance is not None for result in results for statement in result.statements)
    assert len(splits) == len(set(splits)) > 256
