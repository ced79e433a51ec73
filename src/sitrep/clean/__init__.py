"""Cleaning: RawDocument -> Document (story text, removed parts, title, dateline).

HTML goes through trafilatura first (clean/html.py); every text then goes
through the same line-level cleaning (clean/text.py).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Optional

from ..dates import parse_date
from ..documents import Document, RawDocument
from ..errors import InputError
from .dateline import find_dateline, is_exclusive
from .headline import split_headline
from .html import HtmlParserLimit, extract_html
from .sentence import has_sentence, preview
from .text import split_lines

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates are not text: a file name in a foreign encoding (Python keeps its bytes as
# U+DC80-U+DCFF) or a "\ud800" escape in JSON. Nothing downstream can encode them.
SURROGATE = re.compile("[\ud800-\udfff]")


def clean(raw: RawDocument, *, remove_boilerplate: bool = True) -> Document:
    """Clean one document; raises InputError when nothing of a story is left."""
    raw = _valid_unicode(raw)
    title, published, url, outlet = raw.title, raw.published, raw.url, raw.outlet
    if raw.html is not None and raw.html.strip():
        try:
            page = extract_html(raw.html, url)
        except HtmlParserLimit as err:
            raise InputError(raw.input, str(err)) from None
        text = page.text
        title = title or page.title
        url = url or page.url
        outlet = outlet or page.sitename
        published = published or parse_date(page.date)
    else:
        text = raw.text or ""
        if title is None and not raw.text_is_body:
            title, text = split_headline(text)
    lines = [line.strip() for line in CONTROL.sub("", text).splitlines() if line.strip()]
    if remove_boilerplate:
        kept, removed = split_lines(lines, title)
    else:
        kept, removed = lines, []
    body = "\n\n".join(kept)
    if not body.strip():
        raise InputError(raw.input, "no article text found (empty, or only captions/boilerplate)")
    if not has_sentence(body):
        raise InputError(raw.input, f"no sentence in the article text ({preview(body)}): a menu or index "
                                    "page? give the article's own page")
    return Document(
        input=raw.input,
        body=body,
        removed=removed,
        title=_printable(title),
        url=_printable(url),
        published=published or raw.date_hint,
        outlet=_printable(outlet),
        id=raw.id,
        dateline=find_dateline(body),
        exclusive=is_exclusive(title, body),
    )


def _printable(value: Optional[str]) -> Optional[str]:
    """A title, URL or outlet name without control characters, as the body is: a NUL from a
    JSONL or CSV record would otherwise make PostgreSQL refuse the whole batch it is saved in."""
    return CONTROL.sub("", value) if value else value


def _valid_unicode(raw: RawDocument) -> RawDocument:
    """The document with every lone surrogate replaced: an escaped byte by its "\\xNN"
    spelling (so a file name stays recognisable), any other by U+FFFD."""
    fixed = {f.name: SURROGATE.sub(_replace_surrogate, value) for f in dataclasses.fields(raw)
             if isinstance(value := getattr(raw, f.name), str) and SURROGATE.search(value)}
    return dataclasses.replace(raw, **fixed)


def _replace_surrogate(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"

