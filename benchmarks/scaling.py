"""Scaling: `sitrep bulk` on 1 and 2 Dask workers, and peak memory per worker at 1k and 10k articles.

Run: .venv/bin/python benchmarks/scaling.py [--articles 1024] [--large 10240] [--workers 2]
     [--skip-large] [--keep DIR]

Inputs are the PolNeAR train articles written as JSONL shards of 128 records
(outlet, title, date and a varied id per record: `polnear-NAME-rK` for
repetition K), so a larger run is the real corpus repeated with new ids, read
a shard at a time as `sitrep bulk` reads any folder.

Every run goes through bulk's Python entry (`sitrep.bulk.run_bulk`, what the
CLI calls) against a LocalCluster started here with the CLI's settings (one
thread per worker process) and handed over by address (`--scheduler`). Each
worker is warmed up before the clock starts by analysing one short text there
(spaCy pipeline, KB and gazetteer load once per process: about 5-10 s, paid
once per worker however long the run), so the rates compare analysis, not
start-up. Each run gets a fresh cluster, so peaks are the run's own.

1. Throughput: ARTICLES articles on 1 worker, then on WORKERS: articles/s of
   each and the ratio.
2. Memory: the peak resident set (Linux VmHWM, the kernel's high-water mark)
   of each worker process in the WORKERS-worker runs of ARTICLES and LARGE
   articles, and of this process (client + scheduler), whose memory must not
   grow with the corpus either: inputs are streamed a partition at a time,
   at most 2 partitions per worker are in flight, and each finished partition
   is written to its file and dropped.
The 1-minute load average is printed at the start and end of each run, and
the CPU the workers actually got (their CPU seconds over wall seconds): on a
shared 2-core machine anything else running takes from the 2-worker figure,
and articles per worker CPU-second shows whether the workers themselves lose
anything by running side by side.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil

from common import polnear_documents
from sitrep.bulk import DASK_CONFIG, PARTITION_SIZE, run_bulk
from sitrep.settings import Settings

SHARD = 128


def write_corpus(folder: Path, count: int) -> Path:
    """COUNT PolNeAR train articles, the corpus repeated with varied ids, as JSONL shards."""
    folder.mkdir(parents=True, exist_ok=True)
    documents = polnear_documents("train")
    records = []
    for i in range(count):
        repeat, doc = divmod(i, len(documents))
        d = documents[doc]
        records.append({"id": f"polnear-{Path(d.input).stem}-r{repeat}", "text": d.text, "title": d.title,
                        "outlet": d.outlet, "published": d.published.isoformat() if d.published else None})
    for start in range(0, count, SHARD):
        with (folder / f"shard-{start // SHARD:05d}.jsonl").open("w", encoding="utf-8") as out:
            for record in records[start:start + SHARD]:
                out.write(json.dumps(record) + "\n")
    return folder


def high_water_mark(pid: int) -> int:
    """The peak resident set of a live process in bytes (VmHWM), 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakSampler:
    """Reads each worker's VmHWM every `interval` seconds until stopped; the last reading
    before a process exits is its peak (the mark only rises)."""

    def __init__(self, pids: list[int], interval: float = 0.25):
        self.pids, self.interval = pids, interval
        self.peaks = {pid: 0 for pid in pids}
        self.rss_samples = {pid: [] for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                self.peaks[pid] = max(self.peaks[pid], high_water_mark(pid))
                try:
                    self.rss_samples[pid].append(psutil.Process(pid).memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for pid in self.pids:  # a last reading
            self.peaks[pid] = max(self.peaks[pid], high_water_mark(pid))


def _warm_up() -> int:
    """Run in a worker: load everything analysis needs; the worker's pid."""
    from sitrep import analyze

    analyze("Officials in Paris said on Monday that talks with Germany would resume.")
    return os.getpid()


def measured_run(corpus: Path, workers: int, out: Path, partition_size: int) -> dict:
    """One bulk run on a fresh, warmed-up LocalCluster; timings, load and peaks."""
    import dask
    from dask.distributed import Client, LocalCluster

    shutil.rmtree(out, ignore_errors=True)
    with (dask.config.set(DASK_CONFIG),
          LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                       silence_logs=logging.ERROR) as cluster,
          Client(cluster) as client):
        pids = sorted(client.run(_warm_up).values())
        load_start = os.getloadavg()[0]
        cpu_start = _cpu_seconds(pids)
        with PeakSampler(pids) as sampler:
            start = time.perf_counter()
            run = run_bulk([str(corpus)], Settings(), out, scheduler=cluster.scheduler_address,
                           partition_size=partition_size)
            seconds = time.perf_counter() - start
        cpu = _cpu_seconds(pids) - cpu_start
        load_end = os.getloadavg()[0]
    quarters = [_quarters(sampler.rss_samples[p]) for p in pids]
    return {"workers": workers, "documents": run.documents, "errors": len(run.errors), "seconds": seconds,
            "rate": run.documents / seconds, "peaks": [sampler.peaks[p] for p in pids],
            "first_quarter": max(q[0] for q in quarters), "last_quarter": max(q[1] for q in quarters),
            "client": high_water_mark(os.getpid()), "load": (load_start, load_end),
            "cpu": cpu, "cores": cpu / seconds, "per_cpu_second": run.documents / cpu}


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the worker processes have used so far."""
    total = 0.0
    for pid in pids:
        times = psutil.Process(pid).cpu_times()
        total += times.user + times.system
    return total


def _quarters(samples: list[int]) -> tuple[int, int]:
    """The highest RSS sampled in the first and in the last quarter of a run: equal when
    memory does not grow as the run goes on."""
    quarter = max(1, len(samples) // 4)
    return max(samples[:quarter], default=0), max(samples[-quarter:], default=0)


def _mb(value: float) -> str:
    return f"{value / 2**20:.0f} MB"


def _report(label: str, result: dict) -> None:
    peaks = ", ".join(_mb(p) for p in result["peaks"])
    print(f"{label:<22} {result['documents']:>6} articles in {result['seconds']:7.1f} s = "
          f"{result['rate']:6.2f} articles/s; load {result['load'][0]:.2f} -> {result['load'][1]:.2f}\n"
          f"{'':<22} workers used {result['cores']:.2f} cores on average "
          f"({result['per_cpu_second']:.2f} articles per worker CPU-second)\n"
          f"{'':<22} worker peak RSS {peaks}; worker RSS first/last quarter of the run "
          f"{_mb(result['first_quarter'])} / {_mb(result['last_quarter'])}; "
          f"client + scheduler peak so far {_mb(result['client'])}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1024, help="articles per throughput run, the small memory run")
    parser.add_argument("--large", type=int, default=10240, help="articles of the large memory run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=PARTITION_SIZE)
    parser.add_argument("--skip-large", action="store_true", help="throughput only")
    parser.add_argument("--keep", type=Path, help="folder for inputs and outputs (default: a temp folder, removed)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="sitrep-scaling-"))
    try:
        small = write_corpus(root / f"in-{args.articles}", args.articles)
        print(f"PolNeAR train repeated with varied ids; partitions of {args.partition_size}; "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}", flush=True)
        one = measured_run(small, 1, root / "out-1", args.partition_size)
        _report("1 worker", one)
        many = measured_run(small, args.workers, root / "out-n", args.partition_size)
        _report(f"{args.workers} workers", many)
        print(f"scaling: {args.workers} workers at {many['rate'] / one['rate']:.2f}x one worker's articles/s; "
              f"they got {many['cores'] / one['cores']:.2f}x the CPU one worker got, and did "
              f"{many['per_cpu_second'] / one['per_cpu_second']:.2f}x its work per CPU-second")
        if args.skip_large:
            return
        large = measured_run(write_corpus(root / f"in-{args.large}", args.large), args.workers, root / "out-large",
                             args.partition_size)
        _report(f"{args.workers} workers, large", large)
        small_peak, large_peak = max(many["peaks"]), max(large["peaks"])
        print(f"peak RSS per worker: {_mb(small_peak)} at {many['documents']} articles, {_mb(large_peak)} at "
              f"{large['documents']} articles: ratio {large_peak / small_peak:.2f}")
        print(f"this process (client + scheduler) peak RSS over all runs: {_mb(high_water_mark(os.getpid()))}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
