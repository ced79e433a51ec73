"""A small corpus of real news sentences, analysed by hand into contract objects.

The claim/entity/place annotations are written here directly (not produced by
the extractors, which are developed separately) so the store's filters are
tested against known structure. Offsets are computed from the text.
"""

from __future__ import annotations

import pytest

from sitrep.model import Analysis, Certainty, Claim, Entity, Place, Source
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.spans import mention

IS_BODY = (
    "An Arab intelligence official told Breitbart Jerusalem that the Islamic State's next step "
    "is probably to carry out attacks in Russia and ultimately the United States. "
    "IS fighters from the Chechen division were trained in Syria and Iraq."
)
NATO_BODY = (
    "NATO defence ministers agreed to send more troops to Lithuania, "
    "a NATO official said in Brussels on Tuesday."
)
TURKEY_BODY = (
    "Turkish President Recep Tayyip Erdogan threatened to send millions of refugees to Europe "
    "if the European Union called Turkey's offensive in Syria an occupation."
)


def claim(body: str, cid: str, text: str, **fields) -> Claim:
    """A claim whose evidence span is `text` in `body`."""
    span = mention(body, text)
    return Claim(id=cid, text=text, start=span.start, end=span.end, **fields)


def place(body: str, pid: str, name: str, kind: str, country, surface=None) -> Place:
    """A place with one mention."""
    return Place(id=pid, name=name, kind=kind, country=country, mentions=[mention(body, surface or name)])


def islamic_state() -> Analysis:
    b = IS_BODY
    return Analysis(
        id=document_id(b), input="is.txt", url="https://www.breitbart.com/national-security/2016/03/25/x/",
        outlet="Breitbart News", title="Arab Intel Official: Islamic State Stepping Up Efforts",
        published="2016-03-25", body=b,
        entities=[
            Entity(id="e1", name="Islamic State", type="GROUP", aliases=["IS"],
                   mentions=[mention(b, "Islamic State"), mention(b, "IS fighters", "IS")]),
            Entity(id="e2", name="Breitbart Jerusalem", type="OUTLET", mentions=[mention(b, "Breitbart Jerusalem")]),
        ],
        places=[place(b, "p1", "Russia", "country", "RU"), place(b, "p2", "United States", "country", "US"),
                place(b, "p3", "Syria", "country", "SY"), place(b, "p4", "Iraq", "country", "IQ")],
        sources=[Source(id="s1", description="an Arab intelligence official", named=False,
                        role="intelligence official", affiliation="Arab",
                        mentions=[mention(b, "An Arab intelligence official")])],
        claims=[
            claim(b, "c1", "the Islamic State's next step is probably to carry out attacks in Russia and "
                  "ultimately the United States", source="s1", actor="e1", action="ASSAULT",
                  target=["p1", "p2"], modality="predicted",
                  certainty=Certainty(cue="probably", band="likely", p_low=0.55, p_high=0.8)),
            claim(b, "c2", "IS fighters from the Chechen division were trained in Syria and Iraq.",
                  source="s1", actor="e1", action="MOBILIZE", place="p3", modality="occurred"),
        ],
    )


def nato() -> Analysis:
    b = NATO_BODY
    return Analysis(
        id=document_id(b), input="nato.txt", outlet="Reuters", title="NATO to send more troops to Lithuania",
        published="2017-02-07", body=b,
        entities=[Entity(id="e1", name="North Atlantic Treaty Organization", type="ORG", aliases=["NATO"],
                         mentions=[mention(b, "NATO")])],
        places=[place(b, "p1", "Lithuania", "country", "LT"), place(b, "p2", "Brussels", "city", "BE")],
        sources=[Source(id="s1", description="a NATO official", named=False, mentions=[mention(b, "a NATO official")])],
        claims=[claim(b, "c1", "NATO defence ministers agreed to send more troops to Lithuania",
                      source="s1", actor="e1", action="MOBILIZE", target=["p1"], place="p2", modality="occurred")],
    )


def turkey() -> Analysis:
    b = TURKEY_BODY
    return Analysis(
        id=document_id(b), input="turkey.txt", outlet="Associated Press",
        title="Erdogan threatens to send refugees to Europe", published="2019-10-10", body=b,
        entities=[
            Entity(id="e1", name="Recep Tayyip Erdogan", type="PERSON", aliases=["Erdogan"],
                   mentions=[mention(b, "Recep Tayyip Erdogan")]),
            Entity(id="e2", name="European Union", type="GOV", aliases=["EU"], mentions=[mention(b, "European Union")]),
        ],
        places=[place(b, "p1", "Europe", "continent", None), place(b, "p2", "Turkey", "country", "TR", "Turkey's"),
                place(b, "p3", "Syria", "country", "SY")],
        claims=[
            claim(b, "c1", "Turkish President Recep Tayyip Erdogan threatened to send millions of refugees to Europe",
                  actor="e1", action="THREATEN", target=["p1"], modality="threatened"),
            claim(b, "c2", "the European Union called Turkey's offensive in Syria an occupation",
                  actor="e2", action="ACCUSE", target=["p2"], place="p3", modality="hypothetical"),
        ],
    )


@pytest.fixture
def corpus() -> list[Analysis]:
    """Three hand-annotated analyses, oldest first."""
    return [islamic_state(), nato(), turkey()]


@pytest.fixture
def store(db_url):
    """An empty store in a fresh database, on each backend (see tests/conftest.py)."""
    with Store(db_url) as opened:
        yield opened


@pytest.fixture
def filled(store, corpus) -> Store:
    """The store holding the corpus."""
    store.save(corpus)
    return store
