"""Turning an Analysis into rows: the one place that knows both shapes.

Local ids ("e1", "p2", "s1") only mean something inside one Analysis, so
they are resolved here, while the whole Analysis is at hand, into names,
keys and country codes the search can filter on.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from ..corpus.corroboration import source_key
from ..corpus.duplicates import band_keys, fingerprint, to_bytes
from ..kb import entity_aliases
from ..model import Analysis, Claim, Entity, Place
from .schema import BandRow, ClaimRow, ClaimTargetRow, DocumentRow, EntityNameRow, EntityRow, PlaceRow, name_key


def document_row(analysis: Analysis, ingested_at: dt.datetime) -> DocumentRow:
    """The document row with its entity, place and claim rows attached."""
    entities = {e.id: entity_row(e) for e in analysis.entities}
    places = {p.id: place_row(p) for p in analysis.places}
    sources = {s.id: s for s in analysis.sources}
    claims = [claim_row(c, entities, places, sources) for c in analysis.claims]
    for claim, row in zip(analysis.claims, claims):
        row.source_key = source_key(sources.get(claim.source), analysis.outlet, analysis.id)
    minhash, shingle_count = fingerprint(analysis.body)
    return DocumentRow(
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
        analysis=analysis.model_dump(mode="json"),
        entities=list(entities.values()),
        places=list(places.values()),
        claims=claims,
        minhash=to_bytes(minhash),
        shingles=shingle_count,
        bands=[BandRow(band=band, key=key) for band, key in band_keys(minhash)],
    )


def entity_row(entity: Entity) -> EntityRow:
    """An entity row plus one name row per distinct name it answers to: its name, the
    aliases the article used, and for a KB entity every alias the KB knows."""
    names = [entity.name, *entity.aliases, *entity_aliases().get(entity.name, ())]
    keys = dict.fromkeys(name_key(n) for n in names if n.strip())
    return EntityRow(
        ref=entity.id, name=entity.name, type=entity.type, kb=entity.kb,
        names=[EntityNameRow(key=k) for k in keys],
    )


def place_row(place: Place) -> PlaceRow:
    """A place row; the country code is upper-cased so filters compare exactly."""
    return PlaceRow(
        ref=place.id, name=place.name, key=name_key(place.name), kind=place.kind,
        country=place.country.upper() if place.country else None,
        lat=place.lat, lon=place.lon, geonameid=place.geonameid,
    )


def claim_row(claim: Claim, entities: dict, places: dict, sources: dict) -> ClaimRow:
    """A claim row with actor, place, source and targets resolved to names and countries."""
    actor_name = _ref_name(claim.actor, entities, places)
    place = places.get(claim.place) if claim.place else None
    source = sources.get(claim.source) if claim.source else None
    return ClaimRow(
        ref=claim.id, start=claim.start, end=claim.end, action=claim.action,
        modality=claim.modality, negated=claim.negated, band=claim.certainty.band,
        actor_ref=claim.actor, actor_name=actor_name,
        actor_key=name_key(actor_name) if actor_name else None,
        actor_entity=entities.get(claim.actor) if claim.actor else None,
        place_ref=claim.place,
        place_key=place.key if place else None,
        place_country=place.country if place else None,
        source_ref=claim.source,
        source_name=(source.name or source.description) if source else None,
        source_named=source.named if source else None,
        targets=[_target_row(ref, entities, places) for ref in claim.target],
    )


def _target_row(ref: str, entities: dict, places: dict) -> ClaimTargetRow:
    """A target row: places carry their country, entities only their name key."""
    name = _ref_name(ref, entities, places)
    place = places.get(ref)
    return ClaimTargetRow(
        ref=ref, key=name_key(name) if name else None,
        country=place.country if place is not None else None,
    )


def _ref_name(ref: Optional[str], entities: dict, places: dict) -> Optional[str]:
    """The name behind a local entity or place id; None when it points nowhere."""
    if ref is None:
        return None
    row = entities.get(ref) or places.get(ref)
    return row.name if row is not None else None
