"""Readers for multi-document containers: WARC web archives and RSS/Atom feeds.

A record's input name is "path#N" (N counts the documents read, from 1). WARC
response records with an HTML body become HTML documents with the record's
URL and capture date; feed entries become HTML documents from the entry's own
content (or its summary) with the entry's link, title and date, and the
feed's title as outlet.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from pathlib import Path
from typing import Iterator

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.utils import BUFF_SIZE

from ..dates import parse_date
from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .decode import DecodeError, decode_html
from .limits import FEED_FACTOR, MAX_WARC_HEADERS, feed_limit, size, too_large
from .base import Item, Notice, reader
from .streams import open_input, read_at_most

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_MAGIC = b"WARC/"
# warcio logs its repairs of broken records ("Replacing spaces in invalid WARC-Target-URI: ...",
# quoting the record); sitrep reports problems itself, one line each. An application that
# configures logging still receives them.
logging.getLogger("warcio").addHandler(logging.NullHandler())
# An entity whose value refers to another entity can nest a billion times over ("billion
# laughs"). expat stops that past 8 MB of text, but only after feedparser has handled those
# 8 MB, a second or more of work for 400 bytes of feed (fuzzing timed out on one). No real
# feed nests entities; flat ones (<!ENTITY nbsp "&#160;">) still pass.
NESTED_ENTITY = re.compile(rb"""<!ENTITY\s+(?:%\s+)?[^\s"']+\s+(?:"[^"]*[&%][A-Za-z_:]|'[^']*[&%][A-Za-z_:])""")
ROOT_ELEMENT = re.compile(rb"<[A-Za-z]")


@reader(".warc", ".warc.gz")
def read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """HTML responses of a WARC file; records over the size limit are refused one by one."""
    with open_input(path, settings) as stream:
        if stream.peek(len(WARC_MAGIC))[: len(WARC_MAGIC)] != WARC_MAGIC:
            yield InputError(str(path), "not a WARC file (it should start with 'WARC/', gzip-compressed or not)")
            return
        yield from _warc_documents(path, BoundedArchiveIterator(stream), settings)


def _warc_documents(path: Path, records: Iterator, settings: Settings) -> Iterator[Item]:
    number = seen = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            if not number:
                yield InputError(str(path), f"no HTML responses in it ({seen} WARC records read)")
            return
        except (ArchiveLoadFailed, HeadersTooLong, AttributeError) as err:  # see _warc_failure
            yield InputError(f"{path}#{number + 1}", _warc_failure(err))
            return
        seen += 1
        if _is_html_response(record):
            number += 1
            yield from _warc_document(f"{path}#{number}", record, settings)


def _warc_failure(err: Exception) -> str:
    """The message for a record warcio cannot parse; nothing after it can be trusted.

    Besides ArchiveLoadFailed, warcio raises AttributeError on a response record
    without WARC-Target-URI (fuzzing found it; no other exception came out of it
    in the fuzzers' runs). Either way the record boundary is lost, so the rest of
    the file is skipped.
    """
    detail = "a response record without WARC-Target-URI" if isinstance(err, AttributeError) else one_line(err)
    return f"not a readable WARC record ({detail}); the rest of the file is skipped"


class HeadersTooLong(ValueError):
    """A record's header lines run on past MAX_WARC_HEADERS bytes."""


class HeaderBoundedReader(DecompressingBufferedReader):
    """warcio's record reader, with a bound on the header lines read between payloads.

    warcio reads a header line whole, however long, by repeated concatenation:
    a 200 MB line without a newline took minutes and all of it in memory.
    Payloads are read with read(), headers (and the blank lines between
    records) with readline(), so the bytes read by readline() since the last
    read() are a record's headers.
    """

    def __init__(self, stream):
        super().__init__(stream, block_size=BUFF_SIZE)
        self._header_bytes = 0

    def read(self, length=None):
        self._header_bytes = 0
        return super().read(length)

    def readline(self, length=None):
        allowed = MAX_WARC_HEADERS - self._header_bytes + 1
        line = super().readline(allowed if length is None else min(length, allowed))
        self._header_bytes += len(line)
        if self._header_bytes > MAX_WARC_HEADERS:
            raise HeadersTooLong(f"its headers run past the limit of {size(MAX_WARC_HEADERS)}")
        return line


class BoundedArchiveIterator(ArchiveIterator):
    """ArchiveIterator reading through HeaderBoundedReader, without warcio's stderr notes."""

    def __init__(self, stream):
        super().__init__(stream)
        self.reader = HeaderBoundedReader(self.fh)

    def _consume_blanklines(self):
        """warcio's, minus the three-line warning it writes to stderr when a record's
        Content-Length is off: the next record is still found, or its failure reported.
        (Readers run in the main thread; the redirect is not meant for threads.)"""
        with contextlib.redirect_stderr(io.StringIO()):
            return super()._consume_blanklines()


def one_line(err: Exception, limit: int = 200) -> str:
    """An exception's message as one short line (library messages may span lines or quote data)."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= limit else text[:limit] + "…"


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(HTML_TYPES)


def _warc_document(source: str, record, settings: Settings) -> Iterator[Item]:
    """One HTML response, read with a cap so a huge record is refused, not loaded (a Notice
    before it when its encoding had to be detected).

    The body is read as sent (chunked transfer and Content-Encoding undone by
    warcio); the cap applies to what that decodes to.
    """
    body = read_at_most(record.content_stream(), settings.max_bytes + 1)
    if len(body) > settings.max_bytes:
        yield InputError(source, too_large("WARC response body", settings))
        return
    try:
        html, detected = decode_html(body, settings.encoding or _charset(record))
    except DecodeError as err:
        yield InputError(source, str(err))
        return
    if detected is not None:
        yield Notice(source, detected.describe())
    if not html.strip():
        yield InputError(source, "empty WARC response body")
        return
    headers = record.rec_headers
    yield RawDocument(
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
    with open_input(path, settings) as stream:
        data = read_at_most(stream, feed_limit(settings) + 1)
    if len(data) > feed_limit(settings):
        yield InputError(str(path), f"feed larger than the limit of {size(feed_limit(settings))} ({FEED_FACTOR} x "
                                    "--max-bytes, as feeds are read whole): split it, or raise --max-bytes")
        return
    # A file object, not the bytes: feedparser tries bytes as a file name (or URL) first,
    # so a feed file holding a path would be read from that path.
    if _nests_entities(data):
        yield InputError(str(path), "the feed declares entities that nest (a billion-laughs attack?); refused unread")
        return
    try:
        feed = feedparser.parse(io.BytesIO(data))
    except (ValueError, LookupError) as err:
        # Fuzzing found feedparser raising from its own internals on broken feeds: UnicodeDecodeError
        # (a non-UTF-8 byte in the XML declaration), ValueError (a NUL in the encoding's name) and,
        # in its fallback parser, KeyError ('links' for a <link> closed after its <item>).
        yield InputError(str(path), f"not a readable feed ({type(err).__name__}: {one_line(err)})")
        return
    if not feed.entries:
        problem = f"not an RSS/Atom feed ({one_line(feed.bozo_exception)})" if feed.bozo else "feed has no entries"
        yield InputError(str(path), problem)
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        yield _feed_document(f"{path}#{number}", entry, outlet, settings)


def _nests_entities(data: bytes) -> bool:
    """Whether the document type, before the root element, declares an entity made of entities."""
    root = ROOT_ELEMENT.search(data)
    return bool(NESTED_ENTITY.search(data, 0, root.start() if root else len(data)))


def _feed_document(source: str, entry, outlet: str | None, settings: Settings) -> Item:
    # feedparser leaves a key None when the element is there but broken (fuzzing found it).
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    html = max(contents, key=len) if contents else entry.get("summary") or ""
    if not html.strip():
        return InputError(source, "feed entry has no content or summary")
    if len(html.encode(errors="replace")) > settings.max_bytes:
        return InputError(source, too_large("feed entry", settings))
    published = entry.get("published") or entry.get("updated")
    return RawDocument(input=source, html=html, url=entry.get("link"), title=entry.get("title"),
                       published=parse_date(published), outlet=outlet)
