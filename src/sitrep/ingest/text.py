"""Readers for whole-file documents: plain text, HTML, and standard input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .decode import DecodeError, decode_html, decode_text
from .limits import too_large
from .base import Item, Notice, reader
from .streams import open_input, read_at_most

# Scrapers and archives often name files by date: "breitbart_2016-09-12_slug.txt".
DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
HTML_START = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")


def read_bytes(source: str, data: bytes, settings: Settings, *, html: bool) -> Iterator[Item]:
    """One document from the bytes of a file or stream, or the reason it can't be read;
    a Notice before it when its encoding had to be detected."""
    if not data.strip():
        yield InputError(source, "empty input: nothing to analyse")
        return
    if len(data) > settings.max_bytes:
        yield InputError(source, too_large("input", settings))
        return
    try:
        content, detected = decode_html(data, settings.encoding) if html else decode_text(data, settings.encoding)
    except DecodeError as err:
        yield InputError(source, str(err))
        return
    if detected is not None:
        yield Notice(source, detected.describe())
    if not content.strip():  # blank once decoded (a UTF-16 BOM and spaces)
        yield InputError(source, "empty input: nothing to analyse")
    else:
        yield RawDocument(input=source, html=content) if html else RawDocument(input=source, text=content)


def looks_like_html(data: bytes) -> bool:
    return data[:512].lstrip().lower().startswith(HTML_START)


def _read_limited(path: Path, settings: Settings) -> bytes:
    """Read at most one byte past the limit, so a huge (or hugely inflating) file is refused
    without loading it."""
    with open_input(path, settings) as handle:
        return read_at_most(handle, settings.max_bytes + 1)


def date_in_name(path: Path) -> Optional[dt.date]:
    """A YYYY-MM-DD date in the file name, taken as the publication date when the
    document itself gives none."""
    match = DATE_IN_NAME.search(path.name)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _read_path(path: Path, settings: Settings, html: Optional[bool]) -> Iterator[Item]:
    data = _read_limited(path, settings)
    for item in read_bytes(str(path), data, settings, html=looks_like_html(data) if html is None else html):
        if isinstance(item, RawDocument):
            item.date_hint = date_in_name(path)
        yield item


@reader(".txt", ".text")
def read_text_file(path: Path, settings: Settings) -> Iterator[Item]:
    yield from _read_path(path, settings, html=False)


@reader(".html", ".htm", ".xhtml")
def read_html_file(path: Path, settings: Settings) -> Iterator[Item]:
    yield from _read_path(path, settings, html=True)


def read_sniffed(path: Path, settings: Settings) -> Iterator[Item]:
    """A file with an unknown extension: HTML if it looks like HTML, else text."""
    yield from _read_path(path, settings, html=None)


def read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    data = stream.read(settings.max_bytes + 1)
    yield from read_bytes("-", data, settings, html=looks_like_html(data))
