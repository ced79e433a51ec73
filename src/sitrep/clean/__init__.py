"""Cleaning: RawDocument -> Document (story text, removed parts, title, dateline).

HTML goes through trafilatura first (clean/html.py); every text then goes
through the same line-level cleaning (clean/text.py).
"""

from __future__ import annotations

import re
from typing import Optional

from ..dates import parse_date
from ..documents import Document, RawDocument
from ..errors import InputError
from .dateline import find_dateline, is_exclusive
from .html import extract_html
from .text import split_lines

# A headline rarely ends like a sentence and is rarely long.
MAX_TITLE = 300
SENTENCE_END = (".", "!", "?", '"', "”", ":")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(raw: RawDocument, *, remove_boilerplate: bool = True) -> Document:
    """Clean one document; raises InputError when nothing of a story is left."""
    title, published, url, outlet = raw.title, raw.published, raw.url, raw.outlet
    if raw.html is not None and raw.html.strip():
        page = extract_html(raw.html, url)
        text = page.text
        title = title or page.title
        url = url or page.url
        outlet = outlet or page.sitename
        published = published or parse_date(page.date)
    else:
        text = raw.text or ""
    lines = [line.strip() for line in CONTROL.sub("", text).splitlines() if line.strip()]
    if title is None and raw.html is None:
        title, lines = _split_title(lines)
    if remove_boilerplate:
        kept, removed = split_lines(lines, title)
    else:
        kept, removed = lines, []
    body = "\n\n".join(kept)
    if not body.strip():
        raise InputError(raw.input, "no article text found (empty, or only captions/boilerplate)")
    return Document(
        input=raw.input,
        body=body,
        removed=removed,
        title=title,
        url=url,
        published=published or raw.date_hint,
        outlet=outlet,
        id=raw.id,
        dateline=find_dateline(body),
        exclusive=is_exclusive(title, body),
    )


def _split_title(lines: list[str]) -> tuple[Optional[str], list[str]]:
    """Take the first line as the title when it reads like a headline."""
    if len(lines) < 2:
        return None, lines
    first = lines[0]
    if len(first) <= MAX_TITLE and not first.endswith(SENTENCE_END[:3]):
        return first, lines[1:]
    return None, lines
