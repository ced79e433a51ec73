"""Read-only views across stored claims for the analyst's desk: cards, counts, lists.

The Store's search answers "which articles"; the desk asks "which claims", across
articles, with the same filters `sitrep search` has (search.py's Filters and
claim_conditions, reused so a filter means the same thing on every screen).
Copies of an article are left out everywhere: the original speaks for them, and
corroboration counts never include them either. The Store exposes each view as a
method (Store.claim_cards, Store.list_entities, ...); these functions take its session.

A page of claim cards costs a fixed handful of statements, whatever its size: the
page of claims (with what corroboration needs of them), their articles' named claims
(documents.named_claims, never the analysis JSON), their targets, and the same claims
of the whole page (corroborate.supported: one UNION ALL per SUPPORT_BATCH cards), with
the claims that contradict them (store/contradict.py: a few more of the same kind).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any, Literal, Optional, Sequence, get_args

from sqlalchemy import ColumnElement, Row, Select, func, literal, or_, select
from sqlalchemy.orm import Session

from ..corpus.corroboration import outlet_key, source_key
from .corroborate import CLAIM_COLUMNS, claim_targets, of_an_original, supported
from .correction_tables import not_wrong
from .corrections import merged_names
from .linking import identity_key
from .results import (CLAIM_MATCHES, ArticleSummary, ClaimCard, ClaimMatch, Corroboration, Named, Story,
                      article_summary, stored_rating, summary_only)
from .listing import contains_key, name_order, sort_order
from .schema import (ClaimRow, ClaimTargetRow, DocumentRow, EntityIdentityNameRow, EntityRow, PlaceRow, StoryRow,
                     name_key)
from .search import RELIABLE, Filters, claim_conditions
from .source_identity import is_identity
from .sources import claims_resting_on

_ID_CHUNK = 500
# Source keys of articles with no known outlet (corpus/corroboration.py: "outlet:doc:ID",
# "unnamed:doc:ID:officials") and the keys the sources list filed them under (by_source).
OUTLET_UNKNOWN = "outlet unknown"
OWN_VOICE_NO_OUTLET = source_key(None, None, "")
UNNAMED_NO_OUTLET = f"unnamed:{outlet_key(None, '')}"
OWN_VOICE_UNKNOWN = "outlet:unknown"
UNNAMED_UNKNOWN = "unnamed:unknown:"
# What a card reads of its claim row besides what corroboration needs.
_CARD_COLUMNS = (*CLAIM_COLUMNS, ClaimRow.source_named)


def claim_cards(session: Session, filters: Filters, *, story: Optional[str] = None, source: Optional[str] = None,
                limit: Optional[int] = 100, offset: int = 0) -> list[ClaimCard]:
    """Claims passing the filters (and, if given, of this story's articles, resting on this
    source key: by_source), newest article first, each with its corroboration."""
    extra = ([DocumentRow.story_id == story] if story is not None else []) + (
        [by_source(source)] if source is not None else [])
    stmt = (select(*_CARD_COLUMNS).join(DocumentRow).where(*_conditions(filters), *extra)
            .order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.ingested_at.desc(),
                      DocumentRow.id, ClaimRow.pk)
            .limit(limit).offset(offset))
    rows = session.execute(stmt).all()
    if not rows:
        return []
    named = _named_claims(session, sorted({row.id for row in rows}))
    targets = claim_targets(session, [row.pk for row in rows])
    support = supported(session, rows, targets)
    merged = merged_names(session, {row.actor_identity for row in rows})  # an analyst's merge names the actor
    return [_card(row, named[row.id][row.ref], targets.get(row.pk, []), support[(row.id, row.ref)],
                  merged.get(row.actor_identity)) for row in rows]


def claims_per_day(session: Session, filters: Filters) -> list[tuple[dt.date, int]]:
    """How many claims passing the filters each publication day has (undated left out)."""
    stmt = (select(DocumentRow.published, func.count(ClaimRow.pk)).join(DocumentRow)
            .where(*_conditions(filters), DocumentRow.published.is_not(None))
            .group_by(DocumentRow.published).order_by(DocumentRow.published))
    return [(day, count) for day, count in session.execute(stmt) if day is not None]  # (none is: WHERE)


def claims_per_country(session: Session, filters: Filters) -> Counter[str]:
    """Claims per country they are about (a target's country, else the claim's place)."""
    stmt = (select(ClaimRow.pk, ClaimRow.place_country, ClaimTargetRow.country).join(DocumentRow)
            .outerjoin(ClaimTargetRow).where(*_conditions(filters)))
    countries: dict[int, set[str]] = defaultdict(set)
    places: dict[int, Optional[str]] = {}
    for pk, place_country, target_country in session.execute(stmt):
        places[pk] = place_country
        if target_country:
            countries[pk].add(target_country)
    counts: Counter[str] = Counter()
    for pk, place_country in places.items():
        counts.update(countries[pk] or ({place_country} if place_country else set()))
    return counts


def places(session: Session, *, country: Optional[str] = None, limit: Optional[int] = 500,
           offset: int = 0) -> list[Named]:
    """Places of original articles, by name and country, with article and claim counts."""
    stmt = (_place_groups(country)
            .add_columns(func.min(PlaceRow.name), func.min(PlaceRow.kind), func.avg(PlaceRow.lat),
                         func.avg(PlaceRow.lon), func.count(func.distinct(PlaceRow.document_id)))
            .order_by(func.count(func.distinct(PlaceRow.document_id)).desc(), PlaceRow.key)
            .limit(limit).offset(offset))
    rows = session.execute(stmt).all()
    claims = _place_claims(session)
    return [Named(key=k, name=name, country=cc, kind=kind, lat=lat, lon=lon, articles=n,
                  claims=claims.get((k, cc), 0)) for k, cc, name, kind, lat, lon, n in rows]


def count_places(session: Session, *, country: Optional[str] = None) -> int:
    """How many rows places() lists in all, over every page: one statement."""
    return session.scalar(select(func.count()).select_from(_place_groups(country).subquery())) or 0


def _place_groups(country: Optional[str]) -> Select:
    """One row per place (key and country) of original articles, of one country if given."""
    stmt = (select(PlaceRow.key, PlaceRow.country).join(DocumentRow).where(DocumentRow.copy_of.is_(None))
            .group_by(PlaceRow.key, PlaceRow.country))
    return stmt.where(PlaceRow.country == country.upper()) if country else stmt


# How the entity list can be ordered (the first is the default): by the articles naming an
# entity, or by its name (listing.name_order).
EntitySort = Literal["articles", "name"]
ENTITY_SORTS: tuple[EntitySort, ...] = get_args(EntitySort)


def entities(session: Session, *, name: Optional[str] = None, sort: EntitySort = "articles",
             limit: Optional[int] = 200, offset: int = 0) -> list[Named]:
    """Entities of original articles, one per identity across the store (linking.py: the KB id,
    else the normalised full name), with article and claim (as actor) counts; each is shown
    with the name and type most of its mentions' entities have. `name` keeps those with a name
    or alias containing it (any case); `sort` is one of ENTITY_SORTS."""
    originals = _of_originals()
    articles = func.count(func.distinct(EntityRow.document_id))
    alphabetical = name_order(session, func.lower(func.min(EntityRow.name)), EntityRow.identity)
    orders: dict[str, list[ColumnElement[Any]]] = {"articles": [articles.desc()], "name": [alphabetical]}
    stmt = (select(EntityRow.identity, articles).where(originals, *_entities_named(name))
            .group_by(EntityRow.identity).order_by(*sort_order(orders, sort), EntityRow.identity)
            .limit(limit).offset(offset))
    rows = session.execute(stmt).all()
    identities = [identity for identity, _ in rows]
    names = session.execute(
        select(EntityRow.identity, EntityRow.name, EntityRow.type, func.count())
        .where(originals, EntityRow.identity.in_(identities))
        .group_by(EntityRow.identity, EntityRow.name, EntityRow.type)).all()
    claims: dict[str, int] = {identity: n for identity, n in session.execute(
        select(EntityRow.identity, func.count()).select_from(ClaimRow)
        .join(EntityRow, ClaimRow.actor_entity_pk == EntityRow.pk)
        .where(originals, not_wrong(), EntityRow.identity.in_(identities)).group_by(EntityRow.identity))}
    name_votes: dict[str, Counter[tuple[bool, str]]] = defaultdict(Counter)
    type_votes: dict[str, Counter[tuple[bool, str]]] = defaultdict(Counter)
    for identity, name, kind, n in names:
        # the identity's own names ("Donald Trump") before a surname joined to it ("Trump")
        name_votes[identity][(identity_key(name) != identity, name)] += n
        type_votes[identity][(False, kind)] += n
    return [Named(key=_most(name_votes[identity]), name=_most(name_votes[identity]), identity=identity,
                  kind=_most(type_votes[identity]), articles=n, claims=claims.get(identity, 0))
            for identity, n in rows]


def count_entities(session: Session, *, name: Optional[str] = None) -> int:
    """How many entities entities() lists in all, over every page: one statement."""
    stmt = select(func.count(func.distinct(EntityRow.identity))).where(_of_originals(), *_entities_named(name))
    return session.scalar(stmt) or 0


def _of_originals() -> ColumnElement[bool]:
    """SQL condition on EntityRow: of an original article, as the entity carries it and its partial
    index by identity spells it (migration 0019: an identity's originals' entities, not every copy's)."""
    return EntityRow.original.is_(True)


def _entities_named(name: Optional[str]) -> list[ColumnElement[bool]]:
    """SQL conditions on EntityRow: its identity has an entity with a name or alias containing
    `name` (compared as stored names are, schema.name_key); none without a name."""
    if not name or not name_key(name):
        return []
    # each identity's names once (store/identity_names.py), not every entity's name rows
    matching = select(EntityIdentityNameRow.identity).where(contains_key(EntityIdentityNameRow.key, name))
    return [EntityRow.identity.in_(matching)]


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


def by_source(key: str) -> ColumnElement[bool]:
    """SQL condition: the claim rests on this source identity (store/source_identity.py, as the
    sources list keys it), or on this corroboration key (a card's source_key), or, for a key the
    sources list filed articles with no known outlet under before it listed identities
    ("outlet:unknown", "unnamed:unknown:officials"), on the key of any such article (built from
    its id: "outlet:doc:ID", "unnamed:doc:ID:officials")."""
    if is_identity(key):
        return claims_resting_on(key)
    exact = ClaimRow.source_key == key
    if key == OWN_VOICE_UNKNOWN:
        return or_(exact, ClaimRow.source_key == literal(OWN_VOICE_NO_OUTLET) + ClaimRow.document_id)
    if key.startswith(UNNAMED_UNKNOWN):
        description = key[len(UNNAMED_UNKNOWN):]
        own_key = literal(UNNAMED_NO_OUTLET) + ClaimRow.document_id + literal(f":{description}")
        return or_(exact, ClaimRow.source_key == own_key)
    return exact


# How the story list can be ordered (the first is the default): most recently active first, by
# how many articles it holds, or by its title.
StorySort = Literal["recent", "articles", "name"]
STORY_SORTS: tuple[StorySort, ...] = get_args(StorySort)


def stories(session: Session, *, title: Optional[str] = None, sort: StorySort = "recent",
            limit: Optional[int] = 100, offset: int = 0) -> list[Story]:
    """Stories, most recently active first (or as `sort`, one of STORY_SORTS, says); `title`
    keeps those whose title contains it (any case)."""
    by_title = name_order(session, func.lower(func.coalesce(StoryRow.title, StoryRow.id)))
    orders: dict[str, list[ColumnElement[Any]]] = {
        "recent": [StoryRow.last_published.desc().nulls_last()], "articles": [StoryRow.documents.desc()],
        "name": [by_title]}
    stmt = (select(StoryRow).where(*_stories_titled(title)).order_by(*sort_order(orders, sort), StoryRow.id)
            .limit(limit).offset(offset))
    return [_story(row) for row in session.scalars(stmt)]


def count_stories(session: Session, *, title: Optional[str] = None) -> int:
    """How many stories stories() lists in all, over every page: one statement."""
    return session.scalar(select(func.count()).select_from(StoryRow).where(*_stories_titled(title))) or 0


def _stories_titled(title: Optional[str]) -> list[ColumnElement[bool]]:
    """SQL conditions on StoryRow: its title contains `title`, any case; none without one."""
    return [StoryRow.title.icontains(title.strip(), autoescape=True)] if title and title.strip() else []


def story(session: Session, story_id: str) -> Optional[Story]:
    """One story, or None."""
    row = session.get(StoryRow, story_id)
    return _story(row) if row is not None else None


def story_articles(session: Session, story_id: str) -> list[ArticleSummary]:
    """The articles of a story, copies included (they carry copy_of), oldest first."""
    stmt = (select(DocumentRow).options(summary_only()).where(DocumentRow.story_id == story_id)
            .order_by(DocumentRow.published.nulls_last(), DocumentRow.id))
    return [article_summary(row) for row in session.scalars(stmt)]


def _most(votes: Counter[tuple[bool, str]]) -> str:
    """Of (joined, value) keys: an own value before a joined one, then the most frequent, then
    the alphabetically first (a stable listing)."""
    joined, value = min(votes, key=lambda key: (key[0], -votes[key], key[1]))
    return value


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """The claim filters plus the date range and the outlets' rating, on original articles only:
    said of the document (a page newest first starts from the originals' dates,
    ix_documents_originals_published) and of the claim (an actor's claims come from the originals'
    claims of its aliases, ix_claims_actor_original, not from every copy's: migration 0020)."""
    conditions = claim_conditions(filters) + [DocumentRow.copy_of.is_(None), of_an_original()]
    if filters.reliable_only:
        conditions.append(DocumentRow.reliability == RELIABLE)
    if filters.since:
        conditions.append(DocumentRow.published >= filters.since)
    if filters.until:
        conditions.append(DocumentRow.published <= filters.until)
    return conditions


def _named_claims(session: Session, ids: list[str]) -> dict[str, dict[str, ClaimMatch]]:
    """The named claims (documents.named_claims) of these documents, by document and claim id
    (the first claim of a repeated id, as the analysis's own order gives it)."""
    named: dict[str, dict[str, ClaimMatch]] = {}
    for i in range(0, len(ids), _ID_CHUNK):
        for doc, stored in session.execute(select(DocumentRow.id, DocumentRow.named_claims)
                                           .where(DocumentRow.id.in_(ids[i:i + _ID_CHUNK]))):
            claims: dict[str, ClaimMatch] = {}
            for claim in CLAIM_MATCHES.validate_json(stored):
                claims.setdefault(claim.id, claim)
            named[doc] = claims
    return named


def _card(row: Row, claim: ClaimMatch, targets: Sequence[Row], support: Corroboration,
          merged_actor: Optional[str] = None) -> ClaimCard:
    """The card of one claim: its row (_CARD_COLUMNS), named claim, target rows and support; its
    actor named `merged_actor` when an analyst merged it into that entity (store/corrections.py)."""
    country_of = {t.ref: t.country for t in targets if t.country}
    countries = [country_of[t] for t in claim.target if t in country_of]
    if not countries and row.place_country:
        countries = [row.place_country]
    return ClaimCard(
        document_id=row.id, claim=row.ref, title=row.title, outlet=row.outlet,
        outlet_reliability=stored_rating(row.reliability, row.reliability_origin, row.reliability_score,
                                         row.outlet_domain),
        published=row.published,
        text=claim.text, actor=merged_actor or claim.actor_name, action=claim.action, negated=claim.negated,
        targets=claim.target_names, place=claim.place_name, countries=list(dict.fromkeys(countries)),
        modality=claim.modality, band=claim.certainty.band, cue=claim.certainty.cue, source=claim.source_name,
        source_named=row.source_named, source_key=row.source_key, outlets=support.outlets,
        outlets_by_rating=support.outlets_by_rating, sources=support.sources, single_source=support.single_source,
        contradiction=support.contradiction,
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
        for key, country, pk in session.execute(stmt.where(PlaceRow.document_id.in_(originals), not_wrong())):
            claims[(key, country)].add(pk)
    return {k: len(v) for k, v in claims.items()}


def _story(row: StoryRow) -> Story:
    return Story(id=row.id, title=row.title, first_published=row.first_published,
                 last_published=row.last_published, documents=row.documents)
