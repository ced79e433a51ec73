"""Corroboration of one stored claim: who else asserts the same, and how independently.

"The same" (corpus/corroboration.py): same action, same actor (by name key),
a shared target (country, or name when the target is no place), the same
modality class, published within the window. Copies are never counted, only
their originals. The claim itself is in its own support, so a claim nobody
else makes has one outlet and one source and is single-source.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..corpus.corroboration import MODALITY_CLASS, WINDOW_DAYS, outlet_key
from .results import Corroboration, Support
from .schema import ClaimRow, ClaimTargetRow, DocumentRow


def corroboration(session: Session, document_id: str, claim_ref: str) -> Optional[Corroboration]:
    """The support for claim `claim_ref` of document `document_id`; None if no such claim."""
    found = session.execute(
        select(ClaimRow, DocumentRow).join(DocumentRow)
        .where(ClaimRow.document_id == document_id, ClaimRow.ref == claim_ref)
    ).first()
    if found is None:
        return None
    claim, document = found
    supports = [_support(c, d) for c, d in session.execute(_same_claims(claim, document)).all()]
    if not any(s.document_id == document.id and s.claim == claim.ref for s in supports):
        supports.append(_support(claim, document))  # a copy's claim still counts for itself
    supports.sort(key=lambda s: (s.published or dt.date.max, s.document_id))
    outlets = {outlet_key(s.outlet, s.document_id) for s in supports}
    sources = {s.source_key for s in supports}
    return Corroboration(
        document_id=document_id, claim=claim_ref, supports=supports, outlets=len(outlets),
        sources=len(sources), first_report=supports[0], single_source=len(sources) == 1,
    )


def _same_claims(claim: ClaimRow, document: DocumentRow):
    """Claims of original documents that assert what `claim` asserts."""
    modalities = [m for m, c in MODALITY_CLASS.items() if c == MODALITY_CLASS[claim.modality]]
    conditions = [
        ClaimRow.action == claim.action,
        ClaimRow.modality.in_(modalities),
        DocumentRow.copy_of.is_(None),
    ]
    conditions.append(ClaimRow.actor_key == claim.actor_key if claim.actor_key else ClaimRow.actor_key.is_(None))
    targets = [t for t in claim.targets]
    if targets:
        countries = [t.country for t in targets if t.country]
        keys = [t.key for t in targets if not t.country and t.key]
        shared = select(ClaimTargetRow.claim_pk).where(
            or_(ClaimTargetRow.country.in_(countries), ClaimTargetRow.key.in_(keys)))
        conditions.append(ClaimRow.pk.in_(shared))
    elif claim.place_country:
        conditions.append(ClaimRow.place_country == claim.place_country)
    if document.published:
        window = dt.timedelta(days=WINDOW_DAYS)
        conditions.append(DocumentRow.published.between(document.published - window, document.published + window))
    return select(ClaimRow, DocumentRow).join(DocumentRow).where(*conditions)


def _support(claim: ClaimRow, document: DocumentRow) -> Support:
    return Support(
        document_id=document.id, claim=claim.ref, outlet=document.outlet, published=document.published,
        title=document.title, source=claim.source_name, source_key=claim.source_key or "",
        modality=claim.modality,
    )
