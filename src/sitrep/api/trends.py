"""Claims over time on the web: `GET /api/trends` and the desk's /trends page, per actor, action,
country or source (`by`), under the filters every page takes.

The store counts claims per day (store/trends.py: at most three statements); sitrep/timebins.py
bins the days by the range's own unit and timecharts.py draws the bars and axes. The page shows the whole view's claims
first, then the SERIES most-claimed keys as small charts on one shared count scale (so a small
bar means few claims, not a different axis), each with its counts as a table; a bar leads to the
timeline narrowed to its period and key, where the claims themselves are listed. Every stored
name on the page goes through the templates' autoescape. The brief's sparklines are drawn by
pages.py from the same store counts (Store.trends with the brief's actor names).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from .. import timebins
from ..briefs import country_name
from ..store import DIMENSIONS, Dimension, Filters, Trends
from . import timecharts
from .navigation import unknown_filters
from .pages import filter_query, form_filters
from .rest import claim_filters, store_of
from .templating import path_segment, templates

api = APIRouter(prefix="/api", tags=["trends"])
pages = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])
SERIES = 8
MAX_SERIES = 50
SERIES_CHART_HEIGHT = 150
# The filter each dimension's key narrows a view by (a source has no filter: its page lists its claims).
NARROWS: dict[Dimension, Optional[str]] = {"actor": "actor", "action": "action", "country": "place", "source": None}


class TrendPeriod(BaseModel):
    """One bin of the range: its first and last day and its claims."""

    since: dt.date
    until: dt.date
    claims: int


class TrendLine(BaseModel):
    """One key's claims per bin, in the order of the report's periods."""

    key: str
    name: str
    total: int
    claims: list[int]


class TrendReport(BaseModel):
    """Claims over time: the unit of the bins (day, week, month, year: timebins.UNIT_SPANS), the
    view's claims per bin, and the most-claimed keys of `by`, each per bin; `keys` counts every key
    the view has (more than the lines when some are left out). Undated claims are not counted."""

    by: Dimension
    unit: Optional[timebins.Unit]
    periods: list[TrendPeriod]
    lines: list[TrendLine]
    keys: int


@dataclass(frozen=True)
class Binned:
    """A trend binned for drawing: the whole view's periods and each series' with its name."""

    unit: Optional[timebins.Unit]
    periods: list[timebins.Period]
    series: list[tuple[str, str, int, list[timebins.Period]]]  # key, name, total, periods


def binned(found: Trends, filters: Filters) -> Binned:
    """The store's per-day counts in the bins of the range (the filters' dates, else the days
    with claims); keys named for people (countries by name)."""
    span = timebins.date_range(found.days, filters.since, filters.until)
    if span is None:
        return Binned(None, [], [])
    unit = timebins.unit_for(*span)
    series = [(s.key, country_name(s.key) if found.by == "country" else s.name, s.total,
               timebins.binned(s.days, *span, unit)) for s in found.series]
    return Binned(unit, timebins.binned(found.days, *span, unit), series)


@api.get("/trends", response_model=TrendReport)
def trends_api(request: Request, by: Dimension = Query("actor", description="count per actor, action, country "
                                                      "or source"),
               top: int = Query(SERIES, ge=1, le=MAX_SERIES, description="how many of the most-claimed keys"),
               filters: Filters = Depends(claim_filters)) -> TrendReport:
    """Claims over time, per bin of the range (day up to two months, week up to two years, month
    up to twenty, else year), for the whole view and for its `top` actors, actions, countries or
    sources."""
    found = store_of(request).trends(filters, by, top=top)
    drawn = binned(found, filters)
    return TrendReport(
        by=by, unit=drawn.unit, keys=found.keys,
        periods=[TrendPeriod(since=p.since, until=p.until, claims=p.count) for p in drawn.periods],
        lines=[TrendLine(key=key, name=name, total=total, claims=[p.count for p in periods])
               for key, name, total, periods in drawn.series])


@pages.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, by: str = "actor", actor: str = "", place: str = "", since: str = "",
                until: str = "", modality: str = "", action: str = "", band: str = "", anonymous: str = "",
                reliable: str = "", target: str = ""):
    """Claims over time for the filters, then per actor, action, country or source (`by`)."""
    form = form_filters(actor, place, since, until, modality, action, band, anonymous, reliable, target)
    dimension = next((d for d in DIMENSIONS if d == by), None)
    if dimension is None:
        form.error = form.error or f"by must be one of {', '.join(DIMENSIONS)}, not '{by[:40]}'"
    context: dict = {"form": form, "by": dimension or "actor", "dimensions": DIMENSIONS, "total": None,
                     "series": [], "keys": 0, "unit": None}
    if form.filters is not None and dimension is not None and not form.error:
        found = store_of(request).trends(form.filters, dimension, top=SERIES)
        context.update(_drawn(request, binned(found, form.filters), form.values, dimension), keys=found.keys)
    context["tabs"] = {d: f"{request.url.path}?{filter_query(form.values, by=d)}" for d in DIMENSIONS}
    return templates.TemplateResponse(request, "trends.html", context)


def _drawn(request: Request, drawn: Binned, values: dict[str, str], by: Dimension) -> dict:
    """The charts of a binned trend, with the links of their bars and headings (to the timeline,
    a source's to its page)."""
    if drawn.unit is None:
        return {}
    unit = drawn.unit
    timeline = request.url_for("timeline").path
    shared_top = max((p.count for *_, periods in drawn.series for p in periods), default=0)
    narrow = NARROWS[by]
    series = []
    for key, name, total, periods in drawn.series:
        keyed = {narrow: key} if narrow else {}
        hrefs = [f"{timeline}?{filter_query(values, **keyed, since=p.since, until=p.until)}" for p in periods]
        heading = (f"{timeline}?{filter_query(values, **keyed)}" if narrow
                   else request.url_for("source", key=path_segment(key)).path)
        series.append({"key": key, "name": name, "total": total, "href": heading,
                       "chart": timecharts.chart(periods, unit, top=shared_top, height=SERIES_CHART_HEIGHT),
                       "hrefs": hrefs if narrow else None})
    total_hrefs = [f"{timeline}?{filter_query(values, since=p.since, until=p.until)}" for p in drawn.periods]
    return {"total": timecharts.chart(drawn.periods, unit), "total_hrefs": total_hrefs, "series": series,
            "unit": unit}




