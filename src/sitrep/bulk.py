"""`sitrep bulk`: the same analyze() on a Dask cluster, partition by partition.

Inputs are read lazily and cut into partitions of raw documents in input
order; at most a few partitions per worker are in flight, so memory stays
flat however large the corpus. Each worker process loads the spaCy pipeline
once (nlp.load_pipeline is cached per process) and analyses whole partitions
with nlp.pipe. The client writes each finished partition atomically
(write to a temporary name, then rename), named by its position and a hash
of its inputs, so a re-run skips what is already done and an edited corpus
is never mistaken for a finished one. Optionally every partition is also
loaded into the store as it arrives.
"""

from __future__ import annotations

import hashlib
import logging
import json
import os
import sys
import warnings
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .documents import RawDocument
from .errors import InputError, UsageError
from .ingest import read_paths
from .ingest.registry import Notify
from .model import Analysis
from .settings import Settings

PARTITION_SIZE = 64
IN_FLIGHT_PER_WORKER = 2
# Dask keeps each comm's last 1000 messages under 1 MB for debugging (admin.low-level-log-length);
# a task message carries its whole partition, so that log alone held every partition's text in
# the client (and in a local scheduler) for the first thousand partitions per worker.
DASK_CONFIG = {"distributed.admin.low-level-log-length": 10}
FORMATS = ("jsonl", "parquet")


@dataclass
class Partition:
    """One slice of the input: its position and the raw documents (or reader errors) in it."""

    index: int
    items: list[Union[RawDocument, InputError]]

    @property
    def key(self) -> str:
        """A short hash of the inputs, so a changed corpus never reuses an old partition."""
        names = "\n".join(item.input if isinstance(item, RawDocument) else item.source for item in self.items)
        return hashlib.sha256(names.encode()).hexdigest()[:10]

    def filename(self, fmt: str) -> str:
        return f"part-{self.index:05d}-{self.key}.{fmt}"


@dataclass
class PartitionResult:
    """What a worker sends back: the analyses as JSON and the problems, in input order."""

    index: int
    analyses: list[str]
    errors: list[tuple[str, str]]


def partitions(items: Iterable[Union[RawDocument, InputError]], size: int = PARTITION_SIZE) -> Iterator[Partition]:
    iterator = iter(items)
    for index in range(sys.maxsize):
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield Partition(index, chunk)


def analyse_partition(partition: Partition) -> PartitionResult:
    """Run on a worker: analyse one partition with the worker's one pipeline."""
    from .pipeline import analyze_raw_documents

    analyses, errors = [], []
    for result in analyze_raw_documents(partition.items):
        if isinstance(result, InputError):
            errors.append((result.source, result.problem))
        else:
            analyses.append(result.model_dump_json())
    return PartitionResult(partition.index, analyses, errors)


def write_partition(out: Path, partition: Partition, result: PartitionResult, fmt: str) -> Path:
    """Write one partition's analyses atomically; the file exists only when complete."""
    final = out / partition.filename(fmt)
    temporary = out / f".{final.name}.tmp"
    if fmt == "jsonl":
        temporary.write_text("".join(line + "\n" for line in result.analyses), encoding="utf-8")
    else:
        _write_parquet(temporary, result.analyses)
    os.replace(temporary, final)
    return final


def _write_parquet(path: Path, analyses: list[str]) -> None:
    """A Parquet table: id, input, title, outlet, published, counts, and the full JSON."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [json.loads(a) for a in analyses]
    table = pa.table({
        "id": [r["id"] for r in records],
        "input": [r["input"] for r in records],
        "title": [r["title"] for r in records],
        "outlet": [r["outlet"] for r in records],
        "published": [r["published"] for r in records],
        "claims": [len(r["claims"]) for r in records],
        "analysis": analyses,
    })
    pq.write_table(table, path)


def read_partition(path: Path) -> list[Analysis]:
    """The analyses of a written partition file (JSON Lines or Parquet)."""
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
    else:
        import pyarrow.parquet as pq

        lines = pq.read_table(path, columns=["analysis"]).column("analysis").to_pylist()
    return [Analysis.model_validate_json(line) for line in lines if line]


class BulkRun:
    """One bulk run: the cluster connection, the output folder, and the bookkeeping."""

    def __init__(self, out: Path, fmt: str, scheduler: Optional[str], workers: Optional[int], db: Optional[str],
                 partition_size: int = PARTITION_SIZE):
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        if partition_size < 1:
            raise UsageError("--partition-size must be at least 1")
        self.out, self.fmt, self.db, self.partition_size = out, fmt, db, partition_size
        self.scheduler, self.workers = scheduler, workers
        self.done = self.skipped = self.documents = 0
        self.errors: list[tuple[str, str]] = []

    def run(self, items: Iterable[Union[RawDocument, InputError]], progress: bool) -> None:
        import dask
        from dask.distributed import Client, as_completed

        self.out.mkdir(parents=True, exist_ok=True)
        with dask.config.set(DASK_CONFIG), self._cluster() as cluster, Client(cluster) as client:
            workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
            limit = workers * IN_FLIGHT_PER_WORKER
            store = self._store()
            bar = self._bar(progress)
            pending = as_completed()
            waiting: dict = {}
            for partition in partitions(items, self.partition_size):
                if (self.out / partition.filename(self.fmt)).exists():
                    self.skipped += 1
                    bar.update(1)
                    continue
                future = self._submit(client, partition)
                waiting[future.key] = partition
                pending.add(future)
                while pending.count() >= limit:
                    self._finish(next(pending), waiting, store, bar)
            for future in pending:
                self._finish(future, waiting, store, bar)
            bar.close()
            if store is not None:
                store.close()

    @staticmethod
    def _submit(client, partition: Partition):
        """Send one partition to the cluster. Its documents travel inside the task on purpose
        (workers need not see the client's files), so Dask's advice against graphs over 10 MB,
        which a partition of 64 web pages can pass, is not for the user."""
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
            return client.submit(analyse_partition, partition, pure=False)

    def _finish(self, future, waiting: dict, store, bar) -> None:
        partition = waiting.pop(future.key)
        result: PartitionResult = future.result()
        if store is not None and result.analyses:
            store.save(Analysis.model_validate_json(a) for a in result.analyses)
        write_partition(self.out, partition, result, self.fmt)
        self.errors += result.errors
        for source, problem in result.errors:
            print(f"sitrep: {source}: {problem}", file=sys.stderr)
        self.done += 1
        self.documents += len(result.analyses)
        bar.update(1)
        future.release()

    def _cluster(self):
        """The given scheduler's address, or a LocalCluster of worker processes sized to
        the machine (one thread each: spaCy's speed comes from processes, not threads)."""
        if self.scheduler:
            return _Address(self.scheduler)
        from dask.distributed import LocalCluster

        workers = self.workers or max(1, (os.cpu_count() or 1))
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=logging.ERROR)

    def _store(self):
        if not self.db:
            return None
        from .store import Store

        return Store(self.db)

    def _bar(self, progress: bool):
        from tqdm import tqdm

        return tqdm(unit="partition", desc="bulk", file=sys.stderr, disable=not progress)


class _Address(str):
    """A scheduler address used where a cluster object is expected (`with` does nothing)."""

    def __enter__(self):
        return str(self)

    def __exit__(self, *exc) -> None:
        return None


def run_bulk(paths: list[str], settings: Settings, out: Path, fmt: str = "jsonl",
             scheduler: Optional[str] = None, workers: Optional[int] = None,
             db: Optional[str] = None, progress: bool = False, partition_size: int = PARTITION_SIZE,
             notify: Optional[Notify] = None) -> BulkRun:
    """Analyse everything under `paths` on a cluster into partition files under `out`; the
    readers' notices (entries of folders skipped, encodings detected) go to `notify`."""
    run = BulkRun(out, fmt, scheduler, workers, db, partition_size)
    run.run(read_paths(paths, settings, notify), progress)
    return run
