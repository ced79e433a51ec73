"""The REST API: listing, fetching, searching, and the errors users see."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sitrep.api import create_app


def test_articles_list_and_paging(client, stored):
    _, analyses = stored
    page = client.get("/api/articles").json()
    assert page["total"] == 3 and {a["id"] for a in page["items"]} == {a.id for a in analyses}
    second = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert len(second["items"]) == 1 and second["items"][0]["id"] == page["items"][1]["id"]


def test_paging_limits_are_validated(client):
    assert client.get("/api/articles", params={"limit": 201}).status_code == 422
    assert client.get("/api/articles", params={"offset": -1}).status_code == 422
    assert client.get("/api/search", params={"limit": 0}).status_code == 422


def test_article_is_the_contract_json(client, stored):
    _, analyses = stored
    for analysis in analyses:
        response = client.get(f"/api/articles/{analysis.id}")
        assert response.status_code == 200
        assert response.json() == analysis.model_dump(mode="json")


def test_missing_article_is_404(client):
    response = client.get("/api/articles/0000000000000000")
    assert response.status_code == 404 and "0000000000000000" in response.json()["detail"]


def test_search_full_text_and_filters(client, stored):
    _, (seed, nato, _) = stored
    def found(**params):
        return [h["id"] for h in client.get("/api/search", params=params).json()["items"]]
    assert found(q="Raqqa") == [seed.id]
    assert found(actor="nato") == [nato.id]
    assert found(place="LT", modality="occurred", since="2017-01-01", until="2017-12-31") == [nato.id]
    assert found(place="LT", since="2018-01-01") == []
    hit = client.get("/api/search", params={"actor": "NATO"}).json()["items"][0]
    assert hit["claims"][0]["actor_name"] == "North Atlantic Treaty Organization"
    assert hit["claims"][0]["target_names"] == ["Lithuania"]


def test_search_rejects_bad_input_with_422(client):
    assert client.get("/api/search", params={"modality": "rumoured"}).status_code == 422
    assert client.get("/api/search", params={"since": "2016-13-01"}).status_code == 422
    assert client.get("/api/search", params={"since": "2018-01-01", "until": "2017-01-01"}).status_code == 422
    response = client.get("/api/search", params={"q": '"unterminated'})
    assert response.status_code == 422 and "cannot search for" in response.json()["detail"]


def test_app_opens_a_database_path(tmp_path):
    client = TestClient(create_app(tmp_path / "new.db"))
    assert client.get("/api/articles").json() == {"total": 0, "limit": 50, "offset": 0, "items": []}
    assert (tmp_path / "new.db").exists()


def test_openapi_describes_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search"} <= set(paths)


def test_claims_across_articles_with_filters_and_corroboration(client, stored):
    _, (seed, nato, _) = stored
    cards = client.get("/api/claims", params={"place": "LT"}).json()["items"]
    assert [(c["document_id"], c["actor"], c["action"], c["targets"], c["countries"]) for c in cards] == [
        (nato.id, "North Atlantic Treaty Organization", "MOBILIZE", ["Lithuania"], ["LT"])]
    assert cards[0]["source"] == "a NATO official" and cards[0]["source_named"] is False
    assert (cards[0]["outlets"], cards[0]["sources"], cards[0]["single_source"]) == (1, 1, True)
    predicted = client.get("/api/claims", params={"place": "RU", "modality": "predicted", "band": "likely"}).json()
    assert predicted["items"]
    assert all(c["document_id"] == seed.id and "RU" in c["countries"] for c in predicted["items"])
    assert client.get("/api/claims", params={"since": "2018-01-01", "until": "2017-01-01"}).status_code == 422
    support = client.get(f"/api/articles/{nato.id}/claims/c1/corroboration").json()
    assert support["outlets"] == 1 and support["first_report"]["document_id"] == nato.id
    assert client.get(f"/api/articles/{nato.id}/claims/c9/corroboration").status_code == 404


def test_entities_places_sources_and_stories(client, stored):
    _, (seed, nato, _) = stored
    entities = {e["name"]: e for e in client.get("/api/entities", params={"limit": 200}).json()["items"]}
    assert entities["North Atlantic Treaty Organization"]["claims"] == 1
    islamic_state = entities_id(seed, "Islamic State")
    assert entities["Islamic State"]["claims"] == sum(1 for c in seed.claims if c.actor == islamic_state)
    places = client.get("/api/places", params={"country": "LT"}).json()["items"]
    assert [(p["name"], p["articles"], p["claims"]) for p in places] == [("Lithuania", 1, 1)]
    assert client.get("/api/places", params={"country": "Lithuania"}).status_code == 422
    sources = {s["key"]: s for s in client.get("/api/sources").json()["items"]}
    assert sources["anon:reuters.com|nato official|"]["claims"] == 1  # role and affiliation unknown: its words
    stories = client.get("/api/stories").json()["items"]
    story = next(s for s in stories if s["title"] == "NATO to send more troops to Lithuania")
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert [a["id"] for a in detail["articles"]] == [nato.id] and detail["claims"][0]["claim"] == "c1"
    assert client.get("/api/stories/none").status_code == 404


def entities_id(analysis, name):
    return next(e.id for e in analysis.entities if e.name == name)


def test_writing_needs_the_servers_token(stored, nlp):
    store, _ = stored
    document = {"text": "Rebels attack army base\nRebels attacked an army base near Goma on Monday, the army said.",
                "outlet": "Example Wire", "published": "2021-05-03"}
    read_only = TestClient(create_app(store))
    assert read_only.post("/api/articles", json=document).status_code == 403
    writable = TestClient(create_app(store, token="s3cret"))
    assert writable.post("/api/articles", json=document).status_code == 401
    assert writable.post("/api/articles", json=document, headers={"Authorization": "Bearer nope"}).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    assert writable.post("/api/articles", json={"url": "https://x.org"}, headers=auth).status_code == 422
    created = writable.post("/api/articles", json=document, headers=auth)
    assert created.status_code == 201 and created.json()["new"] is True
    stored_doc = writable.get(f"/api/articles/{created.json()['id']}").json()
    assert stored_doc["outlet"] == "Example Wire" and stored_doc["published"] == "2021-05-03"
    assert "Goma" in stored_doc["body"]
    again = writable.post("/api/articles", json=document, headers=auth).json()
    assert again == {**created.json(), "new": False}
