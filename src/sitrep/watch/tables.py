"""The watch's tables: the sources it polls, the items it has seen, and what each poll stored.

- `watch_sources`: one row per source URL of a sources file, with its schedule, the
  validators of its last response (ETag, Last-Modified: the next poll asks "changed since?"),
  its lease (which `sitrep watch` process holds it, until when: several processes on one
  PostgreSQL share the sources without polling one twice) and its health (last success, last
  new item, failures in a row, new items counted since it was first polled).
- `watch_items`: one row per article URL seen, by its canonical form (watch/dedup.py), with
  the document it was stored as, the hash of its cleaned body and its own validators: a page
  seen before is asked for with a conditional GET, an unchanged body stores nothing, and a
  changed one (an edit) updates that document instead of making a new one.
- `watch_arrivals`: every document a poll stored ("new") or updated ("edited"), in the order
  stored, written in the same transaction as the document. It is the hook for what follows
  storing (watchlists and alerts, issue 16): read the rows past the last one handled; an
  "edited" arrival updates an alert instead of raising one.

Registered on the store's metadata (store/schema.py imports this module) so migrations and
the schema check see them; migration 0012 creates them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from ..store.schema import KEY_LENGTH, Base

SOURCE_ID_LENGTH = 32


class WatchSourceRow(Base):
    """A source of a sources file (its id: a hash of its URL, watch/sources.py)."""

    __tablename__ = "watch_sources"

    id: Mapped[str] = mapped_column(String(SOURCE_ID_LENGTH), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[Optional[str]] = mapped_column(String(16))  # feed, sitemap or page, once seen
    outlet: Mapped[Optional[str]] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSON)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    etag: Mapped[Optional[str]] = mapped_column(Text)
    last_modified: Mapped[Optional[str]] = mapped_column(Text)
    next_poll_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    lease_owner: Mapped[Optional[str]] = mapped_column(Text)
    lease_until: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    first_polled_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    last_polled_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    first_new_item_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    last_new_item_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))
    new_items: Mapped[int] = mapped_column(Integer, server_default="0")
    consecutive_failures: Mapped[int] = mapped_column(Integer, server_default="0")
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    stale: Mapped[bool] = mapped_column(Boolean, server_default=false())


class WatchItemRow(Base):
    """An article URL seen by a poll, by its canonical form, and the document it is stored as."""

    __tablename__ = "watch_items"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url_key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the canonical URL
    url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str] = mapped_column(String(SOURCE_ID_LENGTH), index=True)
    document_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    content_hash: Mapped[Optional[str]] = mapped_column(String(64))
    listed_as: Mapped[Optional[str]] = mapped_column(Text)  # the feed entry's updated stamp, as given
    etag: Mapped[Optional[str]] = mapped_column(Text)
    last_modified: Mapped[Optional[str]] = mapped_column(Text)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    edits: Mapped[int] = mapped_column(Integer, server_default="0")


class WatchArrivalRow(Base):
    """A document a poll stored or updated: the queue of what the alerts step has to look at."""

    __tablename__ = "watch_arrivals"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(String(KEY_LENGTH), index=True)
    source_id: Mapped[str] = mapped_column(String(SOURCE_ID_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))  # "new" or "edited"
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


Index("ix_watch_sources_due", WatchSourceRow.next_poll_at, WatchSourceRow.lease_until)
