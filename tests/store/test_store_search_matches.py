"""What a search hit shows for an actor or place filter (issue 19, item 15): `--actor ISIS` listed
articles whose claims left ISIS out, with nothing to say why they matched. A hit now lists the
claims the actor takes part in, as actor or as target, and when there are none, the mentions
that made it a hit, with the snippet taken around the first of them."""

from __future__ import annotations

import pytest

from support.search_corpus import commandos, corpus, dont_blame_bush, radio_ads


@pytest.fixture
def stored(store):
    store.save(corpus())
    return store


def listed(hits) -> dict[str, list[str]]:
    return {h.id: [c.id for c in h.claims] for h in hits}


def test_an_actor_filter_lists_the_claims_the_actor_is_the_target_of(stored):
    hits = stored.search(actor="ISIS")  # an alias of Islamic State
    assert listed(hits) == {dont_blame_bush().id: [], radio_ads().id: ["c1"], commandos().id: ["c1"]}
    assert listed(stored.search(actor="bush")) == {dont_blame_bush().id: ["c2"]}


def test_a_hit_with_no_claim_of_the_actor_shows_where_the_article_names_it(stored):
    bush = dont_blame_bush()
    (hit,) = [h for h in stored.search(actor="ISIS") if h.id == bush.id]
    assert [(m.name, m.text) for m in hit.mentions] == [("Islamic State", "ISIL")]
    assert bush.body[hit.mentions[0].start:hit.mentions[0].end] == "ISIL"
    assert "small ISIL to quickly" in hit.snippet and not hit.snippet.startswith("Attacks on")


def test_hits_whose_claims_matched_carry_no_mentions(stored):
    for hit in stored.search(actor="ISIS"):
        assert bool(hit.claims) != bool(hit.mentions), hit.id


@pytest.mark.parametrize("filters", [{"actor": "ISIS"}, {"actor": "Trump"}, {"actor": "Obama"}, {"actor": "Bush"},
                                     {"place": "Afghanistan"}, {"place": "SY"}, {"actor": "ISIS", "place": "IQ"}])
def test_every_hit_of_an_actor_or_place_filter_shows_what_matched(stored, filters):
    hits = stored.search(**filters)
    assert hits
    for hit in hits:
        assert hit.claims or hit.mentions, hit.id


def test_a_place_named_in_no_claim_is_shown_as_a_mention(stored):
    (hit,) = stored.search(place="AF")
    assert hit.claims == [] and [(m.name, m.text) for m in hit.mentions] == [("Afghanistan", "Afghanistan")]


def test_actor_and_place_must_hold_for_the_same_listed_claim(stored):
    assert listed(stored.search(actor="ISIS", place="SY")) == {commandos().id: ["c1"]}
    assert listed(stored.search(actor="Obama", place="IQ")) == {dont_blame_bush().id: ["c1"]}
    (hit,) = stored.search(actor="ISIS", place="IQ")  # named both, in no claim together
    assert hit.claims == [] and {m.name for m in hit.mentions} == {"Islamic State", "Iraq"}


def test_a_claim_filter_still_means_the_actor_acts(stored):
    assert stored.search(actor="ISIS", action="ASSAULT") == []  # only ever the target here
    assert listed(stored.search(actor="Trump", action="ASSAULT")) == {radio_ads().id: ["c1"]}
    assert listed(stored.search(actor="ISIS", modality="planned")) == {}
