"""The command line itself: its help reads as plain text, and a reader that goes away ends it quietly."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from stance.cli import build_parser

COMMANDS = ("analyze", "classify", "train", "evaluate", "report")


def test_help_names_every_command_in_plain_text(capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert "``" not in shown                                  # no reStructuredText from a docstring
    for command in COMMANDS:
        assert f"\n    {command} " in shown
    assert "stance COMMAND --help" in shown


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_a_description_and_states_its_defaults(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    usage, description = capsys.readouterr().out.split("\n\n")[:2]
    assert usage.startswith(f"usage: stance {command} ")
    assert description[0].isupper() and description.rstrip().endswith(".")


def test_analyze_help_gives_the_default_limits(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["analyze", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--max-chars N longest article accepted, in characters (default: 1,000,000)" in shown
    assert "(default: utf-8)" in shown


def test_a_reader_that_goes_away_ends_the_command_with_141_and_no_traceback(tmp_path):
    text = "The minister said the talks had failed."
    article = {"id": "x1", "text": text, "statements": [
        {"start": 18, "end": len(text) - 1, "text": text[18:-1], "kind": "indirect", "speaker": "the minister"}]}
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(article), encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)                                        # the reader is gone before anything is written
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run([sys.executable, "-m", "stance", "evaluate", str(gold), "--pred", str(gold)],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, env=environment, timeout=300)
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
