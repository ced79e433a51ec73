"""Entity identity across the store (issue 19, item 13): entities join by KB id, else by their
normalised full name, and a lone name joins the full name its own article introduced before
it; the store's entity list shows one row per identity. Stored analyses are written by hand
on real sentences (PolNeAR dev, as cited), the way an older extractor split their entities."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.model import Analysis, Entity
from sitrep.pipeline import document_id
from sitrep.store import Store
from sitrep.store.linking import identity_key, normalised_name
from sitrep.store.migrate import _config
from sitrep.store.schema import EntityRow
from support.spans import mention

# breitbart_2016-10-03_the-latest-trump-s-leaked-taxes- (AP): "Clinton" and "Trump" after the full names.
TAX = ("Hillary Clinton is seizing upon a New York Times report that Donald Trump had a net loss of "
       "more than $915 million in 1995. Clinton says it means Trump “may not have paid a dime” in "
       "federal income taxes for nearly two decades.")
# politico_2016-09-25_poll-clinton-and-trump-in-dead-h: the typo is the outlet's.
POLL = ("HIllary Clinton and Donald Trump are virtually tied heading into their first debate, according "
        "to a new Washington Post-ABC News national poll.")
# breitbart_2016-09-30_the-latest-trump-urges-supporter (AP): a lone "Trump", "Twitter" as a person.
TWEETS = ("Trump took to Twitter overnight to accuse Clinton’s campaign of being “duped” by “a con” and "
          "encourage Americans to check out what he called Machado’s “sex tape.”")
# nyt_2016-09-19_obama-sees-personal-insult-if-bl: "Mr. Obama" is used before the first lady's full name.
OBAMA = ("The Clinton campaign plans to employ Mr. Obama and the first lady, Michelle Obama, as much as "
         "possible in the coming weeks, making particular use of the couple in Florida, Ohio and North "
         "Carolina - in areas of those states that Mr. Obama won handily in 2008 and 2012.")


def later(body: str, text: str):
    """The last mention of `text` in `body`."""
    start = body.rindex(text)
    return mention(body[:start].replace(text, "#" * len(text)) + body[start:], text)


def article(body: str, entities: list[Entity], title: str = "") -> Analysis:
    return Analysis(id=document_id(body), input="excerpt.txt", title=title or None, body=body,
                    entities=entities)


def stored_analyses() -> list[Analysis]:
    tax = article(TAX, [
        Entity(id="e1", name="Hillary Clinton", type="PERSON", mentions=[mention(TAX, "Hillary Clinton")]),
        Entity(id="e2", name="Donald Trump", type="PERSON", mentions=[mention(TAX, "Donald Trump")]),
        Entity(id="e3", name="Clinton", type="PERSON", mentions=[later(TAX, "Clinton")]),
        Entity(id="e4", name="Trump", type="ORG", mentions=[later(TAX, "Trump")]),
    ])
    poll = article(POLL, [
        Entity(id="e1", name="HIllary Clinton", type="PERSON", mentions=[mention(POLL, "HIllary Clinton")]),
        Entity(id="e2", name="Donald Trump", type="PERSON", mentions=[mention(POLL, "Donald Trump")]),
    ])
    tweets = article(TWEETS, [
        Entity(id="e1", name="Trump", type="PERSON", mentions=[mention(TWEETS, "Trump")]),
        Entity(id="e2", name="Twitter", type="PERSON", mentions=[mention(TWEETS, "Twitter")]),
    ])
    obama = article(OBAMA, [
        Entity(id="e1", name="Obama", type="PERSON", mentions=[mention(OBAMA, "Obama"), later(OBAMA, "Obama")]),
        Entity(id="e2", name="Michelle Obama", type="PERSON", mentions=[mention(OBAMA, "Michelle Obama")]),
    ])
    return [tax, poll, tweets, obama]


def identities(store: Store) -> dict[tuple[str, str], str]:
    """(document id, entity name) -> stored identity."""
    with Session(store.engine) as session:
        return {(d, n): i for d, n, i in session.execute(
            select(EntityRow.document_id, EntityRow.name, EntityRow.identity))}


def test_names_normalise_case_marks_article_and_courtesy_titles():
    assert normalised_name("HIllary  Clinton") == normalised_name("Hillary Clinton") == "hillary clinton"
    assert normalised_name("The Washington Post’s") == "washington post"
    assert normalised_name("Mr. Obama") == "obama"
    assert identity_key("Twitter") == identity_key("Twitter", "Q918") == "kb:Q918"
    assert identity_key("Obama") != identity_key("Barack Obama")


def test_lone_names_join_the_full_name_their_article_introduced_before(db_url):
    analyses = stored_analyses()
    tax, poll, tweets, obama = (a.id for a in analyses)
    with Store(db_url) as store:
        store.save(analyses)
        found = identities(store)
    assert found[(tax, "Trump")] == found[(tax, "Donald Trump")] == found[(poll, "Donald Trump")]
    assert found[(tax, "Clinton")] == found[(poll, "HIllary Clinton")] == "name:hillary clinton"
    assert found[(tweets, "Trump")] == "name:trump"  # its article names no Donald Trump
    assert found[(tweets, "Twitter")] == "kb:Q918"
    assert found[(obama, "Obama")] == "name:obama" != found[(obama, "Michelle Obama")]


def test_the_entity_list_has_one_row_per_identity_named_and_typed_by_most(db_url):
    with Store(db_url) as store:
        store.save(stored_analyses())
        listed = {(n.name, n.kind): n.articles for n in store.list_entities()}
    assert listed[("Donald Trump", "PERSON")] == 2
    clintons = [(name, n) for (name, _), n in listed.items() if "clinton" in name.casefold()]
    assert len(clintons) == 1 and clintons[0][1] == 2 and clintons[0][0] != "Clinton"
    assert ("Trump", "ORG") not in listed and listed[("Trump", "PERSON")] == 1
    assert listed[("Obama", "PERSON")] == 1 and listed[("Michelle Obama", "PERSON")] == 1
    assert listed[("Twitter", "PERSON")] == 1  # as that analysis typed it; the KB id is its identity


def test_a_0006_store_gets_the_identities_on_upgrade(db_url):
    with Store(db_url) as store:
        store.save(stored_analyses())
        before = identities(store)
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0006")
    with Store(db_url) as upgraded:
        assert identities(upgraded) == before
