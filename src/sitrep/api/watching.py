"""The desk's watchlists (/watchlists), each watchlist's Atom feed, and the watched sources' health (/feeds).

- /watchlists lists the saved searches with their filters and counts of alerts, and has the
  form that adds one and a remove button beside each: POST forms guarded as every desk change
  is (api/desk.py). The form's fields are those of POST /api/watchlists, the filters of
  `sitrep search`, checked by the same Filters.build; a filter it refuses, or a name taken, is
  said on the page with what was typed kept, not an error page.
- /watchlists/{name}/feed.atom is a watchlist's latest alerts as Atom (alerts/atom.py), for
  a feed reader; the watchlist and inbox pages link it (`<link rel="alternate">`).
- /feeds lists every source `sitrep watch` polls with its health (watch/report.py), the
  failing and stale first. (/sources is another page: the people and bodies articles quote.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..alerts.atom import atom_feed
from ..alerts.inbox import Inbox
from ..alerts.records import Watchlist
from ..alerts.tables import NAME_LENGTH
from ..alerts.watchlists import Watchlists, WatchlistError, WatchlistTaken
from ..model import BANDS, MODALITIES, PLOVER_TYPES
from ..store.search import Filters
from ..watch.report import watched_sources
from .desk import desk_session, read_form, refusal
from .navigation import unknown_filters
from .rest import MAX_NAME_CHARS, MAX_QUERY_CHARS, store_of
from .templating import path_segment, templates

FEED_ENTRIES = 50
# The add form's fields, named as POST /api/watchlists names them; the text ones and their limits.
TEXT_FIELDS = {"name": NAME_LENGTH, "query": MAX_QUERY_CHARS, "actor": MAX_NAME_CHARS, "target": MAX_NAME_CHARS,
               "place": MAX_NAME_CHARS, "since": 10, "until": 10}
CHOICES = {"modality": MODALITIES, "action": PLOVER_TYPES, "band": BANDS}
CHECKBOXES = ("anonymous", "reliable_only")

pages = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])


@dataclass(frozen=True)
class WatchlistForm:
    """The add form as typed (for redisplay), and its Filters when they are valid."""

    values: dict[str, str]
    filters: Optional[Filters]
    error: Optional[str] = None


def read_watchlist_form(form: dict[str, str]) -> WatchlistForm:
    """The add form read and checked by Filters.build, as `sitrep search` checks its options."""
    values = {name: form.get(name, "") for name in (*TEXT_FIELDS, *CHOICES, *CHECKBOXES)}
    too_long = next((name for name, limit in TEXT_FIELDS.items() if len(values[name]) > limit), None)
    if too_long:
        return WatchlistForm(values, None, f"{too_long} is over {TEXT_FIELDS[too_long]} characters")
    try:
        filters = Filters.build(values["query"] or None, values["actor"], values["place"], values["since"] or None,
                                values["until"] or None, values["modality"] or None, values["action"] or None,
                                values["band"] or None, bool(values["anonymous"]), bool(values["reliable_only"]),
                                values["target"])
    except ValueError as err:
        return WatchlistForm(values, None, str(err))
    return WatchlistForm(values, filters)


def _watchlists_page(request: Request, form: Optional[WatchlistForm] = None, error: Optional[str] = None,
                     status_code: int = 200) -> HTMLResponse:
    context = {"watchlists": Watchlists(store_of(request)).list(), "desk": desk_session(request),
               "writable": bool(request.app.state.token), "form": form or WatchlistForm({}, None),
               "choices": CHOICES, "error": error}
    return templates.TemplateResponse(request, "watchlists.html", context, status_code=status_code)


def _refusal(request: Request, form: dict[str, str]) -> Optional[HTMLResponse]:
    """The watchlists page saying why a desk POST is refused (api/desk.py), or None."""
    refused = refusal(request, form)
    return _watchlists_page(request, error=refused.message, status_code=refused.status) if refused else None


@pages.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(request: Request) -> HTMLResponse:
    """Every watchlist with its search, alerts and feed; the add form and remove buttons when signed in."""
    return _watchlists_page(request)


@pages.post("/watchlists")
async def desk_add_watchlist(request: Request) -> Response:
    """Save the watchlist of the add form, then back to the list (or the form again, saying why not)."""
    form = await read_form(request)
    refused = _refusal(request, form)
    if refused:
        return refused
    asked = read_watchlist_form(form)
    if asked.filters is None:
        return _watchlists_page(request, asked, asked.error, 422)
    try:
        Watchlists(store_of(request)).add(asked.values["name"], asked.filters)
    except WatchlistError as err:
        return _watchlists_page(request, asked, str(err), 409 if isinstance(err, WatchlistTaken) else 422)
    return RedirectResponse(request.url_for("watchlists_page").path, status_code=303)


@pages.post("/watchlists/remove")
async def desk_remove_watchlist(request: Request) -> Response:
    """Delete the named watchlist and its alerts, then back to the list."""
    form = await read_form(request)
    refused = _refusal(request, form)
    if refused:
        return refused
    name = form.get("name", "")
    if not Watchlists(store_of(request)).remove(name):
        return _watchlists_page(request, error=f"no watchlist named '{name[:80]}'", status_code=404)
    return RedirectResponse(request.url_for("watchlists_page").path, status_code=303)


def find_watchlist(request: Request, name: str) -> Optional[Watchlist]:
    return next((w for w in Watchlists(store_of(request)).list() if w.name == name), None)


@pages.get("/watchlists/{name:path}/feed.atom")
def watchlist_feed(request: Request, name: str) -> Response:
    """A watchlist's latest FEED_ENTRIES alerts as an Atom feed."""
    watchlist = find_watchlist(request, name)
    if watchlist is None:
        return templates.TemplateResponse(request, "missing.html", {"what": "watchlist", "key": name},
                                          status_code=404)
    alerts = Inbox(store_of(request)).alerts(watchlist=name, limit=FEED_ENTRIES)
    desk_url = str(request.base_url).rstrip("/")
    self_url = f"{desk_url}/watchlists/{path_segment(name)}/feed.atom"
    return Response(atom_feed(watchlist, alerts, self_url=self_url, desk_url=desk_url),
                    media_type="application/atom+xml")


@pages.get("/feeds", response_class=HTMLResponse)
def feeds_page(request: Request) -> HTMLResponse:
    """Every watched source's health, judged now: failing and stale first."""
    now = dt.datetime.now(dt.timezone.utc)
    sources = watched_sources(store_of(request), now)
    context = {"sources": sources, "now": now, "unhealthy": sum(s.failing or s.stale for s in sources)}
    return templates.TemplateResponse(request, "feeds.html", context)
