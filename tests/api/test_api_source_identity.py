"""Sources by identity in the REST API and the desk (issue 17, item 2): GET /api/sources lists one
row per source across the store, GET /api/sources/{identity} gives one with its articles, claims
and forecasts' record, and the desk's page of a source lists its articles and the claims resting
on it, every stored text escaped (tests/support/source_corpus.py: real excerpts analysed by hand)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from sitrep.api import create_app
from sitrep.store import Store
from support.source_corpus import all_excerpts, trump_bomb, trump_nato

OFFICIALS = "anon:nytimes.com|official|united states"


@pytest.fixture
def client(db_url):
    with Store(db_url) as store:
        store.save(all_excerpts())
        yield TestClient(create_app(store))


def test_the_list_has_one_row_per_source(client):
    items = client.get("/api/sources", params={"limit": 200}).json()["items"]
    by_identity = {item["identity"]: item for item in items}
    assert len(by_identity) == len(items) and all(item["key"] == item["identity"] for item in items)
    assert {i: (s["kind"], s["articles"], s["outlets"], s["claims"]) for i, s in by_identity.items()
            if s["articles"] > 1} == {
        "name:donald trump": ("named", 2, 2, 2),  # "Donald J. Trump" (NYT), "Donald Trump" and "Trump" (USA Today)
        "name:hillary clinton": ("named", 2, 2, 0),  # "Hillary Clinton" (the Post), "Clinton" (Breitbart)
        OFFICIALS: ("unnamed", 2, 1, 2),  # "an American official", "American officials"
    }
    assert {i for i in by_identity if i.endswith("|official|united states")} == {
        OFFICIALS, "anon:politico.com|official|united states", "anon:huffpost.com|official|united states"}


def test_one_source_has_its_articles_claims_and_forecasts(client):
    found = client.get(f"/api/sources/{quote('name:donald trump')}").json()
    assert found["source"]["name"] == "Donald Trump"
    assert found["source"]["names"] == ["Donald J. Trump", "Donald Trump", "Trump"]
    assert [a["id"] for a in found["articles"]] == [trump_nato().id, trump_bomb().id]  # newest first
    assert sorted(c["text"] for c in found["claims"]) == [
        "Trump vowed to \"bomb the hell\" out of the Islamic State", "threatening to pull out of NATO if he is elected"]
    assert found["forecasts"]["made"] == 2
    officials = client.get(f"/api/sources/{quote(OFFICIALS)}").json()
    assert (officials["source"]["role"], officials["source"]["affiliation"]) == ("official", "united states")
    assert len(officials["articles"]) == 2 and officials["forecasts"]["made"] == 0


def test_an_unknown_identity_is_404(client):
    response = client.get("/api/sources/name:nobody%20at%20all")
    assert response.status_code == 404 and "no source with identity" in response.json()["detail"]


def test_the_desk_page_of_a_source_lists_its_articles_and_escaped_claims(client):
    page = client.get(f"/sources/{quote('name:donald trump')}").text
    assert "<h1>Donald Trump <small>name:donald trump</small></h1>" in page
    assert page.count('<article class="card') == 2
    assert str(escape('Trump vowed to "bomb the hell" out of the Islamic State')) in page  # quotes escaped
    assert 'vowed to "bomb' not in page
    for analysis in (trump_nato(), trump_bomb()):
        assert f'href="/articles/{analysis.id}"' in page
    listing = client.get("/sources").text
    assert f'href="/sources/{quote(OFFICIALS, safe=":")}"' in listing
    assert any(f"{name} (The New York Times)" in listing for name in ("American officials", "an American official"))
