"""Fixtures of the ledger tests: a store on each backend, the seed and a near-copy of it
(the real reports themselves are in tests/support/ledger_corpus.py)."""

from __future__ import annotations

import pytest

from sitrep.model import Analysis


@pytest.fixture(scope="session")
def seed(nlp, seed_text) -> Analysis:
    """The seed analysed by the real pipeline, with the publication date its file name gives."""
    from sitrep import analyze

    return analyze(seed_text, published="2016-03-25")


@pytest.fixture(scope="session")
def seed_copy(nlp, seed_text) -> Analysis:
    """The seed as a syndicated copy that drops its last paragraph: a near-copy of it."""
    from sitrep import analyze

    shortened = seed_text.split("“As painful as they may be")[0]
    return analyze(shortened + "\nCOMMENTS\n", published="2016-03-25")


@pytest.fixture
def store(db_url):
    from sitrep.store import Store

    with Store(db_url) as opened:
        yield opened
