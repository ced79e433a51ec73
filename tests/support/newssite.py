"""A news site on loopback for the watch's tests (tests/watch/): routes the test sets and changes between polls.

The server is the standard library's ThreadingHTTPServer in a thread. Each route answers with
its body, content type and ETag, and answers 304 to a request whose If-None-Match holds that
ETag, as a web server does; a route can also answer with another status, a delay, a Location,
gzip-compressed or without a Content-Length. Every request is logged (path, headers, time) so
a test can see what the watch asked for and when.

The article pages are the real news pages bundled in examples/ (see examples/PROVENANCE.md);
the feeds listing them are written by the tests.
"""

from __future__ import annotations

import gzip
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Iterator, Optional

from support.server import loopback_http


EXAMPLES = Path(__file__).parents[2] / "examples"
PAGES = {
    "aljazeera": EXAMPLES / "aljazeera-service-members-killed-afghanistan-helicopter-crash-19112007.html",
    "rt": EXAMPLES / "rt-473849-3-morales-supporters-killed-bolivia.html",
    "nbc": EXAMPLES / "nbcnews-new-york-man-pleads-guilty-threatening-kill-rep-ilhan-omar-n10.html",
    "express": EXAMPLES / "express-hong-kong-latest-china-protesters-police-china-hong-kong-riots.html",
}


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: Optional[str] = None
    status: int = 200
    delay: float = 0.0
    location: Optional[str] = None
    gzip: bool = False
    chunked: bool = False  # no Content-Length: the body is sent as it comes


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict
    at: float


@dataclass
class Site:
    """The routes of the test site, and the requests it got."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def asked(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 — the standard library's name
            site.requests.append(Request(self.path, dict(self.headers), time.monotonic()))
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            time.sleep(route.delay)
            if route.location is not None:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._send(route.status, route.body, route.content_type, route)

        def _send(self, status: int, body: bytes, kind: str, route: Optional[Route] = None):
            extra = {}
            if route is not None and route.gzip:
                body = gzip.compress(body)
                extra["Content-Encoding"] = "gzip"
            if route is not None and route.etag:
                extra["ETag"] = route.etag
            self.send_response(status)
            self.send_header("Content-Type", kind)
            for key, value in extra.items():
                self.send_header(key, value)
            if route is not None and route.chunked:
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serve() -> Iterator[Site]:
    """The site on a free loopback port until the block ends (robots.txt disallows /private/)."""
    with loopback_http(Site, _handler) as served:
        served.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        yield served


def rss(site: Site, title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (path, title, pubDate) items on the site."""
    entries = "".join(f"<item><title>{t}</title><link>{site.url(p)}</link><guid>{site.url(p)}</guid>"
                      f"<pubDate>{d}</pubDate></item>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{site.base}/</link><description>test feed</description>{entries}</channel></rss>").encode()


def sources_file(tmp_path: Path, *sources: tuple[str, str]) -> Path:
    """A sources file of (url, interval) sources."""
    path = tmp_path / "sources.toml"
    path.write_text("".join(f'[[source]]\nurl = "{url}"\ninterval = "{interval}"\n\n' for url, interval in sources),
                    encoding="utf-8")
    return path


def page(name: str) -> bytes:
    return PAGES[name].read_bytes()
