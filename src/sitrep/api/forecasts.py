"""The forecast ledger on the web: `GET /api/forecasts`, `GET /api/ledger` and the desk's /forecasts page.

The same filters as `sitrep forecasts` (source, outlet, status, and `now`, the day
statuses are judged on), plus `article` (and `claim`): the forecasts one article's
claims make or met, the way back from a report to the predictions it bears out.
The page draws the calibration chart server-side as SVG (charts.calibration), with
the counts behind each point written beside it; every stored text on it goes through
the templates' autoescape.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from ..ledger.read import LedgerFilters
from ..ledger.records import STATUSES, Forecast, Ledger, Status
from . import charts
from .navigation import unknown_filters
from .rest import MAX_LIMIT, MAX_NAME_CHARS, MAX_OFFSET, store_of
from .templating import templates

api = APIRouter(prefix="/api", tags=["forecasts"])
pages = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])
PAGE_SIZE = 100
MAX_ID_CHARS = 300
# The claims making and meeting a forecast that the desk lists (the count says how many more; the
# REST record lists them all).
CLAIMS_SHOWN = 10


class ForecastPage(BaseModel):
    """One page of forecasts."""

    limit: int
    offset: int
    items: list[Forecast]


def ledger_filters(source: Optional[str], outlet: Optional[str], status: Optional[str], article: Optional[str],
                   claim: Optional[str], now: Optional[dt.date]) -> LedgerFilters:
    """The filters of a request; 422 for a claim without its article."""
    if claim and not article:
        raise HTTPException(status_code=422, detail="claim needs article")
    return LedgerFilters(source=source, outlet=outlet, status=status, article=article, claim=claim, now=now)


@api.get("/forecasts", response_model=ForecastPage, name="api_forecasts")
def list_forecasts(
    request: Request,
    source: Optional[str] = Query(None, max_length=MAX_NAME_CHARS,
                                  description="who made it: a source's name or description, or its key"),
    outlet: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, description="the outlet it was made in"),
    status: Optional[Status] = Query(None, description="open, happened or not-seen (as of `now`)"),
    article: Optional[str] = Query(None, max_length=MAX_ID_CHARS,
                                   description="only forecasts this article's claims make or met"),
    claim: Optional[str] = Query(None, max_length=32, description="with `article`: that one claim (e.g. c3)"),
    now: Optional[dt.date] = Query(None, description="the day statuses are judged on (default: today)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> ForecastPage:
    """FORECAST records (CONTRACT.md), latest made first: each predicted, planned or threatened claim,
    its horizon, its status, and the occurred claims that resolved it (`resolved_by`)."""
    filters = ledger_filters(source, outlet, status, article, claim, now)
    return ForecastPage(limit=limit, offset=offset,
                        items=store_of(request).forecasts(filters, limit=limit, offset=offset))


@api.get("/ledger", response_model=Ledger)
def forecast_ledger(
    request: Request,
    source: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, description="only this source's forecasts"),
    outlet: Optional[str] = Query(None, max_length=MAX_NAME_CHARS, description="only this outlet's forecasts"),
    now: Optional[dt.date] = Query(None, description="the day statuses are judged on (default: today)"),
) -> Ledger:
    """Forecasts made, happened, not seen and open per ICD 203 band (each band's stated probability
    range next to its observed rate, with a 95% interval), per source and per outlet."""
    return store_of(request).forecast_ledger(LedgerFilters(source=source, outlet=outlet, now=now))


@pages.get("/forecasts", response_class=HTMLResponse)
def forecasts_page(request: Request, source: str = "", outlet: str = "", status: str = "", article: str = "",
                   now: str = ""):
    """The ledger: the calibration chart and table, sources and outlets, and the forecasts with
    their evidence and what met them."""
    values = {"source": source, "outlet": outlet, "status": status, "article": article, "now": now}
    error = None
    filters: Optional[LedgerFilters] = None
    if any(len(v) > MAX_NAME_CHARS for v in values.values()):
        error = f"a filter is over {MAX_NAME_CHARS} characters"
    elif status and status not in STATUSES:
        error = f"status must be one of {', '.join(STATUSES)}"
    else:
        try:
            day = dt.date.fromisoformat(now.strip()) if now.strip() else None
        except ValueError:
            error = f"now must be a date (YYYY-MM-DD), not {now!r}"
        else:
            filters = LedgerFilters(source=source.strip() or None, outlet=outlet.strip() or None,
                                    status=status or None, article=article.strip() or None, now=day)
    store = store_of(request)
    ledger = store.forecast_ledger(filters) if filters else None
    items = store.forecasts(filters, limit=PAGE_SIZE, claims=CLAIMS_SHOWN) if filters else []
    context = {
        "values": values, "error": error, "statuses": STATUSES, "ledger": ledger, "forecasts": items,
        "points": charts.calibration(ledger.bands) if ledger else [],
        "ticks": [(p, charts.calibration_y(p)) for p in (0.0, 0.25, 0.5, 0.75, 1.0)],
        "width": charts.CALIBRATION_WIDTH, "height": charts.CALIBRATION_HEIGHT, "left": charts.CALIBRATION_LEFT,
        "bottom": charts.CALIBRATION_BOTTOM,
    }
    return templates.TemplateResponse(request, "forecasts.html", context)
