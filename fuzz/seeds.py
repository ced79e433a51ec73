"""Seed corpora for the harnesses, built from the real pages in examples/.

    python fuzz/seeds.py OUT     # writes OUT/html, OUT/warc, OUT/feed

Seeds are built rather than stored so they follow the examples: the HTML
seeds are the example pages and real-shaped fragments; the WARC seeds wrap a
real paragraph in the record shapes crawlers write (gzip per record, plain,
chunked, gzip Content-Encoding, request/revisit/metadata records); the feed
seeds are RSS 2.0, RSS 1.0 and Atom with escaped, CDATA and inline HTML, plus
the classic XML attacks (an external entity, nested entity expansion).
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# A real wire paragraph (GeoWebNews dev, as in tests/ingest).
STORY = ("Colin Rockett was arrested in the north of the city following reports of a number of "
         "burglaries in the Shankill area on Tuesday.")
PAGE = (f"<!DOCTYPE html><html><head><title>Man arrested</title><meta charset='utf-8'></head>"
        f"<body><article><h1>Man arrested</h1><p>BELFAST (Reuters) - {STORY}</p>"
        f"<p>&ldquo;We&rsquo;re appealing for witnesses,&rdquo; police said.</p></article></body></html>")


def html_seeds() -> dict[str, bytes]:
    seeds = {page.name: page.read_bytes() for page in sorted(EXAMPLES.glob("*.html"))}
    seeds.update({
        "page.html": PAGE.encode(),
        "fragment.html": f"<p>{STORY}</p><p>Photo: AFP</p>".encode(),
        "latin1.html": f"<meta charset='iso-8859-1'><p>Montréal: {STORY}</p>".encode("latin-1"),
        "entities.html": b"<p>&amp;&lt;&#x26;&#1234;&nbsp;&bogus; &#xD800; &#0;</p><script>x()</script>",
        "deep.html": b"<div>" * 300 + STORY.encode(),
        "table.html": f"<table><tr><td>{STORY}</td></tr></table>".encode(),
    })
    return seeds


def _warc(records, compress: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, kind, payload, headers in records:
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1") if headers else None
        record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http,
                                           warc_headers_dict={"WARC-Date": "2019-11-20T07:00:00Z"})
        writer.write_record(record)
    return out.getvalue()


def warc_seeds() -> dict[str, bytes]:
    html = [("Content-Type", "text/html; charset=utf-8")]
    response = ("https://example.org/a", "response", PAGE.encode(), html)
    chunked = ("https://example.org/c", "response", b"%x\r\n%s\r\n0\r\n\r\n" % (len(PAGE), PAGE.encode()),
               html + [("Transfer-Encoding", "chunked")])
    encoded = ("https://example.org/e", "response", gzip.compress(PAGE.encode()),
               html + [("Content-Encoding", "gzip")])
    request = ("https://example.org/a", "request", b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n", None)
    image = ("https://example.org/i.png", "response", b"\x89PNG\r\n\x1a\n", [("Content-Type", "image/png")])
    metadata = ("https://example.org/a", "metadata", b"via: https://example.org/\n", None)
    return {
        "records.warc.gz": _warc([request, response, image, chunked], compress=True),
        "plain.warc": _warc([response, metadata, encoded], compress=False),
        "single-stream.warc.gz": gzip.compress(_warc([response, chunked], compress=False)),
        "example.warc.gz": _warc([("https://example.org/x", "response", sorted(EXAMPLES.glob("*.html"))[0].read_bytes(), html)],
                                 compress=True),
    }


def feed_seeds() -> dict[str, bytes]:
    return {
        "rss2.rss": f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Belfast Live</title>
<item><title>Man arrested</title><link>https://example.org/a</link><pubDate>Wed, 04 Apr 2018 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description><content:encoded><![CDATA[<p>{STORY}</p>]]></content:encoded></item>
<item><title>Second</title><description>{STORY}</description></item></channel></rss>""".encode(),
        "atom.atom": f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>World desk</title><entry><title>Arrest</title>
<link href="https://example.org/s"/><updated>2018-04-05T09:00:00Z</updated><summary>teaser</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{STORY}</p></div></content></entry></feed>""".encode(),
        "rss1.rdf": f"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>Wire</title></channel>
<item rdf:about="https://example.org/r"><title>Arrest</title><description>{STORY}</description></item></rdf:RDF>""".encode(),
        "xxe.xml": b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>T</title><item><description>&x;</description></item></channel></rss>""",
        "laughs.xml": (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">'
                       + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10)
                                  for i in range(1, 8))
                       + b']><rss version="2.0"><channel><title>T</title><item><description>&a7;</description>'
                       + b"</item></channel></rss>"),
    }


SEEDS = {"html": html_seeds, "warc": warc_seeds, "feed": feed_seeds}


def write_seeds(out: Path) -> dict[str, Path]:
    """Write every harness's seeds under `out`; returns the folder per harness."""
    folders = {}
    for name, build in SEEDS.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for filename, data in build().items():
            (folder / filename).write_bytes(data)
        folders[name] = folder
    return folders


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python fuzz/seeds.py OUT")
    for name, folder in write_seeds(Path(sys.argv[1])).items():
        print(f"{name}: {len(list(folder.iterdir()))} seeds in {folder}")
