"""The outbox: alerts waiting to go to their watchlists' webhooks and e-mail addresses.

Why a table and not a send at matching time: a process can die at any moment (SIGKILL, a
power cut). The delivery row is written in the same transaction as the alert (`enqueue`,
called by match.py), so an alert that exists has its deliveries, whatever happens after.
A deliverer then works the rows that are due:

1. `claim` leases them in a transaction of its own: the attempt is counted, the row gets the
   deliverer's name and is not due again until the lease runs out (a second deliverer, in this
   process or another, skips it: `FOR UPDATE SKIP LOCKED` on PostgreSQL, the write lock on SQLite);
2. the alert is sent, outside any transaction;
3. `delivered` marks the row delivered only once the receiver answered 2xx, and commits at once;
   `retry` puts it back with a later due time (exponential backoff), `give_up` marks it failed.

So a receiver that acknowledged an alert, and whose acknowledgement was committed, never gets
it again: a delivered row is never claimed. The one unavoidable gap is a crash after the
receiver's 2xx and before step 3's commit: the alert is sent again, with the same
Idempotency-Key (the alert id), so the receiver can drop it. A deliverer killed between 1 and 3
leaves a lease; a restart on the same machine frees the leases of its dead processes at once
(`reclaim_orphans`), other machines wait for the lease to run out.

One alert, one delivery per receiver: the row is made when the alert is raised, and a later
article joining the alert makes no new row. No update is ever sent; the inbox, the watchlist's
feed and the digest show how an alert grew.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..store import Store
from ..store.engine import IMMEDIATE
from ..watch.state import lease_pid
from .tables import DeliveryRow, WatchlistRow

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"  # a delivery's states
WEBHOOK, EMAIL = "webhook", "email"  # its channels


@dataclass(frozen=True)
class Claimed:
    """A delivery leased to this deliverer: send it, then call delivered, retry or give_up."""

    id: int
    alert_id: str
    channel: str
    receiver: str
    attempts: int  # this one included


def enqueue(session: Session, alerts: Iterable[tuple[str, int]], now: dt.datetime) -> int:
    """Delivery rows for newly raised alerts, given as (alert id, watchlist id): one per receiver
    their watchlists name, due now. In the caller's transaction (the one making the alerts), so
    the alert and its deliveries are stored together or not at all. How many rows were made."""
    alerts = list(alerts)
    watchlist_ids = sorted({watchlist_id for _, watchlist_id in alerts})
    if not watchlist_ids:
        return 0
    receivers = {row.id: row for row in session.execute(
        select(WatchlistRow.id, WatchlistRow.webhook, WatchlistRow.email).where(WatchlistRow.id.in_(watchlist_ids)))}
    rows = []
    for alert_id, watchlist_id in alerts:
        found = receivers.get(watchlist_id)
        for channel, receiver in ((WEBHOOK, found.webhook if found else None), (EMAIL, found.email if found else None)):
            if receiver:
                rows.append(dict(alert_id=alert_id, channel=channel, receiver=receiver, state=PENDING, attempts=0,
                                 next_attempt_at=now, created_at=now))
    if rows:
        session.execute(insert(DeliveryRow), rows)
    return len(rows)


class Outbox:
    """The deliveries of one store, as one deliverer (`owner`, "host:pid:nonce") sees them."""

    def __init__(self, store: Store, owner: str):
        self.engine = store.engine
        self.owner = owner
        self.postgres = store.url.get_backend_name() == "postgresql"

    def _writing(self) -> Session:
        return Session(self.engine.execution_options(**{IMMEDIATE: True}))

    def reclaim_orphans(self, host: str, alive: Callable[[int], bool], now: dt.datetime) -> int:
        """Free the deliveries leased by this host's processes that are gone (killed mid-send),
        due at once; how many. The receiver did not acknowledge them, or it did and the
        acknowledgement was lost with the process: either way they are sent again."""
        with self._writing() as session, session.begin():
            rows = session.execute(select(DeliveryRow.id, DeliveryRow.lease_owner)
                                   .where(DeliveryRow.state == PENDING, DeliveryRow.lease_owner.is_not(None))).all()
            gone = [row.id for row in rows if row.lease_owner.startswith(f"{host}:")
                    and not alive(lease_pid(row.lease_owner))]
            if gone:
                session.execute(update(DeliveryRow).where(DeliveryRow.id.in_(gone))
                                .values(lease_owner=None, next_attempt_at=now))
            return len(gone)

    def claim(self, now: dt.datetime, channels: Iterable[str], lease: dt.timedelta, limit: int = 20,
              exclude: Iterable[int] = ()) -> list[Claimed]:
        """Lease up to `limit` pending deliveries of these channels that are due (earliest first),
        not those in `exclude`, counting the attempt; none is given to two deliverers."""
        channels = list(channels)
        if not channels:
            return []
        stmt = (select(DeliveryRow).where(DeliveryRow.state == PENDING, DeliveryRow.next_attempt_at <= now,
                                          DeliveryRow.channel.in_(channels))
                .order_by(DeliveryRow.next_attempt_at, DeliveryRow.id).limit(limit))
        if exclude:
            stmt = stmt.where(DeliveryRow.id.not_in(list(exclude)))
        if self.postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        with self._writing() as session, session.begin():
            rows = list(session.scalars(stmt))
            for row in rows:
                row.attempts += 1
                row.lease_owner, row.next_attempt_at = self.owner, now + lease
            return [Claimed(row.id, row.alert_id, row.channel, row.receiver, row.attempts) for row in rows]

    def any_due(self, now: dt.datetime, channels: Iterable[str]) -> bool:
        """Whether a delivery of these channels is due: a read, so a watch cycle with nothing to
        send takes no write lock for it."""
        with Session(self.engine) as session:
            return session.scalar(select(DeliveryRow.id).where(
                DeliveryRow.state == PENDING, DeliveryRow.next_attempt_at <= now,
                DeliveryRow.channel.in_(list(channels))).limit(1)) is not None

    def retry_failed(self, now: dt.datetime) -> int:
        """Put the failed deliveries back in the queue, due now with their attempts from zero (the
        receiver was fixed); how many."""
        with self._writing() as session, session.begin():
            return len(session.scalars(update(DeliveryRow).where(DeliveryRow.state == FAILED)
                                       .values(state=PENDING, attempts=0, next_attempt_at=now)
                                       .returning(DeliveryRow.id)).all())

    def delivered(self, claimed: Claimed, now: dt.datetime) -> None:
        """The receiver acknowledged it (2xx, or the SMTP server took the message): never sent again."""
        self._close(claimed, state=DELIVERED, delivered_at=now, last_error=None)

    def retry(self, claimed: Claimed, at: dt.datetime, error: str) -> None:
        """It failed in a way that may pass: due again at `at`."""
        self._close(claimed, next_attempt_at=at, last_error=error)

    def give_up(self, claimed: Claimed, error: str) -> None:
        """It failed for good (refused, or out of attempts): failed, not tried again."""
        self._close(claimed, state=FAILED, last_error=error)

    def _close(self, claimed: Claimed, **values) -> None:
        with self._writing() as session, session.begin():
            session.execute(update(DeliveryRow).where(DeliveryRow.id == claimed.id,
                                                      DeliveryRow.lease_owner == self.owner)
                            .values(lease_owner=None, **values))

    def counts(self, channel: Optional[str] = None) -> Counter:
        """Deliveries by state (of one channel when given)."""
        stmt = select(DeliveryRow.state, func.count()).group_by(DeliveryRow.state)
        if channel is not None:
            stmt = stmt.where(DeliveryRow.channel == channel)
        with Session(self.engine) as session:
            return Counter({state: count for state, count in session.execute(stmt)})
