"""The ``stance`` command line: ``stance analyze PATH... [--format table|jsonl|csv] [-o FILE]``."""
from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
from pathlib import Path
from typing import Sequence, TextIO

from .articles import DEFAULT_MAX_CHARS, ArticleError, iter_articles
from .pipeline import STATEMENT_COLUMNS, analyze
from .records import Article, Statement
from .speakers import SpeakerRegistry


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" ...")


def _write_table(out: TextIO, article: Article, found: list[Statement]) -> None:
    heading = f"{article.id}" + (f"  {article.date}" if article.date else "") + (f"  {article.title}" if article.title else "")
    out.write(_shorten(heading, 110) + "\n")
    out.write(f"  {'speaker':28} {'kind':9} statement\n")
    for statement in found:
        speaker = _shorten(statement.speaker or "(unattributed)", 28)
        out.write(f"  {speaker:28} {statement.kind:9} {_shorten(statement.text, 70)}\n")
    out.write(f"  {len(found)} statements\n\n")


def _write_jsonl(out: TextIO, article: Article, found: list[Statement]) -> None:
    record = {"id": article.id, "title": article.title, "date": article.date, "source": article.source,
              "statements": [s.to_dict() for s in found]}
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


class _CsvWriter:
    def __init__(self, out: TextIO):
        self.writer = csv.DictWriter(out, fieldnames=STATEMENT_COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def __call__(self, out: TextIO, article: Article, found: list[Statement]) -> None:
        meta = {"article_id": article.id, "date": article.date, "date_inferred": article.date_inferred,
                "title": article.title, "source": article.source}
        for statement in found:
            self.writer.writerow({**meta, **statement.to_dict()})


def _analyze(args: argparse.Namespace) -> int:
    registry = SpeakerRegistry.default()
    if args.speakers:
        registry = registry.extended(args.speakers)
    out: TextIO = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    failures: list[ArticleError] = []
    skipped: list[Path] = []
    articles = 0
    try:
        write = {"table": _write_table, "jsonl": _write_jsonl, "csv": None}[args.format] or _CsvWriter(out)
        for item in iter_articles(args.paths, encoding=args.encoding, max_chars=args.max_chars, skipped=skipped.append):
            if isinstance(item, ArticleError):
                failures.append(item)
                continue
            write(out, item, analyze(item, registry=registry))
            articles += 1
    finally:
        if args.output:
            out.close()
    for path in skipped:
        print(f"skipped {path}: not an article file (.txt, .json, .jsonl, .html)", file=sys.stderr)
    summary = f"{articles} articles analysed, {len(failures)} failed"
    if args.output:
        summary += f"; wrote {args.output}"
    print(summary, file=sys.stderr)
    for error in failures:
        print(f"error: {error}", file=sys.stderr)
    return 1 if failures or not articles else 0


def _report(args: argparse.Namespace) -> int:
    from .analysis import read_statement_table
    from .report import REPORT_COLUMNS, statements_for_report, write_report

    progress = sys.stderr.isatty()
    failures: list[ArticleError] = []
    try:
        if args.table:
            frame = read_statement_table(args.paths, columns=REPORT_COLUMNS, progress=progress)
        else:
            registry = SpeakerRegistry.default()
            for path in args.speakers:
                registry = registry.extended(path)
            frame = statements_for_report(args.paths, registry=registry, on_error=failures.append, progress=progress)
        title = args.title or f"Stance report: {Path(args.output).stem}"
        write_report(frame, args.output, title=title, sources=args.paths, period=args.period, progress=progress)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for error in failures:
        print(f"error: {error}", file=sys.stderr)
    articles = frame["article_id"].nunique()
    print(f"{len(frame)} statements from {articles} articles, {len(failures)} inputs failed; wrote {args.output}",
          file=sys.stderr)
    return 1 if failures else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``stance`` subcommand."""
    parser = argparse.ArgumentParser(prog="stance", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    analyze_cmd = commands.add_parser("analyze", help="find and attribute the statements in articles")
    analyze_cmd.add_argument("paths", nargs="+", help="article files (.txt .json .jsonl .html) or folders")
    analyze_cmd.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    analyze_cmd.add_argument("-o", "--output", help="write here instead of standard output")
    analyze_cmd.add_argument("--speakers", help="a CSV of extra speakers (same columns as the shipped registry)")
    analyze_cmd.add_argument("--encoding", default="utf-8", help="text encoding of the input files")
    analyze_cmd.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                             help="longest article accepted, in characters")
    analyze_cmd.set_defaults(run=_analyze)

    report_cmd = commands.add_parser("report", help="write a PDF report of stance and escalation over time")
    report_cmd.add_argument("paths", nargs="+", help="article files or folders (or statement tables with --table)")
    report_cmd.add_argument("-o", "--output", required=True, help="the PDF to write, e.g. reports/NAME.pdf")
    report_cmd.add_argument("--table", action="store_true",
                            help="PATHs are analysed statement tables (stance analyze --format jsonl|csv, or Parquet)")
    report_cmd.add_argument("--speakers", action="append", default=[], metavar="FILE",
                            help="a CSV of extra speakers (repeatable)")
    report_cmd.add_argument("--period", choices=["day", "week", "month"], default="month",
                            help="period for the charts and shifts over time")
    report_cmd.add_argument("--title", help="title on the first page and footers")
    report_cmd.set_defaults(run=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.run(args)
