"""The desk's alerts inbox and digest, watchlist form, Atom feeds and watched sources page: every
write needs a signed-in analyst and this server's CSRF value from its own origin, a triage sticks,
bad input is said on the page, hostile names and titles stay text, and each feed is valid Atom.

One store for the module (SQLite; the queries beneath are tested on both backends in
tests/alerts/test_desk_queries.py): the seed and two hostile articles, matched against a plain
watchlist and one whose name is a script, and four watched sources, one failing with a hostile
error. A test that changes something puts it back."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import feedparser
import pytest
from fastapi.testclient import TestClient
from lxml import etree, html
from markupsafe import escape

from sitrep.alerts.match import match_documents
from sitrep.alerts.watchlists import Watchlists
from sitrep.api import create_app
from sitrep.store import Filters, Store
from sitrep.watch.sources import Source
from sitrep.watch.state import WatchState
from support.hostile import PAYLOADS, hostile_analysis

TOKEN = "desk-alerts-token"
HOSTILE_NAME = PAYLOADS[0]  # a <script data-xss> element, if it were one
FAILING_ERROR = PAYLOADS[1]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def store(tmp_path_factory, seed_analysis):
    opened = Store(tmp_path_factory.mktemp("alert-desk") / "sitrep.db")
    Watchlists(opened).add("isis", Filters.build(actor="ISIS"))
    Watchlists(opened).add(HOSTILE_NAME, Filters.build(action="ASSAULT", place="RU"))
    articles = [seed_analysis, hostile_analysis(0), hostile_analysis(1)]
    opened.save(articles)
    match_documents(opened, [a.id for a in articles])
    now = dt.datetime.now(dt.timezone.utc)
    healthy, failing, waiting = (Source(f"https://{name}.example/rss", 900)
                                 for name in ("healthy", "failing", "waiting"))
    state = WatchState(opened, "desk-test:1:x")
    state.sync([healthy, failing, waiting], now)
    state.claim([healthy, failing], now)
    state.finish(healthy, now, error=None, new_items=4, kind="feed")
    state.finish(failing, now, error=FAILING_ERROR)
    yield opened
    opened.close()


@pytest.fixture
def desk(store) -> TestClient:
    return TestClient(create_app(store, token=TOKEN))


def sign_in(client: TestClient, name: str = "ana") -> str:
    """Sign in on the desk; the CSRF value the alert pages' forms carry."""
    answer = client.post("/corrections/sign-in", data={"token": TOKEN, "analyst": name, "back": "/alerts"},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/alerts"
    return re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/alerts").text).group(1)


def alerts(client: TestClient, **params) -> list[dict]:
    return client.get("/api/alerts", params={"limit": 200, **params}).json()["items"]


def test_the_inbox_lists_every_alert_newest_first_with_its_articles_and_the_true_total(desk):
    every = alerts(desk)
    assert len(every) == 4, "the seed for both watchlists (ISIS attacks in Russia), each hostile article for one"
    page = desk.get("/alerts").text
    assert f"Alerts <small>({len(every)})</small>" in page and f"1–{len(every)} of {len(every)}" in page
    assert re.findall(r'data-alert="([0-9a-f]+)"', page) == [a["id"] for a in every]
    for alert in every:
        for article in alert["articles"]:
            assert f'href="/articles/{article}"' in page
        for claim in alert["claims"]:
            assert f'href="/articles/{claim["article"]}?claim={claim["claim"]}#evidence"' in page
        assert str(escape(alert["why"])) in page
    isis = desk.get("/alerts", params={"watchlist": "isis"}).text
    assert "Alerts <small>(1)</small>" in isis and 'href="/watchlists/isis/feed.atom"' in isis
    assert '<link rel="alternate" type="application/atom+xml"' in isis
    assert "Alerts <small>(0)</small>" in desk.get("/alerts", params={"status": "dismissed"}).text


def test_the_inbox_pages_keeping_its_filters(store, desk, monkeypatch):
    from sitrep.api import inbox
    monkeypatch.setattr(inbox, "INBOX_PAGE", 2)
    first = desk.get("/alerts", params={"status": "new"}).text
    assert "1–2 of 4" in first and 'href="/alerts?status=new&amp;offset=2"' in first
    second = desk.get("/alerts", params={"status": "new", "offset": 2}).text
    assert "3–4 of 4" in second and len(re.findall(r"data-alert=", second)) == 2


@pytest.mark.parametrize("params, says", [({"status": "urgent"}, "status must be one of new, read, important"),
                                          ({"watchlist": "x" * 201}, "at most 200 characters"),
                                          ({"colour": "red"}, "unknown filter")])
def test_a_bad_inbox_filter_is_said_on_the_page(desk, params, says):
    answer = desk.get("/alerts", params=params)
    assert answer.status_code == 200 and says in answer.text


def test_triage_buttons_need_a_sign_in_and_change_the_status_for_good(store, desk):
    target = next(a for a in alerts(desk) if a["watchlist"] == "isis")
    page = desk.get("/alerts").text
    assert 'name="token"' in page and "data-status=" not in page  # the sign-in form, no buttons
    form = {"status": "important", "back": "/alerts?watchlist=isis"}
    assert desk.post(f"/alerts/{target['id']}/status", data=form, follow_redirects=False).status_code == 401

    csrf = sign_in(desk)
    page = desk.get("/alerts").text
    assert "Signed in as <strong>ana</strong>" in page
    assert len(re.findall(r'data-status="', page)) == 3 * 4  # each alert: the three statuses it has not
    assert desk.post(f"/alerts/{target['id']}/status", data=form, follow_redirects=False).status_code == 403
    for elsewhere in ({"Origin": "https://attacker.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert desk.post(f"/alerts/{target['id']}/status", data={**form, "csrf": csrf}, headers=elsewhere,
                         follow_redirects=False).status_code == 403
    assert desk.get(f"/api/alerts/{target['id']}").json()["status"] == "new"

    done = desk.post(f"/alerts/{target['id']}/status", data={**form, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/alerts?watchlist=isis"
    assert TestClient(create_app(store)).get(f"/api/alerts/{target['id']}").json()["status"] == "important"
    assert "Alerts <small>(1)</small>" in desk.get("/alerts", params={"status": "important"}).text

    refused = desk.post(f"/alerts/{target['id']}/status", data={"status": "urgent", "csrf": csrf})
    assert refused.status_code == 422 and "unknown status" in refused.text
    missing = desk.post("/alerts/0000/status", data={"status": "read", "csrf": csrf})
    assert missing.status_code == 404 and "no alert" in missing.text
    back = desk.post(f"/alerts/{target['id']}/status", data={"status": "new", "csrf": csrf,
                                                             "back": "//attacker.example/"}, follow_redirects=False)
    assert back.headers["location"] == "/alerts"
    assert desk.get(f"/api/alerts/{target['id']}").json()["status"] == "new"


def test_a_read_only_server_shows_no_buttons_or_forms_and_refuses_their_posts(store):
    read_only = TestClient(create_app(store))
    alert_id = alerts(read_only)[0]["id"]
    for path in ("/alerts", "/watchlists"):
        page = read_only.get(path).text
        assert "This server is read-only" in page and 'method="post"' not in page
    assert read_only.post(f"/alerts/{alert_id}/status", data={"status": "read"}).status_code == 401
    assert read_only.post("/watchlists", data={"name": "x", "actor": "ISIS"}).status_code == 401
    assert read_only.get(f"/api/alerts/{alert_id}").json()["status"] == "new"


def test_the_watchlist_form_adds_and_removes_with_the_filters_of_search(desk):
    wanted = {"name": "russia-threats", "query": "attack", "place": "RU", "modality": "predicted",
              "anonymous": "1"}
    assert desk.post("/watchlists", data=wanted, follow_redirects=False).status_code == 401
    csrf = sign_in(desk)
    assert desk.post("/watchlists", data=wanted, follow_redirects=False).status_code == 403  # no csrf
    added = desk.post("/watchlists", data={**wanted, "csrf": csrf}, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"] == "/watchlists"
    [saved] = [w for w in desk.get("/api/watchlists").json() if w["name"] == "russia-threats"]
    assert saved["filters"] == {"query": "attack", "place": "RU", "modality": "predicted", "anonymous": True}
    page = desk.get("/watchlists").text
    assert "sitrep search attack --place RU --modality predicted --anonymous" in page
    assert 'href="/watchlists/russia-threats/feed.atom"' in page
    assert '<form class="filters watchlist-add" method="post" action="/watchlists">' in page  # not the REST route
    assert 'method="post" action="/watchlists/remove">' in page

    taken = desk.post("/watchlists", data={**wanted, "csrf": csrf})
    assert taken.status_code == 409 and "there is a watchlist named" in taken.text
    assert desk.post("/watchlists/remove", data={"name": "russia-threats"}).status_code == 403
    removed = desk.post("/watchlists/remove", data={"name": "russia-threats", "csrf": csrf}, follow_redirects=False)
    assert removed.status_code == 303
    assert "russia-threats" not in [w["name"] for w in desk.get("/api/watchlists").json()]
    gone = desk.post("/watchlists/remove", data={"name": "russia-threats", "csrf": csrf})
    assert gone.status_code == 404 and "no watchlist named" in gone.text


@pytest.mark.parametrize("bad, says", [({"modality": "certain"}, "modality"), ({"action": "EXPLODE"}, "action"),
                                       ({}, "at least one filter"), ({"actor": "x", "since": "yesterday"}, "since"),
                                       ({"actor": "x", "since": "2016-05-01", "until": "2016-01-01"}, "after"),
                                       ({"actor": "x" * 501}, "over"), ({"name": " ", "actor": "x"}, "needs a name")])
def test_a_bad_watchlist_is_said_on_the_page_with_what_was_typed_kept(desk, bad, says):
    csrf = sign_in(desk)
    form = {"name": "bad one", **bad, "csrf": csrf}
    answer = desk.post("/watchlists", data=form)
    assert answer.status_code == 422 and says in re.search(r'<p class="error">(.*?)</p>', answer.text).group(1)
    assert f'name="name" required size="20" value="{bad.get("name", "bad one")}"' in answer.text  # kept
    assert sorted(w["name"] for w in desk.get("/api/watchlists").json()) == sorted(["isis", HOSTILE_NAME])


def test_hostile_names_titles_and_errors_stay_text_on_every_page(desk):
    sign_in(desk, name=f"{PAYLOADS[2]} eve")
    hostile_titles = [hostile_analysis(0).title, hostile_analysis(1).title]
    for path in ("/alerts", f"/alerts?watchlist={quote(HOSTILE_NAME)}", "/alerts/digest", "/watchlists", "/feeds"):
        page = desk.get(path)
        assert page.status_code == 200, path
        document = html.fromstring(page.text)
        assert document.xpath("//*[@data-xss] | //script | //img | //svg") == [], path  # no payload became markup
        for payload in PAYLOADS[:3]:
            assert payload not in page.text, path
    inbox = desk.get("/alerts").text
    for title in hostile_titles:
        assert str(escape(title)) in inbox
    assert str(escape(HOSTILE_NAME)) in desk.get("/watchlists").text
    assert str(escape(FAILING_ERROR)) in desk.get("/feeds").text


def test_each_watchlist_has_a_valid_atom_feed_of_its_alerts(desk):
    mine = alerts(desk, watchlist=HOSTILE_NAME)
    answer = desk.get(f"/watchlists/{quote(HOSTILE_NAME, safe='')}/feed.atom")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == f"sitrep alerts: {HOSTILE_NAME}"
    assert [e.id for e in feed.entries] == [f"urn:sitrep:alert:{a['id']}" for a in mine]
    for entry, alert in zip(feed.entries, mine):
        assert entry.title == alert["title"] and entry.title_detail.type == "text/plain"
        assert dt.datetime.fromisoformat(entry.updated) == dt.datetime.fromisoformat(alert["updated"])
        assert entry.link.endswith(f"/articles/{alert['articles'][0]}")
        assert entry.content[0].type == "text/plain" and alert["why"] in entry.content[0].value
    root = etree.fromstring(answer.content)
    assert not list(root.iter("{*}script", "{*}img", "script", "img"))  # the payloads are text, not elements
    assert [e.text for e in root.iter(f"{ATOM}title")][1:] == [a["title"] for a in mine]
    again = feedparser.parse(desk.get(f"/watchlists/{quote(HOSTILE_NAME, safe='')}/feed.atom").content)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]  # ids are stable
    assert desk.get("/watchlists/nobody/feed.atom").status_code == 404


def test_a_watchlist_without_alerts_has_a_valid_empty_feed_dated_when_it_was_saved(store, desk):
    Watchlists(store).add("quiet", Filters.build(actor="Nobody Anyone Knows"))
    try:
        feed = feedparser.parse(desk.get("/watchlists/quiet/feed.atom").content)
        [saved] = [w for w in desk.get("/api/watchlists").json() if w["name"] == "quiet"]
        assert not feed.bozo and feed.entries == []
        assert dt.datetime.fromisoformat(feed.feed.updated) == dt.datetime.fromisoformat(saved["created"])
    finally:
        Watchlists(store).remove("quiet")


def test_the_digest_groups_the_windows_alerts_by_watchlist(desk):
    page = desk.get("/alerts/digest").text
    assert re.findall(r'<section class="digest-watchlist">\s*<h2><a [^>]*>([^<]*)</a> <small>\((\d+)\)', page) == [
        (str(escape(HOSTILE_NAME)), "3"), ("isis", "1")]  # by name
    assert "4 alerts updated since" in page and 'data-status="' not in page
    tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert "No alert was raised or updated" in desk.get("/alerts/digest", params={"since": tomorrow}).text
    assert "4 alerts updated since" in desk.get("/alerts/digest", params={"hours": 1}).text
    for bad, says in (({"hours": "0"}, "hours must be"), ({"hours": "x"}, "hours must be"),
                      ({"since": "last week"}, "since must be")):
        answer = desk.get("/alerts/digest", params=bad)
        assert answer.status_code == 200 and says in answer.text


def test_the_watched_sources_page_puts_the_failing_first(desk):
    page = desk.get("/feeds").text
    rows = re.findall(r'<tr class="(\w+)">\s*<td><span class="url">([^<]+)</span>', page)
    assert rows == [("failing", "https://failing.example/rss"), ("waiting", "https://waiting.example/rss"),
                    ("healthy", "https://healthy.example/rss")]
    assert "Watched sources <small>(3, 1 unhealthy)</small>" in page
    assert 'href="/sources"' in page  # the other sources page, the people quoted, is one link away
