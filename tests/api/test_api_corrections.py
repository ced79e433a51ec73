"""Corrections through the REST API and the desk's forms: the token guards every write, the desk's
forms need a signed-in analyst and this server's CSRF value, and what analysts write stays inert."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app

XSS = "<script>alert(1)</script>"  # as the hostile page of conftest.py has it

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NATO = "North Atlantic Treaty Organization"
HOSTILE_GROUP = f"{XSS} Group"
WRITES = [
    ("/api/corrections/merge", {"entity": HOSTILE_GROUP, "into": NATO, "analyst": "ana"}),
    ("/api/corrections/alias", {"entity": NATO, "alias": "the Alliance", "analyst": "ana"}),
    ("/api/corrections/retype", {"entity": NATO, "type": "GOV", "analyst": "ana"}),
    ("/api/corrections/wrong", {"article": "{nato}", "claim": "c1", "analyst": "ana"}),
    ("/api/corrections/note", {"article": "{nato}", "text": "check", "analyst": "ana"}),
    ("/api/corrections/1/undo", {"analyst": "ana"}),
]


@pytest.fixture
def api(stored) -> TestClient:
    store, _ = stored
    return TestClient(create_app(store, token=TOKEN))


def with_nato(body: dict, nato: str) -> dict:
    """The body with the NATO report's id where it says {nato}."""
    return {key: value.replace("{nato}", nato) if isinstance(value, str) else value for key, value in body.items()}


def nato_id(api: TestClient) -> str:
    return api.get("/api/search", params={"q": "Lithuania"}).json()["items"][0]["id"]


def entity(api: TestClient, name: str):
    items = api.get("/api/entities", params={"limit": 200}).json()["items"]
    return next((e for e in items if e["name"] == name), None)


@pytest.mark.parametrize(("path", "body"), WRITES, ids=[w[0].rsplit("/", 1)[-1] for w in WRITES])
def test_every_write_is_refused_without_the_token(stored, path, body):
    store, _ = stored
    writable = TestClient(create_app(store, token=TOKEN))
    body = with_nato(body, nato_id(writable))
    assert TestClient(create_app(store)).post(path, json=body).status_code == 403  # a read-only server
    assert writable.post(path, json=body).status_code == 401
    assert writable.post(path, json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert writable.get("/api/corrections").json()["total"] == 0  # nothing was written


def test_a_merge_through_the_api_shows_in_the_entity_list_and_its_undo_puts_it_back(api):
    before = entity(api, NATO)
    assert entity(api, HOSTILE_GROUP) is not None
    done = api.post("/api/corrections/merge", json=WRITES[0][1], headers=AUTH)
    assert done.status_code == 201 and done.json()["action"] == "merge"
    assert entity(api, HOSTILE_GROUP) is None and entity(api, NATO)["articles"] == before["articles"] + 1
    listed = api.get(f"/api/corrections/entities/{NATO}").json()
    assert [m["name"] for m in listed["merged"]] == [HOSTILE_GROUP]
    undone = api.post(f"/api/corrections/{done.json()['id']}/undo", json={"analyst": "bo"}, headers=AUTH)
    assert undone.status_code == 201 and undone.json()["undoes"] == done.json()["id"]
    assert entity(api, NATO) == before and entity(api, HOSTILE_GROUP) is not None
    log = api.get("/api/corrections").json()
    assert log["total"] == 2 and [c["action"] for c in log["items"]] == ["undo", "merge"]
    assert log["items"][1]["undone_by"] == undone.json()["id"]


@pytest.mark.parametrize("name", ["%0D", "%20%20", "%09"])
def test_a_blank_entity_name_is_refused_not_a_server_error(api, name):
    """Found by the schema fuzz test: a name of only whitespace reached the store's refusal
    unhandled (500)."""
    answer = api.get(f"/api/corrections/entities/{name}")
    assert answer.status_code == 422 and "name the entity" in answer.json()["detail"]


def test_alias_retype_wrong_and_note_through_the_api(api):
    nato = nato_id(api)
    assert api.post("/api/corrections/alias", json={"entity": NATO, "alias": "Atlantic Alliance", "analyst": "ana"},
                    headers=AUTH).status_code == 201
    assert [h["id"] for h in api.get("/api/search", params={"actor": "atlantic alliance"}).json()["items"]] == [nato]
    assert api.post("/api/corrections/retype", json=WRITES[2][1], headers=AUTH).status_code == 201
    assert entity(api, NATO)["kind"] == "GOV"
    claims = {(c["document_id"], c["claim"]) for c in api.get("/api/claims", params={"limit": 200}).json()["items"]}
    wrong = api.post("/api/corrections/wrong", json=with_nato({**WRITES[3][1], "reason": "two meetings"}, nato),
                     headers=AUTH)
    assert wrong.status_code == 201
    after = {(c["document_id"], c["claim"]) for c in api.get("/api/claims", params={"limit": 200}).json()["items"]}
    assert after == claims - {(nato, "c1")}
    assert api.get(f"/api/corrections/articles/{nato}").json()["wrong"]["c1"]["after"]["reason"] == "two meetings"
    api.post(f"/api/corrections/{wrong.json()['id']}/undo", json={"analyst": "ana"}, headers=AUTH)
    assert {(c["document_id"], c["claim"]) for c in api.get("/api/claims", params={"limit": 200}).json()["items"]} \
        == claims
    note = api.post("/api/corrections/note", json={"article": nato, "claim": "c1", "text": XSS, "analyst": "ana"},
                    headers=AUTH)
    assert note.status_code == 201
    assert api.get(f"/api/corrections/articles/{nato}").json()["notes"][0]["text"] == XSS


@pytest.mark.parametrize(("path", "body", "status"), [
    ("/api/corrections/merge", {"entity": "Nobody", "into": NATO, "analyst": "ana"}, 404),
    ("/api/corrections/retype", {"entity": NATO, "type": "COUNTRY", "analyst": "ana"}, 422),
    ("/api/corrections/alias", {"entity": NATO, "alias": "   ", "analyst": "ana"}, 422),
    ("/api/corrections/wrong", {"article": "no-such-article", "claim": "c1", "analyst": "ana"}, 404),
    ("/api/corrections/note", {"article": "{nato}", "claim": "c9", "text": "x", "analyst": "ana"}, 404),
    ("/api/corrections/42/undo", {"analyst": "ana"}, 404),
    ("/api/corrections/merge", {"entity": NATO, "into": NATO, "analyst": ""}, 422),
])
def test_a_change_that_cannot_be_made_says_why(api, path, body, status):
    answer = api.post(path, json=with_nato(body, nato_id(api)), headers=AUTH)
    assert answer.status_code == status and answer.json()["detail"]
    assert api.get("/api/corrections").json()["total"] == 0


# --- the desk ---------------------------------------------------------------------------------

def signed_in(api: TestClient, name: str = "ana") -> str:
    """Sign in on the desk; the CSRF value its pages' forms carry."""
    answer = api.post("/corrections/sign-in", data={"token": TOKEN, "analyst": name, "back": "/corrections"},
                      follow_redirects=False)
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
    return re.search(r'name="csrf" value="([0-9a-f]+)"', api.get("/corrections").text).group(1)


def test_the_desk_signs_in_with_the_token_only(api):
    page = api.get("/corrections").text
    assert 'name="token"' in page and 'name="csrf"' not in page
    wrong = api.post("/corrections/sign-in", data={"token": "guess", "analyst": "eve"}, follow_redirects=False)
    assert wrong.status_code == 401 and "sitrep_desk" not in wrong.headers.get("set-cookie", "")
    signed_in(api)
    assert "Signed in as <strong>ana</strong>" in api.get("/corrections").text


def test_a_refused_sign_in_says_why_and_still_leads_back_to_the_page_it_came_from(api):
    wrong = api.post("/corrections/sign-in", data={"token": "guess", "analyst": "eve", "back": "/alerts?status=new"},
                     follow_redirects=False)
    assert wrong.status_code == 401 and "that is not this server&#39;s token" in wrong.text
    assert 'name="back" value="/alerts?status=new"' in wrong.text and 'href="/alerts?status=new"' in wrong.text
    nameless = api.post("/corrections/sign-in", data={"token": TOKEN, "analyst": " ", "back": "/watchlists"},
                        follow_redirects=False)
    assert nameless.status_code == 422 and 'name="back" value="/watchlists"' in nameless.text
    for elsewhere in ("//evil.example/", "javascript:alert(1)", "https://evil.example/"):
        refused = api.post("/corrections/sign-in", data={"token": "guess", "analyst": "eve", "back": elsewhere},
                           follow_redirects=False)
        assert refused.status_code == 401 and "evil" not in refused.text and "javascript:" not in refused.text
        assert 'name="back" value="/corrections"' in refused.text


def test_a_desk_form_needs_this_servers_csrf_value_and_origin(api):
    form = {"entity": NATO, "alias": "the Alliance", "back": "/entities/NATO"}
    assert api.post("/corrections/alias", data=form, follow_redirects=False).status_code == 401  # not signed in
    csrf = signed_in(api)
    assert api.post("/corrections/alias", data=form, follow_redirects=False).status_code == 403  # no csrf
    assert api.post("/corrections/alias", data={**form, "csrf": "0" * 64}, follow_redirects=False).status_code == 403
    for elsewhere in ({"Origin": "https://attacker.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert api.post("/corrections/alias", data={**form, "csrf": csrf}, headers=elsewhere,
                        follow_redirects=False).status_code == 403
    assert api.get("/api/corrections").json()["total"] == 0
    done = api.post("/corrections/alias", data={**form, "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/entities/NATO"
    assert api.get("/api/corrections").json()["items"][0]["analyst"] == "ana"


def test_a_forged_desk_cookie_is_no_session(api):
    api.cookies.set("sitrep_desk", "ZXZl.0000")  # "eve" with a made-up signature
    assert "Signed in" not in api.get("/corrections").text
    assert api.post("/corrections/alias", data={"entity": NATO, "alias": "x", "csrf": "x"},
                    follow_redirects=False).status_code in (401, 403)


def test_a_change_goes_back_only_to_a_page_of_this_server(api):
    csrf = signed_in(api)
    for back in ("https://attacker.example/", "//attacker.example/", "/\\attacker.example", "/\t/attacker.example",
                 "/\n/attacker.example", " //attacker.example"):
        done = api.post("/corrections/note", data={"article": nato_id(api), "text": "n", "csrf": csrf,
                                                    "back": back}, follow_redirects=False)
        assert done.headers["location"] == "/corrections"
    page = api.get("/entities/North Atlantic Treaty Organization").text  # its forms come back to it, quoted
    back = re.search(r'name="back" value="([^"]+)"', page).group(1)
    assert back == "/entities/North%20Atlantic%20Treaty%20Organization"
    done = api.post("/corrections/alias", data={"entity": NATO, "alias": "Alliance", "csrf": csrf, "back": back},
                    follow_redirects=False)
    assert done.headers["location"] == back


def test_what_analysts_write_stays_inert_on_every_page_showing_it(api):
    csrf = signed_in(api, name=f"{XSS} ana")
    nato = nato_id(api)
    for action, form in [("alias", {"entity": NATO, "alias": XSS}), ("note", {"article": nato, "text": XSS}),
                         ("wrong", {"article": nato, "claim": "c1", "reason": XSS}),
                         ("merge", {"entity": HOSTILE_GROUP, "into": NATO})]:
        assert api.post(f"/corrections/{action}", data={**form, "csrf": csrf}, follow_redirects=False).status_code \
            == 303
    for path in ("/corrections", f"/articles/{nato}", "/entities/NATO", f"/entities/{XSS}"):
        page = api.get(path)
        assert page.status_code == 200, path
        assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text, path
