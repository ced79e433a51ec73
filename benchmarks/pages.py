"""Desk and REST page times at 100k articles: p50/p95 server time of every page an analyst opens.

Run: .venv/bin/python benchmarks/pages.py [--articles 100000] [--cache DIR] [--repeats 10] [--db URL]

The store is search.py's (the PolNeAR train analyses saved again and again under new ids,
dates and outlets up to ARTICLES documents; built once and kept in the cache folder), so
the two benchmarks share one 4.5 GB file. `--db URL` (a PostgreSQL URL) builds the same store
there instead, once, and times the pages on it. Each page is requested in-process through
Starlette's TestClient, the way a browser would ask it (filters in the query string), once to
warm the caches and then REPEATS times; what is timed is the request from the client's call
to the full response body, so the figure is the server's time plus a millisecond of client.
The pages come from the store itself (the most named entity, the first article, source and
story of each list), so the benchmark needs no knowledge of the corpus. Python's garbage
collector is frozen after start-up, as `sitrep serve` can do once it has loaded.

The issue's target: every page under 300 ms server time at 100k stored articles.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient

from search import build, cached_analyses, percentile
from sitrep.api import create_app
from sitrep.store import Store

TARGET_MS = 300.0


def first(client: TestClient, path: str, key: str) -> str:
    """The `key` of the first item a REST list returns (what the page benchmark opens)."""
    response = client.get(path, params={"limit": 1})
    response.raise_for_status()
    items = response.json()["items"]
    if not items:
        raise SystemExit(f"{path} is empty: is the store built?")
    return str(items[0][key])


def pages(client: TestClient) -> list[tuple[str, str]]:
    """(label, path) of every desk page and the REST lists behind them, for this store."""
    article = first(client, "/api/articles", "id")
    last_page = max(0, client.get("/api/articles", params={"limit": 1}).json()["total"] - 50)
    entity = first(client, "/api/entities", "name")
    source = first(client, "/api/sources", "key")
    story = first(client, "/api/stories", "id")
    desk = [
        ("brief", "/"),
        ("brief, one actor", f"/?actor={quote(entity)}"),
        ("brief, one place + month", "/?place=US&since=2016-03-01&until=2016-03-31"),
        ("map", "/map"),
        ("timeline", "/timeline"),
        ("search, words", "/search?q=election+debate"),
        ("search, actor + place", f"/search?actor={quote(entity)}&place=US"),
        ("articles", "/articles"),
        ("articles, last page", f"/articles?offset={last_page}"),
        ("article", f"/articles/{article}"),
        ("entities", "/entities"),
        ("entities, by name", "/entities?sort=name"),
        ("entities, filtered", "/entities?q=trump"),
        ("entity", f"/entities/{quote(entity)}"),
        ("sources", "/sources"),
        ("source", f"/sources/{quote(source, safe='')}"),
        ("stories", "/stories"),
        ("story", f"/stories/{story}"),
        ("forecasts", "/forecasts"),
        ("trends", "/trends"),
        ("trends, by action", "/trends?by=action"),
        ("trends, one actor", f"/trends?actor={quote(entity)}"),
        ("network", "/network"),
        ("network, one place", "/network?place=US"),
        ("corrections", "/corrections"),
    ]
    rest = [
        ("api: articles", "/api/articles"),
        ("api: search", "/api/search?q=election"),
        ("api: claims", "/api/claims?actor=" + quote(entity)),
        ("api: entities", "/api/entities"),
        ("api: sources", "/api/sources"),
        ("api: stories", "/api/stories"),
        ("api: trends", "/api/trends"),
        ("api: network", "/api/network"),
        ("api: alerts", "/api/alerts"),
    ]
    return desk + rest


def time_page(client: TestClient, path: str, repeats: int) -> list[float]:
    """Milliseconds of each of `repeats` requests for `path`, after one to warm up."""
    client.get(path).raise_for_status()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sitrep-bench-search")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--db", help="a store URL to build and time instead of the cached SQLite file")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    db = args.db or args.cache / f"store-{args.articles}.db"
    with Store(db) as store:
        built = store.count() >= args.articles
    if not built:
        build(db, cached_analyses(args.cache), args.articles)
    with Store(db) as store, TestClient(create_app(store)) as client:
        load_start = os.getloadavg()[0]
        asked = pages(client)
        gc.collect()
        gc.freeze()
        results = [(label, path, time_page(client, path, args.repeats)) for label, path in asked]
        load_end = os.getloadavg()[0]
        count, backend = store.count(), store.engine.dialect.name
    print(f"\n{count} articles ({backend}); {args.repeats} timed requests per page after one warm-up; "
          f"load average {load_start:.2f} -> {load_end:.2f}")
    print(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8}  path")
    over = []
    for label, path, times in results:
        p95 = percentile(times, 95)
        print(f"{label:<28} {statistics.median(times):8.1f} {p95:8.1f}  {path}")
        if p95 > TARGET_MS:
            over.append(label)
    print(f"\npages over {TARGET_MS:.0f} ms at p95: {', '.join(over) if over else 'none'}")


if __name__ == "__main__":
    main()
