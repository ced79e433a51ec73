"""Watchlists and alerts over REST: `/api/watchlists` and `/api/alerts` (sitrep/alerts).

Reading is open like the rest of the API; saving or removing a watchlist and triaging an
alert need the write token (api/auth.py), as POST /api/articles does. An alert's status can
be set with PATCH /api/alerts/{id} or, for clients limited to GET and POST (the CORS
setting allows no other method), POST /api/alerts/{id}/status. A watchlist is saved with the
filters of /api/search, checked by the same Filters.build: a bad filter is a 422 saying which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional, Union

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from ..alerts.inbox import Inbox
from ..alerts.records import Alert, Status, Watchlist
from ..alerts.tables import ALERT_ID_LENGTH, NAME_LENGTH
from ..alerts.watchlists import WatchlistError, Watchlists, WatchlistTaken
from ..model import Band, Modality, PloverType
from ..store.search import Filters
from .auth import require_token
from .rest import MAX_LIMIT, MAX_NAME_CHARS, MAX_OFFSET, MAX_QUERY_CHARS, RELIABLE_ONLY, TARGET, store_of

router = APIRouter(prefix="/api", tags=["watchlists and alerts"])
WRITES: dict[Union[int, str], dict[str, Any]] = {401: {"description": "missing or wrong token"},
          403: {"description": "the server is read-only (no SITREP_TOKEN)"}}


class WatchlistRequest(BaseModel):
    """A watchlist to save: a name, the filters of /api/search, and optional delivery."""

    name: str = Field(min_length=1, max_length=NAME_LENGTH)
    query: Optional[str] = Field(None, max_length=MAX_QUERY_CHARS, description="words, as /api/search's q")
    actor: Optional[str] = Field(None, max_length=MAX_NAME_CHARS)
    target: Optional[str] = Field(None, max_length=MAX_NAME_CHARS, description=TARGET)
    place: Optional[str] = Field(None, max_length=MAX_NAME_CHARS)
    since: Optional[dt.date] = None
    until: Optional[dt.date] = None
    modality: Optional[Modality] = None
    action: Optional[PloverType] = None
    band: Optional[Band] = None
    anonymous: bool = False
    reliable_only: bool = Field(False, description=RELIABLE_ONLY)
    webhook: Optional[str] = Field(None, max_length=2000, description="also post its alerts to this http(s) URL")
    email: Optional[str] = Field(None, max_length=320, description="also e-mail its alerts to this address")


class AlertPage(BaseModel):
    """One page of alerts, last updated first."""

    limit: int
    offset: int
    items: list[Alert]


class StatusChange(BaseModel):
    """Triage: the alert's new status."""

    status: Status


@router.get("/watchlists", response_model=list[Watchlist])
def list_watchlists(request: Request) -> list[Watchlist]:
    """Every watchlist by name, with its search and its count of alerts."""
    return Watchlists(store_of(request)).list()


@router.post("/watchlists", response_model=Watchlist, status_code=201, dependencies=[Depends(require_token)],
             responses={**WRITES, 409: {"description": "a watchlist has that name"}})
def add_watchlist(request: Request, wanted: WatchlistRequest) -> Watchlist:
    """Save a watchlist: every article stored from now on that the same search finds raises an alert,
    one per story. Needs `Authorization: Bearer <SITREP_TOKEN>`."""
    try:
        filters = Filters.build(wanted.query, wanted.actor, wanted.place, wanted.since, wanted.until,
                                wanted.modality, wanted.action, wanted.band, wanted.anonymous, wanted.reliable_only,
                                wanted.target)
    except ValueError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None
    try:
        return Watchlists(store_of(request)).add(wanted.name, filters, webhook=wanted.webhook, email=wanted.email)
    except WatchlistError as err:
        raise HTTPException(status_code=409 if isinstance(err, WatchlistTaken) else 422, detail=str(err)) from None


@router.delete("/watchlists/{name:path}", status_code=204, dependencies=[Depends(require_token)],
               responses={**WRITES, 404: {"description": "no watchlist has that name"}})
def remove_watchlist(request: Request, name: str = Path(max_length=NAME_LENGTH)) -> Response:
    """Delete a watchlist and its alerts (its name may hold a slash). Needs the token."""
    if not Watchlists(store_of(request)).remove(name):
        raise HTTPException(status_code=404, detail=f"no watchlist named {name!r}")
    return Response(status_code=204)


@router.get("/alerts", response_model=AlertPage)
def list_alerts(
    request: Request,
    watchlist: Optional[str] = Query(None, max_length=NAME_LENGTH, description="only this watchlist's alerts"),
    status: Optional[Status] = Query(None, description="only alerts with this status"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> AlertPage:
    """ALERT records (CONTRACT.md), last updated first: each watchlist's match on a story, with its
    articles, the claims that matched, why, and the outlets and independent sources carrying it."""
    items = Inbox(store_of(request)).alerts(watchlist=watchlist, status=status, limit=limit, offset=offset)
    return AlertPage(limit=limit, offset=offset, items=items)


@router.get("/alerts/{alert_id}", response_model=Alert, responses={404: {"description": "no such alert"}})
def get_alert(request: Request, alert_id: str = Path(max_length=ALERT_ID_LENGTH)) -> Alert:
    """One ALERT by its id."""
    return _found(Inbox(store_of(request)).alert(alert_id), alert_id)


@router.patch("/alerts/{alert_id}", response_model=Alert, dependencies=[Depends(require_token)],
              responses={**WRITES, 404: {"description": "no such alert"}})
def patch_alert(request: Request, change: StatusChange, alert_id: str = Path(max_length=ALERT_ID_LENGTH)) -> Alert:
    """Triage: set an alert's status (new, read, important, dismissed). Needs the token."""
    return _found(Inbox(store_of(request)).set_status(alert_id, change.status), alert_id)


@router.post("/alerts/{alert_id}/status", response_model=Alert, dependencies=[Depends(require_token)],
             responses={**WRITES, 404: {"description": "no such alert"}})
def post_alert_status(request: Request, change: StatusChange,
                      alert_id: str = Path(max_length=ALERT_ID_LENGTH)) -> Alert:
    """The same as PATCH /api/alerts/{id}, for clients that send only GET and POST."""
    return _found(Inbox(store_of(request)).set_status(alert_id, change.status), alert_id)


def _found(alert: Optional[Alert], alert_id: str) -> Alert:
    if alert is None:
        raise HTTPException(status_code=404, detail=f"no alert {alert_id!r}")
    return alert
