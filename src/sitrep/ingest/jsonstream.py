"""The records of a JSON file, parsed one at a time from a stream.

A dump can be larger than memory, and `json.load` holds all of it. The
standard library's decoder parses one value out of the middle of a string
(`raw_decode`), so JsonRecords keeps a window of the stream, parses the next
value in it, and reads more only while that value is incomplete. No value may
grow past `limit` characters, so memory stays bounded whatever the file holds.
(ijson streams too, but it keeps a path string per nesting level: 100,000
nested brackets took it past 20 GB.)

A file is either one list of records or a sequence of values separated by
white space: one object, pretty-printed objects, or JSON Lines. In a list a
syntax error ends the file, since nothing marks where the next item starts;
in a sequence, reading resumes at the next line that opens an object.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

DECODER = json.JSONDecoder()
NOT_WHITESPACE = re.compile(r"[^ \t\n\r]")
NUMBER_CHARS = "0123456789.eE+-"
CHUNK = 64 * 1024
# raw_decode reports where it stopped; a stop this close to the end of the window may
# only mean the value continues past it.
NEAR_END = 64
END = object()


class RecordTooLarge(ValueError):
    """One value is longer than the limit; it was not read whole."""


class JsonRecords:
    """next_record() returns each top-level value (or list item) in turn, then END.

    `last_text` is the JSON text of the record last returned, as read.
    """

    def __init__(self, text: TextIO, limit: int, chunk: int = CHUNK):
        self._text = text
        self._limit = limit
        self._chunk = chunk
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._after_item = False
        self.last_text = ""
        self.is_list = self._peek() == "["
        if self.is_list:
            self._pos += 1

    def next_record(self) -> Any:
        """The next record, or END; ValueError when the JSON is broken or too large here."""
        char = self._peek()
        if not self.is_list:
            return END if char == "" else self._decode()
        if char == "]":
            self._pos += 1
            if self._peek():
                raise ValueError("more data after the list's closing ']'")
            return END
        if self._after_item:
            if char != ",":
                raise ValueError("expected ',' or ']' after a list item" if char else "the list is never closed")
            self._pos += 1
            self._peek()
        self._after_item = True
        return self._decode()

    def resync(self) -> bool:
        """After an error in a sequence, skip to the next line opening an object; False in a list."""
        if self.is_list:
            return False
        start = self._pos + 1
        while (found := self._buf.find("\n{", start)) < 0:
            self._pos = max(len(self._buf) - 1, self._pos)  # keep a last "\n"
            if not self._read_more():
                self._pos = len(self._buf)
                return True
            start = 0
        self._pos = found + 1
        return True

    def _decode(self) -> Any:
        while True:
            try:
                value, end = DECODER.raw_decode(self._buf, self._pos)
                if self._eof or not self._may_continue(value, end):
                    self.last_text = self._buf[self._pos:end]
                    self._pos = end
                    return value
            except json.JSONDecodeError as err:
                if self._eof or not self._incomplete(err):
                    raise ValueError(f"{err.msg}: character {err.pos - self._pos + 1} of the record") from None
            except RecursionError:
                raise ValueError("nested too deeply to read") from None
            if len(self._buf) - self._pos > self._limit:
                raise RecordTooLarge(f"record longer than {self._limit:,} characters")
            self._read_more()

    def _may_continue(self, value: Any, end: int) -> bool:
        """Whether the value might go on past the window: a number cut at "1." or "1e" parses as 1."""
        if end == len(self._buf):
            return True
        return type(value) in (int, float) and self._buf[end] in NUMBER_CHARS

    def _incomplete(self, err: json.JSONDecodeError) -> bool:
        """Whether more of the stream might complete the value (or it is really broken)."""
        return err.msg.startswith("Unterminated string") or err.pos >= len(self._buf) - NEAR_END

    def _peek(self) -> str:
        """The next character that is not white space ("" at the end), left unread."""
        while True:
            found = NOT_WHITESPACE.search(self._buf, self._pos)
            if found:
                self._pos = found.start()
                return found.group()
            self._pos = len(self._buf)
            if not self._read_more():
                return ""

    def _read_more(self) -> bool:
        """Append the next stretch of the stream to the window, dropping what was parsed."""
        pending = len(self._buf) - self._pos
        chunk = self._text.read(max(self._chunk, pending))
        self._buf = self._buf[self._pos:] + chunk
        self._pos = 0
        self._eof = not chunk
        return bool(chunk)
