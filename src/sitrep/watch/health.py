"""A source's health: when to poll it next, how often it brings something new, whether it went stale.

A poll that fails (after the fetcher's own retries) counts one more failure in a row, and the
next poll waits longer: the interval doubled per failure, up to BACKOFF_LIMIT times it (and no
more than a day). A source is stale when it is failing, or when it brought no new item for
STALE_GAPS times its usual gap: the mean time between its new items so far, or its polling
interval while it has brought fewer than two (a feed that publishes hourly and fell silent for
a day is news; a weekly one is not).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

FAILING_AFTER = 1  # failed polls in a row (each retried by the fetcher) that make a source failing
STALE_GAPS = 3
BACKOFF_LIMIT = 32
BACKOFF_CAP = dt.timedelta(days=1)


@dataclass(frozen=True)
class Record:
    """What the store keeps of a source's polls (watch/tables.py WatchSourceRow)."""

    interval: dt.timedelta
    first_polled_at: Optional[dt.datetime]
    first_new_item_at: Optional[dt.datetime]
    last_new_item_at: Optional[dt.datetime]
    new_items: int
    consecutive_failures: int


def next_poll(now: dt.datetime, interval: dt.timedelta, failures: int) -> dt.datetime:
    """When to poll again: after the interval, doubled for each failure in a row (capped)."""
    if failures <= 0:
        return now + interval
    factor = min(2 ** failures, BACKOFF_LIMIT)
    return now + max(interval, min(interval * factor, BACKOFF_CAP))


def usual_gap(record: Record) -> dt.timedelta:
    """The mean time between the source's new items, or its interval while it has had fewer than two."""
    if record.new_items >= 2 and record.first_new_item_at and record.last_new_item_at:
        gap = (record.last_new_item_at - record.first_new_item_at) / (record.new_items - 1)
        return max(gap, record.interval)
    return record.interval


def is_failing(record: Record) -> bool:
    return record.consecutive_failures >= FAILING_AFTER


def is_stale(record: Record, now: dt.datetime) -> bool:
    """Failing, or nothing new for STALE_GAPS usual gaps (counted from its first poll when it
    never brought anything)."""
    if is_failing(record):
        return True
    since = record.last_new_item_at or record.first_polled_at
    return since is not None and now - since > STALE_GAPS * usual_gap(record)


def items_per_day(record: Record, now: dt.datetime) -> float:
    """New items per day since the first poll (a first day counts whole)."""
    if record.first_polled_at is None:
        return 0.0
    days = max((now - record.first_polled_at) / dt.timedelta(days=1), 1.0)
    return record.new_items / days
