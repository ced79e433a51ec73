"""Bytes to text, refusing what is not text instead of analysing garbage.

Text files must be UTF-8 (with or without BOM) unless the user names an
encoding or asks for detection (`--encoding auto`): a plain text file declares
nothing, and a wrong guess would turn every accent into garbage without a
word. HTML may declare its own charset, and when it does not, the encoding is
detected too.

Detection asks charset-normalizer for the encodings that read the bytes as
text, cleanest first (its "chaos": the share that looks garbled). On a short
text many tie at no chaos and its first pick can be absurd: Latin-1 "São
Paulo" came out as Big5 "S緌 Paulo", "João" as Windows-1250 "Joăo". So among
the cleanest readings, one that garbles a word (another script's letter or a
symbol inside a Latin word: "S緌", UTF-8's "ZÃ¼rich" read as Latin-1) goes after
those that do not, and Windows-1252 goes first: the HTML Standard's default
for English-language pages, and what browsers read pages labelled Latin-1 as.
(A Central European text whose accents all land on other Latin letters reads
as cleanly in Windows-1252, and gets it: sitrep reads English.) The encoding
must decode the whole file, and the reader says which it chose, with
charset-normalizer's confidence and the rivals as clean (Detected.describe).
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple, Optional

from charset_normalizer import CharsetMatch, from_bytes

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
# The HTML Standard's default encoding for pages in English (and what browsers decode pages
# labelled "iso-8859-1" or "latin1" with): https://html.spec.whatwg.org/#determining-the-character-encoding
ENGLISH_DEFAULT = "cp1252"
# Matches whose chaos differs by less than this are tied (charset-normalizer's own margin,
# CharsetMatch.__lt__).
CHAOS_TIE = 0.005
# A stretch of text around a character outside ASCII, up to white space, ASCII punctuation or
# digits: where a wrong code page shows. Only the first MAX_STRETCHES are looked at.
AROUND_NON_ASCII = re.compile(r"[^\s!-@\[-`{-~]*[^\x00-\x7f][^\s!-@\[-`{-~]*")
MAX_STRETCHES = 2000
# Basic Latin, Latin-1 Supplement and Latin Extended-A and -B end here.
LATIN_BLOCKS_END = "\u0250"


class DecodeError(ValueError):
    """The bytes are not text in a usable encoding; the message says why."""


@dataclass(frozen=True)
class Detected:
    """An encoding found by detection: charset-normalizer's confidence in it (1 - chaos)
    and the other encodings that read the bytes as cleanly (as different text)."""

    encoding: str
    confidence: float
    rivals: tuple[str, ...] = ()

    def describe(self) -> str:
        """The notice for the user: which encoding, how sure, and how to choose another."""
        rivals = f"; {', '.join(self.rivals)} would read it as cleanly" if self.rivals else ""
        return (f"not UTF-8: read as {self.encoding} (detected, confidence {self.confidence:.2f}{rivals}); "
                "pass --encoding to choose another")


class Decoded(NamedTuple):
    """Decoded text, and the detection that chose its encoding (None when none was needed)."""

    text: str
    detected: Optional[Detected] = None


def describe_binary(data: bytes) -> Optional[str]:
    """What kind of binary data this is, or None when it looks like text."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith(UTF16_BOMS):
        return "binary data (NUL bytes)"
    return None


def check_encoding(name: str) -> str:
    """The codec name for an encoding the user named ("auto" as it is); DecodeError for a name
    that is no text encoding (unknown, or a bytes-to-bytes codec such as rot13 or base64)."""
    if name == "auto":
        return name
    try:
        b"\x00".decode(name)  # not b"": Python decodes nothing without looking the codec up
    except UnicodeDecodeError:
        pass  # a text encoding in which one byte is not a whole character (UTF-16)
    except (LookupError, ValueError):  # not a text encoding; or a NUL in the name
        raise DecodeError(f"unknown encoding {name!r}: name a text encoding such as cp1252 or latin-1, "
                          "or auto to detect it") from None
    return codecs.lookup(name).name


def decode_text(data: bytes, encoding: Optional[str] = None) -> Decoded:
    """Decode a text document: UTF-8 (or the given encoding), else a clear error."""
    _refuse_binary(data)
    if encoding == "auto":
        return _detect(data)
    if encoding:
        return Decoded(_decode_with(data, encoding))
    if data.startswith(UTF16_BOMS):
        return Decoded(_decode_with(data, "utf-16"))
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-save it as UTF-8 or pass --encoding (e.g. --encoding cp1252, or auto to detect it)"
        ) from None


def stream_encoding(head: bytes, encoding: Optional[str] = None) -> tuple[str, Optional[Detected]]:
    """The encoding to read a record dump in, from its first bytes (and the detection, when
    one was needed); DecodeError if unusable.

    The same rules as decode_text: UTF-8 (or UTF-16 with a BOM) unless one is named,
    "auto" detects it from the head of the file.
    """
    _refuse_binary(head)
    if encoding == "auto":
        if head.startswith(UTF16_BOMS):
            return "utf-16", None
        if _utf8_so_far(head):  # as decode_text: UTF-8 first, or an ASCII head would mean ASCII
            return "utf-8-sig", None
        ranked = ranked_readings(head)
        if not ranked:
            raise DecodeError("not text in any encoding that could be detected")
        return ranked[0].encoding, _detected(ranked[0], ranked)
    if encoding:
        return check_encoding(encoding), None
    return ("utf-16" if head.startswith(UTF16_BOMS) else "utf-8-sig"), None


def escaped_byte_problem(text: str, encoding: str) -> Optional[str]:
    """Why a line decoded with surrogateescape is not valid text, or None when it is."""
    bad = ESCAPED_BYTE.search(text)
    if bad is None:
        return None
    byte = ord(bad.group()) - 0xDC00
    return (f"not valid {encoding.removesuffix('-sig')} (byte 0x{byte:02x} at character {bad.start() + 1}); "
            "re-save it as UTF-8 or pass --encoding (e.g. --encoding cp1252, or auto to detect it)")


def decode_html(data: bytes, encoding: Optional[str] = None) -> Decoded:
    """Decode an HTML page: given encoding, declared charset, UTF-8, then detection."""
    _refuse_binary(data)
    declared = META_CHARSET.search(data[:4096])
    given = None if encoding == "auto" else encoding
    for candidate in (given, declared.group(1).decode("ascii", "ignore") if declared else None):
        if candidate:
            try:
                return Decoded(data.decode(candidate))
            except (LookupError, ValueError):  # a bogus name (even one with a NUL), or bytes it can't decode
                continue
    return _detect(data)


class Reading(NamedTuple):
    """One of charset-normalizer's readings of the bytes, and how it ranks."""

    match: CharsetMatch
    cleanest: bool  # as clean as the cleanest reading (within the tie margin)
    garbled: bool  # garbles_a_word()

    @property
    def encoding(self) -> str:
        return self.match.encoding


def ranked_readings(data: bytes) -> list[Reading]:
    """charset-normalizer's readings of the bytes, the most plausible first (see the module's
    docstring): the cleanest that garble no word, Windows-1252 first among them."""
    matches = list(from_bytes(data))
    default = from_bytes(data, cp_isolation=[ENGLISH_DEFAULT]).best()
    if default is not None and all(m.encoding != default.encoding for m in matches):
        matches.append(default)
    if not matches:
        return []
    least = min(m.chaos for m in matches)
    readings = [Reading(m, m.chaos - least < CHAOS_TIE, garbles_a_word(str(m))) for m in matches]
    # sorted() is stable: charset-normalizer's own order within a rank
    return sorted(readings, key=lambda r: (not r.cleanest, r.garbled, r.encoding != ENGLISH_DEFAULT))


def garbles_a_word(text: str) -> bool:
    """Whether a word mixes Latin letters with another script's, or has a symbol wedged
    between Latin letters: what reading bytes in the wrong code page makes of an accent."""
    stretches = itertools.islice(AROUND_NON_ASCII.finditer(text), MAX_STRETCHES)
    return any(_garbled(word) for stretch in stretches for word in _words(stretch.group()))


def _words(stretch: str) -> list[str]:
    """The stretch cut at punctuation, spaces and digits of any script (curly quotes, dashes)."""
    words, word = [], []
    for char in stretch:
        if unicodedata.category(char)[0] in "PZC" or char.isdecimal():
            words.append("".join(word))
            word = []
        else:
            word.append(char)
    return [w for w in [*words, "".join(word)] if w]


def _garbled(word: str) -> bool:
    """Whether one word has Latin letters with another script's, or a symbol between Latin letters."""
    kinds = []
    for char in word:
        category = unicodedata.category(char)
        if category[0] == "M":  # a combining accent belongs to its letter
            continue
        if category[0] == "L":
            kinds.append("latin" if _is_latin(char) else "letter")
        else:
            kinds.append("symbol")
    if "latin" in kinds and "letter" in kinds:
        return True
    latin = [i for i, kind in enumerate(kinds) if kind == "latin"]
    return bool(latin) and any(kind == "symbol" for kind in kinds[latin[0]:latin[-1]])


def _is_latin(letter: str) -> bool:
    """A Latin letter, counting those of the Latin blocks that Unicode names otherwise
    (µ, ª, º: "10µg", "nº")."""
    return letter < LATIN_BLOCKS_END or unicodedata.name(letter, "").startswith("LATIN")


def _detect(data: bytes) -> Decoded:
    """The text in the most plausible encoding that decodes all of it."""
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        ranked = ranked_readings(data)
    for reading in ranked:
        try:
            return Decoded(data.decode(reading.encoding), _detected(reading, ranked))
        except (UnicodeDecodeError, LookupError):  # a match from sampled chunks that fails elsewhere
            continue
    raise DecodeError("not text in any encoding that could be detected")


def _detected(chosen: Reading, ranked: list[Reading]) -> Detected:
    """What to tell the user about a detection: the encoding, charset-normalizer's confidence
    in it, and its rivals (other plausible readings as clean, giving different text)."""
    text = str(chosen.match)
    rivals = tuple(r.encoding for r in ranked if r.cleanest and not r.garbled and str(r.match) != text)
    return Detected(chosen.encoding, round(1 - chosen.match.chaos, 2), rivals[:3])


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
