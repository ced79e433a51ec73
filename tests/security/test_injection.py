"""SQL and full-text injection through every filter of every endpoint, every page and `sitrep search`.

Each payload goes alone into one parameter (query or path) of every GET
route (every payload into free-text parameters and ids, the SQL classics
into dates, choices, flags and numbers), found from the app itself (the OpenAPI schema for /api, the page
functions' signatures for the desk), so a route added later is covered too.
Every answer must be 200, 404 or 422 — never a 500 — and an API answer of 200
must not widen: no payload names anything stored, and as full text none
matches every article, so a tautology that widened a query would show. Afterwards every
table holds what it held, and a plain search still finds the seed article. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

import inspect
from urllib.parse import quote

import pytest
from sqlalchemy import func, inspect as schema_of, select, table

from sitrep.api import inbox, network, pages, trends, watching
from sitrep.cli import main

INJECTIONS = [
    "' OR 1=1 --", "' OR '1'='1", '" OR ""="', "1 OR 1=1", "1; DROP TABLE documents; --",
    '"; DROP TABLE articles; --', "'); DROP TABLE claims; --", "%' UNION SELECT id, body FROM documents --",
    "' UNION SELECT sqlite_version(), 1 --", "1' AND (SELECT pg_sleep(0)) IS NULL --", "$$; DROP TABLE documents; $$",
    "\\'; SELECT 1; --", "%", "_", "%%' OR 'x' LIKE '%", "' || (SELECT body FROM documents LIMIT 1) || '",
    # FTS5 and tsquery syntax; "zq" and "zx" occur in no article, so any hit is the syntax at work
    '"', "NEAR(", "NEAR(zq zx, -1)", "*", "AND OR", "OR", "NOT", "zq AND", "(", ")(", ")zq(", "zq ( ) zx",
    "(zq OR) zx", "{title body}: zq", "doc_id: zq", "^zq", "- zq", "zq:*", "!!zq", "zq <-> zx", "'zq' & !'zx'",
    "zq" + "(" * 150, '"zq" * AND ""', "documents_fts MATCH '*'",
]
# Parameters whose text reaches a query as text get every payload; the others (dates, choices,
# flags, numbers) are parsed before any query is built, so the SQL classics show they refuse.
TEXT_PARAMS = {"q", "actor", "place", "country", "claim", "target", "watchlist"}
PARSED_PAYLOADS = INJECTIONS[:8]


def routes(app) -> list[tuple[str, list[str], list[str]]]:
    """(path, query parameters, path parameters) of every GET route with parameters:
    /api from the OpenAPI schema (it lists dependencies' parameters too), the desk's pages
    from their functions' signatures (they are left out of the schema)."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        if "get" in operations:
            params = operations["get"].get("parameters", [])
            found.append((path, [p["name"] for p in params if p["in"] == "query"],
                          [p["name"] for p in params if p["in"] == "path"]))
    desk_reads = [route for route in [*inbox.pages.routes, *watching.pages.routes] if "GET" in route.methods]
    for route in [*pages.router.routes, *trends.pages.routes, *network.pages.routes, *desk_reads]:
        names = [n for n in inspect.signature(route.endpoint).parameters if n != "request"]
        path_names = list(route.param_convertors)
        found.append((route.path.replace(":path}", "}"), [n for n in names if n not in path_names], path_names))
    return [r for r in found if r[1] or r[2]]


def fill(path: str, values: dict[str, str]) -> str:
    """The route path with each {name} replaced by its value, quoted as one path segment."""
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


def widened(items: list, params: dict, stored: int) -> bool:
    """Whether a 200 answer shows an injection at work: any item for a payload in a name,
    place or paging filter (none names anything stored), every stored article for a
    payload as full text (a payload's words may match a few articles, as words do)."""
    if "q" in params:
        return len(items) >= stored
    return bool(items)


def table_counts(store) -> dict[str, int]:
    """Every table of the store with its row count."""
    with store.engine.connect() as conn:
        names = schema_of(conn).get_table_names()
        return {name: conn.execute(select(func.count()).select_from(table(name))).scalar() for name in names}


@pytest.fixture
def samples(client, seed_analysis) -> dict[str, str]:
    """Real values for every path parameter, from the seed article: its id, first claim,
    story, first entity, first source key and first source identity; this store holds no
    alert, so an alert id answers 404 (tests/alerts sends hostile text through real alerts)."""
    [summary] = [a for a in client.get("/api/articles").json()["items"] if a["id"] == seed_analysis.id]
    sources = client.get("/api/sources", params={"limit": 200}).json()["items"]
    return {"article_id": seed_analysis.id, "claim_id": "c1", "story_id": summary["story_id"],
            "name": seed_analysis.entities[0].name, "key": next(s["key"] for s in sources if "doc:" not in s["key"]),
            "identity": next(s["identity"] for s in sources if s["kind"] != "outlet"), "alert_id": "a1"}


def test_injection_through_every_parameter_is_inert(client, hostile_store, samples, seed_analysis):
    before = table_counts(hostile_store)
    stored = hostile_store.count()
    attempts = 0
    for path, query, path_params in routes(client.app):
        base = fill(path, {n: samples[n] for n in path_params})
        for payload in INJECTIONS:
            requests = [(base, {name: payload}) for name in query if name in TEXT_PARAMS or payload in PARSED_PAYLOADS]
            requests += [(fill(path, {**{n: samples[n] for n in path_params}, name: payload}), {})
                         for name in path_params]
            for url, params in requests:
                response = client.get(url, params=params)
                attempts += 1
                assert response.status_code in (200, 404, 422), (url, params, response.status_code, response.text[:300])
                if response.status_code == 200 and url.startswith("/api/") and "items" in response.json():
                    assert widened(response.json()["items"], params, stored) is False, (url, params)
    assert table_counts(hostile_store) == before
    assert [h.id for h in hostile_store.search("Raqqa")] == [seed_analysis.id]
    print(f"injection: {attempts} requests over {len(routes(client.app))} routes, all inert")


@pytest.mark.parametrize("option", [None, "--actor", "--place", "--since", "--until", "--modality", "--action",
                                    "--band"])
def test_injection_through_every_search_option_of_the_cli(option, hostile_store, db_url, capsys):
    before = table_counts(hostile_store)
    stored = hostile_store.count()
    text = option in (None, "--actor", "--place")
    for payload in INJECTIONS if text else PARSED_PAYLOADS:
        argv = ["--", payload] if option is None else [f"{option}={payload}"]
        status = main(["search", "--db", db_url, "--format", "json", "--limit", "100", *argv])
        out, err = capsys.readouterr()
        assert status in (0, 2), (argv, status, err)
        assert status == 0 or err.startswith("sitrep: "), (argv, err)
        assert widened(out.splitlines(), {"q": payload} if option is None else {}, stored) is False, (argv, out)
    assert table_counts(hostile_store) == before
