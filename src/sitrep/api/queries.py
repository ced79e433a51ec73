"""Read-only views across stored claims for the analyst's desk: cards, counts, lists.

The Store answers "which articles"; the desk asks "which claims", across
articles, with the same filters `sitrep search` has (store/search.py's
Filters and claim_conditions, reused so a filter means the same thing on
every screen). Copies of an article are left out everywhere: the original
speaks for them, and corroboration counts never include them either.
Queries only read, through the Store's engine and the tables of store/schema.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Iterable, Optional

import pycountry
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store import ArticleSummary, Store
from ..store.schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow, PlaceRow, StoryRow, name_key
from ..store.search import Filters, claim_conditions
from ..store.store import article_summary as summary
from ..store.results import claim_match


class ClaimCard(BaseModel):
    """One claim as the desk shows it: what, how surely, on whose word, how corroborated."""

    document_id: str
    claim: str = Field(description="the claim's id within its article (c1, c2, ...)")
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    text: str
    actor: Optional[str] = None
    action: str
    negated: bool = False
    targets: list[str] = Field(default_factory=list)
    place: Optional[str] = None
    countries: list[str] = Field(default_factory=list, description="ISO alpha-2 of its targets, else of its place")
    modality: str
    band: str
    cue: Optional[str] = None
    source: Optional[str] = Field(None, description="who says it; null: the outlet's own voice")
    source_named: Optional[bool] = None
    source_key: Optional[str] = None
    outlets: int = Field(1, description="independent outlets asserting the same")
    sources: int = Field(1, description="independent sources asserting the same")
    single_source: bool = True


class Named(BaseModel):
    """A name with how many articles and claims it appears in (entity, source or place list)."""

    key: str
    name: str
    kind: Optional[str] = None
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    articles: int = 0
    claims: int = 0


class Story(BaseModel):
    """A cluster of articles about one event."""

    id: str
    title: Optional[str] = None
    first_published: Optional[dt.date] = None
    last_published: Optional[dt.date] = None
    documents: int = 0


def country_name(code: Optional[str]) -> str:
    """A readable name for an ISO alpha-2 code ("RU" -> "Russian Federation" is pycountry's
    official form; its common name is preferred where it has one)."""
    if not code:
        return "No country"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def claim_cards(store: Store, filters: Filters, *, limit: int = 100, offset: int = 0,
                extra: Iterable = ()) -> list[ClaimCard]:
    """Claims passing the filters, newest article first, each with its corroboration.

    `extra` adds SQL conditions (an entity, a source, a story) to the filters'.
    """
    stmt = (select(ClaimRow.document_id, ClaimRow.ref, ClaimRow.source_key)
            .join(DocumentRow).where(*_conditions(filters), *extra)
            .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.ingested_at.desc(),
                      DocumentRow.id, ClaimRow.pk)
            .limit(limit).offset(offset))
    with Session(store.engine) as session:
        rows = session.execute(stmt).all()
        documents = _documents(session, {doc for doc, _, _ in rows})
    return [_card(store, documents[doc], ref, key) for doc, ref, key in rows]


def claims_per_day(store: Store, filters: Filters) -> list[tuple[dt.date, int]]:
    """How many claims passing the filters each publication day has (undated left out)."""
    stmt = (select(DocumentRow.published, func.count(ClaimRow.pk)).join(DocumentRow)
            .where(*_conditions(filters), DocumentRow.published.is_not(None))
            .group_by(DocumentRow.published).order_by(DocumentRow.published))
    with Session(store.engine) as session:
        return [(day, count) for day, count in session.execute(stmt)]


def country_counts(store: Store, filters: Filters) -> Counter:
    """Claims per country they are about (a target's country, else the claim's place)."""
    stmt = (select(ClaimRow.pk, ClaimRow.place_country, ClaimTargetRow.country).join(DocumentRow)
            .outerjoin(ClaimTargetRow).where(*_conditions(filters)))
    countries: dict[int, set[str]] = defaultdict(set)
    places: dict[int, Optional[str]] = {}
    with Session(store.engine) as session:
        for pk, place_country, target_country in session.execute(stmt):
            places[pk] = place_country
            if target_country:
                countries[pk].add(target_country)
    counts: Counter = Counter()
    for pk, place_country in places.items():
        counts.update(countries[pk] or ({place_country} if place_country else set()))
    return counts


def places(store: Store, *, country: Optional[str] = None, limit: int = 500, offset: int = 0) -> list[Named]:
    """Places of original articles, by name and country, with article and claim counts."""
    key = (PlaceRow.key, PlaceRow.country)
    stmt = (select(PlaceRow.key, func.min(PlaceRow.name), PlaceRow.country, func.min(PlaceRow.kind),
                   func.avg(PlaceRow.lat), func.avg(PlaceRow.lon), func.count(func.distinct(PlaceRow.document_id)))
            .join(DocumentRow).where(DocumentRow.copy_of.is_(None))
            .group_by(*key).order_by(func.count(func.distinct(PlaceRow.document_id)).desc(), PlaceRow.key)
            .limit(limit).offset(offset))
    if country:
        stmt = stmt.where(PlaceRow.country == country.upper())
    with Session(store.engine) as session:
        rows = session.execute(stmt).all()
        claims = _place_claims(session)
    return [Named(key=k, name=name, country=cc, kind=kind, lat=lat, lon=lon, articles=n,
                  claims=claims.get((k, cc), 0)) for k, name, cc, kind, lat, lon, n in rows]


def entities(store: Store, *, limit: int = 200, offset: int = 0) -> list[Named]:
    """Entities of original articles by canonical name, with article and claim (as actor) counts.

    Claims are counted by the actor's name key, as `--actor` matches them."""
    articles = func.count(func.distinct(EntityRow.document_id))
    stmt = (select(EntityRow.name, func.min(EntityRow.type), articles)
            .join(DocumentRow).where(DocumentRow.copy_of.is_(None))
            .group_by(EntityRow.name).order_by(articles.desc(), EntityRow.name)
            .limit(limit).offset(offset))
    actors = (select(ClaimRow.actor_key, func.count()).join(DocumentRow)
              .where(DocumentRow.copy_of.is_(None)).group_by(ClaimRow.actor_key))
    with Session(store.engine) as session:
        rows = session.execute(stmt).all()
        claims = dict(session.execute(actors).all())
    return [Named(key=name, name=name, kind=kind, articles=n, claims=claims.get(name_key(name), 0))
            for name, kind, n in rows]


def sources(store: Store, *, limit: int = 200, offset: int = 0) -> list[Named]:
    """Who vouches for claims (corpus/corroboration.py's source keys), most claims first."""
    stmt = (select(ClaimRow.source_key, func.min(ClaimRow.source_name), func.min(DocumentRow.outlet),
                   func.count(func.distinct(ClaimRow.document_id)), func.count())
            .join(DocumentRow).where(DocumentRow.copy_of.is_(None), ClaimRow.source_key.is_not(None))
            .group_by(ClaimRow.source_key).order_by(func.count().desc(), ClaimRow.source_key)
            .limit(limit).offset(offset))
    with Session(store.engine) as session:
        rows = session.execute(stmt).all()
    return [Named(key=key, name=name or f"{outlet or 'the outlet'} (own voice)", kind=key.split(":", 1)[0],
                  articles=n, claims=c) for key, name, outlet, n, c in rows]


def stories(store: Store, *, limit: int = 100, offset: int = 0) -> list[Story]:
    """Stories, most recently active first."""
    stmt = (select(StoryRow).order_by(StoryRow.last_published.desc().nulls_last(), StoryRow.id)
            .limit(limit).offset(offset))
    with Session(store.engine) as session:
        return [_story(row) for row in session.scalars(stmt)]


def story(store: Store, story_id: str) -> Optional[Story]:
    """One story, or None."""
    with Session(store.engine) as session:
        row = session.get(StoryRow, story_id)
        return _story(row) if row is not None else None


def story_articles(store: Store, story_id: str) -> list[ArticleSummary]:
    """The articles of a story, copies included (they carry copy_of), oldest first."""
    stmt = (select(DocumentRow).where(DocumentRow.story_id == story_id)
            .order_by(DocumentRow.published.nulls_last(), DocumentRow.id))
    with Session(store.engine) as session:
        return [summary(row) for row in session.scalars(stmt)]


def in_story(story_id: str):
    """SQL condition: the claim's article belongs to the story."""
    return DocumentRow.story_id == story_id


def by_source(key: str):
    """SQL condition: the claim rests on this source key."""
    return ClaimRow.source_key == key


def _conditions(filters: Filters) -> list:
    """The claim filters plus the date range, on original articles only."""
    conditions = claim_conditions(filters) + [DocumentRow.copy_of.is_(None)]
    if filters.since:
        conditions.append(DocumentRow.published >= filters.since)
    if filters.until:
        conditions.append(DocumentRow.published <= filters.until)
    return conditions


def _documents(session: Session, ids: set[str]) -> dict[str, DocumentRow]:
    """The document rows with these ids, by id."""
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids)))}


def _card(store: Store, document: DocumentRow, ref: str, source_key: Optional[str]) -> ClaimCard:
    """The card of claim `ref` of a stored document, corroboration included."""
    analysis = document.analysis
    claim = next(c for c in analysis["claims"] if c["id"] == ref)
    named = claim_match(claim, analysis)
    records = {r["id"]: r for r in analysis.get("places", [])}
    countries = [records[t]["country"] for t in claim["target"] if records.get(t, {}).get("country")]
    if not countries and records.get(claim.get("place"), {}).get("country"):
        countries = [records[claim["place"]]["country"]]
    source = next((s for s in analysis.get("sources", []) if s["id"] == claim.get("source")), None)
    support = store.corroboration(document.id, ref)
    return ClaimCard(
        document_id=document.id, claim=ref, title=document.title, outlet=document.outlet,
        published=document.published, text=claim["text"], actor=named.actor_name, action=claim["action"],
        negated=claim.get("negated", False), targets=named.target_names, place=named.place_name,
        countries=list(dict.fromkeys(countries)), modality=claim["modality"], band=claim["certainty"]["band"],
        cue=claim["certainty"].get("cue"), source=named.source_name,
        source_named=source["named"] if source else None, source_key=source_key,
        outlets=support.outlets if support else 1, sources=support.sources if support else 1,
        single_source=support.single_source if support else True,
    )


def _place_claims(session: Session) -> dict[tuple[str, Optional[str]], int]:
    """Claims set in or aimed at each place (by key and country), originals only."""
    own = (select(PlaceRow.key, PlaceRow.country, ClaimRow.pk)
           .join(ClaimRow, (ClaimRow.document_id == PlaceRow.document_id) & (ClaimRow.place_ref == PlaceRow.ref)))
    aimed = (select(PlaceRow.key, PlaceRow.country, ClaimRow.pk)
             .join(ClaimRow, ClaimRow.document_id == PlaceRow.document_id)
             .join(ClaimTargetRow, (ClaimTargetRow.claim_pk == ClaimRow.pk) & (ClaimTargetRow.ref == PlaceRow.ref)))
    originals = select(DocumentRow.id).where(DocumentRow.copy_of.is_(None))
    claims: dict[tuple[str, Optional[str]], set[int]] = defaultdict(set)
    for stmt in (own, aimed):
        for key, country, pk in session.execute(stmt.where(PlaceRow.document_id.in_(originals))):
            claims[(key, country)].add(pk)
    return {k: len(v) for k, v in claims.items()}


def _story(row: StoryRow) -> Story:
    return Story(id=row.id, title=row.title, first_published=row.first_published,
                 last_published=row.last_published, documents=row.documents)
