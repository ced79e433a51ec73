"""Exports of stored analyses: JSON Lines, a CSV of claims, GeoJSON of places.

Each writer takes analyses (usually `Store.iter_analyses()`) and a text stream,
so an export of any size streams instead of building in memory (the GeoJSON
keeps one entry per distinct place). Text from articles is untrusted: CSV
cells that a spreadsheet would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
import json
from typing import Iterable, TextIO

from ..model import Analysis

CLAIM_COLUMNS = [
    "document_id", "published", "outlet", "title", "url", "claim_id", "text", "actor", "action",
    "targets", "target_countries", "place", "place_country", "time", "modality", "negated",
    "certainty_cue", "band", "p_low", "p_high", "source", "source_named", "source_role",
    "outlet_rating", "outlet_rating_origin",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_jsonl(analyses: Iterable[Analysis], out: TextIO) -> int:
    """One Analysis per line, exactly the contract's JSON; returns how many."""
    count = 0
    for analysis in analyses:
        out.write(analysis.model_dump_json() + "\n")
        count += 1
    return count


def write_claims_csv(analyses: Iterable[Analysis], out: TextIO) -> int:
    """One row per claim with its actor, targets, place, modality, certainty and source, and
    its outlet's rating with the rating's origin (never a verdict on the claim)."""
    writer = csv.writer(out)
    writer.writerow(CLAIM_COLUMNS)
    count = 0
    for analysis in analyses:
        for row in claim_rows(analysis):
            writer.writerow([_safe(value) for value in row])
            count += 1
    return count


def claim_rows(analysis: Analysis) -> Iterable[list]:
    entities = {e.id: e for e in analysis.entities}
    places = {p.id: p for p in analysis.places}
    sources = {s.id: s for s in analysis.sources}

    def name(ref):
        thing = entities.get(ref) or places.get(ref)
        return thing.name if thing else ""

    rating = analysis.outlet_reliability
    for c in analysis.claims:
        place = places.get(c.place)
        source = sources.get(c.source)
        yield [
            analysis.id, analysis.published or "", analysis.outlet or "", analysis.title or "", analysis.url or "",
            c.id, c.text, name(c.actor), c.action, "; ".join(name(t) for t in c.target),
            "; ".join(places[t].country or "" for t in c.target if t in places),
            place.name if place else "", (place.country or "") if place else "", c.time or "", c.modality,
            c.negated, c.certainty.cue or "", c.certainty.band, c.certainty.p_low, c.certainty.p_high,
            (source.name or source.description) if source else "", source.named if source else "",
            (source.role or "") if source else "",
            rating.label if rating else "unrated", rating.origin if rating else "",
        ]


def write_geojson(analyses: Iterable[Analysis], out: TextIO) -> int:
    """Places with coordinates as GeoJSON points, with how many articles name them and how
    many claims are aimed at or set in them; returns the number of places."""
    table: dict[tuple, dict] = {}
    for analysis in analyses:
        counted: dict[str, int] = {}
        for c in analysis.claims:
            for ref in {*c.target, c.place} - {None}:
                counted[ref] = counted.get(ref, 0) + 1
        for place in analysis.places:
            if place.lat is None or place.lon is None:
                continue
            key = (place.geonameid,) if place.geonameid else (place.name, place.country)
            entry = table.setdefault(key, {"name": place.name, "kind": place.kind, "country": place.country,
                                           "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon,
                                           "articles": 0, "claims": 0})
            entry["articles"] += 1
            entry["claims"] += counted.get(place.id, 0)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [e["lon"], e["lat"]]},
         "properties": {k: v for k, v in e.items() if k not in ("lat", "lon")}}
        for e in sorted(table.values(), key=lambda e: (-e["claims"], -e["articles"], e["name"]))
    ]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def _safe(value) -> object:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
