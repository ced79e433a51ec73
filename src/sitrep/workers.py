"""Analysis on every core of one machine: `analyze|ingest --workers N`.

A pool of N processes, each loading the pipeline once, analyses chunks of cleaned documents;
the chunks come back in the order they went out, so the output is exactly one process's, in
input order. Cleaning stays in the calling process, because `ingest` needs each cleaned
document's id to skip what is stored before paying for a parse. At most a few chunks per
worker are in flight, so memory stays flat however large the input. `bulk` keeps Dask, which
also spans machines.

Workers are started with `forkserver` where the platform has it (else `spawn`): a fresh
process, not a fork of one that may hold a database connection, threads or a progress bar.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator, Union

from threadpoolctl import threadpool_limits

from .documents import Document, RawDocument
from .errors import InputError
from .model import Analysis
from .nlp import load_pipeline
from .pipeline import analyze_raw_documents

Item = Union[RawDocument, Document, InputError]
IN_FLIGHT_PER_WORKER = 2
# Documents per chunk (and per nlp.pipe batch in the worker): small chunks keep both workers
# busy to the end of a run and each worker's memory low (about 650 MB at 8, 1,100 MB at 32);
# spaCy gains little from batching more long documents (benchmarks/workers.py).
CHUNK = 8


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, out of memory); what was stored stays stored."""


class WorkerPool:
    """N processes with the pipeline loaded, for as many analyses as the caller runs through
    it (a benchmark warms it up before timing; the CLI uses it once)."""

    def __init__(self, workers: int):
        self.workers = workers
        context = multiprocessing.get_context(_start_method())
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_load)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(cancel_futures=True)

    def analyze(self, items: Iterable[Item], *, chunk_size: int = CHUNK,
                remove_boilerplate: bool = True) -> Iterator[Union[Analysis, InputError]]:
        """analyze_raw_documents over the pool: the same results, in the same order."""
        in_flight: deque[Future] = deque()
        for chunk in chunks(items, chunk_size):
            in_flight.append(self._pool.submit(_analyse_chunk, chunk, remove_boilerplate))
            if len(in_flight) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield from _result(in_flight.popleft())
        while in_flight:
            yield from _result(in_flight.popleft())


def analyze_in_workers(items: Iterable[Item], workers: int, *, chunk_size: int = CHUNK,
                       remove_boilerplate: bool = True) -> Iterator[Union[Analysis, InputError]]:
    """analyze_raw_documents over `workers` processes started for this run."""
    with WorkerPool(workers) as pool:
        yield from pool.analyze(items, chunk_size=chunk_size, remove_boilerplate=remove_boilerplate)


def _start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _load() -> None:
    """Each worker loads the pipeline as it starts, all of them at once, and does its matrix
    products on one thread: one process alone uses a second core for them, so N workers each
    doing so on N cores would fight over them."""
    threadpool_limits(limits=1)
    load_pipeline()


def _analyse_chunk(chunk: list[Item], remove_boilerplate: bool) -> list:
    return list(analyze_raw_documents(chunk, batch_size=len(chunk), remove_boilerplate=remove_boilerplate))


def _result(future: Future) -> list:
    try:
        return future.result()
    except BrokenProcessPool as err:
        raise WorkerDied("a worker process died (out of memory?); run again with fewer --workers: "
                         "`ingest` skips what it stored already") from err


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to `size` items, in order."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

