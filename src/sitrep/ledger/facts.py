"""What the ledger needs of a stored claim, read from its analysis: pure, no database.

The same function serves the save path (the analysis at hand, the entity
identities linking just gave it) and a rescan (the stored analysis and the
identities stored with it), so both make the same forecasts.

Matching keys (what a forecast and an occurred claim must share, CONTRACT.md
corroboration and issue 17):
- the actor: the store's identity of the actor entity (store/linking.py
  identity_key: "kb:<id>" for every name and alias of a KB entity, else
  "name:<normalised name>"), or "cc:<country>" for a country acting;
- where: each target and the claim's place, a place by its country
  ("cc:RU": Moscow and Russia are the same country), an entity target by its
  identity ("e:kb:Q7184"), a place with no country by its name ("place:europe");
- a claim that names neither target nor place is keyed by its event word
  ("w:bombing"), and an occurred claim always carries its event word's key too,
  so "IS will carry out attacks" can be met by "IS attacked Brussels".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from ..corpus.corroboration import outlet_key
from ..store.schema import name_key

FORECAST_MODALITIES = ("predicted", "planned", "threatened")


@dataclass(frozen=True)
class DocumentFacts:
    """A stored article as the ledger sees it."""

    id: str
    original: str                 # the article it copies, else itself
    story: Optional[str]
    published: Optional[dt.date]
    ingested_at: dt.datetime
    outlet: Optional[str]

    @property
    def day(self) -> dt.date:
        """The day the article speaks from: published, else stored."""
        return self.published or self.ingested_at.date()

    @property
    def outlet_key(self) -> str:
        return outlet_key(self.outlet, self.id)


@dataclass(frozen=True)
class ClaimFacts:
    """One claim's matching keys and what a forecast shows of it."""

    ref: str
    text: str
    action: str
    modality: str
    negated: bool
    band: str
    time: Optional[str]
    actor: Optional[str]          # matching identity, None when unknown
    actor_name: Optional[str]
    keys: tuple[str, ...]         # where: targets and place (or the event word), sorted
    trigger: Optional[str]        # the event word's key ("w:attack"), if known
    targets: tuple[str, ...]      # target names as the analysis gives them
    source: Optional[str]         # the source's name or description; None: the outlet's voice
    source_key: str               # corroboration's key of the voucher

    @property
    def is_forecast(self) -> bool:
        return self.modality in FORECAST_MODALITIES and not self.negated

    @property
    def is_occurrence(self) -> bool:
        return self.modality == "occurred" and not self.negated

    @property
    def signature(self) -> str:
        """What makes two claims of one story the same forecast: action, actor and where."""
        return "|".join((self.action, self.actor or "", *self.keys))

    @property
    def occurrence_keys(self) -> tuple[str, ...]:
        """The keys an occurred claim is found by: where it happened and its event word."""
        keys = set(self.keys)
        if self.trigger:
            keys.add(self.trigger)
        return tuple(sorted(keys))


def forecast_id(document_id: str, claim_ref: str) -> str:
    """A forecast's id: stable for the claim that first made it."""
    return "f" + hashlib.sha1(f"{document_id}/{claim_ref}".encode()).hexdigest()[:16]


def claim_facts(analysis: Mapping[str, Any], identities: Mapping[str, str]) -> list[ClaimFacts]:
    """The facts of every claim of a stored analysis (its JSON); `identities` maps each entity's
    local id to its identity across the store."""
    from ..corpus.corroboration import source_key
    from ..model import Source

    entities = {e["id"]: e for e in analysis.get("entities", [])}
    places = {p["id"]: p for p in analysis.get("places", [])}
    sources = {s["id"]: s for s in analysis.get("sources", [])}
    outlet = analysis.get("outlet")
    facts = []
    for claim in analysis.get("claims", []):
        keys = {key for ref in claim.get("target", []) if (key := _where(ref, entities, places, identities))}
        if claim.get("place") and (key := _where(claim["place"], entities, places, identities)):
            keys.add(key)
        trigger = claim.get("trigger") or {}
        word = trigger.get("lemma") or (trigger.get("text") or "").casefold()
        trigger_key = f"w:{name_key(word)}" if word.strip() else None
        if not keys and trigger_key:
            keys.add(trigger_key)
        source = sources.get(claim.get("source")) if claim.get("source") else None
        facts.append(ClaimFacts(
            ref=claim["id"], text=claim.get("text", ""), action=claim["action"], modality=claim["modality"],
            negated=bool(claim.get("negated")), band=(claim.get("certainty") or {}).get("band", "unstated"),
            time=claim.get("time"),
            actor=_actor(claim.get("actor"), entities, places, identities),
            actor_name=_name(claim.get("actor"), entities, places),
            keys=tuple(sorted(keys)), trigger=trigger_key,
            targets=tuple(name for ref in claim.get("target", []) if (name := _name(ref, entities, places))),
            source=(source.get("name") or source.get("description")) if source else None,
            source_key=source_key(Source.model_validate(source) if source else None, outlet, analysis["id"]),
        ))
    return facts


def _actor(ref: Optional[str], entities: Mapping, places: Mapping, identities: Mapping[str, str]) -> Optional[str]:
    if ref is None:
        return None
    if ref in entities:
        return identities.get(ref) or _identity(entities[ref])
    place = places.get(ref)
    if place is None:
        return None
    return f"cc:{place['country'].upper()}" if place.get("country") else f"place:{name_key(place['name'])}"


def _where(ref: str, entities: Mapping, places: Mapping, identities: Mapping[str, str]) -> Optional[str]:
    if ref in places:
        place = places[ref]
        return f"cc:{place['country'].upper()}" if place.get("country") else f"place:{name_key(place['name'])}"
    if ref in entities:
        return "e:" + (identities.get(ref) or _identity(entities[ref]))
    return None


def _identity(entity: Mapping[str, Any]) -> str:
    from ..store.linking import identity_key

    return identity_key(entity["name"], entity.get("kb"))


def _name(ref: Optional[str], entities: Mapping, places: Mapping) -> Optional[str]:
    if ref is None:
        return None
    record = entities.get(ref) or places.get(ref)
    return record["name"] if record else None
