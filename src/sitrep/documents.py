"""The two internal document types that travel between stages.

RawDocument is what a reader yields (ingest/), Document is what cleaning makes of
it (clean/). Neither is public: the public type is `model.Analysis`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

from .model import Removed


def web_url(url: Optional[str]) -> Optional[str]:
    """The URL if it is http(s) with a host, else None: a stored `javascript:` or `data:` URL is
    shown as text, never made a link (the desk's pages and the exported briefs alike)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass
class RawDocument:
    """One input document as read: text or HTML plus whatever metadata came with it."""

    input: str
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[dt.date] = None
    outlet: Optional[str] = None
    id: Optional[str] = None
    # A date from the file name: used only when neither the record nor the page gives one.
    date_hint: Optional[dt.date] = None
    # True for a record's `text` (JSON, JSONL, CSV): the body whole, never split into a title.
    # A file's or stream's text may open with its headline (clean/headline.py says when).
    text_is_body: bool = False


@dataclass
class Span:
    """A character span of `Document.body`."""

    start: int
    end: int
    text: str


@dataclass
class Document:
    """A cleaned document: the story text and what was cut from it, with metadata."""

    input: str
    body: str
    removed: list[Removed] = field(default_factory=list)
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[dt.date] = None
    outlet: Optional[str] = None
    id: Optional[str] = None
    dateline: Optional[Span] = None
    exclusive: bool = False
