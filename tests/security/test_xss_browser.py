"""XSS through a real browser: every page of the desk over hostile articles, in Chromium.

The server holds the hostile articles of conftest.py (a payload in every
field) plus documents posted through the API and analysed by the pipeline,
with payloads in their text, title, outlet and URL. Every page that shows
them is loaded with the Content-Security-Policy enforced, and each load must
show: no dialog, no element a payload made (`[data-xss]`), no event-handler
attribute, no script but our own files, no javascript:/data: link, no CSP
violation at all (the payloads are escaped, not merely blocked), and each
payload the page shows present as text. Reflected input (filters echoed by a
form, names echoed by a not-found page) gets the same checks.
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import sync_playwright

from sitrep.api import create_app
from sitrep.corpus.corroboration import source_key
from sitrep.store import Store
from support.hostile import PAYLOADS
from support.realtext import paragraphs
from support.server import live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "xss-test-token"
# Collects CSP violations; Playwright's init scripts run before the page's own and are not subject to CSP.
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
                          e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""
INSPECT = """() => {
  const all = [...document.querySelectorAll('*')];
  const risky = /^\\s*(javascript|data|vbscript):/i;
  return {
    injected: document.querySelectorAll('[data-xss]').length,
    handlers: all.flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on'))
                                                .map(a => e.tagName + ' ' + a.name)),
    links: all.flatMap(e => ['href', 'src', 'action', 'formaction', 'xlink:href'].map(n => e.getAttribute(n))
                                .filter(v => v && risky.test(v))),
    scripts: [...document.scripts].map(s => s.getAttribute('src')),
    text: document.documentElement.textContent + ' '
          + [...document.querySelectorAll('input')].map(i => i.value).join(' '),
    violations: window.__violations,
  };
}"""


def post(base: str, document: dict) -> str:
    """POST a document with the token; the stored id."""
    request = urllib.request.Request(f"{base}/api/articles", data=json.dumps(document).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
        return json.load(response)["id"]


def posted_documents() -> list[dict]:
    """Per payload, one text and one HTML document of real paragraphs with the payload in
    title, text, outlet and URL, for the pipeline to analyse."""
    real = paragraphs()[-2 * len(PAYLOADS):]
    documents = []
    for n, p in enumerate(PAYLOADS):
        documents.append({"text": f"{p} report\n\n{real[2 * n]} {p}\n\n{real[2 * n + 1]}", "outlet": f"{p} Wire",
                          "url": "javascript:alert('xss-posted')"})
        documents.append({"html": f"<html><head><title>{p}</title></head><body><article><h1>{p} page</h1>"
                                  f"<p>{real[2 * n + 1]}</p><p>{p}</p><p>{real[2 * n]}</p></article></body></html>",
                          "url": f"https://example.org/{quote(p)}", "title": p})
    return documents


@pytest.fixture(scope="module")
def desk(tmp_path_factory, seed_analysis, hostile_analyses):
    """(base URL, store, ids of the posted text documents) of a live server over the hostile store."""
    store = Store(tmp_path_factory.mktemp("xss") / "sitrep.db")
    store.save([seed_analysis, *hostile_analyses])
    with live_server(create_app(store, token=TOKEN)) as base:
        posted = [post(base, document) for document in posted_documents()]
        yield base, store, posted[::2]
    store.close()


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        yield context.new_page()
        browser.close()


def pages(base: str, store: Store, hostile, posted: list[str]) -> list[tuple[str, list[str]]]:
    """(URL, payloads it must show as text) for every page that shows stored or echoed input."""
    everything = list(PAYLOADS)
    urls = [(path, everything) for path in ("/", "/map", "/map?country=RU", "/timeline", "/articles", "/entities",
                                            "/sources", "/stories", "/search?q=Brigade")]
    urls.append(("/network", everything))  # each payload names an actor of the network (16, under its cap of 20)
    stories = {a.id: a.story_id for a in store.list_articles(limit=200)}
    for a, p in zip(hostile, PAYLOADS):
        urls += [(f"/articles/{a.id}", [p]), (f"/articles/{a.id}?claim=c1", [p]), (f"/stories/{stories[a.id]}", [p]),
                 (f"/entities/{quote(a.entities[0].name, safe='')}", [p]),
                 (f"/trends?actor={quote(a.entities[0].name, safe='')}", [p])]  # its series, named
        urls += [(f"/sources/{quote(source_key(s, a.outlet, a.id), safe='')}", [p]) for s in a.sources]
    urls += [(f"/articles/{id}", [p]) for id, p in zip(posted, PAYLOADS)]
    one_segment = [p for p in PAYLOADS if "/" not in p]  # an article or story id is one path segment
    for kind, echoed in [("entities", everything), ("sources", everything), ("articles", one_segment),
                         ("stories", one_segment)]:
        urls.append((f"/{kind}/{quote(' '.join(echoed), safe='')}", echoed))
    for p in PAYLOADS:
        urls += [(f"{path}?{urlencode({'actor': p, 'place': p, 'since': p, 'q': p})}", [p])
                 for path in ("/", "/timeline", "/trends", "/search")]
        urls.append((f"/map?{urlencode({'country': p, 'since': p})}", [p]))
        urls.append((f"/network?{urlencode({'actor': p, 'target': p, 'place': p, 'since': p})}", [p]))
    return [(base + path, shown) for path, shown in urls]


def test_no_payload_runs_or_becomes_markup_on_any_page(desk, page, hostile_analyses):
    base, store, posted = desk
    dialogs, console = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console.append(message.text))
    attempts = 0
    for url, shown in pages(base, store, hostile_analyses, posted):
        response = page.goto(url)
        assert response.status in (200, 404), url
        found = page.evaluate(INSPECT)
        assert (found["injected"], found["handlers"], found["links"], found["violations"]) == (0, [], [], []), url
        assert all(src and src.startswith("/static/") for src in found["scripts"]), (url, found["scripts"])
        text = " ".join(found["text"].split())
        for payload in shown:
            assert " ".join(payload.split()) in text, (url, payload)
        attempts += len(shown)
    assert dialogs == [] and not [m for m in console if "Content Security Policy" in m]
    loads = len(pages(base, store, hostile_analyses, posted))
    print(f"XSS: {attempts} payload renderings on {loads} page loads, all inert")
