"""`--workers N` against one process on the same texts, in one run, and each worker's memory.

Run: .venv/bin/python benchmarks/workers.py [--articles 300] [--workers 2] [--rounds 2]

Both sides get the PolNeAR train article texts (repeated to reach ARTICLES) and run the
same code as `sitrep analyze`: one process (analyze_raw_documents on one BLAS thread, as the
CLI runs it, its pipeline loaded before the clock starts) and a WorkerPool of WORKERS
processes (warmed up on a few articles before the clock starts, as the one process is). The
sides alternate round by round, so a burst of load elsewhere hits both alike; each round's
ratio is printed and the median is the figure to read. Each side's output is checked to be the same, in the same order.

Memory: the peak resident set (Linux VmHWM) of each worker process, sampled while the pool
runs, beside this process's own (the one-process side holds one pipeline too). What a pool
costs to start (processes plus pipelines, paid once per run) is printed on its own.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import threading
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from common import polnear_documents
from sitrep.nlp import load_pipeline
from sitrep.pipeline import analyze_raw_documents
from sitrep.workers import CHUNK, WorkerPool


def peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
    return int(line.split()[1]) / 1024 if line else None


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (the forkserver and the workers it forked)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines = (entry / "status").read_text().splitlines()
                ppid = int(next(x for x in lines if x.startswith("PPid:")).split()[1])
            except (OSError, StopIteration):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


class MemorySampler(threading.Thread):
    """The highest VmHWM seen of each process below this one, every half second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peaks: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            for pid in descendants(os.getpid()):
                peak = peak_rss_mb(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=CHUNK, help="documents per chunk sent to a worker")
    args = parser.parse_args()
    documents = list(itertools.islice(itertools.cycle(polnear_documents("train")), args.articles))
    load_pipeline()
    list(analyze_raw_documents(documents[:10]))
    sampler = MemorySampler()
    sampler.start()
    started = time.perf_counter()
    with WorkerPool(args.workers) as pool:
        list(pool.analyze(documents[:4 * args.workers], chunk_size=1))
        start_s = time.perf_counter() - started
        size = max(1, len(documents) // args.rounds)
        rounds = [documents[i:i + size] for i in range(0, len(documents), size)]
        ratios, one_total, pool_total = [], 0.0, 0.0
        for n, chunk in enumerate(rounds, start=1):
            t = time.perf_counter()
            with threadpool_limits(limits=1):
                one = [a.model_dump_json() for a in analyze_raw_documents(chunk)]
            one_s = time.perf_counter() - t
            t = time.perf_counter()
            many = [a.model_dump_json() for a in pool.analyze(chunk, chunk_size=args.chunk)]
            pool_s = time.perf_counter() - t
            assert many == one, "the pool's output differs from one process's"
            one_total, pool_total = one_total + one_s, pool_total + pool_s
            ratios.append(one_s / pool_s)
            print(f"round {n}: {len(chunk)} articles, {args.workers} workers at {ratios[-1]:.2f}x one process")
    sampler.done.set()
    sampler.join()
    n = len(documents)
    workers = sorted((peak for peak in sampler.peaks.values() if peak > 300), reverse=True)
    print(f"articles: {n} (PolNeAR train, repeated), {len(rounds)} rounds; outputs identical")
    print(f"one process: {n / one_total:7.1f} articles/s")
    print(f"{args.workers} workers:   {n / pool_total:7.1f} articles/s")
    print(f"ratio:       {one_total / pool_total:7.2f}x over the run, median round {statistics.median(ratios):.2f}x")
    print(f"pool start:  {start_s:7.1f} s (processes + pipelines, once per run)")
    print("peak RSS:    " + ", ".join(f"{mb:,.0f} MB" for mb in workers[:args.workers])
          + f" per worker; this process {peak_rss_mb(os.getpid()):,.0f} MB")


if __name__ == "__main__":
    main()
