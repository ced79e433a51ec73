"""The HTML pages: the list of stored articles and one article with its claims.

Pages only read through the Store and hand model objects to templates;
all escaping is the templates' (autoescape) business.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store import named_claims
from .rest import store_of
from .templating import templates

PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, offset: int = Query(0, ge=0)):
    """Stored articles, newest first, PAGE_SIZE at a time."""
    store = store_of(request)
    context = {
        "articles": store.list_articles(limit=PAGE_SIZE, offset=offset),
        "total": store.count(), "offset": offset, "page_size": PAGE_SIZE,
    }
    return templates.TemplateResponse(request, "index.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str):
    """One article: title, body and its claims with names resolved; 404 page when missing."""
    analysis = store_of(request).get(article_id)
    if analysis is None:
        return templates.TemplateResponse(
            request, "missing.html", {"article_id": article_id}, status_code=404)
    context = {
        "article": analysis,
        "paragraphs": [p for p in analysis.body.split("\n") if p.strip()],
        "claims": named_claims(analysis),
        "sources": {s.id: s for s in analysis.sources},
    }
    return templates.TemplateResponse(request, "article.html", context)
