"""Source health, backoff and politeness: a failing source counted, backed off and stale; the per-host
pace held; retries spaced; the sources file checked source by source."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.store import Store
from sitrep.watch import health
from sitrep.watch.state import utc
from sitrep.watch.tables import WatchSourceRow
from support.cli import run
from support.newssite import Route, page, rss, sources_file

DAY1 = "Wed, 20 Nov 2019 07:00:00 GMT"


def watch_once(capsys, sources, db: str, *extra: str) -> tuple[int, str]:
    status, _, err = run(capsys, "watch", str(sources), "--db", db, "--once", "--allow-private", *extra)
    return status, err


def source_row(db: str) -> WatchSourceRow:
    with Store(db) as store, Session(store.engine) as session:
        row = session.scalar(select(WatchSourceRow))
        session.expunge_all()
        return row


def test_a_failing_source_is_retried_counted_backed_off_and_stale(site, tmp_path, capsys):
    site.routes["/down.xml"] = Route(b"oops", "text/plain", status=500)
    sources = sources_file(tmp_path, (site.url("/down.xml"), "1m"))
    db = str(tmp_path / "sitrep.db")
    before = dt.datetime.now(dt.timezone.utc)
    status, err = watch_once(capsys, sources, db, "--host-delay", "0", "--retries", "2")
    assert status == 1
    assert f"{site.url('/down.xml')}: HTTP 500 after 3 tries (failed 1 poll(s) in a row; stale" in err
    assert f"sitrep: 1 of 1 source(s) stale (failing, or nothing new for 3 times their usual gap): " \
           f"{site.url('/down.xml')}" in err
    asked = site.asked("/down.xml")
    assert len(asked) == 3
    gaps = [b.at - a.at for a, b in zip(asked, asked[1:])]
    assert gaps[0] >= 0.9 and gaps[1] >= 1.9  # backoff 1 s, then 2 s
    row = source_row(db)
    assert row.consecutive_failures == 1 and row.stale and row.last_success_at is None
    assert row.last_error.endswith("HTTP 500 after 3 tries")
    assert utc(row.next_poll_at) >= before + dt.timedelta(minutes=2)  # the interval doubled

    status, err = watch_once(capsys, sources, db, "--host-delay", "0")
    assert status == 0 and "nothing due yet" in err  # backed off: not polled again at once
    assert len(site.asked("/down.xml")) == 3


def test_a_source_that_recovers_is_healthy_again(site, tmp_path, capsys):
    site.routes["/flaky.xml"] = Route(b"", status=503)
    sources = sources_file(tmp_path, (site.url("/flaky.xml"), "1m"))
    db = str(tmp_path / "sitrep.db")
    watch_once(capsys, sources, db, "--host-delay", "0", "--retries", "0")
    assert source_row(db).consecutive_failures == 1
    site.routes["/flaky.xml"] = Route(rss(site, "Back", []), "application/rss+xml")
    with Store(db) as store, Session(store.engine) as session, session.begin():
        session.get(WatchSourceRow, source_row(db).id).next_poll_at = dt.datetime.now(dt.timezone.utc)
    status, err = watch_once(capsys, sources, db, "--host-delay", "0", "--retries", "0")
    assert status == 0, err
    row = source_row(db)
    assert row.consecutive_failures == 0 and not row.stale and row.last_success_at is not None
    assert row.kind == "feed" and "stale" not in err


def test_one_host_is_asked_one_request_at_a_time_spaced_by_the_host_delay(site, tmp_path, capsys):
    # Two sources on one host, their articles gone (404): many requests, no analysis.
    site.routes["/a.xml"] = Route(rss(site, "A", [(f"/gone/a{i}", "gone", DAY1) for i in range(3)]),
                                  "application/rss+xml")
    site.routes["/b.xml"] = Route(rss(site, "B", [(f"/gone/b{i}", "gone", DAY1) for i in range(3)]),
                                  "application/rss+xml")
    sources = sources_file(tmp_path, (site.url("/a.xml"), "1m"), (site.url("/b.xml"), "1m"))
    status, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"), "--host-delay", "0.3", "--retries", "0")
    assert status == 1  # the articles are missing
    assert err.count("HTTP 404 Not Found") == 6
    times = sorted(r.at for r in site.requests)
    assert len(times) == 9  # robots.txt, two feeds, six articles
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.29


def test_each_bad_source_gets_one_line_and_the_others_are_watched(site, tmp_path, capsys):
    site.routes["/ok.xml"] = Route(rss(site, "OK", []), "application/rss+xml")
    path = tmp_path / "sources.toml"
    path.write_text(f'''
[[source]]
url = "{site.url('/ok.xml')}"
interval = "10m"
tags = ["wire"]

[[source]]
url = "ftp://example.org/feed.xml"
interval = "10m"

[[source]]
url = "https://example.org/rss"
interval = "often"

[[source]]
url = "https://example.org/atom"
interval = "5m"
colour = "red"

[[source]]
interval = "5m"
''', encoding="utf-8")
    status, err = watch_once(capsys, path, str(tmp_path / "sitrep.db"), "--host-delay", "0")
    assert status == 1
    lines = [line for line in err.splitlines() if str(path) in line]
    assert lines == [
        f"sitrep: {path}: source 2 (ftp://example.org/feed.xml): 'ftp://example.org/feed.xml' is not an http(s) URL; "
        "only http:// and https:// are watched",
        f"sitrep: {path}: source 3 (https://example.org/rss): interval 'often' is not a duration; give a number and "
        's, m or h, e.g. interval = "15m"',
        f"sitrep: {path}: source 4 (https://example.org/atom): unknown key(s) colour; a source takes url, interval, "
        "outlet, tags",
        f'sitrep: {path}: source 5: no url; give url = "https://..."']
    assert f"{site.url('/ok.xml')}: feed: 0 new" in err


def test_a_sources_file_that_is_not_toml_is_one_line(tmp_path, capsys):
    path = tmp_path / "sources.toml"
    path.write_text("[[source]\nurl = ", encoding="utf-8")
    status, _, err = run(capsys, "watch", str(path), "--db", str(tmp_path / "sitrep.db"), "--once")
    assert status == 1
    assert err.startswith(f"sitrep: {path}: not valid TOML (") and err.count("\n") == 1


def test_stale_after_three_usual_gaps_without_a_new_item():
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    hourly = health.Record(interval=dt.timedelta(minutes=15), first_polled_at=start,
                           first_new_item_at=start, last_new_item_at=start + dt.timedelta(hours=10), new_items=11,
                           consecutive_failures=0)
    assert health.usual_gap(hourly) == dt.timedelta(hours=1)
    assert not health.is_stale(hourly, start + dt.timedelta(hours=12, minutes=59))
    assert health.is_stale(hourly, start + dt.timedelta(hours=13, minutes=1))
    assert health.items_per_day(hourly, start + dt.timedelta(days=2)) == 5.5
    quiet = health.Record(interval=dt.timedelta(hours=1), first_polled_at=start, first_new_item_at=None,
                          last_new_item_at=None, new_items=0, consecutive_failures=0)
    assert not health.is_stale(quiet, start + dt.timedelta(hours=2))
    assert health.is_stale(quiet, start + dt.timedelta(hours=4))
    assert health.next_poll(start, dt.timedelta(hours=1), 10) == start + dt.timedelta(days=1)  # capped


def test_an_article_that_may_be_had_later_is_tried_at_the_next_poll_despite_an_unchanged_feed(site, tmp_path,
                                                                                               capsys):
    site.routes["/feed.xml"] = Route(rss(site, "Busy", [("/busy/story", "A story", DAY1)]), "application/rss+xml",
                                     etag='"f1"')
    site.routes["/busy/story"] = Route(b"busy", "text/plain", status=503)
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1s"))
    db = str(tmp_path / "sitrep.db")
    status, err = watch_once(capsys, sources, db, "--host-delay", "0", "--retries", "0")
    assert status == 1 and f"{site.url('/busy/story')}: HTTP 503" in err
    assert source_row(db).etag is None  # the feed's ETag is not kept while an article is owed
    site.routes["/busy/story"] = Route(page("rt"))
    time.sleep(1.1)
    status, err = watch_once(capsys, sources, db, "--host-delay", "0", "--retries", "0")
    assert status == 0, err
    assert "If-None-Match" not in site.asked("/feed.xml")[1].headers
    assert "feed: 1 new" in err
    assert source_row(db).etag == '"f1"'
