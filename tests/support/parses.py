"""Docs from hand-built parses (words, heads, deps, POS, lemmas, tags), as spaCy's own tests
build them, with the entity and place annotations sitrep's components share: rule functions
tested on them cannot have a parser change hide a regression."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.documents import Document, Span
from sitrep.extract.annotations import annotations, register_extensions, write, write_tokens
from sitrep.extract.claims.lexicon import lexicon
from sitrep.extract.claims.roles import Referents
from sitrep.extract.referents import resolve_referents
from sitrep.model import Entity, Mention, Place


def parse(nlp, rows: list[tuple], names: dict[str, tuple[str, str]] | None = None, dateline: str | None = None):
    """A Doc from (word, head index, dep, POS, lemma[, tag]) rows, and its Referents. `names`
    maps a phrase to (id, type): an id starting with "p" is a place, else an entity of that type;
    `dateline` is the place text the Doc opens with, as cleaning finds it."""
    words = [r[0] for r in rows]
    doc = Doc(nlp.vocab, words=words, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[4] for r in rows], tags=[r[5] if len(r) > 5 else "" for r in rows],
              sent_starts=[True] + [False] * (len(rows) - 1))
    register_extensions()
    if dateline is not None:
        doc._.document = Document(input="-", body=doc.text, dateline=Span(start=0, end=len(dateline), text=dateline))
    entities, places, token_entity, token_place = [], [], {}, {}
    for phrase, (ref, kind) in (names or {}).items():
        start = doc.text.index(phrase)
        span = doc.char_span(start, start + len(phrase))
        mention = Mention(start=span.start_char, end=span.end_char, text=span.text)
        if ref.startswith("p"):
            places.append(Place(id=ref, name=phrase, kind=kind, mentions=[mention]))
            token_place.update({t.i: ref for t in span})
        else:
            entities.append(Entity(id=ref, name=phrase, type=kind, mentions=[mention]))
            token_entity.update({t.i: ref for t in span})
    write(doc, "entities", entities, label=lambda entity: entity.type)
    write(doc, "places", places, label=lambda place: place.kind)
    write_tokens(doc, "entity", token_entity)
    write_tokens(doc, "place", token_place)
    resolve_referents(doc)
    return doc, Referents(doc, annotations(doc), lexicon())
