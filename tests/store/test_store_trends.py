"""Claims over time per actor, action, country and source (Store.trends, store/trends.py), on each
backend: the counts agree with the desk's own claim cards under the same filters, a trend costs
three statements, and the brief's look-up by actor names finds them in any case."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event

from sitrep.store import DIMENSIONS, Filters
from sitrep.store.schema import name_key

FILTERS = [Filters(), Filters.build(modality="occurred"), Filters.build(place="SY"),
           Filters.build(since="2017-01-01", until="2019-12-31"), Filters.build(actor="Erdogan")]


def card_keys(card, by: str) -> list[str]:
    """What the desk's card says a claim is counted under along `by`."""
    return {"actor": [name_key(card.actor)] if card.actor else [], "action": [card.action],
            "country": card.countries, "source": [card.source_key] if card.source_key else []}[by]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: str({k: v for k, v in vars(f).items() if v}))
def test_trends_count_what_the_cards_show(filled, filters):
    cards = [c for c in filled.claim_cards(filters, limit=500) if c.published]
    assert cards or filters.actor is None
    for by in DIMENSIONS:
        found = filled.trends(filters, by, top=50)
        assert found.days == filled.claims_per_day(filters)
        expected = Counter(key for c in cards for key in card_keys(c, by))
        assert {s.key: s.total for s in found.series} == dict(expected) and found.keys == len(expected)
        for series in found.series:
            days = Counter(c.published for c in cards if series.key in card_keys(c, by))
            assert series.days == sorted(days.items()) and sum(n for _, n in series.days) == series.total
        assert [s.total for s in found.series] == sorted((s.total for s in found.series), reverse=True)


def test_series_are_named_for_people(filled):
    actors = {s.key: s.name for s in filled.trends(by="actor").series}
    assert actors["recep tayyip erdogan"] == "Recep Tayyip Erdogan"
    sources = {s.key: s.name for s in filled.trends(by="source").series}
    assert sources["unnamed:reuters:a nato official"] == "a NATO official (Reuters)"
    assert sources["outlet:associated press"] == "Associated Press (own voice)"
    assert {s.key for s in filled.trends(by="country").series} == {"RU", "US", "SY", "LT", "TR"}


def test_top_keeps_the_most_claimed_and_counts_the_rest(filled):
    found = filled.trends(by="action", top=1)
    assert [(s.key, s.total) for s in found.series] == [("MOBILIZE", 2)] and found.keys == 4


def test_names_pick_actors_in_any_case_however_few_their_claims(filled):
    found = filled.trends(by="actor", names=["RECEP TAYYIP ERDOGAN", "Islamic  State", "Nobody"])
    assert sorted((s.key, s.total) for s in found.series) == [("islamic state", 2), ("recep tayyip erdogan", 1)]
    assert filled.trends(Filters.build(since="2030-01-01"), "actor").series == []
    countries = filled.trends(by="country", names=["SY", "LT", "FR"])
    assert sorted((s.key, s.total) for s in countries.series) == [("LT", 1), ("SY", 1)] and countries.keys == 2


def test_a_trend_costs_at_most_three_statements(filled):
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        if statement.strip().upper() != "BEGIN":
            statements.append(statement)

    event.listen(filled.engine, "before_cursor_execute", listener)
    try:
        for by in DIMENSIONS:
            statements.clear()
            filled.trends(Filters.build(place="SY"), by)
            assert len(statements) == (2 if by == "action" else 3), (by, statements)
        statements.clear()
        filled.trends(by="actor", names=["Islamic State", "NATO"])  # the brief's sparklines: no ranking
        assert len(statements) == 2
    finally:
        event.remove(filled.engine, "before_cursor_execute", listener)
