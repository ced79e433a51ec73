"""Property tests of the readers: any bytes, any text, any record -> documents or one-line errors.

Each format has a round-trip property on well-formed input (what was written comes back,
one item per record, in order: nothing lost) and a robustness property on anything at all
(only RawDocuments and one-line InputErrors come out).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from hostile_checks import assert_reader_items
from hostile_strategies import any_text, html_page, json_value, real_sentence, record
from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.ingest.decode import describe_binary
from sitrep.ingest.jsonstream import END, JsonRecords
from sitrep.ingest.records import record_to_document
from sitrep.settings import Settings

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".csv", ".warc", ".warc.gz", ".rss", ".atom", ".xml",
            ".txt.gz", ".jsonl.gz", ".gz", ".php"]
SETTINGS = Settings(max_bytes=200_000)


def read_one(name: str, data: bytes, settings: Settings = SETTINGS) -> tuple[list, str]:
    """Write the bytes to a file of that name and read it the way the CLI does."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_paths([str(path)], settings)), str(path)


def encoded(text: str) -> bytes:
    """UTF-8, keeping lone surrogates as the invalid bytes a broken encoder writes."""
    return text.encode("utf-8", "surrogatepass")


shaped_bytes = st.one_of(
    st.binary(max_size=3000),
    any_text.map(encoded),
    html_page().map(encoded),
    st.lists(record(), max_size=4).map(lambda rs: "\n".join(map(json.dumps, rs)).encode()),
    st.tuples(st.sampled_from([b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss>", b"<feed>", b"[", b"{", b"text,html\n",
                               b"\x1f\x8b", b"\xff\xfe", b"\xef\xbb\xbf"]), st.binary(max_size=2000)).map(b"".join),
)


@given(suffix=st.sampled_from(SUFFIXES), data=shaped_bytes, compress=st.booleans())
def test_any_bytes_under_any_name_give_documents_or_one_line_errors(suffix, data, compress):
    items, source = read_one("input" + suffix, gzip.compress(data) if compress else data)
    assert items, "every input yields at least a document or an error"
    assert_reader_items(items, source)


@given(text=any_text)
def test_text_file_reads_back_exactly_or_is_refused(text):
    data = encoded(text)
    [item], source = read_one("story.txt", data)
    try:
        expected = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        expected = None
    refused = describe_binary(data) is not None or expected is None or not expected.strip()
    assert isinstance(item, InputError) == refused
    if not refused:
        assert item.text == expected and item.input == source


def non_blank_line_numbers(text: str) -> list[int]:
    lines = text.removeprefix("\ufeff").split("\n")
    return [number for number, line in enumerate(lines, start=1) if line.strip()]


line_text = st.text(max_size=40).filter(lambda line: "\n" not in line)


@given(lines=st.lists(record().map(json.dumps) | line_text, min_size=1, max_size=8), crlf=st.booleans())
def test_jsonl_gives_one_item_per_non_blank_line_in_order(lines, crlf):
    content = ("\r\n" if crlf else "\n").join(lines)
    data = encoded(content)
    items, source = read_one("dump.jsonl", data)
    assert_reader_items(items, source)
    if describe_binary(data[:65536]) or not data[:65536].strip():
        assert len(items) == 1 and isinstance(items[0], InputError) and items[0].source == source
        return
    expected = [f"{source}:{n}" for n in non_blank_line_numbers(content)] or [source]  # or "no records"
    assert [i.input if isinstance(i, RawDocument) else i.source for i in items] == expected
    for item, line in zip(items, [line for line in content.split("\n") if line.strip()]):
        try:
            parsed = json.loads(line)
        except ValueError:
            assert isinstance(item, InputError)
            continue
        expected = record_to_document(item.source if isinstance(item, InputError) else item.input, parsed, SETTINGS)
        assert type(item) is type(expected)
        if isinstance(item, RawDocument):
            assert (item.text, item.html, item.title) == (expected.text, expected.html, expected.title)


finite_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4), max_leaves=12)


@given(values=st.lists(finite_json, max_size=6), chunk=st.integers(1, 40), indent=st.sampled_from([None, 0, 2]))
def test_json_list_streams_exactly_what_json_loads_reads(values, chunk, indent):
    records = JsonRecords(io.StringIO(json.dumps(values, indent=indent)), limit=1_000_000, chunk=chunk)
    assert records.is_list
    assert list(iter(records.next_record, END)) == values


@given(values=st.lists(st.dictionaries(st.text(max_size=8), finite_json, max_size=4), max_size=6),
       chunk=st.integers(1, 40), indent=st.sampled_from([None, 2]))
def test_json_sequence_streams_each_top_level_object(values, chunk, indent):
    text = "\n".join(json.dumps(value, indent=indent) for value in values)
    records = JsonRecords(io.StringIO(text), limit=1_000_000, chunk=chunk)
    assert list(iter(records.next_record, END)) == values


@given(records=st.lists(record() | json_value, min_size=1, max_size=6),
       layout=st.sampled_from(["list", "indented", "lines"]))
def test_json_file_gives_one_item_per_record_in_order(records, layout):
    if layout == "lines":
        records = [r if isinstance(r, dict) else {"value": r} for r in records]
        data = "\n".join(json.dumps(r) for r in records).encode()
    else:
        data = json.dumps(records, indent=2 if layout == "indented" else None).encode()
    items, source = read_one("dump.json", data)
    assert_reader_items(items, source)
    # Compare with what JSON itself reads back (it joins escaped surrogate pairs, for one).
    records = [json.loads(line) for line in data.split(b"\n")] if layout == "lines" else json.loads(data)
    expected = [record_to_document(f"{source}:{n}", r, SETTINGS) for n, r in enumerate(records, start=1)]
    assert [type(i) for i in items] == [type(e) for e in expected]
    for item, wanted in zip(items, expected):
        if isinstance(item, RawDocument):
            assert (item.input, item.text, item.html, item.url) == (wanted.input, wanted.text, wanted.html, wanted.url)


csv_text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=200)


@given(rows=st.lists(st.tuples(csv_text, csv_text), min_size=1, max_size=6))
def test_csv_round_trips_every_row(rows):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["Title", "Text"])
    writer.writerows(rows)
    data = out.getvalue().encode()
    items, source = read_one("dump.csv", data)
    assert_reader_items(items, source)
    if describe_binary(data[:65536]):
        return
    assert len(items) == len(rows)
    for number, (item, (title, text)) in enumerate(zip(items, rows), start=1):
        assert (item.input if isinstance(item, RawDocument) else item.source) == f"{source}:{number}"
        assert isinstance(item, RawDocument) == bool(text.strip())
        if isinstance(item, RawDocument):
            assert (item.text, item.title) == (text, title or None)


HTML_TYPES = ["text/html", "text/html; charset=utf-8", "application/xhtml+xml", "image/png", "application/json", ""]


@st.composite
def warc_file(draw) -> tuple[bytes, list[str]]:
    """A WARC of responses (HTML and not, plain, chunked or gzip-encoded) and the HTML ones' URLs."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    html_urls = []
    for number in range(draw(st.integers(1, 4))):
        uri = f"https://example.org/{number}"
        body = encoded(draw(html_page() | any_text))
        kind = draw(st.sampled_from(HTML_TYPES))
        headers = [("Content-Type", kind)] if kind else []
        if draw(st.booleans()):
            body, headers = gzip.compress(body), headers + [("Content-Encoding", "gzip")]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
        if kind.startswith(("text/html", "application/xhtml")):
            html_urls.append(uri)
    return out.getvalue(), html_urls


@given(warc=warc_file())
def test_warc_gives_one_item_per_html_response(warc):
    data, html_urls = warc
    items, source = read_one("crawl.warc", data)
    assert_reader_items(items, source)
    if not html_urls:
        assert [(type(i), i.source) for i in items] == [(InputError, source)]
        assert "no HTML responses" in items[0].problem
        return
    assert [i.input if isinstance(i, RawDocument) else i.source for i in items] == [
        f"{source}#{n}" for n in range(1, len(html_urls) + 1)]
    assert [i.url for i in items if isinstance(i, RawDocument)] == [
        url for url, i in zip(html_urls, items) if isinstance(i, RawDocument)]


@given(warc=warc_file(),
       edits=st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=8)), min_size=1, max_size=5))
def test_damaged_warc_gives_documents_or_one_line_errors(warc, edits):
    data = bytearray(warc[0])
    for at, replacement in edits:
        at %= len(data)
        data[at:at + len(replacement)] = replacement
    items, source = read_one("crawl.warc", bytes(data))
    assert_reader_items(items, source)


def rss(entries: list[tuple[str, str]]) -> bytes:
    from xml.sax.saxutils import escape
    items = "".join(f"<item><title>{escape(t)}</title><description>{escape(d)}</description></item>"
                    for t, d in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk</title>{items}'
            '</channel></rss>').encode()


# feedparser reads C1 controls as the cp1252 characters they usually are ("\x97" -> "—").
no_c1_sentence = real_sentence.filter(lambda text: not any("\x80" <= c <= "\x9f" for c in text))


@given(entries=st.lists(st.tuples(no_c1_sentence, no_c1_sentence), min_size=1, max_size=5))
def test_feed_gives_one_document_per_entry(entries):
    items, source = read_one("feed.rss", rss(entries))
    assert [i.input for i in items] == [f"{source}#{n}" for n in range(1, len(entries) + 1)]
    assert [i.title for i in items] == [title for title, _ in entries]
    assert all(i.outlet == "Desk" and i.html for i in items)


@given(entries=st.lists(st.tuples(any_text, any_text | html_page()), max_size=4), cut=st.integers(0, 10**6))
def test_any_feed_or_broken_feed_gives_documents_or_one_line_errors(entries, cut):
    from xml.sax.saxutils import escape
    body = "".join(f"<item><title>{t}</title><description>{escape(d)}</description></item>" for t, d in entries)
    data = encoded(f'<?xml version="1.0"?><rss version="2.0"><channel>{body}</channel></rss>')
    items, source = read_one("feed.xml", data[: cut % (len(data) + 1)])
    assert items
    assert_reader_items(items, source)
