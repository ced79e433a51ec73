"""Turning an Analysis into rows: the one place that knows both shapes.

Local ids ("e1", "p2", "s1") only mean something inside one Analysis, so
they are resolved here, while the whole Analysis is at hand, into names,
keys and country codes the search can filter on.

The rows are plain dicts for Core INSERTs (store/writer.py): a batch of
documents becomes one multi-row INSERT per table instead of thousands of ORM
objects. Everything here is pure Python; nothing touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

import numpy as np

from ..corpus import stories
from ..corpus.corroboration import source_key
from ..corpus.duplicates import band_keys, fingerprint, to_bytes
from ..kb import entity_aliases
from ..model import Analysis, Claim, Entity, OutletReliability, Place, Source
from ..outlets import shown_domain, site_of
from .results import CLAIM_MATCHES, claim_matches
from .schema import name_key


@dataclass
class PreparedDocument:
    """One analysis as the rows it is stored in, before it is linked and written.

    `document` is the documents row; linking (store/linking.py) fills its
    copy_of, copy_similarity, story_id and n_features. Entity names and claim
    targets sit beside their parent rows (same order) because their foreign
    keys are only known once the parents are inserted; a claim's actor entity
    is the index of its entity row (`actor_entity`).
    """

    document: dict[str, Any]
    entities: list[dict[str, Any]]
    entity_names: list[list[str]]
    places: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    claim_targets: list[list[dict[str, Any]]]
    actor_entity: list[Optional[int]]
    bands: list[tuple[int, int]]
    minhash: np.ndarray
    features: set[str] = field(default_factory=set)
    sources: list[dict[str, Any]] = field(default_factory=list)  # linking gives each its identity

    @property
    def id(self) -> str:
        return self.document["id"]

    @property
    def published(self) -> Optional[dt.date]:
        return self.document["published"]

    @property
    def story_day(self) -> dt.date:
        """The day that places the article in time for stories: published, else ingested."""
        return self.document["published"] or self.document["ingested_at"].date()


def prepare_document(analysis: Analysis, ingested_at: dt.datetime) -> PreparedDocument:
    """The rows of one analysis (not yet linked to originals or stories)."""
    stored = analysis.model_dump(mode="json")
    by_id = {e.id: e for e in analysis.entities}  # a repeated local id names one entity (the last)
    entity_index = {ref: i for i, ref in enumerate(by_id)}
    entities = [entity_row(e) for e in by_id.values()]
    places = {p.id: place_row(p) for p in analysis.places}
    sources = {s.id: s for s in analysis.sources}
    claims, targets, actors = [], [], []
    for claim in analysis.claims:
        row, claim_targets = claim_row(claim, entities, entity_index, places, sources)
        source = sources.get(claim.source) if claim.source is not None else None
        row["source_key"] = source_key(source, analysis.outlet, analysis.id)
        claims.append(row)
        targets.append(claim_targets)
        actors.append(entity_index.get(claim.actor) if claim.actor else None)
    minhash, shingle_count = fingerprint(analysis.body)
    document = dict(
        id=analysis.id,
        input=analysis.input,
        url=analysis.url,
        outlet=analysis.outlet,
        title=analysis.title,
        published=analysis.published,
        ingested_at=ingested_at,
        body=analysis.body,
        n_entities=len(analysis.entities),
        n_places=len(analysis.places),
        n_sources=len(analysis.sources),
        n_claims=len(analysis.claims),
        analysis=stored,
        named_claims=CLAIM_MATCHES.dump_json(claim_matches(stored)).decode(),
        minhash=to_bytes(minhash),
        shingles=shingle_count,
        copy_of=None,
        copy_similarity=None,
        story_id=None,
        n_features=None,
        **outlet_columns(analysis.url, analysis.outlet, analysis.outlet_reliability),
    )
    return PreparedDocument(
        document=document,
        entities=[row for row, _ in entities], entity_names=[keys for _, keys in entities],
        places=list(places.values()), claims=claims, claim_targets=targets, actor_entity=actors,
        bands=band_keys(minhash), minhash=minhash.hashvalues, features=stories.features(stored),
        sources=source_rows(stored),
    )


def outlet_columns(url: Optional[str], outlet: Optional[str],
                   rated: Optional[OutletReliability]) -> dict[str, Any]:
    """The documents columns of an article's outlet: the domain it resolved to (also when no
    one rates it, sitrep/outlets.py) and its rating as the analysis gives it."""
    site = site_of(url, outlet)
    return dict(
        outlet_domain=rated.domain if rated else shown_domain(site) if site is not None else None,
        reliability=rated.label if rated else None,
        reliability_origin=rated.origin if rated else None,
        reliability_score=rated.score if rated else None,
    )


def source_rows(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The source rows of a stored analysis (its JSON; schema.SourceRow, linking fills `identity`):
    each source with the claims and quotes resting on it, and the outlet's own voice when claims
    rest on it (those with no source, or one the analysis does not hold, as corroboration counts
    them)."""
    sources = {s["id"]: s for s in analysis.get("sources", [])}  # a repeated id names one source (the last)
    claims = Counter(c.get("source") if c.get("source") in sources else None for c in analysis.get("claims", []))
    quotes = Counter(q.get("source") for q in analysis.get("quotes", []))
    rows = [dict(ref=ref, kind="named" if s.get("named") else "unnamed", name=s.get("name"),
                 description=s.get("description") or "", role=s.get("role"), affiliation=s.get("affiliation"),
                 entity_ref=s.get("entity"), key=name_key(s.get("name") or s.get("description") or ""),
                 identity="", claims=claims[ref], quotes=quotes[ref]) for ref, s in sources.items()]
    if claims[None]:
        outlet = analysis.get("outlet")
        rows.append(dict(ref=None, kind="outlet", name=outlet, description="", role=None, affiliation=None,
                         entity_ref=None, key=name_key(outlet or ""), identity="", claims=claims[None], quotes=0))
    return rows


def entity_row(entity: Entity) -> tuple[dict[str, Any], list[str]]:
    """An entity row plus the keys of every distinct name it answers to: its name, the
    aliases the article used, and for a KB entity every alias the KB knows."""
    names = [entity.name, *entity.aliases, *entity_aliases().get(entity.name, ())]
    keys = list(dict.fromkeys(name_key(n) for n in names if n.strip()))
    return dict(ref=entity.id, name=entity.name, type=entity.type, kb=entity.kb), keys


def place_row(place: Place) -> dict[str, Any]:
    """A place row; the country code is upper-cased so filters compare exactly."""
    return dict(
        ref=place.id, name=place.name, key=name_key(place.name), kind=place.kind,
        country=place.country.upper() if place.country else None,
        lat=place.lat, lon=place.lon, geonameid=place.geonameid,
    )


def claim_row(claim: Claim, entities: list, entity_index: dict[str, int], places: dict,
              sources: dict[str, Source]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A claim row with actor, place and source resolved to names and countries, and its
    target rows."""
    actor_name = _ref_name(claim.actor, entities, entity_index, places)
    place = places.get(claim.place) if claim.place else None
    source = sources.get(claim.source) if claim.source else None
    row = dict(
        ref=claim.id, start=claim.start, end=claim.end, action=claim.action,
        modality=claim.modality, negated=claim.negated, band=claim.certainty.band,
        actor_ref=claim.actor, actor_name=actor_name,
        actor_key=name_key(actor_name) if actor_name else None,
        place_ref=claim.place,
        place_key=place["key"] if place else None,
        place_country=place["country"] if place else None,
        source_ref=claim.source,
        trigger_key=claim.trigger.lemma or claim.trigger.text.casefold() if claim.trigger else None,
        time=claim.time,
        source_name=(source.name or source.description) if source else None,
        source_named=source.named if source else None,
    )
    return row, [_target_row(ref, entities, entity_index, places) for ref in claim.target]


def _target_row(ref: str, entities: list, entity_index: dict[str, int], places: dict) -> dict[str, Any]:
    """A target row: places carry their country, entities only their name key."""
    name = _ref_name(ref, entities, entity_index, places)
    place = places.get(ref)
    return dict(ref=ref, key=name_key(name) if name else None,
                country=place["country"] if place is not None else None)


def _ref_name(ref: Optional[str], entities: list, entity_index: dict[str, int], places: dict) -> Optional[str]:
    """The name behind a local entity or place id; None when it points nowhere."""
    if ref is None:
        return None
    if ref in entity_index:
        return entities[entity_index[ref]][0]["name"]
    place = places.get(ref)
    return place["name"] if place is not None else None
