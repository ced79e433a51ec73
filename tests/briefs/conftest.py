"""A store (on each backend) holding the brief corpus, for the brief's CLI and rendering tests."""

from __future__ import annotations

import pytest

from sitrep.store import Store
from support.brief_corpus import brief_corpus


@pytest.fixture
def brief_db(db_url) -> str:
    """The URL of a store holding the brief corpus."""
    with Store(db_url) as store:
        store.save(brief_corpus())
    return db_url
