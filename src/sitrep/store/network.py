"""Who acts on whom: the actor -> target network of the claims passing the desk's filters.

A party is who the store knows it as (the identities contradiction already compares,
corpus.contradiction): an actor by its claim's `actor_identity`, a target as an entity by its
entity's identity (store/linking.py: the KB id, else the normalised full name), as a place by
its country ("cc:RU") or, without one, its name ("place:europe"). So "Trump" and "Donald
Trump" are one node, and Moscow and Russia are one. Only claims with both an actor and a
target make an edge; copies are left out and the filters mean what they mean on every page
(desk._conditions: search.claim_conditions on original articles).

A graph of every actor is unreadable past a few dozen labelled nodes, so it is capped: the
`actors` most active actors (by claims with a target); of their targets the `targets` most
aimed at, each drawn actor's own most aimed-at one and any drawn actor they aim at. What was
left out is counted, so the page can say so. The claims read are those of the latest
`articles` original articles within the dates (about 2,000 by default; all with None), so the
page costs the same at any store size. Two grouped statements read them: the actors' counts,
then the drawn actors' claims per actor, action, modality and target with the names the
claims give both; a third names the country-less places. Each party is shown by the name its
claims most often give it, a country by its common name. A claim aimed at one party under two
of its names (two targets of one claim, "Trump" and "Donald Trump") counts once for each.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import NamedTuple, Optional

import pycountry
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, String, and_, case, exists, func, literal_column, or_, select
from sqlalchemy.orm import Session

from .desk import _conditions
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow, PlaceRow
from .search import RELIABLE, Filters, date_conditions

ACTORS = 20
TARGETS = 30
# The articles whose claims make the network by default: about the latest 2,000 within the
# filters' dates. Reading every claim of the store is a scan (1.4 s at 20k articles); the claims
# of the latest few thousand cost the same at any size (50 ms of SQL at 20k). None: all of them.
ARTICLES = 2000
COUNTRY = "cc:"  # corpus.contradiction.place_identity: a place by its country,
PLACE = "place:"  # else by its name key


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
    actor_name: Optional[str] = Field(None, description="the name most of its claims give the actor (the `actor` "
                                                        "filter value its link uses)")
    target_name: Optional[str] = Field(None, description="the name most of its claims give an entity target")

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
    articles: int = Field(description="the articles whose claims were read (original articles within the dates)")
    articles_cap: Optional[int] = Field(description="at most about this many, the latest; null: all")
    articles_from: Optional[dt.date] = Field(description="the day the latest articles read start on (the cap's "
                                                         "horizon); null when every article within the dates was read")
    actors_cap: int = Field(description="at most this many actors are drawn (the most active)")
    targets_cap: int = Field(description="their most aimed-at targets drawn, besides each drawn actor's own most "
                                         "aimed-at target and the drawn actors")
    left_out_claims: int = Field(description="claims of the drawn actors aimed at targets not drawn (a claim aimed "
                                             "at several counted for each)")


class _Group(NamedTuple):
    """Claims of one actor identity (under one name), action and modality, aimed at one target
    identity (under one name): the unit the grouped statement counts."""

    actor: str
    actor_name: str
    action: str
    modality: str
    target: str
    target_name: str


def target_identity() -> ColumnElement[str]:
    """SQL: a target row's identity (the claim's entity with its ref, else its place's). Its
    constants are written into the SQL, not bound: PostgreSQL groups by an expression only when
    the SELECT's is the same text, and bound values are numbered apart."""
    place = case((ClaimTargetRow.country.is_not(None), literal_column(f"'{COUNTRY}'", String) + ClaimTargetRow.country),
                 else_=literal_column(f"'{PLACE}'", String) + ClaimTargetRow.key)
    return func.coalesce(func.nullif(EntityRow.identity, literal_column("''", String)), place)


def network(session: Session, filters: Filters, *, actors: int = ACTORS, targets: int = TARGETS,
            articles: Optional[int] = ARTICLES) -> Network:
    """The network of the claims passing the filters in the latest `articles` original articles
    within the dates (None: all), capped at the `actors` most active actors and `targets` of
    their most aimed-at targets (besides each drawn actor's own first target and the drawn
    actors they aim at)."""
    horizon = _horizon(session, filters, articles) if articles is not None else None
    window = _latest(filters, horizon)
    read = session.scalar(select(func.count()).select_from(window.subquery())) or 0
    within: list[ColumnElement[bool]] = [ClaimRow.document_id.in_(window)]
    active = _actors(session, filters, within)
    drawn_actors = set(_first(active, actors))
    groups = _groups(session, filters, drawn_actors, within)
    aimed_at: Counter[str] = Counter()
    aims: dict[str, Counter[str]] = defaultdict(Counter)  # by actor
    for group, n in groups.items():
        aimed_at[group.target] += n
        aims[group.actor][group.target] += n
    drawn_targets = set(_first(aimed_at, targets)) | (drawn_actors & set(aimed_at))
    drawn_targets |= {_first(aimed, 1)[0] for aimed in aims.values()}  # no drawn actor is left without an arrow
    left_out = sum(n for group, n in groups.items() if group.target not in drawn_targets)
    nodes = [NetworkNode(id=identity, name=identity, acts=active.get(identity, 0), targeted=aimed_at.get(identity, 0))
             for identity in sorted(drawn_actors | drawn_targets)]
    _name(session, nodes, groups)
    return Network(nodes=nodes, edges=_edges(groups, drawn_targets), actors=len(active), targets=len(aimed_at),
                   articles=read, articles_cap=articles, articles_from=horizon, actors_cap=actors, targets_cap=targets,
                   left_out_claims=left_out)


def _horizon(session: Session, filters: Filters, articles: int) -> Optional[dt.date]:
    """The day the `articles`-th newest dated original article within the filters was published
    (None when there are fewer): found walking the published index, so the claims are then read
    by document for the articles from that day on, not every claim checked against a list."""
    return session.scalar(select(DocumentRow.published).where(*_articles(filters), DocumentRow.published.is_not(None))
                          .order_by(DocumentRow.published.desc()).offset(articles - 1).limit(1))


def _latest(filters: Filters, horizon: Optional[dt.date]) -> Select:
    """SELECT the ids of the original articles within the filters' dates and outlet rating,
    published on or after `horizon` if given (that day's others too: a day is never cut in two)."""
    return select(DocumentRow.id).where(*_articles(filters), *([DocumentRow.published >= horizon] if horizon else []))


def _articles(filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions on documents: an original, within the filters' dates and outlet rating."""
    conditions = [DocumentRow.copy_of.is_(None), *date_conditions(filters)]
    return conditions + ([DocumentRow.reliability == RELIABLE] if filters.reliable_only else [])


def _first(counts: Counter[str], n: int) -> list[str]:
    """The `n` keys counted most, ties by key (so the same store always draws the same parties)."""
    return [key for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _actors(session: Session, filters: Filters, within: list[ColumnElement[bool]]) -> Counter[str]:
    """The claims passing the filters with an actor and a target, per actor identity."""
    named = or_(ClaimTargetRow.key.is_not(None), ClaimTargetRow.country.is_not(None))  # target_identity() is not NULL
    aimed = exists(select(ClaimTargetRow.pk).where(ClaimTargetRow.claim_pk == ClaimRow.pk, named))
    stmt = (select(ClaimRow.actor_identity, func.count()).select_from(ClaimRow)
            .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .where(*within, *_conditions(filters), ClaimRow.actor_identity.is_not(None), aimed)
            .group_by(ClaimRow.actor_identity))
    return Counter({identity: n for identity, n in session.execute(stmt) if identity is not None})


def _groups(session: Session, filters: Filters, drawn_actors: set[str],
            within: list[ColumnElement[bool]]) -> dict[_Group, int]:
    """The drawn actors' claims passing the filters with a target, counted per _Group: one
    statement gives the edges, what each target receives and the names of both, as a claim has
    one actor name, action and modality and is counted once for each target (an entity target
    by its name; a place's is read apart, by _name)."""
    target = target_identity()
    entity = and_(EntityRow.document_id == ClaimRow.document_id, EntityRow.ref == ClaimTargetRow.ref)
    stmt = (select(ClaimRow.actor_identity, ClaimRow.actor_name, ClaimRow.action, ClaimRow.modality, target,
                   EntityRow.name, func.count(func.distinct(ClaimRow.pk)))
            .select_from(ClaimRow).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .join(ClaimTargetRow, ClaimTargetRow.claim_pk == ClaimRow.pk).outerjoin(EntityRow, entity)
            .where(*within, *_conditions(filters), ClaimRow.actor_identity.in_(sorted(drawn_actors)),
                   target.is_not(None))
            .group_by(ClaimRow.actor_identity, ClaimRow.actor_name, ClaimRow.action, ClaimRow.modality, target,
                      EntityRow.name))
    return {_Group(actor or "", actor_name or "", action, modality, aimed, target_name or ""): n
            for actor, actor_name, action, modality, aimed, target_name, n in session.execute(stmt)}


def _edges(groups: dict[_Group, int], drawn_targets: set[str]) -> list[NetworkEdge]:
    """The arrows to the drawn targets: claims per (actor, action, target) by modality (a claim
    has one modality, so they add up to its claims) with the names most of them give the actor
    and the target; most claims first."""
    modalities: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    actor_names: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    target_names: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for group, n in groups.items():
        if group.target in drawn_targets:
            key = (group.actor, group.action, group.target)
            modalities[key][group.modality] += n
            actor_names[key][group.actor_name] += n
            target_names[key][group.target_name] += n
    edges = [NetworkEdge(actor=actor, action=action, target=target, claims=sum(counts.values()),
                         modalities=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                         actor_name=_most(actor_names[key]), target_name=_most(target_names[key]))
             for key, counts in modalities.items() for actor, action, target in [key]]
    return sorted(edges, key=lambda e: (-e.claims, e.actor, e.action, e.target))


def _name(session: Session, nodes: list[NetworkNode], groups: dict[_Group, int]) -> None:
    """Give each node the name its claims most often give it (a country its common name), and
    the filter values that find its claims: as actor, the name its claims' actor most often has;
    as target, a country's ISO code, else the name its targets most often have (a place with no
    country by its own rows' names, read by key)."""
    as_actor: dict[str, Counter[str]] = defaultdict(Counter)
    as_target: dict[str, Counter[str]] = defaultdict(Counter)
    for group, n in groups.items():
        as_actor[group.actor][group.actor_name] += n
        as_target[group.target][group.target_name] += n
    places = _place_names(session, [node.id[len(PLACE):] for node in nodes if node.id.startswith(PLACE)])
    for node in nodes:
        aimed = as_target[node.id] + places[node.id]
        country = _country_name(node.id)
        node.actor_filter = _most(as_actor[node.id])
        node.target_filter = node.id[len(COUNTRY):] if country else _most(aimed)
        node.name = country or _most(as_actor[node.id] + aimed) or node.id


def _place_names(session: Session, keys: list[str]) -> dict[str, Counter[str]]:
    """The names of the country-less places with these keys (the "place:" identities), counted over their rows."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    if keys:
        for key, name, n in session.execute(select(PlaceRow.key, PlaceRow.name, func.count())
                                            .where(PlaceRow.key.in_(keys), PlaceRow.country.is_(None))
                                            .group_by(PlaceRow.key, PlaceRow.name)):
            names[PLACE + key][name] += n
    return names


def _most(names: Counter[str]) -> Optional[str]:
    """The most frequent name, the alphabetically first of equals; None for none ("" is no name: a claim or
    target whose name was not known)."""
    names = Counter({name: n for name, n in names.items() if name})
    return min(names, key=lambda name: (-names[name], name)) if names else None


def _country_name(identity: str) -> Optional[str]:
    """A country identity's common name ("cc:RU" -> "Russia"); None for any other identity."""
    if not identity.startswith(COUNTRY):
        return None
    country = pycountry.countries.get(alpha_2=identity[len(COUNTRY):])
    return (getattr(country, "common_name", None) or country.name) if country else identity[len(COUNTRY):]
