"""Real reports that contradict each other (tests/fixtures/contradictions, PROVENANCE.md).

- Deutsche Welle, 2018-03-29: "Britain accused Russia of responsibility for the nerve agent
  attack in early March" (the Skripal poisoning): an accusation of Russia, and Russia's alleged act;
- Dhaka Tribune, 2018-04-05, a week later: the attack "that the British government has blamed on
  Russia, although Moscow denies any involvement": the accused's denial (Moscow acting is Russia);
- a copy of the Dhaka Tribune's first two sentences, as another site would republish them: copies
  never count;
- The Washington Post, 2016-03-30: Trump and Lewandowski "had asserted that Lewandowski never
  touched the reporter, Michelle Fields", while the police detective's affidavit says he "grabbed
  Fields' left arm": one event negated by another source; and "Trump did not dismiss
  Lewandowski", a negated claim that contradicts neither.

And from PolNeAR, the pairs an earlier rule linked wrongly, with what is right beside them:

- Western Journalism, 2016-09-23: the Saudi government "has strongly denied any involvement in the
  9/11 terror attacks"; later, "Strada accused the Saudi government of attempting to intimidate the
  9/11 families": a denial that says what it denies, and an accusation of something else;
- USA Today, 2016-04-28: the Sanders campaign accused Clinton and the DNC "of violating fundraising
  laws" ... "Clinton and the DNC rejected the allegation": a bare denial answering the accusation
  reported just before it;
- HuffPost, 2016-04-20: "Sanders has accused Clinton of being influenced by special interest
  groups": an accusation of Clinton that bare denial elsewhere does not answer;
- The New York Times, 2016-04-28: Clinton's allies want Sanders to stop "continuing to attack Mrs.
  Clinton's ties to Wall Street", while he "did not attack Mrs. Clinton directly in his remarks on
  Tuesday night": two occasions, no negation;
- The New York Times, 2016-08-18: Lewandowski "has denied that that was the case" (that he spread
  stories about Kushner), and the next paragraph: "he was accused by a female Breitbart reporter
  ... of grabbing her roughly": an accusation reported after a denial is not what it answers;
- The New York Times, 2016-08-22: "the full details of the allegations, which Mr. Ailes denies":
  an accusation that names nobody accused, and the denial that says whom.

Analysed by hand into contract objects (as tests/support/ledger_corpus.py does), so the tests see
the contradiction rules and nothing of the extractors, which are developed separately; offsets are
found in the text, never typed.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.model import Analysis, Claim, Entity, OutletReliability, Place, Source
from sitrep.outlets import rating, site_of
from sitrep.pipeline import document_id
from support.spans import mention

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "contradictions"
DW_URL = "https://www.dw.com/en/russia-announces-tit-for-tat-expulsions-of-western-diplomats/a-43190076"
DHAKA_URL = ("https://www.dhakatribune.com/world/europe/2018/04/05/"
             "daughter-ex-spy-poisoned-uk-says-case-somewhat-disorientating")


def body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8").rstrip("\n")


def claim(text: str, cid: str, evidence: str, trigger: str | None = None, lemma: str | None = None,
          **fields) -> Claim:
    """A claim whose evidence is `evidence` in `text`, with its event word `trigger` (and lemma)."""
    span = mention(text, evidence)
    if trigger is not None:
        word = mention(text, evidence).start + evidence.index(trigger)
        fields["trigger"] = {"start": word, "end": word + len(trigger), "text": trigger, "lemma": lemma or trigger}
    return Claim(id=cid, text=evidence, start=span.start, end=span.end, **fields)


def rated(url: str | None, outlet: str) -> OutletReliability | None:
    """The outlet's rating as the pipeline gives it (sitrep/outlets.py)."""
    return rating(site_of(url, outlet))


def accusation() -> Analysis:
    """Deutsche Welle: Britain accused Russia of the nerve agent attack (and Russia's act, alleged)."""
    b = body("dw-2018-03-29-expulsions.txt")
    return Analysis(
        id=document_id(b), input="dw-2018-03-29-expulsions.txt", url=DW_URL, outlet="Deutsche Welle",
        outlet_reliability=rated(DW_URL, "Deutsche Welle"),
        title="Russia announces tit-for-tat expulsions of Western diplomats", published="2018-03-29", body=b,
        entities=[Entity(id="e1", name="Sergey Lavrov", type="PERSON", mentions=[mention(b, "Sergey Lavrov")]),
                  Entity(id="e2", name="Sergei Skripal", type="PERSON", mentions=[mention(b, "Sergei Skripal")])],
        places=[Place(id="p1", name="Russia", kind="country", country="RU",
                      mentions=[mention(b, "Russia would", "Russia"), mention(b, "Russia of", "Russia")]),
                Place(id="p2", name="United Kingdom", kind="country", country="GB",
                      mentions=[mention(b, "the UK"), mention(b, "Britain")])],
        sources=[Source(id="s1", name="Sergey Lavrov", description="Russian Foreign Minister Sergey Lavrov",
                        named=True, entity="e1", mentions=[mention(b, "Russian Foreign Minister Sergey Lavrov")])],
        claims=[
            claim(b, "c1", "Britain accused Russia of responsibility for the nerve agent attack", "accused", "accuse",
                  actor="p2", action="ACCUSE", target=["p1"], target_text=["Russia"], modality="occurred"),
            claim(b, "c2", "Russia of responsibility for the nerve agent attack in early March", "attack",
                  actor="p1", action="ASSAULT", modality="alleged", time="2018-03"),
        ],
    )


def denial() -> Analysis:
    """Dhaka Tribune, a week later: the attack the British government blamed on Russia, "although
    Moscow denies any involvement"."""
    b = body("dhakatribune-2018-04-05-yulia-skripal.txt")
    return Analysis(
        id=document_id(b), input="dhakatribune-2018-04-05-yulia-skripal.txt", url=DHAKA_URL, outlet="Dhaka Tribune",
        outlet_reliability=rated(DHAKA_URL, "Dhaka Tribune"),
        title="Daughter of ex-spy poisoned in UK says case is somewhat disorientating", published="2018-04-05", body=b,
        entities=[Entity(id="e1", name="Yulia Skripal", type="PERSON", mentions=[mention(b, "Yulia Skripal")]),
                  Entity(id="e2", name="British government", type="GOV", mentions=[mention(b, "British government")])],
        places=[Place(id="p1", name="United Kingdom", kind="country", country="GB", mentions=[mention(b, "Britain")]),
                Place(id="p2", name="Salisbury", kind="city", country="GB", mentions=[mention(b, "Salisbury")]),
                Place(id="p3", name="Russia", kind="country", country="RU",
                      mentions=[mention(b, "Russia, although", "Russia")]),
                Place(id="p4", name="Moscow", kind="city", country="RU", mentions=[mention(b, "Moscow")])],
        claims=[
            claim(b, "c1", "The Skripals were found slumped on a bench in the southern English city of Salisbury on "
                           "March 4 in a nerve agent attack", "attack", action="ASSAULT", place="p2",
                  modality="occurred", time="2018-03-04"),
            claim(b, "c2", "a nerve agent attack that the British government has blamed on Russia", "blamed", "blame",
                  actor="e2", action="ACCUSE", target=["p3"], target_text=["Russia"], modality="occurred"),
            claim(b, "c3", "Moscow denies any involvement", "denies", "deny", actor="p4", action="REJECT",
                  target_text=["any involvement"], modality="occurred"),
        ],
    )


def denial_copy() -> Analysis:
    """The Dhaka Tribune's first two sentences, republished by another site (the store links it as
    a copy of the denial)."""
    original = denial()
    end = original.body.index("“I woke up") - 1
    b = original.body[:end]
    return original.model_copy(update={
        "id": document_id(b), "input": "copy.txt", "url": None, "outlet": None, "outlet_reliability": None,
        "body": b, "title": None,
    })


def lewandowski() -> Analysis:
    """The Washington Post: the affidavit's grab, Trump's and Lewandowski's "never touched", and
    "Trump did not dismiss Lewandowski"."""
    b = body("wapo-2016-03-30-lewandowski.txt")
    return Analysis(
        id=document_id(b), input="wapo-2016-03-30-lewandowski.txt", outlet="The Washington Post",
        outlet_reliability=rated(None, "The Washington Post"),
        title="Trump sticking by his campaign manager", published="2016-03-30", body=b,
        entities=[Entity(id="e1", name="Corey Lewandowski", type="PERSON", aliases=["Lewandowski"],
                         mentions=[mention(b, "Lewandowski")]),
                  Entity(id="e2", name="Michelle Fields", type="PERSON", aliases=["Fields"],
                         mentions=[mention(b, "Michelle Fields")]),
                  Entity(id="e3", name="Donald Trump", type="PERSON", aliases=["Trump"],
                         mentions=[mention(b, "Trump")]),
                  Entity(id="e4", name="Marc Bujnowski", type="PERSON", mentions=[mention(b, "Marc Bujnowski")])],
        sources=[Source(id="s1", name="Trump and Lewandowski", description="They", named=True,
                        mentions=[mention(b, "They had", "They")]),
                 Source(id="s2", name="Marc Bujnowski", description="Bujnowski", named=True, entity="e4",
                        mentions=[mention(b, "Bujnowski wrote", "Bujnowski")])],
        claims=[
            claim(b, "c1", "Lewandowski never touched the reporter, Michelle Fields", "touched", "touch",
                  source="s1", actor="e1", action="ASSAULT", target=["e2"], modality="occurred", negated=True),
            claim(b, "c2", "Trump did not dismiss Lewandowski on Tuesday", "dismiss", actor="e3", action="SANCTION",
                  target=["e1"], modality="occurred", negated=True),
            claim(b, "c3", "Lewandowski . . . grabbed Fields' left arm with his right hand", "grabbed", "grab",
                  source="s2", actor="e1", action="ASSAULT", target=["e2"], modality="occurred"),
        ],
    )


EXCERPTS = FIXTURES / "polnear-wrong-pairs.json"


def excerpt(name: str) -> str:
    """One of the PolNeAR excerpts (tests/fixtures/contradictions/polnear-wrong-pairs.json: each
    with its text and where it is from; hand-analysed, so kept out of the same-output digests of
    the texts the pipeline reads)."""
    return json.loads(EXCERPTS.read_text(encoding="utf-8"))[name]["text"]


def _polnear(name: str, outlet: str, published: str, title: str, entities: list[Entity], claims: list[Claim],
             sources: list[Source] | None = None) -> Analysis:
    b = excerpt(name)
    return Analysis(id=document_id(b), input=name, outlet=outlet, outlet_reliability=rated(None, outlet),
                    title=title, published=published, body=b, entities=entities, sources=sources or [],
                    claims=claims)


def person(b: str, eid: str, name: str, written: str, kind: str = "PERSON") -> Entity:
    return Entity(id=eid, name=name, type=kind, mentions=[mention(b, written)])


def saudi() -> Analysis:
    """Western Journalism: the Saudi government denies any involvement in the 9/11 attacks; Strada
    accuses it of attempting to intimidate the 9/11 families."""
    name = "westernjournalism-2016-09-23-saudi"
    b = excerpt(name)
    return _polnear(name, "Western Journalism", "2016-09-23", "Clinton Breaks With Obama On 9/11 Lawsuit Bill",
                    [person(b, "e1", "Saudi government", "Saudi government", "GOV"),
                     person(b, "e2", "Terry Strada", "Strada")],
                    [claim(b, "c1", "the Saudi government, which has strongly denied any involvement in the 9/11 "
                                    "terror attacks", "denied", "deny", actor="e1", action="REJECT",
                           target_text=["any involvement"], modality="occurred"),
                     claim(b, "c2", "Strada accused the Saudi government of attempting to intimidate the 9/11 "
                                    "families", "accused", "accuse", actor="e2", action="ACCUSE", target=["e1"],
                           target_text=["the Saudi government"], modality="occurred"),
                     claim(b, "c3", "the Saudi government of attempting to intimidate the 9/11 families",
                           "intimidate", actor="e1", action="COERCE", modality="alleged")])


def _sanders_clinton(b: str) -> list[Entity]:
    return [Entity(id="e1", name="Bernie Sanders", type="PERSON", aliases=["Sanders"],
                   mentions=[mention(b, "Sanders")]),
            Entity(id="e2", name="Hillary Clinton", type="PERSON", aliases=["Clinton"],
                   mentions=[mention(b, "Clinton")])]


def sanders_staff() -> Analysis:
    """USA Today: the Sanders campaign accused Clinton and the DNC of violating fundraising laws;
    "Clinton and the DNC rejected the allegation"."""
    name = "usatoday-2016-04-28-sanders-staff"
    b = excerpt(name)
    return _polnear(name, "USA Today", "2016-04-28", "Sanders lays off more than 200 campaign staffers",
                    [*_sanders_clinton(b),
                     Entity(id="e3", name="Democratic National Committee", type="ORG", aliases=["DNC"],
                            mentions=[mention(b, "Democratic National Committee"), mention(b, "DNC")])],
                    [claim(b, "c1", "recently accusing Clinton and the Democratic National Committee of violating "
                                    "fundraising laws", "accusing", "accuse", actor="e1", action="ACCUSE",
                           target=["e2", "e3"], target_text=["Clinton", "the Democratic National Committee"],
                           modality="occurred"),
                     claim(b, "c2", "Clinton and the DNC rejected the allegation", "rejected", "reject", actor="e2",
                           action="REJECT", target_text=["the allegation"], modality="occurred")])


def wall_street() -> Analysis:
    """HuffPost, eight days before: "Sanders has accused Clinton of being influenced by special
    interest groups"."""
    name = "huffpost-2016-04-20-wall-street"
    b = excerpt(name)
    return _polnear(name, "HuffPost", "2016-04-20", "Hillary Clinton Won Among Wall Street-Friendly Voters In New York",
                    _sanders_clinton(b),
                    [claim(b, "c1", "Sanders has accused Clinton of being influenced by special interest groups",
                           "accused", "accuse", actor="e1", action="ACCUSE", target=["e2"], target_text=["Clinton"],
                           modality="occurred")])


def sanders_attacks() -> Analysis:
    """The New York Times: Sanders "continuing to attack Mrs. Clinton's ties to Wall Street" (what
    her aides and allies want him to stop), and he "did not attack Mrs. Clinton directly in his
    remarks on Tuesday night" (26 April)."""
    name = "nyt-2016-04-28-sanders-attacks"
    b = excerpt(name)
    return _polnear(name, "The New York Times", "2016-04-28", "Nomination almost certain, Clinton sharpens pitch",
                    _sanders_clinton(b),
                    [claim(b, "c1", "continuing to attack Mrs. Clinton's ties to Wall Street", "attack",
                           source="s1", actor="e1", action="ACCUSE", target=["e2"], target_text=["Mrs. Clinton"],
                           modality="occurred"),
                     claim(b, "c2", "Mr. Sanders, whose sole win on Tuesday came in Rhode Island, did not attack Mrs. "
                                    "Clinton directly in his remarks on Tuesday night", "attack", actor="e1",
                           action="ACCUSE", target=["e2"], target_text=["Mrs. Clinton"], modality="occurred",
                           negated=True, time="2016-04-26")],
                    [Source(id="s1", description="Mrs. Clinton's aides and allies", named=False,
                            mentions=[mention(b, "Mrs. Clinton's aides and allies")])])


def lewandowski_denial() -> Analysis:
    """The New York Times: Lewandowski "has denied that that was the case" (that he spread stories
    about Kushner); the next paragraph, he "was accused by a female Breitbart reporter ... of
    grabbing her roughly"."""
    name = "nyt-2016-08-18-lewandowski"
    b = excerpt(name)
    return _polnear(name, "The New York Times", "2016-08-18",
                    "Trump hires conservative website official as campaign's chief executive",
                    [Entity(id="e1", name="Corey Lewandowski", type="PERSON", aliases=["Lewandowski"],
                            mentions=[mention(b, "Lewandowski")])],
                    [claim(b, "c1", "Mr. Lewandowski, now a paid CNN commentator, has denied that that was the case",
                           "denied", "deny", actor="e1", action="REJECT", modality="occurred"),
                     claim(b, "c2", "he was accused by a female Breitbart reporter, who worked for Mr. Bannon, of "
                                    "grabbing her roughly", "accused", "accuse", action="ACCUSE", target=["e1"],
                           target_text=["he"], modality="occurred"),
                     claim(b, "c3", "grabbing her roughly after a news conference", "grabbing", "grab", actor="e1",
                           action="ASSAULT", modality="alleged")])


def ailes() -> Analysis:
    """The New York Times: "the full details of the allegations, which Mr. Ailes denies"."""
    name = "nyt-2016-08-22-ailes"
    b = excerpt(name)
    return _polnear(name, "The New York Times", "2016-08-22", "Pundit Turns Adviser in the Service of Trump",
                    [person(b, "e1", "Fox News", "Fox News", "OUTLET"),
                     Entity(id="e2", name="Roger Ailes", type="PERSON", aliases=["Ailes"],
                            mentions=[mention(b, "Ailes")])],
                    [claim(b, "c1", "Fox News executives shared with Mr. Hannity and others the full details of the "
                                    "allegations", "allegations", "allegation", actor="e1", action="ACCUSE",
                           modality="occurred"),
                     claim(b, "c2", "the allegations, which Mr. Ailes denies", "denies", "deny", actor="e2",
                           action="REJECT", modality="occurred")])
