"""`sitrep watch --once` end to end against a news site on loopback (tests/support/newssite.py):
real news pages (examples/, see examples/PROVENANCE.md) listed by feeds that change between polls."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.store import Store
from sitrep.watch.state import WatchState
from sitrep.watch.tables import WatchArrivalRow, WatchItemRow, WatchSourceRow
from support.cli import run
from support.newssite import Route, page, rss, sources_file
from support.receivers import webhook_receiver

FAST = ("--allow-private", "--host-delay", "0", "--retries", "0")
DAY1 = "Wed, 20 Nov 2019 07:00:00 GMT"
DAY2 = "Thu, 21 Nov 2019 09:30:00 GMT"


def watch_once(capsys, sources, db: str, *extra: str) -> tuple[int, str]:
    status, _, err = run(capsys, "watch", str(sources), "--db", db, "--once", *FAST, *extra)
    return status, err


def test_once_stores_a_feeds_new_items_and_a_second_poll_gets_304_and_stores_nothing(site, tmp_path, capsys,
                                                                                     db_url):
    site.routes["/world/rss.xml"] = Route(rss(site, "Loopback News", [
        ("/news/helicopter-crash", "US service members killed in Afghanistan helicopter crash", DAY1),
        ("/news/bolivia", "3 pro-Morales demonstrators killed in clashes", DAY1)]),
        "application/rss+xml", etag='"feed-v1"')
    site.routes["/news/helicopter-crash"] = Route(page("aljazeera"), etag='"a1"')
    site.routes["/news/bolivia"] = Route(page("rt"), etag='"b1"')
    sources = sources_file(tmp_path, (site.url("/world/rss.xml"), "1s"))

    status, err = watch_once(capsys, sources, db_url)
    assert status == 0, err
    assert "feed: 2 new, 0 edited, 0 known" in err
    with Store(db_url) as store:
        assert store.count() == 2
        stored = {a.url: a for a in store.iter_analyses()}
    assert set(stored) == {site.url("/news/helicopter-crash"), site.url("/news/bolivia")}
    assert "helicopter" in stored[site.url("/news/helicopter-crash")].body
    assert stored[site.url("/news/bolivia")].outlet == "Loopback News"  # the feed's title names the outlet
    assert all(r.headers["User-Agent"].startswith("sitrep/") for r in site.requests)

    time.sleep(1.1)  # the source is due again
    status, err = watch_once(capsys, sources, db_url)
    assert status == 0, err
    assert "unchanged (HTTP 304)" in err
    feed_asks = site.asked("/world/rss.xml")
    assert len(feed_asks) == 2 and feed_asks[1].headers.get("If-None-Match") == '"feed-v1"'
    assert len(site.asked("/news/helicopter-crash")) == 1  # never asked for again
    with Store(db_url) as store:
        assert store.count() == 2
        with Session(store.engine) as session:
            assert session.scalar(select(WatchSourceRow.new_items)) == 2
            assert len(session.scalars(select(WatchArrivalRow)).all()) == 2


def test_an_edited_article_updates_its_document_instead_of_adding_one_and_does_not_alert_again(site, tmp_path,
                                                                                               capsys, db_url):
    original = page("nbc")
    # The edit: a sentence dropped, as a newsroom trims a story (from the text and the page's metadata).
    dropped = b" Sentencing is scheduled for Feb. 14."
    edited = original.replace(dropped, b"")
    site.routes["/feed.xml"] = Route(rss(site, "Loopback News", [("/us/omar-threat", "Man pleads guilty", DAY1)]),
                                     "application/rss+xml", etag='"f1"')
    site.routes["/us/omar-threat"] = Route(original, etag='"v1"')
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1s"))
    assert run(capsys, "watchlist", "add", "omar-threats", "Carlineo", "--db", db_url)[0] == 0
    status, err = watch_once(capsys, sources, db_url)
    assert status == 0, err
    assert "watchlists: 1 new alert(s), 0 updated" in err  # the cycle's arrivals matched
    with Store(db_url) as store:
        (first,) = list(store.iter_analyses())

    site.routes["/feed.xml"] = Route(rss(site, "Loopback News", [("/us/omar-threat", "Man pleads guilty", DAY2)]),
                                     "application/rss+xml", etag='"f2"')
    site.routes["/us/omar-threat"] = Route(edited, etag='"v2"')
    time.sleep(1.1)
    status, err = watch_once(capsys, sources, db_url)
    assert status == 0, err
    assert "feed: 0 new, 1 edited, 0 known" in err
    assert "new alert(s)" not in err  # the edit does not alert again
    status, out, _ = run(capsys, "alerts", "--format", "json", "--db", db_url)
    (alert,) = [json.loads(line) for line in out.splitlines()]
    assert alert["watchlist"] == "omar-threats" and alert["articles"] == [first.id]
    assert site.asked("/us/omar-threat")[1].headers.get("If-None-Match") == '"v1"'
    with Store(db_url) as store:
        (second,) = list(store.iter_analyses())
        state = WatchState(store, "reader")
        arrivals = [(a.document_id, a.kind) for a in state.arrivals_after(0)]
        assert state.arrivals_after(state.arrivals_after(0)[0].pk)[0].kind == "edited"
        with Session(store.engine) as session:
            item = session.scalar(select(WatchItemRow))
    assert second.id == first.id
    assert "Sentencing is scheduled" in first.body and "Sentencing is scheduled" not in second.body
    assert arrivals == [(first.id, "new"), (first.id, "edited")]
    assert item.edits == 1 and item.document_id == first.id


def test_a_url_with_tracking_parameters_is_the_article_already_stored(site, tmp_path, capsys):
    db = str(tmp_path / "sitrep.db")
    site.routes["/wire.xml"] = Route(rss(site, "Wire", [
        ("/hk/riots?utm_source=rss&utm_medium=feed", "Hong Kong chaos", DAY1),
        ("/hk/riots?fbclid=IwAR0abc&utm_campaign=share", "Hong Kong chaos", DAY1),
        ("/HK/riots/", "Hong Kong chaos (another path)", DAY1)]), "application/rss+xml")
    site.routes["/hk/riots"] = Route(page("express"))
    site.routes["/HK/riots/"] = Route(page("express"))  # the same text under another URL
    sources = sources_file(tmp_path, (site.url("/wire.xml"), "1m"))
    status, err = watch_once(capsys, sources, db)
    assert status == 0, err
    with Store(db) as store:
        assert store.count() == 1
        (stored,) = list(store.iter_analyses())
    assert stored.url == site.url("/hk/riots")  # stored under its URL without the tracking parameters
    asked = [r.path for r in site.requests if r.path.startswith("/hk/")]
    assert len(asked) == 1, asked  # its second listing was known by its URL, never fetched
    assert "feed: 1 new, 0 edited, 2 known" in err  # the other path: fetched, known by its text


@pytest.mark.parametrize("answer, status", [(200, 0), (404, 1), (503, 1)], ids=["delivered", "refused", "retrying"])
def test_once_exits_1_when_an_alert_was_not_delivered(site, tmp_path, capsys, monkeypatch, answer, status):
    """For cron: the watch's articles are stored either way, but an alert that did not go out (a
    receiver that refuses it, or one that must be tried again) is a failure the operator hears of."""
    monkeypatch.setenv("SITREP_DELIVERY_BACKOFF", "60")
    db = str(tmp_path / "sitrep.db")
    site.routes["/feed.xml"] = Route(rss(site, "Loopback News", [("/us/omar-threat", "Man pleads guilty", DAY1)]),
                                     "application/rss+xml")
    site.routes["/us/omar-threat"] = Route(page("nbc"))
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1s"))
    with webhook_receiver() as receiver:
        receiver.answer = lambda post: answer
        hook = receiver.url("/hook")
        assert run(capsys, "watchlist", "add", "omar", "Carlineo", "--webhook", hook, "--db", db)[0] == 0
        code, err = watch_once(capsys, sources, db)
        assert [post.status for post in receiver.posts] == [answer]
    assert code == status, err
    assert "feed: 1 new" in err
    assert ("1 alert(s) not delivered" in err) == (status == 1)
