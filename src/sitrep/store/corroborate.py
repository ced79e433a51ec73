"""Corroboration of stored claims: who else asserts the same, and how independently.

"The same" (corpus/corroboration.py, CONTRACT.md): same action, same actor (by
the key of its canonical name, so every alias of a KB entity is one actor), a
shared target (country, or name when the target is no place) or else a place in
the same country, the same modality class and negation, published within the
window, with times that do not contradict (two different ISO days are two
events). A claim that names neither target nor place is the same only as a
claim with neither, of the same event word (its lemma): "Trump -> ACCUSE -> —"
is not supported by every other accusation Trump made. Copies are never counted, only
their originals. The claim itself is in its own support, so a claim nobody
else makes has one outlet and one source and is single-source. The outlets are
also counted by their rating (sitrep/outlets.py: reliable, mixed, unreliable,
unrated), each outlet once, so a reader sees who vouches, not only how many.

Only the columns a Support shows are read (never a document's body or
analysis JSON), and `corroborations` answers many claims in a few statements
whatever their number: the claims and their targets in two queries, then the
same claims of all of them in one UNION ALL of the indexed query of each claim
(SUPPORT_BATCH claims a statement), every row tagged with the claim it supports. Each claim's
query is one range of an index of originals' claims by event and day (ix_claims_same_event: actor
key, action, negation, then the window's days; the claims carry their article's date and
originality, migration 0017), not every claim of the originals in the window.
Beside its support, each Corroboration carries the claim's contradiction (negations of
the same event, the accused's denials: store/contradict.py), found the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Iterable, Mapping, Optional, Sequence

from sqlalchemy import ColumnElement, Integer, Row, Select, and_, literal, or_, select, union_all
from sqlalchemy.orm import Session

from ..corpus.corroboration import MODALITY_CLASS, WINDOW_DAYS, outlet_key
from ..outlets import UNRATED
from .correction_tables import not_wrong
from .results import RATING_CLASSES, Corroboration, Support, stored_rating
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow

_ID_CHUNK = 500
# Claims whose same claims one statement asks for: well inside SQLite's limit on the terms
# of a compound SELECT (500) and on bound parameters.
SUPPORT_BATCH = 100
# What a Support needs, claim and document side; and what finding the same claims needs
# (a claim's row as `supported` takes it).
_SUPPORT = (DocumentRow.id, ClaimRow.ref, DocumentRow.outlet, DocumentRow.published, DocumentRow.title,
            ClaimRow.source_name, ClaimRow.source_key, ClaimRow.modality, DocumentRow.reliability,
            DocumentRow.reliability_origin, DocumentRow.reliability_score, DocumentRow.outlet_domain)
CLAIM_COLUMNS = (*_SUPPORT, ClaimRow.pk, ClaimRow.action, ClaimRow.actor_key, ClaimRow.place_country,
                 ClaimRow.negated, ClaimRow.trigger_key, ClaimRow.time,
                 # and what contradiction needs (store/contradict.py)
                 ClaimRow.actor_name, ClaimRow.actor_identity, DocumentRow.copy_of, DocumentRow.story_id,
                 ClaimRow.start, ClaimRow.end)
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def corroboration(session: Session, document_id: str, claim_ref: str) -> Optional[Corroboration]:
    """The support for claim `claim_ref` of document `document_id`; None if no such claim."""
    return corroborations(session, [(document_id, claim_ref)]).get((document_id, claim_ref))


def corroborations(session: Session, claims: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Corroboration]:
    """The support of each (document id, claim id) pair that names a stored claim."""
    wanted = set(claims)
    documents = sorted({document for document, _ in wanted})
    found: list[Row] = []
    for i in range(0, len(documents), _ID_CHUNK):
        rows = session.execute(select(*CLAIM_COLUMNS).join(DocumentRow)
                               .where(ClaimRow.document_id.in_(documents[i:i + _ID_CHUNK]))).all()
        found += [row for row in rows if (row.id, row.ref) in wanted]
    return supported(session, found, claim_targets(session, [row.pk for row in found]))


def claim_targets(session: Session, pks: Sequence[int]) -> dict[int, list[Row]]:
    """The target rows (ref, country, key, and an entity target's identity across the store)
    of these claims, by claim pk, in stored order."""
    targets: dict[int, list[Row]] = defaultdict(list)
    entity = and_(EntityRow.document_id == ClaimRow.document_id, EntityRow.ref == ClaimTargetRow.ref)
    for i in range(0, len(pks), _ID_CHUNK):
        for row in session.execute(
                select(ClaimTargetRow.claim_pk, ClaimTargetRow.ref, ClaimTargetRow.country, ClaimTargetRow.key,
                       EntityRow.identity)
                .join(ClaimRow, ClaimRow.pk == ClaimTargetRow.claim_pk).outerjoin(EntityRow, entity)
                .where(ClaimTargetRow.claim_pk.in_(pks[i:i + _ID_CHUNK])).order_by(ClaimTargetRow.pk)):
            targets[row.claim_pk].append(row)
    return targets


def supported(session: Session, claims: Sequence[Row],
              targets: Mapping[int, Sequence[Row]]) -> dict[tuple[str, str], Corroboration]:
    """The support of each claim row (CLAIM_COLUMNS), given the target rows of each (by claim
    pk, as claim_targets gives them): the same claims of SUPPORT_BATCH claims come from one
    statement, a UNION ALL of each claim's query tagged with the claim's place in the batch.
    Each carries its contradiction beside it (store/contradict.py)."""
    from .contradict import contradictions  # it builds on this module's queries

    supports: dict[int, list[Support]] = defaultdict(list)
    for i in range(0, len(claims), SUPPORT_BATCH):
        batch = claims[i:i + SUPPORT_BATCH]
        parts = [_same_claims(claim, [(t.country, t.key) for t in targets.get(claim.pk, ())], tag=i + j)
                 for j, claim in enumerate(batch)]
        stmt = parts[0] if len(parts) == 1 else union_all(*parts)
        for row in session.execute(stmt):
            supports[row.asked].append(_support(row))
    against = contradictions(session, claims, targets)
    return {(claim.id, claim.ref): _corroboration(claim, supports[i]).model_copy(
                update={"contradiction": against[(claim.id, claim.ref)]})
            for i, claim in enumerate(claims)}


def _corroboration(claim: Row, supports: list[Support]) -> Corroboration:
    if not any(s.document_id == claim.id and s.claim == claim.ref for s in supports):
        supports.append(_support(claim))  # a copy's claim still counts for itself
    supports.sort(key=lambda s: (s.published or dt.date.max, s.document_id))
    outlets = outlet_ratings(supports)
    sources = {s.source_key for s in supports}
    return Corroboration(
        document_id=claim.id, claim=claim.ref, supports=supports, outlets=len(outlets),
        outlets_by_rating=rating_counts(outlets.values()), sources=len(sources), first_report=supports[0],
        single_source=len(sources) == 1,
    )


def outlet_ratings(supports: Sequence[Support]) -> dict[str, str]:
    """Each independent outlet of the supports (corpus/corroboration.py outlet_key) and its
    rating class: the label of its earliest supporting article that has one (an outlet known by
    name alone, or one publishing on two differently rated sites, has one vote), else "unrated"."""
    ratings: dict[str, str] = {}
    for support in supports:
        key = outlet_key(support.outlet, support.document_id)
        label = support.outlet_reliability.label if support.outlet_reliability else UNRATED
        if ratings.get(key, UNRATED) == UNRATED:
            ratings[key] = label
    return ratings


def rating_counts(labels: Iterable[str]) -> dict[str, int]:
    """How many outlets have each rating class, every class named (RATING_CLASSES)."""
    counts = Counter(labels)
    return {name: counts[name] for name in RATING_CLASSES}


def _same_claims(claim: Row, targets: list[tuple[Optional[str], Optional[str]]], tag: int) -> Select:
    """Claims of original documents that assert what `claim` asserts, each row tagged
    (`asked`) with `tag`."""
    conditions = [ClaimRow.negated == claim.negated,
                  ClaimRow.actor_key == claim.actor_key if claim.actor_key else ClaimRow.actor_key.is_(None),
                  *event_conditions(claim, targets)]
    return select(literal(tag, Integer).label("asked"), *_SUPPORT).join(DocumentRow).where(*conditions)


def event_conditions(claim: Row, targets: list[tuple[Optional[str], Optional[str]]]) -> list[ColumnElement[bool]]:
    """SQL conditions: an original article's claim of the same event as `claim` (CLAIM_COLUMNS)
    whatever its actor and negation: the same action and modality class, a shared target (by
    country, or key when no place) or else a place in the same country or else neither and the
    same event word, compatible times, published within the window. Contradiction
    (store/contradict.py) asks the same with the opposite negation."""
    modalities = [m for m, c in MODALITY_CLASS.items() if c == MODALITY_CLASS[claim.modality]]
    conditions: list[ColumnElement[bool]] = [
        ClaimRow.action == claim.action,
        ClaimRow.modality.in_(modalities),
        of_an_original(),
        not_wrong(),  # a claim an analyst marked wrong supports and contradicts nothing (store/corrections.py)
    ]
    if targets:
        countries = [country for country, _ in targets if country]
        keys = [key for country, key in targets if not country and key]
        shared = select(ClaimTargetRow.claim_pk).where(
            or_(ClaimTargetRow.country.in_(countries), ClaimTargetRow.key.in_(keys)))
        conditions.append(ClaimRow.pk.in_(shared))
    elif claim.place_country:
        conditions.append(ClaimRow.place_country == claim.place_country)
    else:
        # neither target nor place: only the same event word of the same actor says the same
        no_target = ~select(ClaimTargetRow.claim_pk).where(ClaimTargetRow.claim_pk == ClaimRow.pk).exists()
        conditions += [ClaimRow.place_country.is_(None), no_target,
                       ClaimRow.trigger_key == claim.trigger_key if claim.trigger_key else ClaimRow.pk == claim.pk]
    if claim.time and ISO_DAY.match(claim.time):
        conditions.append(or_(ClaimRow.time.is_(None), ClaimRow.time == claim.time,
                              ~ClaimRow.time.like("____-__-__")))
    if claim.published:
        window = dt.timedelta(days=WINDOW_DAYS)
        conditions.append(ClaimRow.published.between(claim.published - window, claim.published + window))
    return conditions


def of_an_original() -> ColumnElement[bool]:
    """SQL condition on ClaimRow: its article is an original, spelt as the partial indexes of the
    same event's claims are (schema: ix_claims_same_event, ix_claims_identity_event), so the
    database can take the claims of an event and a range of days from one of them."""
    return ClaimRow.original.is_(True)


def _support(row: Row) -> Support:
    return Support(
        document_id=row.id, claim=row.ref, outlet=row.outlet,
        outlet_reliability=stored_rating(row.reliability, row.reliability_origin, row.reliability_score,
                                         row.outlet_domain),
        published=row.published, title=row.title, source=row.source_name, source_key=row.source_key or "",
        modality=row.modality,
    )
