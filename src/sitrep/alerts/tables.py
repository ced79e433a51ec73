"""The tables of watchlists and alerts (migration 0014).

- `watchlists`: a saved search by name: the filters of `sitrep search` as JSON (only those
  given), and where its alerts go besides the inbox (a webhook URL, an e-mail address).
- `alerts`: one per story per watchlist (unique): a copy or a later article of a story a
  watchlist already alerted on joins that alert instead of raising another. Its status is
  the analyst's triage; `outlets` and `sources` count what carries it so far.
- `alert_articles`: the articles of an alert, each with the claims that matched and why, in
  the order they joined. No foreign key to `documents`: an edited article is written again
  under its id (store/edits.py deletes and re-inserts it), and its alert must outlive that.
- `alert_cursor`: how far the alerts step has read `watch_arrivals` (sitrep/watch): the
  arrivals past it are matched, and the cursor moves in the same transaction as the alerts
  they make, so a watch killed mid-way neither loses an arrival nor alerts on one twice.
- `alert_deliveries` (migration 0016): the outbox. One row per alert per receiver (its
  watchlist's webhook URL or e-mail address), written in the same transaction as the alert, so
  a crash cannot lose it; unique on (alert, channel, receiver), so an alert is sent to a
  receiver once. alerts/outbox.py leases, retries and closes them.

Registered on the store's metadata (store/schema.py imports this module).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..store.schema import KEY_LENGTH, Base

NAME_LENGTH = 200
ALERT_ID_LENGTH = 32


class WatchlistRow(Base):
    """A saved search that raises alerts."""

    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)  # search.Filters fields given, dates as ISO text
    webhook: Mapped[Optional[str]] = mapped_column(Text)
    email: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AlertRow(Base):
    """A watchlist's alert on one story."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("watchlist_id", "story", name="uq_alerts_watchlist_story"),)

    id: Mapped[str] = mapped_column(String(ALERT_ID_LENGTH), primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id", ondelete="CASCADE"))
    story: Mapped[str] = mapped_column(String(KEY_LENGTH))
    title: Mapped[Optional[str]] = mapped_column(Text)  # its first article's
    status: Mapped[str] = mapped_column(String(16))
    outlets: Mapped[int] = mapped_column(Integer, server_default="0")
    sources: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class AlertArticleRow(Base):
    """An article of an alert, with the claims of it that matched and why it matched."""

    __tablename__ = "alert_articles"

    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # order of joining, from 0
    outlet: Mapped[Optional[str]] = mapped_column(Text)  # the outlet's domain, else its name
    claims: Mapped[list[Any]] = mapped_column(JSON)  # claim ids ("c3") that matched
    source_keys: Mapped[list[Any]] = mapped_column(JSON)  # who vouches for those claims (claims.source_key)
    why: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AlertCursorRow(Base):
    """How far a reader of an append-only queue got (one row: "watch_arrivals")."""

    __tablename__ = "alert_cursor"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


Index("ix_alerts_watchlist_updated", AlertRow.watchlist_id, AlertRow.updated_at)
Index("ix_alert_articles_document", AlertArticleRow.document_id)


class DeliveryRow(Base):
    """An alert to deliver to one receiver, and how far that got (alerts/outbox.py)."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "channel", "receiver", name="uq_alert_deliveries_receiver"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))  # "webhook" or "email"
    receiver: Mapped[str] = mapped_column(Text)  # the URL or the address, as the watchlist had it
    state: Mapped[str] = mapped_column(String(16))  # "pending", "delivered" or "failed"
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    # When it may next be tried; while a deliverer holds it, when its lease runs out.
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[Optional[str]] = mapped_column(String(NAME_LENGTH))  # "host:pid:nonce" while sending
    delivered_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[Optional[str]] = mapped_column(Text)  # what went wrong, receiver named by its origin only
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


Index("ix_alert_deliveries_due", DeliveryRow.state, DeliveryRow.next_attempt_at)
