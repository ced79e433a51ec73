"""Readers for record dumps: JSON, JSON Lines and CSV, one document per object/row.

Each record needs `text` or `html`; `url`, `title`, `published`, `outlet` and
`id` are optional. A record's input name is "path:N" (line or row N, from 1).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

from ..dates import parse_date
from ..documents import RawDocument
from ..errors import InputError
from ..settings import Settings
from .decode import DecodeError, decode_text
from .registry import Item, reader

FIELDS = ("text", "html", "url", "title", "published", "outlet", "id")
# A dump may hold many documents: allow 200 per-document limits for the whole file.
DUMP_FACTOR = 200


def record_to_document(source: str, record: Any, settings: Settings) -> Item:
    """A RawDocument from one JSON object or CSV row, or the reason it is unusable."""
    if not isinstance(record, dict):
        return InputError(source, f"expected a JSON object, got {type(record).__name__}")
    values = {k: record.get(k) for k in FIELDS}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            values[key] = str(value)
    text, html = values["text"], values["html"]
    if not (text or "").strip() and not (html or "").strip():
        return InputError(source, "record has no `text` or `html` field (or both are empty)")
    size = len((text or "").encode()) + len((html or "").encode())
    if size > settings.max_bytes:
        return InputError(source, f"record too large ({size / 1e6:.1f} MB); raise --max-bytes")
    return RawDocument(
        input=source, text=text or None, html=html or None, url=values["url"],
        title=values["title"], published=parse_date(values["published"]),
        outlet=values["outlet"], id=values["id"],
    )


def _read_dump(path: Path, settings: Settings) -> str:
    limit = settings.max_bytes * DUMP_FACTOR
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise DecodeError(f"dump larger than {limit / 1e6:.0f} MB; split it into smaller files")
    if not data.strip():
        raise DecodeError("empty input: nothing to analyse")
    return decode_text(data, settings.encoding)


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, settings: Settings) -> Iterator[Item]:
    try:
        content = _read_dump(path, settings)
    except DecodeError as err:
        yield InputError(str(path), str(err))
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(source, f"not valid JSON ({err.msg} at column {err.colno})")
            continue
        yield record_to_document(source, record, settings)


@reader(".json")
def read_json(path: Path, settings: Settings) -> Iterator[Item]:
    """A .json file holds one object or a list of objects; JSON Lines content also works."""
    try:
        content = _read_dump(path, settings)
        data = json.loads(content)
    except DecodeError as err:
        yield InputError(str(path), str(err))
        return
    except json.JSONDecodeError as err:
        if "\n{" in content:
            yield from read_jsonl(path, settings)
        else:
            yield InputError(str(path), f"not valid JSON ({err.msg} at line {err.lineno})")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        yield record_to_document(f"{path}:{number}", record, settings)


@reader(".csv")
def read_csv(path: Path, settings: Settings) -> Iterator[Item]:
    try:
        content = _read_dump(path, settings)
    except DecodeError as err:
        yield InputError(str(path), str(err))
        return
    csv.field_size_limit(settings.max_bytes * 2)
    rows = csv.DictReader(io.StringIO(content, newline=""))
    if not rows.fieldnames or not {"text", "html"} & {f.strip().lower() for f in rows.fieldnames}:
        yield InputError(str(path), "CSV needs a header row with a `text` or `html` column")
        return
    try:
        for number, row in enumerate(rows, start=1):
            row = {(k or "").strip().lower(): v for k, v in row.items()}
            yield record_to_document(f"{path}:{number}", row, settings)
    except csv.Error as err:
        yield InputError(f"{path}:{rows.line_num}", f"malformed CSV ({err})")
