"""The read-only REST API under /api: list, fetch and search stored analyses.

Filters are typed in the signatures, so FastAPI turns a bad modality or
date into a 422 before the store is asked; what only the store can judge
(an FTS5 query it rejects, since after until) comes back as a 422 too.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from ..model import Analysis, Band, Modality, PloverType
from ..store import ArticleSummary, SearchHit, Store

MAX_LIMIT = 200

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


def store_of(request: Request) -> Store:
    """The Store the app was created with."""
    return request.app.state.store


@router.get("/articles", response_model=ArticlePage)
def list_articles(
    request: Request,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
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
    q: Optional[str] = Query(None, description='words; "phrases", OR, NOT and prefix* work'),
    actor: Optional[str] = Query(None, description="entity or claim actor, name or alias, any case"),
    place: Optional[str] = Query(None, description="ISO-3166 alpha-2 country code or place name"),
    since: Optional[dt.date] = Query(None, description="published on or after (YYYY-MM-DD)"),
    until: Optional[dt.date] = Query(None, description="published on or before (YYYY-MM-DD)"),
    modality: Optional[Modality] = Query(None, description="a claim modality"),
    action: Optional[PloverType] = Query(None, description="a PLOVER event type of a claim"),
    band: Optional[Band] = Query(None, description="an ICD 203 certainty band of a claim"),
    anonymous: bool = Query(False, description="only claims resting on an unnamed source"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> SearchPage:
    """Full text plus structured filters; each hit lists the claims that matched."""
    try:
        hits = store_of(request).search(q, actor=actor, place=place, since=since, until=until,
                                        modality=modality, action=action, band=band, anonymous=anonymous,
                                        limit=limit, offset=offset)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None
    return SearchPage(limit=limit, offset=offset, items=hits)
