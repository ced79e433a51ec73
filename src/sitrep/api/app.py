"""create_app(): one FastAPI app over one Store, behind the request limits and security headers of guard.py.

The OpenAPI UI is served from our own template instead of FastAPI's default
page because that page starts Swagger UI with an inline <script>, which the
Content-Security-Policy here forbids, and loads it from a CDN; our page loads
Swagger UI from the swagger-ui-bundle-v2 package (Swagger UI 5, which reads the
OpenAPI 3.1 schema FastAPI writes; 4.x showed only "Unable to render this
definition") and a small static script, so /docs works offline.
"""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Optional, Sequence, Union

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from .. import __version__
from ..settings import DEFAULT_MAX_REQUEST_BYTES
from ..store import Store
from . import corrections, forecasts, network, pages, rest, trends
from . import alerts, inbox, watching
from .guard import RequestLimits, SecurityHeaders
from .templating import templates

STATIC = Path(__file__).parent / "static"


def create_app(db: Union[str, os.PathLike, Store] = "sitrep.db", *, token: Optional[str] = None,
               max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES, cors_origins: Sequence[str] = ()) -> FastAPI:
    """The web app over the store at `db` (a URL, a file path, or an open Store).

    With a `token`, POST /api/articles accepts documents from requests that carry it;
    without one the app is read-only. Request bodies over `max_request_bytes` get 413.
    Browsers on other origins may read the API only from the `cors_origins` listed
    (none by default: a page elsewhere cannot read what this server holds)."""
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
    app.include_router(forecasts.api)
    app.include_router(forecasts.pages)
    app.include_router(corrections.api)  # analysts' corrections: REST and the desk's forms
    app.include_router(corrections.pages)
    app.include_router(trends.api)
    app.include_router(trends.pages)
    app.include_router(network.api)
    app.include_router(network.pages)
    app.include_router(alerts.router)  # watchlists and alerts (sitrep/alerts)
    app.include_router(inbox.pages)  # the desk's alerts inbox and digest
    app.include_router(watching.pages)  # the desk's watchlists, their Atom feeds, the watched sources
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/swagger-ui", StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    app.add_api_route("/docs", _docs_page, include_in_schema=False)
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Added innermost first: the headers wrap everything, the limits act before any route.
    app.add_middleware(RequestLimits, max_body=max_request_bytes)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(SecurityHeaders)
    return app


async def _validation_error(_request: Request, exc: Exception) -> Response:
    """FastAPI's 422 without the rejected input: echoed, a 2 MB document came back as 6 MB of
    escapes. Written as ASCII JSON, so a lone surrogate (a JSON \\ud800 escape) that reaches a
    message cannot turn the client's mistake into a 500."""
    if not isinstance(exc, RequestValidationError):  # registered for it alone
        raise exc
    errors = [{k: v for k, v in error.items() if k not in ("input", "ctx")} for error in exc.errors()]
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def _docs_page(request: Request):
    """Swagger UI for the OpenAPI schema, started by static/docs.js (no inline script)."""
    return templates.TemplateResponse(request, "docs.html", {"openapi_url": request.app.openapi_url})
