"""The store a brief is made from in the tests: the five real excerpts of search_corpus.py (no URL
stored), the seed report (a real Breitbart article, its outlet rated) with its hedged claim
annotated by hand and a URL given for the test (the fixture records none), and a hostile page
whose title, names and sentence hold script.

Annotated by hand, not by the extractors, so the brief tests see what the brief makes of stored
claims and nothing else; offsets are found in the text, never typed.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.model import Analysis, Certainty, Entity, Place, Source
from sitrep.outlets import with_outlet
from sitrep.pipeline import document_id
from support.search_corpus import claim, corpus
from support.spans import mention

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-breitbart-2016-03-25.txt"
SEED_SENTENCE = ("the Islamic State’s next step after the Brussels bombings is probably to carry out attacks in "
                 "Russia")
SCRIPT = "<script>alert(1)</script>"
SEED_URL = "https://www.breitbart.com/national-security/2016/03/25/arab-intel-official-islamic-state/"


def seed() -> Analysis:
    """The seed report: Islamic State will probably attack Russia, per an Arab intelligence official;
    its outlet rated as the pipeline rates it (with_outlet)."""
    title, _, b = SEED.read_text(encoding="utf-8").partition("\n\n")
    return with_outlet(Analysis(
        id=document_id(b), input=SEED.name, outlet="Breitbart News", title=title, published="2016-03-25", body=b,
        url=SEED_URL,
        entities=[Entity(id="e1", name="Islamic State", type="GROUP", mentions=[mention(b, "Islamic State")])],
        places=[Place(id="p1", name="Russia", kind="country", country="RU", mentions=[mention(b, "Russia")])],
        sources=[Source(id="s1", description="an Arab intelligence official", named=False,
                        mentions=[mention(b, "an Arab intelligence\u00a0official")])],  # a no-break space, as printed
        claims=[claim(b, "c1", SEED_SENTENCE, source="s1", actor="e1", action="ASSAULT", target=["p1"],
                      modality="predicted",
                      certainty=Certainty(cue="probably", band="likely", p_low=0.55, p_high=0.8))],
    ))


def hostile() -> Analysis:
    """A page whose title, outlet, actor, source and claim sentence hold a script, with a script URL."""
    b = f"Officials said {SCRIPT} was found in Paris <img src=x onerror=alert(2)>."
    return Analysis(
        id=document_id(b), input="evil.html", outlet=f"Evil {SCRIPT} News", url="javascript:alert(3)",
        title=f"Breaking {SCRIPT}", published="2020-01-01", body=b,
        entities=[Entity(id="e1", name=f"{SCRIPT} Group", type="GROUP")],
        places=[Place(id="p1", name="Paris", kind="city", country="FR", mentions=[mention(b, "Paris")])],
        sources=[Source(id="s1", name=f"<b>{SCRIPT}</b>", description="x", named=True)],
        claims=[claim(b, "c1", f"Officials said {SCRIPT} was found in Paris <img src=x onerror=alert(2)>",
                      source="s1", actor="e1", action="ASSAULT", target=["p1"], modality="alleged")],
    )


def brief_corpus() -> list[Analysis]:
    """The five excerpts, the seed report and the hostile page."""
    return [*corpus(), seed(), hostile()]
