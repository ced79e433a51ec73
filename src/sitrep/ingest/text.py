"""Readers for whole-file documents: plain text, HTML, and standard input."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Iterator

from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .decode import DecodeError, decode_html, decode_text
from .registry import Item, reader

HTML_START = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")


def read_bytes(source: str, data: bytes, settings: Settings, *, html: bool) -> Item:
    """One document from the bytes of a file or stream, or the reason it can't be read."""
    if not data.strip():
        return InputError(source, "empty input: nothing to analyse")
    if len(data) > settings.max_bytes:
        return InputError(
            source,
            f"too large ({len(data) / 1e6:.1f} MB; the limit is {settings.max_bytes / 1e6:.1f} MB "
            "per document): split it, or raise the limit with --max-bytes",
        )
    try:
        if html:
            return RawDocument(input=source, html=decode_html(data, settings.encoding))
        return RawDocument(input=source, text=decode_text(data, settings.encoding))
    except DecodeError as err:
        return InputError(source, str(err))


def looks_like_html(data: bytes) -> bool:
    return data[:512].lstrip().lower().startswith(HTML_START)


def _read_limited(path: Path, settings: Settings) -> bytes:
    """Read at most one byte past the limit, so a huge file is refused without loading it."""
    with path.open("rb") as handle:
        return handle.read(settings.max_bytes + 1)


@reader(".txt", ".text")
def read_text_file(path: Path, settings: Settings) -> Iterator[Item]:
    yield read_bytes(str(path), _read_limited(path, settings), settings, html=False)


@reader(".html", ".htm", ".xhtml")
def read_html_file(path: Path, settings: Settings) -> Iterator[Item]:
    yield read_bytes(str(path), _read_limited(path, settings), settings, html=True)


def read_sniffed(path: Path, settings: Settings) -> Iterator[Item]:
    """A file with an unknown extension: HTML if it looks like HTML, else text."""
    data = _read_limited(path, settings)
    yield read_bytes(str(path), data, settings, html=looks_like_html(data))


def read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    data = stream.read(settings.max_bytes + 1)
    yield read_bytes("-", data, settings, html=looks_like_html(data))
