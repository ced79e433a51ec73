"""`sitrep watch`: what watching adds to analysis, and a cycle over 200 feeds x 20 items.

Run: .venv/bin/python benchmarks/watch.py [--feeds 200] [--items 20] [--cycles 10]

Both parts serve a news site on loopback (tests/support/newssite.py) and run the watch in this
process, with the pipeline loaded before any clock starts and no pause between requests to one
host (--host-delay 0: every feed is on the one loopback host).

1. Overhead: the 88 real pages of the article-extraction benchmark (../shared/data/article-extraction-dev,
   see its PROVENANCE.md), listed by 8 feeds, watched into a fresh SQLite store in one cycle; against
   the same pages read, cleaned, analysed (batches of 32) and stored (batches of 64) as `sitrep ingest`
   does. The figure is the cycle's time over the ingest path's, minus one; the time the cycle spent in
   analysis (in a worker thread, the articles waiting at the time in one batch) is printed beside it.
2. Scale: --feeds feeds of --items entries each (distinct URLs), every entry already recorded as seen
   (as after the first cycle), so a cycle reads every feed (answered 200, no ETag) and decides every
   entry by its URL; --cycles cycles, timed, with the process's resident memory after each.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import DATA  # noqa: E402
from sitrep.documents import RawDocument  # noqa: E402
from sitrep.nlp import load_pipeline  # noqa: E402
from sitrep.pipeline import analyze_raw_documents  # noqa: E402
from sitrep.settings import Settings  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.watch.dedup import canonical_url, url_key  # noqa: E402
from sitrep.watch.fetch import Politeness  # noqa: E402
from sitrep.watch.loop import Watch  # noqa: E402
from sitrep.watch.sources import Source  # noqa: E402
from sitrep.watch.tables import WatchItemRow  # noqa: E402
from support.newssite import Route, rss, serve  # noqa: E402

PAGES = DATA / "article-extraction-dev" / "html"
STAMP = "Wed, 20 Nov 2019 07:00:00 GMT"
POLITE = Politeness(host_delay=0.0, retries=0, allow_private=True)


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load() -> str:
    with open("/proc/loadavg") as handle:
        return handle.read().split()[0]


async def one_cycle(watch: Watch) -> None:
    watch.state.sync(watch.sources, dt.datetime.now(dt.timezone.utc))
    await watch.cycle()
    await watch.fetcher.close()


def overhead(folder: Path) -> None:
    pages = [gzip.decompress(path.read_bytes()) for path in sorted(PAGES.glob("*.html.gz"))]
    settings = Settings(db=str(folder / "watch.db"))
    with serve() as site:
        feeds = []
        for number in range(8):
            paths = [f"/f{number}/a{i}" for i in range(number, len(pages), 8)]
            for path in paths:
                site.routes[path] = Route(pages[int(path.split("/a")[1])])
            site.routes[f"/f{number}.xml"] = Route(rss(site, f"Feed {number}", [(p, p, STAMP) for p in paths]),
                                                   "application/rss+xml")
            feeds.append(Source(url=site.url(f"/f{number}.xml"), interval=900))
        with Store(settings.db) as store:
            watch = Watch(store, feeds, POLITE, settings)
            started = time.perf_counter()
            asyncio.run(one_cycle(watch))
            cycle = time.perf_counter() - started
            stored = store.count()
    with Store(folder / "ingest.db") as store:
        started = time.perf_counter()
        raws = [RawDocument(input=f"page{i}", html=page.decode("utf-8", "replace"), url=f"http://x.example/a{i}")
                for i, page in enumerate(pages)]
        analyses = [a for a in analyze_raw_documents(raws, batch_size=32) if not isinstance(a, Exception)]
        for i in range(0, len(analyses), 64):
            store.save(analyses[i:i + 64])
        ingest = time.perf_counter() - started
        ingested = store.count()
    analysing = watch.analyser.analysing
    print(f"overhead: {len(pages)} pages; watch cycle {cycle:.1f} s ({stored} stored; {analysing:.1f} s of it "
          f"analysing); ingest path {ingest:.1f} s ({ingested} stored); watching adds {cycle / ingest - 1:+.1%} "
          f"(load {load()})")


def scale(folder: Path, feeds: int, items: int, cycles: int) -> None:
    settings = Settings(db=str(folder / "scale.db"))
    with serve() as site, Store(settings.db) as store:
        sources = []
        now = dt.datetime.now(dt.timezone.utc)
        seen = []
        for number in range(feeds):
            paths = [(f"/s{number}/item-{i}?utm_source=rss", f"item {i}", STAMP) for i in range(items)]
            site.routes[f"/s{number}.xml"] = Route(rss(site, f"Source {number}", paths), "application/rss+xml")
            sources.append(Source(url=site.url(f"/s{number}.xml"), interval=1))
            for path, _, stamp in paths:
                url = canonical_url(site.url(path))
                seen.append({"url_key": url_key(url), "url": url, "source_id": sources[-1].id, "listed_as": stamp,
                             "first_seen_at": now, "last_fetched_at": now, "edits": 0})
        with store.engine.begin() as connection:
            connection.execute(insert(WatchItemRow.__table__), seen)
        print(f"scale: {feeds} feeds x {items} items, {len(seen)} entries known; resident {resident_mb():.0f} MB "
              f"before (load {load()})")
        for cycle in range(1, cycles + 1):
            watch = Watch(store, sources, POLITE, settings)
            with store.engine.begin() as connection:  # every source due
                connection.exec_driver_sql("UPDATE watch_sources SET next_poll_at = '2000-01-01 00:00:00'")
            started = time.perf_counter()
            asyncio.run(one_cycle(watch))
            print(f"  cycle {cycle}: {time.perf_counter() - started:.2f} s, {len(site.requests)} requests so far, "
                  f"resident {resident_mb():.0f} MB (load {load()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--skip-overhead", action="store_true")
    args = parser.parse_args()
    load_pipeline()
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_overhead:
            overhead(Path(folder))
        scale(Path(folder), args.feeds, args.items, args.cycles)


if __name__ == "__main__":
    os.environ.setdefault("SITREP_CONTACT", "benchmarks/watch.py")
    main()
