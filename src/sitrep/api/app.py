"""create_app(): one FastAPI app over one Store, with security headers on every response.

The OpenAPI UI is served from our own template instead of FastAPI's default
page because that page starts Swagger UI with an inline <script>, which the
Content-Security-Policy here forbids, and loads it from a CDN; our page loads
Swagger UI from the swagger-ui-bundle package and a small static script, so
/docs works offline.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Optional, Union

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from .. import __version__
from ..store import Store
from . import pages, rest
from .templating import templates

STATIC = Path(__file__).parent / "static"

CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'",
    "base-uri 'none'", "frame-ancestors 'none'",
])
DOCS_CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'",
    "img-src 'self' data:", "connect-src 'self'",
    "base-uri 'none'", "frame-ancestors 'none'",
])
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def create_app(db: Union[str, os.PathLike, Store] = "sitrep.db", *, token: Optional[str] = None) -> FastAPI:
    """The web app over the store at `db` (a URL, a file path, or an open Store).

    With a `token`, POST /api/articles accepts documents from requests that carry it;
    without one the app is read-only."""
    store = db if isinstance(db, Store) else Store(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(
        title="sitrep", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Who claims what about whom, how surely, on whose word: stored analyses. "
                    "Read-only unless the server has a SITREP_TOKEN.",
    )
    app.state.store = store
    app.state.token = token
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    app.add_api_route("/docs", _docs_page, include_in_schema=False)
    app.middleware("http")(_security_headers)
    return app


async def _security_headers(request: Request, call_next):
    """Add CSP (stricter everywhere but the API docs page) and anti-sniffing headers."""
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response


def _docs_page(request: Request):
    """Swagger UI for the OpenAPI schema, started by static/docs.js (no inline script)."""
    return templates.TemplateResponse(request, "docs.html", {"openapi_url": request.app.openapi_url})
