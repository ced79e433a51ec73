"""Processes: leases shared by concurrent claimers, SIGTERM stopping the loop between articles, and a
watch killed in a cycle (SIGKILL) then restarted."""

from __future__ import annotations

import datetime as dt
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.store import Store
from sitrep.watch.sources import Source
from sitrep.watch.state import WatchState
from sitrep.watch.tables import WatchArrivalRow, WatchSourceRow
from support.newssite import Route, page, rss, sources_file

DAY1 = "Wed, 20 Nov 2019 07:00:00 GMT"


def test_two_lease_takers_never_get_the_same_source(db_url):
    sources = [Source(url=f"https://news.example/{i}/rss.xml", interval=900) for i in range(60)]
    now = dt.datetime.now(dt.timezone.utc)
    with Store(db_url) as store:
        WatchState(store, "setup").sync(sources, now)
    start = threading.Barrier(2)
    taken: dict[str, list[str]] = {}

    def take(owner: str) -> None:
        with Store(db_url) as store:
            state = WatchState(store, owner)
            mine: list[str] = []
            start.wait()
            while claimed := state.claim(sources, now, limit=3):
                mine.extend(c.source.url for c in claimed)
                time.sleep(0.01)  # a poll's worth of time: the other taker claims meanwhile
            taken[owner] = mine

    threads = [threading.Thread(target=take, args=(owner,)) for owner in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not set(taken["one"]) & set(taken["two"])
    assert sorted(taken["one"] + taken["two"]) == sorted(s.url for s in sources)
    assert taken["one"] and taken["two"]  # both got a share
    with Store(db_url) as store, Session(store.engine) as session:
        owners = dict(session.execute(select(WatchSourceRow.url, WatchSourceRow.lease_owner)).all())
    assert all(owners[url] == "one" for url in taken["one"])


def test_sigterm_stops_the_loop_between_articles_and_gives_the_lease_back(site, tmp_path):
    # Five articles that take a second each to answer (and are gone: no analysis is needed).
    site.routes["/feed.xml"] = Route(rss(site, "Slow", [(f"/slow/{i}", "slow", DAY1) for i in range(5)]),
                                     "application/rss+xml")
    for i in range(5):
        site.routes[f"/slow/{i}"] = Route(b"gone", "text/plain", status=410, delay=1.0)
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1s"))
    db = str(tmp_path / "sitrep.db")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    process = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "watch", str(sources), "--db", db,
                                "--allow-private", "--host-delay", "0", "--retries", "0"],
                               stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()
    deadline = time.monotonic() + 60
    while not site.asked("/slow/0"):
        assert time.monotonic() < deadline and process.poll() is None, "the watch did not start polling"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    status = process.wait(30)
    time.sleep(0.2)
    err = "".join(lines.queue)
    assert status == 0, err
    assert "Traceback" not in err
    assert "sitrep: watch: 1 cycle(s)" in err
    assert len([r for r in site.requests if r.path.startswith("/slow/")]) < 5  # stopped between articles
    with Store(db) as store, Session(store.engine) as session:
        row = session.scalar(select(WatchSourceRow))
        assert row.lease_owner is None and row.last_polled_at is not None


def test_sigkill_in_a_cycle_then_a_restart_loses_no_article_and_stores_none_twice(site, tmp_path, db_url):
    items = [("/news/helicopter-crash", "aljazeera"), ("/news/bolivia", "rt"), ("/us/omar-threat", "nbc")]
    site.routes["/feed.xml"] = Route(rss(site, "Loopback", [(path, name, DAY1) for path, name in items]),
                                     "application/rss+xml")
    for path, name in items:
        site.routes[path] = Route(page(name), delay=0.5)
    sources = sources_file(tmp_path, (site.url("/feed.xml"), "1m"))
    command = [sys.executable, "-m", "sitrep.cli", "watch", str(sources), "--db", db_url, "--once",
               "--allow-private", "--host-delay", "0"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    with Store(db_url) as store:
        while store.count() < 1:  # killed once the first article is stored, in the midst of the next
            assert time.monotonic() < deadline and first.poll() is None, first.stderr.read() if first.stderr else ""
            time.sleep(0.02)
    first.kill()
    first.wait(10)
    again = subprocess.run(command, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "took back 1 source lease(s)" in again.stderr  # polled at once, not when the lease ran out
    with Store(db_url) as store:
        stored = sorted(a.url for a in store.iter_analyses())
        with Session(store.engine) as session:
            arrivals = sorted(session.scalars(select(WatchArrivalRow.document_id)))
    assert stored == sorted(site.url(path) for path, _ in items)
    assert len(arrivals) == 3 and len(set(arrivals)) == 3  # each announced once


def test_two_watch_processes_on_one_store_poll_every_source_once(site, tmp_path, db_url):
    for i in range(16):
        site.routes[f"/desk{i}.xml"] = Route(rss(site, f"Desk {i}", []), "application/rss+xml", delay=0.3)
    sources = sources_file(tmp_path, *((site.url(f"/desk{i}.xml"), "1m") for i in range(16)))
    command = [sys.executable, "-m", "sitrep.cli", "watch", str(sources), "--db", db_url, "--once",
               "--allow-private", "--host-delay", "0"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    with Store(db_url):
        pass  # the schema made before the two start
    both = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    errs = [process.communicate(timeout=120)[1] for process in both]
    assert [process.returncode for process in both] == [0, 0], errs
    asked = sorted(r.path for r in site.requests if r.path.startswith("/desk"))
    assert asked == sorted(f"/desk{i}.xml" for i in range(16))  # every source, none twice
    polled = [err.count(": feed: 0 new") for err in errs]
    assert sum(polled) == 16 and min(polled) > 0, errs  # both took a share
