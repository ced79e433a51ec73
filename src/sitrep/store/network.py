"""Who acts on whom: the actor -> target network of the claims passing the desk's filters.

A party is who the store knows it as (the identities contradiction already compares,
corpus.contradiction): an actor by its claim's `actor_identity`, a target as an entity by its
entity's identity (store/linking.py: the KB id, else the normalised full name), as a place by
its country ("cc:RU") or, without one, its name ("place:europe"). So "Trump" and "Donald
Trump" are one node, and Moscow and Russia are one. Only claims with both an actor and a
target make an edge; copies are left out and the filters mean what they mean on every page
(desk._conditions: search.claim_conditions on original articles).

A graph of every actor is unreadable past a few dozen labelled nodes, so it is capped: the
`actors` most active actors (by claims with a target), and of their targets the `targets`
most aimed at, plus any drawn actor they aim at. What was left out is counted, so the page can
say so. The counts come from the database in a few grouped statements (actors; the edges of
the drawn actors; their targets; the names of the drawn nodes), whatever the store's size;
names are read from the claims and entities as the articles give them, the most frequent name
of an identity shown for it (a country by its common name).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Optional

import pycountry
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, String, and_, case, func, literal_column, select
from sqlalchemy.orm import Session

from .desk import _conditions
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow, PlaceRow
from .search import Filters

ACTORS = 20
TARGETS = 30
COUNTRY = "cc:"  # corpus.contradiction.place_identity: a place by its country


class NetworkNode(BaseModel):
    """One party: who the store knows it as, the name shown for it, and how many of the claims
    passing the filters it makes (with a target) and how many of the drawn actors' claims aim at it."""

    id: str = Field(description='identity across the store: "kb:Q22686", "name:donald trump", "cc:RU", "place:europe"')
    name: str = Field(description="the name shown: its most frequent name in the articles (a country's common name)")
    acts: int = Field(0, description="claims with a target whose actor it is")
    targeted: int = Field(0, description="claims of the drawn actors aimed at it")
    actor_filter: Optional[str] = Field(None, description="the `actor` filter value that finds its claims as actor")
    target_filter: Optional[str] = Field(None, description="the `target` filter value that finds claims aimed at it "
                                                           "(a country's ISO code)")

    @property
    def claims(self) -> int:
        """What its size on the graph shows: claims it makes and receives."""
        return self.acts + self.targeted


class NetworkEdge(BaseModel):
    """The claims of one actor, of one action, aimed at one target, counted by modality."""

    actor: str = Field(description="the actor node's id")
    action: str = Field(description="the PLOVER event type")
    target: str = Field(description="the target node's id")
    claims: int
    modalities: dict[str, int] = Field(description="claims by modality, most first")

    @property
    def modality(self) -> str:
        """The modality most of its claims have (the first of equals, as `modalities` orders them)."""
        return next(iter(self.modalities))


class Network(BaseModel):
    """The drawn part of the network, and how much of it was left out."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    actors: int = Field(description="actors with a claim aimed at someone, drawn or not")
    targets: int = Field(description="targets the drawn actors aim at, drawn or not")
    actors_cap: int = Field(description="at most this many actors are drawn (the most active)")
    targets_cap: int = Field(description="at most this many of their targets are drawn besides the drawn actors")
    left_out_claims: int = Field(description="claims of the drawn actors aimed at a target not drawn")


def target_identity() -> ColumnElement[str]:
    """SQL: a target row's identity (the claim's entity with its ref, else its place's). Its
    constants are written into the SQL, not bound: PostgreSQL groups by an expression only when
    the SELECT's is the same text, and bound values are numbered apart."""
    place = case((ClaimTargetRow.country.is_not(None), literal_column(f"'{COUNTRY}'", String) + ClaimTargetRow.country),
                 else_=literal_column("'place:'", String) + ClaimTargetRow.key)
    return func.coalesce(func.nullif(EntityRow.identity, literal_column("''", String)), place)


def _aimed(filters: Filters, *columns) -> Select:
    """SELECT columns FROM the claims passing the filters that have an actor, joined to their
    targets (each target's entity, if it is one, beside it)."""
    entity = and_(EntityRow.document_id == ClaimRow.document_id, EntityRow.ref == ClaimTargetRow.ref)
    return (select(*columns).select_from(ClaimRow).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .join(ClaimTargetRow, ClaimTargetRow.claim_pk == ClaimRow.pk).outerjoin(EntityRow, entity)
            .where(*_conditions(filters), ClaimRow.actor_identity.is_not(None), target_identity().is_not(None)))


def network(session: Session, filters: Filters, *, actors: int = ACTORS, targets: int = TARGETS) -> Network:
    """The network of the claims passing the filters, capped at the `actors` most active actors
    and `targets` of their most aimed-at targets (besides drawn actors they aim at)."""
    claims = func.count(func.distinct(ClaimRow.pk))
    active = Counter({identity: n for identity, n in session.execute(
        _aimed(filters, ClaimRow.actor_identity, claims).group_by(ClaimRow.actor_identity))})
    drawn_actors = [identity for identity, _ in sorted(active.items(), key=lambda kv: (-kv[1], kv[0]))[:actors]]
    if not drawn_actors:
        return Network(nodes=[], edges=[], actors=0, targets=0, actors_cap=actors, targets_cap=targets,
                       left_out_claims=0)
    of_drawn = ClaimRow.actor_identity.in_(drawn_actors)
    aimed_at = Counter({identity: n for identity, n in session.execute(
        _aimed(filters, target_identity(), claims).where(of_drawn).group_by(target_identity()))})
    ranked = [identity for identity, _ in sorted(aimed_at.items(), key=lambda kv: (-kv[1], kv[0]))]
    drawn_targets = set(ranked[:targets]) | (set(drawn_actors) & set(aimed_at))
    edges = _edges(session, filters, drawn_actors, drawn_targets)
    kept = set(drawn_actors) | drawn_targets
    left_out = session.scalar(select(func.count()).select_from(
        _aimed(filters, ClaimRow.pk).where(of_drawn).group_by(ClaimRow.pk)
        .having(func.sum(case((target_identity().in_(drawn_targets), 1), else_=0)) == 0).subquery())) or 0
    nodes = [NetworkNode(id=identity, name=identity, acts=active.get(identity, 0), targeted=aimed_at.get(identity, 0))
             for identity in sorted(kept)]
    _name(session, filters, nodes, drawn_actors, drawn_targets)
    return Network(nodes=nodes, edges=edges, actors=len(active), targets=len(aimed_at), actors_cap=actors,
                   targets_cap=targets, left_out_claims=left_out)


def _edges(session: Session, filters: Filters, drawn_actors: list[str], drawn_targets: set[str]) -> list[NetworkEdge]:
    """The edges among the drawn nodes: claims per (actor, action, target), by modality; most
    claims first."""
    grouped: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    target = target_identity()
    stmt = (_aimed(filters, ClaimRow.actor_identity, ClaimRow.action, target, ClaimRow.modality,
                   func.count(func.distinct(ClaimRow.pk)))
            .where(ClaimRow.actor_identity.in_(drawn_actors), target.in_(drawn_targets))
            .group_by(ClaimRow.actor_identity, ClaimRow.action, target, ClaimRow.modality))
    for actor, action, aimed, modality, n in session.execute(stmt):
        grouped[(actor, action, aimed)][modality] += n
    # a claim has one modality, so the counts of an edge's modalities add up to its claims
    edges = [NetworkEdge(actor=actor, action=action, target=aimed, claims=sum(counts.values()),
                         modalities=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))
             for (actor, action, aimed), counts in grouped.items()]
    return sorted(edges, key=lambda e: (-e.claims, e.actor, e.action, e.target))


def _name(session: Session, filters: Filters, nodes: list[NetworkNode], drawn_actors: Iterable[str],
          drawn_targets: Iterable[str]) -> None:
    """Give each node the name most of its claims call it by (a country its common name), and
    the filter values that find its claims: as actor, the name its claims' actor most often
    has; as target, a country's ISO code, else the name its targets most often have."""
    as_actor: dict[str, Counter[str]] = defaultdict(Counter)
    for identity, name, n in session.execute(
            _aimed(filters, ClaimRow.actor_identity, ClaimRow.actor_name, func.count())
            .where(ClaimRow.actor_identity.in_(list(drawn_actors)), ClaimRow.actor_name.is_not(None))
            .group_by(ClaimRow.actor_identity, ClaimRow.actor_name)):
        as_actor[identity][name] += n
    as_target: dict[str, Counter[str]] = defaultdict(Counter)
    for row in session.execute(_target_names(filters, list(drawn_targets))):
        as_target[row.identity][row.name] += row.n
    for node in nodes:
        node.actor_filter = _most(as_actor[node.id])
        country = _country_name(node.id)
        node.target_filter = node.id[len(COUNTRY):] if country else _most(as_target[node.id])
        node.name = country or _most(as_actor[node.id] + as_target[node.id]) or node.id


def _target_names(filters: Filters, identities: list[str]) -> Select:
    """(identity, name, n): the names the drawn targets have in the claims aimed at them (an
    entity's name, else the place's)."""
    place = and_(PlaceRow.document_id == ClaimRow.document_id, PlaceRow.ref == ClaimTargetRow.ref)
    name = func.coalesce(EntityRow.name, PlaceRow.name)
    target = target_identity()
    return (_aimed(filters, target.label("identity"), name.label("name"), func.count().label("n"))
            .outerjoin(PlaceRow, place).where(target.in_(identities), name.is_not(None)).group_by(target, name))


def _most(names: Counter[str]) -> Optional[str]:
    """The most frequent name, the alphabetically first of equals; None for none."""
    return min(names, key=lambda name: (-names[name], name)) if names else None


def _country_name(identity: str) -> Optional[str]:
    """A country identity's common name ("cc:RU" -> "Russia"); None for any other identity."""
    if not identity.startswith(COUNTRY):
        return None
    country = pycountry.countries.get(alpha_2=identity[len(COUNTRY):])
    return (getattr(country, "common_name", None) or country.name) if country else identity[len(COUNTRY):]
