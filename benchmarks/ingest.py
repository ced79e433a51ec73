"""Ingest benchmark: analysis alone vs analysis + store, and near-copy linking at scale.

Run: .venv/bin/python benchmarks/ingest.py [--db URL]

1. Analyses the 840 PolNeAR train articles (timed), then stores them (timed):
   prints documents/s for each and the store's overhead over analysis alone.
2. Ingests the same articles again, each with one changed caption line (a
   re-scrape whose photo caption changed): every one must be stored as a copy
   linked to its original, and none counted as an original.
Timings are wall-clock on a noisy shared machine: compare the ratios.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from common import polnear_documents
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Store
from sitrep.store.schema import DocumentRow

# A caption a re-scrape might carry: no credit, so cleaning keeps it in the body.
CAPTION = "Supporters listen during a campaign rally on Monday evening."


def timed(label: str, work):
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file in a temp folder)")
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.db")
    documents = polnear_documents("train")
    analyses, analysis_s = timed("analysis", lambda: list(analyze_raw_documents(documents)))
    with Store(db) as store:
        counts, store_s = timed("store", lambda: _save(store, analyses))
        copies = [dataclasses.replace(d, text=_with_caption(d.text)) for d in documents]
        copy_analyses = list(analyze_raw_documents(copies))
        copy_counts, copy_store_s = timed("store copies", lambda: _save(store, copy_analyses))
        linked, originals = _copy_census(store)
    n = len(analyses)
    print(f"articles: {n} (PolNeAR train)")
    print(f"analysis:          {n / analysis_s:8.1f} docs/s")
    print(f"store:             {n / store_s:8.1f} docs/s   (analysis + store: {n / (analysis_s + store_s):.1f} docs/s)")
    print(f"store overhead:    {store_s / analysis_s:8.1%} of analysis time")
    print(f"first ingest:      {counts.new} new, {counts.existing} already stored")
    print(f"re-scrapes:        {copy_counts.new} new, stored at {len(copy_analyses) / copy_store_s:.1f} docs/s")
    print(f"originals:         {originals}; copies linked to an original: {linked}")


def _save(store: Store, analyses) -> object:
    total_new = total_existing = 0
    for i in range(0, len(analyses), 64):
        counts = store.save(analyses[i:i + 64])
        total_new, total_existing = total_new + counts.new, total_existing + counts.existing
    return type(counts)(total_new, total_existing)


def _with_caption(text: str) -> str:
    """The article with a caption line inserted after its first paragraph."""
    first, _, rest = text.partition("\n")
    return f"{first}\n{CAPTION}\n{rest}"


def _copy_census(store: Store) -> tuple[int, int]:
    with Session(store.engine) as session:
        copies = session.scalar(select(func.count()).where(DocumentRow.copy_of.is_not(None)))
        originals = session.scalar(select(func.count()).where(DocumentRow.copy_of.is_(None)))
    return copies, originals


if __name__ == "__main__":
    main()
