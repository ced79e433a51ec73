"""The HTML pages of the analyst's desk: brief, map, timeline, search, articles, entities, sources, stories.

Pages only read (through the Store's methods) and hand plain
objects to templates; all escaping is the templates' (autoescape) business,
except the highlighted article body, which highlight.py builds from escaped
pieces. Filter forms send empty fields for "any", so page filters are read
as strings and blanks dropped before the same Filters as the API are built.
The filters have the names of `sitrep search` on every page (the map's `place`
too; `country` is its older name), a query parameter a page does not take is
named on it (navigation.unknown_filters), and each list pages with `?offset=`,
shows its true total, and takes a name filter `?q=` and a `?sort=` choice.
The brief page links its view as files to hand on (/brief/download, made by sitrep.briefs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Optional, Sequence, Union
from urllib.parse import urlencode

import pycountry
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..briefs import FORMATS, MEDIA_TYPES, SUFFIXES, country_name, gather_brief, group_cards, render
from ..model import BANDS, MODALITIES, PLOVER_TYPES, Entity, Place
from ..outlets import outlet_line
from ..store import ENTITY_SORTS, SOURCE_SORTS, STORY_SORTS, ClaimCard, Filters, Store, named_claims, source_title
from ..store.schema import name_key
from ..store.source_identity import is_identity
from . import charts, timecharts
from .corrections import article_context, entity_context
from .highlight import highlighted
from .navigation import Listing, Paging, read_listing, unknown_filters
from .rest import MAX_NAME_CHARS, MAX_OFFSET, MAX_QUERY_CHARS, store_of
from .templating import templates

PAGE_SIZE = 50
NAMES_PAGE = 100  # entities and sources: short rows, more to a page
CARDS = 100
UNFOLDED_UP_TO = 12  # a brief this short is read whole: its actors' claims are shown unfolded

router = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])


@dataclass
class FormFilters:
    """The filter form's values as typed (for redisplay) and as Filters (None if invalid)."""

    values: dict[str, str]
    filters: Optional[Filters]
    error: Optional[str] = None
    choices: dict = field(default_factory=lambda: {"modality": MODALITIES, "band": BANDS, "action": PLOVER_TYPES})


def form_filters(
    actor: str = "", place: str = "", since: str = "", until: str = "",
    modality: str = "", action: str = "", band: str = "", anonymous: str = "", reliable: str = "",
    target: str = "",
) -> FormFilters:
    """Read the filter form; an invalid value becomes a message on the page, not an error page."""
    values = {"actor": actor, "place": place, "since": since, "until": until, "modality": modality,
              "action": action, "band": band, "anonymous": anonymous, "reliable": reliable, "target": target}
    too_long = next((name for name, value in values.items() if len(value) > MAX_NAME_CHARS), None)
    if too_long:
        return FormFilters(values, None, f"{too_long} is over {MAX_NAME_CHARS} characters")
    try:
        filters = Filters.build(None, actor, place, since or None, until or None, modality or None,
                                action or None, band or None, bool(anonymous), bool(reliable), target)
    except ValueError as err:
        return FormFilters(values, None, str(err))
    return FormFilters(values, filters)


def _render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _missing(request: Request, what: str, key: str) -> HTMLResponse:
    """The 404 page for an id or name nothing is stored under."""
    return _render(request, "missing.html", {"what": what, "key": key}, status_code=404)


@router.get("/", response_class=HTMLResponse)
def brief(request: Request, actor: str = "", place: str = "", since: str = "", until: str = "",
          modality: str = "", action: str = "", band: str = "", anonymous: str = "", reliable: str = "",
          target: str = ""):
    """The latest claims, grouped by the country they are about, then by actor."""
    return brief_page(request, form_filters(actor, place, since, until, modality, action, band, anonymous, reliable,
                                            target))


def brief_page(request: Request, form: FormFilters) -> HTMLResponse:
    """The brief page for the form's filters, with links that download the same view as files.
    It folds by country and actor (counts in the summaries, each actor's claims over time as a
    sparkline); the actors' claims are shown unfolded only in a view of UNFOLDED_UP_TO claims or
    fewer, where folding would hide more than it saves."""
    store = store_of(request)
    cards = store.claim_cards(form.filters, limit=CARDS) if form.filters and not form.error else []
    groups = group_cards(cards)
    downloads = {fmt: f"{request.url_for('brief_download').path}?{download_query(form, fmt)}" for fmt in FORMATS}
    sparks = actor_sparklines(store, form.filters, groups) if form.filters and cards else {}
    return _render(request, "brief.html", {"form": form, "groups": groups, "count": len(cards),
                                           "downloads": downloads, "sparks": sparks,
                                           "unfolded": len(cards) <= UNFOLDED_UP_TO})


def actor_sparklines(store: Store, filters: Filters, groups: list) -> dict:
    """Each named actor of the brief's groups: its claims over the view's range as a sparkline
    (timecharts.sparklines), counted by the store in three statements for all of them."""
    actors = sorted({actor for _, _, pairs in groups for actor, items in pairs if items[0].actor})
    found = store.trends(filters, "actor", names=actors)
    per_key = {series.key: series.days for series in found.series}
    return timecharts.sparklines(found.days, {actor: per_key.get(name_key(actor), []) for actor in actors},
                                 filters.since, filters.until)


def download_query(form: FormFilters, fmt: str) -> str:
    """The query of the link that downloads the brief page's view as `fmt`: its filters as given."""
    return urlencode({**{name: value for name, value in form.values.items() if value}, "format": fmt})


def filter_query(values: dict[str, str], **changes: object) -> str:
    """The query of a link to the same view with `changes` (a period's since and until, a key's
    filter, the trends page's `by`): the filters as given, blanks dropped."""
    kept = {**values, **{name: str(value) for name, value in changes.items()}}
    return urlencode({name: value for name, value in kept.items() if value})


@router.get("/brief/download", response_class=Response)
def brief_download(request: Request, fmt: str = Query("markdown", alias="format"), actor: str = "",
                   place: str = "", since: str = "", until: str = "", modality: str = "", action: str = "",
                   band: str = "", anonymous: str = "", reliable: str = "", target: str = "") -> Response:
    """The brief page's view (the same filters, the same latest CARDS claims) as a file to hand on:
    Markdown, a standalone HTML file or a PDF (`sitrep brief --format`), named for the day. A bad
    format or filter, or a parameter it does not take, gives the brief page saying so instead: a
    file handed on must not have dropped a filter in silence."""
    form = form_filters(actor, place, since, until, modality, action, band, anonymous, reliable, target)
    if fmt not in FORMATS:
        form.error = form.error or f"unknown format '{fmt[:40]}': use one of {', '.join(FORMATS)}"
    if form.filters is None or form.error or request.state.unknown_filters:
        return brief_page(request, form)
    brief = gather_brief(store_of(request), form.filters, CARDS)
    return Response(render(brief, fmt), media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="sitrep-brief-{brief.made.date()}.{SUFFIXES[fmt]}"'})


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request, place: str = "", country: str = "", modality: str = "", since: str = "",
              until: str = ""):
    """Countries shaded by how many claims are about them, places as dots; one country can be
    picked by `place` (as on every page; `country` is its older name)."""
    store = store_of(request)
    form = form_filters(modality=modality, since=since, until=until)
    chosen, refused = map_country(place or country)
    form.error = form.error or refused
    counts = store.claims_per_country(form.filters) if form.filters else {}
    cards: list[ClaimCard] = []
    if chosen and form.filters:
        cards = store.claim_cards(Filters.build(None, None, chosen, form.filters.since, form.filters.until,
                                                form.filters.modality), limit=CARDS)
    context = {
        "form": form, "country": chosen, "country_name": country_name(chosen) if chosen else None,
        "outlines": charts.countries(), "counts": counts, "shade": charts.shade, "width": charts.WIDTH,
        "height": charts.HEIGHT,
        "dots": [(p, *charts.project(p.lon, p.lat), charts.radius(p.claims)) for p in store.list_places(country=chosen)
                 if p.lat is not None and p.lon is not None and p.claims],
        "ranked": sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), "country_name_of": country_name,
        "cards": cards,
    }
    return _render(request, "map.html", context)


def map_country(place: str) -> tuple[Optional[str], Optional[str]]:
    """(the country the map picks for `place`: an ISO-3166 alpha-2 code or a country's name,
    a message when it names none). The map shades countries, so a city is refused in words."""
    if not place.strip():
        return None, None
    code = charts.selected_country(place)
    if code is None:
        try:
            code = pycountry.countries.lookup(place.strip()).alpha_2
        except LookupError:
            return None, f"the map picks a country: '{place}' is no ISO-3166 code (RU) or country name"
    return code, None


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, actor: str = "", place: str = "", since: str = "", until: str = "",
             modality: str = "", action: str = "", band: str = "", anonymous: str = "", reliable: str = "",
             target: str = ""):
    """Claims per period (timecharts: day, week, month or year as the range asks) as bars on date
    and count axes, each a link narrowing the page to its period, the counts as a table, and the
    latest claims."""
    store = store_of(request)
    form = form_filters(actor, place, since, until, modality, action, band, anonymous, reliable, target)
    days = store.claims_per_day(form.filters) if form.filters else []
    cards = store.claim_cards(form.filters, limit=CARDS) if form.filters else []
    span = timecharts.date_range(days, form.filters.since, form.filters.until) if form.filters else None
    chart = timecharts.chart(timecharts.binned(days, *span), timecharts.unit_for(*span)) if span else None
    hrefs = [f"{request.url.path}?{filter_query(form.values, since=p.since, until=p.until)}"
             for p in chart.periods] if chart else []
    return _render(request, "timeline.html", {"form": form, "chart": chart, "hrefs": hrefs, "cards": cards})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", actor: str = "", place: str = "", since: str = "", until: str = "",
           modality: str = "", action: str = "", band: str = "", anonymous: str = "", reliable: str = "",
           target: str = ""):
    """Full text plus the claim filters, as `sitrep search`: the best-matching articles with
    the claims that passed the filters; a query the index cannot read is a message."""
    form = form_filters(actor, place, since, until, modality, action, band, anonymous, reliable, target)
    form.values["q"] = q
    hits = []
    if len(q) > MAX_QUERY_CHARS:
        form.error = f"the search is over {MAX_QUERY_CHARS} characters"
    elif form.filters and (q.strip() or form.filters.claim_filtered or form.filters.since or form.filters.until
                           or form.filters.reliable_only):
        f = form.filters
        try:
            hits = store_of(request).search(q, actor=f.actor, place=f.place, since=f.since, until=f.until,
                                            modality=f.modality, action=f.action, band=f.band,
                                            anonymous=f.anonymous, reliable_only=f.reliable_only, target=f.target,
                                            limit=PAGE_SIZE)
        except ValueError as err:
            form.error = str(err)
    return _render(request, "search.html", {"form": form, "hits": hits})


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Stored articles, newest first, PAGE_SIZE at a time."""
    store = store_of(request)
    context = {"articles": store.list_articles(limit=PAGE_SIZE, offset=offset),
               "paging": Paging(offset, PAGE_SIZE, store.count())}
    return _render(request, "articles.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, claim: Optional[str] = None):
    """One article: the body with every record highlighted (claim `claim` as the evidence
    asked for), the records themselves, what cleaning removed, and the sourcing."""
    store = store_of(request)
    analysis = store.get(article_id)
    if analysis is None:
        return _missing(request, "article", article_id)
    claims = named_claims(analysis)
    records: list[Union[Entity, Place]] = [*analysis.entities, *analysis.places]
    support = store.corroborations((analysis.id, c.id) for c in claims)
    context = {
        "article": analysis,
        "paragraphs": highlighted(analysis, claim),
        "selected": claim,
        "claims": claims,
        "support": {c.id: support.get((analysis.id, c.id)) for c in claims},
        "names": {r.id: r.name for r in records},
        "sources": {s.id: s for s in analysis.sources},
        "copy_of": store.copy_of(analysis.id),
        "outlet": outlet_line(analysis),
        **article_context(request, analysis.id),  # corrections and notes (api/corrections.py)
    }
    return _render(request, "article.html", context)


@router.get("/entities", response_class=HTMLResponse)
def entity_list(request: Request, q: str = "", sort: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Entities by how many articles name them (or by name), NAMES_PAGE at a time; `q` keeps
    those with a name or alias containing it."""
    store = store_of(request)
    asked = read_listing(q, sort, ENTITY_SORTS)
    return _list_page(request, "names.html", asked, offset, NAMES_PAGE,
                      partial(store.list_entities, name=asked.name, sort=asked.sort),
                      partial(store.count_entities, name=asked.name), kind="entities")


def _list_page(request: Request, template: str, asked: Listing, offset: int, size: int,
               items: Callable[[int, int], Sequence], total: Callable[[], int], **context) -> HTMLResponse:
    """A list page: the `items(limit, offset)` of this page and the `total()` of every page, with
    the list's filter, sort and page links; nothing is listed when the filter or sort was refused
    (the page says why)."""
    shown, count = ([], 0) if asked.error else (items(size, offset), total())
    return _render(request, template, {**context, "items": shown, "listing": asked,
                                       "paging": Paging(offset, size, count)})


@router.get("/entities/{name:path}", response_class=HTMLResponse)
def entity(request: Request, name: str):
    """One entity: the claims it is the actor of, with their corroboration."""
    store = store_of(request)
    cards = store.claim_cards(Filters(actor=name), limit=CARDS)
    mentioned = store.search(actor=name, limit=PAGE_SIZE)
    if not cards and not mentioned:
        return _missing(request, "entity", name)
    return _render(request, "entity.html", {"name": name, "cards": cards, "articles": mentioned,
                                            **entity_context(request, name)})


@router.get("/sources", response_class=HTMLResponse)
def source_list(request: Request, q: str = "", sort: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Sources across the store, one per identity, by how many claims rest on them (or as `sort`
    says), NAMES_PAGE at a time; `q` keeps those named or described with it."""
    store = store_of(request)
    asked = read_listing(q, sort, SOURCE_SORTS)
    return _list_page(request, "sources.html", asked, offset, NAMES_PAGE,
                      partial(store.list_sources, name=asked.name, sort=asked.sort),
                      partial(store.count_sources, name=asked.name))


@router.get("/sources/{key:path}", response_class=HTMLResponse)
def source(request: Request, key: str):
    """One source: by its identity (the sources list's key), its articles, the claims resting on it
    and its forecasts' record; by a claim card's corroboration key, the claims resting on that."""
    store = store_of(request)
    if is_identity(key):
        found = store.source(key, limit=CARDS)
        if found is None:
            return _missing(request, "source", key)
        return _render(request, "source.html", {"key": key, "name": found.source.name, "detail": found,
                                                "cards": found.claims})
    cards = store.claim_cards(source=key, limit=CARDS)
    if not cards:
        return _missing(request, "source", key)
    name = source_title(key, cards[0].source, cards[0].outlet)
    return _render(request, "source.html", {"key": key, "name": name, "detail": None, "cards": cards})


@router.get("/stories", response_class=HTMLResponse)
def story_list(request: Request, q: str = "", sort: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Stories, most recently active first (or as `sort` says), PAGE_SIZE at a time; `q` keeps
    those whose title holds it."""
    store = store_of(request)
    asked = read_listing(q, sort, STORY_SORTS)
    return _list_page(request, "stories.html", asked, offset, PAGE_SIZE,
                      partial(store.list_stories, title=asked.name, sort=asked.sort),
                      partial(store.count_stories, title=asked.name))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str):
    """One story: its articles (copies marked) and the claims of its originals."""
    store = store_of(request)
    found = store.story(story_id)
    if found is None:
        return _missing(request, "story", story_id)
    cards = store.claim_cards(story=story_id, limit=CARDS)
    return _render(request, "story.html", {"story": found, "articles": store.story_articles(story_id),
                                           "cards": cards})
