"""The alerts inbox: alerts newest first (by when an article last joined), and their triage.

A page of alerts costs two statements whatever its size: the alerts with their watchlists,
then the articles of those alerts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Optional

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from ..ledger.records import ClaimRef
from ..store import Store
from ..store.engine import IMMEDIATE
from .records import STATUSES, Alert, MatchedArticle, as_utc
from .tables import AlertArticleRow, AlertRow, WatchlistRow
from .watchlists import search_command


class UnknownStatus(ValueError):
    """A status that is not one of STATUSES."""


def check_status(status: Optional[str]) -> Optional[str]:
    if status is not None and status not in STATUSES:
        raise UnknownStatus(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    return status


class Inbox:
    """The alerts of one store."""

    def __init__(self, store: Store):
        self.engine = store.engine

    def alerts(self, *, watchlist: Optional[str] = None, status: Optional[str] = None,
               since: Optional[dt.datetime] = None, limit: Optional[int] = 100, offset: int = 0) -> list[Alert]:
        """Alerts newest first (last updated first), of one watchlist, with one status and updated at
        or after `since` (UTC when it names no zone) when given."""
        stmt = _narrowed(select(AlertRow, WatchlistRow.name, WatchlistRow.filters)
                         .join(WatchlistRow, WatchlistRow.id == AlertRow.watchlist_id)
                         .order_by(AlertRow.updated_at.desc(), AlertRow.created_at.desc(), AlertRow.id)
                         .limit(limit).offset(offset), watchlist, status, since)
        with Session(self.engine) as session:
            found = session.execute(stmt).all()
            articles = _articles(session, [row.AlertRow.id for row in found])
        return [_alert(row.AlertRow, row.name, row.filters, articles[row.AlertRow.id]) for row in found]

    def count(self, *, watchlist: Optional[str] = None, status: Optional[str] = None,
              since: Optional[dt.datetime] = None) -> int:
        """How many alerts `alerts` would list with the same filters and no limit (a page's true total)."""
        stmt = _narrowed(select(func.count()).select_from(AlertRow)
                         .join(WatchlistRow, WatchlistRow.id == AlertRow.watchlist_id), watchlist, status, since)
        with Session(self.engine) as session:
            return session.scalar(stmt) or 0

    def alert(self, alert_id: str) -> Optional[Alert]:
        """One alert by its id, or None."""
        stmt = (select(AlertRow, WatchlistRow.name, WatchlistRow.filters)
                .join(WatchlistRow, WatchlistRow.id == AlertRow.watchlist_id).where(AlertRow.id == alert_id))
        with Session(self.engine) as session:
            row = session.execute(stmt).first()
            if row is None:
                return None
            return _alert(row.AlertRow, row.name, row.filters, _articles(session, [alert_id])[alert_id])

    def set_status(self, alert_id: str, status: str) -> Optional[Alert]:
        """Triage: give an alert a status; the alert, or None when there is no such alert."""
        check_status(status)
        with Session(self.engine.execution_options(**{IMMEDIATE: True})) as session, session.begin():
            found = session.scalar(update(AlertRow).where(AlertRow.id == alert_id).values(status=status)
                                   .returning(AlertRow.id))
            if found is None:
                return None
        return self.alert(alert_id)


def _narrowed(stmt: Select, watchlist: Optional[str], status: Optional[str], since: Optional[dt.datetime]) -> Select:
    """The statement kept to one watchlist, one status and alerts updated since a time, each when given."""
    check_status(status)
    if watchlist is not None:
        stmt = stmt.where(WatchlistRow.name == watchlist.strip())
    if status is not None:
        stmt = stmt.where(AlertRow.status == status)
    if since is not None:  # in UTC, as stored: SQLite compares the times as text, ignoring their zones
        stmt = stmt.where(AlertRow.updated_at >= (since.astimezone(dt.timezone.utc) if since.tzinfo else since))
    return stmt


def _articles(session: Session, alert_ids: list[str]) -> dict[str, list[AlertArticleRow]]:
    """The articles of these alerts, each alert's in the order they joined."""
    found: dict[str, list[AlertArticleRow]] = defaultdict(list)
    if alert_ids:
        stmt = (select(AlertArticleRow).where(AlertArticleRow.alert_id.in_(alert_ids))
                .order_by(AlertArticleRow.alert_id, AlertArticleRow.position))
        for row in session.scalars(stmt):
            found[row.alert_id].append(row)
    return found


def _alert(row: AlertRow, watchlist: str, filters: dict, articles: list[AlertArticleRow]) -> Alert:
    return Alert(
        id=row.id, watchlist=watchlist, story=row.story, articles=[a.document_id for a in articles],
        claims=[ClaimRef(article=a.document_id, claim=claim) for a in articles for claim in a.claims],
        status=row.status, created=as_utc(row.created_at), updated=as_utc(row.updated_at), title=row.title,
        outlets=row.outlets, sources=row.sources, why=search_command(filters),
        matched=[MatchedArticle(article=a.document_id, claims=a.claims, why=a.why, added=as_utc(a.added_at))
                 for a in articles])
