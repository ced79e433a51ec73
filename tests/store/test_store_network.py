"""Who acts on whom (Store.network, store/network.py) and the `target` filter it links through.

Two stores: the hand-annotated corpus (conftest.py), whose every claim is known, so the edges
it must give are read off the annotations; and the bundled examples as the pipeline analyses
them, where the edges are checked against the claims of the stored analyses themselves and
against what a search with each edge's filters finds. Both on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.ingest import read_paths
from sitrep.pipeline import analyze_raw_documents
from sitrep.settings import Settings
from sitrep.store import Filters, Store, named_claims

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def edge_table(network) -> set[tuple[str, str, str, int, tuple]]:
    """(actor name, action, target name, claims, modalities) of every edge."""
    name = {node.id: node.name for node in network.nodes}
    return {(name[e.actor], e.action, name[e.target], e.claims, tuple(e.modalities.items())) for e in network.edges}


def test_the_edges_are_the_annotated_claims_with_an_actor_and_a_target(filled):
    network = filled.network()
    # conftest.py: IS -> ASSAULT -> Russia and the United States (one claim, two targets), NATO ->
    # MOBILIZE -> Lithuania, Erdogan -> THREATEN -> Europe, EU -> ACCUSE -> Turkey; the IS claim
    # set in Syria has no target and makes no edge
    assert edge_table(network) == {
        ("Islamic State", "ASSAULT", "Russian Federation", 1, (("predicted", 1),)),
        ("Islamic State", "ASSAULT", "United States", 1, (("predicted", 1),)),
        ("North Atlantic Treaty Organization", "MOBILIZE", "Lithuania", 1, (("occurred", 1),)),
        ("Recep Tayyip Erdogan", "THREATEN", "Europe", 1, (("threatened", 1),)),
        ("European Union", "ACCUSE", "Türkiye", 1, (("hypothetical", 1),)),  # pycountry's common name
    }
    nodes = {node.name: node for node in network.nodes}
    assert (nodes["Islamic State"].acts, nodes["Islamic State"].targeted) == (1, 0)  # one claim, two targets
    assert (nodes["Lithuania"].acts, nodes["Lithuania"].targeted) == (0, 1)
    assert nodes["Russian Federation"].id == "cc:RU" and nodes["Russian Federation"].target_filter == "RU"
    assert nodes["Europe"].id == "place:europe" and nodes["Europe"].target_filter == "Europe"
    assert (network.actors, network.targets, network.left_out_claims) == (4, 5, 0)


def test_the_filters_narrow_the_network_as_they_narrow_claims(filled):
    assert {e.action for e in filled.network(Filters(modality="predicted")).edges} == {"ASSAULT"}
    assert edge_table(filled.network(Filters.build(since="2017-01-01", until="2017-12-31"))) == {
        ("North Atlantic Treaty Organization", "MOBILIZE", "Lithuania", 1, (("occurred", 1),))}
    # the filters pick claims: the one aimed at the United States is aimed at Russia too
    only_us = filled.network(Filters.build(target="US"))
    assert sorted((e.actor, e.action, e.target) for e in only_us.edges) == [
        ("kb:Q2429253", "ASSAULT", "cc:RU"), ("kb:Q2429253", "ASSAULT", "cc:US")]
    assert filled.network(Filters.build(target="Lithuania")).edges[0].actor == "kb:Q7184"
    assert filled.network(Filters.build(actor="Islamic State", target="Lithuania")).nodes == []


def test_the_cap_keeps_the_most_active_actors_and_their_most_aimed_at_targets(filled):
    capped = filled.network(actors=1, targets=1)
    # four actors of one claim each: ties go to the first by identity, the Islamic State's KB id;
    # of its two targets (one claim aimed at both) the first by identity, Russia's
    assert [(e.actor, e.action, e.target) for e in capped.edges] == [("kb:Q2429253", "ASSAULT", "cc:RU")]
    assert {node.id for node in capped.nodes} == {"kb:Q2429253", "cc:RU"}
    assert (capped.actors, capped.targets, capped.actors_cap, capped.targets_cap) == (4, 2, 1, 1)
    # its one claim is drawn towards Russia; its aim at the United States is what was left out
    assert capped.left_out_claims == 1


def test_the_target_filter_finds_claims_by_name_alias_or_country(filled):
    def claims(**filters) -> set[tuple[str, str]]:
        return {(hit.title, claim.id) for hit in filled.search(**filters) for claim in hit.claims}

    assert claims(target="Turkey") == claims(target="tr") == {("Erdogan threatens to send refugees to Europe", "c2")}
    assert claims(target="RU") == {("Arab Intel Official: Islamic State Stepping Up Efforts", "c1")}
    assert claims(target="Europe", action="THREATEN") == {("Erdogan threatens to send refugees to Europe", "c1")}
    # a claim filter: the actor must act in the same claim that aims at the target
    assert claims(actor="European Union", target="Europe") == set()
    assert claims(target="Syria") == set()  # Syria is a claim's place, never its target


@pytest.fixture(scope="module")
def example_analyses(nlp):
    items = read_paths(sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html")), Settings())
    return [a for a in analyze_raw_documents(items) if not isinstance(a, InputError)]


def test_the_examples_edges_add_up_to_their_claims_and_each_edge_finds_its_claims(store: Store, example_analyses):
    store.save(example_analyses)
    network = store.network(actors=100, targets=100)
    assert network.edges, "the examples hold claims of one party against another"
    # every (claim, target) pair of a claim with an actor, read from the stored analyses
    pairs = [(claim.action, claim.modality) for analysis in store.iter_analyses() for claim in named_claims(analysis)
             if claim.actor_name and store.copy_of(analysis.id) is None for _ in set(claim.target_names)]
    assert sum(e.claims for e in network.edges) == len(pairs)
    assert Counter({a: n for a, n in Counter(a for a, _ in pairs).items()}) == Counter(
        {action: sum(e.claims for e in network.edges if e.action == action) for action in {a for a, _ in pairs}})
    by_modality: Counter[str] = Counter()
    for edge in network.edges:
        by_modality.update(edge.modalities)
    assert by_modality == Counter(m for _, m in pairs)
    nodes = {node.id: node for node in network.nodes}
    for edge in network.edges:
        actor, target = nodes[edge.actor], nodes[edge.target]
        hits = store.search(actor=actor.actor_filter, target=target.target_filter, action=edge.action, limit=200)
        assert sum(len(hit.claims) for hit in hits) == edge.claims, (actor.name, edge.action, target.name)


def test_a_capped_examples_network_counts_the_claims_it_leaves_out(store: Store, example_analyses):
    store.save(example_analyses)
    everyone = store.network(actors=100, targets=100)
    busiest = max(everyone.nodes, key=lambda node: (node.acts, node.id))
    capped = store.network(actors=1, targets=1)
    actor, = [node for node in capped.nodes if node.acts and node.id == busiest.id]
    target, = [node for node in capped.nodes if node.id != actor.id]
    # what it claims against the drawn target is drawn; its claims against the others are left out
    left_out = sum(e.claims for e in everyone.edges if e.actor == actor.id and e.target != target.id)
    assert left_out > 0, "the busiest example actor aims at more than one target"
    assert capped.left_out_claims == left_out


def test_the_network_reads_the_latest_articles_within_the_dates(store: Store, example_analyses):
    store.save(example_analyses)
    everything = store.network(actors=100, targets=100, articles=None)
    assert everything.articles == len(example_analyses) and everything.articles_from is None
    # the latest two (dated) articles: from the second newest day on, and only their claims
    latest = sorted((a for a in example_analyses if a.published), key=lambda a: a.published, reverse=True)[:2]
    two = store.network(actors=100, targets=100, articles=2)
    assert two.articles_from == latest[-1].published
    assert two.articles == sum(a.published >= latest[-1].published for a in example_analyses if a.published)
    read = [analysis for analysis in example_analyses if analysis.published and analysis.published >= two.articles_from]
    pairs = [claim.action for analysis in read for claim in named_claims(analysis) if claim.actor_name
             for _ in set(claim.target_names)]
    assert sum(e.claims for e in two.edges) == len(pairs) < sum(e.claims for e in everything.edges)
    assert store.network(actors=100, targets=100).model_dump() == everything.model_dump() | {
        "articles_cap": 2000}  # fewer articles than the default cap: all are read


def test_every_drawn_actor_keeps_an_arrow_to_its_own_first_target(store: Store, example_analyses):
    store.save(example_analyses)
    narrow = store.network(actors=100, targets=1)
    actors = {node.id for node in narrow.nodes if node.acts}
    assert len(actors) > 1 and {edge.actor for edge in narrow.edges} == actors
    everyone = store.network(actors=100, targets=100)
    for actor in actors:
        aimed = Counter()
        for edge in everyone.edges:
            if edge.actor == actor:
                aimed[edge.target] += edge.claims
        first = min(aimed, key=lambda target: (-aimed[target], target))
        assert any(edge.actor == actor and edge.target == first for edge in narrow.edges)
