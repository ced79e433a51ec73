"""Five real news excerpts (tests/fixtures/search-api, PROVENANCE.md), analysed by hand into
contract objects, for what search and the desk make of stored claims: an actor who is only a
claim's target, an actor named in no claim, a negated claim, and articles with no outlet.

Annotated by hand, not by the extractors (developed separately), so these tests see the
store's behaviour and nothing else; offsets are found in the text, never typed.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.model import Analysis, Claim, Entity, Mention, Place, Source
from sitrep.pipeline import document_id
from support.spans import mention

EXCERPTS = Path(__file__).resolve().parents[1] / "fixtures" / "search-api"


def body(name: str) -> str:
    return (EXCERPTS / name).read_text(encoding="utf-8").rstrip("\n")


def claim(text: str, cid: str, evidence: str, **fields) -> Claim:
    span = mention(text, evidence)
    return Claim(id=cid, text=evidence, start=span.start, end=span.end, **fields)


def mentions(text: str, surface: str) -> list:
    """Every mention of `surface` in `text`."""
    found, at = [], text.find(surface)
    while at >= 0:
        found.append(Mention(start=at, end=at + len(surface), text=surface))
        at = text.find(surface, at + 1)
    return found


def islamic_state(eid: str, text: str, *surfaces: str) -> Entity:
    """Islamic State as the article names it; its local id differs between articles, as ids do
    (e2 here is George W. Bush in another)."""
    return Entity(id=eid, name="Islamic State", type="GROUP", aliases=[s for s in surfaces if s != "Islamic State"],
                  mentions=[m for s in surfaces for m in mentions(text, s)])


def radio_ads() -> Analysis:
    """Politico: the candidate's plan "to defeat the Islamic State": Islamic State is the target."""
    b = body("politico-2015-11-19-radio-ads.txt")
    return Analysis(
        id=document_id(b), input="politico-2015-11-19-radio-ads.txt", outlet="Politico", published="2015-11-19",
        body=b,
        entities=[Entity(id="e1", name="Donald Trump", type="PERSON", aliases=["Trump"],
                         mentions=[mention(b, "Trump")]),
                  islamic_state("e2", b, "Islamic State")],
        claims=[claim(b, "c1", "the candidate's plan to strengthen the military and to defeat the Islamic State",
                      actor="e1", action="ASSAULT", target=["e2"], modality="planned")],
    )


def commandos() -> Analysis:
    """NYT, no outlet recorded: commandos headed to Syria to fight the Islamic State (its target),
    Obama orders troops to Cameroon (a claim without it)."""
    b = body("nyt-2015-12-29-commandos.txt")
    return Analysis(
        id=document_id(b), input="nyt-2015-12-29-commandos.txt", published="2015-12-29", body=b,
        entities=[Entity(id="e1", name="Barack Obama", type="PERSON", aliases=["Obama"],
                         mentions=[mention(b, "Obama")]),
                  islamic_state("e2", b, "Islamic State")],
        places=[Place(id="p1", name="Afghanistan", kind="country", country="AF", mentions=[mention(b, "Afghanistan")]),
                Place(id="p2", name="Syria", kind="country", country="SY", mentions=[mention(b, "Syria")]),
                Place(id="p3", name="Cameroon", kind="country", country="CM", mentions=[mention(b, "Cameroon")])],
        claims=[claim(b, "c1", "They are headed to Syria to help fight the Islamic State in its stronghold.",
                      actor_text="They", action="ASSAULT", target=["e2"], place="p2", modality="planned"),
                claim(b, "c2", "President Obama recently ordered nearly 300 of them to Cameroon",
                      actor="e1", action="MOBILIZE", target=["p3"], modality="occurred")],
    )


def dont_blame_bush() -> Analysis:
    """USA Today op-ed, no outlet recorded: ISIL named in no claim; "They can't blame this on
    President Bush", a negated accusation (issue 19, item 6)."""
    b = body("usa-today-2016-09-22-dont-blame-bush.txt")
    return Analysis(
        id=document_id(b), input="usa-today-2016-09-22-dont-blame-bush.txt", published="2016-09-22", body=b,
        entities=[Entity(id="e1", name="Barack Obama", type="PERSON", aliases=["Obama"], mentions=mentions(b, "Obama")),
                  Entity(id="e2", name="George W. Bush", type="PERSON", aliases=["Bush"], mentions=mentions(b, "Bush")),
                  islamic_state("e3", b, "ISIL")],
        places=[Place(id="p1", name="Iraq", kind="country", country="IQ", mentions=[mention(b, "Iraq")])],
        claims=[claim(b, "c1", "Obama and Clinton foolishly withdrew all of our forces",
                      actor="e1", action="RETREAT", place="p1", modality="occurred"),
                claim(b, "c2", "They can't blame this on President Bush.",
                      actor_text="They", action="ACCUSE", target=["e2"], modality="occurred", negated=True)],
    )


def minors_program() -> Analysis:
    """HuffPost, no outlet recorded: "..., officials said" (an unnamed source)."""
    b = body("huff-post-2016-07-26-minors-program.txt")
    return Analysis(
        id=document_id(b), input="huff-post-2016-07-26-minors-program.txt", published="2016-07-26", body=b,
        sources=[Source(id="s1", description="officials", named=False, mentions=[mention(b, "officials")])],
        claims=[claim(b, "c1", "Other efforts to supplement the Central American Minors program will also be expanded",
                      source="s1", action="AID", modality="predicted")],
    )


def syria_truce() -> Analysis:
    """NYT, no outlet recorded: "Mr. Obama, officials said, has become increasingly skeptical ..."."""
    b = body("nyt-2016-09-06-syria-truce.txt")
    return Analysis(
        id=document_id(b), input="nyt-2016-09-06-syria-truce.txt", published="2016-09-06", body=b,
        entities=[Entity(id="e1", name="Barack Obama", type="PERSON", aliases=["Obama"],
                         mentions=[mention(b, "Obama")])],
        sources=[Source(id="s1", description="officials", named=False, mentions=[mention(b, "officials")])],
        claims=[claim(b, "c1", "Mr. Obama, officials said, has become increasingly skeptical about one of the major "
                               "fallback options advanced by officials in the administration: expanding military aid",
                      source="s1", actor="e1", action="REJECT", modality="occurred")],
    )


def corpus() -> list[Analysis]:
    """The five analyses, oldest first."""
    return [radio_ads(), commandos(), minors_program(), syria_truce(), dont_blame_bush()]
