"""What the watch refuses: private addresses, robots.txt's disallowed paths, oversize and inflating
answers, redirect loops, broken feeds; each with one line naming the source, the cycle going on."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from sitrep.alerts.delivery import DeliverySettings, post_webhook
from sitrep.store import Store
from sitrep.watch import safety
from sitrep.watch.fetch import Fetcher, Politeness
from sitrep.watch.safety import private_kind
from support.cli import run
from support.newssite import Route, page, rss, sources_file

FAST = ("--host-delay", "0", "--retries", "0")
DAY1 = "Wed, 20 Nov 2019 07:00:00 GMT"


def watch_once(capsys, sources, db: str, *extra: str) -> tuple[int, str]:
    status, _, err = run(capsys, "watch", str(sources), "--db", db, "--once", *FAST, *extra)
    return status, err


def test_a_loopback_host_is_refused_unless_private_addresses_are_allowed(site, tmp_path, capsys):
    site.routes["/feed.xml"] = Route(rss(site, "Loopback", []), "application/rss+xml")
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1m"))
    status, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"))
    assert status == 1
    assert "refused: 127.0.0.1 is at 127.0.0.1, a loopback address; pass --allow-private" in err
    assert site.requests == []  # not even robots.txt was asked for
    status, err = watch_once(capsys, sources, str(tmp_path / "other.db"), "--allow-private")
    assert status == 0, err
    assert "feed: 0 new" in err


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1%eth0", "link-local"),
    ("100.64.0.1", "non-global"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("8.8.8.8", None), ("2606:4700:4700::1111", None)])
def test_addresses_that_are_not_public_are_named(address, kind):
    assert private_kind(address) == kind


def test_a_path_disallowed_by_robots_txt_is_never_fetched(site, tmp_path, capsys):
    site.routes["/private/feed.xml"] = Route(rss(site, "Hidden", []), "application/rss+xml")
    site.routes["/feed.xml"] = Route(rss(site, "Open", [("/private/story", "A story", DAY1)]), "application/rss+xml")
    site.routes["/private/story"] = Route(page("rt"))
    sources = sources_file(tmp_path, (site.url("/private/feed.xml"), "1m"), (site.url("/feed.xml"), "1m"))
    status, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"), "--allow-private")
    assert status == 1
    assert f"{site.url('/private/feed.xml')}: disallowed by the site's robots.txt for sitrep; not fetched" in err
    assert f"{site.url('/private/story')}: disallowed by the site's robots.txt" in err
    assert "feed: 0 new, 0 edited, 0 known, 1 problem(s)" in err  # the other source's cycle went on
    assert not [r for r in site.requests if r.path.startswith("/private/")]
    assert len(site.asked("/robots.txt")) == 1  # asked once for the host


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
def test_an_oversize_page_is_refused_with_a_clear_line(site, tmp_path, capsys, chunked):
    big = page("express")  # 135 kB
    site.routes["/feed.xml"] = Route(rss(site, "Big", [("/big", "Hong Kong", DAY1)]), "application/rss+xml")
    site.routes["/big"] = Route(big, chunked=chunked)
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1m"))
    db = str(tmp_path / "sitrep.db")
    status, err = watch_once(capsys, sources, db, "--allow-private", "--max-bytes", "50000")
    assert status == 1
    detail = "more than that read" if chunked else f"{len(big) / 1e3:.1f} kB declared"
    assert f"{site.url('/big')}: response too large ({detail}; the limit is 50.0 kB): raise --max-bytes" in err
    with Store(db) as store:
        assert store.count() == 0


def test_a_compressed_answer_that_inflates_too_far_is_refused(site, tmp_path, capsys):
    site.routes["/feed.xml"] = Route(rss(site, "Bomb", [("/bomb", "Zeros", DAY1)]), "application/rss+xml")
    site.routes["/bomb"] = Route(b"<html><body>" + b"0" * 30_000_000, gzip=True)  # ~30 kB on the wire
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1m"))
    status, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"), "--allow-private")
    assert status == 1
    assert f"{site.url('/bomb')}: compressed response inflates more than 100x (a decompression bomb?)" in err


def test_a_gzip_answer_is_read(site, tmp_path, capsys):
    site.routes["/feed.xml"] = Route(rss(site, "Zipped", []), "application/rss+xml", gzip=True)
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1m"))
    status, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"), "--allow-private")
    assert status == 0, err
    assert site.asked("/feed.xml")[0].headers["Accept-Encoding"] == "gzip, deflate"


def test_a_redirect_loop_and_a_broken_feed_each_get_one_line(site, tmp_path, capsys):
    site.routes["/loop"] = Route(status=302, location="/loop2")
    site.routes["/loop2"] = Route(status=301, location="/loop")
    site.routes["/broken.xml"] = Route(b'<?xml version="1.0"?><rss><channel><item><title>x</ti', "application/rss+xml")
    site.routes["/moved.xml"] = Route(status=301, location="/feed.xml")
    site.routes["/feed.xml"] = Route(rss(site, "Moved", []), "application/rss+xml")
    sources = sources_file(tmp_path, (site.url("/loop"), "1m"), (site.url("/broken.xml"), "1m"),
                           (site.url("/moved.xml"), "1m"))
    status, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"), "--allow-private")
    assert status == 1
    assert ": more than 5 redirects (a redirect loop?)" in err
    assert len(site.asked("/loop")) == 3  # the first request and two loops round: six hops in all
    assert f"{site.url('/broken.xml')}: not an RSS/Atom feed" in err
    assert f"{site.url('/moved.xml')}: feed: 0 new" in err  # a redirect to a feed is followed
    assert "Traceback" not in err


# --- DNS rebinding: a plain-http request connects where the check looked --------------------------

PUBLIC = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]


def fetch_with(monkeypatch, url: str, answer, resolved: list[str]):
    """Fetcher.get(url) through a transport that records what it was asked to connect to; the
    host's name resolves to `resolved` (each look-up counted)."""
    lookups, seen = [], []

    async def resolve(host, port):
        lookups.append(host)
        return list(resolved)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers.get("host"), request.url.path))
        return answer(request)

    monkeypatch.setattr(safety, "_addresses", resolve)

    async def run_it():
        fetcher = Fetcher(Politeness(host_delay=0, retries=0),
                          client=httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=False))
        try:
            return await fetcher.get(url, limit=100_000)
        finally:
            await fetcher.close()

    return asyncio.run(run_it()), seen, lookups


def served(request, body: bytes):
    """No robots.txt (everything allowed), else `body` as a streamed answer, as a server sends it."""
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    return httpx.Response(200, stream=httpx.ByteStream(body))


def test_a_plain_http_request_goes_to_the_address_checked_with_the_name_as_host(monkeypatch):
    def answer(request):
        return served(request, b"<rss/>")

    response, seen, lookups = fetch_with(monkeypatch, "http://news.example:8080/feed.xml", answer, PUBLIC)
    assert response.status == 200 and response.body == b"<rss/>"
    assert response.url == "http://news.example:8080/feed.xml"  # the page is known by its name, not the address
    assert seen == [(PUBLIC[0], "news.example:8080", "/robots.txt"), (PUBLIC[0], "news.example:8080", "/feed.xml")]
    assert lookups == ["news.example", "news.example"]  # one look-up per request, the one checked


def test_the_next_address_checked_is_tried_when_the_first_refuses_the_connection(monkeypatch):
    def answer(request):
        if request.url.host == PUBLIC[0]:
            raise httpx.ConnectError("connection refused", request=request)
        return served(request, b"ok")

    response, seen, _ = fetch_with(monkeypatch, "http://news.example/feed.xml", answer, PUBLIC)
    assert response.body == b"ok"
    assert [host for host, _, path in seen if path == "/feed.xml"] == PUBLIC


def test_an_https_request_keeps_the_name_its_certificate_must_match(monkeypatch):
    def answer(request):
        return served(request, b"ok")

    _, seen, _ = fetch_with(monkeypatch, "https://news.example/feed.xml", answer, PUBLIC)
    assert {host for host, _, _ in seen} == {"news.example"}


def test_a_webhook_is_posted_to_the_address_checked(monkeypatch):
    posted = []

    async def resolve(host, port):
        return list(PUBLIC)

    def handler(request):
        posted.append((request.url.host, request.headers.get("host"), request.content))
        return httpx.Response(204)

    class Record:  # what post_webhook reads of an alert: its id and its JSON
        id = "alert-1"

        def model_dump_json(self) -> str:
            return '{"id": "alert-1"}'

    monkeypatch.setattr(safety, "_addresses", resolve)

    async def post():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await post_webhook(client, "http://hooks.example/sitrep", Record(), DeliverySettings())

    outcome = asyncio.run(post())
    assert outcome.ok, outcome.said
    assert posted == [(PUBLIC[0], "hooks.example", b'{"id": "alert-1"}')]
