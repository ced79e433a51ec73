"""Making forecasts and meeting them, as articles are stored; and the rescan that rebuilds the ledger.

`record` runs inside the save transaction, after the batch's rows are written
(store/store.py), on each new article in turn, as if they were saved one by
one:

1. each predicted, planned or threatened claim (not negated) is a forecast,
   unless the same claim (action, actor, places: facts.ClaimFacts.signature)
   is a forecast of the article's story already (the same claim in a copy, or
   in another outlet's report of the same story): then it is one more claim
   making that forecast, not a new forecast;
2. each occurred claim (not negated) is an occurrence, one row per key;
3. each new forecast looks for occurrences that meet it, each new occurrence
   for forecasts it meets: the same action; the forecast's actor (any actor
   when the forecast names none, but an occurrence with no actor meets no
   forecast that names one); a key in common (a target or place in the same
   country, the same entity target, or the event word of a forecast that
   names neither); the event's days inside the horizon; an article published
   after the forecast's (by day; by the time stored when either is undated);
   and never the forecast's own article or a copy of it (the same original).

A forecast keeps at most RESOLUTIONS_KEPT reports as its evidence (the
claims that met it first, as they were stored); once it has them its keys
leave `forecast_keys`, so later reports no longer meet it or even read it.
Its status needs one report, the evidence a few: counting every further match
would take the very look-ups the cap saves (a report of an attack in a
country otherwise meets every open forecast of one there, without end). The
status does not depend on the order articles arrive in (a forecast at the
cap has happened already); which reports it keeps does.

The look-ups are index ranges (tables.py) bounded by the action, key, actor
and horizon: one per new forecast (stopping at the cap), and one for all the
occurred claims of an article (a join from its own occurrence rows), so an
article's cost is its own claims and the matches they make, at most the cap
per forecast over its life, not the size of the store.

A forecast that names no actor and no place, only its event word ("an attack
is likely"), is kept in the ledger but has no keys: nothing in a store of
reports can confirm so vague a forecast, so it becomes "not seen" when its
horizon ends.

`rebuild` empties the ledger's tables and records every stored article again,
in the order they were stored (within one save, originals before copies, then
by id: the order `record` sees a batch in), so a rescan gives the same ledger
as storing the articles did, and brings an old store's ledger to the current
rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Iterable, Sequence

from sqlalchemy import (CompoundSelect, Connection, Date, DateTime, Row, Select, and_, bindparam, delete, func, insert,
                        or_, select, union_all, update)
from sqlalchemy.orm import Session

from ..store.schema import DocumentRow, EntityRow
from .facts import ClaimFacts, DocumentFacts, claim_facts, forecast_id
from .horizon import Interval, event_interval, horizon
from .tables import ForecastClaimRow, ForecastKeyRow, ForecastResolutionRow, ForecastRow, OccurrenceRow

# Documents read per step of a rescan.
RESCAN_PAGE = 200
# The reports a forecast keeps as its evidence (README: "the forecast ledger"); past them it is not looked up.
RESOLUTIONS_KEPT = 5
_ID_CHUNK = 500


def record_prepared(session: Session, batch: Sequence[Any]) -> None:
    """Record the articles of a linked, written batch (store/rows.PreparedDocument): their
    forecasts, occurrences and what they meet."""
    articles = []
    for prepared in sorted(batch, key=lambda d: (d.document["copy_of"] is not None, d.id)):
        row = prepared.document
        identities = {entity["ref"]: entity.get("identity") or "" for entity in prepared.entities}
        articles.append((_document(row["id"], row["copy_of"], row["story_id"], row["published"], row["ingested_at"],
                                   row["outlet"]), claim_facts(row["analysis"], identities)))
    record(session, articles)


def record(session: Session, articles: Iterable[tuple[DocumentFacts, list[ClaimFacts]]]) -> None:
    """Record each article's forecasts and occurrences, in order, and resolve what they meet."""
    for document, claims in articles:
        _record_article(session, document, claims)


def rebuild(session: Session) -> int:
    """Empty the ledger and record every stored article again, in stored order; the number of
    forecasts made."""
    for table in (ForecastResolutionRow, ForecastClaimRow, ForecastKeyRow, OccurrenceRow, ForecastRow):
        session.execute(delete(table))
    order = session.execute(select(DocumentRow.id, DocumentRow.ingested_at, DocumentRow.copy_of)).all()
    ids = [id for id, _, _ in sorted(order, key=lambda r: (_utc(r[1]), r[2] is not None, r[0]))]
    for i in range(0, len(ids), RESCAN_PAGE):
        page = ids[i:i + RESCAN_PAGE]
        rows = {row.id: row for row in session.execute(
            select(DocumentRow.id, DocumentRow.copy_of, DocumentRow.story_id, DocumentRow.published,
                   DocumentRow.ingested_at, DocumentRow.outlet, DocumentRow.analysis)
            .where(DocumentRow.id.in_(page)))}
        identities: dict[str, dict[str, str]] = {id: {} for id in page}
        for document_id, ref, identity in session.execute(
                select(EntityRow.document_id, EntityRow.ref, EntityRow.identity)
                .where(EntityRow.document_id.in_(page))):
            identities[document_id][ref] = identity
        record(session, [
            (_document(row.id, row.copy_of, row.story_id, row.published, row.ingested_at, row.outlet),
             claim_facts(row.analysis or {}, identities[row.id]))
            for id in page if (row := rows.get(id)) is not None])
    return session.query(ForecastRow).count()


def _document(id: str, copy_of, story, published, ingested_at, outlet) -> DocumentFacts:
    return DocumentFacts(id=id, original=copy_of or id, story=story, published=published,
                         ingested_at=_utc(ingested_at), outlet=outlet)


def _utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time (SQLite gives them back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


class _NewForecast:
    """A forecast made by this article: its row, its keys and its horizon."""

    def __init__(self, document: DocumentFacts, claim: ClaimFacts):
        self.document = document
        self.claim = claim
        self.id = forecast_id(document.id, claim.ref)
        self.horizon = horizon(claim.time, document.day)
        # nothing can confirm a forecast with no actor and no place, only an event word
        checkable = bool(claim.keys) and (claim.actor is not None or not all(k.startswith("w:") for k in claim.keys))
        self.keys = claim.keys if checkable else ()

    def row(self) -> dict[str, Any]:
        d, c = self.document, self.claim
        from ..store.schema import name_key

        return dict(id=self.id, document_id=d.id, claim_ref=c.ref, story_id=d.story, signature=c.signature,
                    original=d.original, published=d.published, ingested_at=d.ingested_at, text=c.text,
                    source=c.source, source_key=c.source_key, source_name=name_key(c.source) if c.source else None,
                    outlet=d.outlet, outlet_key=d.outlet_key, action=c.action, actor=c.actor_name,
                    actor_identity=c.actor, targets=list(c.targets), modality=c.modality, band=c.band,
                    horizon_from=self.horizon.start, horizon_until=self.horizon.end, resolutions=0)


def _record_article(session: Session, document: DocumentFacts, claims: list[ClaimFacts]) -> None:
    connection = session.connection()
    predictions = [claim for claim in claims if claim.is_forecast]
    made = _story_forecasts(connection, document, predictions)  # signature -> forecast id, story and article
    new: list[_NewForecast] = []
    mentions: list[dict[str, Any]] = []
    for claim in predictions:
        existing = made.get(claim.signature)
        if existing is None:
            forecast = _NewForecast(document, claim)
            new.append(forecast)
            existing = made[claim.signature] = forecast.id
        mentions.append({"forecast_id": existing, "document_id": document.id, "claim_ref": claim.ref})
    occurred = [(claim, event_interval(claim.time, document.day)) for claim in claims if claim.is_occurrence]
    if new:
        connection.execute(insert(ForecastRow.__table__), [f.row() for f in new])
    if mentions:
        connection.execute(insert(ForecastClaimRow.__table__), mentions)
    occurrences = [{"document_id": document.id, "claim_ref": claim.ref, "original": document.original,
                    "action": claim.action, "key": key, "actor": claim.actor, "day_from": days.start,
                    "day_until": days.end, "published": document.published, "ingested_at": document.ingested_at}
                   for claim, days in occurred for key in claim.occurrence_keys]
    if occurrences:  # an occurred claim with no target, place or event word has no key to be found by
        connection.execute(insert(OccurrenceRow.__table__), occurrences)
    met: dict[tuple[str, str, str], Interval] = {}
    kept: Counter[str] = Counter()  # forecast -> reports it keeps after this article
    for forecast in new:
        for row in _occurrences_meeting(connection, forecast):
            met[(forecast.id, row.document_id, row.claim_ref)] = Interval(row.day_from, row.day_until)
            kept[forecast.id] += 1
    keys = [{"forecast_id": f.id, "action": f.claim.action, "key": key, "actor": f.claim.actor,
             "horizon_from": f.horizon.start, "horizon_until": f.horizon.end}
            for f in new if kept[f.id] < RESOLUTIONS_KEPT for key in f.keys]
    if keys:  # a forecast met RESOLUTIONS_KEPT times already is never looked up
        connection.execute(insert(ForecastKeyRow.__table__), keys)
    full: set[str] = set()
    if occurrences:
        order = {claim.ref: i for i, (claim, _) in enumerate(occurred)}
        rows = connection.execute(_MET[document.published is not None], {
            "document": document.id, "original": document.original, "published": document.published,
            "ingested": document.ingested_at}).all()
        for row in sorted(rows, key=lambda r: (order[r.claim_ref], r.forecast_id)):
            found = (row.forecast_id, document.id, row.claim_ref)
            if found in met:  # the same claim under another key
                continue
            if row.resolutions + kept[row.forecast_id] >= RESOLUTIONS_KEPT:  # as an older store may hold
                full.add(row.forecast_id)
                continue
            met[found] = Interval(row.day_from, row.day_until)
            kept[row.forecast_id] += 1
            if row.resolutions + kept[row.forecast_id] >= RESOLUTIONS_KEPT:
                full.add(row.forecast_id)
    if met:
        connection.execute(insert(ForecastResolutionRow.__table__), [
            {"forecast_id": f, "document_id": d, "claim_ref": c, "day_from": days.start, "day_until": days.end}
            for (f, d, c), days in met.items()])
        counts = Counter(f for f, _, _ in met)
        connection.execute(_COUNT_RESOLUTIONS, [{"forecast": f, "added": n} for f, n in sorted(counts.items())])
    if full:  # they have their evidence: no later report needs to find them
        connection.execute(delete(ForecastKeyRow).where(ForecastKeyRow.forecast_id.in_(sorted(full))))


def _story_forecasts(connection: Connection, document: DocumentFacts, claims: list[ClaimFacts]) -> dict[str, str]:
    """The forecasts these claims already make in the article's story: signature -> forecast id."""
    if document.story is None or not claims:
        return {}
    return {signature: id for signature, id in connection.execute(
        _STORY_FORECASTS, {"story": document.story, "signatures": sorted({c.signature for c in claims})})}


def _occurrences_meeting(connection: Connection, forecast: _NewForecast) -> Sequence[Row]:
    """The occurred claims (document, claim, days) that meet a new forecast, RESOLUTIONS_KEPT at most."""
    if not forecast.keys:
        return []
    d, c = forecast.document, forecast.claim
    stmt = _MEETING[(c.actor is not None, d.published is not None)]
    return connection.execute(stmt, {"action": c.action, "keys": list(forecast.keys), "actor": c.actor,
                                     "start": forecast.horizon.start, "end": forecast.horizon.end,
                                     "original": d.original, "published": d.published,
                                     "ingested": d.ingested_at}).all()


# The look-ups, built once with bound parameters (building a statement per claim costs more than
# running it): by whether the claim has an actor and its article a publication date.
def _meeting_statement(actor: bool, published: bool) -> Select:
    o = OccurrenceRow
    conditions = [o.action == bindparam("action"), o.key.in_(bindparam("keys", expanding=True)),
                  o.day_until >= bindparam("start", type_=Date), o.day_from <= bindparam("end", type_=Date),
                  o.original != bindparam("original")]
    if actor:
        conditions.append(o.actor == bindparam("actor"))
    ingested = bindparam("ingested", type_=DateTime(timezone=True))
    if published:
        conditions.append(or_(o.published > bindparam("published", type_=Date),
                              and_(o.published.is_(None), o.ingested_at > ingested)))
    else:
        conditions.append(o.ingested_at > ingested)
    return (select(o.document_id, o.claim_ref, o.day_from, o.day_until).where(*conditions).distinct()
            .limit(RESOLUTIONS_KEPT))


def _met_statement(published: bool) -> CompoundSelect:
    """The forecasts the occurred claims of one article meet, from the article's own occurrence rows:
    each row's (action, key) and actor (or a forecast naming none), its days inside the horizon."""
    o, k, f = OccurrenceRow, ForecastKeyRow, ForecastRow
    ingested = bindparam("ingested", type_=DateTime(timezone=True))
    if published:
        earlier = or_(f.published < bindparam("published", type_=Date),
                      and_(f.published.is_(None), f.ingested_at < ingested))
    else:
        earlier = f.ingested_at < ingested

    def meeting(who: Any) -> Select:
        return (select(k.forecast_id, o.claim_ref, o.day_from, o.day_until, f.resolutions)
                .select_from(o)
                .join(k, and_(k.action == o.action, k.key == o.key, who, k.horizon_until >= o.day_from,
                              k.horizon_from <= o.day_until))
                .join(f, f.id == k.forecast_id)
                .where(o.document_id == bindparam("document"), f.original != bindparam("original"), earlier))

    return union_all(meeting(k.actor.is_(None)), meeting(k.actor == o.actor))


_MEETING = {(a, p): _meeting_statement(a, p) for a in (True, False) for p in (True, False)}
_MET = {p: _met_statement(p) for p in (True, False)}
_COUNT_RESOLUTIONS = (update(ForecastRow.__table__).where(ForecastRow.__table__.c.id == bindparam("forecast"))
                      .values(resolutions=ForecastRow.__table__.c.resolutions + bindparam("added")))
_STORY_FORECASTS = (select(ForecastRow.signature, func.min(ForecastRow.id))
                    .where(ForecastRow.story_id == bindparam("story"),
                           ForecastRow.signature.in_(bindparam("signatures", expanding=True)))
                    .group_by(ForecastRow.signature))
