"""The ``stance`` command line: ``stance analyze PATH... [--format table|jsonl|csv|parquet] [-o FILE]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from .articles import DEFAULT_MAX_CHARS, ArticleError
from .batch import FORMATS, ArticleFailure, BatchSummary, run_batch
from .speakers import SpeakerRegistry


_LISTED_FAILURES = 20


def _registry(paths: Sequence[str]) -> SpeakerRegistry:
    """The shipped registry extended with each speakers or countries CSV in ``paths``."""
    registry = SpeakerRegistry.default()
    for path in paths:
        registry = registry.extended(path)
    return registry


def _analyze(args: argparse.Namespace) -> int:
    try:
        registry = _registry(args.speakers)
    except (ValueError, OSError, KeyError) as error:
        print(f"error: --speakers: {error}", file=sys.stderr)
        return 2
    failures: list[ArticleFailure] = []
    skipped: list[Path] = []

    def keep(failure: ArticleFailure) -> None:
        if not args.errors or len(failures) < _LISTED_FAILURES:
            failures.append(failure)

    options = dict(format=args.format, errors=args.errors, resume=args.resume, registry=registry,
                   model=getattr(args, "model", None), encoding=args.encoding, max_chars=args.max_chars,
                   progress=not args.quiet and sys.stderr.isatty(), on_failure=keep, skipped=skipped.append)
    try:
        if args.scheduler:
            summary = _analyze_on_cluster(args, options)
        else:
            summary = run_batch(args.paths, args.output, jobs=args.jobs, **options)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        for path in skipped:
            print(f"skipped {path}: not an article file (.txt, .json, .jsonl, .html)", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if summary.failed > len(failures):
        print(f"... and {summary.failed - len(failures)} more failures in {args.errors}", file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.failed or not summary.analysed else 0


def _analyze_on_cluster(args: argparse.Namespace, options: dict) -> BatchSummary:
    if not args.output:
        raise ValueError("--scheduler needs -o FOLDER on storage the workers share")
    if args.jobs:
        raise ValueError("--jobs does not apply with --scheduler (the cluster's workers do the work)")
    from distributed import Client

    from .dask import run_on_cluster

    with Client(args.scheduler) as client:
        return run_on_cluster(args.paths, args.output, client=client, **options)


def _report(args: argparse.Namespace) -> int:
    from .analysis import read_statement_table
    from .report import REPORT_COLUMNS, statements_for_report, write_report

    progress = sys.stderr.isatty()
    failures: list = []
    try:
        if args.table:
            frame = read_statement_table(args.paths, columns=REPORT_COLUMNS, progress=progress)
        else:
            registry = _registry(args.speakers)
            frame = statements_for_report(args.paths, registry=registry, model=args.model, jobs=args.jobs,
                                          on_error=failures.append, progress=progress)
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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``stance`` subcommand."""
    parser = argparse.ArgumentParser(prog="stance", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    analyze_cmd = commands.add_parser("analyze", help="find and attribute the statements in articles")
    analyze_cmd.add_argument("paths", nargs="+", help="article files (.txt .json .jsonl .html) or folders")
    analyze_cmd.add_argument("--format", choices=FORMATS, default="table",
                             help="output format (parquet needs -o; with --scheduler: parquet, jsonl or csv)")
    analyze_cmd.add_argument("-o", "--output", help="write here instead of standard output")
    analyze_cmd.add_argument("--jobs", "-j", type=_positive, metavar="N",
                             help="worker processes (default: every core); results are the same for any N")
    analyze_cmd.add_argument("--errors", metavar="FILE",
                             help="write every article that failed to this JSONL file (id, file, reason)")
    analyze_cmd.add_argument("--resume", action="store_true",
                             help="continue an interrupted run into the same -o file, skipping finished articles")
    analyze_cmd.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no skipped-file notes")
    analyze_cmd.add_argument("--scheduler", metavar="ADDRESS",
                             help="run on a Dask cluster (e.g. tcp://host:8786); -o is then a folder of part files")
    analyze_cmd.add_argument("--speakers", action="append", default=[], metavar="FILE",
                             help="a CSV of extra speakers or countries, same columns as the shipped ones (repeatable)")
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
                            help="a CSV of extra speakers or countries (repeatable)")
    report_cmd.add_argument("--model", metavar="FILE", help="a model trained with stance train (default: the shipped one)")
    report_cmd.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N", help="worker processes for analysis")
    report_cmd.add_argument("--period", choices=["day", "week", "month"], default="month",
                            help="period for the charts and shifts over time")
    report_cmd.add_argument("--title", help="title on the first page and footers")
    report_cmd.set_defaults(run=_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.run(args)
