"""Bytes to text, refusing what is not text instead of analysing garbage.

Text files must be UTF-8 (with or without BOM) unless the user names an
encoding or asks for detection (`--encoding auto`): a plain text file declares
nothing, and a wrong guess would turn every accent into garbage without a
word. HTML may declare its own charset, and when it does not, the encoding is
detected with charset-normalizer.
"""

from __future__ import annotations

import codecs
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
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Streams decode with errors="surrogateescape": a byte that is not valid in the encoding
# becomes one of these code points, so a bad line can be refused while the rest is read.
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


class DecodeError(ValueError):
    """The bytes are not text in a usable encoding; the message says why."""


def describe_binary(data: bytes) -> Optional[str]:
    """What kind of binary data this is, or None when it looks like text."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith(UTF16_BOMS):
        return "binary data (NUL bytes)"
    return None


def decode_text(data: bytes, encoding: Optional[str] = None) -> str:
    """Decode a text document: UTF-8 (or the given encoding), else a clear error."""
    _refuse_binary(data)
    if encoding == "auto":
        return _detect(data)
    if encoding:
        return _decode_with(data, encoding)
    if data.startswith(UTF16_BOMS):
        return _decode_with(data, "utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-save it as UTF-8 or pass --encoding (e.g. --encoding cp1252, or auto to detect it)"
        ) from None


def stream_encoding(head: bytes, encoding: Optional[str] = None) -> str:
    """The encoding to read a record dump in, from its first bytes; DecodeError if unusable.

    The same rules as decode_text: UTF-8 (or UTF-16 with a BOM) unless one is named,
    "auto" detects it from the head of the file.
    """
    _refuse_binary(head)
    if encoding == "auto":
        if head.startswith(UTF16_BOMS):
            return "utf-16"
        if _utf8_so_far(head):  # as decode_text: UTF-8 first, or an ASCII head would mean ASCII
            return "utf-8-sig"
        best = from_bytes(head).best()
        if best is None:
            raise DecodeError("not text in any encoding that could be detected")
        return best.encoding
    if encoding:
        try:
            b"".decode(encoding)  # refuses names that are not text encodings (rot13, base64)
            return codecs.lookup(encoding).name
        except (LookupError, ValueError):
            raise DecodeError(f"unknown encoding {encoding!r}") from None
    return "utf-16" if head.startswith(UTF16_BOMS) else "utf-8-sig"


def escaped_byte_problem(text: str, encoding: str) -> Optional[str]:
    """Why a line decoded with surrogateescape is not valid text, or None when it is."""
    bad = ESCAPED_BYTE.search(text)
    if bad is None:
        return None
    byte = ord(bad.group()) - 0xDC00
    return (f"not valid {encoding.removesuffix('-sig')} (byte 0x{byte:02x} at character {bad.start() + 1}); "
            "re-save it as UTF-8 or pass --encoding (e.g. --encoding cp1252, or auto to detect it)")


def decode_html(data: bytes, encoding: Optional[str] = None) -> str:
    """Decode an HTML page: given encoding, declared charset, UTF-8, then detection."""
    _refuse_binary(data)
    declared = META_CHARSET.search(data[:4096])
    given = None if encoding == "auto" else encoding
    for candidate in (given, declared.group(1).decode("ascii", "ignore") if declared else None):
        if candidate:
            try:
                return data.decode(candidate)
            except (LookupError, ValueError):  # a bogus name (even one with a NUL), or bytes it can't decode
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


def _utf8_so_far(head: bytes) -> bool:
    """Whether the head of a file is UTF-8 (its last character may be cut off)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return True
    except UnicodeDecodeError:
        return False


def _decode_with(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise DecodeError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as err:
        raise DecodeError(f"not valid {encoding} at byte offset {err.start}") from None
    except ValueError as err:  # e.g. a NUL in the name, or a codec's own UnicodeError
        raise DecodeError(f"cannot decode as {encoding!r} ({err})") from None


def _refuse_binary(data: bytes) -> None:
    what = describe_binary(data)
    if what:
        raise DecodeError(f"this is {what}, not a text or HTML document")
