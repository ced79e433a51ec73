"""Bytes to text, refusing what is not text instead of analysing garbage.

Text files must be UTF-8 (with or without BOM) unless the user names an
encoding or asks for detection (`--encoding auto`): a plain text file declares
nothing, and a wrong guess would turn every accent into garbage without a
word. HTML may declare its own charset, and when it does not, the encoding is
detected with charset-normalizer.
"""

from __future__ import annotations

import re
from typing import Optional

from charset_normalizer import from_bytes

MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in a usable encoding; the message says why."""


def describe_binary(data: bytes) -> Optional[str]:
    """What kind of binary data this is, or None when it looks like text."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary data (NUL bytes)"
    return None


def decode_text(data: bytes, encoding: Optional[str] = None) -> str:
    """Decode a text document: UTF-8 (or the given encoding), else a clear error."""
    _refuse_binary(data)
    if encoding == "auto":
        return _detect(data)
    if encoding:
        return _decode_with(data, encoding)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-save it as UTF-8 or pass --encoding (e.g. --encoding cp1252, or auto to detect it)"
        ) from None


def decode_html(data: bytes, encoding: Optional[str] = None) -> str:
    """Decode an HTML page: given encoding, declared charset, UTF-8, then detection."""
    _refuse_binary(data)
    declared = META_CHARSET.search(data[:4096])
    given = None if encoding == "auto" else encoding
    for candidate in (given, declared.group(1).decode("ascii", "ignore") if declared else None):
        if candidate:
            try:
                return data.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _detect(data)


def _detect(data: bytes) -> str:
    """The text in the encoding charset-normalizer finds most plausible."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
    if best is None:
        raise DecodeError("not text in any encoding that could be detected")
    return str(best)


def _decode_with(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as err:
        raise DecodeError(f"not valid {encoding} at byte offset {err.start}") from None


def _refuse_binary(data: bytes) -> None:
    what = describe_binary(data)
    if what:
        raise DecodeError(f"this is {what}, not a text or HTML document")
