"""Readers for record dumps: JSON, JSON Lines and CSV, one document per object/row.

Each record needs `text` or `html`; `url`, `title`, `published`, `outlet` and
`id` are optional; `text` is the body whole, never split into a title (a record's
title is its own field). A record's input name is "path:N" (line or row N of a JSON
Lines or CSV file, record N of a JSON file, from 1).

Dumps are streamed, never read whole: memory follows the largest record, not
the file (limits.py says how large one may be). A bad record is one
error in its place; the records after it are still read, except where the
format gives no way to find the next one (a broken JSON list, an over-long
or malformed CSV row), and the message says so.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, TextIO

from ..dates import parse_date
from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .decode import DecodeError, Detected, escaped_byte_problem, stream_encoding
from .jsonstream import END, JsonRecords, RecordTooLarge
from .limits import record_limit, size, too_large, too_long
from .base import Item, Notice, reader
from .streams import open_input

FIELDS = ("text", "html", "url", "title", "published", "outlet", "id")
# A record's own id becomes the document's key, its story's key ("story-" + id; both fit
# store/schema.py KEY_LENGTH) and a path segment of the desk's links: letters, digits and a
# few marks only.
RECORD_ID = re.compile(r"[\w.:@+-]{1,200}")
# Bytes looked at to refuse binary data and to pick the encoding.
HEAD = 64 * 1024
REST_SKIPPED = "; the rest of the file is skipped"


class LineTooLong(ValueError):
    """A physical line is longer than the record limit; it was not read whole."""


def record_to_document(source: str, record: Any, settings: Settings) -> Item:
    """A RawDocument from one JSON object or CSV row, or the reason it is unusable."""
    if not isinstance(record, dict):
        return InputError(source, f"expected a JSON object, got {type(record).__name__}")
    values = {}
    for key in FIELDS:
        value = record.get(key)
        if isinstance(value, (dict, list)) or (
                key in ("text", "html") and value is not None and not isinstance(value, str)):
            return InputError(source, f"`{key}` should be a string, not {type(value).__name__}")
        values[key] = None if value is None or value == "" else str(value)  # an empty cell is a missing value
    text, html = values["text"], values["html"]
    if not (text or "").strip() and not (html or "").strip():
        return InputError(source, "record has no `text` or `html` field (or both are empty)")
    if values["id"] is not None and not RECORD_ID.fullmatch(values["id"]):
        return InputError(source, f"`id` {values['id'][:40]!r} is not usable: give 1-200 letters, digits "
                                  "or . : @ + - _ (or leave it out: the text's hash is then the id)")
    length = len((text or "").encode(errors="replace")) + len((html or "").encode(errors="replace"))
    if length > settings.max_bytes:
        return InputError(source, too_large("record", settings, detail=f"{size(length)} of text, "))
    return RawDocument(
        input=source, text=text or None, html=html or None, url=values["url"],
        title=values["title"], published=parse_date(values["published"]),
        outlet=values["outlet"], id=values["id"], text_is_body=True,
    )


@contextmanager
def open_dump(path: Path, settings: Settings, newline: str) -> Iterator[tuple[TextIO, str, Optional[Detected]]]:
    """The file as decoded text, its encoding, and the detection that found it (None when
    none was needed); DecodeError for binary or empty input.

    Bytes invalid in the encoding decode to escape code points (surrogateescape),
    so one bad line is refused where it is and the rest still read.
    """
    with open_input(path, settings) as stream:
        head = stream.peek(HEAD)[:HEAD]
        if not head.strip():
            raise DecodeError("empty input: nothing to analyse")
        encoding, detected = stream_encoding(head, settings.encoding)
        yield io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline=newline), encoding, detected


def read_dump(path: Path, settings: Settings, newline: str, records) -> Iterator[Item]:
    """The items of a dump, `records(path, text, encoding, settings)` yielding them from its
    text; a file that cannot be decoded is one error, and so is one without records."""
    try:
        with open_dump(path, settings, newline) as (text, encoding, detected):
            if detected is not None:
                yield Notice(str(path), detected.describe())
            empty = True
            for item in records(path, text, encoding, settings):
                empty = False
                yield item
            if empty:
                yield InputError(str(path), "no records in the file")
    except DecodeError as err:
        yield InputError(str(path), str(err))
    except UnicodeDecodeError as err:  # surrogateescape cannot carry every bad byte of UTF-16
        yield InputError(str(path), f"not valid {err.encoding} ({err.reason}){REST_SKIPPED}")


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, settings: Settings) -> Iterator[Item]:
    """One record per line; a broken or over-long line is an error in its place."""
    return read_dump(path, settings, "\n", _jsonl_records)


def _jsonl_records(path: Path, text: TextIO, encoding: str, settings: Settings) -> Iterator[Item]:
    for number, line in enumerate(bounded_lines(text, record_limit(settings), skip=True), start=1):
        source = f"{path}:{number}"
        if isinstance(line, LineTooLong):
            yield InputError(source, too_long("line", settings))
        elif line.strip():
            yield _json_line(source, line, encoding, settings)


def _json_line(source: str, line: str, encoding: str, settings: Settings) -> Item:
    problem = escaped_byte_problem(line, encoding)
    if problem:
        return InputError(source, problem)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(source, f"not valid JSON ({err.msg}: column {err.colno})")
    except RecursionError:
        return InputError(source, "not readable JSON (nested too deeply)")
    except ValueError as err:  # e.g. an integer of more than 4300 digits
        return InputError(source, f"not readable JSON ({err})")
    return record_to_document(source, record, settings)


def bounded_lines(text: TextIO, limit: int, *, skip: bool) -> Iterator[str | LineTooLong]:
    """The lines of a text stream, none read past `limit` characters.

    An over-long line comes out as a LineTooLong in its place; with `skip` the
    rest of it is passed over and reading goes on, else reading stops.
    """
    while line := text.readline(limit + 1):
        if len(line) <= limit or line.endswith("\n"):
            yield line
            continue
        yield LineTooLong()
        if not skip:
            return
        while (rest := text.readline(limit)) and not rest.endswith("\n"):
            pass


@reader(".json")
def read_json(path: Path, settings: Settings) -> Iterator[Item]:
    """A .json file holds a list of objects, one object, or JSON Lines; read as a stream."""
    return read_dump(path, settings, "\n", _json_records)


def _json_records(path: Path, text: TextIO, encoding: str, settings: Settings) -> Iterator[Item]:
    records = JsonRecords(text, record_limit(settings))
    for number in itertools.count(1):
        source = f"{path}:{number}"
        try:
            record = records.next_record()
        except ValueError as err:
            problem = too_long("record", settings) if isinstance(err, RecordTooLarge) else f"not valid JSON ({err})"
            if not records.resync():
                yield InputError(source, problem + REST_SKIPPED)
                return
            yield InputError(source, problem)
            continue
        if record is END:
            return
        problem = escaped_byte_problem(records.last_text, encoding)
        yield InputError(source, problem) if problem else record_to_document(source, record, settings)


@reader(".csv")
def read_csv(path: Path, settings: Settings) -> Iterator[Item]:
    """One record per row under a header row naming the columns."""
    return read_dump(path, settings, "", _csv_records)


def _csv_records(path: Path, text: TextIO, encoding: str, settings: Settings) -> Iterator[Item]:
    csv.field_size_limit(record_limit(settings))
    rows = csv.DictReader(_raise_too_long(bounded_lines(text, record_limit(settings), skip=False)))
    number = 0
    try:
        if not rows.fieldnames or not {"text", "html"} & {f.strip().lower() for f in rows.fieldnames}:
            yield InputError(str(path), "CSV needs a header row with a `text` or `html` column")
            return
        for number, row in enumerate(rows, start=1):
            row = {(k or "").strip().lower(): v for k, v in row.items()}
            problem = escaped_byte_problem(" ".join(v for v in row.values() if isinstance(v, str)), encoding)
            source = f"{path}:{number}"
            yield InputError(source, problem) if problem else record_to_document(source, row, settings)
    except LineTooLong:
        yield InputError(f"{path}:{number + 1}", too_long("row", settings) + REST_SKIPPED)
    except csv.Error as err:
        yield InputError(f"{path}:{number + 1}", f"malformed CSV ({err}){REST_SKIPPED}")


def _raise_too_long(lines: Iterator[str | LineTooLong]) -> Iterator[str]:
    """Lines for csv.reader; an over-long one ends the file, since a quoted field may span
    lines and nothing tells where the next row starts."""
    for line in lines:
        if isinstance(line, LineTooLong):
            raise line
        yield line
