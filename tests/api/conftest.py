"""An app over a fresh store holding the seed, one hand-annotated report, and one hostile page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.model import Analysis, Claim, Entity, Mention, Place, Source
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.search_corpus import corpus

NATO_BODY = (
    "NATO defence ministers agreed to send more troops to Lithuania, "
    "a NATO official said in Brussels on Tuesday."
)
XSS = "<script>alert(1)</script>"


def span(body: str, text: str) -> dict:
    """start/end/text of the first occurrence of text in body."""
    start = body.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def nato_analysis() -> Analysis:
    b = NATO_BODY
    return Analysis(
        id=document_id(b), input="nato.txt", outlet="Reuters", url="https://www.reuters.com/article/nato-baltics",
        title="NATO to send more troops to Lithuania", published="2017-02-07", body=b,
        entities=[Entity(id="e1", name="North Atlantic Treaty Organization", type="ORG", aliases=["NATO"],
                         mentions=[Mention(**span(b, "NATO"))])],
        places=[Place(id="p1", name="Lithuania", kind="country", country="LT",
                      mentions=[Mention(**span(b, "Lithuania"))])],
        sources=[Source(id="s1", description="a NATO official", named=False)],
        claims=[Claim(id="c1", **span(b, "NATO defence ministers agreed to send more troops to Lithuania"),
                      source="s1", actor="e1", action="MOBILIZE", target=["p1"], modality="occurred")],
    )


def hostile_analysis() -> Analysis:
    """A page whose every field tries to inject markup or a script link."""
    b = f"Officials said {XSS} was found on the page <img src=x onerror=alert(2)>."
    return Analysis(
        id=document_id(b), input="evil.html", outlet=f"Evil {XSS} News", url="javascript:alert(3)",
        title=f"Breaking {XSS}", published="2020-01-01", body=b,
        entities=[Entity(id="e1", name=f"{XSS} Group", type="GROUP")],
        sources=[Source(id="s1", name=f"<b>{XSS}</b>", description="x", named=True)],
        claims=[Claim(id="c1", **span(b, f"Officials said {XSS}"), source="s1", actor="e1",
                      action="ASSAULT", modality="alleged")],
    )


@pytest.fixture(scope="session")
def sample_analyses(seed_analysis) -> list[Analysis]:
    """Seed, NATO report, hostile page."""
    return [seed_analysis, nato_analysis(), hostile_analysis()]


@pytest.fixture
def stored(db_url, sample_analyses):
    """The store, filled with the sample analyses (on each backend)."""
    analyses = sample_analyses
    with Store(db_url) as store:
        store.save(analyses)
        yield store, analyses


@pytest.fixture
def client(stored):
    store, _ = stored
    return TestClient(create_app(store))


@pytest.fixture
def corpus_client(db_url):
    """An app over the five hand-analysed excerpts of support/search_corpus.py (on each backend)."""
    with Store(db_url) as store:
        store.save(corpus())
        yield TestClient(create_app(store))
