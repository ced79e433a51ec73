"""The desk's alerts in a real browser (issue 16): the inbox and its triage buttons, the watchlist
form, the watched sources page and the digest work, and hostile watchlist names, article titles
and source errors stay text under the CSP.

The desk fixture's store is the session's, so this module serves its own over the same analysed
examples, with four watchlists saved before they were matched (the alerts are real matches) and
the health of five watched sources as `sitrep watch` records it (polls replayed through
WatchState at past times: one failing, one gone stale). A test that changes something puts it back.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from urllib.parse import quote

import feedparser
import pytest

from sitrep.alerts.match import match_documents
from sitrep.alerts.watchlists import Watchlists
from sitrep.api import create_app
from sitrep.store import Filters, Store
from sitrep.watch.sources import Source
from sitrep.watch.state import WatchState
from support.hostile import PAYLOADS, hostile_analysis
from support.server import live_server

WATCHLISTS = {"attacks": {"action": "ASSAULT"}, "islamic-state-russia": {"actor": "Islamic State", "place": "RU"},
              "threats": {"modality": "threatened"}, "protests": {"action": "PROTEST"}}


def record_polls(store: Store, now: dt.datetime, failing_error: str = "HTTP 503 after 2 retries") -> None:
    """Five sources' history as the watch writes it: polls every six hours for two days and a last
    one ten minutes ago, each bringing one new item, but one source failing since a day ago and
    one that brought nothing after its first day's morning; the fifth is not polled yet."""
    sources = {name: Source(f"https://{name}.example/{path}", 900, outlet=name.title(), tags=("world",))
               for name, path in (("wire", "rss.xml"), ("daily", "world/feed"), ("herald", "sitemap-news.xml"),
                                  ("gazette", "atom.xml"), ("courier", "rss"))}
    state = WatchState(store, "desk-screenshots:1:x")
    start = now - dt.timedelta(days=2)
    state.sync(list(sources.values()), start)
    for at in [*(start + dt.timedelta(hours=hours) for hours in range(0, 48, 6)), now - dt.timedelta(minutes=10)]:
        for name in ("wire", "daily", "herald", "gazette"):
            state.claim([sources[name]], now + dt.timedelta(days=3))
            failed = name == "herald" and at > now - dt.timedelta(days=1)
            quiet = name == "gazette" and at > start + dt.timedelta(hours=6)
            state.finish(sources[name], at, error=failing_error if failed else None,
                         new_items=0 if failed or quiet else 1, kind="sitemap" if name == "herald" else "feed")


@pytest.fixture(scope="module")
def alert_desk(example_analyses, tmp_path_factory, token):
    """Base URL of a desk whose store holds the examples, their alerts and the watched sources."""
    store = Store(tmp_path_factory.mktemp("alert-desk") / "sitrep.db")
    for name, filters in WATCHLISTS.items():
        Watchlists(store).add(name, Filters.build(**filters))
    store.save(example_analyses)
    match_documents(store, [a.id for a in example_analyses])
    record_polls(store, dt.datetime.now(dt.timezone.utc))
    with live_server(create_app(store, token=token)) as url:
        yield url
    store.close()


def api(base: str, path: str):
    with urllib.request.urlopen(f"{base}{path}") as response:
        return response.read()


def sign_in_here(page, analyst: str, token: str) -> None:
    """Sign in with the form on the page shown (it comes back to the same page)."""
    page.fill("form.sign-in input[name=analyst]", analyst)
    page.fill("form.sign-in input[name=token]", token)
    page.click("form.sign-in button")
    page.wait_for_selector(f"form.signed-in:has-text('Signed in as {analyst}')")


def test_the_inbox_lists_the_alerts_and_its_triage_buttons_change_them(alert_desk, page, token, screenshots):
    page.goto(f"{alert_desk}/alerts")
    total = int(page.locator("h1 small").inner_text().strip("()"))
    assert total == page.locator("article.alert").count() >= len(WATCHLISTS)
    assert page.locator("article.alert .triage button").count() == 0, "no buttons before signing in"
    sign_in_here(page, "Ana Analyst", token)
    assert page.url.endswith("/alerts")
    first = page.locator("article.alert").first
    alert_id = first.get_attribute("data-alert")
    assert first.locator("a.article").count() >= 1 and first.locator("a.claim").count() >= 1
    page.screenshot(path=screenshots / "inbox.png", full_page=False)

    first.locator("button[data-status=important]").click()
    mine = page.locator(f'article.alert[data-alert="{alert_id}"]')
    mine.locator("h3 .status:text-is('important')").wait_for()
    assert "status-important" in mine.get_attribute("class")
    page.select_option("select[name=status]", "important")
    page.click("form.filters button")
    assert page.locator("article.alert").count() == 1 and page.locator("h1 small").inner_text() == "(1)"
    page.locator(f'article.alert[data-alert="{alert_id}"] button[data-status=new]').click()
    page.wait_for_selector("p.empty")  # back to new: it leaves this view
    page.goto(f"{alert_desk}/alerts?status=new")
    assert int(page.locator("h1 small").inner_text().strip("()")) == total

    page.locator("article.alert a.claim").first.click()
    page.wait_for_selector("#evidence")  # a matching claim leads to its evidence in the article


def test_the_watchlist_form_adds_says_what_is_wrong_and_removes(alert_desk, page, token, screenshots):
    page.goto(f"{alert_desk}/watchlists")
    assert page.locator("table.watchlists tbody tr").count() == len(WATCHLISTS)
    assert page.locator("form.watchlist-add").count() == 0, "no form before signing in"
    sign_in_here(page, "Ana Analyst", token)
    form = page.locator("form.watchlist-add")
    form.locator("input[name=name]").fill("russia-predicted")
    form.locator("input[name=place]").fill("RU")
    form.locator("select[name=modality]").select_option("predicted")
    form.locator("input[name=since]").fill("2016-05-01")
    form.locator("input[name=until]").fill("2016-01-01")
    form.locator("button").click()
    assert "after" in page.locator("p.error").inner_text()  # until before since: said on the page
    assert page.locator("form.watchlist-add input[name=name]").input_value() == "russia-predicted"  # kept
    page.locator("form.watchlist-add input[name=until]").fill("")
    page.locator("form.watchlist-add button").click()
    row = page.locator('table.watchlists tr[data-watchlist="russia-predicted"]')
    row.wait_for()
    assert row.locator("code.search").inner_text() == "sitrep search --place RU --since 2016-05-01 --modality predicted"
    feeds = page.locator('head link[rel=alternate][type="application/atom+xml"]')
    assert feeds.count() == len(WATCHLISTS) + 1
    page.screenshot(path=screenshots / "watchlists.png", full_page=True)

    feed = feedparser.parse(api(alert_desk, "/watchlists/attacks/feed.atom"))
    assert not feed.bozo and len(feed.entries) == int(
        page.locator('table.watchlists tr[data-watchlist="attacks"] td.num').inner_text())
    row.locator("button.remove").click()
    row.wait_for(state="detached")
    assert page.locator("table.watchlists tbody tr").count() == len(WATCHLISTS)


def test_the_watched_sources_page_shows_each_sources_health_unhealthy_first(alert_desk, page, screenshots):
    page.goto(f"{alert_desk}/feeds")
    rows = page.locator("table.feeds tbody tr")
    states = rows.locator("td.state").all_inner_texts()
    assert states == ["failing", "stale", "waiting", "healthy", "healthy"]
    failing = rows.first
    assert failing.locator(".url").inner_text() == "https://herald.example/sitemap-news.xml"
    assert failing.locator(".last-error").inner_text() == "HTTP 503 after 2 retries"
    assert failing.locator("td.num").first.inner_text() == "4"  # failures in a row
    assert "2 unhealthy" in page.locator("h1").inner_text()
    page.screenshot(path=screenshots / "feeds.png", full_page=True)


def test_the_digest_prints_the_days_alerts_by_watchlist(alert_desk, page):
    page.goto(f"{alert_desk}/alerts/digest")
    groups = page.locator("section.digest-watchlist h2 a").all_inner_texts()
    assert groups == sorted(groups) and set(groups) <= set(WATCHLISTS) and groups
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible() and not page.locator("form.filters").is_visible()
    assert page.locator("article.alert").first.is_visible()


def test_hostile_names_titles_and_errors_stay_inert(browser, tmp_path, token):
    """A watchlist named with a script, articles whose titles are the hostile payloads, a source
    whose error is one: each page shows them as text, and no script runs or is refused by the CSP
    (a refusal would mean markup got through)."""
    store = Store(tmp_path / "hostile.db")
    Watchlists(store).add(PAYLOADS[0], Filters.build(action="ASSAULT"))
    articles = [hostile_analysis(n) for n in range(4)]
    store.save(articles)
    match_documents(store, [a.id for a in articles])
    record_polls(store, dt.datetime.now(dt.timezone.utc), failing_error=PAYLOADS[1])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    try:
        with live_server(create_app(store, token=token)) as url:
            page.goto(f"{url}/alerts")
            sign_in_here(page, f"{PAYLOADS[2]} eve", token)
            for path in ("/alerts", f"/alerts?watchlist={quote(PAYLOADS[0])}", "/alerts/digest", "/watchlists",
                         "/feeds"):
                page.goto(url + path)
                assert page.evaluate("document.scripts.length") == 0, path
                assert page.locator("[data-xss]").count() == 0, path
            page.goto(f"{url}/alerts")
            assert sorted(page.locator("article.alert .alert-title").all_inner_texts()) == sorted(
                a.title for a in articles)
            assert set(page.locator("article.alert a.watchlist").all_inner_texts()) == {PAYLOADS[0]}
            page.locator("article.alert button[data-status=dismissed]").first.click()
            page.locator("article.alert.status-dismissed").wait_for()
            assert page.locator("article.alert.status-dismissed .alert-title").inner_text() in {
                a.title for a in articles}
            page.goto(f"{url}/watchlists")
            assert page.locator("table.watchlists a.name").inner_text() == PAYLOADS[0]
            page.goto(f"{url}/feeds")
            assert page.locator(".last-error").first.inner_text() == PAYLOADS[1]
        assert dialogs == [] and refused == []
    finally:
        context.close()
        store.close()


def test_a_wrong_token_says_so_and_the_next_try_comes_back_to_the_watchlists(alert_desk, page, token):
    page.goto(f"{alert_desk}/watchlists")
    page.fill("form.sign-in input[name=analyst]", "Ana Analyst")
    page.fill("form.sign-in input[name=token]", "not-the-token")
    page.click("form.sign-in button")
    page.wait_for_selector("p.error:has-text(\"that is not this server's token\")")
    assert page.locator("h1").inner_text() == "Sign in"
    sign_in_here(page, "Ana Analyst", token)
    assert page.url.endswith("/watchlists")
