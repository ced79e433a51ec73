"""Source identity across the store (issue 17, item 2): a named source is one source wherever
quoted, a lone surname after the full name joins it, an unnamed one is its outlet, role and
affiliation; the store keeps it per source row (migration 0011, backfilled for older stores) and
lists one row per identity. Hand-analysed real excerpts (tests/support/source_corpus.py), and the
six PolNeAR articles of tests/fixtures/polnear/corroboration through the real pipeline."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.model import Analysis, Entity, Source
from sitrep.pipeline import document_id
from sitrep.store import Store
from sitrep.store.migrate import _config
from sitrep.store.schema import SourceRow
from sitrep.store.source_identity import _Article, normalised_role, source_identities
from support.source_corpus import (all_excerpts, american_official, american_officials, clinton_race, clinton_taxes,
                                   trump_bomb, trump_nato, us_officials_huffpost, us_officials_politico)
from support.spans import mention

CORROBORATION = Path(__file__).resolve().parents[1] / "fixtures" / "polnear" / "corroboration"
OUTLETS = {"huff-post": "HuffPost", "west-journal": "Western Journalism"}
# breitbart_2016-09-30_the-latest-trump-urges-supporter (PolNeAR dev, AP): a lone "Trump", never named in full.
TWEETS = ("Trump took to Twitter overnight to accuse Clinton’s campaign of being “duped” by “a con” and "
          "encourage Americans to check out what he called Machado’s “sex tape.”")


def stored(store: Store) -> dict[tuple[str, str], str]:
    """(document id, source name or description) -> stored identity."""
    with Session(store.engine) as session:
        return {(d, n or description): i for d, n, description, i in session.execute(
            select(SourceRow.document_id, SourceRow.name, SourceRow.description, SourceRow.identity)
            .where(SourceRow.ref.is_not(None)))}


def identities(analysis: Analysis, entities: dict[str, str] | None = None) -> dict[str, str]:
    """Source name or description -> identity, with no entity identities from the store."""
    found = source_identities(analysis.model_dump(mode="json"), entities or {}, None)
    return {s.name or s.description: found[s.id] for s in analysis.sources}


def test_the_same_named_person_in_two_articles_is_one_source(db_url):
    race, taxes = clinton_race(), clinton_taxes()
    with Store(db_url) as store:
        store.save([race, taxes])
        ids = stored(store)
        [clinton] = [s for s in store.list_sources() if s.kind == "named"]
    assert ids[(race.id, "Hillary Clinton")] == ids[(taxes.id, "Clinton")] == "name:hillary clinton"
    assert (clinton.identity, clinton.name, clinton.articles, clinton.outlets) == (
        "name:hillary clinton", "Hillary Clinton", 2, 2)
    assert clinton.names == ["Clinton", "Hillary Clinton"]  # as the articles give it


def test_a_surname_after_the_full_name_joins_it():
    # the lone "Clinton" as the entity an older extractor split off, and with no entity at all
    assert identities(clinton_taxes(split_entity=True))["Clinton"] == "name:hillary clinton"
    assert identities(clinton_taxes(split_entity=False))["Clinton"] == "name:hillary clinton"
    assert identities(trump_bomb()) == {"Donald Trump": "name:donald trump", "Trump": "name:donald trump"}
    # a middle initial is not part of who he is; but it tells the two Presidents Bush apart
    assert identities(trump_nato()) == {"Donald J. Trump": "name:donald trump"}
    bush = trump_nato().model_copy(update={"entities": [], "sources": [
        Source(id="s1", name="George W. Bush", description="George W. Bush", named=True)]})
    assert identities(bush) == {"George W. Bush": "name:george w. bush"}


def test_a_surname_never_given_in_full_stays_apart():
    tweets = Analysis(id=document_id(TWEETS), input="tweets.txt", outlet="Breitbart News", body=TWEETS,
                      entities=[Entity(id="e1", name="Trump", type="PERSON", mentions=[mention(TWEETS, "Trump")])],
                      sources=[Source(id="s1", name="Trump", description="Trump", named=True, entity="e1",
                                      mentions=[mention(TWEETS, "Trump")])])
    assert identities(tweets) == {"Trump": "name:trump"}


def test_unnamed_officials_of_two_outlets_are_two_sources(db_url):
    politico, huffpost = us_officials_politico(), us_officials_huffpost()
    with Store(db_url) as store:
        store.save([politico, huffpost])
        ids = stored(store)
    assert ids[(politico.id, "U.S. officials")] == "anon:politico.com|official|united states"
    assert ids[(huffpost.id, "U.S. officials")] == "anon:huffpost.com|official|united states"


def test_the_same_role_and_affiliation_in_one_outlet_is_one_source(db_url):
    one, many = american_official(), american_officials()  # "an American official", "American officials"
    with Store(db_url) as store:
        store.save([one, many])
        ids = stored(store)
        listed = {s.identity: s for s in store.list_sources()}
    assert ids[(one.id, "an American official")] == ids[(many.id, "American officials")] \
        == "anon:nytimes.com|official|united states"
    official = listed["anon:nytimes.com|official|united states"]
    assert (official.kind, official.role, official.affiliation, official.outlet, official.articles, official.claims) \
        == ("unnamed", "official", "united states", "The New York Times", 2, 2)
    assert official.name in ("American officials (The New York Times)", "an American official (The New York Times)")


def test_affiliations_and_roles_are_written_one_way():
    article = _Article({"entities": [], "places": []}, {})
    assert {article.affiliation(a) for a in ("U.S.", "US", "American", "Americans", "the United States")} \
        == {"united states"}
    assert {article.affiliation(a) for a in ("GOP", "Republican", "Republicans")} == {"republican party"}
    assert article.affiliation("at the State Department") == article.affiliation("U.S. State Department") \
        == "us state department"  # the entity KB's name for both
    assert article.affiliation("Arab") == "arab"
    assert article.affiliation("Several") is None and article.affiliation("Former") is None  # sentence openers
    assert normalised_role("spokeswoman") == normalised_role("spokesman") == "spokesperson"
    assert normalised_role("campaign spokeswoman") == "campaign spokesperson"
    assert normalised_role("intelligence official") == "intelligence official"  # ranks and kinds stay apart


def test_an_outlets_own_voice_is_a_source_of_its_claims(db_url):
    with Store(db_url) as store:
        store.save(all_excerpts())
        listed = {s.identity: s for s in store.list_sources()}
    assert "own:washingtonpost.com" not in listed  # the Post's excerpt makes no claim in its own voice
    assert all(s.kind == "named" for i, s in listed.items() if i.startswith("name:"))
    trump = listed["name:donald trump"]
    assert (trump.articles, trump.outlets, trump.claims) == (2, 2, 2)


def test_a_store_built_before_gets_its_sources_on_upgrade(db_url, capsys):
    with Store(db_url) as store:
        store.save(all_excerpts())
        before = stored(store)
        listed = [s.model_dump() for s in store.list_sources()]
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0010")
    capsys.readouterr()
    with Store(db_url) as upgraded:
        assert "upgrading the store" in capsys.readouterr().err
        assert stored(upgraded) == before and len(before) == 9
        assert [s.model_dump() for s in upgraded.list_sources()] == listed


@pytest.fixture(scope="module")
def coverage(nlp) -> list[Analysis]:
    """HuffPost and Western Journalism on the same three stories, through the real pipeline."""
    from sitrep.dates import parse_date
    from sitrep.documents import RawDocument
    from sitrep.pipeline import analyze_raw_documents

    with (CORROBORATION / "metadata.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return list(analyze_raw_documents([
        RawDocument(input=row["filename"], text=(CORROBORATION / f"{row['filename']}.txt").read_text(encoding="utf-8"),
                    title=row["title"], outlet=OUTLETS[row["publisher"]], published=parse_date(row["publication_date"]))
        for row in rows]))


def test_people_quoted_by_both_outlets_are_one_source_each(db_url, coverage):
    with Store(db_url) as store:
        store.save(coverage)
        listed = {s.identity: s for s in store.list_sources()}
    for identity in ("name:hillary clinton", "name:paul ryan", "name:anthony weiner"):
        assert (listed[identity].articles, listed[identity].outlets) == (2, 2), identity
    # Trump speaks in three of the articles ("On Sunday, Trump went on the offensive. / “She just made
    # it up,” he said" in HuffPost's ISIS piece too), in both outlets
    assert (listed["name:donald trump"].articles, listed["name:donald trump"].outlets) == (3, 2)
    assert not any(s.identity in ("name:trump", "name:clinton", "name:ryan", "name:weiner") for s in listed.values())
