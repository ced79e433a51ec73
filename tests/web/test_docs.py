"""/docs in a real browser: the bundled Swagger UI must read the app's OpenAPI 3.1 schema and
list every operation (Swagger UI 4 answered 200 and then showed only "Unable to render this
definition"), under the page's strict Content-Security-Policy and with no request leaving
this server."""

from __future__ import annotations

import json
import urllib.request

import pytest

from sitrep.api import create_app
from sitrep.store import Store
from support.server import live_server


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """Base URL of the app over an empty store: the docs page does not depend on content."""
    store = Store(tmp_path_factory.mktemp("docs") / "sitrep.db")
    with live_server(create_app(store)) as url:
        yield url
    store.close()


def operations(schema: dict) -> set[tuple[str, str]]:
    """(METHOD, path) of every operation the schema documents."""
    methods = {"get", "post", "put", "patch", "delete"}
    return {(m.upper(), path) for path, item in schema["paths"].items() for m in item if m in methods}


def test_docs_page_renders_every_operation_of_the_openapi_schema(api, page, screenshots):
    with urllib.request.urlopen(api + "/openapi.json") as response:
        schema = json.load(response)
    assert schema["openapi"].startswith("3.1")
    elsewhere, refused = [], []
    page.on("request", lambda r: None if r.url.startswith(api) else elsewhere.append(r.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(api + "/docs")
    page.locator(".opblock").first.wait_for(timeout=15000)
    shown = {(block.locator(".opblock-summary-method").inner_text().strip(),
              block.locator(".opblock-summary-path").get_attribute("data-path"))
             for block in page.locator(".opblock").all()}
    page.screenshot(path=screenshots / "docs.png")

    assert page.locator(".errors-wrapper").count() == 0
    assert shown == operations(schema)
    assert page.locator(".info .title").inner_text().startswith("sitrep")
    assert not elsewhere and not refused, (elsewhere, refused)


def test_docs_page_expands_an_operation_with_its_parameters(api, page):
    page.goto(api + "/docs")
    search = page.locator(".opblock", has=page.locator('.opblock-summary-path[data-path="/api/search"]'))
    search.locator(".opblock-summary").first.click()
    parameters = search.locator(".parameters .parameter__name")
    parameters.first.wait_for(timeout=15000)
    names = {" ".join(n.split()).rstrip(" *") for n in parameters.all_inner_texts()}
    assert {"q", "actor", "place", "since", "until", "modality"} <= names
