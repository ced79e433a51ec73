"""The REST API under /api: articles, claims, entities, places, sources, stories, search.

Filters are typed in the signatures, so FastAPI turns a bad modality or
date into a 422 before the store is asked; what only the store can judge
(an FTS5 query it rejects, since after until) comes back as a 422 too.
Everything is read-only except POST /api/articles, which exists only when
the server has a token (SITREP_TOKEN) and the request carries it.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from ..model import Analysis, Band, Modality, PloverType
from ..store import (ArticleSummary, ClaimCard, Corroboration, EntitySort, Filters, Named, SearchHit, SourceDetail,
                      SourceSort, SourceSummary, Store, Story, StorySort)
from .auth import require_token
from .ingest import IngestRequest, Ingested, ingest

MAX_LIMIT = 200
# Past any real store, and inside the 64-bit integers databases take for OFFSET.
MAX_OFFSET = 1_000_000_000
# A search is a few words, a name is a few more: longer values are mistakes or attacks,
# refused (422) before they reach the full-text engine.
MAX_QUERY_CHARS = 500
MAX_NAME_CHARS = 200
TARGET = ("what a claim is aimed at: an entity or place name or alias, any case, or an ISO-3166 alpha-2 country "
          "code (its places); a claim filter, so every claim filter given must hold for one claim")
RELIABLE_ONLY = ("only articles (and their claims) whose outlet is rated reliable by Media Bias/Fact Check, NewsGuard "
                 "or Wikipedia's perennial sources: a rating of the outlet, not of the article")

router = APIRouter(prefix="/api", tags=["articles"])


class ArticlePage(BaseModel):
    """One page of stored articles, with the total for paging."""

    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class SearchPage(BaseModel):
    """One page of search hits."""

    limit: int
    offset: int
    items: list[SearchHit]


class ClaimPage(BaseModel):
    """One page of claims across articles."""

    limit: int
    offset: int
    items: list[ClaimCard]


class NamedPage(BaseModel):
    """One page of entities or places, with the total for paging."""

    total: int
    limit: int
    offset: int
    items: list[Named]


class SourcePage(BaseModel):
    """One page of sources, one per identity across the store, with the total for paging."""

    total: int
    limit: int
    offset: int
    items: list[SourceSummary]


class StoryPage(BaseModel):
    """One page of stories, with the total for paging."""

    total: int
    limit: int
    offset: int
    items: list[Story]


class StoryDetail(BaseModel):
    """A story with its articles (copies included, marked) and the claims of its originals."""

    story: Story
    articles: list[ArticleSummary]
    claims: list[ClaimCard]


def store_of(request: Request) -> Store:
    """The Store the app was created with."""
    return request.app.state.store


@router.get("/articles", response_model=ArticlePage)
def list_articles(
    request: Request,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> ArticlePage:
    """Stored articles, newest published first."""
    store = store_of(request)
    return ArticlePage(total=store.count(), limit=limit, offset=offset,
                       items=store.list_articles(limit=limit, offset=offset))


@router.get("/articles/{article_id}", response_model=Analysis)
def get_article(request: Request, article_id: str) -> Analysis:
    """The full analysis of one article (the JSON of the contract)."""
    analysis = store_of(request).get(article_id)
    if analysis is None:
        raise HTTPException(status_code=404, detail=f"no article with id {article_id!r}")
    return analysis


@router.get("/search", response_model=SearchPage)
def search(
    request: Request,
    q: Optional[str] = Query(None, max_length=MAX_QUERY_CHARS,
                             description='words; "phrases", OR, NOT and prefix* work'),
    actor: Optional[str] = Query(None, max_length=MAX_NAME_CHARS,
                                 description="entity or claim actor, name or alias, any case"),
    place: Optional[str] = Query(None, max_length=MAX_NAME_CHARS,
                                 description="ISO-3166 alpha-2 country code or place name"),
    since: Optional[dt.date] = Query(None, description="published on or after (YYYY-MM-DD)"),
    until: Optional[dt.date] = Query(None, description="published on or before (YYYY-MM-DD)"),
    modality: Optional[Modality] = Query(None, description="a claim modality"),
    action: Optional[PloverType] = Query(None, description="a PLOVER event type of a claim"),
    band: Optional[Band] = Query(None, description="an ICD 203 certainty band of a claim"),
    anonymous: bool = Query(False, description="only claims resting on an unnamed source"),
    reliable_only: bool = Query(False, description=RELIABLE_ONLY),
    target: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, description=TARGET),
    support: bool = Query(False, description="give each matched claim's support and contradiction side by side "
                                             "(`corroboration`: independent outlets with ratings, and sources)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> SearchPage:
    """Full text plus structured filters; each hit lists the claims that matched (with `support`,
    how each is corroborated and contradicted)."""
    store = store_of(request)
    try:
        hits = store.search(q, actor=actor, place=place, since=since, until=until,
                            modality=modality, action=action, band=band, anonymous=anonymous,
                            reliable_only=reliable_only, target=target, limit=limit, offset=offset)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None
    return SearchPage(limit=limit, offset=offset, items=store.with_corroboration(hits) if support else hits)


def claim_filters(
    actor: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, description="claim actor, name or alias, any case"),
    place: Optional[str] = Query(None, max_length=MAX_NAME_CHARS,
                                 description="ISO-3166 alpha-2 country code or place name of a target or the place"),
    since: Optional[dt.date] = Query(None, description="published on or after (YYYY-MM-DD)"),
    until: Optional[dt.date] = Query(None, description="published on or before (YYYY-MM-DD)"),
    modality: Optional[Modality] = Query(None, description="a claim modality"),
    action: Optional[PloverType] = Query(None, description="a PLOVER event type"),
    band: Optional[Band] = Query(None, description="an ICD 203 certainty band"),
    anonymous: bool = Query(False, description="only claims resting on an unnamed source"),
    reliable_only: bool = Query(False, description=RELIABLE_ONLY),
    target: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, description=TARGET),
) -> Filters:
    """The claim filters of `sitrep search` as one dependency; 422 when they contradict."""
    try:
        return Filters.build(None, actor, place, since, until, modality, action, band, anonymous, reliable_only,
                             target)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None


@router.get("/claims", response_model=ClaimPage, tags=["claims"])
def list_claims(
    request: Request,
    filters: Filters = Depends(claim_filters),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> ClaimPage:
    """Claims across original articles, newest first, each with its corroboration counts and its
    contradiction beside them (the contradicting claims, counted by independent outlet, with
    ratings, and source)."""
    cards = store_of(request).claim_cards(filters, limit=limit, offset=offset)
    return ClaimPage(limit=limit, offset=offset, items=cards)


@router.get("/articles/{article_id}/claims/{claim_id}/corroboration", response_model=Corroboration, tags=["claims"])
def claim_corroboration(request: Request, article_id: str, claim_id: str) -> Corroboration:
    """Who else asserts this claim, in independent outlets and sources (copies excluded), and
    beside it (`contradiction`) who contradicts it: negations of the same event, the accused's denials."""
    found = store_of(request).corroboration(article_id, claim_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no claim {claim_id!r} in article {article_id!r}")
    return found


@router.get("/entities", response_model=NamedPage, tags=["entities"])
def list_entities(
    request: Request,
    sort: EntitySort = Query("articles", description="most articles first, or by name"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> NamedPage:
    """Entities by canonical name, most articles first; `claims` counts claims they are the actor of;
    `total` counts every page."""
    store = store_of(request)
    return NamedPage(total=store.count_entities(), limit=limit, offset=offset,
                     items=store.list_entities(limit, offset, sort=sort))


@router.get("/places", response_model=NamedPage, tags=["places"])
def list_places(
    request: Request,
    country: Optional[str] = Query(None, pattern="^[A-Za-z]{2}$", description="ISO-3166 alpha-2 code"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> NamedPage:
    """Places by name and country with coordinates, article and claim counts; `total` counts every page."""
    store = store_of(request)
    return NamedPage(total=store.count_places(country), limit=limit, offset=offset,
                     items=store.list_places(country=country, limit=limit, offset=offset))


@router.get("/sources", response_model=SourcePage, tags=["sources"])
def list_sources(
    request: Request,
    sort: SourceSort = Query("claims", description="most claims first, most articles first, or by name"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> SourcePage:
    """Sources across the store, one per identity (a named source by its entity or name, so "Donald
    Trump" and a later "Trump" are one; an unnamed one by its outlet, role and affiliation; an
    outlet's own voice), with their articles, outlets, claims and quotes; most claims first;
    `total` counts every page."""
    store = store_of(request)
    return SourcePage(total=store.count_sources(), limit=limit, offset=offset,
                      items=store.list_sources(limit, offset, sort=sort))


@router.get("/sources/{identity:path}", response_model=SourceDetail, tags=["sources"])
def get_source(request: Request, identity: str) -> SourceDetail:
    """One source by its identity (as /api/sources gives it): its articles, newest first, the claims
    resting on it with their corroboration, and the record of the forecasts it made."""
    found = store_of(request).source(identity, limit=MAX_LIMIT)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no source with identity {identity!r}")
    return found


@router.get("/stories", response_model=StoryPage, tags=["stories"])
def list_stories(
    request: Request,
    sort: StorySort = Query("recent", description="most recently active first, most articles first, or by title"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> StoryPage:
    """Stories (articles about one event), most recently active first; `total` counts every page."""
    store = store_of(request)
    return StoryPage(total=store.count_stories(), limit=limit, offset=offset,
                     items=store.list_stories(limit, offset, sort=sort))


@router.get("/stories/{story_id}", response_model=StoryDetail, tags=["stories"])
def get_story(request: Request, story_id: str) -> StoryDetail:
    """One story: its articles and the claims of its original articles."""
    store = store_of(request)
    found = store.story(story_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no story with id {story_id!r}")
    claims = store.claim_cards(story=story_id, limit=MAX_LIMIT)
    return StoryDetail(story=found, articles=store.story_articles(story_id), claims=claims)


@router.post("/articles", response_model=Ingested, status_code=201, tags=["articles"],
             dependencies=[Depends(require_token)],
             responses={401: {"description": "missing or wrong token"},
                        403: {"description": "the server is read-only (no SITREP_TOKEN)"}})
def post_article(request: Request, document: IngestRequest) -> Ingested:
    """Analyse one posted document and store it (idempotent: the same body is stored once).
    Needs `Authorization: Bearer <SITREP_TOKEN>`."""
    return ingest(store_of(request), document)
