"""Ingest benchmark: analysis alone vs analysis + store, and near-copy linking at scale.

Run: .venv/bin/python benchmarks/ingest.py [--db URL] [--batch 64]

1. Analyses the 840 PolNeAR train articles and stores them, a batch of 64 at a
   time as `sitrep ingest` does, timing analysis and store separately (so both
   see the same machine load, which on a shared machine changes by the
   minute): prints documents/s for each and the store's overhead over
   analysis alone. The pipeline is loaded and the store opened (migrated)
   before the clock starts: both are once per process.
2. Ingests the same articles again, each with one changed caption line (a
   re-scrape whose photo caption changed): every one must be stored as a copy
   linked to its original, and none counted as an original.
Timings are wall-clock on a noisy shared machine: compare the ratios.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common import polnear_documents
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Store
from sitrep.store.schema import DocumentRow, StoryRow

# A caption a re-scrape might carry: no credit, so cleaning keeps it in the body.
CAPTION = "Supporters listen during a campaign rally on Monday evening."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file in a temp folder)")
    parser.add_argument("--batch", type=int, default=64, help="documents per save (sitrep ingest: 64)")
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    documents = polnear_documents("train")
    list(analyze_raw_documents(documents[:2]))  # load the pipeline and the gazetteer
    with Store(db) as store:
        load_before = os.getloadavg()
        analysis_s, store_s, counts = _ingest(store, documents, args.batch)
        copies = [dataclasses.replace(d, text=_with_caption(d.text)) for d in documents]
        copy_analysis_s, copy_store_s, copy_counts = _ingest(store, copies, args.batch)
        load_after = os.getloadavg()
        linked, originals, stories = _census(store)
    n = len(documents)
    print(f"articles: {n} (PolNeAR train), saved {args.batch} per transaction")
    print(f"analysis:          {n / analysis_s:8.1f} docs/s")
    print(f"store:             {n / store_s:8.1f} docs/s   (analysis + store: {n / (analysis_s + store_s):.1f} docs/s)")
    print(f"store overhead:    {store_s / analysis_s:8.1%} of analysis time")
    print(f"first ingest:      {counts[0]} new, {counts[1]} already stored")
    print(f"re-scrapes:        {copy_counts[0]} new, stored at {n / copy_store_s:.1f} docs/s "
          f"(overhead {copy_store_s / copy_analysis_s:.1%})")
    print(f"originals:         {originals}; copies linked to an original: {linked}; stories: {stories}")
    print(f"load average:      {load_before[0]:.2f} at start, {load_after[0]:.2f} at end (1 min)")


def _ingest(store: Store, documents, batch: int) -> tuple[float, float, tuple[int, int]]:
    """Analyse and store in batches; seconds spent in each, and (new, existing)."""
    analysis_s = store_s = 0.0
    new = existing = 0
    for i in range(0, len(documents), batch):
        start = time.perf_counter()
        analyses = list(analyze_raw_documents(documents[i:i + batch]))
        middle = time.perf_counter()
        counts = store.save(analyses)
        end = time.perf_counter()
        analysis_s, store_s = analysis_s + middle - start, store_s + end - middle
        new, existing = new + counts.new, existing + counts.existing
    return analysis_s, store_s, (new, existing)


def _with_caption(text: str) -> str:
    """The article with a caption line inserted after its first paragraph."""
    first, _, rest = text.partition("\n")
    return f"{first}\n{CAPTION}\n{rest}"


def _census(store: Store) -> tuple[int, int, int]:
    with Session(store.engine) as session:
        copies = session.scalar(select(func.count()).where(DocumentRow.copy_of.is_not(None)))
        originals = session.scalar(select(func.count()).where(DocumentRow.copy_of.is_(None)))
        stories = session.scalar(select(func.count()).select_from(StoryRow))
    return copies, originals, stories


if __name__ == "__main__":
    main()
