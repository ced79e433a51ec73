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

Known limit: a forecast of another article that this one's claims had met keeps its count of
resolutions; `sitrep forecasts --rescan` recounts the ledger.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..ledger.resolve import record_prepared
from ..model import Analysis
from . import sources
from .linking import assign_identities
from .rows import prepare_document
from .schema import DocumentRow
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
    session.execute(delete(DocumentRow).where(DocumentRow.id == analysis.id))
    write_documents(session, [prepared])
    record_prepared(session, [prepared])
    sources.identify_forecast_sources(session, [analysis.id])
    if copies:
        session.execute(update(DocumentRow).where(DocumentRow.id.in_(copies)).values(copy_of=analysis.id))
    return first_stored
