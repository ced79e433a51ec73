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
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from sitrep.corpus.corroboration import MODALITY_CLASS, WINDOW_DAYS
from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.model import Analysis
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Filters, Store, named_claims, source_title
from sitrep.store import corroborate
from sitrep.store.correction_tables import WrongClaimRow
from sitrep.store.edits import replace_document
from sitrep.store.schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow, SourceRow
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


def _is_iso_day(time: str) -> bool:
    return len(time) == 10 and time[4] == "-" and time[7] == "-"


def supports_by_the_rule(store: Store, actor_matters: bool = True) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Each stored claim's same claims by corroboration's rule (store/corroborate.py, issue 15),
    worked out here from the rows, with the article's date and originality read from the
    documents (not the copies of them the claims carry): same action, actor key, negation and
    modality class; a shared target (country, or name when no country) or else a place in the
    same country or else neither and the same event word; compatible days; within the window;
    originals only, never a claim marked wrong; the claim itself always. (Without `actor_matters`,
    whatever the actor: which claims a merge of their actors would make the same.)"""
    with Session(store.engine) as session:
        rows = session.execute(select(ClaimRow.pk, ClaimRow.document_id, ClaimRow.ref, ClaimRow.action,
                                      ClaimRow.modality, ClaimRow.negated, ClaimRow.actor_key, ClaimRow.place_country,
                                      ClaimRow.trigger_key, ClaimRow.time, DocumentRow.published,
                                      DocumentRow.copy_of).join(DocumentRow)).all()
        targets: dict[int, list[tuple]] = {row.pk: [] for row in rows}
        for pk, country, key in session.execute(select(ClaimTargetRow.claim_pk, ClaimTargetRow.country,
                                                       ClaimTargetRow.key)):
            targets[pk].append((country, key))
        wrong = set(session.scalars(select(WrongClaimRow.claim_pk)))
    window = dt.timedelta(days=WINDOW_DAYS)

    def same(claim, other) -> bool:
        if (other.copy_of is not None or other.pk in wrong or (other.action, other.negated) !=
                (claim.action, claim.negated) or (actor_matters and other.actor_key != claim.actor_key)
                or MODALITY_CLASS[other.modality] != MODALITY_CLASS[claim.modality]):
            return False
        if targets[claim.pk]:
            countries = {country for country, _ in targets[claim.pk] if country}
            keys = {key for country, key in targets[claim.pk] if not country and key}
            if not any(country in countries or key in keys for country, key in targets[other.pk]):
                return False
        elif claim.place_country:
            if other.place_country != claim.place_country:
                return False
        elif other.place_country or targets[other.pk] or not (
                other.trigger_key == claim.trigger_key if claim.trigger_key else other.pk == claim.pk):
            return False
        if claim.time and _is_iso_day(claim.time) and other.time and _is_iso_day(other.time):
            if other.time != claim.time:
                return False
        return not claim.published or (other.published is not None
                                       and abs(other.published - claim.published) <= window)

    return {(claim.document_id, claim.ref): {(o.document_id, o.ref) for o in rows if same(claim, o)}
            | {(claim.document_id, claim.ref)} for claim in rows}


def assert_support_follows_the_rule(store: Store) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Every claim's support (each claim asked, and each card of a page) is the rule's; the rule's."""
    expected = supports_by_the_rule(store)
    found = store.corroborations(expected)
    assert {pair: {(s.document_id, s.claim) for s in support.supports} for pair, support in found.items()} == {
        pair: supports for pair, supports in expected.items() if pair in found}
    for card in store.claim_cards(limit=None):
        assert card.outlets == found[(card.document_id, card.claim)].outlets
        assert card.sources == found[(card.document_id, card.claim)].sources
    return expected


def test_support_read_by_event_is_the_rules_through_copies_a_merge_a_claim_marked_wrong_and_undo(desk, reports):
    """Corroboration finds the same event's claims by the date and originality each claim carries
    (migration 0017): what it finds is what the rule finds from the documents, on a store with
    copies, after an analyst merges two actors and marks a supporting claim wrong, and after undo."""
    assert any(desk.copy_of(a.id) for a in reports), "the second reports hold copies"
    before = assert_support_follows_the_rule(desk)
    assert sum(len(s) > 1 for s in before.values()) >= 20
    actor = {(c.document_id, c.claim): c.actor for c in desk.claim_cards(limit=None)}
    alike = supports_by_the_rule(desk, actor_matters=False)  # two actors of claims otherwise the same
    first, second = next((actor[pair], actor[other]) for pair in sorted(alike) for other in sorted(alike[pair])
                         if pair in actor and other in actor and None not in (actor[pair], actor[other])
                         and actor[pair] != actor[other])
    merge = desk.corrections.merge(second, first, analyst="ana")
    merged = assert_support_follows_the_rule(desk)
    assert merged != before, "one actor now: more of their claims are the same claim"
    supported = next(pair for pair, supports in merged.items() if len(supports) > 1)
    other = sorted(merged[supported] - {supported})[0]
    wrong = desk.corrections.mark_wrong(*other, analyst="ana", reason="misread")
    marked = assert_support_follows_the_rule(desk)
    assert other not in marked[supported], "a claim marked wrong supports nothing"
    desk.corrections.undo(wrong.id, analyst="ana")
    desk.corrections.undo(merge.id, analyst="ana")
    assert assert_support_follows_the_rule(desk) == before


def test_rows_carry_their_articles_date_and_originality_through_copies_and_an_edit(desk, reports):
    """What claims.published and the claims', entities' and sources' `original` copy stays what
    the documents say: for copies, and when an article is edited in place (store/edits.py, as
    `sitrep watch` does)."""
    def disagreeing() -> list:
        with Session(desk.engine) as session:
            claims = session.execute(select(ClaimRow.pk).join(DocumentRow).where(or_(
                ClaimRow.published.is_distinct_from(DocumentRow.published),
                ClaimRow.original.is_distinct_from(DocumentRow.copy_of.is_(None))))).all()
            return claims + [row for table in (EntityRow, SourceRow) for row in session.execute(
                select(table.pk).join(DocumentRow, DocumentRow.id == table.document_id)
                .where(table.original.is_distinct_from(DocumentRow.copy_of.is_(None))))]

    assert disagreeing() == []
    copied = next(a for a in reports if desk.copy_of(a.id))
    original = desk.get(desk.copy_of(copied.id))
    edited = original.model_copy(update={"published": original.published + dt.timedelta(days=3)})
    with Session(desk.engine) as session, session.begin():
        assert replace_document(session, edited) is not None
    assert desk.copy_of(copied.id) == original.id and disagreeing() == []
    assert {c.published for c in desk.claim_cards(limit=None) if c.document_id == original.id} == {edited.published}
    assert_support_follows_the_rule(desk)
