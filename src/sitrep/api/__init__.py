"""The web side: a read-only REST API and a small HTML UI over a Store.

Usage (what `sitrep serve` calls)::

    import uvicorn
    from sitrep.api import create_app

    app = create_app("sitrep.db")        # a file path or any SQLAlchemy URL
    uvicorn.run(app, host="127.0.0.1", port=8000)

Routes (REST, JSON; paging by limit 1..200 and offset):

- `GET /api/articles`, `GET /api/articles/{id}` (the contract's Analysis JSON; 404 when missing)
- `GET /api/search?q=&actor=&place=&since=&until=&modality=&action=&band=&anonymous=&reliable_only=`:
  hits with the claims that matched, or the `mentions` of the actor or place when none did
- `GET /api/claims?actor=&place=&since=&until=&modality=&action=&band=&anonymous=&reliable_only=` ->
  claim cards with corroboration counts (outlets also by rating: `outlets_by_rating`);
  `GET /api/articles/{id}/claims/{claim}/corroboration`
- `GET /api/entities?sort=articles|name`, `GET /api/places?country=`, `GET /api/sources?sort=claims|articles|name`
  (one row per source identity across the store, store/source_identity.py), `GET /api/sources/{identity}` (its
  articles, claims and forecasts' record; 404 when missing), `GET /api/stories?sort=recent|articles|name`,
  `GET /api/stories/{id}`; each list with `total`, the count behind every page
- `POST /api/articles` {text|html, url, title, published, outlet}: analyse and store; needs
  `Authorization: Bearer $SITREP_TOKEN` (403 when the server has no token: read-only)
- `GET /docs` OpenAPI UI: Swagger UI 5 from the swagger-ui-bundle-v2 package, served by this
  server (it reads the OpenAPI 3.1 of `/openapi.json`; tests/web/test_docs.py renders it in Chromium)

Everything read comes from Store methods (claim cards, name lists and stories are
store/desk.py's, sources store/sources.py's); nothing here imports the store's tables or builds SQL.

Pages: `/` brief (claims by country, then actor, folded, with sparklines), `/map?place=RU`, `/timeline`,
`/trends?by=actor` (claims over time per actor, action, country or source; `GET /api/trends`), `/search`, `/articles`,
`/articles/{id}?claim=c1` (highlighted body, records, sourcing), `/entities`, `/entities/{name}`, `/sources`,
`/sources/{key}` (a source identity, or a claim card's corroboration key), `/stories`, `/stories/{id}`,
`/forecasts`. The lists page with `?offset=` under their true total, and entities, sources and stories
take `?q=` (a name filter) and `?sort=`; a query parameter a page does not take is named on it
(navigation.py), never dropped in silence.

Everything an article contains is escaped (Jinja2 autoescape; the highlighted body
is built from escaped pieces in highlight.py), links are only rendered for http(s)
URLs, stored ids and names are quoted into link paths, and every response carries a
Content-Security-Policy allowing only this server's own script files, plus nosniff,
framing and referrer headers. Request bodies over a limit get 413, URLs holding NUL
get 422, and other origins may not read the API unless listed (guard.py, app.py).
SECURITY.md at the repository root says what is defended and where it is tested.

Modules: app (factory, docs page), guard (request limits and security headers), rest
(the /api routes), auth (the write token), ingest (POST analysis), pages (the HTML
routes), navigation (unknown parameters named, a list's filter, sort and pages),
highlight (the marked-up body), charts (map and calibration SVG), timecharts (bins and axes of
the timeline, trends and sparklines), trends (/trends and /api/trends), templating
(autoescaping Jinja2 with its link filters), templates/ and static/ (style, article.js,
world-110m.geojson).
"""

from .app import create_app

__all__ = ["create_app"]
