"""Real reports for the forecast ledger (tests/fixtures/ledger, PROVENANCE.md).

- the seed (Breitbart, 2016-03-25), analysed by the real pipeline: an anonymous Arab
  intelligence official predicts that the Islamic State will *probably* attack Russia and
  ultimately the United States (CONTRACT.md's worked example pins both claims);
- Politico, 2015-11-19: a new video from "the terrorist group" (the Islamic State, named in
  the paragraph before) threatening an attack in New York City;
- Politico, 2016-07-11: Rubio condemned "ISIS's targeting of gays ... in the Orlando
  attack": the group, under another alias, attacked in the United States.

The two Politico excerpts are analysed by hand into contract objects (as
tests/support/search_corpus.py does), so these tests see the ledger's rules and nothing of
the extractors, which are developed separately; offsets are found in the text, never typed.
The ISIS entity carries no KB id, as an analysis made without the alias KB would: only the
store's identity of names (store/linking.py) can tell it is the Islamic State.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sitrep.model import Analysis, Claim, Entity, Place, Source
from sitrep.pipeline import document_id
from support.spans import mention

LEDGER = Path(__file__).resolve().parents[1] / "fixtures" / "ledger"


def body(name: str) -> str:
    return (LEDGER / name).read_text(encoding="utf-8").rstrip("\n")


def claim(text: str, cid: str, evidence: str, **fields) -> Claim:
    span = mention(text, evidence)
    return Claim(id=cid, text=evidence, start=span.start, end=span.end, **fields)


def new_york_threat() -> Analysis:
    """The group's video threatening an attack in New York City (threatened, no time: 12 months)."""
    b = body("politico-2015-11-19-new-york-threat.txt")
    return Analysis(
        id=document_id(b), input="politico-2015-11-19-new-york-threat.txt", outlet="Politico",
        title="Trump calls for bringing back surveillance of Muslim communities", published="2015-11-19", body=b,
        entities=[Entity(id="e1", name="Islamic State", type="GROUP",
                         mentions=[mention(b, "Islamic State"), mention(b, "the terrorist group")])],
        places=[Place(id="p1", name="New York City", kind="city", country="US", mentions=[mention(b, "New York City")]),
                Place(id="p2", name="United States", kind="country", country="US",
                      mentions=[mention(b, "the United States")])],
        claims=[claim(b, "c1", "a new video from the terrorist group threatening an attack in New York City",
                      actor="e1", action="ASSAULT", place="p1", modality="threatened")],
    )


def rubio_orlando() -> Analysis:
    """Rubio condemned ISIS's targeting of gays in the Orlando attack (occurred)."""
    b = body("politico-2016-07-11-rubio-orlando.txt")
    return Analysis(
        id=document_id(b), input="politico-2016-07-11-rubio-orlando.txt", outlet="Politico",
        title="Gay Republicans push for pro-LGBT language in platform", published="2016-07-11", body=b,
        entities=[Entity(id="e1", name="Marco Rubio", type="PERSON", aliases=["Rubio"], mentions=[mention(b, "Rubio")]),
                  Entity(id="e2", name="ISIS", type="GROUP", mentions=[mention(b, "ISIS")])],
        places=[Place(id="p1", name="Orlando", kind="city", country="US", mentions=[mention(b, "Orlando")])],
        sources=[Source(id="s1", name="Marco Rubio", description="Rubio", named=True, entity="e1",
                        mentions=[mention(b, "Rubio")])],
        claims=[claim(b, "c1", "ISIS’s targeting of gays both in the Orlando attack", source="s1", actor="e2",
                      action="ASSAULT", place="p1", modality="occurred")],
    )


def dated(analysis: Analysis, published: str) -> Analysis:
    """The same report, said to be published on another day (and so another document)."""
    return analysis.model_copy(update={"published": dt.date.fromisoformat(published),
                                       "id": analysis.id + "-" + published})
