"""Signals: Ctrl-C and SIGTERM stop a run cleanly, a second one at once, and no worker outlives its parent.

Each test drives ``stance analyze --jobs 2`` in a subprocess (its own process
group, as a terminal would signal it) and checks the exit code, the messages,
that no traceback is printed, that the workers are gone and that ``--resume``
finishes the output. Waits are bounded; nothing is timed.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from constructed_corpus import write_corpus
from stance.batch import Checkpoint
from stance.output import partial_path

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from /proc")

ARTICLES = 80
# The command line with a slow stand-in for the pipeline, so that a run lasts long enough to be interrupted.
SLOW_RUN = """
import sys, time
import stance.batch as batch
from stance.records import Statement
def slow(article, registry=None, **options):
    time.sleep(0.05)
    return [Statement(start=0, end=5, text=article.text[:5], kind="direct")]
batch.analyze = slow
from stance.__main__ import run
raise SystemExit(run())
"""


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _wait_until(condition, limit: float = 120.0) -> bool:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus", ARTICLES)


def _start(corpus: Path, out: Path) -> tuple[subprocess.Popen, list[str]]:
    command = [sys.executable, "-c", SLOW_RUN, "analyze", str(corpus), "--format", "jsonl", "-o", str(out),
               "--jobs", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=_environment(),
                               start_new_session=True)
    checkpoint = Checkpoint.path_for(out)
    assert _wait_until(lambda: process.poll() is not None or (
        checkpoint.exists() and checkpoint.read_text().count("\n") >= 2)), "the run never committed"
    assert process.poll() is None, "the run ended before it could be interrupted"
    return process, command


def _finish(process: subprocess.Popen, workers: list[int]) -> str:
    try:
        _, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the run hung after the signal")
    assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 60), "a worker outlived the run"
    assert "Traceback" not in err, err
    return err


def _resume_completes(command: list[str], out: Path) -> None:
    finished = subprocess.run(command + ["--resume"], capture_output=True, text=True, env=_environment(), timeout=300)
    assert finished.returncode == 0, finished.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"a{n:03d}" for n in range(ARTICLES)]


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_one_interrupt_writes_what_is_done_and_exits_130_with_the_resume_hint(corpus, tmp_path, number):
    out = tmp_path / "out.jsonl"
    process, command = _start(corpus, out)
    workers = _children(process.pid)
    assert len(workers) == 2
    os.killpg(process.pid, number)
    err = _finish(process, workers)
    assert process.returncode == 130, err
    assert "interrupted (run again with --resume to finish)" in err
    assert not out.exists()  # an interrupted run leaves its partial file for --resume, not an output
    done = len(partial_path(out).read_text(encoding="utf-8").splitlines())
    assert 0 < done < ARTICLES and f"{done} articles read, {done} analysed, 0 failed" in err
    _resume_completes(command, out)


@pytest.mark.parametrize("gap", [0.2, 0.0])
def test_a_second_interrupt_exits_at_once_and_the_output_stays_resumable(corpus, tmp_path, gap):
    out = tmp_path / "out.jsonl"
    process, command = _start(corpus, out)
    workers = _children(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(gap)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    err = _finish(process, workers)
    assert process.returncode == 130, err
    assert "--resume" in err
    _resume_completes(command, out)


def test_the_workers_end_when_their_parent_is_killed(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    process, command = _start(corpus, out)
    workers = _children(process.pid)
    assert len(workers) == 2
    process.kill()
    process.communicate(timeout=60)
    assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 60), "a worker outlived its parent"
    _resume_completes(command, out)


def _handles(pid: int, number: int) -> bool:
    """Whether process ``pid`` has a handler of its own for signal ``number`` (``SigCgt`` in its status)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) >> (number - 1) & 1)


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0, 2.5])
def test_an_interrupt_during_start_up_exits_130_without_a_traceback(tmp_path, delay):
    # Enough lines that the run cannot end before the interrupt, even on a fast idle machine (it exited 0 there).
    corpus = write_corpus(tmp_path / "corpus", 300, jsonl_lines=5000)
    command = [sys.executable, "-m", "stance", "analyze", str(corpus), "--format", "jsonl",
               "-o", str(tmp_path / "out.jsonl"), "--jobs", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=_environment(), start_new_session=True)
    # Python's own start-up (before any line of stance runs) is not ours to guard: wait for stance's SIGTERM handler.
    assert _wait_until(lambda: _handles(process.pid, signal.SIGTERM) or process.poll() is not None)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    err = _finish(process, [])
    assert process.returncode == 130, err
    assert "interrupted" in err
