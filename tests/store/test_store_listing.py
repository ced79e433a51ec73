"""The desk's lists as the store gives them (store/desk.py, sources.py, listing.py): each count is
the true total behind the pages, walking the pages by offset meets every item once, the name
filter and the sorts mean what they say, and a count is one statement.

Hand-annotated analyses of real paragraphs (support/realtext.py) name a known set of entities
and sources, a few of them in several articles, plus a copy of one article naming someone no
original does (a copy is never listed: its original speaks for it). Names are picked so that a
locale's collation would order them otherwise than code points do ("De Zoete Bank" before "Dean
Baquet"), and one holds a "%", which a name filter must take literally.
"""

from __future__ import annotations

from typing import Callable

import pytest
from sqlalchemy import event

from sitrep.model import Analysis, Claim, Entity, Source
from sitrep.pipeline import document_id
from sitrep.store import ENTITY_SORTS, SOURCE_SORTS, STORY_SORTS, Store
from support.realtext import paragraphs

NATO = ("North Atlantic Treaty Organization", "ORG", ["NATO"])
ISLAMIC_STATE = ("Islamic State", "GROUP", ["ISIS"])
# Each original article: (its entities (name, type, aliases), its named sources).
ARTICLES = [
    ([NATO, ("Jens Stoltenberg", "PERSON", []), ("The Associated Press", "OUTLET", [])], ["Jens Stoltenberg"]),
    ([NATO, ("Staffan de Mistura", "PERSON", []), ("Dean Baquet", "PERSON", [])], ["Dean Baquet"]),
    ([ISLAMIC_STATE, ("Jens Stoltenberg", "PERSON", [])], ["Jens Stoltenberg"]),
    ([ISLAMIC_STATE, NATO, ("Zbigniew Brzezinski", "PERSON", [])], ["Zbigniew Brzezinski"]),
    ([("United Nations", "ORG", ["UN"]), ("Staffan de Mistura", "PERSON", [])], ["Staffan de Mistura"]),
    ([("100% Agency", "ORG", []), ("De Zoete Bank", "ORG", [])], []),
]
# The entities of the originals as the list shows them by name: casefolded, a leading "The" aside.
BY_NAME = ["100% Agency", "The Associated Press", "De Zoete Bank", "Dean Baquet", "Islamic State", "Jens Stoltenberg",
           "North Atlantic Treaty Organization", "Staffan de Mistura", "United Nations", "Zbigniew Brzezinski"]
# The sources by name: the named ones, and the NATO official the first two articles quote.
SOURCES_BY_NAME = ["a NATO official (Reuters)", "Dean Baquet", "Jens Stoltenberg", "Staffan de Mistura",
                   "Zbigniew Brzezinski"]
COPY_ONLY = "Copy Only Person"
PAGE = 3


def article(n: int, entities, sourced: list[str]) -> Analysis:
    """Original article n: a real paragraph naming `entities`, quoting `sourced`, and (the first
    two) an anonymous NATO official; each source bears one claim."""
    body = paragraphs()[n]
    sources = [Source(id=f"s{i + 1}", name=name, description=name, named=True) for i, name in enumerate(sourced)]
    if n < 2:
        sources.append(Source(id="s9", description="a NATO official", named=False, role="official",
                              affiliation="NATO"))
    claims = [Claim(id=f"c{i + 1}", text=body[:20], start=0, end=20, source=s.id, action="CONSULT",
                    modality="occurred") for i, s in enumerate(sources)]
    return Analysis(
        id=document_id(body), input=f"a{n}.txt", outlet="Reuters", title=f"Report {n}: {body[:40]}",
        published=f"2016-0{n + 1}-15", body=body,
        entities=[Entity(id=f"e{i + 1}", name=name, type=kind, aliases=aliases)
                  for i, (name, kind, aliases) in enumerate(entities)],
        sources=sources, claims=claims)


@pytest.fixture
def listed(db_url) -> Store:
    """A store holding the ARTICLES and a copy of the first naming COPY_ONLY too."""
    originals = [article(n, entities, sourced) for n, (entities, sourced) in enumerate(ARTICLES)]
    first = originals[0]
    body = first.body + " Photo: Reuters staff in Brussels."
    copy = first.model_copy(update={"id": document_id(body), "body": body, "entities": [
        *first.entities, Entity(id="e9", name=COPY_ONLY, type="PERSON")]})
    with Store(db_url) as store:
        store.save([*originals, copy])
        assert store.copy_of(copy.id) == first.id
        yield store


def walk(page: Callable[[int, int], list]) -> list:
    """Every item of a list, read PAGE at a time by offset until a page comes back empty."""
    seen, offset = [], 0
    while items := page(PAGE, offset):
        assert len(items) <= PAGE
        seen += items
        offset += PAGE
    return seen


def test_the_entity_count_is_the_total_behind_every_page_in_every_sort(listed):
    assert listed.count_entities() == len(BY_NAME)
    for sort in ENTITY_SORTS:
        walked = walk(lambda limit, offset: listed.list_entities(limit, offset, sort=sort))
        assert walked == listed.list_entities(1000, sort=sort)
        assert len(walked) == len({e.key for e in walked}) == listed.count_entities()
    assert COPY_ONLY not in [e.name for e in listed.list_entities(1000)]


def test_entities_sort_by_articles_or_by_name(listed):
    by_articles = listed.list_entities(1000)
    assert by_articles[0].name == NATO[0] and by_articles[0].articles == 3  # the copy does not count
    assert [e.articles for e in by_articles] == sorted((e.articles for e in by_articles), reverse=True)
    assert [e.name for e in listed.list_entities(1000, sort="name")] == BY_NAME
    assert [e.name for e in listed.list_entities(4, 4, sort="name")] == BY_NAME[4:8]
    with pytest.raises(ValueError, match="sort must be one of articles, name"):
        listed.list_entities(sort="popularity")  # type: ignore[arg-type]


def test_the_entity_name_filter_matches_names_and_aliases_in_any_case(listed):
    for asked, expected in [("nato", [NATO[0]]), ("STOLTENBERG", ["Jens Stoltenberg"]),
                            ("de", ["De Zoete Bank", "Dean Baquet", "Staffan de Mistura"]), ("100%", ["100% Agency"]),
                            ("%", ["100% Agency"]), ("_", []), (COPY_ONLY, []), ("  ", BY_NAME)]:
        found = [e.name for e in listed.list_entities(1000, name=asked, sort="name")]
        assert found == expected, asked
        assert listed.count_entities(name=asked) == len(expected), asked
    assert [e.name for e in listed.list_entities(1, 1, name="e", sort="name")] == ["The Associated Press"]


def test_the_source_count_is_the_total_behind_every_page_in_every_sort(listed):
    assert listed.count_sources() == len(SOURCES_BY_NAME)
    for sort in SOURCE_SORTS:
        walked = walk(lambda limit, offset: listed.list_sources(limit, offset, sort=sort))
        assert walked == listed.list_sources(1000, sort=sort)
        assert len({s.identity for s in walked}) == len(walked) == listed.count_sources()
    assert [s.name for s in listed.list_sources(1000, sort="name")] == SOURCES_BY_NAME
    by_claims = listed.list_sources(1000)
    assert (by_claims[0].name, by_claims[0].claims) == ("a NATO official (Reuters)", 2)
    by_articles = listed.list_sources(1000, sort="articles")
    assert [s.articles for s in by_articles] == [2, 2, 1, 1, 1]  # the official and Stoltenberg: two articles each
    assert [s.name for s in listed.list_sources(1000, name="NATO")] == ["a NATO official (Reuters)"]
    assert listed.count_sources(name="nato") == 1 and listed.count_sources(name="%") == 0


def test_the_story_count_is_the_total_behind_every_page_in_every_sort(listed):
    stories = {a.story_id for a in listed.list_articles(limit=1000)}
    assert listed.count_stories() == len(stories)
    for sort in STORY_SORTS:
        walked = walk(lambda limit, offset: listed.list_stories(limit, offset, sort=sort))
        assert walked == listed.list_stories(1000, sort=sort)
        assert {s.id for s in walked} == stories and len(walked) == listed.count_stories()
    titles = [s.title for s in listed.list_stories(1000, sort="name")]
    assert titles == sorted(titles, key=str.lower)
    recent = [s.last_published for s in listed.list_stories(1000)]
    assert recent == sorted(recent, reverse=True)
    assert [s.title for s in listed.list_stories(1000, title="REPORT 4")] == [titles[4]]
    assert listed.count_stories(title="report 4") == 1 and listed.count_stories(title="%") == 0


def test_the_place_count_is_the_total_behind_every_page(store, corpus):
    store.save(corpus)
    walked = walk(lambda limit, offset: store.list_places(limit=limit, offset=offset))
    assert walked == store.list_places(limit=1000) and len(walked) == store.count_places()
    assert store.count_places("sy") == len(store.list_places("SY")) == 1


def test_each_count_is_one_statement(listed):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper() != "BEGIN":
            seen.append(statement)

    event.listen(listed.engine, "before_cursor_execute", record)
    for count in (listed.count_entities, listed.count_sources, listed.count_stories, listed.count_places):
        seen.clear()
        count()
        assert len(seen) == 1, seen
    seen.clear()
    assert listed.count_entities(name="nato") == 1 and len(seen) == 1
