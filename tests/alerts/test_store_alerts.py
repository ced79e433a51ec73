"""Watchlists matched against stored articles, on SQLite and PostgreSQL: a watchlist finds
what the same search finds, a story raises one alert however many copies and later articles
come, triage sticks, and `sitrep watch`'s arrivals are matched once each."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from sqlalchemy import insert
from sqlalchemy.orm import Session

from sitrep.alerts.inbox import Inbox
from sitrep.alerts.match import match_arrivals, match_documents
from sitrep.alerts.watchlists import Watchlists, WatchlistError
from sitrep.store import Filters, Store
from sitrep.store.migrate import _config
from sitrep.watch.tables import WatchArrivalRow

# Filter sets as `sitrep search` takes them (keyword arguments of Store.search and Filters.build).
SEARCHES = [
    {"actor": "ISIS"},
    {"actor": "Islamic State", "place": "RU"},
    {"query": "Islamic State"},
    {"query": "attack", "since": "2016-01-01"},
    {"action": "ASSAULT"},
    {"modality": "predicted", "anonymous": True},
    {"place": "SY"},
    {"target": "RU"},
    {"actor": "Obama", "until": "2016-06-30"},
]


def watch(store: Store, name: str, **filters) -> None:
    Watchlists(store).add(name, Filters.build(**filters))


def test_a_watchlist_on_an_actor_alerts_on_the_seed_and_not_on_unrelated_reports(store, seed_analysis, excerpts):
    watch(store, "isis", actor="ISIS")
    store.save([seed_analysis, *excerpts])
    unrelated = [a.id for a in excerpts if a.id not in {h.id for h in store.search(actor="ISIS", limit=100)}]
    assert unrelated, "the excerpts must hold reports that do not name ISIS"

    done = match_documents(store, [seed_analysis.id, *unrelated])

    [alert] = Inbox(store).alerts()
    assert (done.created, done.updated) == (1, 0)
    assert alert.watchlist == "isis" and alert.status == "new"
    assert alert.articles == [seed_analysis.id]
    [hit] = [h for h in store.search(actor="ISIS") if h.id == seed_analysis.id]
    assert [(c.article, c.claim) for c in alert.claims] == [(seed_analysis.id, c.id) for c in hit.claims]
    assert alert.claims, "the seed's claims by the Islamic State are what matched"
    assert alert.why == "sitrep search --actor ISIS"
    assert alert.title == seed_analysis.title and alert.story == hit.story_id


@pytest.mark.parametrize("filters", SEARCHES, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_a_watchlist_matches_exactly_what_the_same_search_finds(store, seed_analysis, excerpts, filters):
    watch(store, "same", **filters)
    stored = [seed_analysis, *excerpts]
    store.save(stored)

    match_documents(store, [a.id for a in stored])

    found = {hit.id: [c.id for c in hit.claims] for hit in store.search(**filters, limit=100)}
    assert 0 < len(found) < len(stored), "each search finds some of the reports and not others"
    alerted = {m.article: m.claims for alert in Inbox(store).alerts() for m in alert.matched}
    assert alerted == found


def test_a_copy_stored_later_joins_the_seeds_alert_instead_of_raising_another(store, seed_analysis, seed_copy):
    watch(store, "isis", actor="ISIS")
    store.save([seed_analysis])
    match_documents(store, [seed_analysis.id])
    [first] = Inbox(store).alerts()

    store.save([seed_copy])
    assert store.copy_of(seed_copy.id) == seed_analysis.id
    done = match_documents(store, [seed_copy.id])

    [alert] = Inbox(store).alerts()
    assert (done.created, done.updated) == (0, 1)
    assert alert.id == first.id and alert.created == first.created
    assert alert.articles == [seed_analysis.id, seed_copy.id]
    assert alert.updated > first.updated
    assert (first.outlets, alert.outlets) == (1, 2)  # Breitbart, then the wire too
    assert alert.sources == first.sources  # a copy repeats its original's sources: none more
    assert {c.article for c in alert.claims} == {seed_analysis.id, seed_copy.id}


def test_the_same_article_matched_again_changes_nothing(store, seed_analysis):
    watch(store, "isis", actor="ISIS")
    store.save([seed_analysis])
    match_documents(store, [seed_analysis.id])
    [before] = Inbox(store).alerts()

    done = match_documents(store, [seed_analysis.id])

    assert (done.created, done.updated) == (0, 0)
    assert Inbox(store).alerts() == [before]


def test_each_watchlist_gets_its_own_alert_on_a_story(store, seed_analysis, excerpts):
    watch(store, "isis", actor="ISIS")
    watch(store, "russia", place="RU")
    store.save([seed_analysis, *excerpts])
    match_documents(store, [seed_analysis.id])

    assert sorted(a.watchlist for a in Inbox(store).alerts()) == ["isis", "russia"]
    assert [a.watchlist for a in Inbox(store).alerts(watchlist="russia")] == ["russia"]


def test_triage_is_kept_in_the_store_and_survives_a_later_article(db_url, seed_analysis, seed_copy):
    with Store(db_url) as store:
        watch(store, "isis", actor="ISIS")
        store.save([seed_analysis])
        match_documents(store, [seed_analysis.id])
        [alert] = Inbox(store).alerts()
        assert Inbox(store).set_status(alert.id, "important").status == "important"
    with Store(db_url) as reopened:
        assert Inbox(reopened).alert(alert.id).status == "important"
        assert [a.id for a in Inbox(reopened).alerts(status="important")] == [alert.id]
        assert Inbox(reopened).alerts(status="new") == []
        reopened.save([seed_copy])
        match_documents(reopened, [seed_copy.id])
        assert Inbox(reopened).alert(alert.id).status == "important"
        assert Inbox(reopened).set_status("no-such-alert", "read") is None
        with pytest.raises(ValueError, match="unknown status"):
            Inbox(reopened).set_status(alert.id, "urgent")


def test_newest_first_is_last_updated_first(store, seed_analysis, seed_copy, excerpts):
    watch(store, "isis", actor="ISIS")
    watch(store, "everything-2015", since="2015-01-01")
    store.save([seed_analysis, *excerpts])
    match_documents(store, [seed_analysis.id, *(a.id for a in excerpts)])
    store.save([seed_copy])
    match_documents(store, [seed_copy.id])

    alerts = Inbox(store).alerts()
    assert [a.updated for a in alerts] == sorted((a.updated for a in alerts), reverse=True)
    assert alerts[0].watchlist == "isis" and seed_copy.id in alerts[0].articles
    assert [a.id for a in Inbox(store).alerts(limit=2, offset=1)] == [a.id for a in alerts[1:3]]


def test_arrivals_of_the_watch_are_matched_once_and_an_edit_does_not_alert_again(store, seed_analysis, seed_copy):
    watch(store, "isis", actor="ISIS")
    store.save([seed_analysis])
    arrive(store, seed_analysis.id, "new")

    assert match_arrivals(store).created == 1
    assert match_arrivals(store).documents == 0  # the cursor moved past it
    [first] = Inbox(store).alerts()

    arrive(store, seed_analysis.id, "edited")
    done = match_arrivals(store)
    assert (done.documents, done.created, done.updated) == (1, 0, 0)
    assert Inbox(store).alerts() == [first]

    store.save([seed_copy])
    arrive(store, seed_copy.id, "new")
    assert (match_arrivals(store, batch=1).updated, len(Inbox(store).alerts())) == (1, 1)


def test_arrivals_stored_before_any_watchlist_raise_nothing_later(store, seed_analysis):
    store.save([seed_analysis])
    arrive(store, seed_analysis.id, "new")
    assert match_arrivals(store).documents == 1
    watch(store, "isis", actor="ISIS")
    assert match_arrivals(store).documents == 0
    assert Inbox(store).alerts() == []


def test_a_store_upgraded_to_alerts_matches_none_of_what_the_watch_had_queued(db_url, seed_analysis):
    with Store(db_url) as store:
        store.save([seed_analysis])
        arrive(store, seed_analysis.id, "new")
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0013")  # before watchlists: the queue was never read
    with Store(db_url) as upgraded:
        watch(upgraded, "isis", actor="ISIS")
        assert match_arrivals(upgraded).documents == 0
        arrive(upgraded, seed_analysis.id, "edited")
        assert (match_arrivals(upgraded).documents, len(Inbox(upgraded).alerts())) == (1, 1)


def test_removing_a_watchlist_removes_its_alerts(store, seed_analysis):
    watch(store, "isis", actor="ISIS")
    store.save([seed_analysis])
    match_documents(store, [seed_analysis.id])

    assert Watchlists(store).remove("isis") is True
    assert Watchlists(store).remove("isis") is False
    assert Watchlists(store).list() == [] and Inbox(store).alerts() == []


def test_a_watchlist_is_refused_without_filters_or_under_a_taken_or_hostile_name(store):
    watch(store, "isis", actor="ISIS")
    with pytest.raises(WatchlistError, match="already"):
        watch(store, "isis", place="SY")
    with pytest.raises(WatchlistError, match="at least one filter"):
        Watchlists(store).add("everything", Filters.build())
    with pytest.raises(WatchlistError, match="cannot search for"):
        watch(store, "unbalanced", query='"Islamic State')
    with pytest.raises(WatchlistError, match="control characters"):
        watch(store, "evil\x1b[2J", actor="ISIS")
    with pytest.raises(WatchlistError, match="http"):
        Watchlists(store).add("hook", Filters.build(actor="ISIS"), webhook="javascript:alert(1)")
    with pytest.raises(WatchlistError, match="e-mail"):
        Watchlists(store).add("mail", Filters.build(actor="ISIS"), email="desk@example.org\nBcc: x@y.org")
    [kept] = Watchlists(store).list()
    assert (kept.name, kept.filters) == ("isis", {"actor": "ISIS"})


def test_a_webhook_is_listed_without_its_secret_path(store):
    Watchlists(store).add("hook", Filters.build(actor="ISIS"),
                          webhook="https://user:pw@hooks.example.org/services/T0/SECRET")
    [listed] = Watchlists(store).list()
    assert listed.webhook == "https://hooks.example.org/…"
    assert "SECRET" not in listed.model_dump_json() and "pw" not in listed.model_dump_json()


def arrive(store: Store, document_id: str, kind: str) -> None:
    """What `sitrep watch` writes when it stores ("new") or updates ("edited") a document."""
    with Session(store.engine) as session, session.begin():
        session.execute(insert(WatchArrivalRow).values(document_id=document_id, source_id="test-source", kind=kind,
                                                       stored_at=dt.datetime.now(dt.timezone.utc)))


def test_two_matchers_of_the_arrivals_at_once_match_each_arrival_once(db_url, seed_analysis, seed_copy, excerpts):
    """Two `sitrep watch` processes on one store each match the queue after their cycles: the cursor
    is taken by one transaction at a time, so no arrival is matched twice and no story gets two alerts."""
    stored = [seed_analysis, seed_copy, *excerpts]
    with Store(db_url) as store:
        watch(store, "isis", actor="ISIS")
        watch(store, "words", query="Islamic State")
        store.save(stored)
        for analysis in stored:
            arrive(store, analysis.id, "new")
    stores = [Store(db_url), Store(db_url)]
    try:
        with ThreadPoolExecutor(2) as pool:
            done = list(pool.map(lambda s: match_arrivals(s, batch=1), stores))
        assert sum(d.documents for d in done) == len(stored)
        alerts = Inbox(stores[0]).alerts()
        assert len({(a.watchlist, a.story) for a in alerts}) == len(alerts) == sum(d.created for d in done)
        for name, filters in (("isis", {"actor": "ISIS"}), ("words", {"query": "Islamic State"})):
            found = {hit.id for hit in stores[0].search(**filters, limit=100)}
            assert sorted(a for alert in alerts if alert.watchlist == name for a in alert.articles) == sorted(found)
    finally:
        for store in stores:
            store.close()
