"""The referents component: which entity a pronoun or a "the organization" stands for, decided
once, for attribution and the claims alike (a better coreference model can replace this one
place).

- "the organization", "the terror group" and their kin stand for the group named before them
  when that group is unambiguous: the only KB-known group named so far, or else the only group
  at all; the words become a mention of that group.
- A third-person pronoun (kb/pronouns.tsv) stands for the latest entity named before it of a
  type it can refer to, in its sentence or the ANTECEDENT_SENTENCES before it ("Weiner
  resigned ... He blamed hackers"); with none there it stands for nobody known: better unknown
  than a wrong name.

What it writes (annotations.py): Doc._.referent_tokens, [pronoun token, entity id, start and
end character of the mention it was resolved to] rows; a joined group's row in Doc._.entities
and doc.spans["entities"] gain the anaphor's mention.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from ..kb import entity_aliases, read_table
from ..model import Entity, Mention
from .annotations import ASSIGNS, Annotations, annotations, text_of, write

ANTECEDENT_SENTENCES = 3  # how far back a pronoun looks for its entity
PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "dative"})


class Pronoun(NamedTuple):
    case: str     # subject, object, possessive
    kind: str     # person, plural, thing
    gender: str   # m, f or ""
    refers_to: frozenset[str]


@cache
def pronouns() -> dict[str, Pronoun]:
    """kb/pronouns.tsv: pronoun -> what it can stand for."""
    return {row["pronoun"]: Pronoun(row["case"], row["kind"], row["gender"], frozenset(row["refers_to"].split()))
            for row in read_table("pronouns.tsv")}


@cache
def group_anaphors() -> re.Pattern:
    """ "the organization" and its kin (kb/group_anaphors.tsv), after the/this/that."""
    nouns = "|".join(re.escape(row["noun"]) for row in read_table("group_anaphors.tsv"))
    return re.compile(rf"(?:the|this|that) (?:{nouns})", re.I)


def resolve_referents(doc: Doc) -> Doc:
    ann = annotations(doc)
    known = frozenset(e.id for e in ann.entities if e.name in entity_aliases())  # named as the alias KB names it
    joined = join_group_anaphors(doc, ann.entities, known)
    if joined:
        write(doc, "entities", ann.entities, label=lambda entity: entity.type)
    words, mentions = word_referents(doc, ann)
    types = {e.id: e.type for e in ann.entities}
    rows = []
    for token in doc:
        pronoun = pronouns().get(token.lower_)
        if pronoun is None:
            continue
        found = antecedent(token, pronoun, words, types)
        if found is not None:
            start, end = mentions.get(found, (found, found + 1))
            span = doc[start:end]
            rows.append([token.i, words[found], span.start_char, span.end_char])
    doc._.referent_tokens = rows
    return doc


def join_group_anaphors(doc: Doc, entities: list[Entity], known: frozenset[str]) -> bool:
    """ "the organization" joins the group named before it, when that group is unambiguous:
    the only KB-known group named so far, or else the only group at all. Whether any did."""
    groups = [e for e in entities if e.type == "GROUP"]
    joined = False
    for match in group_anaphors().finditer(text_of(doc)):
        before = [g for g in groups if g.mentions and g.mentions[0].start < match.start()]
        referents = [g for g in before if g.id in known] or before
        if len(referents) == 1:
            referents[0].mentions.append(Mention(start=match.start(), end=match.end(), text=match.group()))
            referents[0].mentions.sort(key=lambda m: m.start)
            joined = True
    return joined


def word_referents(doc: Doc, ann: Annotations) -> tuple[dict[int, str], dict[int, tuple[int, int]]]:
    """Each word's entity or place (the entities component's words, then every word of a
    mention but an EVENT's: "the Brussels bombings" make no doer of Brussels), and the token
    span of the mention each word is part of."""
    words = dict(ann.token_place)
    words.update(ann.token_entity)
    mentions: dict[int, tuple[int, int]] = {}
    for entity in ann.entities:
        if entity.type == "EVENT":
            continue
        for m in entity.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            for token in span or []:
                words.setdefault(token.i, entity.id)
                mentions.setdefault(token.i, (span.start, span.end))
    return words, mentions


def antecedent(token, pronoun: Pronoun, words: dict[int, str], types: dict[str, str]) -> int | None:
    """The word of the latest entity of a fitting type before the pronoun, in its sentence or
    the ANTECEDENT_SENTENCES before it. A plural pronoun stops at a nearer plural noun that is
    no entity ("they had never met", after "friends"; "the Taliban attacked the soldiers, and
    they fled"): that is likelier what it stands for, and it is no entity."""
    start = token.sent.start
    for _ in range(ANTECEDENT_SENTENCES):
        if start == 0:
            break
        start = token.doc[start - 1].sent.start
    for i in range(token.i - 1, start - 1, -1):
        ref = words.get(i)
        if ref and types.get(ref) in pronoun.refers_to:
            return i
        if pronoun.kind == "plural" and ref is None and is_plural_party(token.doc[i]):
            return None
    return None


def is_plural_party(word) -> bool:
    """A plural common noun heading a participant's phrase (subject, object, complement)."""
    return word.tag_ == "NNS" and word.dep_ in PARTY_DEPS


class Referent(NamedTuple):
    entity: str
    start_char: int
    end_char: int


def referents_of(doc: Doc) -> dict[int, Referent]:
    """Pronoun token -> the entity it stands for and the mention it was resolved to."""
    return {row[0]: Referent(row[1], row[2], row[3]) for row in doc._.referent_tokens or ()}


@Language.factory("sitrep_referents", assigns=ASSIGNS["sitrep_referents"],
                  requires=["doc._.entities", "doc._.entity_tokens", "doc._.place_tokens", "doc.sents"])
def make_referents(nlp: Language, name: str):
    return resolve_referents
