"""What the extractor components leave on a Doc, and the contract records built from it.

Components write spaCy-native annotations holding plain values only (ids, strings, numbers),
so an annotated Doc round-trips through `DocBin(store_user_data=True)` and pickles, and
spaCy's own tools (displaCy, `Example`, `Scorer`) can read them:

- `doc.spans["entities" | "places" | "sources" | "quotes"]`: one span per mention (per quoted
  stretch), labelled with the entity's type, the place's kind, SOURCE, or DIRECT / REPORTED;
  `span.id_` is the record's id ("e1", "p2", "s1", "q3") and an entity's `kb_id_` its KB id;
- `Doc._.entities`, `._.places`, `._.sources`, `._.quotes`: the records themselves as plain
  dicts in id order, the contract's fields with each mention's exact characters
  (`"mentions": [[start, end], ...]`; a quote's own `start`, `end`);
- `Doc._.entity_tokens`, `Doc._.place_tokens`: [token index, id] pairs, the entity or place a
  word is part of (the EVENT entities' words stay free: "Brussels" in "the Brussels bombings"
  still names a place), read as `Token._.entity` and `Token._.place`;
- `Doc._.referent_tokens`: [pronoun token, entity id, mention start, mention end] rows, the
  entity each pronoun stands for (referents.py);
- `Doc._.dateline_place`; `Doc._.document`, the cleaned Document (msgpack-encoded below).

Why records as dicts beside the spans, not as `Span._` values: spaCy 3.8 keys a span's
extension values by its characters alone, so a source and an entity over the same words
("the terrorist group") would overwrite each other's. Why word tables rather than a
`Token._` value per word: the later components read the whole map, and reading it word by
word through `Token._` cost a sixth of the analysis time. The ids are given where the records
are grouped (the entities component knows which mentions are one entity), as plain strings;
`records(doc)` builds the contract's Entity, Place, Source and Quote records in one place:
`pipeline.to_analysis` for the Analysis, `annotations(doc)` as the read-only view later
components consult.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

import srsly
from spacy.tokens import Doc, Span, Token

from ..documents import Document, Span as TextSpan
from ..model import Entity, Mention, Place, Quote, Removed, Source

RECORDS = {"entities": Entity, "places": Place, "sources": Source, "quotes": Quote}
ASSIGNS = {
    "sitrep_entities": ["doc.ents", "doc.spans", "doc._.entities", "doc._.entity_tokens"],
    "sitrep_places": ["doc.spans", "doc._.places", "doc._.dateline_place", "doc._.place_tokens"],
    "sitrep_referents": ["doc._.referent_tokens", "doc._.entities", "doc.spans"],
    "sitrep_attribution": ["doc.spans", "doc._.sources", "doc._.quotes"],
}


@dataclass
class Annotations:
    """The records the components before this one found (a view built from the Doc)."""

    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dateline_place: Optional[str] = None
    token_entity: dict[int, str] = field(default_factory=dict)
    token_place: dict[int, str] = field(default_factory=dict)

    def entity(self, entity_id: str) -> Optional[Entity]:
        return next((e for e in self.entities if e.id == entity_id), None)


def annotations(doc: Doc) -> Annotations:
    """What the Doc holds so far, as contract records and token maps."""
    found = records(doc)
    return Annotations(
        entities=found["entities"], places=found["places"], sources=found["sources"], quotes=found["quotes"],
        dateline_place=doc._.dateline_place,
        token_entity=dict(doc._.entity_tokens or ()),
        token_place=dict(doc._.place_tokens or ()),
    )


def records(doc: Doc) -> dict[str, list]:
    """The contract records of each kind, in id order."""
    body = text_of(doc)
    return {group: [_record(kind, row, body) for row in doc._.get(group) or []] for group, kind in RECORDS.items()}


def write_tokens(doc: Doc, kind: str, token_refs: dict[int, str]) -> None:
    """Which entity (kind "entity") or place ("place") each word is part of."""
    doc._.set(f"{kind}_tokens", [[i, ref] for i, ref in sorted(token_refs.items())])


def _token_ref(kind: str):
    """The getter of Token._.entity / Token._.place: the word's id in its Doc's table."""
    def get(token: Token) -> Optional[str]:
        return next((ref for i, ref in token.doc._.get(f"{kind}_tokens") or () if i == token.i), None)
    return get


def _record(kind, row: dict, body: str):
    row = dict(row)
    if kind is Quote:
        return Quote(text=body[row["start"]:row["end"]], **row)
    row["mentions"] = [Mention(start=s, end=e, text=body[s:e]) for s, e in row["mentions"]]
    return kind(**row)


def write(doc: Doc, group: str, found: list, label) -> None:
    """Records of one kind on the Doc: the plain rows of Doc._.<group> and a span per mention
    in doc.spans[group], labelled by `label(record)`, its id the record's."""
    rows, spans = [], []
    for record in found:
        if isinstance(record, Quote):
            row = record.model_dump(exclude={"text", "field"})
            ranges = [(record.start, record.end)]
        else:
            row = record.model_dump(exclude={"mentions"})
            ranges = [(m.start, m.end) for m in record.mentions]
            row["mentions"] = [list(r) for r in ranges]
        rows.append(row)
        kb_id = getattr(record, "kb", None) or ""
        spans += [_span(doc, start, end, label(record), record.id, kb_id) for start, end in ranges]
    doc._.set(group, rows)
    doc.spans[group] = spans


def _span(doc: Doc, start: int, end: int, label: str, ref: str, kb_id: str) -> Span:
    """The span of whole tokens covering characters start:end (the nearest token when they
    are only space)."""
    span = doc.char_span(start, end, label=label, kb_id=kb_id, span_id=ref, alignment_mode="expand")
    if span is None:
        at = min(range(len(doc)), key=lambda i: abs(doc[i].idx - start))
        span = Span(doc, at, at + 1, label=label, kb_id=kb_id, span_id=ref)
    return span


def text_of(doc: Doc) -> str:
    """The body the Doc was made from. Use this, never `doc.text`, in the components:
    spaCy rebuilds `doc.text` from every token on each access, so reading it once per
    mention or per cue made analysis quadratic in the article's length."""
    return document(doc).body


def document(doc: Doc) -> Document:
    """The cleaned Document behind a Doc (a bare one when the Doc was made from text)."""
    if doc._.document is None:
        doc._.document = Document(input="-", body=doc.text)
    return doc._.document


# ---------------------------------------------------------------------------- serialising

_DOCUMENT_KEY = "__sitrep_document__"


def encode_document(obj, chain=None):
    """msgpack encoder (srsly's registry, as thinc registers NumPy's): a Document as plain data."""
    if not isinstance(obj, Document):
        return obj if chain is None else chain(obj)
    return {_DOCUMENT_KEY: {
        "input": obj.input, "body": obj.body, "title": obj.title, "url": obj.url, "outlet": obj.outlet,
        "id": obj.id, "exclusive": obj.exclusive,
        "published": obj.published.isoformat() if obj.published else None,
        "removed": [r.model_dump() for r in obj.removed],
        "dateline": [obj.dateline.start, obj.dateline.end, obj.dateline.text] if obj.dateline else None,
    }}


def decode_document(obj, chain=None):
    if not (isinstance(obj, dict) and _DOCUMENT_KEY in obj):
        return obj if chain is None else chain(obj)
    data = dict(obj[_DOCUMENT_KEY])
    data["published"] = dt.date.fromisoformat(data["published"]) if data["published"] else None
    data["removed"] = [Removed(**r) for r in data["removed"]]
    data["dateline"] = TextSpan(*data["dateline"]) if data["dateline"] else None
    return Document(**data)


def register_extensions() -> None:
    """The Doc and Token extensions above, and the Document's msgpack codec."""
    for name in ("document", "dateline_place", "entity_tokens", "place_tokens", "referent_tokens", *RECORDS):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for kind in ("entity", "place"):
        if not Token.has_extension(kind):
            Token.set_extension(kind, getter=_token_ref(kind))
    srsly.msgpack_encoders.register("sitrep_document", func=encode_document)
    srsly.msgpack_decoders.register("sitrep_document", func=decode_document)


register_extensions()
