"""The desk and the REST API show each outlet's rating with its origin and filter on it.

The store holds the seed (Breitbart News, named by the desk its exclusive says it told: rated
unreliable by NewsGuard), the NATO report at its reuters.com URL (reliable, NewsGuard), and the
hostile page, whose outlet name carries markup and is rated by no one.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.outlets import with_outlet
from sitrep.store import Store


@pytest.fixture
def client(db_url, sample_analyses):
    rated = [with_outlet(a.model_copy()) for a in sample_analyses]
    with Store(db_url) as store:
        store.save(rated)
        yield TestClient(create_app(store)), rated


def test_the_desk_shows_each_outlet_with_its_rating_and_origin(client):
    app, (seed, nato, _) = client
    brief = app.get("/").text
    assert "Breitbart News (breitbart.com) — rated unreliable by NewsGuard (score 57/100)" in brief
    assert "Reuters (reuters.com) — rated reliable by NewsGuard (score 100/100)" in brief
    assert "1 rated unreliable" in brief  # the seed's claims: one outlet, by its rating
    article = app.get(f"/articles/{seed.id}").text
    assert "Breitbart News (breitbart.com) — rated unreliable by NewsGuard (score 57/100)" in article
    assert "rated reliable by NewsGuard" in app.get("/articles").text


def test_reliable_only_filters_the_desk_and_the_api(client):
    app, (seed, nato, _) = client
    brief = app.get("/", params={"reliable": "1"}).text
    assert "Reuters (reuters.com)" in brief and "Breitbart News" not in brief
    assert 'name="reliable" value="1" checked' in brief
    claims = app.get("/api/claims", params={"reliable_only": "true"}).json()["items"]
    assert claims and {c["document_id"] for c in claims} == {nato.id}
    assert claims[0]["outlet_reliability"]["origin"] == "NewsGuard"
    assert claims[0]["outlets_by_rating"] == {"reliable": 1, "mixed": 0, "unreliable": 0, "unrated": 0}
    hits = app.get("/api/search", params={"q": "troops", "reliable_only": "true"}).json()["items"]
    assert [h["id"] for h in hits] == [nato.id]
    assert app.get("/api/search", params={"q": "Russia", "reliable_only": "true"}).json()["items"] == []
    assert [h["id"] for h in app.get("/api/search", params={"q": "Russia"}).json()["items"]] == [seed.id]


def test_a_hostile_outlet_name_is_escaped_and_unrated(client):
    app, (_, _, hostile) = client
    assert hostile.outlet_reliability is None
    for path in ("/articles", f"/articles/{hostile.id}", "/"):
        html = app.get(path).text
        assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; News — unrated" in html, path
        assert "<script>alert(1)</script>" not in html, path
