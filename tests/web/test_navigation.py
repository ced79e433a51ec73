"""Every list of the desk reaches its last item, in a real browser: following its next links from
the first page, the rows seen add up to the total in its heading, and the last one seen is the
store's last. Also: a filter and sort chosen in a list's form hold across its pages, and a query
parameter a page does not take is named on it as inert text, however hostile its name or value.

The store holds 110 hand-annotated reports of real paragraphs (support/realtext.py), each naming
an agency and a minister and quoting a spokesperson and an analyst: more than two pages of every
list (50 articles or stories, 100 entities or sources to a page)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from sitrep.api import create_app
from sitrep.model import Analysis, Entity, Source
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.realtext import paragraphs
from support.server import live_server

REPORTS = 110
HOSTILE_NAME, HOSTILE_VALUE = "<script>alert('name')</script>", '<img src=x onerror="alert(2)">'


def report(n: int, body: str) -> Analysis:
    return Analysis(
        id=document_id(body), input=f"report-{n}.txt", outlet="Reuters", title=f"Report {n:03d}", body=body,
        published=f"2016-{1 + n % 12:02d}-{1 + n % 28:02d}",
        entities=[Entity(id="e1", name=f"Agency {n:03d}", type="ORG"),
                  Entity(id="e2", name=f"Minister {n:03d}", type="PERSON")],
        sources=[Source(id="s1", name=f"Spokesperson {n:03d}", description="a spokesperson", named=True),
                 Source(id="s2", name=f"Analyst {n:03d}", description="an analyst", named=True)])


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """(base URL, store) of a server over the REPORTS."""
    store = Store(tmp_path_factory.mktemp("navigation") / "sitrep.db")
    store.save([report(n, body) for n, body in enumerate(paragraphs()[:REPORTS])])
    with live_server(create_app(store)) as url:
        yield url, store
    store.close()


def walk(page) -> tuple[int, list[str], int]:
    """From the list page open in `page`, follow its next links to the end: (the total its
    heading gives, the first cell of every row seen, the pages seen)."""
    total = int(re.fullmatch(r"\((\d+)\)", page.locator("h1 small").inner_text()).group(1))
    seen, pages = [], 1
    while True:
        seen += page.locator("main table tbody tr td:first-child").all_inner_texts()
        later = page.locator("p.paging a[rel=next]")
        if not later.count():
            return total, seen, pages
        with page.expect_navigation():
            later.click()
        assert int(re.fullmatch(r"\((\d+)\)", page.locator("h1 small").inner_text()).group(1)) == total
        pages += 1


@pytest.mark.parametrize("path, size, expected, last", [
    ("/entities", 100, 2 * REPORTS, lambda store, total: store.list_entities(1, total - 1)[0].name),
    ("/sources", 100, 2 * REPORTS, lambda store, total: store.list_sources(1, total - 1)[0].name),
    ("/stories", 50, REPORTS, lambda store, total: store.list_stories(1, total - 1)[0].title),
    ("/articles", 50, REPORTS, lambda store, total: store.list_articles(1, total - 1)[0].title),
])
def test_a_list_reaches_its_last_item_and_its_heading_counts_them_all(crowded, page, path, size, expected, last):
    url, store = crowded
    page.goto(url + path)
    total, seen, pages = walk(page)
    assert total == expected == len(seen) == len(set(seen)) and pages == -(-total // size)
    assert seen[-1] == last(store, total)
    last_page = (total - 1) // size * size
    assert page.locator("p.paging .position").inner_text() == f"{last_page + 1}–{total} of {total}"


def test_a_chosen_filter_and_sort_hold_across_the_pages(crowded, page):
    url, _ = crowded
    page.goto(url + "/sources")
    page.fill("input[name=q]", "analyst")
    page.select_option("select[name=sort]", "name")
    with page.expect_navigation():
        page.get_by_role("button", name="show").click()
    total, seen, pages = walk(page)
    assert (total, pages) == (REPORTS, 2) and seen == sorted(seen) and all(s.startswith("Analyst ") for s in seen)
    assert page.input_value("input[name=q]") == "analyst" and page.input_value("select[name=sort]") == "name"
    assert re.search(r"[?&]q=analyst", page.url) and "sort=name" in page.url and "offset=100" in page.url


def test_an_unknown_parameter_is_named_on_the_page_as_inert_text(crowded, page):
    url, store = crowded
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    article = store.list_articles(1)[0].id
    brief = "actor, place, since, until, modality, action, band, anonymous, reliable, target"
    for path, known in [("/entities", "q, sort, offset"), ("/", brief), (f"/articles/{article}", "claim"),
                        ("/map", "place, country, modality, since, until")]:
        page.goto(f"{url}{path}?{urlencode({HOSTILE_NAME: HOSTILE_VALUE, 'zoom': '3'})}")
        assert page.locator("p.unknown-filter").all_inner_texts() == [
            f"unknown filter '{HOSTILE_NAME}' = '{HOSTILE_VALUE}' ignored; known: {known}",
            f"unknown filter 'zoom' = '3' ignored; known: {known}"], path
        assert page.locator("main img, main script").count() == 0, path
        scripts = page.locator("script").evaluate_all("s => s.map(e => e.getAttribute('src'))")
        assert all(src and src.startswith("/static/") for src in scripts), (path, scripts)
    page.goto(url + "/entities?sort=name")
    assert page.locator("p.unknown-filter").count() == 0
    assert dialogs == []
