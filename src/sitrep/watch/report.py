"""Every watched source's health as the store holds it, for the desk's /feeds page.

`sitrep watch` keeps each source's record in `watch_sources` (watch/tables.py); this reads all
of them, whatever sources file listed them, and judges them now by health.py's rules rather than
by the `stale` flag the last poll wrote: a watch that stopped polling leaves its sources going
stale, and the page must say so. The unhealthy come first (failing, then stale), so a long list
opens on what needs a look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import Store
from . import health
from .state import health_record, utc
from .tables import WatchSourceRow


@dataclass(frozen=True)
class WatchedSource:
    """One source's schedule and health, judged at one moment."""

    url: str
    kind: Optional[str]
    outlet: Optional[str]
    tags: list[str]
    interval: dt.timedelta
    last_polled_at: Optional[dt.datetime]
    last_success_at: Optional[dt.datetime]
    last_new_item_at: Optional[dt.datetime]
    next_poll_at: dt.datetime
    new_items: int
    consecutive_failures: int
    items_per_day: float
    failing: bool
    stale: bool
    last_error: Optional[str]

    @property
    def state(self) -> str:
        """One word for the row: failing, stale, waiting (never polled yet) or healthy."""
        if self.failing:
            return "failing"
        if self.stale:
            return "stale"
        return "waiting" if self.last_polled_at is None else "healthy"


_ORDER = {"failing": 0, "stale": 1, "waiting": 2, "healthy": 3}


def watched_sources(store: Store, now: dt.datetime) -> list[WatchedSource]:
    """Every source in the store, judged at `now`: failing first, then stale, not yet polled,
    healthy; within each, by URL."""
    with Session(store.engine) as session:
        rows = list(session.scalars(select(WatchSourceRow)))
    found = [_watched(row, now) for row in rows]
    return sorted(found, key=lambda source: (_ORDER[source.state], source.url))


def _watched(row: WatchSourceRow, now: dt.datetime) -> WatchedSource:
    record = health_record(row)
    return WatchedSource(
        url=row.url, kind=row.kind, outlet=row.outlet, tags=[str(tag) for tag in row.tags or []],
        interval=record.interval, last_polled_at=utc(row.last_polled_at), last_success_at=utc(row.last_success_at),
        last_new_item_at=record.last_new_item_at, next_poll_at=utc(row.next_poll_at) or now,
        new_items=record.new_items, consecutive_failures=record.consecutive_failures,
        items_per_day=health.items_per_day(record, now), failing=health.is_failing(record),
        stale=health.is_stale(record, now), last_error=row.last_error)
