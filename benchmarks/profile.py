"""Where the time goes: per stage on real-length articles, and time per article against article length.

Two measurements on constructed articles (``corpus.py``: fictional or generic
speakers), in this one process, one core, after a warm-up (model loaded,
caches built; start-up is reported apart). Times are this process's CPU time
(``time.process_time``), so other programs on a shared machine change them little:

1. **Stages**, on ``--articles`` articles of ``--chars`` characters (5,000 by
   default, the length of a news article), done the way a batch worker does
   them (labels for a chunk of 16 articles at once):

   - reading: ``iter_articles`` on a JSONL file (JSON parsing, dates);
   - segmenting: paragraphs and Punkt sentences (the caches extraction and
     labelling then share);
   - extraction: ``find_statements`` without the two parts below (quotes,
     units, tokenising, cue finding, frames, continuations);
   - attribution: speaker mentions (``_register_people``) and attributing
     each statement (``_attribute``), timed by wrapping those two functions;
   - labelling: ``label_articles``, in parts: the sentences around each
     statement and the countries its article names (``contexts``), the
     feature matrix (``features``), choosing targets (``targets``), the
     evidence, and the rest (the three heads, decoding, records);
   - writing: rendering a JSONL line and writing it to a file.

2. **Length**: time per article (extraction, attribution and labels) for
   articles of 1k, 5k, 20k and 100k characters (each article different,
   about ``--length-chars`` characters in all per size). Linear means the
   microseconds per character stay flat: the last column is the ratio to the
   1k figure.

    python3 benchmarks/profile.py                # 200 articles of 5,000 characters; lengths up to 100k
    python3 benchmarks/profile.py --quick        # 40 articles; lengths up to 20k
    python3 benchmarks/profile.py --top 25       # also the 25 functions with the most own time (cProfile)
    python3 benchmarks/profile.py --stages-only  # the stage table alone
"""
from __future__ import annotations

import argparse
import importlib
import io
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (the generator next to this script)

CHUNK = 16
LENGTHS = (1_000, 5_000, 20_000, 100_000)
#: Parts of labelling timed apart (none runs inside another): module, function (or Class.method), part.
LABELLING_PARTS = (
    ("stance.model", "_surroundings", "labelling: contexts"),
    ("stance.classify", "StatementVectorizer.prepare_records", "labelling: features"),
    ("stance.classify", "StatementVectorizer.transform_prepared", "labelling: features"),
    ("stance.classify", "StanceModel._choose_targets", "labelling: targets"),
    ("stance.classify", "StanceModel._evidence", "labelling: evidence"),
)
STAGES = ("reading", "segmenting", "extraction", "attribution", "labelling: contexts", "labelling: features",
          "labelling: targets", "labelling: evidence", "labelling", "writing")


class StageClock:
    """Seconds spent per stage; ``wrap`` times a module function (and subtracts it from the stage it runs in)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.inner = 0.0

    def wrap(self, module, name: str, stage: str) -> None:
        """Replace ``module.name`` (a module's function or a class's method) by a timed copy that charges its
        time to ``stage``."""
        function = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - started
                self.seconds[stage] += spent
                self.inner += spent

        setattr(module, name, timed)

    def run(self, stage: str, work, *args):
        """``work(*args)``, its time (less that of wrapped functions inside it) charged to ``stage``."""
        inner_before = self.inner
        started = time.process_time()
        result = work(*args)
        self.seconds[stage] += time.process_time() - started - (self.inner - inner_before)
        return result


def start_up() -> tuple[dict[str, float], object]:
    """Import the package and build what the first article needs; seconds per part: ``imports`` (the pipeline),
    ``model`` (the default model: skops' import and loading it from the cache, or training it on a first run) and
    ``first article`` (the registry, the sentence splitter and the other caches)."""
    clock = time.process_time
    started = clock()
    from stance.model import default_model
    from stance.pipeline import analyze
    from stance.speakers import SpeakerRegistry

    imported = clock()
    default_model()
    loaded = clock()
    registry = SpeakerRegistry.default()
    analyze('The foreign minister of Norvania said on Monday that "talks must continue".', registry=registry)
    return {"imports": imported - started, "model": loaded - imported, "first article": clock() - loaded}, registry


def stages(path: Path, registry, output: Path) -> tuple[dict[str, float], int, int]:
    """Seconds per stage over the corpus at ``path``; the number of articles and statements."""
    import stance.statements
    from stance.articles import iter_articles
    from stance.batch import ArticleResult, render_jsonl
    from stance.model import label_articles
    from stance.segment import paragraphs, sentences

    clock = StageClock()
    clock.wrap(stance.statements, "_register_people", "attribution")
    clock.wrap(stance.statements, "_attribute", "attribution")
    for module, name, part in LABELLING_PARTS:
        owner = importlib.import_module(module)
        *classes, attribute = name.split(".")
        for step in classes:
            owner = getattr(owner, step)
        clock.wrap(owner, attribute, part)

    def segment(text: str) -> None:
        for paragraph in paragraphs(text):
            sentences(text, paragraph.start, paragraph.end)

    articles = iter(iter_articles(path))
    count = statements = 0
    with output.open("w", encoding="utf-8") as out:
        while True:
            chunk = clock.run("reading", lambda: [a for _, a in zip(range(CHUNK), articles)])
            if not chunk:
                break
            found = []
            for article in chunk:
                clock.run("segmenting", segment, article.text)
                found.append((article, clock.run("extraction", stance.statements.find_statements, article, registry)))
            labelled = clock.run("labelling", label_articles, found, None, registry)
            for article, statements_of in zip(chunk, labelled):
                clock.run("writing", lambda: out.write(render_jsonl(ArticleResult(article, tuple(statements_of)))))
                statements += len(statements_of)
            count += len(chunk)
    return dict(clock.seconds), count, statements


def by_length(registry, lengths: tuple[int, ...], total_chars: int) -> list[dict]:
    """Time per article (full pipeline, labels included) for articles of each length."""
    from stance.articles import article_from_text
    from stance.pipeline import analyze

    rows = []
    for length in lengths:
        count = max(2, total_chars // length)
        texts = [corpus.make_article(index, chars=length, seed=length)["text"] for index in range(count)]
        analyze(article_from_text(corpus.make_article(count, chars=length, seed=7)["text"]), registry=registry)
        started = time.process_time()
        for index, text in enumerate(texts):
            analyze(article_from_text(text, f"length-{index}"), registry=registry)
        seconds = (time.process_time() - started) / count
        chars = sum(map(len, texts)) / count
        rows.append({"chars": length, "articles": count, "ms_per_article": seconds * 1000,
                     "us_per_char": seconds * 1e6 / chars})
    return rows


def print_stages(seconds: dict[str, float], count: int, statements: int, chars: int,
                 startup: dict[str, float]) -> None:
    """The stage table."""
    total = sum(seconds.values())
    print(f"{count} constructed articles of ~{chars:,} characters ({statements:,} statements), one core, "
          f"python {sys.version.split()[0]}; start-up {sum(startup.values()):.2f} s CPU, not counted ("
          + ", ".join(f"{part} {spent:.2f}" for part, spent in startup.items()) + ")\n")
    print("| stage | ms/article | share |")
    print("|---|---:|---:|")
    labelling = sum(v for k, v in seconds.items() if k.startswith("labelling"))
    for stage in STAGES:
        name = "labelling: the rest (heads, decoding, records)" if stage == "labelling" else stage
        print(f"| {name} | {seconds.get(stage, 0) / count * 1000:.2f} | {seconds.get(stage, 0) / total:.0%} |")
        if stage == "labelling":
            print(f"| **labelling, all parts** | **{labelling / count * 1000:.2f}** | **{labelling / total:.0%}** |")
    print(f"| total | {total / count * 1000:.2f} ({count / total:.0f} articles/s) | |\n")


def print_lengths(rows: list[dict]) -> None:
    """The length table, with each size's microseconds per character as a ratio to the shortest's."""
    print("| article length | articles | ms/article | us/char | us/char vs the shortest |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['chars']:,} | {row['articles']} | {row['ms_per_article']:.1f} | {row['us_per_char']:.2f} | "
              f"{row['us_per_char'] / rows[0]['us_per_char']:.2f} |")
    print(f"\nlongest against shortest: {rows[-1]['chars'] / rows[0]['chars']:.0f}x the characters, "
          f"{rows[-1]['ms_per_article'] / rows[0]['ms_per_article']:.0f}x the time per article "
          f"(linear: ratio of us/char = {rows[-1]['us_per_char'] / rows[0]['us_per_char']:.2f})")


def stdlib_profiler():
    """``cProfile`` and ``pstats`` from the standard library (this script's own name, profile.py, hides the
    standard ``profile`` module that they import while its folder is first on ``sys.path``)."""
    here = Path(__file__).resolve().parent
    saved = sys.path[:]
    sys.path[:] = [entry for entry in saved if Path(entry or ".").resolve() != here]
    try:
        return importlib.import_module("cProfile"), importlib.import_module("pstats")
    finally:
        sys.path[:] = saved


def main() -> None:
    """Command line: run both measurements and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--length-chars", type=int, default=400_000, help="characters analysed per article length")
    parser.add_argument("--quick", action="store_true", help="40 articles; lengths up to 20k")
    parser.add_argument("--top", type=int, default=0, help="also print the N functions with the most own time")
    parser.add_argument("--stages-only", action="store_true", help="only the stage table (no article lengths)")
    args = parser.parse_args()
    count = 40 if args.quick else args.articles
    lengths = LENGTHS[:3] if args.quick else LENGTHS
    startup, registry = start_up()
    cprofile, pstats = stdlib_profiler() if args.top else (None, None)
    profiler = cprofile.Profile() if args.top else None
    with tempfile.TemporaryDirectory() as folder:
        path = corpus.write_jsonl(Path(folder) / "corpus.jsonl", count, chars=args.chars, seed=1)
        if profiler:
            profiler.enable()
        seconds, analysed, statements = stages(path, registry, Path(folder) / "out.jsonl")
        if profiler:
            profiler.disable()
    print_stages(seconds, analysed, statements, args.chars, startup)
    if not args.stages_only:
        print_lengths(by_length(registry, lengths, args.length_chars // (4 if args.quick else 1)))
    if profiler:
        report = io.StringIO()
        pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(args.top)
        print("\n(stage times above include cProfile's overhead)\n" + report.getvalue())


if __name__ == "__main__":
    main()
