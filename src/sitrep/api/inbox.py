"""The desk's alerts: the inbox (/alerts) with its triage buttons, and the digest (/alerts/digest).

The inbox lists the watchlists' alerts last updated first (alerts/inbox.py Inbox), narrowed by
watchlist and status, INBOX_PAGE at a time with the true total, as the other lists page. Each
alert shows its watchlist, story, articles (by title, linked to their pages), the claims that
matched (linked to their evidence), why it matched and when. Its triage buttons (read,
important, dismissed, back to new) are POST forms guarded as every desk change is (api/desk.py:
a signed-in analyst, this server's CSRF value, same origin); without a sign-in they are left out
and the page says how to sign in.

The digest is a shift's alerts on one printable page: those updated in the last `hours` (or
since a given time), grouped by watchlist, the buttons and navigation left out in print.
Every stored text (names, titles, reasons) reaches the page through the templates' autoescape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..alerts.inbox import Inbox, UnknownStatus
from ..alerts.records import STATUSES, Alert
from ..alerts.tables import NAME_LENGTH
from ..alerts.watchlists import Watchlists
from .desk import back_to, desk_session, read_form, refusal
from .navigation import Paging, unknown_filters
from .rest import MAX_OFFSET, store_of
from .templating import templates

INBOX_PAGE = 25
DIGEST_HOURS = 24
MAX_DIGEST_HOURS = 24 * 31
DIGEST_ALERTS = 500  # a digest longer than this says how many it left out
# What each status's button says.
TRIAGE = {"read": "mark read", "important": "important", "dismissed": "dismiss", "new": "back to new"}

pages = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])


@dataclass(frozen=True)
class InboxFilter:
    """The inbox's watchlist and status as asked (for the form) and as the store takes them, or
    the reason they cannot be used (then nothing is listed)."""

    watchlist: str
    status: str
    error: Optional[str] = None

    @property
    def chosen_watchlist(self) -> Optional[str]:
        return self.watchlist.strip() or None

    @property
    def chosen_status(self) -> Optional[str]:
        return self.status or None


def read_filter(watchlist: str, status: str) -> InboxFilter:
    """Check the inbox's filters; a bad one becomes a message on the page, not an error page."""
    if len(watchlist) > NAME_LENGTH:
        return InboxFilter(watchlist[:NAME_LENGTH], "", f"a watchlist's name is at most {NAME_LENGTH} characters")
    if status and status not in STATUSES:
        return InboxFilter(watchlist, "", f"status must be one of {', '.join(STATUSES)}, not '{status[:40]}'")
    return InboxFilter(watchlist, status)


def alert_context(request: Request, alerts: list[Alert]) -> dict:
    """What a page listing alerts needs besides them: each article's title, the analyst signed in,
    whether the server takes writes, the page to come back to and the triage buttons' labels."""
    titles = store_of(request).titles(article for alert in alerts for article in alert.articles)
    query = f"?{request.url.query}" if request.url.query else ""
    return {"titles": titles, "desk": desk_session(request), "writable": bool(request.app.state.token),
            "back": quote(request.url.path) + query, "triage": TRIAGE}


def _inbox_page(request: Request, asked: InboxFilter, offset: int = 0, error: Optional[str] = None,
                status_code: int = 200) -> HTMLResponse:
    inbox = Inbox(store_of(request))
    alerts: list[Alert] = []
    total = 0
    if asked.error is None:
        alerts = inbox.alerts(watchlist=asked.chosen_watchlist, status=asked.chosen_status, limit=INBOX_PAGE,
                              offset=offset)
        total = inbox.count(watchlist=asked.chosen_watchlist, status=asked.chosen_status)
    context = {"alerts": alerts, "paging": Paging(offset, INBOX_PAGE, total), "asked": asked,
               "watchlists": [w.name for w in Watchlists(store_of(request)).list()], "statuses": STATUSES,
               "error": error or asked.error, **alert_context(request, alerts)}
    return templates.TemplateResponse(request, "inbox.html", context, status_code=status_code)


@pages.get("/alerts", response_class=HTMLResponse)
def inbox_page(request: Request, watchlist: str = "", status: str = "",
               offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
    """The watchlists' alerts, last updated first, with their triage buttons."""
    return _inbox_page(request, read_filter(watchlist, status), offset)


@pages.post("/alerts/{alert_id}/status")
async def triage(request: Request, alert_id: str) -> Response:
    """Give an alert the status its button names, then back to the page it was pressed on."""
    form = await read_form(request)
    everything = InboxFilter("", "")
    refused = refusal(request, form)
    if refused:
        return _inbox_page(request, everything, error=refused.message, status_code=refused.status)
    try:
        changed = Inbox(store_of(request)).set_status(alert_id, form.get("status", ""))
    except UnknownStatus as err:
        return _inbox_page(request, everything, error=str(err), status_code=422)
    if changed is None:
        return _inbox_page(request, everything, error=f"no alert {alert_id[:40]!r}: it may have been removed "
                                                      "with its watchlist", status_code=404)
    return RedirectResponse(back_to(form, "/alerts"), status_code=303)


@dataclass(frozen=True)
class DigestWindow:
    """From when the digest's alerts are taken, as asked, or the reason it cannot be read."""

    since: dt.datetime
    hours: Optional[int]
    error: Optional[str] = None


def read_window(hours: str, since: str, now: dt.datetime) -> DigestWindow:
    """`since` (an ISO date or time, UTC unless it says otherwise) or the last `hours` (default
    DIGEST_HOURS); a bad value becomes a message and the default window."""
    default = DigestWindow(now - dt.timedelta(hours=DIGEST_HOURS), DIGEST_HOURS)
    if since:
        try:
            start = dt.datetime.fromisoformat(since.strip())
        except ValueError:
            return DigestWindow(default.since, default.hours, f"since must be a date or time such as 2026-05-01 "
                                                              f"or 2026-05-01T06:00, not '{since[:40]}'")
        return DigestWindow(start if start.tzinfo else start.replace(tzinfo=dt.timezone.utc), None)
    if not hours:
        return default
    if not hours.isdigit() or not 1 <= int(hours) <= MAX_DIGEST_HOURS:
        return DigestWindow(default.since, default.hours,
                            f"hours must be a whole number from 1 to {MAX_DIGEST_HOURS}, not '{hours[:40]}'")
    return DigestWindow(now - dt.timedelta(hours=int(hours)), int(hours))


@pages.get("/alerts/digest", response_class=HTMLResponse)
def digest_page(request: Request, hours: str = "", since: str = "") -> HTMLResponse:
    """The alerts updated in the last `hours` (default 24) or since a time, grouped by watchlist,
    as one page to print or hand over at the end of a shift."""
    now = dt.datetime.now(dt.timezone.utc)
    window = read_window(hours, since, now)
    inbox = Inbox(store_of(request))
    alerts = inbox.alerts(since=window.since, limit=DIGEST_ALERTS)
    total = inbox.count(since=window.since)
    grouped = [(name, list(items)) for name, items in groupby(sorted(alerts, key=lambda a: a.watchlist),
                                                              key=lambda a: a.watchlist)]
    context = {"window": window, "now": now, "groups": grouped, "shown": len(alerts), "total": total,
               **alert_context(request, alerts)}
    return templates.TemplateResponse(request, "digest.html", context)
