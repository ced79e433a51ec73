"""The network's layout (api/graph.py): the same network is drawn the same way, whatever order
its parts come in and whatever the process, and fits on the canvas."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

from sitrep.api import graph
from sitrep.store.network import NetworkEdge, NetworkNode

NODES = [("kb:Q1", "Islamic State", 4, 0), ("cc:RU", "Russia", 0, 3), ("cc:US", "United States", 2, 3),
         ("name:chechen division", "Chechen division", 1, 0), ("kb:Q2", "China", 2, 0),
         ("cc:GB", "United Kingdom", 0, 1), ("name:afghan government", "Afghan government", 1, 0),
         ("kb:Q3", "Taliban", 0, 1)]
EDGES = [("kb:Q1", "ASSAULT", "cc:RU", 2), ("kb:Q1", "ASSAULT", "cc:US", 3), ("kb:Q1", "THREATEN", "cc:US", 1),
         ("cc:US", "ACCUSE", "kb:Q1", 2), ("name:chechen division", "ASSAULT", "cc:RU", 1),
         ("kb:Q2", "ACCUSE", "cc:GB", 1), ("kb:Q2", "ACCUSE", "cc:US", 1),
         ("name:afghan government", "ACCUSE", "kb:Q3", 1)]


def network() -> tuple[list[NetworkNode], list[NetworkEdge]]:
    nodes = [NetworkNode(id=i, name=name, acts=acts, targeted=targeted) for i, name, acts, targeted in NODES]
    edges = [NetworkEdge(actor=a, action=action, target=t, claims=n, modalities={"occurred": n})
             for a, action, t, n in EDGES]
    return nodes, edges


def test_the_layout_is_the_same_whatever_order_the_network_comes_in():
    nodes, edges = network()
    first = graph.layout(nodes, edges)
    for seed in range(5):
        shuffled_nodes, shuffled_edges = nodes[:], edges[:]
        random.Random(seed).shuffle(shuffled_nodes)
        random.Random(seed).shuffle(shuffled_edges)
        assert graph.layout(shuffled_nodes, shuffled_edges) == first
    assert graph.draw(nodes, edges) == graph.draw(nodes[::-1], edges[::-1])


def test_the_layout_is_the_same_in_another_process_with_other_hash_seeds():
    nodes, edges = network()
    here = {node: list(xy) for node, xy in graph.layout(nodes, edges).items()}
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); from test_network_layout import network; "
              "from sitrep.api import graph; print(json.dumps(graph.layout(*network())))")
    for hash_seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script, os.path.dirname(__file__)], capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})
        assert json.loads(done.stdout) == here


def test_every_node_is_on_the_canvas_apart_from_the_others():
    nodes, edges = network()
    drawn, arrows = graph.draw(nodes, edges)
    assert {n.node.id for n in drawn} == {node.id for node in nodes}
    for n in drawn:
        assert graph.MARGIN <= n.x <= graph.WIDTH - graph.MARGIN and graph.MARGIN <= n.y <= graph.HEIGHT - graph.MARGIN
    centres = [(n.x, n.y) for n in drawn]
    assert len(set(centres)) == len(centres)
    # a node's size follows its claims
    size = {n.node.id: n.r for n in drawn}
    assert size["kb:Q1"] > size["cc:GB"]


def test_each_edge_is_its_own_arrow_also_between_the_same_two_parties():
    nodes, edges = network()
    _, arrows = graph.draw(nodes, edges)
    assert len(arrows) == len(edges)
    between_islamic_state_and_us = [a.path for a in arrows if {a.edge.actor, a.edge.target} == {"kb:Q1", "cc:US"}]
    assert len(between_islamic_state_and_us) == 3 and len(set(between_islamic_state_and_us)) == 3
    widths = {(a.edge.actor, a.edge.action, a.edge.target): a.width for a in arrows}
    assert widths[("kb:Q1", "ASSAULT", "cc:US")] > widths[("kb:Q1", "THREATEN", "cc:US")]


def test_an_empty_network_draws_nothing():
    assert graph.draw([], []) == ([], [])
