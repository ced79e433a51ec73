"""Real excerpts (tests/fixtures/source-identity, PROVENANCE.md) analysed by hand into contract
objects, for who a source is across the store (store/source_identity.py).

Each source is written as the attribution component writes it (a named source with its
entity, an unnamed one with its role noun's lemma and the affiliation's words as the text
gives them), so these tests see the store's rules and nothing of the extractors, which are
developed separately; offsets are found in the text, never typed.

- Hillary Clinton in full in the Washington Post (2016-02-09), and as a lone "Clinton" after
  her full name in an AP story Breitbart ran (2016-10-03): once with the entity an older
  extractor split off ("Clinton"), once with no entity at all.
- Donald Trump as "Donald J. Trump" in the New York Times (2016-06-07: threatening to pull out
  of NATO) and as a lone "Trump" after "Donald Trump" in USA Today (2015-12-14: he vowed to
  "bomb the hell" out of the Islamic State): two forecasts of one source.
- American officials, unnamed: in two New York Times articles ("an American official",
  2016-05-09; "American officials", 2016-09-06), and as "U.S. officials" in Politico
  (2016-05-19) and HuffPost (2016-06-16).
"""

from __future__ import annotations

from pathlib import Path

from sitrep.model import Analysis, Claim, Entity, Mention, Place, Source
from sitrep.pipeline import document_id
from support.spans import mention

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "source-identity"


def body(name: str) -> str:
    return (FOLDER / name).read_text(encoding="utf-8").rstrip("\n")


def claim(text: str, cid: str, evidence: str, **fields) -> Claim:
    span = mention(text, evidence)
    return Claim(id=cid, text=evidence, start=span.start, end=span.end, **fields)


def after(text: str, surface: str, anchor: str) -> Mention:
    """The first mention of `surface` at or after `anchor`."""
    start = text.index(surface, text.index(anchor))
    return Mention(start=start, end=start + len(surface), text=surface)


def article(name: str, outlet: str, published: str, **fields) -> Analysis:
    text = body(name)
    return Analysis(id=document_id(text), input=name, outlet=outlet, published=published, body=text, **fields)


def clinton_race() -> Analysis:
    """Washington Post: "It's going to be a race to the finish," Hillary Clinton said."""
    b = body("wash-post-2016-02-09-clinton-race.txt")
    return article("wash-post-2016-02-09-clinton-race.txt", "The Washington Post", "2016-02-09",
                   entities=[Entity(id="e1", name="Hillary Clinton", type="PERSON",
                                    mentions=[mention(b, "Hillary Clinton")])],
                   sources=[Source(id="s1", name="Hillary Clinton", description="Hillary Clinton", named=True,
                                   entity="e1", mentions=[mention(b, "Hillary Clinton")])])


def clinton_taxes(split_entity: bool = True) -> Analysis:
    """Breitbart (AP): "Hillary Clinton is seizing upon ... Clinton says it means Trump ...": the
    lone "Clinton" who speaks, as its own entity (an older extractor) or with none."""
    b = body("breitbart-2016-10-03-clinton-taxes.txt")
    lone = after(b, "Clinton", "Clinton says")
    entities = [Entity(id="e1", name="Hillary Clinton", type="PERSON", mentions=[mention(b, "Hillary Clinton")]),
                Entity(id="e2", name="Donald Trump", type="PERSON", mentions=[mention(b, "Donald Trump")])]
    if split_entity:
        entities.append(Entity(id="e3", name="Clinton", type="PERSON", mentions=[lone]))
    return article("breitbart-2016-10-03-clinton-taxes.txt", "Breitbart News", "2016-10-03", entities=entities,
                   sources=[Source(id="s1", name="Clinton", description="Clinton", named=True,
                                   entity="e3" if split_entity else None, mentions=[lone])])


def trump_nato() -> Analysis:
    """NYT: Donald J. Trump ... threatening to pull out of NATO if he is elected."""
    b = body("nyt-2016-06-07-trump-nato.txt")
    return article(
        "nyt-2016-06-07-trump-nato.txt", "The New York Times", "2016-06-07",
        entities=[Entity(id="e1", name="Donald J. Trump", type="PERSON", mentions=[mention(b, "Donald J. Trump")]),
                  Entity(id="e2", name="North Atlantic Treaty Organization", type="GOV", kb="Q7184",
                         aliases=["NATO"], mentions=[mention(b, "NATO")])],
        sources=[Source(id="s1", name="Donald J. Trump", description="Donald J. Trump", named=True, entity="e1",
                        mentions=[mention(b, "Donald J. Trump"), mention(b, "his remarks", "his")])],
        claims=[claim(b, "c1", "threatening to pull out of NATO if he is elected", source="s1", actor="e1",
                      action="RETREAT", target=["e2"], modality="threatened")])


def trump_bomb() -> Analysis:
    """USA Today: "... Donald Trump says he's "losing the war on terrorism," ..." and later
    "Trump vowed to "bomb the hell" out of the Islamic State"."""
    b = body("usa-today-2015-12-14-trump-bomb.txt")
    lone = after(b, "Trump", "Trump vowed")
    return article(
        "usa-today-2015-12-14-trump-bomb.txt", "USA Today", "2015-12-14",
        entities=[Entity(id="e1", name="Donald Trump", type="PERSON", mentions=[mention(b, "Donald Trump")]),
                  Entity(id="e2", name="Trump", type="PERSON", mentions=[lone]),
                  Entity(id="e3", name="Islamic State", type="GROUP", kb="Q2429253",
                         mentions=[after(b, "Islamic State", "Trump vowed")])],
        sources=[Source(id="s1", name="Donald Trump", description="Donald Trump", named=True, entity="e1",
                        mentions=[mention(b, "Donald Trump")]),
                 Source(id="s2", name="Trump", description="Trump", named=True, entity="e2", mentions=[lone])],
        claims=[claim(b, "c1", "Trump vowed to \"bomb the hell\" out of the Islamic State", source="s2", actor="e2",
                      action="ASSAULT", target=["e3"], modality="threatened")])


def american_official() -> Analysis:
    """NYT: "... said an American official who was briefed on the details of the encounter ..."."""
    b = body("nyt-2016-05-09-american-official.txt")
    return article(
        "nyt-2016-05-09-american-official.txt", "The New York Times", "2016-05-09",
        places=[Place(id="p1", name="United States", kind="country", country="US",
                      mentions=[after(b, "American", "said an American official")])],
        sources=[Source(id="s1", description="an American official", named=False, role="official",
                        affiliation="American", mentions=[mention(b, "an American official")])],
        claims=[claim(b, "c1", "Mr. Obama warned the Chinese leader, Xi Jinping, during their recent meeting in "
                      "Washington not to move on the Scarborough Shoal", source="s1", action="THREATEN",
                      modality="occurred")])


def american_officials() -> Analysis:
    """NYT: "American officials insist that they give no support to Nusra fighters ..."."""
    b = body("nyt-2016-09-06-american-officials.txt")
    return article(
        "nyt-2016-09-06-american-officials.txt", "The New York Times", "2016-09-06",
        sources=[Source(id="s1", description="American officials", named=False, role="official",
                        affiliation="American", mentions=[mention(b, "American officials")])],
        claims=[claim(b, "c1", "they give no support to Nusra fighters", source="s1", action="AID", negated=True,
                      modality="occurred")])


def us_officials_politico() -> Analysis:
    """Politico: "U.S. officials have, in fact, praised the Saudis for their help ..."."""
    b = body("politico-2016-05-19-us-officials.txt")
    return article(
        "politico-2016-05-19-us-officials.txt", "Politico", "2016-05-19",
        sources=[Source(id="s1", description="U.S. officials", named=False, role="official", affiliation="U.S.",
                        mentions=[mention(b, "U.S. officials")])],
        claims=[claim(b, "c1", "U.S. officials have, in fact, praised the Saudis", source="s1",
                      action="SUPPORT", modality="occurred")])


def us_officials_huffpost() -> Analysis:
    """HuffPost: "... U.S. officials have said they do not believe Mateen was assisted from abroad."."""
    b = body("huff-post-2016-06-16-us-officials.txt")
    return article(
        "huff-post-2016-06-16-us-officials.txt", "HuffPost", "2016-06-16",
        sources=[Source(id="s1", description="U.S. officials", named=False, role="official", affiliation="U.S.",
                        mentions=[mention(b, "U.S. officials")])],
        claims=[claim(b, "c1", "Mateen was assisted from abroad", source="s1", action="AID", negated=True,
                      modality="occurred")])


def all_excerpts() -> list[Analysis]:
    """Every excerpt's analysis, oldest first."""
    found = [clinton_race(), clinton_taxes(), trump_nato(), trump_bomb(), american_official(), american_officials(),
             us_officials_politico(), us_officials_huffpost()]
    return sorted(found, key=lambda a: a.published)
