"""Hostile input is one bad article: deep nesting, huge lines, pipes, devices, link loops, NULs, UTF-16/32."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import stance.articles as articles
import stance.batch as batch
from constructed_corpus import constructed_text
from stance.articles import ArticleError, bounded_lines, iter_articles, read_articles
from stance.batch import ArticleFailure, ArticleResult, iter_results
from stance.cli import main

NESTED = "[" * 100_000


def _errors(items) -> dict[str, str]:
    return {Path(item.path).name: item.reason for item in items if isinstance(item, ArticleError)}


def _ids(items) -> list[str]:
    return [item.id for item in items if not isinstance(item, ArticleError)]


@pytest.fixture
def nested(tmp_path) -> Path:
    """Good articles around a deeply nested JSON file and a JSONL file with a deeply nested line."""
    folder = tmp_path / "nested"
    folder.mkdir()
    (folder / "a.txt").write_text(constructed_text(1), encoding="utf-8")
    (folder / "b-deep.json").write_text(NESTED, encoding="utf-8")
    lines = [json.dumps({"id": "first", "text": constructed_text(2)}), NESTED,
             json.dumps({"id": "last", "text": constructed_text(3)})]
    (folder / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "d.txt").write_text(constructed_text(4), encoding="utf-8")
    return folder


def test_a_deeply_nested_json_is_one_failure_naming_the_file_and_line(nested):
    found = list(iter_articles(nested))
    assert _ids(found) == ["a", "first", "last", "d"]
    assert _errors(found) == {"b-deep.json": "nested too deeply to read (RecursionError)",
                              "c.jsonl:2": "nested too deeply to read (RecursionError)"}


def test_a_deeply_nested_json_never_stops_a_run_nor_its_resume(nested, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    command = ["analyze", str(nested), "--format", "jsonl", "-o", str(out), "--jobs", "1"]
    assert main(command) == 1
    first = out.read_bytes()
    assert [json.loads(line)["id"] for line in first.splitlines()] == ["a", "first", "last", "d"]
    err = capsys.readouterr().err
    assert f"error: {nested / 'b-deep.json'}: nested too deeply" in err
    assert f"error: {nested / 'c.jsonl'}:2: nested too deeply" in err
    assert main(command + ["--resume"]) == 1
    assert out.read_bytes() == first
    assert "6 articles read, 4 analysed, 2 failed" in capsys.readouterr().err


def test_memory_running_out_on_one_article_fails_that_article_only(nested, monkeypatch):
    def analyze(article, registry=None, **options):
        if article.id == "first":
            raise MemoryError()
        return []

    monkeypatch.setattr(batch, "analyze", analyze)
    results = list(iter_results(nested, jobs=1))
    assert [r.article.id for r in results if isinstance(r, ArticleResult)] == ["a", "last", "d"]
    failed = {r.id: r.reason for r in results if isinstance(r, ArticleFailure)}
    assert failed["first"].startswith("analysis failed: MemoryError")


def test_memory_running_out_while_reading_fails_that_line_only(nested, monkeypatch):
    real = articles._from_mapping

    def from_mapping(obj, where, default_id, max_chars):
        if obj.get("id") == "first":
            raise MemoryError()
        return real(obj, where, default_id, max_chars)

    monkeypatch.setattr(articles, "_from_mapping", from_mapping)
    found = list(iter_articles(nested / "c.jsonl"))
    assert _ids(found) == ["last"]
    assert _errors(found)["c.jsonl:1"] == "out of memory while reading it (MemoryError)"


def test_any_exception_while_reading_a_file_is_that_files_error(nested, monkeypatch):
    def broken(text):
        raise KeyError("unexpected")

    monkeypatch.setattr(articles, "_split_metadata", broken)
    found = list(iter_articles(nested))
    assert _ids(found) == ["first", "last"]
    assert _errors(found)["a.txt"] == "cannot be read (KeyError: 'unexpected')"


class _CountingStream(io.BytesIO):
    """A byte stream that remembers the largest read it was asked for."""

    largest = 0

    def readline(self, size=-1):
        self.largest = max(self.largest, size)
        assert size > 0, "a line is read with a bound"
        return super().readline(size)


def test_a_huge_jsonl_line_is_refused_without_holding_it_in_memory(tmp_path):
    stream = _CountingStream(b"short\n" + b"x" * 50_000 + b"\nlast")
    assert list(bounded_lines(stream, 1_000)) == [b"short\n", None, b"last"]
    assert stream.largest == 1_001
    limit = articles.jsonl_line_limit(1_000)
    huge = json.dumps({"id": "huge", "text": "y" * (limit + 10)})
    path = tmp_path / "huge.jsonl"
    path.write_text("\n".join([json.dumps({"id": "one", "text": constructed_text(1)}), huge,
                               json.dumps({"id": "two", "text": constructed_text(2)})]), encoding="utf-8")
    found = list(iter_articles(path, max_chars=1_000))
    assert _ids(found) == ["one", "two"]
    assert _errors(found)["huge.jsonl:2"].startswith(f"line too long (over {limit:,} bytes) for an article of at most 1,000")


def test_pipes_devices_and_link_loops_in_a_folder_are_skipped_with_a_note(tmp_path, capsys):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "a.txt").write_text(constructed_text(1), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "zero.txt").symlink_to("/dev/null")
    assert main(["analyze", str(folder), "--format", "jsonl", "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert f"skipped {folder / 'pipe.txt'}: a named pipe (FIFO), not a file; not opened" in err
    assert f"skipped {folder / 'loop.txt'}: a symbolic link loop" in err
    assert f"skipped {folder / 'gone.txt'}: a broken symbolic link" in err
    assert f"skipped {folder / 'zero.txt'}: a device, not a file" in err
    assert "1 articles read, 1 analysed, 0 failed" in err


def test_a_pipe_given_by_name_is_refused_at_once_never_opened(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert _errors(iter_articles(pipe)) == {"pipe.txt": "a named pipe (FIFO), not a file; not opened "
                                                        "(reading it would wait for a writer)"}
    finished = subprocess.run([sys.executable, "-m", "stance", "analyze", str(pipe)], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert finished.returncode == 1
    assert f"error: {pipe}: a named pipe (FIFO)" in finished.stderr
    assert "Traceback" not in finished.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("declared", ["default", "matching"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_read(tmp_path, codec, declared):
    text = "Talks stall in Veloria\n\nMinister Aldren said on Monday that the talks \u201cwould not resume\u201d.\n"
    line = json.dumps({"id": "line", "text": text}, ensure_ascii=False) + "\n"
    bom = "" if codec in ("utf-16", "utf-32") else "\ufeff"  # these two codecs write a mark themselves
    for folder, encoding in ((tmp_path / "utf8", "utf-8"), (tmp_path / "wide", codec)):
        folder.mkdir()
        (folder / "a.txt").write_bytes((bom + text).encode(encoding))
        (folder / "b.jsonl").write_bytes((bom + line * 2).encode(encoding))
    expected = list(iter_articles(tmp_path / "utf8"))
    found = list(iter_articles(tmp_path / "wide", encoding="utf-8" if declared == "default" else codec[:6]))
    assert _errors(found) == {}
    assert [(a.id, a.title, a.text) for a in found] == [(a.id, a.title, a.text) for a in expected]
    assert len(found) == 3 and "would not resume" in found[0].text


def test_a_nul_byte_anywhere_makes_a_text_file_binary(tmp_path):
    body = "Talks stall\n\n" + "Minister Aldren said that the talks would not resume. " * 400
    (tmp_path / "late-nul.txt").write_text(body + "\x00 and more.", encoding="utf-8")
    assert len(body.encode()) > 8192
    lines = [json.dumps({"id": "ok", "text": body}), json.dumps({"id": "escaped", "text": "said \u0000 that"}),
             body.replace("Talks", "\x00") + "x"]
    (tmp_path / "z.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "w.txt").write_bytes(("\ufeff" + body + "\x00").encode("utf-16-le"))
    found = list(iter_articles(tmp_path))
    errors = _errors(found)
    assert errors["late-nul.txt"] == "binary file (contains NUL bytes), not a text article"
    assert errors["w.txt"] == "binary file (contains NUL characters), not a text article"
    assert errors["z.jsonl:3"] == "binary data (contains NUL bytes), not a JSON article"
    assert _ids(found) == ["ok", "escaped"]  # an escaped NUL (\u0000) is JSON text, not a NUL byte
    with pytest.raises(ArticleError, match="late-nul.txt: binary file"):
        list(read_articles(tmp_path / "late-nul.txt"))


def test_a_file_its_byte_order_mark_misdescribes_is_one_error_naming_it(tmp_path):
    text = "Talks stall\n\nMinister Aldren said that the talks would not resume.\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-16") + b"\xd8")  # a last character cut in half
    (tmp_path / "b.jsonl").write_bytes((json.dumps({"text": text}) + "\n").encode("utf-16") + b"\x00\xd8")
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    found = list(iter_articles(tmp_path))
    assert _ids(found) == ["b-1", "c"]
    errors = _errors(found)
    assert errors["a.txt"].startswith("not valid utf-16-le (bad byte 0xd8")
    assert errors["b.jsonl"].startswith("not valid utf-16-le after the articles above")
