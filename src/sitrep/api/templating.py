"""The Jinja2 environment: autoescape always on, and a filter that only lets web links through.

Escaping alone does not make an href safe (`javascript:` needs no markup),
so article URLs go through `web_url` before they become links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

TEMPLATES = Path(__file__).parent / "templates"


def web_url(url: Optional[str]) -> Optional[str]:
    """The URL if it is http(s) with a host, else None (rendered as plain text instead)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _environment() -> Environment:
    """Autoescaping environment for every template, whatever its file name."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    env.filters["web_url"] = web_url
    return env


templates = Jinja2Templates(env=_environment())
