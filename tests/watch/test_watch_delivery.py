"""A watch or a deliverer killed (SIGKILL) in the middle of its work, then restarted: no article
lost, none stored twice, every alert delivered, and none twice to a receiver that acknowledged it;
on SQLite and PostgreSQL. Real processes, a loopback news site and a loopback webhook receiver."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.alerts.inbox import Inbox
from sitrep.alerts.match import match_documents
from sitrep.alerts.tables import DeliveryRow
from sitrep.alerts.watchlists import Watchlists
from sitrep.store import Filters, Store
from sitrep.watch.tables import WatchArrivalRow
from support.newssite import Route, page, rss, sources_file
from support.receivers import webhook_receiver

DAY1 = "Wed, 20 Nov 2019 07:00:00 GMT"
SECRET = "kill-test-secret-5d1e"
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src"), "SITREP_WEBHOOK_SECRET": SECRET,
       "SITREP_DELIVERY_BACKOFF": "1"}
# A watchlist per article of the site, each with its webhook.
WATCHED = {"helicopter": ("/news/helicopter-crash", "aljazeera", "helicopter"),
           "bolivia": ("/news/bolivia", "rt", "Morales"),
           "omar": ("/us/omar-threat", "nbc", "Omar")}


def _wait(condition, process, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the process ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _signed(post) -> bool:
    expected = "sha256=" + hmac.new(SECRET.encode(), post.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(post.headers.get("X-Sitrep-Signature", ""), expected)


def test_a_watch_killed_mid_cycle_then_restarted_delivers_every_alert_once(site, tmp_path, db_url):
    with webhook_receiver() as receiver, Store(db_url) as store:
        for name, (_, _, words) in WATCHED.items():
            Watchlists(store).add(name, Filters.build(query=words), webhook=receiver.url(f"/hook/{name}"))
        first_posts: set[str] = set()

        def answer(post) -> int:  # bolivia's receiver fails its first POST: that alert waits for a retry
            first = post.path not in first_posts
            first_posts.add(post.path)
            return 500 if first and post.path == "/hook/bolivia" else 200

        receiver.answer = answer
        early = [WATCHED["helicopter"][:2], WATCHED["bolivia"][:2]]
        site.routes["/feed.xml"] = Route(rss(site, "Loopback", [(path, name, DAY1) for path, name in early]),
                                         "application/rss+xml")
        for path, name, _ in WATCHED.values():
            site.routes[path] = Route(page(name), delay=1.5 if name == "nbc" else 0)
        sources = sources_file(tmp_path, (site.url("/feed.xml"), "1s"))
        command = [sys.executable, "-m", "sitrep.cli", "watch", str(sources), "--db", db_url, "--allow-private",
                   "--host-delay", "0"]
        log = tmp_path / "first.log"
        with log.open("w") as err:
            first = subprocess.Popen(command, stderr=err, text=True, env=ENV)
            # The first cycle stored two articles and delivered their alerts: one acknowledged, one refused (500).
            _wait(lambda: {p.path for p in receiver.posts if p.status} >= {"/hook/helicopter", "/hook/bolivia"},
                  first, "the first cycle's deliveries")
            # A later cycle finds a third article, slow to come: killed while it is being fetched.
            site.routes["/feed.xml"] = Route(rss(site, "Loopback", [(p, n, DAY1) for p, n, _ in WATCHED.values()]),
                                             "application/rss+xml")
            _wait(lambda: site.asked("/us/omar-threat"), first, "the third article's fetch")
            first.kill()
            first.wait(10)
        assert store.count() == 2, "killed before the third article was stored"

        again = subprocess.run([*command, "--once"], stderr=subprocess.PIPE, text=True, env=ENV, timeout=300)

        assert again.returncode == 0, again.stderr
        stored = sorted(a.url for a in store.iter_analyses())
        with Session(store.engine) as session:
            arrivals = list(session.scalars(select(WatchArrivalRow.document_id)))
            deliveries = list(session.scalars(select(DeliveryRow)))
        alerts = Inbox(store).alerts(limit=None)
    assert stored == sorted(site.url(path) for path, _, _ in WATCHED.values())  # none lost, none twice
    assert len(arrivals) == 3 and len(set(arrivals)) == 3
    assert {a.watchlist for a in alerts} == set(WATCHED)
    acknowledged = Counter((p.path, p.headers["Idempotency-Key"]) for p in receiver.acknowledged())
    assert acknowledged == Counter({(f"/hook/{a.watchlist}", a.id): 1 for a in alerts})  # each once, none twice
    assert [p.status for p in receiver.posts if p.path == "/hook/bolivia"] == [500, 200]  # retried, once acked
    assert all(_signed(p) for p in receiver.posts)
    assert {(d.state, d.last_error) for d in deliveries} == {("delivered", None)}
    assert SECRET not in log.read_text() + again.stderr


def test_a_deliverer_killed_while_a_receiver_holds_its_posts_sends_them_again_at_the_restart(tmp_path, db_url,
                                                                                          seed_analysis):
    killed = threading.Event()
    held: list[str] = []

    def answer(post) -> int:
        if not killed.is_set():  # what the first process sends is held until it is dead, then refused
            held.append(post.headers["Idempotency-Key"])
            killed.wait(60)
            return 503
        return 200

    with webhook_receiver() as receiver, Store(db_url) as store:
        receiver.answer = answer
        Watchlists(store).add("isis", Filters.build(actor="ISIS"), webhook=receiver.url("/hook"))
        Watchlists(store).add("islamic-state", Filters.build(query="Islamic State"), webhook=receiver.url("/other"))
        store.save([seed_analysis])
        match_documents(store, [seed_analysis.id])
        command = [sys.executable, "-m", "sitrep.cli", "alerts", "deliver", "--db", db_url, "--allow-private"]
        first = subprocess.Popen(command, stderr=subprocess.DEVNULL, env=ENV)
        _wait(lambda: held, first, "a held POST", timeout=60)
        first.kill()
        first.wait(10)
        killed.set()

        again = subprocess.run(command, stderr=subprocess.PIPE, text=True, env=ENV, timeout=120)

        with Session(store.engine) as session:
            states = Counter(session.scalars(select(DeliveryRow.state)))
        alerts = Inbox(store).alerts(limit=None)
    assert again.returncode == 0, again.stderr
    assert len(alerts) == 2 and states == Counter({"delivered": 2})
    acknowledged = Counter(p.headers["Idempotency-Key"] for p in receiver.acknowledged())
    assert acknowledged == Counter({a.id: 1 for a in alerts})
    # The leases of the dead process were taken back at once (not when they ran out), and what it
    # was sending was sent again, with the same idempotency key.
    assert "took back " in again.stderr and "delivery(ies)" in again.stderr
    assert set(held) <= set(acknowledged) and len(receiver.posts) == len(held) + 2
