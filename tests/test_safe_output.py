"""Outputs written like a careful tool writes them: never over an input, one run per output, renamed into place on
success, resumed only with the same inputs, Parquet that survives kill -9, and CSV cells no spreadsheet runs."""
from __future__ import annotations

import errno
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
from constructed_corpus import write_corpus
from stance.analysis import read_statement_table
from stance.batch import Checkpoint, read_checkpoint, run_batch
from stance.cli import main
from stance.output import OutputError, OutputLock, lock_path, partial_path
from stance.records import Article, Statement
from stance.schema import COLUMNS, STATEMENT_COLUMNS, csv_restore, csv_safe, parquet_schema

ROOT = Path(__file__).resolve().parents[1]


def one_quote(article, registry=None, **options):
    """A fast stand-in for the pipeline: the first five characters as one labelled direct statement."""
    return [Statement(start=0, end=5, text=article.text[:5], kind="direct", speaker="Ilsa Aldren",
                      speaker_type="person", stance="hostile", escalation=3,
                      stance_proba={"hostile": 0.75, "defensive": 0.0, "neutral": 0.25, "supportive": 0.0,
                                    "conciliatory": 0.0},
                      escalation_proba={0: 0.0, 1: 0.0, 2: 0.5, 3: 0.5, 4: 0.0, 5: 0.0},
                      evidence=("accused", "=cue"), cue_start=6, cue_end=9)]


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(batch, "analyze", one_quote)


def run_cli(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


# -- outputs that would destroy or be read as an input -------------------------------------------------------------

def test_output_equal_to_an_input_is_refused_and_the_input_is_untouched(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": "Minister Aldren said the talks were over."}) + "\n")
    before = source.read_bytes()
    code, err = run_cli(["analyze", str(source), "--format", "jsonl", "-o", str(source)], capsys)
    assert code == 2 and source.read_bytes() == before
    assert err == f"error: -o {source} would overwrite the input {source}; write the output elsewhere\n"
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    code, err = run_cli(["analyze", str(source), "--format", "jsonl", "-o", str(link)], capsys)
    assert code == 2 and "would overwrite the input" in err and source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "link.jsonl"]


def test_outputs_inside_an_input_folder_being_read_are_refused(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", 2)
    code, err = run_cli(["analyze", str(corpus), "--format", "csv", "-o", str(corpus / "out.csv")], capsys)
    assert code == 2 and err.strip() == (f"error: -o {corpus / 'out.csv'} is inside the input folder {corpus}, "
                                         "which this run reads; write the output elsewhere")
    code, err = run_cli(["analyze", str(corpus), "-o", str(tmp_path / "o.jsonl"), "--errors",
                         str(corpus / "errors.jsonl")], capsys)
    assert code == 2 and f"--errors {corpus / 'errors.jsonl'} is inside the input folder" in err
    nested = corpus / "runs" / "out.jsonl"
    code, err = run_cli(["analyze", str(corpus), "-r", "--format", "jsonl", "-o", str(nested)], capsys)
    assert code == 2 and "inside the input folder" in err
    assert sorted(p.name for p in corpus.iterdir()) == ["a000.txt", "a001.txt"]


def test_a_subfolder_is_not_read_without_recursive_so_it_may_hold_the_output(tmp_path, fast):
    corpus = write_corpus(tmp_path / "corpus", 2)
    summary = run_batch([corpus], corpus / "runs" / "out.jsonl", jobs=1)
    assert summary.analysed == 2 and (corpus / "runs" / "out.jsonl").exists()


def test_errors_equal_to_output_is_refused_before_anything_is_written(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", 1)
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    code, err = run_cli(["analyze", str(corpus), "--format", "jsonl", "-o", str(out), "--errors",
                         str(tmp_path / "." / "out.jsonl")], capsys)
    assert code == 2 and "is the same file as -o" in err and out.read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.jsonl"]


def test_output_into_missing_folders_creates_them(tmp_path, fast):
    corpus = write_corpus(tmp_path / "corpus", 2)
    out, errors = tmp_path / "new" / "deeper" / "out.csv", tmp_path / "logs" / "errors.jsonl"
    summary = run_batch([corpus], out, format="csv", errors=errors, jobs=1)
    assert summary.analysed == 2 and out.exists() and errors.exists()


# -- one run per output ----------------------------------------------------------------------------------------------

SLOW_RUN = """
import os, sys, time
import stance.batch as batch
from stance.records import Statement
batch.PARQUET_ROW_GROUP = batch._COMMIT_ARTICLES = 4
log = open(os.environ["ANALYSED_LOG"], "a") if os.environ.get("ANALYSED_LOG") else None
def slow(article, registry=None, **options):
    if log:
        log.write(article.id + "\\n")
        log.flush()
    time.sleep(float(os.environ.get("DELAY", "0.02")))
    return [Statement(start=0, end=5, text=article.text[:5], kind="direct", speaker="Ilsa Aldren")]
batch.analyze = slow
from stance.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def start(args: list[str], **env: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.Popen([sys.executable, "-c", SLOW_RUN, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=environment)


def finished(output: Path) -> int:
    """How many articles the checkpoint of ``output`` records as finished (-1 while there is none to read)."""
    try:
        return len(read_checkpoint(output).analysed)
    except (OSError, ValueError):
        return -1


def wait_until(process: subprocess.Popen, condition) -> None:
    while not condition():
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.005)


def test_a_second_run_on_the_same_output_is_refused_with_the_first_runs_pid(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", 200)
    out = tmp_path / "out.jsonl"
    first = start(["analyze", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", "1"])
    wait_until(first, lambda: lock_path(out).exists() and lock_path(out).read_text() == f"{first.pid}\n")
    code, err = run_cli(["analyze", str(corpus), "--format", "jsonl", "-o", str(out), "--jobs", "1"], capsys)
    assert code == 2
    assert err.strip() == (f"error: {out} is being written by another stance run (pid {first.pid}) "
                           f"(lock {lock_path(out)}); wait for it to finish or stop it, then run again")
    _, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [f"a{n:03d}" for n in range(200)]
    assert not lock_path(out).exists()


def test_a_lock_left_by_a_dead_run_is_taken_over(tmp_path, fast):
    corpus = write_corpus(tmp_path / "corpus", 2)
    out = tmp_path / "out.jsonl"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path(out).write_text(f"{dead.pid}\n")
    assert run_batch([corpus], out, jobs=1).analysed == 2
    assert not lock_path(out).exists()


def test_the_lock_is_refused_inside_one_process_too(tmp_path):
    with OutputLock(tmp_path / "out.jsonl"):
        assert lock_path(tmp_path / "out.jsonl").read_text() == f"{os.getpid()}\n"
        with pytest.raises(OutputError, match=f"pid {os.getpid()}"):
            OutputLock(tmp_path / "out.jsonl").acquire()
    assert OutputLock(tmp_path / "out.jsonl").acquire().release() is None


# -- the old output survives; resume only what was interrupted --------------------------------------------------------

def full_disk_after(calls: int, method):
    count = {"calls": 0}

    def flush(self):
        count["calls"] += 1
        if count["calls"] > calls:
            raise OSError(errno.ENOSPC, "No space left on device")
        return method(self)
    return flush


@pytest.mark.parametrize("format", ["jsonl", "csv", "parquet"])
def test_a_full_disk_keeps_the_old_output_names_the_file_and_resume_finishes(tmp_path, fast, monkeypatch, format):
    corpus = write_corpus(tmp_path / "corpus", 40)
    clean = tmp_path / f"clean.{format}"
    run_batch([corpus], clean, format=format, jobs=1)
    out = tmp_path / f"out.{format}"
    out.write_bytes(b"yesterday's results")
    writer = batch.ParquetChunks if format == "parquet" else batch.TextWriter
    monkeypatch.setattr(batch, "PARQUET_ROW_GROUP", 5)
    monkeypatch.setattr(batch, "_COMMIT_ARTICLES", 5)
    monkeypatch.setattr(writer, "flush", full_disk_after(3, writer.flush))
    with pytest.raises(OutputError) as refused:
        run_batch([corpus], out, format=format, jobs=1)
    assert str(refused.value) == (
        f"cannot write {partial_path(out)}: No space left on device; everything up to the last checkpoint is kept, "
        f"so free some space (or fix the cause) and run the same command with --resume to continue into {out}")
    assert out.read_bytes() == b"yesterday's results"
    assert len(read_checkpoint(out).analysed) == 15
    monkeypatch.undo()
    monkeypatch.setattr(batch, "analyze", one_quote)
    summary = run_batch([corpus], out, format=format, jobs=1, resume=True)
    assert summary.resumed == 15 and summary.analysed == 40
    if format == "parquet":
        assert pq.read_table(out).equals(pq.read_table(clean))
    else:
        assert out.read_bytes() == clean.read_bytes()


def test_an_interrupted_run_leaves_the_old_output_in_place(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 10)
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday\n")

    def interrupt(article, registry=None, **options):
        if article.id == "a004":
            os.kill(os.getpid(), signal.SIGINT)
        return one_quote(article)

    monkeypatch.setattr(batch, "analyze", interrupt)
    assert run_batch([corpus], out, jobs=1).interrupted
    assert out.read_text() == "yesterday\n" and partial_path(out).exists()
    monkeypatch.setattr(batch, "analyze", one_quote)
    assert run_batch([corpus], out, jobs=1, resume=True).resumed == 5
    assert len(out.read_text().splitlines()) == 10


def interrupted(tmp_path: Path, corpus: Path, monkeypatch, **options) -> Path:
    out = tmp_path / "out.jsonl"

    def interrupt(article, registry=None, **ignored):
        if article.id == "a002":
            os.kill(os.getpid(), signal.SIGINT)
        return one_quote(article)

    monkeypatch.setattr(batch, "analyze", interrupt)
    assert run_batch([corpus], out, jobs=1, **options).interrupted
    monkeypatch.setattr(batch, "analyze", one_quote)
    return out


def test_resume_against_other_inputs_or_options_is_refused_with_what_differs(tmp_path, monkeypatch, capsys):
    corpus = write_corpus(tmp_path / "corpus", 6)
    other = write_corpus(tmp_path / "other", 3)
    out = interrupted(tmp_path, corpus, monkeypatch)
    partial = partial_path(out).read_bytes()
    code, err = run_cli(["analyze", str(other), "--format", "jsonl", "-o", str(out), "--resume"], capsys)
    assert code == 2 and err.strip() == (
        f"error: {out}: cannot resume, the interrupted run read {corpus} and this run reads {other}; "
        "run without --resume to start over")
    code, err = run_cli(["analyze", str(corpus), "--format", "jsonl", "-o", str(out), "--resume", "--max-chars",
                         "5000"], capsys)
    assert code == 2 and "the interrupted run used --max-chars 1000000 and this run uses 5000" in err
    (corpus / "a005.txt").write_text("Title\n\nMinister Aldren said more.\n", encoding="utf-8")
    code, err = run_cli(["analyze", str(corpus), "--format", "jsonl", "-o", str(out), "--resume"], capsys)
    assert code == 2 and f"cannot resume, {corpus} changed since the interrupted run (6 files" in err
    assert partial_path(out).read_bytes() == partial and not out.exists()


def test_resume_refuses_other_speaker_files(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", 6)
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("name,aliases,type,affiliation\nIlsa Aldren,Aldren,person,NOR\n")
    out = interrupted(tmp_path, corpus, monkeypatch, registry_files=[speakers])
    with pytest.raises(OutputError, match=r"used --speakers \[.*speakers.csv .* and this run uses \[\]"):
        run_batch([corpus], out, jobs=1, resume=True)
    assert run_batch([corpus], out, jobs=1, resume=True, registry_files=[speakers]).resumed == 3


# -- kill -9 five times, then resume -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("format, kills", [("parquet", 5), ("csv", 2)])
def test_killed_again_and_again_resumes_after_the_last_finished_chunk_and_equals_one_run(tmp_path, format, kills):
    corpus = write_corpus(tmp_path / "corpus", 100)
    clean = tmp_path / f"clean.{format}"
    command = ["analyze", str(corpus), "--format", format, "--jobs", "1", "-q"]
    uninterrupted = start(command + ["-o", str(clean)], DELAY="0")
    assert uninterrupted.wait(timeout=120) == 0, uninterrupted.stderr.read()
    out, log = tmp_path / f"out.{format}", tmp_path / "analysed.log"
    seen = 0
    for attempt in range(kills):
        before = read_checkpoint(out).analysed if attempt else set()
        process = start(command + ["-o", str(out)] + (["--resume"] if attempt else []), ANALYSED_LOG=str(log))
        wait_until(process, lambda: finished(out) >= len(before) + 8)  # two more chunks of four
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        analysed_now = log.read_text().splitlines()[seen:]
        seen += len(analysed_now)
        finished_before = sorted(Path(key).stem for key in before)
        assert analysed_now[0] == f"a{len(finished_before):03d}"  # starts right after the last finished chunk
        assert not set(analysed_now) & set(finished_before)  # nothing finished is analysed again
        assert not out.exists()
        assert len(read_checkpoint(out).analysed) > len(before)
    last = start(command + ["-o", str(out), "--resume"])
    _, err = last.communicate(timeout=120)
    assert last.returncode == 0, err
    assert "100 articles read, 100 analysed, 0 failed" in err
    if format == "parquet":
        assert pd.read_parquet(out).equals(pd.read_parquet(clean))
        assert pq.read_table(out).equals(pq.read_table(clean))
    else:
        assert out.read_bytes() == clean.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysed.log", clean.name, "corpus", out.name]


# -- one schema; CSV cells no spreadsheet runs ------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+33 1 23", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''-x", "'x", "x",
                                   "", "'", "-3", "+4.5", "-1e5", "-", "=", "-3 degrees"])
def test_csv_safe_neutralises_formulas_and_restore_gives_back_the_raw_value(value):
    safe = csv_safe(value)
    assert csv_restore(safe) == value
    assert not safe.startswith(("=", "+", "@", "\t", "\r")) or safe in ("+4.5",)
    if value in ("-3", "+4.5", "-1e5"):
        assert safe == value
    elif value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert safe == "'" + value


HOSTILE = Article(id="=cmd|' /C calc'!A0", title="+HYPERLINK(\"http://x\")", source="@evil", date="2031-03-02",
                  text="-2+3 said the minister, and more.", path="hostile.txt")


def hostile_results(paths, **options):
    statements = tuple(one_quote(HOSTILE))
    yield batch.ArticleResult(HOSTILE, statements)


def test_csv_cells_are_neutralised_while_jsonl_and_parquet_keep_the_raw_values(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "iter_results", hostile_results)
    outputs = {format: tmp_path / f"s.{format}" for format in ("csv", "jsonl", "parquet")}
    for format, out in outputs.items():
        run_batch([tmp_path / "nothing"], out, format=format, jobs=1)
    rows = pd.read_csv(outputs["csv"], dtype=str, keep_default_na=False)
    row = rows.iloc[0]
    assert row["article_id"] == "'=cmd|' /C calc'!A0" and row["title"] == "'+HYPERLINK(\"http://x\")"
    assert row["source"] == "'@evil" and row["text"] == "'-2+3 " and row["start"] == "0" and row["escalation"] == "3"
    assert json.loads(row["evidence"]) == ["accused", "=cue"]
    jsonl = json.loads(outputs["jsonl"].read_text())
    assert (jsonl["id"], jsonl["title"], jsonl["source"]) == (HOSTILE.id, HOSTILE.title, HOSTILE.source)
    assert jsonl["statements"][0]["text"] == "-2+3 "
    parquet = pq.read_table(outputs["parquet"]).to_pylist()[0]
    assert parquet["article_id"] == HOSTILE.id and parquet["text"] == "-2+3 "
    from_csv = read_statement_table(outputs["csv"]).iloc[0]
    assert from_csv["article_id"] == HOSTILE.id and from_csv["title"] == HOSTILE.title
    assert from_csv["text"] == "-2+3 " and from_csv["stance_proba"] == one_quote(HOSTILE)[0].stance_proba


def test_one_schema_for_csv_parquet_and_jsonl(tmp_path, fast):
    corpus = write_corpus(tmp_path / "corpus", 3)
    for format in ("csv", "jsonl", "parquet"):
        run_batch([corpus], tmp_path / f"s.{format}", format=format, jobs=1)
    assert list(pd.read_csv(tmp_path / "s.csv").columns) == STATEMENT_COLUMNS == [name for name, _ in COLUMNS]
    assert parquet_schema().names == STATEMENT_COLUMNS
    record = json.loads((tmp_path / "s.jsonl").read_text().splitlines()[0])
    assert list(record) == ["id", "date", "date_inferred", "title", "source", "statements"]
    assert {"article_id", "date", "date_inferred", "title", "source"} | set(record["statements"][0]) == set(
        STATEMENT_COLUMNS)
    tables = [read_statement_table(tmp_path / f"s.{format}") for format in ("csv", "jsonl", "parquet")]
    assert [list(table.columns) for table in tables] == [STATEMENT_COLUMNS] * 3
    for column in ("article_id", "date", "date_inferred", "text", "stance_proba", "escalation_proba"):
        assert tables[0][column].tolist() == tables[1][column].tolist() == tables[2][column].tolist(), column
    csv_row = pd.read_csv(tmp_path / "s.csv", dtype=str, keep_default_na=False).iloc[0]
    statement = record["statements"][0]
    for name in ("stance_proba", "escalation_proba", "evidence"):
        assert json.loads(csv_row[name]) == statement[name]
    assert (csv_row["cue_start"], csv_row["cue_end"]) == (str(statement["cue_start"]), str(statement["cue_end"]))
    assert pd.read_parquet(tmp_path / "s.parquet")["evidence"].map(list).tolist()[0] == statement["evidence"]


def test_devices_and_pipes_are_written_directly_and_a_folder_is_refused(tmp_path, fast, capsys):
    corpus = write_corpus(tmp_path / "corpus", 2)
    assert run_batch([corpus], "/dev/null", errors="/dev/null", jobs=1).analysed == 2
    assert not Path("/dev/null.partial").exists()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    run_batch([corpus], fifo, format="csv", jobs=1)
    assert reader.communicate(timeout=30)[0].decode().splitlines()[0].startswith("article_id,date,")
    with pytest.raises(OutputError, match="is not a regular file; Parquet output and --resume need one"):
        run_batch([corpus], "/dev/null", format="parquet")
    code, err = run_cli(["analyze", str(corpus), "--format", "jsonl", "-o", str(tmp_path)], capsys)
    assert code == 2 and err.strip() == (f"error: {tmp_path} is a folder; give a file name "
                                         "(a folder of part files is for -o with --scheduler)")
