"""End-to-end throughput on 1 and 2 cores, peak memory as the corpus grows, and the Dask backend's throughput.

Every run reads a generated JSONL corpus of constructed 3,000-character
articles (``corpus.py``), analyses it and writes JSONL (Parquet for Dask),
exactly as ``stance analyze CORPUS --format jsonl -o OUT --jobs N`` does. Each
run is a fresh child process; the time is that of the run itself (the
interpreter start and ``import stance`` are not counted; Dask's cluster start
is reported apart). Peak memory is the largest sum, over the child and all
its worker processes, of their proportional set size (PSS: shared pages
counted once), sampled every 0.1 s. On a machine shared with other work the
wall-clock rate drops; the CPU time of the run (all its processes) is
reported too, as articles per CPU-second and the number of cores it kept busy.

    python3 benchmarks/scale.py            # 2,000-article speed runs; memory at 1k, 10k and 100k articles
    python3 benchmarks/scale.py --quick    # a fast check: 300 articles; memory at 100, 300 and 1,000
    python3 benchmarks/scale.py --no-labels   # extraction and attribution only (no Dask run)
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (the generator next to this script)


def _memory(process: psutil.Process) -> int:
    try:
        return process.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return process.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def measured(command: list[str]) -> tuple[dict, float]:
    """Run a child; its JSON result and the peak memory (MB) of its process tree."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    root = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        peak = max(peak, sum(_memory(process) for process in tree))
        time.sleep(0.1)
    out, _ = child.communicate()
    if child.returncode not in (0, 1):
        raise SystemExit(f"benchmark run failed: {' '.join(command)}")
    return json.loads(out.strip().splitlines()[-1]), peak / 2**20


def without_labels() -> None:
    """Child: make the batch run extraction and attribution only (worker processes inherit it by fork)."""
    from functools import partial

    import stance.batch

    stance.batch.analyze = partial(stance.batch.analyze, label=False)


def run_local(jobs: int, source: str, output: str) -> dict:
    """Child: ``run_batch`` as the CLI calls it; the figures as a dict."""
    from stance.batch import run_batch

    cpu_before = cpu_seconds()
    started = time.perf_counter()
    summary = run_batch([source], output, format="jsonl", jobs=jobs)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": cpu_seconds() - cpu_before, "articles": summary.analysed,
            "failed": summary.failed, "statements": summary.statements}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes."""
    import resource

    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def run_dask(source: str, output: str) -> dict:
    """Child: ``run_on_cluster`` on a fresh two-worker LocalCluster; the figures as a dict."""
    from dask.distributed import Client, LocalCluster

    from stance.dask import run_on_cluster

    started = time.perf_counter()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: __import__("stance.pipeline").speakers.SpeakerRegistry.default() and None)
        workers_before = sum(client.run(cpu_seconds).values())
        cpu_before = cpu_seconds()
        ready = time.perf_counter()
        summary = run_on_cluster([source], output, client=client, format="parquet", blocksize=600_000)
        seconds = time.perf_counter() - ready
        cpu = cpu_seconds() - cpu_before + sum(client.run(cpu_seconds).values()) - workers_before
    return {"seconds": seconds, "cpu_seconds": cpu, "startup_seconds": ready - started, "articles": summary.analysed,
            "failed": summary.failed, "statements": summary.statements}


def print_table(rows: list[dict], stages: str) -> None:
    """The results as a Markdown table, with the Dask cluster's start-up time apart."""
    print(f"\nconstructed 3,000-character articles, {stages}, end to end (read JSONL, analyse, write), "
          f"python {sys.version.split()[0]}, {psutil.cpu_count()} cores\n")
    print("| run | articles | articles/s | seconds | cores busy | articles per CPU-second | peak memory, all processes (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['run']} | {row['articles']:,} | {row['articles_per_second']:,} | {row['seconds']} | "
              f"{row.get('cores_busy', '')} | {row.get('articles_per_cpu_second', '')} | {row['peak_memory_mb']} |")
    print("\n(cores busy = CPU time of all processes / wall time: below the core count, other programs took the rest.)")
    dask_rows = [row for row in rows if "cluster_startup_seconds" in row]
    if dask_rows:
        print(f"\nDask cluster start (2 worker processes, imports included): {dask_rows[0]['cluster_startup_seconds']} s, not counted.")


def main() -> None:
    """Generate corpora, run every configuration in a child process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora, a fast check")
    parser.add_argument("--speed-articles", type=int, default=2000, help="corpus size for the throughput runs")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000],
                        help="corpus sizes for the memory runs (2 cores)")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--no-labels", action="store_true",
                        help="extraction and attribution only (no stance labelling); local runs only")
    parser.add_argument("--skip-dask", action="store_true", help="leave out the Dask run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        if args.no_labels:
            without_labels()
        result = run_local(int(rest[0]), rest[1], rest[2]) if mode == "local" else run_dask(rest[0], rest[1])
        print(json.dumps(result))
        return
    speed = 300 if args.quick else args.speed_articles
    sizes = [100, 300, 1000] if args.quick else args.sizes
    me = [sys.executable, str(Path(__file__).resolve())] + (["--no-labels"] if args.no_labels else []) + ["--child"]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        def corpus_of(count: int) -> str:
            path = Path(folder) / f"corpus-{count}.jsonl"
            if not path.exists():
                corpus.write_jsonl(path, count)
            return str(path)

        plan = [("local", 1, speed), ("local", 2, speed)] + [("local", 2, size) for size in sizes]
        if not (args.skip_dask or args.no_labels):
            plan.append(("dask", 2, speed))
        for mode, cores, count in plan:
            source = corpus_of(count)
            output = str(Path(folder) / f"out-{mode}-{cores}-{count}")
            command = me + (["local", str(cores), source, output + ".jsonl"] if mode == "local" else ["dask", source, output])
            result, peak = measured(command)
            row = {"run": "Dask LocalCluster, 2 workers" if mode == "dask" else f"local, --jobs {cores}",
                   "cores": cores, "articles": count, "articles_per_second": round(result["articles"] / result["seconds"], 1),
                   "seconds": round(result["seconds"], 1), "peak_memory_mb": round(peak), "statements": result["statements"]}
            if "cpu_seconds" in result:
                row["articles_per_cpu_second"] = round(result["articles"] / result["cpu_seconds"], 1)
                row["cores_busy"] = round(result["cpu_seconds"] / result["seconds"], 2)
            if "startup_seconds" in result:
                row["cluster_startup_seconds"] = round(result["startup_seconds"], 1)
            rows.append(row)
            print(f"  {row}", file=sys.stderr)
    print_table(rows, "extraction and attribution" if args.no_labels else "full pipeline")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
