"""The network's picture: nodes laid out by networkx, drawn by the template as server-side SVG.

Like the map and the timeline (charts.py) it needs no script and no network: networkx's
spring layout (Fruchterman-Reingold, edges weighted by their claims, so parties with many
claims between them sit close) places the nodes, with a fixed seed and the nodes and edges
added in a fixed order, so the same network is always drawn the same way. Here the layout
becomes canvas geometry: a circle per party sized by its claims, and per (actor, action,
target) a curved arrow whose width follows its claims; arrows between the same two parties
bend apart so each stays visible and clickable.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

import networkx as nx

from ..store.network import NetworkEdge, NetworkNode

WIDTH, HEIGHT = 1000, 640
MARGIN = 70  # room for the labels of nodes at the edge of the canvas
SEED = 20  # any fixed number: the layout is the same for the same network
ITERATIONS = 200  # four times networkx's default: with 50 the examples' nodes still moved by up to 120 px
LABEL_CHARS = 28
ARROW = 9  # the arrowhead's length, kept clear of the target's circle
BEND = 28  # how far apart the arrows between the same two parties bend, at their middle
SMALLEST, LARGEST = 5.0, 22.0  # a node's radius: the party with the fewest and the most claims


@dataclass(frozen=True)
class DrawnNode:
    """A party on the canvas."""

    node: NetworkNode
    x: float
    y: float
    r: float

    @property
    def label(self) -> str:
        """Its name, cut short to keep the picture legible (the full name is its tooltip)."""
        name = self.node.name
        return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"


@dataclass(frozen=True)
class DrawnEdge:
    """One (actor, action, target) arrow: its SVG path, where its action label sits, its width."""

    edge: NetworkEdge
    path: str
    label_x: float
    label_y: float
    width: float


def layout(nodes: Sequence[NetworkNode], edges: Sequence[NetworkEdge]) -> dict[str, tuple[float, float]]:
    """Each node's position on the canvas, by id: networkx's spring layout with a fixed seed for
    each connected group of parties, the groups then set side by side (a spring layout of the
    whole pushes unconnected groups to the corners and squeezes each into a clump). Nodes and
    edges are taken sorted by id, so the order they come in does not matter."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(node.id for node in nodes))
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for edge in edges:
        if edge.actor != edge.target:
            a, b = sorted((edge.actor, edge.target))
            weights[(a, b)] += edge.claims
    graph.add_weighted_edges_from((a, b, math.sqrt(w)) for (a, b), w in sorted(weights.items()))
    groups = sorted((sorted(group) for group in nx.connected_components(graph)), key=lambda g: (-len(g), g[0]))
    boxes = _shelves([math.sqrt(len(group)) for group in groups])
    if not boxes:
        return {}
    right, bottom = max(x + side for x, _, side in boxes), max(y + side for _, y, side in boxes)
    positions: dict[str, tuple[float, float]] = {}
    for group, (left, top, side) in zip(groups, boxes):
        for node, (x, y) in _spring(_part(graph, group)).items():
            # inside its box, a tenth of the box kept clear on each side
            positions[node] = _on_canvas((left + side * (0.1 + 0.8 * (x + 1) / 2)) / right,
                                         (top + side * (0.1 + 0.8 * (y + 1) / 2)) / bottom)
    return positions


def _part(graph: nx.Graph[str], group: list[str]) -> nx.Graph[str]:
    """The group's part of the graph, its nodes and edges added in sorted order (a subgraph view
    lists a small part's nodes in the order of a set, which would move the layout between runs)."""
    part: nx.Graph[str] = nx.Graph()
    part.add_nodes_from(group)
    weighted: list[tuple[str, str, float]] = []
    for a, b in graph.edges(group):
        first, second = sorted((a, b))
        weighted.append((first, second, graph[a][b]["weight"]))
    part.add_weighted_edges_from(sorted(weighted))
    return part


def _spring(group: nx.Graph[str]) -> dict[str, tuple[float, float]]:
    """A connected group's spring layout, stretched to fill [-1, 1] on both axes (a group laid
    out as a long chain would otherwise be a thin band across its box); a lone node at the centre."""
    if len(group) == 1:
        return {node: (0.0, 0.0) for node in group}
    spread = 1.8 / math.sqrt(len(group))  # networkx's default 1/sqrt(n) packs labelled nodes too tight
    positions = nx.spring_layout(group, k=spread, weight="weight", seed=SEED, iterations=ITERATIONS)
    xs = _stretched([float(x) for x, _ in positions.values()])
    ys = _stretched([float(y) for _, y in positions.values()])
    return dict(zip(positions, zip(xs, ys)))


def _stretched(values: list[float]) -> list[float]:
    """The values moved and scaled to span [-1, 1] (all at 0 when they are all one value)."""
    low, high = min(values), max(values)
    return [0.0 if high == low else 2 * (v - low) / (high - low) - 1 for v in values]


def _shelves(sides: Sequence[float]) -> list[tuple[float, float, float]]:
    """(left, top, side) of squares of these sides laid in rows, largest first as given, the rows
    as wide as makes the whole about as wide as the canvas is for its height."""
    row_width = math.sqrt(sum(side * side for side in sides) * WIDTH / HEIGHT)
    boxes, x, y, row_height = [], 0.0, 0.0, 0.0
    for side in sides:
        if x > 0 and x + side > row_width + 1e-9:
            x, y, row_height = 0.0, y + row_height, 0.0
        boxes.append((x, y, side))
        x, row_height = x + side, max(row_height, side)
    return boxes


def _on_canvas(x: float, y: float) -> tuple[float, float]:
    """A position given as fractions of the drawing's width and height, on the canvas inside the margin."""
    return round(MARGIN + x * (WIDTH - 2 * MARGIN), 1), round(MARGIN + y * (HEIGHT - 2 * MARGIN), 1)


def radius(claims: int, most: int) -> float:
    """A node's radius: its area grows with its claims, the party with the `most` claims drawn
    at the largest size, so a store with hundreds of claims a party does not draw circles that
    cover each other."""
    return round(SMALLEST + (LARGEST - SMALLEST) * math.sqrt(claims / most), 1) if most else SMALLEST


def draw(nodes: Sequence[NetworkNode], edges: Sequence[NetworkEdge]) -> tuple[list[DrawnNode], list[DrawnEdge]]:
    """The nodes and edges placed on the canvas (edges whose ends are not among the nodes are left out)."""
    positions = layout(nodes, edges)
    most = max((node.claims for node in nodes), default=0)
    drawn = {node.id: DrawnNode(node, *positions[node.id], radius(node.claims, most)) for node in nodes}
    between: dict[frozenset[str], list[NetworkEdge]] = defaultdict(list)
    for edge in sorted(edges, key=lambda e: (e.actor, e.target, e.action)):
        if edge.actor in drawn and edge.target in drawn:
            between[frozenset((edge.actor, edge.target))].append(edge)
    arrows = [_arrow(edge, drawn[edge.actor], drawn[edge.target], i, len(pair))
              for pair in between.values() for i, edge in enumerate(pair)]
    # big circles and wide arrows first, so the small ones are drawn over them and stay clickable
    return (sorted(drawn.values(), key=lambda n: (-n.r, n.node.id)),
            sorted(arrows, key=lambda a: (-a.width, a.edge.actor, a.edge.target, a.edge.action)))


def _arrow(edge: NetworkEdge, source: DrawnNode, target: DrawnNode, index: int, count: int) -> DrawnEdge:
    """The arrow of the `index`-th of `count` edges between two nodes: a quadratic curve from the
    source's circle to the target's, bent to its own side; a loop above the node for a party
    acting on itself."""
    width = round(min(1 + 1.2 * math.sqrt(edge.claims), 8), 1)
    if source is target:
        return _loop(edge, source, index, width)
    dx, dy = target.x - source.x, target.y - source.y
    length = math.hypot(dx, dy) or 1.0
    # the bend is measured from a fixed direction between the pair (by id), so A -> B and B -> A
    # arrows get distinct offsets instead of mirroring each other onto one curve
    sign = 1 if source.node.id < target.node.id else -1
    offset = (index - (count - 1) / 2) * BEND * 2 + (BEND / 2 if count == 1 else 0)
    nx_, ny_ = -dy / length * sign, dx / length * sign
    cx, cy = (source.x + target.x) / 2 + nx_ * offset, (source.y + target.y) / 2 + ny_ * offset
    sx, sy = _towards(source.x, source.y, cx, cy, source.r)
    ex, ey = _towards(target.x, target.y, cx, cy, target.r + ARROW)
    label_x, label_y = 0.25 * sx + 0.5 * cx + 0.25 * ex, 0.25 * sy + 0.5 * cy + 0.25 * ey
    path = f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
    return DrawnEdge(edge, path, round(label_x, 1), round(label_y, 1), width)


def _loop(edge: NetworkEdge, node: DrawnNode, index: int, width: float) -> DrawnEdge:
    """An arrow from a node back to itself, above it (higher for each further action)."""
    top = node.y - node.r - 30 - 18 * index
    sx, ex, y = node.x - node.r * 0.6, node.x + node.r * 0.6, node.y - node.r * 0.8
    path = f"M{sx:.1f},{y:.1f} C{node.x - 40:.1f},{top:.1f} {node.x + 40:.1f},{top:.1f} {ex:.1f},{y - ARROW:.1f}"
    return DrawnEdge(edge, path, node.x, round(top + 10, 1), width)


def _towards(x: float, y: float, to_x: float, to_y: float, distance: float) -> tuple[float, float]:
    """The point `distance` from (x, y) on the way to (to_x, to_y)."""
    length = math.hypot(to_x - x, to_y - y) or 1.0
    return x + (to_x - x) / length * distance, y + (to_y - y) / length * distance
