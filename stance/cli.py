"""The ``stance`` command: analyze, classify, train, evaluate and report on diplomatic statements.

Only light modules are imported here: the stages (which import scikit-learn,
NLTK and pandas) are imported by the command that runs them, so that
``stance --help`` and a mistyped option answer at once.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .articles import DEFAULT_MAX_CHARS, ArticleError, skip_reason
from .display import TableView, terminal_width, wants_colour
from .output import FORMATS, OutputError, check_output_paths, write_atomically
from .schema import restore_csv_frame, write_csv_frame

if TYPE_CHECKING:
    from .batch import ArticleFailure, BatchSummary
    from .speakers import SpeakerRegistry

_LISTED_FAILURES = 20


def _registry(paths: Sequence[str]) -> SpeakerRegistry:
    """The shipped registry extended with each speakers or countries CSV in ``paths``."""
    from .speakers import SpeakerRegistry

    registry = SpeakerRegistry.default()
    for path in paths:
        registry = registry.extended(path)
    return registry


def _print_skipped(skipped: Sequence[Path]) -> None:
    """One line on standard error for each input that was not read, saying why."""
    for path in skipped:
        print(f"skipped {path}: {skip_reason(path)}", file=sys.stderr)


def _no_article_reason(paths: Sequence[str], skipped: Sequence[Path]) -> str:
    """Why a run read no article: the inputs were empty, or held only folders and other files."""
    where = ", ".join(paths)
    if not skipped:
        return f"no article found in {where}: {'the folder is' if len(paths) == 1 else 'the folders are'} empty"
    folders = sum(path.is_dir() for path in skipped)
    reason = f"no article found in {where}: none of its {len(skipped)} entries is a .txt, .json, .jsonl or .html file"
    return reason + (" (add --recursive to read the folders inside)" if folders else "")


def _table_view(args: argparse.Namespace) -> TableView | None:
    """The terminal renderer for the table format: the terminal's width, colour only on a terminal."""
    if args.format != "table":
        return None
    return TableView(width=terminal_width(), colour=not args.output and wants_colour(sys.stdout), explain=args.explain)


def _analyze(args: argparse.Namespace) -> int:
    from .batch import run_batch

    if args.explain and (args.format != "table" or args.scheduler):
        print("error: --explain shows the marked text on the terminal; use it with the table format and no --scheduler",
              file=sys.stderr)
        return 2
    try:
        registry = _registry(args.speakers)
    except (ValueError, OSError, KeyError) as error:
        print(f"error: --speakers: {error}", file=sys.stderr)
        return 2
    if args.model:
        from .model import resolve_model

        try:
            resolve_model(args.model)
        except ValueError as error:
            print(f"error: --model: {error}", file=sys.stderr)
            return 2
    failures: list[ArticleFailure] = []
    skipped: list[Path] = []

    def keep(failure: ArticleFailure) -> None:
        if not args.errors or len(failures) < _LISTED_FAILURES:
            failures.append(failure)

    options = dict(format=args.format, errors=args.errors, resume=args.resume, registry=registry,
                   model=args.model, encoding=args.encoding, max_chars=args.max_chars,
                   progress=not args.quiet and sys.stderr.isatty(), on_failure=keep, skipped=skipped.append,
                   recursive=args.recursive, registry_files=args.speakers)
    view = _table_view(args)
    try:
        if args.scheduler:
            summary = _analyze_on_cluster(args, options)
        else:
            summary = run_batch(args.paths, args.output, jobs=args.jobs, render=view, **options)
        if view is not None and not args.output and summary.analysed > 1:
            sys.stdout.write(view.corpus_summary())
            sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return _report_run(args, summary, failures, skipped)


def _report_run(args: argparse.Namespace, summary: BatchSummary, failures: Sequence[ArticleFailure],
                skipped: Sequence[Path]) -> int:
    """Say on standard error how an analyze run went (skipped inputs, counts, failures, refusals); the exit code."""
    if not args.quiet:
        _print_skipped(skipped)
    if summary.read:
        print(summary.line(), file=sys.stderr)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if summary.failed > len(failures):
        print(f"... and {summary.failed - len(failures)} more failures in {args.errors}", file=sys.stderr)
    if summary.interrupted:
        return 130
    if not summary.read:
        print(f"error: {_no_article_reason(args.paths, skipped)}", file=sys.stderr)
        return 1
    if summary.analysed and not summary.statements:
        print(f"error: no statement by a government figure or institution was found in the {summary.analysed} "
              "article(s) read (a statement needs a speaker and a reporting verb such as 'said' or 'warned')",
              file=sys.stderr)
        return 1
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
    skipped: list[Path] = []
    try:
        if args.table:
            frame = read_statement_table(args.paths, columns=REPORT_COLUMNS, progress=progress)
        else:
            registry = _registry(args.speakers)
            frame = statements_for_report(args.paths, registry=registry, model=args.model, jobs=args.jobs,
                                          on_error=failures.append, skipped=skipped.append,
                                          recursive=args.recursive, progress=progress)
        _print_skipped(skipped)
        for error in failures:
            print(f"error: {error}", file=sys.stderr)
        title = args.title or f"Stance report: {Path(args.output).stem}"
        write_report(frame, args.output, title=title, sources=args.paths, period=args.period, by=args.by,
                     progress=progress)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    articles = frame["article_id"].nunique()
    print(f"{len(frame)} statements from {articles} articles, {len(failures)} inputs failed; wrote {args.output}",
          file=sys.stderr)
    return 1 if failures else 0


def _classify(args: argparse.Namespace) -> int:
    import pandas as pd

    from .model import ModelError, resolve_model

    try:
        check_output_paths([args.input], args.output)
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        frame = restore_csv_frame(pd.read_csv(args.input, dtype=str, keep_default_na=False))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        print(f"error: {args.input}: cannot read CSV ({error})", file=sys.stderr)
        return 2
    if "text" not in frame.columns:
        print(f"error: {args.input}: needs a 'text' column (got: {', '.join(frame.columns)})", file=sys.stderr)
        return 2
    try:
        model = resolve_model(args.model)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    labelled = model.label(frame.replace("", None))
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        with write_atomically(args.output) as target:
            write_csv_frame(labelled, target)
    else:
        write_csv_frame(labelled, sys.stdout)
    print(f"{len(labelled)} statements labelled" + (f"; wrote {args.output}" if args.output else ""), file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from .classify import LabelError, StanceModel
    from .labelling import LabelFileError, read_labels
    from .model import save_model

    try:
        labels = read_labels(args.labels)
        usable = labels["stance"].notna() & labels["escalation"].notna()
        model = StanceModel().fit(labels[usable].reset_index(drop=True))
        save_model(model, args.output)
    except (LabelFileError, LabelError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    skipped = int((~usable).sum())
    print(f"trained on {int(usable.sum())} labelled statements"
          + (f" ({skipped} rows without stance or escalation skipped)" if skipped else "")
          + f"; wrote {args.output}", file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .articles import read_articles
    from .evaluate import GoldError, format_scores, load_documents, score
    from .model import ModelError, label_statements, resolve_model
    from .pipeline import analyze
    from .records import Statement

    try:
        gold = load_documents(args.gold)
        if not any(document["statements"] for document in gold.values()):
            print(f"error: no gold statements found in {args.gold}: evaluate needs articles annotated in the guide's "
                  "JSON format (id, text and a non-empty 'statements' list); to label plain articles use stance analyze",
                  file=sys.stderr)
            return 2
        if args.pred:
            pred = load_documents(args.pred)
        else:
            model = resolve_model(args.model)
            pred = {}
            for article in read_articles(args.gold):
                if args.given_statements:
                    given = [Statement(start=s["start"], end=s["end"], text=s["text"], kind=s["kind"], cue=s.get("cue"),
                                       speaker=s.get("speaker"), speaker_type=s.get("speaker_type"),
                                       affiliation=s.get("affiliation"))
                             for s in gold[article.id]["statements"]]
                    found = label_statements(given, article, model)
                else:
                    found = analyze(article, model=model)
                pred[article.id] = {"id": article.id, "statements": [s.to_dict() for s in found]}
    except (GoldError, ModelError, ArticleError, OSError, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    scores = score(gold, pred)
    print(json.dumps(scores.metrics, indent=2) if args.json else format_scores(scores))
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _add_analyze(commands: argparse._SubParsersAction) -> None:
    """The ``analyze`` subcommand and its options."""
    analyze_cmd = commands.add_parser("analyze", help="find, attribute and label the statements in articles",
                                      description="Find the statements of government figures and institutions in "
                                                  "articles, say who made them and label their target, stance and "
                                                  "escalation.")
    analyze_cmd.add_argument("paths", nargs="+", help="article files (.txt .json .jsonl .html) or folders")
    analyze_cmd.add_argument("--format", choices=FORMATS, default="table",
                             help="output format (default: table; parquet needs -o; with --scheduler: parquet, "
                                  "jsonl or csv)")
    analyze_cmd.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
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
    analyze_cmd.add_argument("--recursive", "-r", action="store_true", help="also read the folders inside folders")
    analyze_cmd.add_argument("--encoding", default="utf-8", help="text encoding of the input files (default: utf-8)")
    analyze_cmd.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                             help=f"longest article accepted, in characters (default: {DEFAULT_MAX_CHARS:,})")
    analyze_cmd.add_argument("--model", metavar="FILE",
                             help="a model trained with stance train (default: the shipped one)")
    analyze_cmd.add_argument("--explain", action="store_true",
                             help="show each article's text with the statements marked and numbered, then each "
                                  "statement's labels with their probabilities and evidence (table format)")
    analyze_cmd.set_defaults(run=_analyze)


def _add_classify_and_train(commands: argparse._SubParsersAction) -> None:
    """The ``classify`` and ``train`` subcommands: label extracted statements, train a model."""
    classify_cmd = commands.add_parser("classify", help="label statements that are already extracted (a CSV)",
                                       description="Label statements that are already extracted: target, stance, "
                                                   "escalation, act, CAMEO code and Goldstein value.")
    classify_cmd.add_argument("input", help="a CSV with a 'text' column; optional speaker, speaker_type, affiliation, "
                                             "cue, kind and target; other columns (an id) are kept")
    classify_cmd.add_argument("-o", "--output", metavar="FILE",
                              help="the labelled CSV to write (default: standard output)")
    classify_cmd.add_argument("--model", metavar="FILE",
                              help="a model trained with stance train (default: the shipped one)")
    classify_cmd.set_defaults(run=_classify)

    train_cmd = commands.add_parser("train", help="train a stance/escalation model on labelled statements",
                                    description="Train a stance and escalation model on labelled statements.")
    train_cmd.add_argument("labels", help="a labels CSV (text, stance, escalation, ...) or a folder of guide JSON")
    train_cmd.add_argument("-o", "--output", required=True, metavar="FILE",
                           help="the model file to write (e.g. model.skops)")
    train_cmd.set_defaults(run=_train)


def _add_evaluate(commands: argparse._SubParsersAction) -> None:
    """The ``evaluate`` subcommand and its options."""
    evaluate_cmd = commands.add_parser("evaluate", help="score predictions (or the pipeline) against gold articles",
                                       description="Score detection, attribution, stance and escalation against "
                                                   "gold articles annotated per the annotation guide.")
    evaluate_cmd.add_argument("gold", help="gold articles: a folder of guide JSON files or a JSONL file")
    evaluate_cmd.add_argument("--pred", metavar="PATH",
                              help="predictions in the same format (default: run the pipeline on GOLD)")
    evaluate_cmd.add_argument("--given-statements", action="store_true",
                              help="label the gold statements themselves (scores classification alone)")
    evaluate_cmd.add_argument("--model", metavar="FILE",
                              help="a model trained with stance train (default: the shipped one)")
    evaluate_cmd.add_argument("--json", action="store_true", help="print the headline metrics as JSON")
    evaluate_cmd.set_defaults(run=_evaluate)


def _add_report(commands: argparse._SubParsersAction) -> None:
    """The ``report`` subcommand and its options."""
    report_cmd = commands.add_parser("report", help="write a PDF report of stance and escalation over time",
                                     description="Write a multi-page PDF report of stance and escalation over "
                                                 "time.")
    report_cmd.add_argument("paths", nargs="+", help="article files or folders (or statement tables with --table)")
    report_cmd.add_argument("-o", "--output", required=True, metavar="FILE",
                            help="the PDF to write, e.g. reports/NAME.pdf")
    report_cmd.add_argument("--table", action="store_true",
                            help="PATHs are analysed statement tables (stance analyze --format jsonl|csv, or Parquet)")
    report_cmd.add_argument("--speakers", action="append", default=[], metavar="FILE",
                            help="a CSV of extra speakers or countries (repeatable)")
    report_cmd.add_argument("--model", metavar="FILE", help="a model trained with stance train (default: the shipped one)")
    report_cmd.add_argument("--jobs", "-j", type=_positive, default=1, metavar="N",
                            help="worker processes for analysis (default: 1)")
    report_cmd.add_argument("--recursive", "-r", action="store_true", help="also read the folders inside folders")
    report_cmd.add_argument("--period", choices=["day", "week", "month"], default="month",
                            help="period for the charts and shifts over time (default: month)")
    report_cmd.add_argument("--by", choices=["dyad", "speaker", "country"], default="dyad",
                            help="one panel of escalation over time per dispute (dyad, default), speaker or country")
    report_cmd.add_argument("--title", help="title on the first page and footers (default: from the PDF's name)")
    report_cmd.set_defaults(run=_report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``stance`` subcommand."""
    parser = argparse.ArgumentParser(
        prog="stance",
        description="Find the statements government figures make in news articles, say who made them, label "
                    "their stance and escalation, and chart them over time.",
        epilog="Run 'stance COMMAND --help' for a command's options.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_analyze(commands)
    _add_classify_and_train(commands)
    _add_evaluate(commands)
    _add_report(commands)
    return parser


def _reader_gone() -> int:
    """The reader of standard output went away (``| head``): drop the rest quietly; exit code 141, as for SIGPIPE."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    return code
