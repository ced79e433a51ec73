"""Analysis for the watch: in a worker thread, the articles waiting at the time in one batch.

Sources are polled together, each article in turn; analysing each alone would forgo what
spaCy's batched `nlp.pipe` saves (ingest analyses 32 at a time). So an article to analyse
waits in a queue, and one worker takes everything queued (up to the batch size) whenever it
is free: while it analyses one batch, the next gathers. One source alone gets no batches,
and no article waits for a batch to fill. The thread keeps the event loop free for the other
sources' downloads meanwhile. Same code as `sitrep ingest`: pipeline.analyze_raw_documents.
"""

from __future__ import annotations

import asyncio
import time
from typing import Optional, Union

from ..documents import Document
from ..errors import InputError
from ..model import Analysis
from ..pipeline import analyze_raw_documents

Result = Union[Analysis, InputError]


class Analyser:
    """Analyses documents for coroutines of one event loop, batching those that wait together."""

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self.waiting: list[tuple[Document, asyncio.Future]] = []
        self.worker: Optional[asyncio.Task] = None
        self.analysing = 0.0  # seconds spent in analysis (benchmarks/watch.py reads it)

    async def analyse(self, document: Document) -> Result:
        """The document's analysis, or the InputError in its place."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.waiting.append((document, future))
        if self.worker is None or self.worker.done():
            self.worker = asyncio.create_task(self._work())
        return await future

    async def _work(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[:self.batch_size], self.waiting[self.batch_size:]
            try:
                results = await asyncio.to_thread(self._run, [document for document, _ in batch])
            except Exception as err:  # noqa: BLE001 — handed to the articles' own coroutines
                for _, future in batch:
                    if not future.done():
                        future.set_exception(err)
                continue
            for (_, future), result in zip(batch, results):
                if not future.done():
                    future.set_result(result)

    def _run(self, documents: list) -> list[Result]:
        started = time.perf_counter()
        try:
            return list(analyze_raw_documents(documents, batch_size=len(documents)))
        finally:
            self.analysing += time.perf_counter() - started
