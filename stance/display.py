"""What ``stance analyze`` shows on a terminal: the statement table, the summaries and ``--explain``.

Everything here is plain text fitted to a width (the terminal's, from
:func:`shutil.get_terminal_size`): the statement text is shortened first,
labels never are. Colour (ANSI codes, by stance) is used only when asked
for; :func:`wants_colour` says when a stream should get it (a terminal, and
``NO_COLOR`` unset).

>>> from stance.display import TableView
>>> view = TableView(width=80)
>>> print(view(result), end="")          # one article: heading, table, summary
>>> print(view.corpus_summary(), end="")  # after the last article
"""
from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence, TextIO

from .records import ESCALATION_NAMES, STANCES, Article, Statement

UNSURE_BELOW = 0.5
"""A label whose probability is below this is marked ``?`` (the model is unsure of it)."""

LISTED_ROWS = 12
"""Speakers and dyads listed in a summary; the rest are counted in one line."""

WIDE = 120
"""From this width on, the table also shows each statement's kind, speaker country and level name."""

_MIN_TEXT = 40
_MIN_SPEAKER = 12
_RESET = "\x1b[0m"
STANCE_COLOURS = {"hostile": "\x1b[31m", "defensive": "\x1b[33m", "neutral": "", "supportive": "\x1b[32m",
                  "conciliatory": "\x1b[36m"}
_BOLD, _DIM = "\x1b[1m", "\x1b[2m"
_MARK = re.compile(r"\[(\d+)>|<(\d+)\]")


def wants_colour(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``stream`` should get colour: it is a terminal and ``NO_COLOR`` is not set (no-color.org)."""
    environ = os.environ if environ is None else environ
    return bool(stream.isatty()) and not environ.get("NO_COLOR")


def terminal_width() -> int:
    """The width to fit output to: ``$COLUMNS``, else the terminal's, else 80."""
    return shutil.get_terminal_size((80, 24)).columns


def fit(text: str, width: int) -> str:
    """``text`` on one line (leading spaces kept), shortened at a word with `` ...`` to at most ``width`` characters."""
    text = str(text)
    indent = " " * (len(text) - len(text.lstrip(" ")))
    line = indent + re.sub(r"\s*[\n\r\t\f\v]\s*", " ", text.strip())
    if len(line) <= width:
        return line
    if width - len(indent) < 8:
        return line[:width]
    return indent + textwrap.shorten(line, width=width - len(indent), placeholder=" ...")


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour and code else text


def _probability(proba: Mapping | None, label: object) -> float | None:
    """The probability of ``label``, or ``None`` when the model gave none."""
    if not proba or label is None:
        return None
    return proba.get(label, proba.get(str(label)))


def stance_cell(statement: Statement) -> str:
    """The stance, with ``?`` when its probability is below :data:`UNSURE_BELOW`; ``-`` when unlabelled."""
    if statement.stance is None:
        return "-"
    p = _probability(statement.stance_proba, statement.stance)
    return statement.stance + ("?" if p is not None and p < UNSURE_BELOW else "")


def escalation_cell(statement: Statement, named: bool = False) -> str:
    """The level and its probability (``3 0.82``), ``?`` after an unsure one; with ``named`` the level's name."""
    if statement.escalation is None:
        return "-"
    level = str(statement.escalation) + (f" {ESCALATION_NAMES[statement.escalation]}" if named else "")
    p = _probability(statement.escalation_proba, statement.escalation)
    if p is None:
        return level
    return f"{level} {p:.2f}" + ("?" if p < UNSURE_BELOW else "")


def article_heading(article: Article, width: int) -> str:
    """One line naming the article: id, date (flagged when inferred) and title."""
    date = f"{article.date}{' (inferred)' if article.date_inferred else ''}" if article.date else "no date"
    return fit(" ".join(part for part in (article.id, date, article.title) if part), width)


def _speaker_cell(statement: Statement, wide: bool) -> str:
    speaker = statement.speaker or "(unattributed)"
    return f"{speaker} ({statement.affiliation})" if wide and statement.affiliation else speaker


def render_table(statements: Sequence[Statement], width: int, colour: bool = False) -> list[str]:
    """The statement table fitted to ``width``: number, speaker, target, stance, escalation, text.

    Labels are never shortened: the text takes the width the labels leave,
    or, when that is under 40 characters, a line of its own below them; a
    speaker too long for the width wraps onto the next lines. No line is
    longer than ``width`` unless a single label is.
    """
    wide = width >= WIDE
    headers = ["#", "speaker", "target", "stance", "escalation"] + (["kind"] if wide else [])
    rows = [[str(number), _speaker_cell(s, wide), s.target or "-", stance_cell(s), escalation_cell(s, wide)]
            + ([s.kind] if wide else []) for number, s in enumerate(statements, 1)]
    sizes = [max([len(header)] + [len(row[i]) for row in rows]) for i, header in enumerate(headers)]
    labels = 2 + sum(sizes) + len(sizes) - 1 - sizes[1]
    own_line = labels + sizes[1] + 1 + _MIN_TEXT > width
    if own_line:
        sizes[1] = max(min(sizes[1], width - labels), _MIN_SPEAKER)
    text_width = width - 6 if own_line else width - labels - sizes[1] - 1
    lines = [_row(headers + ([] if own_line else ["statement"]), sizes)]
    for statement, row in zip(statements, rows):
        speaker = textwrap.wrap(row[1], sizes[1], break_on_hyphens=False) or [""]
        text = fit(statement.text, text_width)
        lines.append(_row(row[:1] + speaker[:1] + row[2:] + ([] if own_line else [text]), sizes, colour, statement.stance))
        lines.extend(_row(["", more], sizes[:2]) for more in speaker[1:])
        if own_line:
            lines.append(f"      {text}")
    if any(row[3].endswith("?") or row[4].endswith("?") for row in rows):
        lines.append(fit(f"  ?: the model is unsure of this label (probability below {UNSURE_BELOW:.2f})", width))
    return lines


def _row(cells: Sequence[str], sizes: Sequence[int], colour: bool = False, stance: str | None = None) -> str:
    """One table line: cells padded to ``sizes`` (the number right-aligned), stance and escalation coloured."""
    padded = [cells[0].rjust(sizes[0])] + [cell.ljust(size) for cell, size in zip(cells[1:], sizes[1:])]
    padded += list(cells[len(sizes):])
    if colour and stance:
        for index in (3, 4):
            if index < len(padded):
                padded[index] = _paint(cells[index], STANCE_COLOURS.get(stance, ""), True) + " " * (sizes[index] - len(cells[index]))
    return ("  " + " ".join(padded)).rstrip()


@dataclass
class Tally:
    """Running figures over statements: by speaker and stance, the highest escalation, and dyads.

    A dyad is the speaker's country (``affiliation``) toward the ``target``;
    its mean escalation is over its statements that have a level.
    """

    statements: int = 0
    articles: int = 0
    by_speaker: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    dyads: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    without_dyad: int = 0
    highest: tuple[Statement, str, int] | None = None
    at_highest: int = 0

    def add(self, article: Article, statements: Iterable[Statement]) -> None:
        """Count one article's statements."""
        self.articles += 1
        for number, statement in enumerate(statements, 1):
            self.statements += 1
            self.by_speaker[statement.speaker or "(unattributed)"][statement.stance or "unlabelled"] += 1
            if statement.affiliation and statement.target and statement.escalation is not None:
                self.dyads[statement.affiliation, statement.target].append(statement.escalation)
            else:
                self.without_dyad += 1
            if statement.escalation is None:
                continue
            if self.highest is None or statement.escalation > self.highest[0].escalation:
                self.highest, self.at_highest = (statement, article.id, number), 1
            elif statement.escalation == self.highest[0].escalation:
                self.at_highest += 1

    def dyad_means(self) -> list[tuple[str, str, int, float]]:
        """``(speaker country, target, statements, mean escalation)``, most statements first."""
        rows = [(source, target, len(levels), sum(levels) / len(levels)) for (source, target), levels in self.dyads.items()]
        return sorted(rows, key=lambda row: (-row[2], -row[3], row[0], row[1]))

    def speaker_rows(self) -> list[tuple[str, int, list[tuple[str, int]]]]:
        """``(speaker, statements, [(stance, count), ...])``, most statements first, stances in scale order."""
        order = {name: index for index, name in enumerate(STANCES)}
        rows = [(speaker, sum(counts.values()), sorted(counts.items(), key=lambda item: order.get(item[0], 99)))
                for speaker, counts in self.by_speaker.items()]
        return sorted(rows, key=lambda row: (-row[1], row[0]))


def render_summary(tally: Tally, title: str, width: int, colour: bool = False) -> list[str]:
    """The summary lines of a tally: statements by speaker and stance, the highest escalation, the dyads."""
    lines = [_paint(fit(f"{title}: {tally.statements} statement{'s' * (tally.statements != 1)}"
                        f", {len(tally.by_speaker)} speaker{'s' * (len(tally.by_speaker) != 1)}", width), _BOLD, colour)]
    if not tally.statements:
        return lines
    lines.append("  by speaker and stance:")
    speakers = tally.speaker_rows()
    name_width = min(max(len(row[0]) for row in speakers), max(width - 40, _MIN_SPEAKER))
    for speaker, count, stances in speakers[:LISTED_ROWS]:
        counts = ", ".join(_paint(f"{stance} {n}", STANCE_COLOURS.get(stance, ""), colour) for stance, n in stances)
        plain = ", ".join(f"{stance} {n}" for stance, n in stances)
        names = textwrap.wrap(speaker, name_width, break_on_hyphens=False) or [""]
        lines += [f"    {name}" for name in names[:-1]]
        lead = f"    {names[-1]:{name_width}} {count:3}  "
        lines.append(lead + (counts if len(lead) + len(plain) <= width else fit(plain, width - len(lead))))
    if len(speakers) > LISTED_ROWS:
        lines.append(f"    ... and {len(speakers) - LISTED_ROWS} more speakers")
    lines += _highest_lines(tally, width)
    lines += _dyad_lines(tally, width)
    return lines


def _highest_lines(tally: Tally, width: int) -> list[str]:
    if tally.highest is None:
        return ["  highest escalation: none (no statement has a level)"]
    statement, article_id, number = tally.highest
    who = statement.speaker or "(unattributed)"
    who += f" ({statement.affiliation})" if statement.affiliation else ""
    others = f" (and {tally.at_highest - 1} more at this level)" if tally.at_highest > 1 else ""
    where = f"{article_id} #{number}" if tally.articles > 1 else f"#{number}"
    head = (f"  highest escalation: {statement.escalation} {ESCALATION_NAMES[statement.escalation]}, "
            f"{who} toward {statement.target or 'no target'} ({where}){others}")
    return textwrap.wrap(head, width, subsequent_indent="    ", break_on_hyphens=False) + \
        [fit(f"    {statement.text}", width)]


def _dyad_lines(tally: Tally, width: int) -> list[str]:
    dyads = tally.dyad_means()
    if not dyads:
        lines = ["  dyads: none"]
    else:
        lines = textwrap.wrap("dyads (speaker country -> target): statements, mean escalation", width,
                              initial_indent="  ", subsequent_indent="    ")
    names = [f"{source} -> {target}" for source, target, _, _ in dyads[:LISTED_ROWS]]
    name_width = max(map(len, names), default=0)
    for name, (_, _, count, mean) in zip(names, dyads):
        lines.append(f"    {name:{name_width}} {count:5}  {mean:.2f}")
    if len(dyads) > LISTED_ROWS:
        lines.append(f"    ... and {len(dyads) - LISTED_ROWS} more dyads")
    if tally.without_dyad:
        lines.append(fit(f"    {tally.without_dyad} statement{'s' * (tally.without_dyad != 1)} without a speaker "
                         "country, target or level", width))
    return lines


def marked_text(article: Article, statements: Sequence[Statement]) -> str:
    """The article text with statement ``n``'s span between ``[n>`` and ``<n]`` (nested spans nest)."""
    events = []
    for number, statement in enumerate(statements, 1):
        events.append((statement.start, 1, -statement.end, f"[{number}>"))
        events.append((statement.end, 0, -statement.start, f"<{number}]"))
    text, out, at = article.text, [], 0
    for position, _, _, mark in sorted(events):
        out.append(text[at:position])
        out.append(mark)
        at = position
    out.append(text[at:])
    return "".join(out)


def render_explanation(article: Article, statements: Sequence[Statement], width: int, colour: bool = False) -> list[str]:
    """``--explain``: the marked article text wrapped to ``width``, then each statement's labels and evidence."""
    stances = {str(number): s.stance for number, s in enumerate(statements, 1)}
    lines: list[str] = []
    for paragraph in marked_text(article, statements).split("\n"):
        if paragraph.strip():
            wrapped = textwrap.wrap(paragraph, width - 2, break_long_words=False, break_on_hyphens=False)
            lines += ["  " + _MARK.sub(lambda m: _paint(m[0], STANCE_COLOURS.get(stances[m[1] or m[2]] or "", "")
                                                       or _BOLD, colour), line) for line in wrapped]
            lines.append("")
    for number, statement in enumerate(statements, 1):
        lines += _statement_evidence(number, article, statement, width, colour)
    return lines


def _probabilities(proba: Mapping | None, top: int = 3) -> str:
    if not proba:
        return "no probabilities"
    ranked = sorted(proba.items(), key=lambda item: -item[1])[:top]
    return ", ".join(f"{label} {p:.2f}" for label, p in ranked)


def _statement_evidence(number: int, article: Article, statement: Statement, width: int, colour: bool) -> list[str]:
    """One statement's explanation: who, cue and mention, the labels with their probabilities, the evidence."""
    who = statement.speaker or "(unattributed)"
    who += f" ({', '.join(filter(None, (statement.affiliation, statement.speaker_type)))})" \
        if statement.affiliation or statement.speaker_type else ""
    mention = article.text[statement.mention_start:statement.mention_end] \
        if statement.mention_start is not None and statement.mention_end is not None else None
    found = [f"{statement.kind} statement at {statement.start}-{statement.end}"]
    found += [f'cue "{statement.cue}"'] if statement.cue else []
    found += [f'speaker mention "{mention}"'] if mention else []
    stance = f"stance {stance_cell(statement)}"
    labels = [f"target {statement.target or '-'}", stance, f"escalation {escalation_cell(statement, named=True)}",
              f"act {statement.act or '-'}"]
    sections = [
        (f"[{number}] {who}", ""),
        ("found: ", "; ".join(found)),
        ("labels: ", ", ".join(labels)),
        ("stance probabilities: ", _probabilities(statement.stance_proba)),
        ("escalation probabilities: ", _probabilities(statement.escalation_proba)),
        ("evidence: ", "; ".join(statement.evidence) or "none recorded"),
    ]
    lines = []
    for index, (name, value) in enumerate(sections):
        indent = "  " if index == 0 else "      "
        lines += textwrap.wrap(name + value, width, initial_indent=indent, subsequent_indent=indent + "  ",
                               break_long_words=False, break_on_hyphens=False)
    painted = _paint(stance, STANCE_COLOURS.get(statement.stance or "", ""), colour)
    return [line.replace(stance, painted, 1) if "labels: " in line else line for line in lines] + [""]


@dataclass
class TableView:
    """Renders one article at a time for the terminal and keeps the corpus tally for the final summary.

    Call it with an :class:`~stance.batch.ArticleResult` (anything with
    ``article`` and ``statements``); it returns the heading, the table (or,
    with ``explain``, the marked text and the evidence) and the article's
    summary, as text.
    """

    width: int = field(default_factory=terminal_width)
    colour: bool = False
    explain: bool = False
    corpus: Tally = field(default_factory=Tally)

    def __call__(self, result) -> str:
        article, statements = result.article, result.statements
        self.corpus.add(article, statements)
        tally = Tally()
        tally.add(article, statements)
        heading = _paint(article_heading(article, self.width), _BOLD, self.colour)
        if not statements:
            body = ["  no statement by a government figure or institution found"]
        elif self.explain:
            body = render_explanation(article, statements, self.width, self.colour)
        else:
            body = render_table(statements, self.width, self.colour)
        summary = render_summary(tally, "  summary", self.width, self.colour) if statements else []
        return "\n".join([heading, *body, *summary]) + "\n\n"

    def corpus_summary(self) -> str:
        """The summary over every article rendered so far."""
        title = f"Summary of {self.corpus.articles} article{'s' * (self.corpus.articles != 1)}"
        return "\n".join(render_summary(self.corpus, title, self.width, self.colour)) + "\n"


def render_article(result, width: int = 100, colour: bool = False) -> str:
    """One article as a readable block for the ``table`` format: heading, statement table and summary."""
    return TableView(width=width, colour=colour)(result)
