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
