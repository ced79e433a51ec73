"""The Jinja2 environment: autoescape always on, and a filter that only lets web links through.

Escaping alone does not make an href safe (`javascript:` needs no markup),
so article URLs go through `web_url` before they become links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context
from starlette.datastructures import URL

from ..documents import web_url
from ..outlets import outlet_text, ratings_text
from .navigation import page_link

TEMPLATES = Path(__file__).parent / "templates"


def path_segment(value: str) -> str:
    """A stored id, name or key quoted to stand as one piece of a link's path: Starlette's
    url_for inserts values as they are, and "AC/DC", "#MeToo" or a record's own id may hold
    "/", "?", "#" or "%" (url_for even refuses "/" in an id, which would fail the page)."""
    return quote(value, safe=":@")


@pass_context
def url_for(context, name: str, /, **path_params) -> URL:
    """Starlette's url_for for templates, every path value quoted by path_segment, so no link
    a template builds can forget it.

    Why not Starlette's own: it walks every route of the app for each link, and a page of 50
    search hits draws some 3,000 links (a quarter of a second at 100k articles). The route's path
    is looked up once per name with placeholders and filled in after; a route that cannot take a
    placeholder (a typed parameter) goes the slow way, with the same result."""
    request = context["request"]
    quoted = {key: path_segment(str(value)) for key, value in path_params.items()}
    template = _path_template(request, name, tuple(sorted(quoted)))
    if template is None:
        return request.url_for(name, **quoted)
    path = template
    for key, value in quoted.items():
        path = path.replace(_placeholder(key), value)
    base = request.base_url
    return URL(f"{base.scheme}://{base.netloc}{base.path.rstrip('/')}{path}")


def _placeholder(key: str) -> str:
    """What stands for a path parameter in a cached template: no quoted value can hold a NUL."""
    return f"\x00{key}\x00"


def _path_template(request: Any, name: str, keys: tuple[str, ...]) -> Optional[str]:
    """The path of route `name` with a placeholder for each of `keys`, or None when the route is
    not a plain http route taking them as text (url_for then asks Starlette each time). Found
    once per app: the templates live in its state, beside the routes they were read from."""
    router = request.scope.get("router") or request.scope.get("app")
    state = request.app.state
    if not hasattr(state, "link_templates"):
        state.link_templates = {}
    known: dict[tuple[str, tuple[str, ...]], Optional[str]] = state.link_templates
    if (name, keys) not in known:
        try:
            path = router.url_path_for(name, **{key: _placeholder(key) for key in keys})
        except Exception:  # NoMatchFound, or a convertor that refuses text: Starlette says so at the call
            path = None
        plain = path is not None and path.protocol in ("http", "") and not path.host
        known[(name, keys)] = str(path) if plain else None
    return known[(name, keys)]


def _environment() -> Environment:
    """Autoescaping environment for every template, whatever its file name."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    env.filters["web_url"] = web_url
    env.filters["outlet"] = outlet_text  # name|outlet(rating): the outlet with the outlet's rating and its origin
    env.filters["ratings"] = ratings_text  # outlets counted by rating
    env.globals["url_for"] = url_for  # Jinja2Templates keeps it (it only sets a default)
    env.globals["page_link"] = page_link  # a list's other pages, keeping the page's parameters
    return env


templates = Jinja2Templates(env=_environment())
