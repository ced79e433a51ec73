"""Linking a newly saved document to the corpus: its original (if it is a copy) and its story.

Runs inside the save transaction, right after the document's rows are
flushed, so a batch that fails leaves no half-made links. Both look-ups are
indexed: copies through the LSH band table, stories through the published
date and the entity/place name tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ..corpus import duplicates, stories
from ..model import Analysis
from .schema import BandRow, DocumentRow, EntityNameRow, EntityRow, PlaceRow, StoryRow, name_key

MAX_STORY_CANDIDATES = 200


def link_copy(session: Session, row: DocumentRow) -> None:
    """Mark the document a copy of the stored document it nearly repeats, if any.

    Copies point at the first-stored original, never at another copy.
    """
    keys = [(band.band, band.key) for band in row.bands]
    candidates = select(BandRow.document_id).where(
        tuple_(BandRow.band, BandRow.key).in_(keys), BandRow.document_id != row.id).distinct()
    stored = session.execute(
        select(DocumentRow.id, DocumentRow.copy_of, DocumentRow.minhash, DocumentRow.shingles)
        .where(DocumentRow.id.in_(candidates))
    ).all()
    mine = duplicates.from_bytes(row.minhash)
    best: Optional[tuple[float, str]] = None
    for other_id, other_copy_of, other_minhash, other_size in stored:
        score = duplicates.similarity(mine, duplicates.from_bytes(other_minhash))
        if duplicates.is_copy(score, row.shingles, other_size) and (best is None or score > best[0]):
            best = (score, other_copy_of or other_id)
    if best is not None:
        row.copy_similarity, row.copy_of = best


def assign_story(session: Session, row: DocumentRow, analysis: Analysis) -> None:
    """Put the document in the story of its most similar recent article, or start one."""
    if row.copy_of is not None:
        row.story_id = session.scalar(select(DocumentRow.story_id).where(DocumentRow.id == row.copy_of))
    else:
        row.story_id = _closest_story(session, row, analysis)
    story = session.get(StoryRow, row.story_id) if row.story_id else None
    if story is None:
        story = StoryRow(id=stories.story_id(row.id), title=row.title, documents=0,
                         first_published=row.published, last_published=row.published)
        session.add(story)
        session.flush()  # the story row must exist before the document points at it
        row.story_id = story.id
    story.documents += 1
    if row.published:
        story.first_published = min(filter(None, [story.first_published, row.published]))
        story.last_published = max(filter(None, [story.last_published, row.published]))


def _closest_story(session: Session, row: DocumentRow, analysis: Analysis) -> Optional[str]:
    """The story of the most similar original published within the window, if similar enough."""
    day = row.published or row.ingested_at.date()
    window = dt.timedelta(days=stories.WINDOW_DAYS)
    names = {name_key(e.name) for e in analysis.entities} | {name_key(p.name) for p in analysis.places}
    if not names:
        return None
    sharing = select(EntityRow.document_id).join(EntityNameRow).where(EntityNameRow.key.in_(names)).union(
        select(PlaceRow.document_id).where(PlaceRow.key.in_(names)))
    candidates = session.execute(
        select(DocumentRow.story_id, DocumentRow.analysis)
        .where(DocumentRow.id.in_(sharing), DocumentRow.id != row.id, DocumentRow.copy_of.is_(None),
               DocumentRow.published.between(day - window, day + window))
        .limit(MAX_STORY_CANDIDATES)
    ).all()
    mine = stories.features(analysis)
    best: Optional[tuple[float, str]] = None
    for story_id, stored in candidates:
        score = stories.similarity(mine, stories.features(Analysis.model_validate(stored)))
        if score >= stories.MIN_SIMILARITY and (best is None or score > best[0]):
            best = (score, story_id)
    return best[1] if best else None
