"""The REST API shows each claim's support and contradiction side by side: a real accusation
(Deutsche Welle, 2018-03-29: Britain accused Russia of the Salisbury nerve agent attack) and the
accused's denial a week later (Dhaka Tribune, 2018-04-05: "Moscow denies any involvement"), with a
copy of the denial that never counts (tests/support/contradiction_corpus.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.store import Store
from support.contradiction_corpus import accusation, denial, denial_copy, lewandowski

UNRATED_ONE = {"reliable": 0, "mixed": 0, "unreliable": 0, "unrated": 1}


@pytest.fixture
def api(db_url):
    with Store(db_url) as store:
        store.save([accusation()])
        store.save([denial(), denial_copy(), lewandowski()])
        yield TestClient(create_app(store))


def test_a_claim_card_shows_its_denial_beside_its_support(api):
    dw, dhaka = accusation(), denial()
    response = api.get("/api/claims", params={"action": "ACCUSE", "place": "RU"})
    assert response.status_code == 200
    cards = {(c["document_id"], c["claim"]): c for c in response.json()["items"]}
    card = cards[(dw.id, "c1")]
    # support, as before: one outlet (dw.com, rated reliable), one source
    assert (card["outlets"], card["sources"], card["outlets_by_rating"]["reliable"]) == (1, 1, 1)
    against = card["contradiction"]
    assert (against["outlets"], against["sources"], against["outlets_by_rating"]) == (1, 1, UNRATED_ONE)
    [denier] = against["claims"]
    assert {k: denier[k] for k in ("document_id", "claim", "kind", "actor", "action", "negated", "outlet",
                                   "published", "text")} == {
        "document_id": dhaka.id, "claim": "c3", "kind": "denial", "actor": "Moscow", "action": "REJECT",
        "negated": False, "outlet": "Dhaka Tribune", "published": "2018-04-05",
        "text": "Moscow denies any involvement"}
    assert denier["outlet_reliability"] is None  # unrated, shown as such
    # the copy of the denial is no second outlet, and has no card of its own
    assert (denial_copy().id, "c3") not in cards
    assert all(c["document_id"] != denial_copy().id for c in against["claims"])


def test_the_corroboration_of_a_claim_carries_its_contradiction(api):
    dw, dhaka = accusation(), denial()
    found = api.get(f"/api/articles/{dw.id}/claims/c1/corroboration").json()
    assert found["outlets"] == 1 and [s["document_id"] for s in found["supports"]] == [dw.id]
    assert [(c["document_id"], c["claim"], c["kind"]) for c in found["contradiction"]["claims"]] == [
        (dhaka.id, "c3", "denial")]
    # and from the denial: the accusations it denies, in two outlets (one rated reliable)
    seen = api.get(f"/api/articles/{dhaka.id}/claims/c3/corroboration").json()["contradiction"]
    assert [(c["document_id"], c["claim"]) for c in seen["claims"]] == [(dw.id, "c1"), (dw.id, "c2"), (dhaka.id, "c2")]
    assert seen["outlets_by_rating"] == {"reliable": 1, "mixed": 0, "unreliable": 0, "unrated": 1}


def test_an_unrelated_negated_claim_is_no_contradiction(api):
    wapo = lewandowski()
    grab = api.get(f"/api/articles/{wapo.id}/claims/c3/corroboration").json()["contradiction"]
    assert [(c["claim"], c["kind"], c["source"]) for c in grab["claims"]] == [
        ("c1", "negation", "Trump and Lewandowski")]
    assert api.get(f"/api/articles/{wapo.id}/claims/c2/corroboration").json()["contradiction"]["claims"] == []


def test_search_gives_support_and_contradiction_when_asked(api):
    dw = accusation()
    plain = api.get("/api/search", params={"q": "Lavrov"}).json()["items"]
    assert [h["id"] for h in plain] == [dw.id] and plain[0]["corroboration"] == []
    [hit] = api.get("/api/search", params={"q": "Lavrov", "support": "true", "action": "ACCUSE"}).json()["items"]
    [standing] = hit["corroboration"]
    assert standing["claim"] == "c1" and standing["outlets"] == 1
    assert standing["contradiction"]["outlets"] == 1 and standing["contradiction"]["claims"][0]["kind"] == "denial"
