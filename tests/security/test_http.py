"""The server against hostile clients: bad parameters, oversized bodies, missing tokens,
other origins, and the headers every response carries."""

from __future__ import annotations

import html
import json
import re
import socket
from urllib.parse import quote, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from sitrep.api import create_app, pages
from sitrep.api.rest import MAX_NAME_CHARS, MAX_QUERY_CHARS
from sitrep.cli import build_parser, settings_from
from sitrep.settings import DEFAULT_MAX_BYTES, DEFAULT_MAX_REQUEST_BYTES
from sitrep.store import Store
from support.realtext import paragraphs
from support.server import live_server

AUTH = {"Authorization": "Bearer s3cret"}
DOCUMENT = {"text": "Rebels attack army base\n\n" + paragraphs()[0], "outlet": "Example Wire"}

# (path, parameters, the name the 422 must mention): one bad value per filter family.
BAD = [
    ("/api/articles", {"limit": 0}, "limit"), ("/api/articles", {"limit": 201}, "limit"),
    ("/api/articles", {"limit": "ten"}, "limit"), ("/api/articles", {"offset": -1}, "offset"),
    ("/api/articles", {"offset": 10 ** 10}, "offset"), ("/api/entities", {"offset": "1.5"}, "offset"),
    ("/api/sources", {"limit": 10 ** 30}, "limit"), ("/api/stories", {"limit": ""}, "limit"),
    ("/api/places", {"country": "RUS"}, "country"), ("/api/places", {"limit": -5}, "limit"),
    ("/api/search", {"since": "2016-13-01"}, "since"), ("/api/search", {"since": "yesterday"}, "since"),
    ("/api/search", {"until": "2016-02-30"}, "until"), ("/api/search", {"until": "99999-01-01"}, "until"),
    ("/api/search", {"since": "2018-01-01", "until": "2017-01-01"}, "since"),
    ("/api/search", {"modality": "rumoured"}, "modality"), ("/api/search", {"action": "PUNCH"}, "action"),
    ("/api/search", {"band": "sure"}, "band"), ("/api/search", {"anonymous": "maybe"}, "anonymous"),
    ("/api/search", {"q": "attack " * 100}, "q"), ("/api/search", {"actor": "x" * (MAX_NAME_CHARS + 1)}, "actor"),
    ("/api/search", {"place": "x" * (MAX_NAME_CHARS + 1)}, "place"), ("/api/search", {"q": '"unterminated'}, "search"),
    ("/api/claims", {"since": "2016-3-1"}, "since"), ("/api/claims", {"modality": "Occurred"}, "modality"),
    ("/api/claims", {"actor": "x" * (MAX_NAME_CHARS + 1)}, "actor"), ("/api/claims", {"offset": "NaN"}, "offset"),
    ("/api/claims", {"since": "2018-01-01", "until": "2017-01-01"}, "since"), ("/articles", {"offset": "-1"}, "offset"),
]
# The desk's forms show a bad value as a message on the page (200), not an error page.
BAD_FORMS = [("/", {"since": "2016-13-01"}, "since"), ("/timeline", {"modality": "rumoured"}, "modality"),
             ("/map", {"until": "soon"}, "until"), ("/search", {"q": "x" * (MAX_QUERY_CHARS + 1)}, "search"),
             ("/search", {"q": '"unterminated'}, "cannot search"),
             ("/", {"actor": "x" * (MAX_NAME_CHARS + 1)}, "actor")]


def test_bad_parameters_get_422_naming_the_parameter(client):
    for path, params, name in BAD:
        response = client.get(path, params=params)
        assert response.status_code == 422 and name in json.dumps(response.json()["detail"]), \
            (path, params, response.text)


def test_bad_form_values_become_a_message_on_the_page(client):
    for path, params, message in BAD_FORMS:
        response = client.get(path, params=params)
        assert response.status_code == 200 and 'class="error"' in response.text, (path, params)
        assert message in response.text, (path, params)


def test_a_nul_character_anywhere_in_the_url_is_422(client, seed_analysis):
    for path in ("/api/search?actor=a%00b", "/api/search?q=%00", f"/api/articles/{seed_analysis.id}%00",
                 "/entities/Islamic%00State", "/?place=%00", "/sources/%00", "/api/places?country=R%00"):
        response = client.get(path)
        assert response.status_code == 422 and "NUL" in response.json()["detail"], path


def test_posted_text_that_no_database_can_store_is_422(client, hostile_store):
    stored = hostile_store.count()
    nul = client.post("/api/articles", json={**DOCUMENT, "title": "Rebels\x00attack"}, headers=AUTH)
    assert nul.status_code == 422 and "NUL" in nul.text
    surrogate = client.post("/api/articles", content=b'{"text": "Rebels \\ud800 attack"}',
                            headers={**AUTH, "Content-Type": "application/json"})
    assert surrogate.status_code == 422 and surrogate.json()["detail"][0]["loc"] == ["body", "text"]
    large = client.post("/api/articles", json={**DOCUMENT, "text": "Rebels attack. " * 50_000 + "\x00"}, headers=AUTH)
    assert large.status_code == 422 and len(large.content) < 2000  # the refused text is not echoed back
    assert hostile_store.count() == stored


def test_bodies_over_the_limit_get_413_whether_declared_or_streamed(hostile_store):
    client = TestClient(create_app(hostile_store, token="s3cret", max_request_bytes=2000))
    body = json.dumps({**DOCUMENT, "text": DOCUMENT["text"] + " more" * 500}).encode()
    assert len(body) > 2000
    declared = client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert declared.status_code == 413 and "2,000 bytes" in declared.json()["detail"]
    chunks = (body[i:i + 500] for i in range(0, len(body), 500))  # a generator: sent chunked, no Content-Length
    streamed = client.post("/api/articles", content=chunks, headers={**AUTH, "Content-Type": "application/json"})
    assert streamed.status_code == 413 and "2,000 bytes" in streamed.json()["detail"]
    unauthorised = client.post("/api/articles", content=body, headers={"Content-Type": "application/json"})
    assert unauthorised.status_code == 413
    assert client.post("/api/articles", json=DOCUMENT, headers=AUTH).status_code == 201  # under the limit


def test_the_default_limit_fits_a_document_at_the_ingest_limit(hostile_store):
    client = TestClient(create_app(hostile_store, token="s3cret"))
    too_big = b" " * (DEFAULT_MAX_REQUEST_BYTES + 1)
    headers = {"Content-Type": "application/json"}
    assert client.post("/api/articles", content=too_big, headers={**AUTH, **headers}).status_code == 413
    at_ingest_limit = json.dumps({"text": "é" * (DEFAULT_MAX_BYTES // 2)}, ensure_ascii=False).encode()
    assert len(at_ingest_limit) > DEFAULT_MAX_BYTES
    response = client.post("/api/articles", content=at_ingest_limit, headers=headers)
    assert response.status_code == 401  # read whole, then refused for want of the token, not for its size


def test_a_real_server_refuses_a_declared_huge_body_without_reading_it(hostile_store):
    with live_server(create_app(hostile_store, token="s3cret")) as base:
        url = urlsplit(base)
        with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
            conn.sendall(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Authorization: Bearer s3cret\r\nContent-Length: 1000000000000\r\n\r\n{")
            reply = conn.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 413"), reply


def write_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route that is not a read, from the OpenAPI schema."""
    return {(method.upper(), path) for path, operations in app.openapi()["paths"].items()
            for method in operations if method not in ("get", "head", "options")}


# The analysts' corrections (api/corrections.py): every other write, each with a body it takes.
CORRECTIONS = {"/api/corrections/merge": {"entity": "x", "into": "y", "analyst": "a"},
               "/api/corrections/alias": {"entity": "x", "alias": "y", "analyst": "a"},
               "/api/corrections/retype": {"entity": "x", "type": "ORG", "analyst": "a"},
               "/api/corrections/wrong": {"article": "x", "claim": "c1", "analyst": "a"},
               "/api/corrections/note": {"article": "x", "text": "y", "analyst": "a"},
               "/api/corrections/{correction_id}/undo": {"analyst": "a"}}
# Watchlists and alert triage (api/alerts.py): (method, path) -> a body each takes.
ALERT_WRITES = {("POST", "/api/watchlists"): {"name": "isis", "actor": "Islamic State"},
                ("DELETE", "/api/watchlists/{name}"): None,
                ("PATCH", "/api/alerts/{alert_id}"): {"status": "read"},
                ("POST", "/api/alerts/{alert_id}/status"): {"status": "read"}}


def test_every_write_needs_the_token(client, hostile_store):
    assert write_routes(client.app) == {("POST", "/api/articles"), *(("POST", path) for path in CORRECTIONS),
                                        *ALERT_WRITES}
    stored = hostile_store.count()
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Bearer "}, {"Authorization": "Bearer wrong"},
                    {"Authorization": "Bearer S3CRET"}, {"Authorization": "Bearer s3cre"},
                    {"Authorization": "Bearer s3cret2"}, {"Authorization": "Basic czNjcmV0Og=="},
                    {"Authorization": "s3cret"}, {"Authorization": "Token s3cret"},
                    {"Authorization": "Bearer s3cret s3cret"}, {"Authorization": "Bearer " + "s" * 10_000},
                    {"Authorization": "Bearer ' OR 1=1 --"}, {"X-Token": "s3cret"}, {"Cookie": "token=s3cret"}):
        response = client.post("/api/articles", json=DOCUMENT, headers=headers)
        assert response.status_code in (401, 403), (headers, response.status_code)
        assert response.status_code == 403 or response.headers["www-authenticate"] == "Bearer"
    read_only = TestClient(create_app(hostile_store))
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        assert read_only.post("/api/articles", json=DOCUMENT, headers=headers).status_code == 403
    assert hostile_store.count() == stored
    assert client.post("/api/articles", json=DOCUMENT, headers=AUTH).status_code == 201
    assert hostile_store.count() == stored + 1


def test_every_correction_needs_the_token(client, hostile_store):
    for path, body in CORRECTIONS.items():
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}, {"Cookie": "token=s3cret"},
                        {"Cookie": "sitrep_desk=czNjcmV0.0"}):
            response = client.post(path.replace("{correction_id}", "1"), json=body, headers=headers)
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer", (path, headers)
    assert hostile_store.corrections.count() == 0


def test_every_watchlist_and_alert_write_needs_the_token(client):
    for (method, path), body in ALERT_WRITES.items():
        url = path.replace("{name}", "isis").replace("{alert_id}", "a1")
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}, {"Cookie": "token=s3cret"}):
            response = client.request(method, url, json=body, headers=headers)
            assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer", (path, headers)
    assert client.get("/api/watchlists").json() == []


PREFLIGHT = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}


def test_cors_is_closed_by_default(client):
    preflight = client.options("/api/articles", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in preflight.headers
    for path in ("/api/articles", "/api/search", "/"):
        response = client.get(path, headers={"Origin": "https://evil.example"})
        assert response.status_code == 200 and "access-control-allow-origin" not in response.headers


def test_cors_opens_only_to_the_origins_listed(hostile_store):
    client = TestClient(create_app(hostile_store, cors_origins=["https://desk.example.org"]))
    allowed = client.options("/api/articles", headers={**PREFLIGHT, "Origin": "https://desk.example.org"})
    assert allowed.headers["access-control-allow-origin"] == "https://desk.example.org"
    assert "access-control-allow-credentials" not in allowed.headers
    refused = client.options("/api/articles", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in refused.headers
    read = client.get("/api/articles", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in read.headers


def every_route_request(client, seed_analysis) -> list[tuple[str, str, dict]]:
    """(method, URL, extra) for every route of the app (ids and names from the store) and
    every kind of error answer."""
    story = client.get("/api/articles").json()["items"][0]["story_id"]
    source = client.get("/api/sources").json()["items"][0]["key"]
    get = [f"/api/articles/{seed_analysis.id}", f"/api/articles/{seed_analysis.id}/claims/c1/corroboration",
           f"/api/stories/{story}", f"/articles/{seed_analysis.id}", f"/stories/{story}", f"/sources/{source}",
           f"/entities/{seed_analysis.entities[0].name}", "/openapi.json", "/docs", "/static/style.css",
           "/static/article.js", "/swagger-ui/swagger-ui.css", "/swagger-ui/swagger-ui-bundle.js"]
    get += [path for path, operations in client.app.openapi()["paths"].items()
            if "{" not in path and "get" in operations]
    get += [route.path for route in pages.router.routes if "{" not in route.path]
    errors = ["/api/articles/missing", "/nowhere", "/static/missing.css", "/api/search?since=never", "/?place=%00"]
    return ([("GET", path, {}) for path in get + errors]
            + [("POST", "/api/articles", {"json": DOCUMENT}), ("POST", "/api/articles", {"json": {}, "headers": AUTH}),
               ("POST", "/api/claims", {}), ("DELETE", "/api/articles", {}),
               ("OPTIONS", "/api/articles", {"headers": PREFLIGHT}),
               ("POST", "/api/articles", {"content": b"x" * (DEFAULT_MAX_REQUEST_BYTES + 1)})])


def assert_security_headers(headers, where) -> None:
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert headers["x-content-type-options"] == "nosniff", where
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer", where


def test_security_headers_on_every_route_and_every_error(client, seed_analysis):
    statuses = set()
    for method, url, extra in every_route_request(client, seed_analysis):
        response = client.request(method, url, **extra)
        statuses.add(response.status_code)
        assert response.status_code < 500, (method, url, response.status_code)
        assert_security_headers(response.headers, (method, url))
    assert {200, 401, 404, 405, 413, 422} <= statuses


def test_a_failing_database_gives_a_plain_500_with_the_headers(db_url, seed_analysis):
    with Store(db_url) as store:
        store.save([seed_analysis])
        with store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE claims RENAME TO claims_gone"))
        client = TestClient(create_app(store), raise_server_exceptions=False)
        response = client.get("/api/claims")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error: the server log has the details"}
    assert_security_headers(response.headers, "500")


def test_ids_and_names_holding_url_syntax_keep_every_page_working(db_url, hostile_analyses):
    """A JSONL record keeps its own id and an entity is named as the text names it, so "/",
    "?", "#" and "%" reach the links; pages must still render and links still lead there."""
    odd = hostile_analyses[0].model_copy(update={"id": "wire/2016?03#25%"})
    named = hostile_analyses[1]
    named = named.model_copy(update={
        "id": "2016?03#25%", "entities": [named.entities[0].model_copy(update={"name": "AC/DC #1 100%?"})],
        "sources": [named.sources[0].model_copy(update={"name": "Pat O'Neil / AP?"}), named.sources[1]]})
    with Store(db_url) as store:
        store.save([odd, named])
        client = TestClient(create_app(store))
        for path in ("/", "/articles", "/timeline", "/map?country=RU", "/entities", "/sources", "/stories",
                     "/search?q=Brigade", f"/articles/{quote(named.id, safe='')}"):
            response = client.get(path)
            assert response.status_code == 200, path
        links = re.findall(r'href="(/(?:articles|entities|sources|stories)/[^"]+)"', client.get("/entities").text
                           + client.get("/sources").text + client.get("/articles").text)
        reachable = [link for link in links if not link.startswith("/articles/wire")]  # an id cannot hold "/"
        assert len(reachable) >= 5 and all(client.get(html.unescape(link)).status_code == 200 for link in reachable)
        entity = client.get("/entities").text
        assert client.get(html.unescape(re.search(r'href="(/entities/AC[^"]+)"', entity).group(1))).status_code == 200


def test_serve_options_set_the_limits_and_origins():
    args = build_parser().parse_args(["serve", "--max-request-bytes", "4096", "--cors-origin", "https://a.example",
                                      "--cors-origin", "https://b.example"])
    settings = settings_from(args)
    assert (settings.max_request_bytes, settings.cors_origins) == (4096, ("https://a.example", "https://b.example"))
    defaults = settings_from(build_parser().parse_args(["serve"]))
    assert (defaults.max_request_bytes, defaults.cors_origins) == (DEFAULT_MAX_REQUEST_BYTES, ())
    for argv in (["serve", "--max-request-bytes", "0"], ["search", "x", "--limit", "-1"]):
        with pytest.raises(SystemExit) as exit_:
            build_parser().parse_args(argv)
        assert exit_.value.code == 2, argv
