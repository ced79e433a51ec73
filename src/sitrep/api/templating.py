"""The Jinja2 environment: autoescape always on, and a filter that only lets web links through.

Escaping alone does not make an href safe (`javascript:` needs no markup),
so article URLs go through `web_url` before they become links.
"""

from __future__ import annotations

from pathlib import Path
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
    a template builds can forget it."""
    return context["request"].url_for(name, **{key: path_segment(str(value)) for key, value in path_params.items()})


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
