"""The watch's cycle: lease the due sources, poll them, store what is new, give them back.

A poll reads the source (conditional GET: a 304 ends it at no cost), lists its articles
(discover.py), and for each article not seen before, or listed as updated since, fetches
its page (conditionally again), cleans it and decides (dedup.py): a URL seen with the same
text stores nothing; a URL seen with other text is an edit and updates its document; the
same text under a new URL is the document stored already; anything else is analysed and
stored by the same code as `sitrep ingest` (pipeline.py, Store.save: near copies are linked
there). Analysis runs in a worker thread, the articles of all sources waiting at the time in one
batch (analysis.py), so the event loop keeps the other sources' downloads going meanwhile.
Every source ends with one line on stderr.

After each cycle, what it stored is matched against the watchlists, and the alerts due are
delivered to their webhooks and e-mail addresses (alerts/delivery.py), retries included.

`--once` runs one cycle and exits; otherwise cycles follow each other, sleeping until the
next source is due, until SIGTERM or SIGINT, which is noticed between articles: the article
being stored is finished, the sources not yet polled are given back, and the process exits 0.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..alerts.delivery import Deliverer, DeliverySettings
from ..documents import RawDocument
from ..errors import InputError
from ..ingest.decode import DecodeError, decode_html
from ..ingest.limits import feed_limit, size
from ..model import Analysis
from ..pipeline import clean_one, document_id
from ..settings import Settings
from ..store import Store
from .analysis import Analyser
from .dedup import canonical_url, declared_canonical, url_key
from .discover import PAGE, Entry, Listing, ListingError, read_listing
from .fetch import Fetcher, FetchError, Politeness, Response
from .sources import Source
from .health import STALE_GAPS
from .state import EDITED, NEW, Claimed, Item, Seen, SourceHealth, WatchState

# Sources polled at the same time by one process (each host is still asked one request at a time).
PARALLEL_SOURCES = 8
# Listings a source may point to (a sitemap index's sitemaps, a home page's feeds), read per poll.
MAX_FOLLOWED = 5
# The longest sleep between cycles: a sources file's new source is noticed within it.
MAX_SLEEP = 60.0
# What became of a listed article: stored (NEW), updated (EDITED), seen before (KNOWN), a problem
# that lasts (PROBLEM: told once, set aside), or one that may pass (AGAIN: tried at the next poll).
KNOWN, PROBLEM, AGAIN = "known", "problem", "again"


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (signal 0 asks without signalling)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def process_name() -> str:
    """This process's name on its leases: host, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Totals:
    """What the watch did, over its cycles."""

    cycles: int = 0
    counts: Counter = field(default_factory=Counter)  # new, edited, known, problem, again
    failed_sources: int = 0
    # alerts not delivered (given up, or waiting for another try, as `sitrep alerts deliver` counts
    # them) and rounds of matching or delivery that failed: the articles are stored, but an
    # operator must hear that an alert did not go out
    failed_alerts: int = 0


class Watch:
    """One process watching the sources of one file into one store."""

    def __init__(self, store: Store, sources: list[Source], politeness: Politeness, settings: Settings,
                 delivery: Optional[DeliverySettings] = None):
        self.store = store
        self.sources = sources
        self.settings = settings
        self.state = WatchState(store, process_name())
        self.fetcher = Fetcher(politeness)
        self.stopping = asyncio.Event()
        self.totals = Totals()
        self.analyser = Analyser(settings.batch_size)
        delivery = delivery or DeliverySettings.from_env(allow_private=politeness.allow_private)
        self.deliverer = Deliverer(store, delivery, self.state.owner, say)
        self.told_smtp = False

    async def run(self, once: bool) -> Totals:
        """Cycles until `once` is done or a stop is asked (stop())."""
        self.state.sync(self.sources, now_utc())
        freed = self.state.reclaim_orphans(socket.gethostname(), process_alive)
        if freed:
            say(f"took back {freed} source lease(s) of a watch on this machine that is no longer running")
        freed = self.deliverer.reclaim_orphans(process_alive)
        if freed:
            say(f"took back {freed} alert delivery(ies) a watch on this machine was sending when it stopped")
        try:
            while not self.stopping.is_set():
                await self.cycle()
                if once:
                    break
                await self._sleep_until_due()
        finally:
            await self.fetcher.close()
        return self.totals

    def stop(self) -> None:
        """Ask the watch to stop after the article it is on (a signal handler calls this)."""
        self.stopping.set()

    async def cycle(self) -> None:
        """Poll every due source this process can lease, once each: PARALLEL_SOURCES pollers each
        lease one source at a time, so other watch processes on the store take their share meanwhile."""
        polled: set[str] = set()

        async def poller() -> None:
            while not self.stopping.is_set():
                waiting = [source for source in self.sources if source.id not in polled]
                claimed = self.state.claim(waiting, now_utc(), limit=1) if waiting else []
                if not claimed:
                    return
                polled.add(claimed[0].source.id)
                await self._poll_guarded(claimed[0])

        await asyncio.gather(*(poller() for _ in range(PARALLEL_SOURCES)))
        if not polled and self.totals.cycles == 0:
            due = self.state.next_due(self.sources)
            if due is not None:
                say(f"nothing due yet; the next source is due at {due:%Y-%m-%d %H:%M:%S} UTC")
        self.totals.cycles += 1
        if polled:
            await self._match_watchlists()
        await self._deliver()

    async def _poll_guarded(self, claimed: Claimed) -> None:
        try:
            await self.poll(claimed)
        except Exception as err:  # noqa: BLE001 — one source's bug must not stop the others
            self._failed(claimed.source, f"{claimed.source.url}: internal error while polling "
                                         f"({type(err).__name__}: {err}); please report it")

    async def _match_watchlists(self) -> None:
        """Match what the cycle stored or edited against the watchlists (sitrep/alerts reads the
        watch_arrivals queue past its cursor)."""
        from ..alerts.match import match_arrivals

        try:
            matched = await asyncio.to_thread(match_arrivals, self.store)
        except Exception as err:  # noqa: BLE001 — the articles are stored; the next cycle matches again
            self.totals.failed_alerts += 1
            say(f"watchlists: matching failed ({type(err).__name__}: {err}); tried again after the next cycle")
            return
        if matched.created or matched.updated:
            say(f"watchlists: {matched.created} new alert(s), {matched.updated} updated (`sitrep alerts`)")

    async def _deliver(self) -> None:
        """Send the alerts due (new ones, and retries whose time came); each outcome is in the
        store before the next is sent, so a watch killed here resends nothing acknowledged."""
        try:
            done = await self.deliverer.deliver_due()
        except Exception as err:  # noqa: BLE001 — the deliveries stay in the outbox; the next cycle tries again
            self.totals.failed_alerts += 1
            say(f"alerts: delivery failed ({type(err).__name__}: {err}); tried again after the next cycle")
            return
        self.totals.failed_alerts += done.failed + done.retrying
        if done.waiting_for_smtp and not self.told_smtp:
            self.told_smtp = True
            say(f"{done.waiting_for_smtp} e-mail alert(s) wait: set SITREP_SMTP_HOST (`sitrep alerts deliver --help`)")

    async def poll(self, claimed: Claimed) -> None:
        """Poll one leased source and give it back, with one line on stderr."""
        source = claimed.source
        if self.stopping.is_set():
            self.state.release(source)
            return
        started = time.monotonic()
        try:
            answer = await self.fetcher.get(source.url, limit=feed_limit(self.settings), etag=claimed.etag,
                                            last_modified=claimed.last_modified)
            if answer.unchanged:
                health = self.state.finish(source, now_utc(), error=None, kind=claimed.kind,
                                           etag=answer.etag or claimed.etag,
                                           last_modified=answer.last_modified or claimed.last_modified)
                say(f"{source.url}: unchanged (HTTP 304) ({time.monotonic() - started:.1f} s){_stale(health)}")
                return
            listing = await self._listing(answer)
        except (FetchError, ListingError) as err:
            self._failed(source, str(err) if isinstance(err, FetchError) else f"{source.url}: {err}")
            return
        counts = await self._articles(source, listing, answer)
        self.totals.counts.update(counts)
        # The listing's validators are kept only once all of it was handled: else the next poll's 304
        # would hide the articles left for later (the watch stopped, or one may be had next time).
        done = sum(counts.values()) == len(listing.entries) and not counts[AGAIN]
        health = self.state.finish(source, now_utc(), error=None, new_items=counts[NEW], kind=listing.kind,
                                   etag=answer.etag if done else claimed.etag,
                                   last_modified=answer.last_modified if done else claimed.last_modified)
        problems = f", {counts[PROBLEM] + counts[AGAIN]} problem(s)" if counts[PROBLEM] + counts[AGAIN] else ""
        say(f"{source.url}: {listing.kind}: {counts[NEW]} new, {counts[EDITED]} edited, {counts[KNOWN]} known"
            f"{problems} ({time.monotonic() - started:.1f} s){_stale(health)}")

    def _failed(self, source: Source, problem: str) -> None:
        health = self.state.finish(source, now_utc(), error=problem)
        self.totals.failed_sources += 1
        stale = "; stale" if health.stale else ""
        say(f"{problem} (failed {health.consecutive_failures} poll(s) in a row{stale}; next poll later)")

    async def _listing(self, answer: Response) -> Listing:
        """The source's listing, with the listings it points to (a sitemap index's sitemaps, a
        home page's feeds) read into it."""
        listing = read_listing(answer)
        for url in listing.follow[:MAX_FOLLOWED]:
            try:
                followed = read_listing(await self.fetcher.get(url, limit=feed_limit(self.settings)))
            except (FetchError, ListingError) as err:
                say(f"{err}" if isinstance(err, FetchError) else f"{url}: {err}")
                continue
            if listing.kind == PAGE and listing.html is None:  # a home page: what its feeds are
                listing.kind = followed.kind
            listing.entries.extend(followed.entries)
            listing.outlet = listing.outlet or followed.outlet
        return listing

    async def _articles(self, source: Source, listing: Listing, answer: Response) -> Counter:
        counts: Counter = Counter()
        outlet = source.outlet or listing.outlet
        if listing.html is not None and len(answer.body) > self.settings.max_bytes:
            say(f"{answer.url}: page too large ({size(len(answer.body))}; the limit is "
                f"{size(self.settings.max_bytes)}): raise --max-bytes to accept it")
            return Counter({PROBLEM: 1})
        listed = [canonical_url(entry.url) for entry in listing.entries]
        known = self.state.items([url_key(url) for url in listed])  # one look-up for the listing
        done: set[str] = set()
        for entry, url in zip(listing.entries, listed):
            if self.stopping.is_set():
                break
            if url in done:  # listed twice (with other tracking parameters): handled once
                counts[KNOWN] += 1
                continue
            done.add(url)
            page = answer if listing.html is not None else None
            counts[await self.article(source, entry, url, known.get(url_key(url)), outlet, page, listing.html)] += 1
        return counts

    async def article(self, source: Source, entry: Entry, listed: str, known: Optional[Item], outlet: Optional[str],
                      page: Optional[Response], html: Optional[str]) -> str:
        """Fetch, dedupe and store one listed article (`listed`: its canonical URL; `known`: what was
        seen of it); what became of it (NEW, EDITED, KNOWN, PROBLEM, AGAIN)."""
        if page is None and known is not None and (entry.stamp is None or entry.stamp == known.listed_as):
            return KNOWN  # listed as before: not asked for again
        if page is None:
            try:
                page = await self.fetcher.get(entry.url, limit=self.settings.max_bytes,
                                              etag=known.etag if known else None,
                                              last_modified=known.last_modified if known else None)
            except FetchError as err:
                say(str(err))
                if not err.lasting:
                    return AGAIN
                self._set_aside(source, listed, entry)
                return PROBLEM
        if page.unchanged:
            self.state.seen(Seen(url_key(listed), listed, source.id, None, entry.stamp, None, None), now_utc())
            return KNOWN
        if html is None:
            try:
                html = decode_html(page.body, self.settings.encoding).text
            except DecodeError as err:
                say(f"{page.url}: {err}")
                self._set_aside(source, listed, entry)
                return PROBLEM
        return await self._store(source, entry, outlet, page, html, listed)

    def _set_aside(self, source: Source, listed: str, entry: Entry) -> None:
        """Remember an article that cannot be had or read (gone, refused, no article text) as
        listed: it is told once, and tried again only when its listing shows it updated."""
        self.state.seen(Seen(url_key(listed), listed, source.id, None, entry.stamp, None, None), now_utc())

    async def _store(self, source: Source, entry: Entry, outlet: Optional[str], page: Response, html: str,
                     listed: str) -> str:
        declared = declared_canonical(html, page.url)
        url = canonical_url(declared) if declared else listed
        known = self.state.item(url_key(url))
        raw = RawDocument(input=url, html=html, url=url, title=entry.title, published=entry.published,
                          outlet=outlet)
        document = clean_one(raw, self.settings.clean)
        if isinstance(document, InputError):
            say(f"{url}: {document.problem}")
            self._set_aside(source, listed, entry)
            return PROBLEM
        body_hash = document_id(document.body)
        seen = Seen(url_key(url), url, source.id, body_hash, entry.stamp, page.etag, page.last_modified)
        now = now_utc()
        if url != listed:  # the listed URL leads to the same article next time, unfetched
            self.state.seen(Seen(url_key(listed), listed, source.id, body_hash, entry.stamp, page.etag,
                                 page.last_modified), now)
        if known is not None and known.document_id is not None:
            if known.content_hash == body_hash:
                self.state.seen(seen, now)
                return KNOWN
            document.id = known.document_id  # the edited article keeps its document's id
            analysis = await self._analyse(document)
            if analysis is None:
                return PROBLEM
            if await asyncio.to_thread(self.state.edited, seen, analysis, now):
                return EDITED
            document.id = None  # its document was deleted meanwhile: stored anew below
        if body_hash in self.store.stored_ids([body_hash]):
            # The same text under another URL; or stored by a watch that stopped before it recorded it.
            arrival = None if self.state.has_arrival(body_hash) else NEW
            self.state.seen(seen, now, body_hash, arrival=arrival)
            return NEW if arrival else KNOWN
        analysis = await self._analyse(document)
        if analysis is None:
            return PROBLEM
        await asyncio.to_thread(self.store.save, [analysis])
        self.state.seen(seen, now_utc(), analysis.id, arrival=NEW)
        return NEW

    async def _analyse(self, document) -> Optional[Analysis]:
        """The analysis of one cleaned document (None, said, on failure), made with the others
        waiting at the time (analysis.py)."""
        result = await self.analyser.analyse(document)
        if isinstance(result, InputError):
            say(f"{result.source}: {result.problem}")
            return None
        return result

    async def _sleep_until_due(self) -> None:
        due = self.state.next_due(self.sources)
        wait = MAX_SLEEP if due is None else (due - now_utc()).total_seconds()
        try:
            await asyncio.wait_for(self.stopping.wait(), max(0.5, min(wait, MAX_SLEEP)))
        except asyncio.TimeoutError:
            pass


def _stale(health: SourceHealth) -> str:
    return f"; stale: nothing new for {STALE_GAPS} times its usual gap" if health.stale else ""


def say(line: str) -> None:
    print(f"sitrep: {line}", file=sys.stderr, flush=True)


def watch(store: Store, sources: list[Source], politeness: Politeness, settings: Settings, once: bool,
          delivery: Optional[DeliverySettings] = None) -> Totals:
    """Run the watch in an event loop of its own, stopping cleanly on SIGTERM and SIGINT."""

    async def main() -> Totals:
        watcher = Watch(store, sources, politeness, settings, delivery)
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, watcher.stop)
        try:
            return await watcher.run(once)
        finally:
            for number in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(number)

    return asyncio.run(main())
