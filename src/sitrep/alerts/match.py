"""Matching newly stored articles against every watchlist, and the alerts that follows.

A watchlist matches an article when the store's own search with the watchlist's filters
finds it: the statement `sitrep search` runs (store/search.py), restricted to the new
document ids, and its hits read by the same code (page_hits), so an alert lists the claims
a search hit would list. A hit joins its watchlist's alert on the hit's story (a copy is in
its original's story): the first hit of a story makes the alert, later ones (a copy, a later
article, an edited version) add to it and move its `updated`; its status is left to the
analyst.

Two ways in: match_documents (ids just stored: `sitrep ingest`), and match_arrivals (what
`sitrep watch` queued in watch_arrivals past the alerts' cursor, the cursor moved in the
same transaction as the alerts, so a watch killed mid-way loses nothing and alerts once).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Optional, Sequence

from sqlalchemy import Row, Select, func, literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store import Store
from ..store.engine import IMMEDIATE
from ..store.results import SearchHit
from ..store.schema import ClaimRow, DocumentRow
from ..store.search import (HIT_COLUMNS, Filters, date_conditions, document_conditions, documents_query,
                            page_hits)
from ..watch.tables import WatchArrivalRow
from .tables import AlertArticleRow, AlertCursorRow, AlertRow, WatchlistRow
from .watchlists import stored_filters

ARRIVALS = "watch_arrivals"  # the cursor's name: the queue it reads
_ID_CHUNK = 500  # ids per statement, under the databases' limits on bound values
_WHY_CLAIMS = 3  # claims named in an article's `why`, the rest counted


@dataclass
class Matched:
    """What one round of matching did."""

    documents: int = 0
    created: int = 0
    updated: int = 0

    def add(self, other: "Matched") -> None:
        self.documents += other.documents
        self.created += other.created
        self.updated += other.updated


def match_documents(store: Store, document_ids: Iterable[str]) -> Matched:
    """Match these stored documents against every watchlist, making or updating alerts; one
    transaction (tried again once when a concurrent matcher made the same story's alert first)."""
    ids = list(dict.fromkeys(document_ids))
    try:
        return _match_once(store, ids)
    except IntegrityError:
        return _match_once(store, ids)


def match_arrivals(store: Store, batch: int = _ID_CHUNK) -> Matched:
    """Match what `sitrep watch` stored or updated since the last call (watch_arrivals past the
    cursor), `batch` arrivals per transaction, until none is left. Safe to call from several
    processes: on PostgreSQL the cursor row is locked for the transaction, on SQLite the
    transaction takes the write lock."""
    total = Matched()
    while True:
        try:
            done = _arrivals_once(store, batch)
        except IntegrityError:
            done = _arrivals_once(store, batch)
        if done is None:
            return total
        total.add(done)


def _match_once(store: Store, ids: list[str]) -> Matched:
    with _writing(store) as session, session.begin():
        return _match(session, store.full_text, ids)


def _arrivals_once(store: Store, batch: int) -> Optional[Matched]:
    """One batch of arrivals matched and the cursor moved past it; None when none was waiting."""
    with _writing(store) as session, session.begin():
        cursor = session.scalars(select(AlertCursorRow).where(AlertCursorRow.name == ARRIVALS)
                                 .with_for_update()).one()
        arrivals = session.execute(select(WatchArrivalRow.pk, WatchArrivalRow.document_id)
                                   .where(WatchArrivalRow.pk > cursor.position)
                                   .order_by(WatchArrivalRow.pk).limit(batch)).all()
        if not arrivals:
            return None
        matched = _match(session, store.full_text, list(dict.fromkeys(a.document_id for a in arrivals)))
        cursor.position = arrivals[-1].pk
        return matched


def _writing(store: Store) -> Session:
    return Session(store.engine.execution_options(**{IMMEDIATE: True}))


def _match(session: Session, full_text: str, ids: list[str]) -> Matched:
    """Every watchlist's hits among these documents, each joined to its alert."""
    matched = Matched(documents=len(ids))
    watchlists = session.scalars(select(WatchlistRow).order_by(WatchlistRow.id)).all()
    if not ids or not watchlists:
        return matched
    now = dt.datetime.now(dt.timezone.utc)
    for chunk in (ids[i:i + _ID_CHUNK] for i in range(0, len(ids), _ID_CHUNK)):
        for watchlist in watchlists:
            filters = stored_filters(watchlist.filters)
            rows = session.execute(hits_among(filters, full_text, chunk)).all()
            outlets = {row.id: row.outlet_domain or row.outlet for row in rows}
            for hit in sorted(page_hits(session, rows, filters), key=_oldest_first):
                created = _join(session, watchlist, hit, outlets[hit.id], now)
                if created is not None:
                    matched.created += created
                    matched.updated += not created
    return matched


def hits_among(filters: Filters, full_text: str, ids: Sequence[str]) -> Select:
    """SELECT (HIT_COLUMNS, snippet) of the documents among `ids` that the search with these
    filters finds: with words, the very statement of `sitrep search` (store/search.py
    documents_query) kept to these ids; without, its conditions as search's first page
    probes them (walk_query), one indexed look-up per document rather than sets over the store."""
    if filters.query:
        return documents_query(filters, full_text).where(DocumentRow.id.in_(ids))
    return select(*HIT_COLUMNS, literal_column("''").label("snippet")).where(
        DocumentRow.id.in_(ids), *date_conditions(filters), *document_conditions(filters, probe=True))


def _oldest_first(hit: SearchHit) -> tuple:
    """Within one batch, the story's first article makes the alert: published first, then by id."""
    return (hit.published is None, hit.published or dt.date.min, hit.id)


def _join(session: Session, watchlist: WatchlistRow, hit: SearchHit, outlet: Optional[str],
          now: dt.datetime) -> Optional[bool]:
    """Add the hit to its story's alert of this watchlist: True when that made the alert, False
    when it joined one, None when it was in it already (an edit: its claims and why refreshed,
    `updated` left alone, as an edited article does not alert again)."""
    story = hit.story_id or hit.id
    alert = session.scalar(select(AlertRow).where(AlertRow.watchlist_id == watchlist.id, AlertRow.story == story))
    made = alert is None
    if alert is None:
        alert = AlertRow(id=uuid.uuid4().hex, watchlist_id=watchlist.id, story=story, title=hit.title, status="new",
                         created_at=now, updated_at=now, outlets=0, sources=0)
        session.add(alert)
        session.flush()  # a concurrent matcher's alert on this story fails here, and the round is retried
    claims = [claim.id for claim in hit.claims]
    keys = [] if hit.copy_of else _source_keys(session, hit.id, claims)  # a copy repeats its original's sources
    article = session.get(AlertArticleRow, (alert.id, hit.id))
    if article is not None:
        article.claims, article.source_keys, article.why = claims, keys, _why(hit)
        joined: Optional[bool] = None
    else:
        position = session.scalar(select(func.count()).where(AlertArticleRow.alert_id == alert.id)) or 0
        session.add(AlertArticleRow(alert_id=alert.id, document_id=hit.id, position=position, outlet=outlet,
                                    claims=claims, source_keys=keys, why=_why(hit), added_at=now))
        alert.updated_at = now
        joined = made
    session.flush()
    _recount(session, alert)
    return joined


def _source_keys(session: Session, document_id: str, claims: list[str]) -> list[str]:
    """Who vouches for these claims of a document (claims.source_key: independent sources)."""
    if not claims:
        return []
    keys = session.scalars(select(ClaimRow.source_key).where(ClaimRow.document_id == document_id,
                                                              ClaimRow.ref.in_(claims)))
    return sorted({key for key in keys if key})


def _recount(session: Session, alert: AlertRow) -> None:
    """The alert's outlets and independent sources, from its articles."""
    rows: Sequence[Row] = session.execute(select(AlertArticleRow.outlet, AlertArticleRow.document_id,
                                                 AlertArticleRow.source_keys)
                                          .where(AlertArticleRow.alert_id == alert.id)).all()
    alert.outlets = len({row.outlet or f"doc:{row.document_id}" for row in rows})
    alert.sources = len({key for row in rows for key in row.source_keys or []})


def _why(hit: SearchHit) -> str:
    """Why an article matched, in words: its claims that matched, else the names it mentions,
    else its words and dates."""
    if hit.claims:
        described = [f"{c.id} ({' '.join(filter(None, [c.actor_name, c.action, ', '.join(c.target_names)]))})"
                     for c in hit.claims[:_WHY_CLAIMS]]
        more = f" and {len(hit.claims) - _WHY_CLAIMS} more" if len(hit.claims) > _WHY_CLAIMS else ""
        return f"claims {', '.join(described)}{more} match"
    if hit.mentions:
        names = list(dict.fromkeys(m.name for m in hit.mentions))
        return f"it names {', '.join(names)}"
    return "its words and dates match"
