"""WARC and RSS/Atom readers: every HTML response or entry is a document named path#N."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.pipeline import analyze_raw_documents
from sitrep.settings import Settings

PAGES = Path(__file__).parent.parent / "fixtures" / "article-extraction" / "article-extraction-dev" / "html"
# Real sentences (GeoWebNews dev) for the feed entries.
BURGLARY = ("Colin Rockett was arrested in the north of the city following reports of a number of "
            "burglaries in the Shankill area on Tuesday.")
SKRIPAL = ("Viktoria Skripal, Sergei’s niece, has said she plans to travel to England and try to bring "
           "Yulia back to Russia.")


def a_page() -> bytes:
    return gzip.decompress(sorted(PAGES.glob("*.html.gz"))[0].read_bytes())


def write_warc(path: Path, page: bytes) -> None:
    """A WARC with a request, an HTML response, an image response and a second HTML response."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        request = writer.create_warc_record("https://example.org/a", "request",
                                            payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        for uri, body, kind in (("https://example.org/a", page, "text/html; charset=utf-8"),
                                ("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"),
                                ("https://example.org/b", f"<html><body><p>{BURGLARY}</p></body></html>".encode(),
                                 "text/html")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2019-11-20T07:00:00Z"})
            writer.write_record(record)


def test_warc_yields_each_html_response_with_url_and_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, a_page())
    items = list(read_paths([str(path)], Settings()))
    assert [i.input for i in items] == [f"{path}#1", f"{path}#2"]
    assert all(isinstance(i, RawDocument) and i.html for i in items)
    assert [i.url for i in items] == ["https://example.org/a", "https://example.org/b"]
    assert items[1].date_hint == dt.date(2019, 11, 20)
    [second] = [a for a in analyze_raw_documents(items[1:])]
    assert second.body == BURGLARY and second.published == dt.date(2019, 11, 20)


def test_oversized_warc_record_is_refused_and_the_rest_read(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, a_page())
    items = list(read_paths([str(path)], Settings(max_bytes=10_000)))
    assert isinstance(items[0], InputError) and "too large" in items[0].problem
    assert isinstance(items[1], RawDocument)


def test_garbage_named_warc_is_one_error(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a warc file\n" * 10)
    items = list(read_paths([str(path)], Settings()))
    assert len(items) == 1 and isinstance(items[0], InputError)


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Belfast Live</title>
<item><title>Man arrested after Shankill burglaries</title><link>https://example.org/rockett</link>
<pubDate>Wed, 04 Apr 2018 10:00:00 GMT</pubDate><description>&lt;p&gt;{BURGLARY}&lt;/p&gt;</description></item>
<item><title>Skripal niece plans visit</title><link>https://example.org/skripal</link>
<pubDate>Thu, 05 Apr 2018 09:00:00 GMT</pubDate><description>{SKRIPAL}</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>World desk</title>
<entry><title>Skripal niece plans visit</title><link href="https://example.org/s"/>
<updated>2018-04-05T09:00:00Z</updated><summary>short teaser</summary>
<content type="html">&lt;p&gt;{SKRIPAL}&lt;/p&gt;&lt;p&gt;{BURGLARY}&lt;/p&gt;</content></entry></feed>"""


def test_rss_items_become_documents_with_outlet_title_link_and_date(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_paths([str(path)], Settings()))
    assert [i.input for i in items] == [f"{path}#1", f"{path}#2"]
    first = items[0]
    assert (first.outlet, first.title, first.url, first.published) == (
        "Belfast Live", "Man arrested after Shankill burglaries", "https://example.org/rockett", dt.date(2018, 4, 4))
    analyses = list(analyze_raw_documents(items))
    assert [a.body for a in analyses] == [BURGLARY, SKRIPAL]


def test_atom_entry_prefers_full_content_over_summary(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(ATOM, encoding="utf-8")
    [item] = list(read_paths([str(path)], Settings()))
    [analysis] = list(analyze_raw_documents([item]))
    assert SKRIPAL in analysis.body and BURGLARY in analysis.body and "teaser" not in analysis.body


def test_xml_that_is_not_a_feed_is_one_clear_error(tmp_path):
    path = tmp_path / "config.xml"
    path.write_text("<config><option name='a'>1</option></config>")
    [item] = list(read_paths([str(path)], Settings()))
    assert isinstance(item, InputError) and "feed" in item.problem
