"""Watchlists: saved searches, kept in the store by name.

A watchlist holds the filters of `sitrep search` (store/search.py Filters) and nothing of
its own: it is checked by Filters.build when saved and rebuilt by it when read, so a
watchlist means exactly what the same `sitrep search` means, now and after the filters'
rules change. Only the filters given are kept, dates as ISO text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shlex
from email.utils import parseaddr
from typing import Any, Optional
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store import Store
from ..store.engine import IMMEDIATE
from ..store.search import Filters
from .records import Watchlist, as_utc
from .tables import NAME_LENGTH, AlertRow, WatchlistRow

# Control characters (a terminal's escape sequences among them) have no place in a name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The command-line option of each filter field (`query` is the positional words).
_OPTIONS = {"actor": "--actor", "target": "--target", "place": "--place", "since": "--since", "until": "--until",
            "modality": "--modality", "action": "--action", "band": "--band", "anonymous": "--anonymous",
            "reliable_only": "--reliable-only"}


class WatchlistError(ValueError):
    """A watchlist that cannot be saved as given; the message says what to change."""


class WatchlistTaken(WatchlistError):
    """A watchlist has that name already."""


def filters_record(filters: Filters) -> dict[str, Any]:
    """The filters given (not at their defaults), as JSON values."""
    given = {}
    for field in dataclasses.fields(Filters):
        value = getattr(filters, field.name)
        if value not in (None, False):
            given[field.name] = value.isoformat() if isinstance(value, dt.date) else value
    return given


def stored_filters(record: dict[str, Any]) -> Filters:
    """The Filters of a stored watchlist, checked again by Filters.build."""
    return Filters.build(**record)


def search_command(record: dict[str, Any]) -> str:
    """The `sitrep search` that finds what the watchlist matches, quoted for a POSIX shell."""
    words = ["sitrep", "search"]
    if record.get("query"):
        words.append(shlex.quote(record["query"]))
    for name, option in _OPTIONS.items():
        value = record.get(name)
        if value is True:
            words.append(option)
        elif value:
            words += [option, shlex.quote(str(value))]
    return " ".join(words)


def check_name(name: str) -> str:
    """The name, trimmed; WatchlistError when it is empty, too long or holds control characters."""
    name = name.strip()
    if not name:
        raise WatchlistError("a watchlist needs a name")
    if len(name) > NAME_LENGTH:
        raise WatchlistError(f"a watchlist's name is at most {NAME_LENGTH} characters, not {len(name)}")
    if _CONTROL.search(name):
        raise WatchlistError("a watchlist's name cannot hold control characters (tabs, newlines, escapes)")
    return name


def check_webhook(url: Optional[str]) -> Optional[str]:
    """An http(s) URL with a host, or None; WatchlistError otherwise. (Where it points is checked
    when an alert is delivered, as the watch checks what it fetches.)"""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or _CONTROL.search(url):
        raise WatchlistError(f"the webhook must be an http(s) URL with a host, not {url!r}")
    return url.strip()


def check_email(address: Optional[str]) -> Optional[str]:
    """A plain e-mail address (name@domain), or None; WatchlistError otherwise."""
    if not address:
        return None
    _, parsed = parseaddr(address.strip())
    local, _, domain = parsed.rpartition("@")
    if parsed != address.strip() or not local or "." not in domain or _CONTROL.search(address):
        raise WatchlistError(f"the e-mail must be a plain address such as desk@example.org, not {address!r}")
    return parsed


class Watchlists:
    """The watchlists of one store."""

    def __init__(self, store: Store):
        self.store = store
        self.engine = store.engine

    def add(self, name: str, filters: Filters, *, webhook: Optional[str] = None,
            email: Optional[str] = None) -> Watchlist:
        """Save a watchlist; WatchlistError when the name is taken or nothing would narrow it."""
        name = check_name(name)
        record = filters_record(filters)
        if not record:
            raise WatchlistError("a watchlist needs words or at least one filter (--actor, --place, --action, ...): "
                                 "without any it would alert on every story")
        try:
            self.store.search(**record, limit=1)  # words the full-text engine refuses, refused now
        except ValueError as err:
            raise WatchlistError(str(err)) from None
        row = WatchlistRow(name=name, filters=record, webhook=check_webhook(webhook), email=check_email(email),
                           created_at=dt.datetime.now(dt.timezone.utc))
        try:
            with Session(self.engine.execution_options(**{IMMEDIATE: True}), expire_on_commit=False) as session, \
                    session.begin():
                session.add(row)
        except IntegrityError:
            raise WatchlistTaken(f"there is a watchlist named {name!r} already: remove it first, or pick "
                                 "another name") from None
        return _watchlist(row, 0)

    def list(self) -> list[Watchlist]:
        """Every watchlist, by name, with its count of alerts."""
        counts = (select(AlertRow.watchlist_id, func.count().label("alerts"))
                  .group_by(AlertRow.watchlist_id).subquery())
        stmt = (select(WatchlistRow, func.coalesce(counts.c.alerts, 0))
                .outerjoin(counts, counts.c.watchlist_id == WatchlistRow.id).order_by(WatchlistRow.name))
        with Session(self.engine) as session:
            return [_watchlist(row, alerts) for row, alerts in session.execute(stmt)]

    def remove(self, name: str) -> bool:
        """Delete a watchlist and its alerts; False when there is none by that name."""
        with Session(self.engine.execution_options(**{IMMEDIATE: True})) as session, session.begin():
            found = session.scalar(select(WatchlistRow.id).where(WatchlistRow.name == name.strip()))
            if found is None:
                return False
            session.execute(delete(AlertRow).where(AlertRow.watchlist_id == found))  # and their articles (cascade)
            session.execute(delete(WatchlistRow).where(WatchlistRow.id == found))
            return True


def _watchlist(row: WatchlistRow, alerts: int) -> Watchlist:
    return Watchlist(name=row.name, filters=row.filters, search=search_command(row.filters),
                     webhook=_origin(row.webhook), email=row.email, created=as_utc(row.created_at), alerts=alerts)


def _origin(url: Optional[str]) -> Optional[str]:
    """scheme://host[:port]/… of a URL: enough to recognise it, not its secret path."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"
