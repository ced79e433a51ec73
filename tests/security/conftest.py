"""Fixtures over the hostile articles of support/hostile.py: the analyses, a store on each
backend holding them with the seed article, and an API client over that store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.model import Analysis
from sitrep.store import Store
from support.hostile import PAYLOADS, hostile_analysis


@pytest.fixture(scope="session")
def hostile_analyses() -> list[Analysis]:
    """One hostile article per payload."""
    return [hostile_analysis(n) for n in range(len(PAYLOADS))]


@pytest.fixture
def hostile_store(db_url, seed_analysis, hostile_analyses):
    """A store on each backend holding the seed article (as analysed) and the hostile articles."""
    with Store(db_url) as store:
        store.save([seed_analysis, *hostile_analyses])
        yield store


@pytest.fixture
def client(hostile_store):
    """A client of the app over the hostile store, writes allowed with the token "s3cret"."""
    return TestClient(create_app(hostile_store, token="s3cret"), raise_server_exceptions=False)
