"""Search latency at 100k articles: p50/p95 of `sitrep search` queries through the store.

Run: .venv/bin/python benchmarks/search.py [--articles 100000] [--cache DIR] [--repeats 20] [--cli]

The store: the 840 PolNeAR train articles are analysed once (the analyses are
cached as JSONL), then saved again and again through `Store.save`, 1000 per
transaction, each copy with a new id, a publication date moved on by 11 days
per round (so 100k articles span about four years) and one of 25 outlet
names, until the store holds ARTICLES documents. Nothing is re-parsed:
building costs only the store's own work (rows, MinHash, links, full-text
index). The same body saved again is, rightly, a near-copy: the store links
every later round to the first round's article, so a 100k store holds 840
originals and the rest copies. Search treats a copy like an original (each
has its own entity, place, claim and full-text rows), so search does the
same work as on 100k originals; the CLI's text output, which adds
corroboration lines for originals only, does less. The store is kept in
the cache folder (default: sitrep-bench-search under the temp folder) and
reused when it already holds ARTICLES documents, so reruns take seconds.

The queries cover what `sitrep search` offers: full-text words, phrases,
prefixes and OR; --actor (entity or alias); --place (country code or name);
--since/--until; --modality, --action, --band, --anonymous; and mixtures,
all with the CLI's default limit of 50 hits. Each is run once to warm the
caches, then REPEATS times; p50 and p95 are printed per kind of query and
over all, with how many documents each query matches in all (what the cost
grows with: the 2016 election corpus repeated makes "Clinton" or "Donald
Trump" match most of the 100k). All queries are timed twice: with Python's
default garbage collection, whose full collections of a long-lived process
land on every ~20th query, and after gc.freeze(), as a server can do once it
has started. With --cli, each kind is also run once through the `sitrep search`
command (a new process: Python start-up, imports, opening the store) to show
that overhead separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import polnear_documents
from sqlalchemy.orm import Session

from sitrep.model import Analysis
from sitrep.store import Store
from sitrep.store.search import Filters, count_query

ROUND_DAYS = 11
OUTLETS = 25
SAVE_BATCH = 1000

# (kind, label, Store.search keyword arguments)
QUERIES = [
    ("text", "word", {"query": "immigration"}),
    ("text", "two words", {"query": "email server"}),
    ("text", "phrase", {"query": '"Supreme Court"'}),
    ("text", "prefix", {"query": "debat*"}),
    ("text", "OR", {"query": "Iran OR Syria"}),
    ("text + dates", "word, one month", {"query": "Clinton", "since": "2017-03-01", "until": "2017-03-31"}),
    ("dates", "one month, newest first", {"since": "2018-06-01", "until": "2018-06-30"}),
    ("none", "newest first", {}),
    ("actor", "Donald Trump", {"actor": "Donald Trump"}),
    ("actor", "alias GOP", {"actor": "GOP"}),
    ("place", "country RU", {"place": "RU"}),
    ("place", "name Syria", {"place": "Syria"}),
    ("claims", "action ACCUSE", {"action": "ACCUSE"}),
    ("claims", "band likely", {"band": "likely"}),
    ("claims", "anonymous", {"anonymous": True}),
    ("claims", "modality predicted", {"modality": "predicted"}),
    ("mixed", "actor + action", {"actor": "Hillary Clinton", "action": "ACCUSE"}),
    ("mixed", "place + band + anonymous", {"place": "US", "band": "roughly even chance", "anonymous": True}),
    ("mixed", "text + actor + dates", {"query": "debate", "actor": "Bernie Sanders", "since": "2016-01-01",
                                       "until": "2017-12-31"}),
    ("mixed", "text + place + modality", {"query": "attack", "place": "SY", "modality": "occurred"}),
]


def cached_analyses(cache: Path) -> list[Analysis]:
    """The analyses of the PolNeAR train articles, analysed once and kept as JSONL."""
    path = cache / "polnear-train-analyses.jsonl"
    if not path.exists():
        from sitrep.pipeline import analyze_raw_documents

        print("analysing the PolNeAR train articles once ...", flush=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as out:
            for analysis in analyze_raw_documents(polnear_documents("train")):
                out.write(analysis.model_dump_json() + "\n")
        temporary.replace(path)
    with path.open(encoding="utf-8") as lines:
        analyses = [Analysis.model_validate_json(line) for line in lines]
    return list({a.id: a for a in analyses}.values())  # PolNeAR holds one article twice


def variant(analysis: Analysis, round_: int) -> Analysis:
    """Round `round_`'s copy of an analysis: new id and input, later date, another outlet."""
    if round_ == 0:
        return analysis
    return analysis.model_copy(update={
        "id": f"{analysis.id}-v{round_:03d}",
        "input": f"{analysis.input}#round{round_}",
        "published": analysis.published + dt.timedelta(days=ROUND_DAYS * round_) if analysis.published else None,
        "outlet": f"{analysis.outlet or 'Unknown'} {round_ % OUTLETS:02d}",
    })


def build(db: Path, analyses: list[Analysis], articles: int) -> None:
    """Fill the store up to `articles` documents (resuming a partial build)."""
    with Store(db) as store:
        have = store.count()
        if have >= articles:
            print(f"store: {db} holds {have} articles (cached)", flush=True)
            return
        print(f"building {db}: {have} -> {articles} articles ...", flush=True)
        stream = itertools.islice((variant(a, r) for r in itertools.count() for a in analyses), have, articles)
        start = last = time.perf_counter()
        done = since_last = 0
        while batch := list(itertools.islice(stream, SAVE_BATCH)):
            store.save(batch)
            done, since_last = done + len(batch), since_last + len(batch)
            if (have + done) % 10_000 < SAVE_BATCH or len(batch) < SAVE_BATCH:
                now = time.perf_counter()
                print(f"  {have + done:>7} articles: last {since_last} saved at {since_last / (now - last):6.1f}/s "
                      f"({done / (now - start):6.1f}/s overall), load {os.getloadavg()[0]:.2f}", flush=True)
                last, since_last = now, 0


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def matches(store: Store, kwargs: dict) -> int:
    """How many documents a query matches in all (the page of hits is taken from these)."""
    filters = Filters.build(kwargs.get("query"), kwargs.get("actor"), kwargs.get("place"), kwargs.get("since"),
                            kwargs.get("until"), kwargs.get("modality"), kwargs.get("action"), kwargs.get("band"),
                            kwargs.get("anonymous", False))
    with Session(store.engine) as session:
        return session.scalar(count_query(filters, store.full_text))


def time_queries(store: Store, repeats: int) -> list[tuple[str, str, int, int, list[float]]]:
    """Each query once to warm up, then `repeats` timed runs: (kind, label, hits, matches, ms)."""
    results = []
    for kind, label, kwargs in QUERIES:
        hits = len(store.search(**kwargs))
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            store.search(**kwargs)
            times.append((time.perf_counter() - start) * 1000)
        results.append((kind, label, hits, matches(store, kwargs), times))
    return results


def report(results, title: str) -> list[float]:
    """Print p50/p95 per query, per kind and overall; all the timings."""
    print(f"\n{title}")
    print(f"{'query':<44} {'hits':>5} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, label, hits, matched, times in results:
        print(f"{kind + ': ' + label:<44} {hits:>5} {matched:>8} {percentile(times, 50):8.1f} "
              f"{percentile(times, 95):8.1f}")
    for kind in dict.fromkeys(kind for kind, *_ in results):
        times = [t for k, *_, ts in results if k == kind for t in ts]
        print(f"{'all ' + kind:<44} {'':>5} {'':>8} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f}")
    everything = [t for *_, ts in results for t in ts]
    print(f"{'overall':<44} {'':>5} {'':>8} {percentile(everything, 50):8.1f} {percentile(everything, 95):8.1f}  "
          f"(mean {statistics.fmean(everything):.1f})")
    return everything


def cli_args(kwargs: dict) -> list[str]:
    """The `sitrep search` arguments of a Store.search call."""
    args = [kwargs["query"]] if "query" in kwargs else []
    for name, value in kwargs.items():
        if name == "anonymous":
            args.append("--anonymous")
        elif name != "query":
            args += [f"--{name}", str(value)]
    return args


def time_cli(db: Path) -> list[tuple[str, float, float]]:
    """One `sitrep search --format json` process per query kind: (label, ms, in-process ms)."""
    sitrep = Path(sys.executable).parent / "sitrep"
    rows = []
    with Store(db) as store:
        for kind, label, kwargs in QUERIES:
            start = time.perf_counter()
            subprocess.run([str(sitrep), "search", *cli_args(kwargs), "--db", str(db), "--format", "json"],
                           check=True, stdout=subprocess.DEVNULL)
            process_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            store.search(**kwargs)
            rows.append((f"{kind}: {label}", process_ms, (time.perf_counter() - start) * 1000))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sitrep-bench-search")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--cli", action="store_true", help="also time each query kind once through `sitrep search`")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    db = args.cache / f"store-{args.articles}.db"
    build(db, cached_analyses(args.cache), args.articles)
    with Store(db) as store:
        count = store.count()
        load_start = os.getloadavg()[0]
        default_gc = time_queries(store, args.repeats)
        gc.collect()
        gc.freeze()  # what a long-running server can do once after start-up
        frozen = time_queries(store, args.repeats)
        gc.unfreeze()
        load_end = os.getloadavg()[0]
    print(f"\n{count} articles (SQLite, {store.full_text}); {args.repeats} timed runs per query after one "
          f"warm-up; load average {load_start:.2f} -> {load_end:.2f}")
    report(default_gc, "Python's default garbage collection (its full collections of this long-lived "
                       "process land on a few of the timed queries):")
    report(frozen, "after gc.freeze() (start-up objects left out of collections):")
    if args.cli:
        print("\nthrough the CLI (one process per query: start-up, imports, opening the store):")
        print(f"{'query':<44} {'process ms':>10} {'in-process ms':>14}")
        for label, process_ms, in_process_ms in time_cli(db):
            print(f"{label:<44} {process_ms:10.0f} {in_process_ms:14.1f}")


if __name__ == "__main__":
    main()
