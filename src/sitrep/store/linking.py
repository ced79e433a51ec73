"""Linking newly saved documents to the corpus: each one's original (if it is a copy), its story,
and the identity of each of its entities and sources across documents (sources: store/source_identity.py).

Runs inside the save transaction, before the batch's rows are written, so a
batch that fails leaves no half-made links. Documents of one batch are linked
in order and see each other exactly as if they had been saved one by one: a
later document can copy, or join the story of, an earlier one of the same
batch (kept in memory here), as well as any stored document (looked up in
the database).

Both look-ups are indexed and read no analysis JSON: copies through the LSH
band table (document_bands), stories by counting shared story features
(story_features, indexed on key and published date) per candidate original
published within the window; the Jaccard overlap then follows from the
counts and each document's feature count (documents.n_features).

Entity identity (entities.identity) is what makes "Trump" of one article and
"Donald Trump" of another one entity of the store: the KB id when the entity
has one or its name is a KB name or alias, else its name normalised (case,
spacing, quotation marks, a leading "the", a courtesy title), where a lone
name takes the identity of the full name its own article introduced before
it ("Trump" after "Donald Trump"), as the entities component does within an
article (extract/entities.py); an analysis stored before that component
joined them is joined here too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from functools import cache
from typing import Any, Optional

import numpy as np
from sqlalchemy import Date, and_, bindparam, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from ..corpus import duplicates, stories
from ..kb import read_table
from .rows import PreparedDocument
from .schema import BandRow, DocumentRow, StoryFeatureRow, StoryRow

# Story features per IN (...) list: far under every database's bind-parameter limit.
_KEY_CHUNK = 2000


def link_batch(session: Session, batch: list[PreparedDocument]) -> None:
    """Fill copy_of, copy_similarity, story_id and n_features of each document of the
    batch, in order, and write the stories they start or grow."""
    from .source_identity import assign_source_identities  # it builds on this module's identities

    linker = _BatchLinker(session)
    for document in batch:
        assign_identities(document.entities, document.document["analysis"])
        assign_source_identities(document.sources, document.document["analysis"], document.entities,
                                 document.document["outlet_domain"])
        linker.link(document)
    linker.write_stories()


# --- entity identity across documents -------------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_POSSESSIVE = ("'s", "'")
_PERSON_LIKE = frozenset({"PERSON", "ORG"})  # the types the tagger confuses for people


def identity_key(name: str, kb: Optional[str] = None) -> str:
    """The identity of an entity across the store: "kb:<id>" when it has a KB id; else that of
    the KB entity whose name or alias it is, as written (an analysis made before the KB knew
    "Twitter" joins the ones made after); else "name:<normalised name>"."""
    if kb:
        return f"kb:{kb}"
    return _kb_identities().get(name) or f"name:{normalised_name(name)}"


@cache
def _kb_identities() -> dict[str, str]:
    """Every name and alias of the entity KB (kb/entities.tsv) -> its entity's identity."""
    identities: dict[str, str] = {}
    for row in read_table("entities.tsv"):
        identity = f"kb:{row['kb']}" if row["kb"] else f"name:{normalised_name(row['name'])}"
        for form in (row["name"], *(a for a in row["aliases"].split("|") if a)):
            identities.setdefault(form, identity)
    return identities


def normalised_name(name: str) -> str:
    """A name as compared across documents: Unicode-normalised, one style of quotation mark
    and dash, casefolded, one space between words, without a leading "the", a possessive
    or a courtesy title (kb/source_roles.tsv): "The  Washington Post's" is "washington post",
    "Mr. Obama" is "obama"."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    words = text.split()
    while words and (words[0] == "the" or words[0] in _honorifics()):
        words = words[1:]
    text = " ".join(words)
    for mark in _POSSESSIVE:
        if text.endswith(mark) and len(text) > len(mark):
            text = text[: -len(mark)]
            break
    return text


def assign_identities(rows: list[dict[str, Any]], analysis: dict[str, Any]) -> None:
    """Set the identity of each entity row of one document (rows carry ref, name, type, kb;
    `analysis` is the document's stored analysis, whose entities have their mentions).

    A lone name (one word, a person or what the tagger took for an organisation) whose
    article introduced a full person name containing it before the lone name's first
    mention (or in its title) takes that full name's identity, the first such one introduced.
    """
    title = analysis.get("title") or ""
    first_mention = {e["id"]: min((m["start"] for m in e.get("mentions") or () if m.get("field") != "title"),
                                  default=None) for e in analysis.get("entities", [])}
    for row in rows:
        if row["name"] in title and first_mention.get(row["ref"]) is not None:
            first_mention[row["ref"]] = -1
    full_names: list[tuple[int, dict[str, Any]]] = sorted(
        ((start, row) for row in rows
         if row["type"] == "PERSON" and not row.get("kb") and len(row["name"].split()) > 1
         and (start := first_mention.get(row["ref"])) is not None),
        key=lambda item: item[0])
    for row in rows:
        row["identity"] = identity_key(row["name"], row.get("kb"))
        lone = normalised_name(row["name"])
        at = first_mention.get(row["ref"])
        if row.get("kb") or row["type"] not in _PERSON_LIKE or " " in lone or at is None:
            continue
        full = next((other for start, other in full_names
                     if start < at and lone in normalised_name(other["name"]).split()), None)
        if full is not None:
            row["identity"] = identity_key(full["name"])


@cache
def _honorifics() -> frozenset[str]:
    """Courtesy titles, lower-cased ("mr.", "mrs"): how a name is written, not the name."""
    return frozenset(row["noun"] for row in read_table("source_roles.tsv") if row["kind"] == "title")


class _BatchLinker:
    """The state of linking one batch: its documents so far and the stories they touch."""

    def __init__(self, session: Session):
        self.session = session
        self.linked: dict[str, PreparedDocument] = {}
        self.by_band: dict[tuple[int, int], list[PreparedDocument]] = defaultdict(list)
        self.by_feature: dict[str, list[PreparedDocument]] = defaultdict(list)  # the batch's originals
        self.new_stories: dict[str, dict] = {}
        self.grown: dict[str, list] = {}  # stored story id -> [documents added, first, last]

    def link(self, document: PreparedDocument) -> None:
        self._link_copy(document)
        self._assign_story(document)
        if document.document["copy_of"] is None:
            document.document["n_features"] = len(document.features)
            for feature in document.features:
                self.by_feature[feature].append(document)
        self.linked[document.id] = document
        for band in document.bands:
            self.by_band[band].append(document)

    def _link_copy(self, document: PreparedDocument) -> None:
        """Mark the document a copy of the document it nearly repeats, if any; copies point
        at the first-stored original, never at another copy."""
        row = document.document
        best: Optional[tuple[float, str]] = None
        for other_id, other_copy_of, other_minhash, other_size in self._copy_candidates(document):
            score = duplicates.similarity(document.minhash, other_minhash)
            if duplicates.is_copy(score, row["shingles"], other_size) and (best is None or score > best[0]):
                best = (score, other_copy_of or other_id)
        if best is not None:
            row["copy_similarity"], row["copy_of"] = best

    def _copy_candidates(self, document: PreparedDocument):
        """(id, copy_of, signature, shingles) of stored and earlier batch documents sharing
        an LSH band with the document."""
        # (band = ? AND key = ?) OR ...: one index probe per band; SQLite answers a row-value
        # IN (VALUES ...) with a scan of the whole band table.
        shares_band = or_(*(and_(BandRow.band == band, BandRow.key == key) for band, key in document.bands))
        stored = self.session.execute(
            select(DocumentRow.id, DocumentRow.copy_of, DocumentRow.minhash, DocumentRow.shingles)
            .where(DocumentRow.id.in_(select(BandRow.document_id).where(shares_band)))
        ).all() if document.bands else []
        for other_id, copy_of, minhash, shingles in stored:
            assert minhash is not None, "every stored document has its MinHash (rows.prepare_document)"
            yield other_id, copy_of, np.frombuffer(minhash, dtype=np.uint64), shingles
        seen: set[str] = set()
        for band in document.bands:
            for other in self.by_band.get(band, ()):
                if other.id not in seen:
                    seen.add(other.id)
                    yield other.id, other.document["copy_of"], other.minhash, other.document["shingles"]

    def _assign_story(self, document: PreparedDocument) -> None:
        """Put the document in the story of its original (a copy) or of its most similar
        recent original, or start a story."""
        row = document.document
        if row["copy_of"] is not None:
            original = self.linked.get(row["copy_of"])
            story = original.document["story_id"] if original is not None else self.session.scalar(
                select(DocumentRow.story_id).where(DocumentRow.id == row["copy_of"]))
        else:
            story = self._closest_story(document)
        if story is None:
            story = stories.story_id(document.id)
            self.new_stories[story] = dict(id=story, title=row["title"], documents=0,
                                           first_published=None, last_published=None)
        row["story_id"] = story
        self._grow(story, row["published"])

    def _grow(self, story: str, published: Optional[dt.date]) -> None:
        """Count one more document in the story and widen its dates."""
        if story in self.new_stories:
            new = self.new_stories[story]
            new["documents"] += 1
            if published:
                new["first_published"] = min(filter(None, [new["first_published"], published]))
                new["last_published"] = max(filter(None, [new["last_published"], published]))
        else:
            grown = self.grown.setdefault(story, [0, None, None])
            grown[0] += 1
            if published:
                grown[1] = min(filter(None, [grown[1], published]))
                grown[2] = max(filter(None, [grown[2], published]))

    def _closest_story(self, document: PreparedDocument) -> Optional[str]:
        """The story of the most similar original published within the window, if similar
        enough (ties: the earliest published, then the lowest id)."""
        if not document.features:
            return None
        window = dt.timedelta(days=stories.WINDOW_DAYS)
        low, high = document.story_day - window, document.story_day + window
        scored: list[tuple[float, dt.date, str, str]] = []
        for other_id, story, published, size, common in self._stored_story_candidates(document, low, high):
            score = stories.overlap(common, len(document.features), size)
            if score >= stories.MIN_SIMILARITY:
                scored.append((score, published, other_id, story))
        shared: dict[str, int] = defaultdict(int)
        for feature in document.features:
            for other in self.by_feature.get(feature, ()):
                shared[other.id] += 1
        for other_id, count in shared.items():
            other = self.linked[other_id]
            if other.published and low <= other.published <= high:
                score = stories.overlap(count, len(document.features), len(other.features))
                if score >= stories.MIN_SIMILARITY:
                    scored.append((score, other.published, other.id, other.document["story_id"]))
        if not scored:
            return None
        return min(scored, key=lambda s: (-s[0], s[1], s[2]))[3]

    def _stored_story_candidates(self, document: PreparedDocument, low: dt.date, high: dt.date):
        """(id, story, published, feature count, shared features) of stored originals
        published in [low, high] sharing at least MIN_SHARED features with the document."""
        keys = sorted(document.features)
        shared = func.count().label("shared")
        counts: dict[tuple, int] = defaultdict(int)
        for i in range(0, len(keys), _KEY_CHUNK):
            stmt = (
                select(StoryFeatureRow.document_id, DocumentRow.story_id, DocumentRow.published,
                       DocumentRow.n_features, shared)
                .join(DocumentRow, DocumentRow.id == StoryFeatureRow.document_id)
                .where(StoryFeatureRow.key.in_(keys[i:i + _KEY_CHUNK]),
                       StoryFeatureRow.published.between(low, high))
                .group_by(StoryFeatureRow.document_id, DocumentRow.story_id, DocumentRow.published,
                          DocumentRow.n_features)
            )
            if len(keys) <= _KEY_CHUNK:
                stmt = stmt.having(shared >= stories.MIN_SHARED)
            for other_id, story, published, size, count in self.session.execute(stmt):
                counts[(other_id, story, published, size or 0)] += count
        return [(*key, count) for key, count in counts.items() if count >= stories.MIN_SHARED]

    def write_stories(self) -> None:
        """Insert the stories the batch started; add the batch's documents and dates to the
        stored stories it grew (as increments, so a concurrent writer's count is kept)."""
        if self.new_stories:
            self.session.execute(insert(StoryRow.__table__), list(self.new_stories.values()))
        if not self.grown:
            return
        table = StoryRow.__table__
        first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
        stmt = (
            update(table).where(table.c.id == bindparam("story"))
            .values(documents=table.c.documents + bindparam("added"),
                    first_published=case((or_(table.c.first_published.is_(None), table.c.first_published > first),
                                          func.coalesce(first, table.c.first_published)),
                                         else_=table.c.first_published),
                    last_published=case((or_(table.c.last_published.is_(None), table.c.last_published < last),
                                         func.coalesce(last, table.c.last_published)),
                                        else_=table.c.last_published))
        )
        self.session.connection().execute(stmt, [
            {"story": story, "added": added, "first": first_day, "last": last_day}
            for story, (added, first_day, last_day) in sorted(self.grown.items())])  # one lock order

