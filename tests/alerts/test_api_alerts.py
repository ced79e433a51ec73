"""/api/watchlists and /api/alerts on SQLite and PostgreSQL: reading is open, saving, removing
and triaging need the write token (401 without it, 403 on a read-only server), and a watchlist
saved over REST alerts on what the same /api/search finds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.alerts.match import match_documents
from sitrep.api import create_app

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
XSS = "<script>alert(1)</script>"


@pytest.fixture
def client(store):
    return TestClient(create_app(store, token=TOKEN))


def test_watchlists_are_saved_listed_and_removed_with_the_token(client):
    wanted = {"name": XSS, "actor": "ISIS", "place": "RU", "modality": "predicted",
              "webhook": "https://hooks.example.org/services/SECRET"}
    assert client.post("/api/watchlists", json=wanted).status_code == 401
    assert client.post("/api/watchlists", json=wanted, headers={"Authorization": "Bearer wrong"}).status_code == 401

    made = client.post("/api/watchlists", json=wanted, headers=AUTH)
    assert made.status_code == 201, made.text
    assert made.json()["filters"] == {"actor": "ISIS", "place": "RU", "modality": "predicted"}
    assert made.json()["webhook"] == "https://hooks.example.org/…"
    assert client.post("/api/watchlists", json=wanted, headers=AUTH).status_code == 409
    [listed] = client.get("/api/watchlists").json()
    assert listed["name"] == XSS and "SECRET" not in str(listed)
    assert listed["search"] == "sitrep search --actor ISIS --place RU --modality predicted"

    assert client.delete(f"/api/watchlists/{XSS}").status_code == 401
    assert client.delete(f"/api/watchlists/{XSS}", headers=AUTH).status_code == 204
    assert client.delete(f"/api/watchlists/{XSS}", headers=AUTH).status_code == 404
    assert client.get("/api/watchlists").json() == []


@pytest.mark.parametrize("bad, says", [({"modality": "certain"}, "modality"), ({"action": "EXPLODE"}, "action"),
                                       ({}, "at least one filter"), ({"actor": "x", "webhook": "ftp://x.org/"}, "http"),
                                       ({"actor": "x", "since": "2016-05-01", "until": "2016-01-01"}, "after")])
def test_a_bad_watchlist_is_a_422_that_says_why(client, bad, says):
    answer = client.post("/api/watchlists", json={"name": "bad", **bad}, headers=AUTH)
    assert answer.status_code == 422 and says in answer.text


def test_a_read_only_server_refuses_every_change(store):
    client = TestClient(create_app(store))
    assert client.post("/api/watchlists", json={"name": "x", "actor": "ISIS"}, headers=AUTH).status_code == 403
    assert client.delete("/api/watchlists/x", headers=AUTH).status_code == 403
    assert client.patch("/api/alerts/x", json={"status": "read"}, headers=AUTH).status_code == 403
    assert client.get("/api/alerts").json()["items"] == []


def test_alerts_are_listed_filtered_and_triaged(client, store, seed_analysis, excerpts):
    for name, filters in (("isis", {"actor": "ISIS"}), ("words", {"query": "Islamic State"})):
        assert client.post("/api/watchlists", json={"name": name, **filters}, headers=AUTH).status_code == 201
    store.save([seed_analysis, *excerpts])
    match_documents(store, [seed_analysis.id, *(a.id for a in excerpts)])

    page = client.get("/api/alerts", params={"limit": 100}).json()
    for name, search in (("words", {"q": "Islamic State"}), ("isis", {"actor": "ISIS"})):
        found = {hit["id"] for hit in client.get("/api/search", params={**search, "limit": 100}).json()["items"]}
        assert 0 < len(found) < 6
        assert {article for a in page["items"] if a["watchlist"] == name for article in a["articles"]} == found
    isis = client.get("/api/alerts", params={"watchlist": "isis"}).json()["items"]
    assert {a["watchlist"] for a in isis} == {"isis"} and len(isis) < len(page["items"])
    [alert_id] = [a["id"] for a in isis if a["articles"] == [seed_analysis.id]]

    assert client.patch(f"/api/alerts/{alert_id}", json={"status": "read"}).status_code == 401
    changed = client.patch(f"/api/alerts/{alert_id}", json={"status": "important"}, headers=AUTH)
    assert changed.status_code == 200 and changed.json()["status"] == "important"
    assert client.post(f"/api/alerts/{alert_id}/status", json={"status": "dismissed"}).status_code == 401
    assert client.post(f"/api/alerts/{alert_id}/status", json={"status": "dismissed"}, headers=AUTH).json()["status"] \
        == "dismissed"
    assert client.patch(f"/api/alerts/{alert_id}", json={"status": "urgent"}, headers=AUTH).status_code == 422
    assert client.patch("/api/alerts/nosuch", json={"status": "read"}, headers=AUTH).status_code == 404
    assert client.get(f"/api/alerts/{alert_id}").json()["status"] == "dismissed"
    assert [a["id"] for a in client.get("/api/alerts", params={"status": "dismissed"}).json()["items"]] == [alert_id]
    assert client.get("/api/alerts", params={"status": "urgent"}).status_code == 422
    assert client.get("/api/alerts/nosuch").status_code == 404


def test_an_article_posted_to_the_api_raises_its_alert(client, seed_text):
    assert client.post("/api/watchlists", json={"name": "isis", "actor": "ISIS"}, headers=AUTH).status_code == 201
    posted = client.post("/api/articles", json={"text": seed_text, "published": "2016-03-25"}, headers=AUTH)
    assert posted.status_code == 201, posted.text
    [alert] = client.get("/api/alerts").json()["items"]
    assert alert["articles"] == [posted.json()["id"]] and alert["claims"]
    again = client.post("/api/articles", json={"text": seed_text, "published": "2016-03-25"}, headers=AUTH)
    assert again.json()["new"] is False
    assert client.get("/api/alerts").json()["items"] == [alert]
