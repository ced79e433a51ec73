"""Matching newly stored articles against every watchlist, and the alerts that follow.

A watchlist matches an article when the store's own search with the watchlist's filters
finds it: search's conditions and word matching kept to the new document ids (store/search.py
among_query), and its hits read by the same code as search's (page_hits), so an alert lists
the claims a search hit would list. A hit joins its watchlist's alert on the hit's story (a copy is in
its original's story): the first hit of a story makes the alert, later ones (a copy, a later
article, an edited version) add to it and move its `updated`; its status is left to the
analyst.

Two ways in: match_documents (ids just stored: `sitrep ingest`), and match_arrivals (what
`sitrep watch` queued in watch_arrivals past the alerts' cursor, the cursor moved in the
same transaction as the alerts, so a watch killed mid-way loses nothing and alerts once).
A new alert's deliveries (its watchlist's webhook, e-mail) are queued in that transaction too
(outbox.py); an article joining an alert queues none: an alert is delivered once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Optional, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..store import Store
from ..store.engine import IMMEDIATE
from ..store.results import SearchHit
from ..store.schema import ClaimRow
from ..store.search import among_query, page_hits
from ..watch.tables import WatchArrivalRow
from .outbox import enqueue
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
    found: list[Found] = []
    for chunk in _chunks(ids):
        for watchlist in watchlists:
            filters = stored_filters(watchlist.filters)
            rows = session.execute(among_query(filters, full_text, chunk)).all()
            outlets = {row.id: row.outlet_domain or row.outlet for row in rows}
            found += [Found(watchlist.id, hit.story_id or hit.id, hit, outlets[hit.id])
                      for hit in page_hits(session, rows, filters)]
    found.sort(key=_oldest_first)
    return _record(session, found, matched)


def _oldest_first(found: "Found") -> tuple:
    """Within one batch, the story's first article makes the alert: published first, then by id."""
    return (found.hit.published is None, found.hit.published or dt.date.min, found.hit.id)


@dataclass(frozen=True)
class Found:
    """A watchlist's hit on an article, and the story the article is in."""

    watchlist_id: int
    story: str  # a copy is in its original's story
    hit: SearchHit
    outlet: Optional[str]  # its outlet's domain, else its name


def _record(session: Session, found: list[Found], matched: Matched) -> Matched:
    """Join each hit to its watchlist's alert on its story, in a few statements for the whole batch:
    the first hit of a story makes the alert; a later one joins it and moves its `updated`; one
    already in it (an edit) has its claims and why refreshed, `updated` left alone, as an edited
    article does not alert again. Then the outlets and sources of every alert touched are recounted."""
    now = dt.datetime.now(dt.timezone.utc)
    alerts = _alert_ids(session, {(f.watchlist_id, f.story) for f in found})
    members = _members(session, list(alerts.values()))
    keys = _source_keys(session, [f.hit for f in found if not f.hit.copy_of])  # a copy repeats its original's
    made: dict[str, dict] = {}
    joined: list[dict] = []
    refreshed: list[dict] = []
    for f in found:
        alert_id = alerts.get((f.watchlist_id, f.story))
        if alert_id is None:
            alert_id = alerts[(f.watchlist_id, f.story)] = uuid.uuid4().hex
            made[alert_id] = dict(id=alert_id, watchlist_id=f.watchlist_id, story=f.story, title=f.hit.title,
                                  status="new", created_at=now, updated_at=now, outlets=0, sources=0)
        claims = [claim.id for claim in f.hit.claims]
        article = dict(alert_id=alert_id, document_id=f.hit.id, claims=claims, why=_why(f.hit),
                       source_keys=sorted({keys[(f.hit.id, c)] for c in claims if (f.hit.id, c) in keys}))
        known = members.setdefault(alert_id, set())
        if f.hit.id in known:
            refreshed.append(article)
        else:
            joined.append(dict(article, position=len(known), outlet=f.outlet, added_at=now))
            known.add(f.hit.id)
    bumped = {article["alert_id"] for article in joined} - set(made)
    if made:
        session.execute(insert(AlertRow), list(made.values()))  # a concurrent matcher's: IntegrityError, retried
        enqueue(session, [(alert["id"], alert["watchlist_id"]) for alert in made.values()], now)  # the outbox
    if joined:
        session.execute(insert(AlertArticleRow), joined)
    if refreshed:
        session.execute(update(AlertArticleRow), refreshed)  # by primary key (alert, document)
    if bumped:
        session.execute(update(AlertRow).where(AlertRow.id.in_(bumped)).values(updated_at=now))
    _recount(session, {article["alert_id"] for article in joined + refreshed})
    matched.created += len(made)
    matched.updated += len(bumped)
    return matched


def _alert_ids(session: Session, stories: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The ids of the alerts there are on these (watchlist, story) pairs."""
    wanted: dict[int, list[str]] = defaultdict(list)
    for watchlist_id, story in stories:
        wanted[watchlist_id].append(story)
    found: dict[tuple[int, str], str] = {}
    for watchlist_id, names in wanted.items():
        for chunk in _chunks(names):
            stmt = select(AlertRow.story, AlertRow.id).where(AlertRow.watchlist_id == watchlist_id,
                                                             AlertRow.story.in_(chunk))
            found.update({(watchlist_id, story): alert_id for story, alert_id in session.execute(stmt)})
    return found


def _members(session: Session, alert_ids: list[str]) -> dict[str, set[str]]:
    """The articles of these alerts."""
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(alert_ids):
        for alert_id, document_id in session.execute(select(AlertArticleRow.alert_id, AlertArticleRow.document_id)
                                                     .where(AlertArticleRow.alert_id.in_(chunk))):
            found[alert_id].add(document_id)
    return found


def _source_keys(session: Session, hits: list[SearchHit]) -> dict[tuple[str, str], str]:
    """Who vouches for each claim of these hits (claims.source_key: independent sources), by
    (document, claim)."""
    documents = sorted({hit.id for hit in hits if hit.claims})
    found: dict[tuple[str, str], str] = {}
    for chunk in _chunks(documents):
        stmt = select(ClaimRow.document_id, ClaimRow.ref, ClaimRow.source_key).where(ClaimRow.document_id.in_(chunk))
        found.update({(document_id, ref): key for document_id, ref, key in session.execute(stmt) if key})
    return found


def _recount(session: Session, alert_ids: set[str]) -> None:
    """The outlets and independent sources of these alerts, from their articles."""
    outlets: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(alert_ids)):
        stmt = (select(AlertArticleRow.alert_id, AlertArticleRow.outlet, AlertArticleRow.document_id,
                       AlertArticleRow.source_keys).where(AlertArticleRow.alert_id.in_(chunk)))
        for alert_id, outlet, document_id, keys in session.execute(stmt):
            outlets[alert_id].add(outlet or f"doc:{document_id}")
            sources[alert_id].update(keys or [])
    if alert_ids:
        session.execute(update(AlertRow), [dict(id=alert_id, outlets=len(outlets[alert_id]),
                                                sources=len(sources[alert_id])) for alert_id in alert_ids])


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    return (values[i:i + _ID_CHUNK] for i in range(0, len(values), _ID_CHUNK))


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
