"""What the extractor components leave on a Doc for each other and for analyze().

Records are the contract's pydantic types, so analyze() only copies them out.
The token maps let a later component ask "which entity/place is this token
part of?" without searching lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from ..documents import Document
from ..model import Entity, Mention, Place, Quote, Source


@dataclass
class Annotations:
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dateline_place: Optional[str] = None
    token_entity: dict[int, str] = field(default_factory=dict)
    token_place: dict[int, str] = field(default_factory=dict)

    def entity(self, entity_id: str) -> Optional[Entity]:
        return next((e for e in self.entities if e.id == entity_id), None)

    def place(self, place_id: str) -> Optional[Place]:
        return next((p for p in self.places if p.id == place_id), None)


def mention(doc: Doc, start_char: int, end_char: int) -> Mention:
    """A Mention of the body's characters start_char:end_char."""
    return Mention(start=start_char, end=end_char, text=text_of(doc)[start_char:end_char])


def text_of(doc: Doc) -> str:
    """The body the Doc was made from. Use this, never `doc.text`, in the components:
    spaCy rebuilds `doc.text` from every token on each access, so reading it once per
    mention or per cue made analysis quadratic in the article's length."""
    return document(doc).body


def register_extensions() -> None:
    """Doc._.document: the cleaned Document; Doc._.ann: the Annotations."""
    if not Doc.has_extension("document"):
        Doc.set_extension("document", default=None)
    if not Doc.has_extension("ann"):
        Doc.set_extension("ann", default=None)


def annotations(doc: Doc) -> Annotations:
    """The Doc's Annotations, created on first use."""
    if doc._.ann is None:
        doc._.ann = Annotations()
    return doc._.ann


def document(doc: Doc) -> Document:
    """The cleaned Document behind a Doc (a bare one when the Doc was made from text)."""
    if doc._.document is None:
        doc._.document = Document(input="-", body=doc.text)
    return doc._.document


register_extensions()
