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


# --- start-up cost ------------------------------------------------------------------------------

def _imported_by(*arguments: str) -> set[str]:
    """The top-level packages ``python -m stance ARGUMENTS`` imports (from ``-X importtime``)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "stance", *arguments], capture_output=True,
                          text=True, env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    return {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
            if line.startswith("import time:") and line.count("|") == 2}


def test_help_imports_none_of_the_heavy_libraries():
    imported = _imported_by("--help")
    assert "stance" in imported                               # the parse of -X importtime's lines works
    assert not imported & {"sklearn", "skops", "nltk", "pandas", "scipy", "numpy", "dask"}


def test_the_parser_offers_the_formats_the_batch_writes():
    from stance.batch import FORMATS
    from stance.cli import build_parser

    analyze_cmd = next(a for a in build_parser()._actions if a.choices and "analyze" in a.choices).choices["analyze"]
    assert tuple(next(a for a in analyze_cmd._actions if a.dest == "format").choices) == FORMATS


def _saved(model, path) -> tuple[int, int]:
    """Save ``model`` to ``path``: the number of entries of its vocabularies, lexicon and target weights, and the
    number of nodes skops rebuilds one by one to load it."""
    import zipfile

    from stance.model import save_model

    vectorizer = model.vectorizer_
    entries = (sum(len(getattr(vectorizer, name).vocabulary_) for name in ("words_", "cue_", "dict_", "sequence_"))
               + len(vectorizer.lexicon_entries_) + len(model.target_.weights_))
    with zipfile.ZipFile(save_model(model, path)) as archive:
        return entries, archive.read("schema.json").count(b'"__class__"')


def test_a_saved_model_holds_its_vocabularies_as_arrays_and_loads_them_back(tmp_path):
    from stance.classify import StanceModel
    from stance.model import load_model, training_corpus

    corpus = training_corpus("train")
    small, large = (StanceModel(char_ngrams=None).fit(corpus.groupby("stance", group_keys=False).head(rows)
                                                      .reset_index(drop=True)) for rows in (20, 60))
    small_entries, small_nodes = _saved(small, tmp_path / "small.skops")
    vocabulary = dict(large.vectorizer_.words_.vocabulary_)
    large_entries, large_nodes = _saved(large, tmp_path / "large.skops")
    assert large_entries > small_entries + 2000
    assert large_nodes - small_nodes < (large_entries - small_entries) / 20   # not one node per entry
    assert large.vectorizer_.words_.vocabulary_ == vocabulary  # saving left the model whole
    loaded = load_model(tmp_path / "large.skops")
    for name in ("words_", "cue_", "dict_", "sequence_"):
        assert getattr(loaded.vectorizer_, name).vocabulary_ == getattr(large.vectorizer_, name).vocabulary_
    assert loaded.vectorizer_.dict_.feature_names_ == large.vectorizer_.dict_.feature_names_
    assert loaded.vectorizer_.lexicon_entries_ == large.vectorizer_.lexicon_entries_
    assert list(loaded.target_.weights_.items()) == list(large.target_.weights_.items())
