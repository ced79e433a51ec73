"""The web side: a read-only REST API and a small HTML UI over a Store.

Usage (what `sitrep serve` calls)::

    import uvicorn
    from sitrep.api import create_app

    app = create_app("sitrep.db")        # a file path or any SQLAlchemy URL
    uvicorn.run(app, host="127.0.0.1", port=8000)

Routes:

- `GET /api/articles?limit=50&offset=0` -> {"total", "limit", "offset", "items": [ArticleSummary]}
  (limit 1..200)
- `GET /api/articles/{id}` -> the Analysis JSON of CONTRACT.md; 404 when missing
- `GET /api/search?q=&actor=&place=&since=&until=&modality=&limit=&offset=`
  -> {"limit", "offset", "items": [SearchHit]}; a bad modality, date or
  query gives 422 with a readable `detail`
- `GET /docs` OpenAPI UI (`/openapi.json` the schema)
- `GET /` the stored articles; `GET /articles/{id}` one article with its claims

Everything an article contains is escaped (Jinja2 autoescape), links are
only rendered for http(s) URLs, and every response carries a
Content-Security-Policy without inline script plus nosniff headers.

Modules: app (factory, headers, docs page), rest (the /api routes), pages
(the HTML routes), templates/ and static/.
"""

from .app import create_app

__all__ = ["create_app"]
