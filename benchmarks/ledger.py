"""What the forecast ledger adds to ingest: its cost per article as the store grows, as a share of analysis.

Run: .venv/bin/python benchmarks/ledger.py --analyses /tmp/ledger-analyses.jsonl
     [--articles 50000] [--window 2500] [--batch 64] [--per-day 70] [--timing 24] [--check 3]
     .venv/bin/python benchmarks/ledger.py --analyses FILE --describe   (the claim statistics only)

Real claims, synthetic articles, said plainly. ../shared/data holds about a thousand news
articles, and analysing 100k would take most of a day here, so the store is filled with
synthetic articles whose claims are drawn from real analyses: the PolNeAR articles (train
and dev, US political news of 2015-16) and the GeoWebNews dev articles (world news of
2017-18) in ../shared/data, analysed by the pipeline (`--analyses FILE`: read if it exists,
else the corpus is analysed and written there; `sitrep analyze` output is the same format).
Each synthetic article has as many claims as a real article drawn at random, each claim a
real claim drawn at random with its action, modality, negation, actor, targets, place and
event word (so the actions, actors and places that forecasts and reports share are those of
real news, correlations included), without its time: every forecast gets the 12-month
default horizon and every report the week before its article, the widest windows (more
matches, not fewer). `--describe` prints how often forecasts and reports share an action and
a key in the real analyses and in the synthetic stream. The pool does not grow with the
store as news vocabulary does, so a store of N synthetic articles repeats each real claim
about N/1,000 times: its matches per claim are higher than a real store's, and its cost an
upper estimate. Articles are published PER_DAY a day (--per-day, 70: about 25,500 a year, so
a 12-month horizon spans 25,500 articles), with bodies of random words (no two are copies or
one story).

The store is filled through `Store.save` in batches of BATCH, as `sitrep ingest` saves,
and the ledger's part of each save (`record_prepared`, inside the save transaction) is
timed directly. Every WINDOW articles the benchmark times the pipeline on TIMING real
PolNeAR dev articles (analysis per article, measured then, under the same load, since
the machine is shared), and prints for the window: the median over its batches of the
ledger's time per article, as a share of analysis and of ingest (analysis plus the
store's own save), and how many forecast keys are still open to reports (horizon not
over, fewer than RESOLUTIONS_KEPT reports). Then it extrapolates the share of analysis
to 100k articles from the windows after the first horizon (their median plus a linear
fit's slope). `--check R`: at the end, saves the next 640 articles into copies of the
store with and without the ledger, R times, and prints the median difference (what the
ledger costs the whole save, its commit included) next to the direct timing, both as
shares of the last window's analysis time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from sqlalchemy import func, select

from common import DATA, polnear_documents
from sitrep.store import Store  # before sitrep.ledger, which the store imports
from sitrep.store import store as store_module
from sitrep.documents import RawDocument
from sitrep.ledger import resolve
from sitrep.ledger.facts import claim_facts
from sitrep.ledger.tables import ForecastKeyRow, ForecastResolutionRow, ForecastRow
from sitrep.model import Analysis, Certainty, Claim, Entity, Place, Source, Trigger
from sitrep.pipeline import analyze_raw_documents

START = dt.date(2016, 1, 1)
GEOWEBNEWS = DATA / "geoparsing-dev" / "geowebnews-dev.xml"


# -- the real claims ------------------------------------------------------------------------------

def corpus() -> list[RawDocument]:
    """The real articles the claims are drawn from: PolNeAR train and dev, GeoWebNews dev."""
    from sitrep.eval.places import read_geowebnews

    documents = polnear_documents("train") + polnear_documents("dev")
    if GEOWEBNEWS.is_file():
        documents += [RawDocument(input=f"geowebnews-{i}", text=a.text) for i, a in
                      enumerate(read_geowebnews(GEOWEBNEWS)) if a.text.strip()]
    return documents


def real_analyses(path: Path) -> list[dict[str, Any]]:
    """The analyses of the corpus, from `path` (JSON Lines), made and written there when missing."""
    if not path.is_file():
        print(f"analysing the corpus into {path} (once) ...", file=sys.stderr, flush=True)
        with path.open("w", encoding="utf-8") as out:
            for result in analyze_raw_documents(corpus()):
                if isinstance(result, Analysis):
                    out.write(result.model_dump_json(exclude_none=True) + "\n")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class RealClaim:
    """A real claim with the records it names, to be copied into a synthetic article."""

    action: str
    modality: str
    negated: bool
    band: str
    actor: Optional[dict[str, Any]]         # an entity or place record
    targets: tuple[dict[str, Any], ...]
    place: Optional[dict[str, Any]]
    trigger: Optional[tuple[str, str]]      # (text, lemma)


def claim_pool(analyses: list[dict[str, Any]]) -> tuple[list[RealClaim], list[int]]:
    """Every claim of the analyses, and every article's number of claims."""
    claims, counts = [], []
    for analysis in analyses:
        records = {r["id"]: r for r in analysis.get("entities", []) + analysis.get("places", [])}
        counts.append(len(analysis.get("claims", [])))
        for c in analysis.get("claims", []):
            trigger = c.get("trigger")
            claims.append(RealClaim(
                action=c["action"], modality=c["modality"], negated=bool(c.get("negated")),
                band=(c.get("certainty") or {}).get("band", "unstated"), actor=records.get(c.get("actor") or ""),
                targets=tuple(records[t] for t in c.get("target", []) if t in records),
                place=records.get(c.get("place") or ""),
                trigger=(trigger["text"], trigger.get("lemma") or trigger["text"]) if trigger else None))
    return claims, counts


def synthetic(i: int, claims: list[RealClaim], counts: list[int], per_day: int) -> Analysis:
    """The i-th synthetic article: a real article's number of claims, each a real claim."""
    rng = random.Random(i)
    drawn = [rng.choice(claims) for _ in range(rng.choice(counts))]
    entities: list[Entity] = []
    places: list[Place] = []
    refs: dict[int, str] = {}

    def ref(record: Optional[dict[str, Any]]) -> Optional[str]:
        if record is None:
            return None
        if id(record) not in refs:
            if "kind" in record:  # a place
                refs[id(record)] = f"p{len(places) + 1}"
                places.append(Place(id=refs[id(record)], name=record["name"], kind=record["kind"],
                                    country=record.get("country")))
            else:
                refs[id(record)] = f"e{len(entities) + 1}"
                entities.append(Entity(id=refs[id(record)], name=record["name"], type=record["type"],
                                       kb=record.get("kb")))
        return refs[id(record)]

    sentences, made = [], []
    offset = 0
    for j, real in enumerate(drawn):
        word = real.trigger[0] if real.trigger else "said"
        # varied words, so that no two articles are near-copies (the store would link them)
        sentence = f"{word} " + " ".join(f"w{rng.randrange(50_000)}" for _ in range(14)) + "."
        trigger = Trigger(start=offset, end=offset + len(word), text=word, lemma=real.trigger[1]) \
            if real.trigger else None
        made.append(Claim(id=f"c{j + 1}", text=sentence, start=offset, end=offset + len(sentence),
                          actor=ref(real.actor), action=real.action,
                          target=[r for t in real.targets if (r := ref(t))], place=ref(real.place),
                          modality=real.modality, negated=real.negated, trigger=trigger,
                          source="s1" if j % 2 else None, certainty=Certainty(band=real.band)))
        sentences.append(sentence)
        offset += len(sentence) + 1
    body = " ".join(sentences) or "Nothing happened."
    return Analysis(id=f"bench-{i:07d}", input=f"bench:{i}", outlet=f"Outlet {i % 40}",
                    published=START + dt.timedelta(days=i // per_day), body=body, entities=entities,
                    places=places, sources=[Source(id="s1", description="an official", named=False)], claims=made)


# -- how often forecasts and reports share an action and a key ------------------------------------

def describe(name: str, analyses: list[dict[str, Any]]) -> None:
    """Print the claim statistics that decide the ledger's matches."""
    forecasts: Counter[tuple[str, str]] = Counter()
    forecast_actors: Counter[tuple[str, str, Optional[str]]] = Counter()
    reports: list[tuple[str, str, Optional[str]]] = []
    made = occurred = actorless = 0
    for analysis in analyses:
        for facts in claim_facts(analysis, {}):
            if facts.is_forecast:
                made += 1
                actorless += facts.actor is None
                checkable = facts.actor is not None or not all(k.startswith("w:") for k in facts.keys)
                for key in facts.keys if checkable else ():
                    forecasts[(facts.action, key)] += 1
                    forecast_actors[(facts.action, key, facts.actor)] += 1
            elif facts.is_occurrence:
                occurred += 1
                reports += [(facts.action, key, facts.actor) for key in facts.occurrence_keys]
    # for each report key: the forecasts of its action and key, and those of them it could meet
    # (the same actor, or none named), over the whole set (no dates)
    same = [forecasts[(a, k)] for a, k, _ in reports]
    meet = [forecast_actors[(a, k, None)] + (forecast_actors[(a, k, actor)] if actor else 0)
            for a, k, actor in reports]
    n = len(analyses)
    print(f"{name}: {n} articles, {made / n:.2f} forecasts and {occurred / n:.2f} reports an article, "
          f"{actorless / max(made, 1):.0%} of forecasts name no actor; forecast (action, key) pairs: "
          f"{len(forecasts)}, the largest {max(forecasts.values(), default=0)}")
    if reports:
        print(f"  a report's key shares its action and key with forecasts: mean {statistics.mean(same):.1f}, "
              f"median {statistics.median(same):.0f}, 90th pct {_quantile(same, 0.9):.0f}, max {max(same)}; "
              f"could meet (actor too): mean {statistics.mean(meet):.2f}, 90th pct {_quantile(meet, 0.9):.0f}, "
              f"max {max(meet)}; {sum(m > 0 for m in meet) / len(meet):.0%} of report keys meet one")


def _quantile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- timing ---------------------------------------------------------------------------------------

class LedgerTimer:
    """Times the ledger's part of each save (store.record_prepared) while installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._original: Callable = store_module.record_prepared

    def __enter__(self) -> "LedgerTimer":
        def timed(session, batch):
            started = time.perf_counter()
            try:
                return self._original(session, batch)
            finally:
                self.seconds += time.perf_counter() - started
        store_module.record_prepared = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *exc) -> None:
        store_module.record_prepared = self._original  # type: ignore[assignment]


def analysis_ms(documents: list[RawDocument]) -> float:
    """Milliseconds the pipeline takes an article, on these real articles, now."""
    started = time.perf_counter()
    for _ in analyze_raw_documents(documents):
        pass
    return (time.perf_counter() - started) / len(documents) * 1000


def open_keys(store: Store, day: dt.date) -> int:
    """Forecast keys a report of this day can still read: horizon not over, evidence not full."""
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(ForecastKeyRow)
                                  .where(ForecastKeyRow.horizon_until >= day)).scalar() or 0


def with_and_without(db: Path, articles: list[Analysis], batch: int, repeats: int) -> tuple[float, float]:
    """Median ms per article the ledger adds to the whole save (with minus without, on copies of
    the store), and the median ms its direct timing gave in the same runs."""
    added, direct = [], []
    for _ in range(repeats):
        seconds = {}
        for ledger in (False, True):
            copy = db.with_name(f"check-{ledger}.db")
            shutil.copy(db, copy)
            original = store_module.record_prepared
            if not ledger:
                store_module.record_prepared = lambda session, new: None  # type: ignore[assignment]
            try:
                with Store(copy) as store, LedgerTimer() as timer:
                    started = time.perf_counter()
                    for k in range(0, len(articles), batch):
                        store.save(articles[k:k + batch])
                    seconds[ledger] = time.perf_counter() - started
            finally:
                store_module.record_prepared = original
                copy.unlink()
            if ledger:
                direct.append(timer.seconds / len(articles) * 1000)
        added.append((seconds[True] - seconds[False]) / len(articles) * 1000)
    return statistics.median(added), statistics.median(direct)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--analyses", type=Path, required=True, help="real analyses (JSON Lines), made if missing")
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--window", type=int, default=2_500)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--per-day", type=int, default=70)
    parser.add_argument("--timing", type=int, default=24, help="real articles analysed to time the pipeline")
    parser.add_argument("--check", type=int, default=0, help="repeats of the with/without check at the end")
    parser.add_argument("--describe", action="store_true", help="print the claim statistics and stop")
    parser.add_argument("--db", type=Path, help="the store to fill (default: a temporary file, removed)")
    args = parser.parse_args()
    analyses = real_analyses(args.analyses)
    claims, counts = claim_pool(analyses)
    print(f"claim pool: {len(claims)} claims of {len(analyses)} real articles "
          f"({sum(counts) / len(counts):.1f} an article)")
    year = 365 * args.per_day
    if args.describe:
        describe("real analyses", analyses)
        polnear = [a for a in analyses if "polnear" in a["input"]]
        describe("  of which PolNeAR", polnear)
        describe("  of which GeoWebNews", [a for a in analyses if "polnear" not in a["input"]])
        for n in (len(analyses), year):
            describe(f"synthetic, first {n}",
                     [synthetic(i, claims, counts, args.per_day).model_dump() for i in range(n)])
        return
    dev = polnear_documents("dev")
    timing = dev[::max(1, len(dev) // args.timing)][:args.timing]  # spread over the month
    analysis_ms(timing[:2])  # load the pipeline and its tables: not charged to any window
    folder = Path(tempfile.mkdtemp(prefix="sitrep-bench-ledger-"))
    db = args.db or folder / "store.db"
    print(f"{'store':>7} {'ledger ms/art':>13} {'store ms/art':>12} {'analysis ms/art':>15} "
          f"{'ledger/analysis':>15} {'ledger/ingest':>13} {'open keys':>9}", flush=True)
    rows = []
    try:
        with Store(db) as store:
            size = 0
            while size < args.articles:
                ledger_ms, store_ms = [], []
                for start in range(size, size + args.window, args.batch):
                    batch = [synthetic(i, claims, counts, args.per_day)
                             for i in range(start, min(start + args.batch, size + args.window))]
                    with LedgerTimer() as timer:
                        started = time.perf_counter()
                        store.save(batch)
                        elapsed = time.perf_counter() - started
                    ledger_ms.append(timer.seconds / len(batch) * 1000)
                    store_ms.append((elapsed - timer.seconds) / len(batch) * 1000)
                size += args.window
                analysis = analysis_ms(timing)
                ledger, own = statistics.median(ledger_ms), statistics.median(store_ms)
                keys = open_keys(store, START + dt.timedelta(days=size // args.per_day))
                rows.append((size, ledger / analysis, ledger / (analysis + own)))
                print(f"{size:>7} {ledger:>13.2f} {own:>12.2f} {analysis:>15.0f} {ledger / analysis:>15.2%} "
                      f"{ledger / (analysis + own):>13.2%} {keys:>9}", flush=True)
            with store.engine.connect() as connection:
                made = connection.execute(select(func.count()).select_from(ForecastRow)).scalar()
                happened = connection.execute(select(func.count()).select_from(ForecastRow)
                                              .where(ForecastRow.resolutions > 0)).scalar()
                kept = connection.execute(select(func.count()).select_from(ForecastResolutionRow)).scalar()
            cap = getattr(resolve, "RESOLUTIONS_KEPT", None)  # None: a ledger from before the cap
            print(f"store: {size} articles, {made} forecasts, {happened} met, {kept} reports kept "
                  f"(at most {cap or 'any number of'} a forecast)")
        later = [(s, share) for s, share, _ in rows if s > year]
        if len(later) >= 2:
            fit = statistics.linear_regression([s for s, _ in later], [share for _, share in later])
            at_100k = statistics.median(share for _, share in later) + fit.slope * (100_000 - later[-1][0])
            print(f"after the first horizon ({year} articles): ledger/analysis median "
                  f"{statistics.median(share for _, share in later):.2%}, slope {fit.slope * 10_000:+.3%} "
                  f"per 10k articles; extrapolated to 100k: {at_100k:.2%}")
        else:
            print(f"the store never passed one horizon ({year} articles): no extrapolation")
        if args.check:
            probe = [synthetic(i, claims, counts, args.per_day) for i in range(size, size + 640)]
            added, direct = with_and_without(db, probe, args.batch, args.check)
            print(f"check at {size}: the ledger adds {added / analysis:.2%} of analysis to the whole save (with "
                  f"minus without, median of {args.check}; analysis as the last window timed it), against "
                  f"{direct / analysis:.2%} timed directly ({added:.2f} and {direct:.2f} ms an article)")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
