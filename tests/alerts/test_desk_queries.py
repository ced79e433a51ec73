"""What the desk's alert and watched-source pages ask of the store, on SQLite and PostgreSQL: the
inbox's true total under its filters, alerts updated since a time (the digest), articles' titles,
and every watched source's health judged now, the unhealthy first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from sitrep.alerts.inbox import Inbox
from sitrep.alerts.match import match_documents
from sitrep.alerts.tables import AlertRow
from sitrep.alerts.watchlists import Watchlists
from sitrep.store import Filters
from sitrep.watch.report import watched_sources
from sitrep.watch.sources import Source
from sitrep.watch.state import WatchState

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_the_inbox_counts_and_dates_alerts_as_it_lists_them(store, seed_analysis, excerpts):
    Watchlists(store).add("isis", Filters.build(actor="ISIS"))
    Watchlists(store).add("words", Filters.build(query="Islamic State"))
    store.save([seed_analysis, *excerpts])
    match_documents(store, [seed_analysis.id, *(a.id for a in excerpts)])
    inbox = Inbox(store)
    every = inbox.alerts(limit=None)
    assert len(every) >= 3 and inbox.count() == len(every)
    assert inbox.count(watchlist="isis") == len(inbox.alerts(watchlist="isis")) < len(every)
    inbox.set_status(every[0].id, "important")
    assert inbox.count(status="important") == 1 and inbox.count(status="new") == len(every) - 1
    assert inbox.count(watchlist="nobody") == 0

    ages = {alert.id: dt.timedelta(hours=6 * n) for n, alert in enumerate(every)}  # 0, 6, 12, ... hours old
    with Session(store.engine) as session, session.begin():
        for alert_id, age in ages.items():
            session.execute(update(AlertRow).where(AlertRow.id == alert_id).values(updated_at=NOW - age))
    since = NOW - dt.timedelta(hours=7)
    recent = inbox.alerts(since=since, limit=None)
    assert {a.id for a in recent} == {a for a, age in ages.items() if age <= dt.timedelta(hours=7)}
    assert len(recent) == 2 == inbox.count(since=since)
    assert inbox.count(since=since.astimezone(dt.timezone(dt.timedelta(hours=-5)))) == 2  # the same moment


def test_titles_are_read_by_id(store, seed_analysis, excerpts):
    store.save([seed_analysis, excerpts[0]])
    assert store.titles([seed_analysis.id, excerpts[0].id, "no-such-id"]) == {
        seed_analysis.id: seed_analysis.title, excerpts[0].id: excerpts[0].title}


def test_watched_sources_are_judged_now_and_the_unhealthy_come_first(store):
    healthy, failing, silent, waiting = (Source(f"https://{name}.example/rss", 900, outlet=name.title(),
                                                tags=("wire",)) for name in ("healthy", "failing", "silent", "waiting"))
    state = WatchState(store, "desk-test:1:x")
    state.sync([healthy, failing, silent, waiting], NOW - dt.timedelta(days=2))
    start = NOW - dt.timedelta(days=2)
    state.claim([healthy, failing, silent], start)
    state.finish(healthy, start, error=None, new_items=2, kind="feed")
    state.finish(failing, start, error=None, new_items=1, kind="feed")
    state.finish(silent, start, error=None, new_items=1, kind="feed")
    later = NOW - dt.timedelta(minutes=10)
    for source, error in ((healthy, None), (failing, "HTTP 500 <script>")):
        state.claim([source], later + dt.timedelta(days=1))
        state.finish(source, later, error=error, new_items=1 if error is None else 0, kind="feed")

    found = watched_sources(store, NOW)
    assert [(s.url, s.state) for s in found] == [(failing.url, "failing"), (silent.url, "stale"),
                                                  (waiting.url, "waiting"), (healthy.url, "healthy")]
    by_url = {s.url: s for s in found}
    assert by_url[failing.url].consecutive_failures == 1 and by_url[failing.url].last_error == "HTTP 500 <script>"
    assert by_url[failing.url].next_poll_at > later + dt.timedelta(seconds=900)  # backed off
    assert by_url[healthy.url].new_items == 3 and by_url[healthy.url].items_per_day == 1.5
    assert by_url[healthy.url].last_new_item_at == later and by_url[healthy.url].outlet == "Healthy"
    assert by_url[waiting.url].last_polled_at is None and by_url[waiting.url].tags == ["wire"]
    # Judged at the moment asked, not by the flag the last poll wrote: days later everything is stale.
    assert {s.state for s in watched_sources(store, NOW + dt.timedelta(days=3))} == {"failing", "stale", "waiting"}
