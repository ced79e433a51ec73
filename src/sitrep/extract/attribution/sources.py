"""Sources: each distinct speaker once, with every phrase that refers to them.

Speakers are met in reading order. A pronoun ("he said") or a definite role
phrase ("the official said") refers back to a source already introduced;
a name refers back to the same name or entity; anything else introduces a
new source. Role and affiliation come from the speaker phrase's own words:
the role is the role noun with its common-noun compounds ("intelligence
official"), the affiliation is a nationality, place or organisation modifying
it ("Arab", "U.S.", "at the Pentagon").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...model import Mention, Source
from ..annotations import Annotations, text_of
from .lexicon import (
    PRONOUN_GENDER,
    PRONOUNS,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_RELATIVE,
    PRONOUNS_THING,
    gendered_words,
    role_nouns,
)

_NAMED_ENTITY = frozenset({"PERSON", "GOV", "ORG", "OUTLET", "GROUP"})
_SPACY_NAMED = frozenset({"PERSON", "ORG", "GPE", "FAC"})
_AFFILIATION_ENTS = frozenset({"NORP", "GPE", "ORG", "LOC", "FAC"})
_DROP_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "parataxis", "punct", "cc", "conj"})
_AFFILIATION_PREPS = frozenset({"at", "of", "with", "from", "for", "in"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass
class _Source:
    description: str
    named: bool
    name: str | None
    role: str | None
    affiliation: str | None
    entity: str | None
    kind: str  # 'person', 'group' or 'thing': what pronouns may refer to it
    plural: bool
    head_lemma: str
    gender: str | None = None  # 'm'/'f' once a title, role noun or resolved he/she says so
    mentions: list[tuple[int, int]] = field(default_factory=list)


class SourceTable:
    """The sources of one document, built speaker by speaker in reading order."""

    def __init__(self, doc: Doc, ann: Annotations):
        self.doc = doc
        self.ann = ann
        self.sources: list[_Source] = []

    def resolve(self, head: Token, phrase: Span | None = None) -> int | None:
        """The index of the source a speaker phrase refers to, added as a mention.

        `phrase` is the speaker's words when they are not a parse subtree (a
        name label); otherwise the phrase is read off the parse around `head`.
        """
        lower = head.lower_
        if lower in PRONOUNS_RELATIVE and head.head.dep_ == "relcl" and head.head.head is not head.head:
            return self._relative(head)
        given, phrase = phrase, phrase if phrase is not None else speaker_phrase(head)
        if lower in PRONOUNS or lower in PRONOUNS_RELATIVE:
            index = self._antecedent(head)
            if index is not None and self.sources[index].gender is None:
                self.sources[index].gender = PRONOUN_GENDER.get(lower)
        else:
            index = self._same_source(head, given)
            if index is None:
                index = self._new(head, phrase, given)
        if index is not None:
            self._mention(index, phrase)
        return index

    def _relative(self, pronoun: Token) -> int | None:
        """ "officials, who said ...": the relative clause's noun is the source, "who" a mention of it."""
        index = self.resolve(pronoun.head.head)
        if index is not None:
            self._mention(index, pronoun.doc[pronoun.i: pronoun.i + 1])
        return index

    def records(self) -> tuple[list[Source], dict[int, str]]:
        """Contract records in order of first mention, and table index -> source id."""
        order = sorted(range(len(self.sources)), key=lambda i: min(self.sources[i].mentions))
        ids = {index: f"s{n}" for n, index in enumerate(order, start=1)}
        records = [self._record(ids[i], self.sources[i]) for i in order]
        return records, ids

    # ------------------------------------------------------------------------------------------

    def _record(self, sid: str, src: _Source) -> Source:
        text = text_of(self.doc)
        mentions = [Mention(start=s, end=e, text=text[s:e]) for s, e in sorted(set(src.mentions))]
        return Source(id=sid, name=src.name, description=src.description, named=src.named,
                      role=src.role, affiliation=src.affiliation, entity=src.entity,
                      mentions=mentions)

    def _mention(self, index: int, phrase: Span) -> None:
        self.sources[index].mentions.append((phrase.start_char, phrase.end_char))

    def _antecedent(self, pronoun: Token) -> int | None:
        """The latest source mentioned before a pronoun that the pronoun can stand for."""
        before = [(max(e for s, e in src.mentions if s < pronoun.idx), i)
                  for i, src in enumerate(self.sources)
                  if any(s < pronoun.idx for s, _ in src.mentions)]
        if not before:
            return None
        before.sort(reverse=True)
        for _, i in before:
            if _agrees(pronoun.lower_, self.sources[i]):
                return i
        return before[0][1]

    def _same_source(self, head: Token, given: Span | None) -> int | None:
        """An earlier source this phrase names again: same entity, same name, or 'the <role>'."""
        entity = self.ann.token_entity.get(head.i)
        name = _name(head, self.ann, given) if given is not None or _is_named(head, self.ann) else None
        for i in range(len(self.sources) - 1, -1, -1):
            src = self.sources[i]
            if entity is not None and src.entity == entity:
                return i
            if name and src.name and _same_name(name, src.name):
                return i
            if name is None and not src.named and _definite(head) and _same_role(head, src):
                return i
        return None

    def _new(self, head: Token, phrase: Span, given: Span | None) -> int:
        named = given is not None or _is_named(head, self.ann)  # a label or signature is a name
        entity = self.ann.token_entity.get(head.i)
        role_head = _role_head(head)
        self.sources.append(_Source(
            description=" ".join(phrase.text.split()),
            named=named,
            name=_name(head, self.ann, given) if named else None,
            role=_role(role_head) if role_head is not None else None,
            affiliation=_source_affiliation(head, role_head, named, self.ann),
            entity=entity,
            kind=_kind(head, self.ann),
            plural=head.tag_ in ("NNS", "NNPS"),
            head_lemma=head.lemma_.lower(),
            gender=next((gendered_words()[t.lower_] for t in phrase if t.lower_ in gendered_words()), None),
        ))
        return len(self.sources) - 1


def speaker_phrase(head: Token) -> Span:
    """The noun phrase of a speaker: its head with modifiers, without clauses hung on it."""
    doc = head.doc
    if head.lower_ in PRONOUNS or head.lower_ in PRONOUNS_RELATIVE:
        return doc[head.i: head.i + 1]
    keep = [head.i]
    for child in head.children:
        if child.dep_ in _DROP_DEPS:
            continue
        keep.extend(t.i for t in child.subtree)
    lo, hi = min(keep), max(keep)
    # the phrase must be contiguous around the head: cut at the first dropped token
    dropped = {t.i for c in head.children if c.dep_ in _DROP_DEPS for t in c.subtree}
    while lo < head.i and (lo in dropped or doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    for i in range(head.i + 1, hi + 1):
        if i in dropped or "\n" in doc[i].text:
            hi = i - 1
            break
    while hi > head.i and (doc[hi].is_space or doc[hi].is_punct):
        hi -= 1
    return doc[lo: hi + 1]


def _is_named(head: Token, ann: Annotations) -> bool:
    """A source is named when its phrase is headed by a name, not a description."""
    entity_id = ann.token_entity.get(head.i)
    if entity_id is not None:
        entity = ann.entity(entity_id)
        if entity is not None and entity.type in _NAMED_ENTITY:
            return True
    if head.lower_ in PRONOUNS:
        return False
    return head.pos_ == "PROPN" or head.ent_type_ in _SPACY_NAMED


def _name(head: Token, ann: Annotations, given: Span | None = None) -> str:
    """The name: the linked entity's canonical name, else the label as written, else the
    name tokens around the head."""
    entity_id = ann.token_entity.get(head.i)
    entity = ann.entity(entity_id) if entity_id is not None else None
    if entity is not None:
        return entity.name
    if given is not None:
        return " ".join(given.text.split())
    doc = head.doc
    if head.ent_type_:
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            return " ".join(ent.text.split()).removeprefix("the ").removesuffix("’s").removesuffix("'s")
    lo = head.i
    while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i in (head.i, lo):
        lo -= 1
    return " ".join(doc[lo: head.i + 1].text.split())


def _same_name(a: str, b: str) -> bool:
    """ "Trump" and "Donald Trump" are the same speaker: one name ends the other."""
    a_words, b_words = a.lower().split(), b.lower().split()
    short, long = sorted((a_words, b_words), key=len)
    return bool(short) and long[-len(short):] == short


def _definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)


def _same_role(head: Token, src: _Source) -> bool:
    """ "the official" after "an Arab intelligence official": the same role noun, same number."""
    if head.lemma_.lower() != src.head_lemma:
        return False
    return (head.tag_ in ("NNS", "NNPS")) == src.plural


def _role_head(head: Token) -> Token | None:
    """The role noun of a speaker phrase: its head, an apposition or a title before a name."""
    nouns = role_nouns()
    if head.lemma_.lower() in nouns and head.pos_ != "PROPN":
        return head
    for child in head.children:
        if child.dep_ == "appos" and child.lemma_.lower() in nouns:
            return child
    titles = [c for c in head.children if c.dep_ == "compound" and c.lemma_.lower() in nouns]
    return titles[-1] if titles else None


def _role(role_head: Token) -> str:
    """Role noun with its common-noun compounds: 'intelligence official'."""
    words = [c for c in role_head.children
             if c.dep_ == "compound" and c.pos_ == "NOUN" and not c.ent_type_ and c.i < role_head.i]
    words.sort(key=lambda t: t.i)
    return " ".join([w.lower_ for w in words] + [role_head.lemma_.lower()])


def _source_affiliation(head: Token, role_head: Token | None, named: bool,
                        ann: Annotations) -> str | None:
    """Affiliation of the role ("Arab" official); a bare name has none (its own words are the name)."""
    if role_head is not None:
        found = _affiliation(role_head, ann)
        if found or not named or role_head is head:
            return found
        # "Pentagon spokesman John Kirby": the organisation may hang on the name, before the title
        return _affiliation(head, ann, before=role_head.i)
    return None if named else _affiliation(head, ann)


def _affiliation(head: Token, ann: Annotations, before: int | None = None) -> str | None:
    """Who the source speaks for: a nationality, place or organisation attached to the role."""
    limit = head.i if before is None else before
    for child in sorted(head.children, key=lambda t: t.i):
        if child.i < limit and child.dep_ in ("amod", "compound", "nmod", "poss") and _is_affiliation(child, ann):
            return _entity_text(child, ann)
    for child in head.children if before is None else ():
        if child.dep_ == "prep" and child.lower_ in _AFFILIATION_PREPS:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None and _is_affiliation(obj, ann):
                return " ".join(head.doc[obj.left_edge.i: obj.i + 1].text.split())
    return None


def _is_affiliation(token: Token, ann: Annotations) -> bool:
    if token.i in ann.token_entity or token.i in ann.token_place:
        return True
    if token.ent_type_ in _AFFILIATION_ENTS:
        return True
    return token.pos_ == "PROPN" or (token.pos_ == "ADJ" and token.text[:1].isupper())


def _entity_text(token: Token, ann: Annotations) -> str:
    """The whole name a modifier token belongs to ("U.S.", "State Department")."""
    doc = token.doc
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if ent is not None:
        text = ent.text
    else:
        lo = token.i
        while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i == token.i:
            lo -= 1
        text = doc[lo: token.i + 1].text
    text = text.removesuffix("’s").removesuffix("'s")
    return " ".join(text.split())


def _kind(head: Token, ann: Annotations) -> str:
    """What a pronoun may call this source: a person, a group that speaks as one, or a thing."""
    entity_id = ann.token_entity.get(head.i)
    entity = ann.entity(entity_id) if entity_id is not None else None
    if (entity is not None and entity.type == "PERSON") or head.ent_type_ == "PERSON":
        return "person"
    if entity is not None or head.ent_type_ in ("ORG", "GPE", "NORP"):
        return "group"
    role = role_nouns().get(head.lemma_.lower())
    if role:
        return role
    return "person" if head.pos_ == "PROPN" else "thing"


def _agrees(pronoun: str, src: _Source) -> bool:
    """Whether a pronoun can refer to a source (he/she a person, they a plural or group)."""
    if pronoun in PRONOUNS_PERSON:
        gender_ok = src.gender is None or src.gender == PRONOUN_GENDER[pronoun]
        return src.kind == "person" and not src.plural and gender_ok
    if pronoun in PRONOUNS_PLURAL:
        return src.plural or src.kind == "group"
    if pronoun in PRONOUNS_THING:
        return src.kind in ("group", "thing") and not src.plural
    return True
