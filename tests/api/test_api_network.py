"""GET /api/network and the `target` filter over REST (the app over the seed, a hand-annotated
NATO report and a hostile page: tests/api/conftest.py)."""

from __future__ import annotations

import pytest


def test_the_network_json_is_the_stores_network(client, stored):
    body = client.get("/api/network").json()
    expected = stored[0].network().model_dump(mode="json")
    assert body == expected
    ids = {node["id"] for node in body["nodes"]}
    assert body["edges"] and all(e["actor"] in ids and e["target"] in ids for e in body["edges"])
    nato = [e for e in body["edges"] if e["action"] == "MOBILIZE"]
    assert [(e["target"], e["claims"], e["modalities"]) for e in nato] == [("cc:LT", 1, {"occurred": 1})]


def test_the_network_takes_the_claim_filters_and_its_caps(client):
    body = client.get("/api/network", params={"target": "LT"}).json()
    assert [(e["actor"], e["action"], e["target"]) for e in body["edges"]] == [("kb:Q7184", "MOBILIZE", "cc:LT")]
    capped = client.get("/api/network", params={"actors": 1, "targets": 1}).json()
    assert capped["actors_cap"] == 1 and len({e["actor"] for e in capped["edges"]}) == 1
    for bad in ({"actors": 0}, {"targets": 101}, {"modality": "rumoured"}, {"target": "x" * 201}):
        assert client.get("/api/network", params=bad).status_code == 422, bad


@pytest.mark.parametrize("path", ["/api/claims", "/api/search"])
def test_the_target_filter_over_rest(client, path):
    found = client.get(path, params={"target": "Lithuania"}).json()["items"]
    assert found
    by_code = client.get(path, params={"target": "lt"}).json()["items"]
    assert by_code == found
    assert client.get(path, params={"target": "Lithuania", "action": "ASSAULT"}).json()["items"] == []


@pytest.mark.parametrize("path", ["/", "/timeline", "/trends", "/network", "/brief/download?format=markdown"])
def test_every_page_with_the_claim_filters_takes_target(client, path):
    """The desk's pages that take `sitrep search`'s filters take `target` as well: none names it as
    unknown, the forms offer it, and what they show is narrowed by it."""
    lithuania = client.get(path, params={"target": "Lithuania"})
    assert lithuania.status_code == 200 and "unknown filter" not in lithuania.text
    assert "NATO" in lithuania.text or "North Atlantic Treaty Organization" in lithuania.text
    nowhere = client.get(path, params={"target": "Atlantis"})
    assert "North Atlantic Treaty Organization" not in nowhere.text
    if not path.startswith("/brief/download"):
        assert 'name="target"' in lithuania.text
