"""Readers for multi-document containers: WARC web archives and RSS/Atom feeds.

A record's input name is "path#N" (N counts the documents read, from 1). WARC
response records with an HTML body become HTML documents with the record's
URL and capture date; feed entries become HTML documents from the entry's own
content (or its summary) with the entry's link, title and date, and the
feed's title as outlet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..dates import parse_date
from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .decode import DecodeError, decode_html
from .registry import Item, reader

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_MAGIC = (b"WARC/", b"\x1f\x8b")


@reader(".warc", ".warc.gz")
def read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """HTML responses of a WARC file; records over the size limit are refused one by one."""
    number = records = 0
    with path.open("rb") as stream:
        if not stream.read(5).startswith(WARC_MAGIC):
            yield InputError(str(path), "not a WARC file (it should start with 'WARC/' or be gzip-compressed)")
            return
        stream.seek(0)
        try:
            for record in ArchiveIterator(stream):
                records += 1
                if not _is_html_response(record):
                    continue
                number += 1
                yield _warc_document(f"{path}#{number}", record, settings)
        except ArchiveLoadFailed as err:
            yield InputError(f"{path}#{number + 1}", f"not a readable WARC record ({err}); the rest of the file is skipped")
    if records == 0:
        yield InputError(str(path), "no WARC records found")


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(HTML_TYPES)


def _warc_document(source: str, record, settings: Settings) -> Item:
    """One HTML response, read with a cap so a huge record is refused, not loaded."""
    body = record.content_stream().read(settings.max_bytes + 1)
    if len(body) > settings.max_bytes:
        return InputError(source, f"WARC record larger than {settings.max_bytes / 1e6:.1f} MB; raise --max-bytes")
    if not body.strip():
        return InputError(source, "empty WARC response body")
    try:
        html = decode_html(body, settings.encoding or _charset(record))
    except DecodeError as err:
        return InputError(source, str(err))
    headers = record.rec_headers
    return RawDocument(
        input=source, html=html, url=headers.get_header("WARC-Target-URI"),
        date_hint=parse_date(headers.get_header("WARC-Date")),
    )


def _charset(record) -> str | None:
    content_type = record.http_headers.get_header("Content-Type") or ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


@reader(".rss", ".atom", ".xml")
def read_feed(path: Path, settings: Settings) -> Iterator[Item]:
    """Entries of an RSS or Atom feed file."""
    with path.open("rb") as stream:
        data = stream.read(settings.max_bytes * 20 + 1)
    if len(data) > settings.max_bytes * 20:
        yield InputError(str(path), "feed file too large; split it or raise --max-bytes")
        return
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f"not an RSS/Atom feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield InputError(str(path), problem)
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        yield _feed_document(f"{path}#{number}", entry, outlet)


def _feed_document(source: str, entry, outlet: str | None) -> Item:
    contents = [c.get("value", "") for c in entry.get("content", [])]
    html = max(contents, key=len) if contents else entry.get("summary", "")
    if not html.strip():
        return InputError(source, "feed entry has no content or summary")
    published = entry.get("published") or entry.get("updated")
    return RawDocument(input=source, html=html, url=entry.get("link"), title=entry.get("title"),
                       published=parse_date(published), outlet=outlet)
