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
from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from ..corpus.corroboration import outlet_key, source_key
from ..store import ArticleSummary, Store
from ..store.schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow, PlaceRow, StoryRow, name_key
from ..store.linking import identity_key
from ..store.search import Filters, claim_conditions
from ..store.store import article_summary as summary
from ..store.results import claim_match


# Source keys of articles with no known outlet (corpus/corroboration.py: "outlet:doc:ID",
# "unnamed:doc:ID:officials") and the keys the sources list files them under.
OUTLET_UNKNOWN = "outlet unknown"
OWN_VOICE_NO_OUTLET = source_key(None, None, "")
UNNAMED_NO_OUTLET = f"unnamed:{outlet_key(None, '')}"
OWN_VOICE_UNKNOWN = "outlet:unknown"
UNNAMED_UNKNOWN = "unnamed:unknown:"


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
    """Entities of original articles, one per identity across the store (store/linking.py: the
    KB id, else the normalised full name), with article and claim (as actor) counts; each is
    shown with the name and type most of its mentions' entities have."""
    originals = DocumentRow.copy_of.is_(None)
    articles = func.count(func.distinct(EntityRow.document_id))
    stmt = (select(EntityRow.identity, articles).join(DocumentRow).where(originals)
            .group_by(EntityRow.identity).order_by(articles.desc(), EntityRow.identity)
            .limit(limit).offset(offset))
    with Session(store.engine) as session:
        rows = session.execute(stmt).all()
        identities = [identity for identity, _ in rows]
        names = session.execute(
            select(EntityRow.identity, EntityRow.name, EntityRow.type, func.count()).join(DocumentRow)
            .where(originals, EntityRow.identity.in_(identities))
            .group_by(EntityRow.identity, EntityRow.name, EntityRow.type)).all()
        claims = dict(session.execute(
            select(EntityRow.identity, func.count()).select_from(ClaimRow)
            .join(EntityRow, ClaimRow.actor_entity_pk == EntityRow.pk)
            .join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
            .where(originals, EntityRow.identity.in_(identities)).group_by(EntityRow.identity)).all())
    name_votes: dict[str, Counter] = defaultdict(Counter)
    type_votes: dict[str, Counter] = defaultdict(Counter)
    for identity, name, kind, n in names:
        # the identity's own names ("Donald Trump") before a surname joined to it ("Trump")
        name_votes[identity][(identity_key(name) != identity, name)] += n
        type_votes[identity][(False, kind)] += n
    return [Named(key=_most(name_votes[identity]), name=_most(name_votes[identity]),
                  kind=_most(type_votes[identity]), articles=n, claims=claims.get(identity, 0))
            for identity, n in rows]


def _most(votes: Counter) -> str:
    """Of (joined, value) keys: an own value before a joined one, then the most frequent, then
    the alphabetically first (a stable listing)."""
    joined, value = min(votes, key=lambda key: (key[0], -votes[key], key[1]))
    return value


def sources(store: Store, *, limit: int = 200, offset: int = 0) -> list[Named]:
    """Who vouches for claims (corpus/corroboration.py's source keys), most claims first; the
    voices of articles with no known outlet are listed once, under "outlet unknown"
    (listing_key), not once per article."""
    key = listing_key()
    stmt = (select(key, func.min(ClaimRow.source_name), func.min(DocumentRow.outlet),
                   func.count(func.distinct(ClaimRow.document_id)), func.count())
            .join(DocumentRow).where(DocumentRow.copy_of.is_(None), ClaimRow.source_key.is_not(None))
            .group_by(key).order_by(func.count().desc(), key)
            .limit(limit).offset(offset))
    with Session(store.engine) as session:
        rows = session.execute(stmt).all()
    return [Named(key=key, name=source_title(key, name, outlet), kind=key.split(":", 1)[0], articles=n, claims=c)
            for key, name, outlet, n, c in rows]


def source_title(key: str, name: Optional[str], outlet: Optional[str]) -> str:
    """How a source key reads: a named source by its name, the outlet's own voice as
    "Reuters (own voice)", an unnamed source with its outlet, "officials (Reuters)"; an
    article with no known outlet says "outlet unknown"."""
    kind = key.split(":", 1)[0]
    if kind == "outlet":
        return f"{outlet or OUTLET_UNKNOWN} (own voice)"
    if kind == "unnamed":
        return f"{name} ({outlet or OUTLET_UNKNOWN})"
    return name or key


def listing_key():
    """SQL: the claim's source key as the sources list groups it. An article with no known
    outlet has keys of its own, so that corroboration counts it apart ("outlet:doc:ID",
    "unnamed:doc:ID:officials"); the list files all of them under "outlet:unknown" and
    "unnamed:unknown:officials", taking the article's id out of the key exactly (the key is
    built from it), never by pattern."""
    own = literal(OWN_VOICE_NO_OUTLET) + ClaimRow.document_id
    unnamed = literal(UNNAMED_NO_OUTLET) + ClaimRow.document_id + literal(":")
    return case((ClaimRow.source_key == own, literal(OWN_VOICE_UNKNOWN)),
                (func.substr(ClaimRow.source_key, 1, func.length(unnamed)) == unnamed,
                 literal(UNNAMED_UNKNOWN) + func.substr(ClaimRow.source_key, func.length(unnamed) + 1)),
                else_=ClaimRow.source_key)


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
    """SQL condition: the claim rests on this source key, or, for a key the sources list
    files articles with no known outlet under (listing_key), on the key of any of them."""
    exact = ClaimRow.source_key == key
    if key == OWN_VOICE_UNKNOWN:
        return or_(exact, ClaimRow.source_key == literal(OWN_VOICE_NO_OUTLET) + ClaimRow.document_id)
    if key.startswith(UNNAMED_UNKNOWN):
        description = key[len(UNNAMED_UNKNOWN):]
        own_key = literal(UNNAMED_NO_OUTLET) + ClaimRow.document_id + literal(f":{description}")
        return or_(exact, ClaimRow.source_key == own_key)
    return exact


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
