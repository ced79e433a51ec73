"""What the forecast ledger adds to ingest: the per-article cost of resolution as the store grows.

Run: .venv/bin/python benchmarks/ledger.py [--articles 20000] [--step 2000] [--batch 64] [--analysis-ms 204]

Synthetic scaling, said plainly: analysing 100k real articles takes hours here, so the
store is filled with synthetic analyses instead (no parse): each article carries 12
claims drawn like news claims are (a third predicted, planned or threatened, half occurred;
actors from 300 names of which 40 are KB groups named by their aliases; 60 countries;
all 16 PLOVER actions, ASSAULT and the verbal ones most often; published over four
years, a day per ~70 articles), saved through `Store.save` in batches of BATCH as
`sitrep ingest` does. At each STEP of the store's size, the next batches are saved
twice over, into copies of the store at that size: once as it is, and once with the
ledger's `record_prepared` switched off. The difference is the ledger's cost per
article; it is set against the cost of ingesting an article, analysis
(ANALYSIS_MS, the README's throughput figure: 4.9 articles/s on this machine) plus
the store's own work measured here.

What keeps it flat: both look-ups of resolution are index ranges (ledger/tables.py:
action, key, actor, end of horizon), so they read the forecasts and occurrences of one
actor, action and country within a horizon, not the store; the growth left is the
B-tree depth (logarithmic) and the number of matches, which grows with the density of
reports per actor and country per year, not with the store's size as such. The
printed slope (ms per article per 10k articles) is what is extrapolated to 100k.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sitrep.kb import read_table
from sitrep.model import PLOVER_TYPES, Analysis, Certainty, Claim, Entity, Place, Source
from sitrep.store import Store
from sitrep.store import store as store_module

COUNTRIES = ["US", "RU", "SY", "IQ", "UA", "CN", "IR", "IL", "PS", "AF", "PK", "IN", "TR", "FR", "DE", "GB", "BE",
             "NG", "SO", "YE", "LY", "EG", "SA", "KP", "KR", "JP", "MX", "VE", "CO", "BR", "ML", "NE", "TD", "SD",
             "SS", "ET", "KE", "CD", "CF", "MZ", "PH", "MM", "TH", "ID", "BD", "LK", "LB", "JO", "QA", "AE", "PL",
             "BY", "GE", "AM", "AZ", "RS", "XK", "HU", "IT", "ES"]
MODALITIES = ["occurred"] * 6 + ["predicted"] * 2 + ["planned", "threatened"] + ["alleged", "hypothetical"]
BANDS = ["unstated"] * 6 + ["likely", "roughly even chance", "very likely", "unlikely"]
ACTIONS = ["ASSAULT"] * 4 + ["ACCUSE"] * 3 + ["THREATEN"] * 2 + list(PLOVER_TYPES)
START = dt.date(2016, 1, 1)
PER_DAY = 70


def actors() -> list[tuple[str, str]]:
    """(name as written, type): 40 KB groups by one of their aliases, 260 other names."""
    groups = [row for row in read_table("entities.tsv") if row["type"] == "GROUP" and row["aliases"]][:40]
    named = [(random.Random(i).choice(row["aliases"].split("|")), "GROUP") for i, row in enumerate(groups)]
    return named + [(f"Person {i}", "PERSON") for i in range(260)]


def synthetic(i: int, names: list[tuple[str, str]]) -> Analysis:
    """The i-th synthetic article: 12 claims, ids and text unique to it."""
    rng = random.Random(i)
    # varied words, so that articles are no near-copies of each other (the store would link them)
    body = " ".join(f"Sentence {j} " + " ".join(f"w{rng.randrange(5000)}" for _ in range(14)) + "."
                    for j in range(12))
    entities, places, claims = [], [], []
    for j in range(12):
        name, type_ = rng.choice(names[:60] if rng.random() < 0.5 else names)
        entities.append(Entity(id=f"e{j + 1}", name=name, type=type_))
        places.append(Place(id=f"p{j + 1}", name=f"Place {j}", kind="country", country=rng.choice(COUNTRIES[:20]
                            if rng.random() < 0.7 else COUNTRIES)))
        start = body.index(f"Sentence {j} ")
        modality = rng.choice(MODALITIES)
        claims.append(Claim(id=f"c{j + 1}", text=f"Sentence {j}", start=start, end=start + 10,
                            actor=f"e{j + 1}" if rng.random() < 0.85 else None, action=rng.choice(ACTIONS),
                            target=[f"p{j + 1}"], modality=modality, source="s1" if j % 2 else None,
                            certainty=Certainty(band=rng.choice(BANDS) if modality == "predicted" else "unstated")))
    return Analysis(id=f"bench-{i:07d}", input=f"bench:{i}", outlet=f"Outlet {i % 40}",
                    published=START + dt.timedelta(days=i // PER_DAY), body=body, entities=entities, places=places,
                    sources=[Source(id="s1", description="an official", named=False)], claims=claims)


def timed_save(db: Path, analyses: list[Analysis], batch: int, ledger: bool) -> float:
    """Seconds to save the analyses in batches, with or without the ledger."""
    original = store_module.record_prepared
    if not ledger:
        store_module.record_prepared = lambda session, new: None  # type: ignore[assignment]
    try:
        with Store(db) as store:
            started = time.perf_counter()
            for k in range(0, len(analyses), batch):
                store.save(analyses[k:k + batch])
            return time.perf_counter() - started
    finally:
        store_module.record_prepared = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--step", type=int, default=2000)
    parser.add_argument("--probe", type=int, default=640, help="articles saved at each step, with and without")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--analysis-ms", type=float, default=204.0, help="analysis time per article (README)")
    args = parser.parse_args()
    names = actors()
    folder = Path(tempfile.mkdtemp(prefix="sitrep-bench-ledger-"))
    db = folder / "store.db"
    print(f"{'store':>8} {'store ms/art':>13} {'ledger ms/art':>14} {'ledger / ingest':>16}")
    rows = []
    size = 0
    while size < args.articles:
        fill = [synthetic(i, names) for i in range(size, size + args.step)]
        timed_save(db, fill, 1000, ledger=True)
        size += args.step
        probe = [synthetic(i, names) for i in range(size, size + args.probe)]
        measures = {}
        for ledger in (False, True):
            copy = folder / f"probe-{ledger}.db"
            shutil.copy(db, copy)
            measures[ledger] = timed_save(copy, probe, args.batch, ledger) / args.probe * 1000
            copy.unlink()
        cost = max(measures[True] - measures[False], 0.0)
        share = cost / (args.analysis_ms + measures[False])
        rows.append((size, measures[False], cost, share))
        print(f"{size:>8} {measures[False]:>13.2f} {cost:>14.2f} {share:>15.2%}", flush=True)
    sizes = [r[0] for r in rows]
    costs = [r[2] for r in rows]
    slope = statistics.linear_regression(sizes, costs).slope if len(rows) > 1 else 0.0
    at_100k = statistics.mean(costs[-3:]) + slope * (100_000 - sizes[-1])
    print(f"ledger cost slope: {slope * 10_000:+.3f} ms per article per 10k articles stored")
    print(f"extrapolated to 100k articles: {at_100k:.2f} ms per article = "
          f"{at_100k / (args.analysis_ms + rows[-1][1]):.2%} of ingest")
    with Store(db) as store:
        ledger_ = store.forecast_ledger()
        print(f"store: {store.count()} articles, {ledger_.made} forecasts, {ledger_.happened} happened")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
