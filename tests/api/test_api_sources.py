"""The sources list (issue 19, item 14): articles stored without an outlet each had their own
voice listed as another identical "the outlet (own voice)" row. They are listed once, under
"outlet unknown", and so are the unnamed sources they quote; each row's page lists the claims
of every article it groups, and a single article's own key still works. Since issue 17 (item 2)
the rows are source identities (store/source_identity.py); the corroboration keys a claim card
links to, and those of the older list, still open their pages."""

from __future__ import annotations

import re

import pytest

from support.search_corpus import dont_blame_bush


@pytest.fixture
def client(corpus_client):
    return corpus_client


def rows(client) -> dict[str, tuple[str, int, int]]:
    items = client.get("/api/sources", params={"limit": 200}).json()["items"]
    names = [item["name"] for item in items]
    assert len(names) == len(set(names)), names
    return {item["name"]: (item["key"], item["articles"], item["claims"]) for item in items}


def test_articles_without_an_outlet_are_one_row_of_sources(client):
    assert rows(client) == {
        "outlet unknown (own voice)": ("own:unknown", 2, 4),  # the commandos and "Don't blame Bush"
        "officials (outlet unknown)": ("anon:unknown|official|", 2, 2),
        "Politico (own voice)": ("own:politico.com", 1, 1),
    }


def test_the_sources_page_shows_each_row_once(client):
    html = client.get("/sources").text
    assert html.count("outlet unknown (own voice)") == 1 and "the outlet (own voice)" not in html
    assert re.findall(r'href="/sources/([^"]+)"', html) == ["own:unknown", "anon:unknown%7Cofficial%7C",
                                                            "own:politico.com"]


@pytest.mark.parametrize("key, title, claims", [
    ("own:unknown", "outlet unknown (own voice)", 4),
    ("anon:unknown|official|", "officials (outlet unknown)", 2),
    ("own:politico.com", "Politico (own voice)", 1),
    ("outlet:unknown", "outlet unknown (own voice)", 4),
    ("unnamed:unknown:officials", "officials (outlet unknown)", 2),
    (f"outlet:doc:{dont_blame_bush().id}", "outlet unknown (own voice)", 2),  # one article's own key
])
def test_a_row_lists_the_claims_of_every_article_it_groups(client, key, title, claims):
    html = client.get(f"/sources/{key}").text
    assert f"<h1>{title} <small>{key}</small></h1>" in html
    assert html.count('<article class="card') == claims
