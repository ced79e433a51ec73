"""Who acts on whom on the web: `GET /api/network` and the desk's /network page.

Both take the desk's filters by their shared names (pages.form_filters, rest.claim_filters:
actor, target, place, since, until, modality, action, band, anonymous, reliable) and ask the
store for the network of the claims passing them (store/network.py), capped at the most active
actors and their most aimed-at targets. The page draws it as server-side SVG (graph.py: a
networkx layout, no script), each arrow a link to the claims behind it: the search page with
the arrow's actor, action and target as filters, the page's other filters kept. Under the
picture a table lists every drawn edge with its counts by modality and the same link, for
readers who cannot see the picture. Every stored name goes through the templates' autoescape.
The links find claims by name (the names most of an arrow's claims give its actor and its
target, a country by its code), so an arrow whose actor acts under several names (a country as
"Moscow" and as "Russia") links to the claims of the most frequent one.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..model import MODALITIES
from ..store import Filters
from ..store.network import ACTORS, ARTICLES, COUNTRY, TARGETS, Network, NetworkEdge
from . import graph
from .navigation import unknown_filters
from .pages import FormFilters, form_filters
from .rest import claim_filters, store_of
from .templating import templates

api = APIRouter(prefix="/api", tags=["claims"])
pages = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])
MAX_CAP = 100
MAX_ARTICLES = 1_000_000  # past any store: the way to read every article's claims


@api.get("/network", response_model=Network)
def network_json(
    request: Request,
    filters: Filters = Depends(claim_filters),
    actors: int = Query(ACTORS, ge=1, le=MAX_CAP, description="draw at most this many actors, the most active"),
    targets: int = Query(TARGETS, ge=1, le=MAX_CAP,
                         description="and at most this many of their targets, the most aimed at (drawn actors "
                                     "they aim at are kept besides)"),
    articles: int = Query(ARTICLES, ge=1, le=MAX_ARTICLES,
                          description="read the claims of about this many of the latest articles within the dates "
                                      "(the whole day of the last one); more reads further back and takes longer"),
) -> Network:
    """Who acts on whom in the claims passing the filters: nodes (parties by identity across the
    store, with the claims they make and receive) and edges (claims per actor, action and target,
    by modality), with how many actors and targets the caps left out and which articles were read."""
    return store_of(request).network(filters, actors=actors, targets=targets, articles=articles)


@pages.get("/network", response_class=HTMLResponse)
def network_page(request: Request, actor: str = "", target: str = "", place: str = "", since: str = "",
                 until: str = "", modality: str = "", action: str = "", band: str = "", anonymous: str = "",
                 reliable: str = ""):
    """The network of the claims passing the filters, drawn, with the table of its edges."""
    form = form_filters(actor, place, since, until, modality, action, band, anonymous, reliable, target=target)
    found = store_of(request).network(form.filters) if form.filters else None
    nodes, arrows = graph.draw(found.nodes, found.edges) if found else ([], [])
    by_id = {node.id: node for node in found.nodes} if found else {}
    search = request.url_for("search_page").path
    links = {(e.actor, e.action, e.target): f"{search}?{claims_query(form, found, e)}"
             for e in found.edges} if found else {}
    context = {
        "form": form, "network": found, "nodes": nodes, "arrows": arrows, "by_id": by_id,
        "modalities": MODALITIES, "width": graph.WIDTH, "height": graph.HEIGHT, "arrow": graph.ARROW,
        "claims_link": lambda edge: links[(edge.actor, edge.action, edge.target)],
    }
    return templates.TemplateResponse(request, "network.html", context)


def claims_query(form: FormFilters, network: Network, edge: NetworkEdge) -> str:
    """The search query finding an edge's claims: its actor, action and target by the filter
    values that find them (the names most of its claims give them, a country by its code), the
    page's other filters as given, and when the network read only the latest articles, `since`
    their first day, so the search reads the same articles."""
    nodes = {node.id: node for node in network.nodes}
    actor, target = nodes[edge.actor], nodes[edge.target]
    values = {name: value for name, value in form.values.items() if value}
    values.update(actor=edge.actor_name or actor.actor_filter or actor.name, action=edge.action,
                  target=(target.id.startswith(COUNTRY) and target.target_filter) or edge.target_name
                  or target.target_filter or target.name)
    if network.articles_from:
        values["since"] = network.articles_from.isoformat()  # on or after the page's own since
    return urlencode(values)
