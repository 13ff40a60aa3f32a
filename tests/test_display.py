"""What `stance analyze` shows: the labelled table fitted to the terminal, colour rules, summaries, --explain."""
import io
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from stance import analyze, read_articles
from stance.analysis import by_dyad
from stance.batch import ArticleResult
from stance.cli import main
from stance.display import TableView, escalation_cell, marked_text, stance_cell, wants_colour
from stance.pipeline import statements_frame

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_ebf00a4f1a82a35d.txt"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def seed():
    article = next(iter(read_articles(SEED)))
    return ArticleResult(article, tuple(analyze(article)))


def _statement_row(lines, number):
    """The table line that starts statement ``number``."""
    return next(line for line in lines if re.match(rf"\s*{number} ", line))


@pytest.mark.parametrize("width", [80, 200])
def test_table_shows_every_label_within_the_width(seed, width):
    text = TableView(width=width)(seed)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert len(seed.statements) >= 10
    for number, statement in enumerate(seed.statements, 1):
        row = _statement_row(lines, number)
        for label in (statement.speaker, statement.target or "-", stance_cell(statement),
                      escalation_cell(statement, named=width >= 120)):
            assert label in row, f"statement {number}: {label!r} missing from {row!r}"
        assert re.search(rf"\b{statement.escalation} (\D+ )?{statement.escalation_proba[statement.escalation]:.2f}", row)


def test_wide_table_keeps_the_text_on_the_row_and_narrow_gives_it_a_line(seed):
    first = seed.statements[0]
    wide = _statement_row(TableView(width=200)(seed).splitlines(), 1)
    assert first.text in wide
    narrow = TableView(width=80)(seed).splitlines()
    row = narrow.index(_statement_row(narrow, 1))
    assert first.text not in narrow[row] and narrow[row + 1].strip() == first.text


def test_unsure_labels_are_marked(seed):
    unsure = [s for s in seed.statements if s.escalation_proba[s.escalation] < 0.5]
    sure = [s for s in seed.statements if s.escalation_proba[s.escalation] >= 0.5]
    assert unsure and sure, "the seed has both (else this test checks nothing)"
    assert all(escalation_cell(s).endswith("?") for s in unsure)
    assert not any(escalation_cell(s).endswith("?") for s in sure)
    assert "?: the model is unsure" in TableView(width=80)(seed)


def test_long_speaker_wraps_instead_of_being_cut(seed):
    statement = seed.statements[3]
    long_name = "Ministry of Foreign Affairs and International Cooperation of the Republic"
    result = ArticleResult(seed.article, (replace(statement, speaker=long_name),))
    lines = TableView(width=60)(result).splitlines()
    assert max(len(line) for line in lines) <= 60
    header = lines[1]
    column = slice(header.index("speaker"), header.index("target"))
    assert " ".join(line[column].strip() for line in lines[2:5]) == long_name
    summary = " ".join(" ".join(_summary_lines("\n".join(lines))).split())
    assert f"{long_name} 1 neutral 1" in summary


def test_colour_is_forced_by_parameter_and_changes_nothing_but_codes(seed):
    plain = TableView(width=80)(seed)
    coloured = TableView(width=80, colour=True)(seed)
    assert "\x1b" not in plain
    assert "\x1b[31mhostile" in coloured
    assert ANSI.sub("", coloured) == plain


class _Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_colour_only_on_a_terminal_without_no_color():
    assert wants_colour(_Stream(True), {})
    assert not wants_colour(_Stream(False), {})
    assert not wants_colour(_Stream(True), {"NO_COLOR": "1"})


def test_piped_command_has_no_colour_codes_and_fits_80_columns():
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="80")
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-m", "stance", "analyze", "seeds/"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    assert "skipped" not in done.stderr, "the seed folder holds only the seed article"
    assert "  summary: " in done.stdout and "highest escalation: " in done.stdout


def _summary_lines(text):
    lines = text.splitlines()
    return lines[lines.index(next(line for line in lines if line.startswith("  summary:"))):]


def test_article_summary_figures_match_the_statements(seed):
    statements = seed.statements
    summary = _summary_lines(TableView(width=200)(seed))
    speakers = {s.speaker for s in statements}
    assert summary[0] == f"  summary: {len(statements)} statements, {len(speakers)} speakers"
    for speaker in speakers:
        counts = Counter(s.stance for s in statements if s.speaker == speaker)
        line = next(line for line in summary if re.match(rf"\s+{re.escape(speaker)}\s+\d", line))
        assert int(line.split()[len(speaker.split())]) == sum(counts.values())
        for stance, count in counts.items():
            assert f"{stance} {count}" in line
    top = max(s.escalation for s in statements)
    first = next(number for number, s in enumerate(statements, 1) if s.escalation == top)
    highest = next(line for line in summary if "highest escalation" in line)
    chosen = statements[first - 1]
    assert highest.startswith(f"  highest escalation: {top} ")
    assert f"{chosen.speaker} ({chosen.affiliation}) toward {chosen.target} (#{first})" in highest
    dyads = by_dyad(statements_frame([(seed.article, list(statements))])).dropna(subset=["affiliation", "target"])
    assert len(dyads) >= 3
    for row in dyads.itertuples():
        line = next(line for line in summary if line.split()[:3] == [row.affiliation, "->", row.target])
        count, mean = line.split()[3:]
        assert int(count) == row.labelled and mean == f"{row.mean_escalation:.2f}"


def test_corpus_summary_adds_up_the_articles(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text("Talks\n\nThe Norvanian foreign minister said that Ostria must "
                                    "withdraw its troops.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Threat\n\nOstria's defence minister warned that Norvania would face "
                                    "a military response if it attacked.\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["analyze", str(tmp_path), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    found = [s for path in sorted(tmp_path.iterdir()) for article in read_articles(path) for s in analyze(article)]
    assert f"Summary of 2 articles: {len(found)} statements" in out
    assert out.count("  summary:") == 2


def test_explain_marks_and_numbers_the_spans_and_gives_the_evidence(seed, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["analyze", str(SEED), "--explain", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())
    assert max(len(line) for line in out.splitlines()) <= 100
    for number, statement in enumerate(seed.statements, 1):
        assert f"[{number}>" in out and f"<{number}]" in out
        assert f"[{number}] {statement.speaker}" in out
        assert f"stance {statement.stance}" in flat
        best = max(statement.stance_proba, key=statement.stance_proba.get)
        assert f"stance probabilities: {best} {statement.stance_proba[best]:.2f}" in flat
        assert all(" ".join(item.split()) in flat for item in statement.evidence)


def test_marked_text_encloses_each_statement_text(seed):
    marked = marked_text(seed.article, seed.statements)
    for number, statement in enumerate(seed.statements, 1):
        inside = marked[marked.index(f"[{number}>") + len(f"[{number}>"):marked.index(f"<{number}]")]
        assert re.sub(r"\[\d+>|<\d+\]", "", inside) == statement.text


def test_explain_needs_the_table_format(capsys):
    assert main(["analyze", str(SEED), "--explain", "--format", "jsonl"]) == 2
    assert "--explain" in capsys.readouterr().err


def test_coloured_explanation_differs_from_the_plain_one_only_by_codes(seed):
    plain = TableView(width=90, explain=True)(seed)
    coloured = TableView(width=90, explain=True, colour=True)(seed)
    assert "\x1b" not in plain and "\x1b[31m[1>" in coloured
    assert ANSI.sub("", coloured) == plain


def test_readme_shows_the_real_output_of_the_first_command():
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="80")
    done = subprocess.run([sys.executable, "-m", "stance", "analyze", "seeds/"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("shows on an 80-column terminal (colours aside):\n\n```\n", 1)[1].split("\n```\n", 1)[0]
    assert shown == (done.stdout + done.stderr).rstrip("\n"), \
        "regenerate README's block with: COLUMNS=80 python3 -m stance analyze seeds/ 2>&1"
