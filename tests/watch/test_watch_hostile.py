"""Hostile feeds: script in a feed's titles stays text from the feed to the desk; links to other
schemes are never followed; the source line names the problem without echoing markup as markup."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.store import Store
from support.cli import run
from support.newssite import Route, page, sources_file

SCRIPT = "<script>alert('watch-xss')</script>"


def hostile_feed(base: str) -> bytes:
    """An RSS feed whose channel and item titles carry script (escaped once in the XML, as a
    feed carries markup in text), with links to a real page and to other schemes."""
    title = SCRIPT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    items = [(f"{base}/news/bolivia", f"Bolivia {title}"), ("javascript:alert('watch-xss')", "js"),
             ("file:///etc/passwd", "file"), ("ftp://127.0.0.1/x", "ftp")]
    entries = "".join(f"<item><title>{t}</title><link>{link.replace('&', '&amp;')}</link></item>" for link, t in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {title}</title><link>{base}/</link>'
            f"<description>x</description>{entries}</channel></rss>").encode()


def test_script_in_a_feeds_titles_stays_text_and_other_schemes_are_never_fetched(site, tmp_path, capsys):
    site.routes["/feed.xml"] = Route(hostile_feed(site.base), "application/rss+xml")
    site.routes["/news/bolivia"] = Route(page("rt"))
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1m"))
    db = str(tmp_path / "sitrep.db")
    status, _, err = run(capsys, "watch", str(sources), "--db", db, "--once", "--allow-private", "--host-delay", "0")
    assert status == 1  # the three links to other schemes
    assert "javascript:alert('watch-xss'): not an http(s) URL; only http:// and https:// are fetched" in err
    assert "file://etc/passwd: not an http(s) URL" in err and "ftp://127.0.0.1/x: not an http(s) URL" in err
    assert "feed: 1 new, 0 edited, 0 known, 3 problem(s)" in err
    with Store(db) as store:
        (stored,) = list(store.iter_analyses())
        assert stored.title == f"Bolivia {SCRIPT}" and stored.outlet == f"Outlet {SCRIPT}"
        html = TestClient(create_app(store)).get(f"/articles/{stored.id}").text
    assert "alert(&#39;watch-xss&#39;)" in html or "alert(&#x27;watch-xss&#x27;)" in html
    assert "<script>alert(" not in html
