"""Navigation without a browser: the REST lists' totals, a stray parameter named on every desk page
(found from the routers, so a page added later is covered too), the map's `place`, and the list
pages' refusals shown as messages."""

from __future__ import annotations

import html
import re

import pytest

from sitrep.api import corrections, forecasts, inbox, network, pages, trends, watching
from sitrep.api.rest import MAX_NAME_CHARS, MAX_OFFSET

UNKNOWN = re.compile(r'<p class="error unknown-filter">([^<]*)</p>')


@pytest.mark.parametrize("path, key", [("/api/entities", "key"), ("/api/sources", "identity"), ("/api/stories", "id"),
                                       ("/api/places", "key")])
def test_a_rest_list_reports_the_total_its_pages_add_up_to(client, path, key):
    items, offset = [], 0
    while page := client.get(path, params={"limit": 2, "offset": offset}).json():
        assert page["limit"] == 2 and page["offset"] == offset
        if not page["items"]:
            break
        items += page["items"]
        offset += 2
    assert len(items) > 2 and page["total"] == len(items) == len({(i[key], i.get("country")) for i in items})


def test_rest_lists_sort_as_asked(client):
    names = [e["name"] for e in client.get("/api/entities", params={"sort": "name", "limit": 200}).json()["items"]]
    assert names == sorted(names, key=lambda name: name.casefold().removeprefix("the "))
    articles = [s["articles"] for s in client.get("/api/sources", params={"sort": "articles"}).json()["items"]]
    assert articles == sorted(articles, reverse=True)
    for path in ("/api/entities", "/api/sources", "/api/stories"):
        assert client.get(path, params={"sort": "popularity"}).status_code == 422


DESK = (pages.router, forecasts.pages, network.pages, trends.pages, inbox.pages, watching.pages, corrections.pages)


def desk_routes():
    """Every page of the desk (the GET routes of its routers, not a watchlist's Atom feed): its path
    and the query parameters it declares."""
    for route in (r for router in DESK for r in router.routes if "GET" in r.methods):
        if not route.path.endswith(".atom"):
            yield route.path.replace(":path}", "}"), [p.alias for p in route.dependant.query_params]


def test_every_desk_page_names_a_parameter_it_does_not_take(client, stored):
    _, (_, nato, _) = stored
    values = {"article_id": nato.id, "name": "North Atlantic Treaty Organization", "story_id": "none",
              "key": "name:nobody"}
    checked = set()
    for path, known in desk_routes():
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        assert not UNKNOWN.findall(client.get(url).text), url
        response = client.get(url, params={"zoom": "3", "colour": ""})
        assert response.status_code in (200, 404), url
        takes = f"known: {', '.join(known)}" if known else "this page takes no filters"
        assert [html.unescape(m) for m in UNKNOWN.findall(response.text)] == [
            f"unknown filter 'zoom' = '3' ignored; {takes}", f"unknown filter 'colour' ignored; {takes}"], url
        checked.add(path)
    assert {"/", "/map", "/entities", "/articles/{article_id}", "/stories/{story_id}", "/forecasts", "/network",
            "/trends", "/alerts", "/alerts/digest", "/watchlists", "/feeds", "/corrections"} <= checked


def test_a_hostile_parameter_is_named_as_text(client):
    payload = "<script>alert(1)</script>"
    page = client.get("/entities", params={payload: payload}).text
    [message] = UNKNOWN.findall(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message and "<script>alert" not in page
    long = client.get("/entities", params={"x" * 500: "y" * 500}).text
    assert f"unknown filter '{'x' * 80}…' = '{'y' * 80}…' ignored" in html.unescape(UNKNOWN.findall(long)[0])


def test_the_map_takes_place_as_every_page_does(client):
    for params in ({"place": "lt"}, {"place": "Lithuania"}, {"country": "LT"}, {"place": "LT", "country": "RU"}):
        picked = client.get("/map", params=params).text
        assert re.search(r'class="country shade-1 selected" data-country="LT"', picked), params
        assert "Claims about Lithuania" in picked and not UNKNOWN.findall(picked)
    assert '<select name="place">' in picked and 'href="/map?place=LT"' in picked
    city = client.get("/map", params={"place": "Vilnius"}).text
    assert "the map picks a country: &#39;Vilnius&#39; is no ISO-3166 code" in city
    assert 'class="country shade-1 selected"' not in city


def test_a_list_page_says_what_it_refuses(client):
    for path in ("/entities", "/sources", "/stories"):
        sort = client.get(path, params={"sort": "<b>popularity</b>"}).text
        assert "sort must be one of" in sort and "&lt;b&gt;popularity&lt;/b&gt;" in sort and "<b>" not in sort
        long = client.get(path, params={"q": "x" * (MAX_NAME_CHARS + 1)}).text
        assert f"q is over {MAX_NAME_CHARS} characters" in long
        for offset in (-1, MAX_OFFSET + 1, "many"):
            assert client.get(path, params={"offset": offset}).status_code == 422


def test_a_list_page_filters_by_name_and_shows_the_filtered_total(client):
    page = client.get("/entities", params={"q": "nato", "sort": "name"}).text
    assert "<h1>Entities <small>(1)</small></h1>" in page and ">North Atlantic Treaty Organization</a>" in page
    assert 'value="nato"' in page and "<option selected>name</option>" in page
    past = client.get("/stories", params={"offset": 40}).text
    assert '<a rel="prev" href="/stories">previous</a>' in past  # from past the end, back to the last page
