"""A real server and a real browser: uvicorn on a free local port over a store holding the
bundled examples, and Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from sitrep.api import create_app
from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.model import Analysis
from sitrep.pipeline import analyze_raw_documents
from sitrep.settings import Settings
from sitrep.store import Store
from support.server import live_server

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "browser-test-token"


@pytest.fixture(scope="session")
def token() -> str:
    """The write token the desk server was started with."""
    return TOKEN


@pytest.fixture(scope="session")
def example_analyses(nlp) -> list[Analysis]:
    """The bundled examples as `sitrep ingest` analyses them: the seed and four HTML pages."""
    articles = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))  # not PROVENANCE.md
    items = read_paths(articles, Settings())
    analyses = [a for a in analyze_raw_documents(items) if not isinstance(a, InputError)]
    assert len(analyses) == 5, "the seed and four HTML pages"
    return analyses


@pytest.fixture(scope="session")
def desk(example_analyses, tmp_path_factory):
    """Base URL of a running `sitrep serve` equivalent over the ingested examples (writes allowed)."""
    store = Store(tmp_path_factory.mktemp("desk") / "sitrep.db")
    store.save(example_analyses)
    with live_server(create_app(store, token=TOKEN)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not for the whole session: Playwright's sync API keeps an
    event loop running in the main thread while it is open, and a later test of the same process
    that runs asyncio (the watch, alert delivery) or opens Playwright again would fail."""
    assert CHROMIUM.exists(), "install Debian's Chromium: apt-get install -y chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: $SITREP_SCREENSHOTS (docs/screenshots when refreshing the README's),
    else a temporary folder."""
    folder = Path(os.environ.get("SITREP_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
