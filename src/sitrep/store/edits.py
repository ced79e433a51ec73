"""An edited article replaces its stored document, keeping the document's id, story and copies.

A document's id is its body's hash, so an article edited after it was stored (a correction,
an update with a new paragraph) would otherwise be a new document beside the old one, and
counted twice. `sitrep watch` knows the article by its URL and analyses the edited version
under the old id (the record id, pipeline.analysis_id); this module puts that analysis in
place of the old one, in the caller's transaction:

- the old document's rows go (its entities, places, sources, claims, bands, story features
  and the forecasts it made, by the foreign keys' ON DELETE CASCADE);
- the new rows are written as a save writes them (store/writer.py), with the identities of
  their entities and sources (store/linking.py, store/source_identity.py) and their forecasts
  (the ledger), but the document keeps its place in the corpus: its story, whether it is a
  copy and of what, and when it was first stored. It is not linked again: an edit is the same
  article, and relinking could make it a copy of one of its own copies;
- documents that copy it point at it again once it is back.

- the names each entity identity answers to (store/identity_names.py) are brought up to date: the
  new version's are added, and those of the identities the old version had are rewritten;
- analysts' work on it survives (store/corrections.py): the merges, aliases and types in force
  are applied to its new entities as to any article stored later; its notes stay; a claim marked
  wrong stays marked when the edited article still has a claim of that id with the same text (the
  judgement was about that sentence), and is dropped, with the claim, when the sentence changed.

Known limit: a forecast of another article that this one's claims had met keeps its count of
resolutions; `sitrep forecasts --rescan` recounts the ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.orm import Session

from ..ledger.resolve import record_prepared
from ..model import Analysis
from . import sources
from .correction_tables import NoteRow, WrongClaimRow
from .corrections import apply_to_new
from .linking import assign_identities
from .rows import prepare_document
from .identity_names import add_names_of, renew_names_of
from .schema import ClaimRow, DocumentRow, EntityRow
from .source_identity import assign_source_identities
from .writer import write_documents


def replace_document(session: Session, analysis: Analysis) -> Optional[dt.datetime]:
    """Put `analysis` in place of the stored document with its id; when that document was
    first stored (None, and nothing done, when there is no such document)."""
    old = session.execute(select(DocumentRow.copy_of, DocumentRow.copy_similarity, DocumentRow.story_id,
                                 DocumentRow.ingested_at).where(DocumentRow.id == analysis.id)).first()
    if old is None:
        return None
    first_stored = old.ingested_at if old.ingested_at.tzinfo else old.ingested_at.replace(tzinfo=dt.timezone.utc)
    prepared = prepare_document(analysis, first_stored)  # (SQLite keeps no zone; sitrep writes UTC)
    row = prepared.document
    row.update(copy_of=old.copy_of, copy_similarity=old.copy_similarity, story_id=old.story_id,
               n_features=None if old.copy_of else len(prepared.features))
    assign_identities(prepared.entities, row["analysis"])
    assign_source_identities(prepared.sources, row["analysis"], prepared.entities, row["outlet_domain"])
    copies = list(session.scalars(select(DocumentRow.id).where(DocumentRow.copy_of == analysis.id)))
    if copies:
        session.execute(update(DocumentRow).where(DocumentRow.id.in_(copies)).values(copy_of=None))
    kept = _analysts_work(session, analysis.id)
    identities = set(session.scalars(select(EntityRow.identity).where(EntityRow.document_id == analysis.id)))
    session.execute(delete(DocumentRow).where(DocumentRow.id == analysis.id))
    write_documents(session, [prepared])
    _restore(session, analysis, *kept)
    add_names_of(session, [analysis.id])
    renew_names_of(session, identities)  # names only the old version gave its identities go
    record_prepared(session, [prepared])
    sources.identify_forecast_sources(session, [analysis.id])
    if copies:
        session.execute(update(DocumentRow).where(DocumentRow.id.in_(copies)).values(copy_of=analysis.id))
    return first_stored


def _analysts_work(session: Session, document_id: str) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """The notes on a stored document, and its claims marked wrong (ref, text, correction), read
    before the document's rows go (the foreign keys would take them along)."""
    notes = [{"correction_id": n.correction_id, "document_id": n.document_id, "claim_ref": n.claim_ref,
              "text": n.text} for n in session.scalars(select(NoteRow).where(NoteRow.document_id == document_id))]
    wrong = [(ref, text, correction) for ref, text, correction in session.execute(
        select(WrongClaimRow.claim_ref, _claim_text(), WrongClaimRow.correction_id)
        .join(ClaimRow, ClaimRow.pk == WrongClaimRow.claim_pk).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(WrongClaimRow.document_id == document_id))]
    return notes, wrong


def _claim_text() -> ColumnElement[str]:
    """SQL: what a claim row's offsets cut from its document's body (its sentence; for a claim of
    the headline, the body text at those offsets, the same before and after an edit that keeps it)."""
    return func.substr(DocumentRow.body, ClaimRow.start + 1, ClaimRow.end - ClaimRow.start)


def _restore(session: Session, analysis: Analysis, notes: list[dict], wrong: list[tuple[str, str, int]]) -> None:
    """Put the analysts' work back on the edited document: the corrections in force on its
    entities, its notes, and each wrong mark whose claim (same id, same sentence) is still there."""
    apply_to_new(session, [analysis.id])
    if notes:
        session.execute(insert(NoteRow), notes)
    claims = {(ref, text): pk for pk, ref, text in session.execute(
        select(ClaimRow.pk, ClaimRow.ref, _claim_text()).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(ClaimRow.document_id == analysis.id))}
    marks = [{"claim_pk": claims[(ref, text)], "document_id": analysis.id, "claim_ref": ref, "correction_id": c}
             for ref, text, c in wrong if (ref, text) in claims]
    if marks:
        session.execute(insert(WrongClaimRow), marks)
