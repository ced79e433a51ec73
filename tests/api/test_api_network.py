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


def test_an_arrows_link_reads_the_articles_the_network_read(stored):
    """When the network read only the latest articles, an arrow's link asks the search for those
    (since their first day), keeping the page's other filters."""
    from urllib.parse import parse_qs

    from sitrep.api.network import claims_query
    from sitrep.api.pages import form_filters

    store, _ = stored
    form = form_filters(modality="occurred", since="2016-01-01")
    whole = store.network(form.filters)
    latest = store.network(form.filters, articles=2)  # the NATO report (2017) and the hostile page (2020)
    assert latest.articles_from is not None and whole.articles_from is None
    edge = next(e for e in latest.edges if e.action == "MOBILIZE")
    asked = {name: values[0] for name, values in parse_qs(claims_query(form, latest, edge)).items()}
    assert asked == {"actor": "North Atlantic Treaty Organization", "target": "LT", "action": "MOBILIZE",
                     "modality": "occurred", "since": "2017-02-07"}
    first = next(e for e in whole.edges if e.action == "MOBILIZE")
    assert parse_qs(claims_query(form, whole, first))["since"] == ["2016-01-01"]  # the page's own
