"""Fixtures of the watchlist and alert tests: the seed (the real pipeline's analysis), a
syndicated near-copy of it carried by another outlet, and the five hand-analysed real excerpts
of support/search_corpus.py, in a store on each backend."""

from __future__ import annotations

import pytest

from sitrep.model import Analysis
from sitrep.store import Store
from support.search_corpus import corpus


@pytest.fixture(scope="session")
def seed_copy(nlp, seed_text) -> Analysis:
    """The seed as another outlet's copy that drops its last paragraph (a near-copy, so stored
    as a copy in the seed's story)."""
    from sitrep import analyze

    shortened = seed_text.split("“As painful as they may be")[0]
    return analyze(shortened + "\nCOMMENTS\n", outlet="Example Wire", url="https://wire.example.org/isis-russia")


@pytest.fixture(scope="session")
def excerpts() -> list[Analysis]:
    """Real reports unrelated to the seed's story (Politico, NYT, USA Today, HuffPost)."""
    return corpus()


@pytest.fixture
def store(db_url):
    with Store(db_url) as opened:
        yield opened
