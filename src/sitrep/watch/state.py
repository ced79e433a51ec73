"""The watch's state in the store: sources and their leases and health, items seen, arrivals.

Each call is one short transaction. Leases make several `sitrep watch` processes on one
PostgreSQL share the sources: a process claims the sources that are due and not leased
(`SELECT ... FOR UPDATE SKIP LOCKED`: rows another process is claiming at that moment are
skipped, not waited for), polls them, and gives each back with its next poll time. A process
that dies leaves its leases to run out (LEASE), after which another takes them. On SQLite the
claim runs under BEGIN IMMEDIATE, which lets one writer in at a time, so two processes on one
file never claim the same source either; but SQLite serves one machine, and one process per
store is what it is made for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..model import Analysis
from ..store import Store
from ..store.edits import replace_document
from ..store.engine import IMMEDIATE
from . import health
from .sources import Source
from .tables import WatchArrivalRow, WatchItemRow, WatchSourceRow

LEASE = dt.timedelta(minutes=15)
_KEYS_PER_QUERY = 500  # far under every database's limit on bound values
NEW, EDITED = "new", "edited"


def utc(value: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """A stored time as UTC (SQLite keeps no zone; sitrep writes UTC)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Claimed:
    """A source leased to this process for one poll, with what the last poll left."""

    source: Source
    kind: Optional[str]
    etag: Optional[str]
    last_modified: Optional[str]


@dataclass(frozen=True)
class Item:
    """An article URL seen before: the document it is, its body's hash, its validators."""

    document_id: Optional[str]
    content_hash: Optional[str]
    listed_as: Optional[str]
    etag: Optional[str]
    last_modified: Optional[str]


@dataclass(frozen=True)
class Seen:
    """An article URL as fetched now, to record."""

    url_key: str
    url: str
    source_id: str
    content_hash: Optional[str]
    listed_as: Optional[str]
    etag: Optional[str]
    last_modified: Optional[str]


@dataclass(frozen=True)
class Arrival:
    """A document a poll stored or updated (watch/tables.py WatchArrivalRow)."""

    pk: int
    document_id: str
    source_id: str
    kind: str  # NEW or EDITED
    stored_at: dt.datetime


@dataclass(frozen=True)
class SourceHealth:
    url: str
    kind: Optional[str]
    last_success_at: Optional[dt.datetime]
    last_new_item_at: Optional[dt.datetime]
    consecutive_failures: int
    items_per_day: float
    stale: bool
    last_error: Optional[str]


class WatchState:
    """The watch tables of one store, for one process (`owner` names its leases)."""

    def __init__(self, store: Store, owner: str):
        self.store = store
        self.engine = store.engine
        self.owner = owner
        self.postgres = store.url.get_backend_name() == "postgresql"

    def _writing(self) -> Session:
        return Session(self.engine.execution_options(**{IMMEDIATE: True}))

    def sync(self, sources: list[Source], now: dt.datetime) -> None:
        """Add the file's new sources (due now) and update the schedule, outlet and tags of known
        ones; sources no longer in the file are left as they are (another file may list them)."""
        try:
            self._sync(sources, now)
        except IntegrityError:  # another process added one of them meanwhile
            self._sync(sources, now)

    def _sync(self, sources: list[Source], now: dt.datetime) -> None:
        with self._writing() as session, session.begin():
            known = {row.id: row for row in session.scalars(
                select(WatchSourceRow).where(WatchSourceRow.id.in_([s.id for s in sources])))}
            for source in sources:
                row = known.get(source.id)
                if row is None:
                    session.add(WatchSourceRow(id=source.id, url=source.url, outlet=source.outlet,
                                               tags=list(source.tags), interval_seconds=round(source.interval),
                                               next_poll_at=now, new_items=0, consecutive_failures=0, stale=False))
                    continue
                row.outlet, row.tags = source.outlet, list(source.tags)
                if row.interval_seconds != round(source.interval):
                    row.interval_seconds = round(source.interval)
                    row.next_poll_at = min(utc(row.next_poll_at) or now,
                                           now + dt.timedelta(seconds=source.interval))

    def reclaim_orphans(self, host: str, alive: Callable[[int], bool]) -> int:
        """Free the leases of this host's processes that are gone (killed, crashed), so a restart
        polls their sources at once rather than when the leases run out; how many were freed.
        Owners are named "host:pid:nonce" (loop.process_name)."""
        with self._writing() as session, session.begin():
            rows = session.execute(select(WatchSourceRow.id, WatchSourceRow.lease_owner)
                                   .where(WatchSourceRow.lease_owner.is_not(None))).all()
            gone = [row.id for row in rows
                    if row.lease_owner.startswith(f"{host}:") and not alive(lease_pid(row.lease_owner))]
            if gone:
                session.execute(update(WatchSourceRow).where(WatchSourceRow.id.in_(gone))
                                .values(lease_owner=None, lease_until=None))
            return len(gone)

    def claim(self, sources: list[Source], now: dt.datetime, limit: int = 50) -> list[Claimed]:
        """Lease the given sources that are due and not leased by anyone (earliest due first)."""
        by_id = {source.id: source for source in sources}
        table = WatchSourceRow
        stmt = (select(table).where(table.id.in_(list(by_id)), table.next_poll_at <= now,
                                    or_(table.lease_until.is_(None), table.lease_until < now))
                .order_by(table.next_poll_at, table.id).limit(limit))
        if self.postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        with self._writing() as session, session.begin():
            rows = list(session.scalars(stmt))
            for row in rows:
                row.lease_owner, row.lease_until = self.owner, now + LEASE
            return [Claimed(by_id[row.id], row.kind, row.etag, row.last_modified) for row in rows]

    def next_due(self, sources: list[Source]) -> Optional[dt.datetime]:
        """When the earliest of these sources can next be polled: when it is due, or when another
        process's lease on it runs out (None when there are none)."""
        with Session(self.engine) as session:
            rows = session.execute(select(WatchSourceRow.next_poll_at, WatchSourceRow.lease_until)
                                   .where(WatchSourceRow.id.in_([s.id for s in sources]))).all()
        times = [max(filter(None, (utc(due), utc(lease)))) for due, lease in rows]
        return min(times, default=None)

    def release(self, source: Source) -> None:
        """Give a source back unpolled (the watch is stopping): due again at once for anyone."""
        with self._writing() as session, session.begin():
            session.execute(update(WatchSourceRow).where(WatchSourceRow.id == source.id,
                                                         WatchSourceRow.lease_owner == self.owner)
                            .values(lease_owner=None, lease_until=None))

    def finish(self, source: Source, now: dt.datetime, *, error: Optional[str], new_items: int = 0,
               kind: Optional[str] = None, etag: Optional[str] = None,
               last_modified: Optional[str] = None) -> SourceHealth:
        """Record a poll (failed when `error` is given), schedule the next, give the lease back."""
        with self._writing() as session, session.begin():
            row = session.get(WatchSourceRow, source.id)
            assert row is not None, "a claimed source has its row"
            row.first_polled_at = utc(row.first_polled_at) or now
            row.last_polled_at = now
            if error is None:
                row.last_success_at, row.consecutive_failures, row.last_error = now, 0, None
                row.kind = kind or row.kind
                row.etag, row.last_modified = etag, last_modified
            else:
                row.consecutive_failures += 1
                row.last_error = error
            if new_items:
                row.first_new_item_at = utc(row.first_new_item_at) or now
                row.last_new_item_at = now
                row.new_items += new_items
            record = health_record(row)
            row.stale = health.is_stale(record, now)
            row.next_poll_at = health.next_poll(now, record.interval, row.consecutive_failures)
            row.lease_owner, row.lease_until = None, None
            return _health(row, record, now)

    def item(self, url_key: str) -> Optional[Item]:
        return self.items([url_key]).get(url_key)

    def items(self, url_keys: list[str]) -> dict[str, Item]:
        """The URLs seen before among these, by key: a listing's entries in a query per 500."""
        found: dict[str, Item] = {}
        with Session(self.engine) as session:
            for i in range(0, len(url_keys), _KEYS_PER_QUERY):
                for row in session.scalars(select(WatchItemRow)
                                           .where(WatchItemRow.url_key.in_(url_keys[i:i + _KEYS_PER_QUERY]))):
                    found[row.url_key] = Item(row.document_id, row.content_hash, row.listed_as, row.etag,
                                              row.last_modified)
        return found

    def has_arrival(self, document_id: str) -> bool:
        with Session(self.engine) as session:
            return session.scalar(select(WatchArrivalRow.pk).where(WatchArrivalRow.document_id == document_id)
                                  .limit(1)) is not None

    def seen(self, seen: Seen, now: dt.datetime, document_id: Optional[str] = None,
             arrival: Optional[str] = None) -> None:
        """Record an article URL as fetched (mapped to `document_id` when given), and an arrival
        of that document when `arrival` says one ("new")."""
        try:
            self._seen(seen, now, document_id, arrival)
        except IntegrityError:  # another process recorded the URL meanwhile (two feeds list it)
            self._seen(seen, now, document_id, arrival)

    def _seen(self, seen: Seen, now: dt.datetime, document_id: Optional[str], arrival: Optional[str]) -> None:
        with self._writing() as session, session.begin():
            self._write_seen(session, seen, now, document_id)
            if arrival is None or document_id is None:
                return
            announced = session.scalar(select(WatchArrivalRow.pk).where(WatchArrivalRow.document_id == document_id,
                                                                        WatchArrivalRow.kind == arrival).limit(1))
            if announced is None:  # a document is announced new once, whichever feeds list it
                session.add(WatchArrivalRow(document_id=document_id, source_id=seen.source_id, kind=arrival,
                                            stored_at=now))

    def edited(self, seen: Seen, analysis: Analysis, now: dt.datetime) -> bool:
        """Put the edited article's analysis in place of its document and record it, in one
        transaction; False (nothing written) when the document is no longer stored."""
        with self._writing() as session, session.begin():
            if replace_document(session, analysis) is None:
                return False
            self._write_seen(session, seen, now, analysis.id, edit=True)
            session.add(WatchArrivalRow(document_id=analysis.id, source_id=seen.source_id, kind=EDITED,
                                        stored_at=now))
            return True

    @staticmethod
    def _write_seen(session: Session, seen: Seen, now: dt.datetime, document_id: Optional[str],
                    edit: bool = False) -> None:
        row = session.scalar(select(WatchItemRow).where(WatchItemRow.url_key == seen.url_key))
        if row is None:
            row = WatchItemRow(url_key=seen.url_key, url=seen.url, source_id=seen.source_id, first_seen_at=now,
                               edits=0)
            session.add(row)
        row.last_fetched_at = now
        row.listed_as = seen.listed_as or row.listed_as
        if seen.content_hash is not None:
            row.content_hash, row.etag, row.last_modified = seen.content_hash, seen.etag, seen.last_modified
        if document_id is not None:
            row.document_id = document_id
        if edit:
            row.edits = (row.edits or 0) + 1

    def arrivals_after(self, pk: int = 0, limit: int = 500) -> list[Arrival]:
        """The documents polls stored ("new") or updated ("edited") after arrival `pk`, in order:
        what follows storing (watchlists, alerts) reads these past the last one it handled."""
        with Session(self.engine) as session:
            rows = session.scalars(select(WatchArrivalRow).where(WatchArrivalRow.pk > pk)
                                   .order_by(WatchArrivalRow.pk).limit(limit))
            return [Arrival(row.pk, row.document_id, row.source_id, row.kind, utc(row.stored_at) or row.stored_at)
                    for row in rows]

    def health(self, sources: list[Source], now: dt.datetime) -> list[SourceHealth]:
        """Each of these sources' health, in the order given (those never polled left out)."""
        with Session(self.engine) as session:
            rows = {row.id: row for row in session.scalars(
                select(WatchSourceRow).where(WatchSourceRow.id.in_([s.id for s in sources])))}
        return [_health(rows[s.id], health_record(rows[s.id]), now) for s in sources
                if s.id in rows and rows[s.id].last_polled_at is not None]


def lease_pid(owner: str) -> int:
    """The process id in a lease owner's name (loop.process_name: "host:pid:nonce"; 0 when there is
    none: never taken for alive). The watch's source leases and the alert outbox's use it."""
    parts = owner.split(":")
    return int(parts[-2]) if len(parts) >= 3 and parts[-2].isdigit() else 0


def health_record(row: WatchSourceRow) -> health.Record:
    """What health.py judges of a source, read off its row (the watch's polls and the /feeds page)."""
    return health.Record(interval=dt.timedelta(seconds=row.interval_seconds),
                         first_polled_at=utc(row.first_polled_at), first_new_item_at=utc(row.first_new_item_at),
                         last_new_item_at=utc(row.last_new_item_at), new_items=row.new_items or 0,
                         consecutive_failures=row.consecutive_failures or 0)


def _health(row: WatchSourceRow, record: health.Record, now: dt.datetime) -> SourceHealth:
    return SourceHealth(url=row.url, kind=row.kind, last_success_at=utc(row.last_success_at),
                        last_new_item_at=record.last_new_item_at, consecutive_failures=record.consecutive_failures,
                        items_per_day=health.items_per_day(record, now), stale=health.is_stale(record, now),
                        last_error=row.last_error)
