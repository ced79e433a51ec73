"""The analyst's desk as Store methods (store/desk.py): claim cards with their corroboration,
claims per day and per country, and the entity, place, source and story lists.

The store holds what the pipeline makes of real paragraphs (support/realtext.py: PolNeAR,
LGL and GeoWebNews sentences, tests/fixtures/PROVENANCE.md), each in one outlet on one day,
and a second report of some of them by another outlet (the paragraph with another one after
it, as a wire story is run with local copy), so many claims are corroborated. The cards are
checked against the stored analyses themselves and against the one-claim corroboration, and
a page of cards is shown to cost the same few statements whatever its size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import event

from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.model import Analysis
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Filters, Store, named_claims, source_title
from sitrep.store import corroborate
from support.realtext import paragraphs

OUTLETS = ["Reuters", "Associated Press", "BBC", None, "Breitbart News", "Politico"]
SECOND = ["Al Jazeera", "NBC News", None]
FIRST_DAY = dt.date(2016, 9, 1)


@pytest.fixture(scope="module")
def reports(nlp) -> list[Analysis]:
    """Analyses of 40 real paragraphs that hold claims, and of 20 second reports of them."""
    texts = paragraphs()
    raws = [RawDocument(input=f"p{i}.txt", text=text, outlet=OUTLETS[i % len(OUTLETS)],
                        published=FIRST_DAY + dt.timedelta(days=i % 9)) for i, text in enumerate(texts[:90])]
    first = [a for a in analyze_raw_documents(raws) if not isinstance(a, InputError) and a.claims][:40]
    assert len(first) == 40
    again = [RawDocument(input=f"again-{i}.txt", text=f"{a.body}\n\n{texts[-1 - i]}", outlet=SECOND[i % len(SECOND)],
                         published=a.published + dt.timedelta(days=i % 2)) for i, a in enumerate(first[:20])]
    second = [a for a in analyze_raw_documents(again) if not isinstance(a, InputError)]
    assert len(second) == 20
    return first + second


@pytest.fixture
def desk(db_url, reports) -> Store:
    with Store(db_url) as store:
        store.save(reports)
        yield store


def statements(store: Store) -> list[str]:
    """The SQL statements the store runs from now on (BEGIN left out), as a growing list."""
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _record(conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper() != "BEGIN":
            seen.append(statement)

    return seen


def test_a_card_shows_its_stored_claim_and_the_claims_corroboration(desk, reports):
    cards = desk.claim_cards(limit=500)
    originals = {a.id: a for a in reports if desk.copy_of(a.id) is None}
    assert len(cards) == sum(len(a.claims) for a in originals.values())
    assert [(c.published, c.document_id) for c in cards] == sorted(
        ((c.published, c.document_id) for c in cards), key=lambda k: (-k[0].toordinal(), k[1]))
    for card in cards:
        analysis = originals[card.document_id]
        claim = next(c for c in named_claims(analysis) if c.id == card.claim)
        places = {p.id: p.country for p in analysis.places if p.country}
        countries = [places[t] for t in claim.target if t in places] or (
            [places[claim.place]] if claim.place in places else [])
        source = next((s for s in analysis.sources if s.id == claim.source), None)
        assert (card.text, card.actor, card.action, card.negated, card.targets, card.place, card.modality,
                card.band, card.cue, card.source, card.source_named, card.countries) == (
            claim.text, claim.actor_name, claim.action, claim.negated, claim.target_names, claim.place_name,
            claim.modality, claim.certainty.band, claim.certainty.cue, claim.source_name,
            source.named if source else None, list(dict.fromkeys(countries)))
        assert (card.title, card.outlet, card.published) == (analysis.title, analysis.outlet, analysis.published)
        alone = desk.corroboration(card.document_id, card.claim)
        assert (card.outlets, card.sources, card.single_source) == (alone.outlets, alone.sources, alone.single_source)
    assert sum(c.outlets > 1 for c in cards) >= 20, "the second reports corroborate the first"


# What the contradiction of a page reads of the candidates it found: targets, words, names.
CANDIDATE_STATEMENTS = 3


def test_corroboration_for_a_page_of_cards_is_batched(desk):
    seen = statements(desk)
    few = desk.claim_cards(limit=5)
    for_few = len(seen)
    seen.clear()
    many = desk.claim_cards(limit=100)
    assert len(many) > 50 and many[:5] == few
    # the page, its named claims, its targets, the same claims of every card, the candidates that
    # may contradict them (store/contradict.py), and for the candidates found their targets, words
    # and (for denials) their articles' names: not a statement per card
    assert 5 <= for_few <= len(seen) <= 5 + CANDIDATE_STATEMENTS, seen
    seen.clear()
    supports = desk.corroborations((c.document_id, c.claim) for c in many)
    # the claims, their targets, their same claims, what may contradict them (and its facts)
    assert len(supports) == len(many) and 4 <= len(seen) <= 4 + CANDIDATE_STATEMENTS


def test_a_page_larger_than_a_batch_asks_once_per_batch_and_says_the_same(desk, monkeypatch):
    everything = desk.claim_cards(limit=500)
    monkeypatch.setattr(corroborate, "SUPPORT_BATCH", 7)
    seen = statements(desk)
    assert desk.claim_cards(limit=500) == everything
    batches = -(-len(everything) // 7)
    # support: one statement a batch; contradiction: one a batch that has anything to ask
    assert 3 + batches <= len(seen) <= 3 + 2 * batches + CANDIDATE_STATEMENTS


def test_cards_of_a_source_and_of_a_story(desk):
    listed = desk.list_sources(limit=500)  # one row per source identity (store/source_identity.py)
    everything = desk.claim_cards(limit=500)
    assert listed and sum(s.claims for s in listed) == len(everything)
    for source in listed:
        cards = desk.claim_cards(source=source.key, limit=500)
        assert len(cards) == source.claims and len({c.document_id for c in cards}) <= source.articles
    for card in everything:  # a card's corroboration key still finds the claims resting on it
        cards = desk.claim_cards(source=card.source_key, limit=500)
        assert (card.document_id, card.claim) in {(c.document_id, c.claim) for c in cards}
        assert source_title(card.source_key, cards[0].source, cards[0].outlet)
    stories = desk.list_stories(limit=500)
    assert stories and desk.story(stories[0].id) == stories[0]
    for story in stories:
        articles = desk.story_articles(story.id)
        assert len(articles) == story.documents
        originals = {a.id for a in articles if a.copy_of is None}
        cards = desk.claim_cards(story=story.id, limit=500)
        assert {c.document_id for c in cards} <= originals
        assert len(cards) == sum(a.claims for a in articles if a.copy_of is None)
    assert desk.story("no-such-story") is None and desk.story_articles("no-such-story") == []
    assert desk.claim_cards(story="no-such-story") == [] and desk.claim_cards(source="no-such-source") == []


def test_claims_per_day_and_per_country_count_the_cards(desk):
    for filters in (Filters(), Filters.build(modality="occurred"), Filters.build(place="US"),
                    Filters.build(since="2016-09-03", until="2016-09-06")):
        cards = desk.claim_cards(filters, limit=500)
        assert desk.claims_per_day(filters) == sorted(Counter(c.published for c in cards).items())
        assert desk.claims_per_country(filters) == Counter(code for c in cards for code in c.countries)
    assert desk.claim_cards(Filters.build(place="US"), limit=500)


def test_the_entity_and_place_lists_count_original_articles(desk, reports):
    originals = [a for a in reports if desk.copy_of(a.id) is None]
    entities = desk.list_entities(limit=1000)
    assert entities and [e.articles for e in entities] == sorted((e.articles for e in entities), reverse=True)
    assert desk.list_entities(limit=3, offset=2) == entities[2:5]
    places = desk.list_places(limit=1000)
    expected: Counter = Counter()
    for analysis in originals:
        expected.update({(" ".join(p.name.split()).casefold(), p.country.upper() if p.country else None)
                         for p in analysis.places})
    assert {(p.key, p.country): p.articles for p in places} == dict(expected)
    us = desk.list_places(country="us")
    assert us and us == [p for p in places if p.country == "US"]
