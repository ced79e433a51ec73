"""Sources: each distinct speaker once, with every phrase that refers to them.

Speakers are met in reading order. A pronoun ("he said") or a definite role
phrase ("the official said") refers back to a source already introduced;
a name refers back to the same name or entity, a description to the same
description; anything else introduces a new source: one source per speaker
per article, whatever number of cues its words carry ("X accused ... and
warned ..."). A name in apposition names the source ("China's ambassador to
Britain Liu Xiaming" is Liu Xiaming), and a word the tagger missed but the
article names as an entity elsewhere is that entity ("Trump thought ...").
The article's own "I" and "we" (outside quotation marks, where cues are
read) are its writer, one source described as "the writer", never "I". A
generic "you", a random "anybody" and a negated "no one" name nobody: what
they "say" has no source.

Role and affiliation come from the speaker phrase's own words: the role is
the role noun with its common-noun compounds ("intelligence official"), the
affiliation is a nationality, place or organisation modifying it ("Arab",
"U.S.", "at the Pentagon").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...model import Entity, Mention, Source
from ..annotations import Annotations, text_of
from ..referents import referents_of
from .lexicon import (
    PRONOUN_GENDER,
    PRONOUNS,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_RELATIVE,
    PRONOUNS_THING,
    gendered_words,
    name_gender,
    honorifics,
    non_speakers,
    role_nouns,
)

_NAMED_ENTITY = frozenset({"PERSON", "GOV", "ORG", "OUTLET", "GROUP"})
_GOING_ON = frozenset({"add", "continue"})  # cue lemmas by which the speaker before goes on
_OPENING_MARKS = "\"“‘'"
_SPACY_NAMED = frozenset({"PERSON", "ORG", "GPE", "FAC"})
_AFFILIATION_ENTS = frozenset({"NORP", "GPE", "ORG", "LOC", "FAC"})
_DROP_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "parataxis", "punct", "cc", "conj"})
_AFFILIATION_PREPS = frozenset({"at", "of", "with", "from", "for", "in"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
WRITER = "the writer"  # the description of the source who says "I" and "we" in the article's own text
_ARTICLES = frozenset({"a", "an", "the"})
_DESCRIBING_DEPS = frozenset({"amod", "acl", "prep"})  # "anyone familiar with the talks"
_NAME_PREPS = frozenset({"of", "for"})  # "Office for the Western District of New York"
_HYPHENS = frozenset({"-", "–"})
_NAME_GLUE = _HYPHENS | {"’s", "'s"}  # "Holtz-Eakin", "Attorney’s Office"
_NOT_PART_OF_NAME = frozenset({"GPE", "LOC", "NORP", "PERSON"})  # "Russia’s" before "Putin"


@dataclass
class _Source:
    description: str
    named: bool
    name: str | None
    role: str | None
    affiliation: str | None
    entity: str | None
    kind: str  # 'person', 'group', 'thing' or 'writer': what pronouns may refer to it
    plural: bool
    head_lemma: str
    gender: str | None = None  # 'm'/'f' once a title, role noun or resolved he/she says so
    description_key: str | None = None  # an unnamed source's words, compared to find it again
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Speaker:
    """A speaker phrase read once: its head, the words that name it (if any) and its entity."""

    head: Token
    phrase: Span
    given: Span | None  # a label or signature: the name as written
    name_span: Span | None  # the name's own words: the head, or a name in apposition to it
    entity: str | None

    @property
    def named(self) -> bool:
        return self.given is not None or self.name_span is not None


def speaker_voice(head: Token) -> str:
    """Whose words a speaker phrase stands for: 'source' (somebody the text names or
    describes), 'writer' (the article's own "I" or "we": its writer) or 'nobody' (a generic
    "you", a random "anybody", a negated "no one": no source at all).

    spaCy's morphology says which pronouns are first or second person; kb/non_speakers.tsv
    lists the words of negated and random speakers.
    """
    person = head.morph.get("Person") if head.pos_ == "PRON" else []
    if "1" in person:
        return "writer"
    if "2" in person:
        return "nobody"
    words = non_speakers()
    if head.lower_ in words.get("head", ()) and not any(c.dep_ in _DESCRIBING_DEPS for c in head.children):
        return "nobody"
    if any(c.dep_ == "det" and c.lower_ in words.get("determiner", ()) for c in head.children):
        return "nobody"
    return "source"


class SourceTable:
    """The sources of one document, built speaker by speaker in reading order."""

    def __init__(self, doc: Doc, ann: Annotations):
        self.doc = doc
        self.ann = ann
        self.sources: list[_Source] = []
        self.by_head: dict[int, int | None] = {}  # speaker head token -> source, once resolved
        self.writer: int | None = None  # the source of the article's own "I" and "we"
        self.named_words = _named_words(ann)
        self.referents = referents_of(doc)  # pronoun token -> the entity it stands for

    def resolve(self, head: Token, phrase: Span | None = None) -> int | None:
        """The index of the source a speaker phrase refers to, added as a mention.

        `phrase` is the speaker's words when they are not a parse subtree (a
        name label); otherwise the phrase is read off the parse around `head`.
        The same words met again (the subject of two cues) are the same source.
        """
        if head.i in self.by_head:
            return self.by_head[head.i]
        lower = head.lower_
        if lower in PRONOUNS_RELATIVE and head.head.dep_ == "relcl" and head.head.head is not head.head:
            return self._relative(head)
        voice = speaker_voice(head)
        if voice == "nobody":
            return None
        given, phrase = phrase, phrase if phrase is not None else speaker_phrase(head)
        if voice == "writer":
            index = self._writer()
        elif lower in PRONOUNS or lower in PRONOUNS_RELATIVE:
            index = self._antecedent(head)
            if index is not None and self.sources[index].gender is None:
                self.sources[index].gender = PRONOUN_GENDER.get(lower)
        else:
            speaker = self._speaker(head, phrase, given)
            index = self._same_source(speaker)
            if index is None:
                index = self._new(speaker)
            self._give_name(index, speaker)
        if index is not None:
            self._mention(index, phrase)
            self.by_head[head.i] = index
        return index

    def _writer(self) -> int:
        """The article's writer, who says "I" and "we" outside quotation marks: one source
        however often, described as what it is rather than by the pronoun."""
        if self.writer is None:
            self.sources.append(_Source(description=WRITER, named=False, name=None, role="writer",
                                        affiliation=None, entity=None, kind="writer", plural=False,
                                        head_lemma="writer"))
            self.writer = len(self.sources) - 1
        return self.writer

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
                  if i != self.writer and any(s < pronoun.idx for s, _ in src.mentions)]
        if not before:
            return self._entity_antecedent(pronoun)
        before.sort(reverse=True)
        chosen = next((i for _, i in before if _agrees(pronoun.lower_, self.sources[i])), before[0][1])
        last = max(e for s, e in self.sources[chosen].mentions if s < pronoun.idx)
        subject = self._paragraph_subject(pronoun, after=last)
        return subject if subject is not None else chosen

    def _paragraph_subject(self, pronoun: Token, after: int) -> int | None:
        """A person the pronoun's paragraph names as a subject after the latest source it could
        stand for ("Rubio disagreed. / ... ," he said" is Rubio, not the speaker before):
        news introduces the next speaker as the subject of a paragraph and goes on with "he"."""
        if pronoun.lower_ not in PRONOUNS_PERSON or pronoun.head.lemma_.lower() in _GOING_ON:
            return None  # "he added", "he continued": the speaker before goes on
        start = self._paragraph_start(pronoun.idx)
        if text_of(self.doc)[start:start + 1] in _OPENING_MARKS:  # a quotation opens it: the frame is above
            start = self._previous_paragraph_start(start)
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        for i in range(pronoun.sent.start - 1, -1, -1):
            token = self.doc[i]
            if token.idx < max(start, after):
                return None
            entity_id = self.ann.token_entity.get(token.i)
            entity = self.ann.entity(entity_id) if entity_id is not None else None
            if entity is None or entity.type != "PERSON":
                continue
            head = token
            while head.dep_ in ("compound", "appos", "flat") and head.head is not head:
                head = head.head
            if head.dep_ not in ("nsubj", "nsubjpass") or head.head.dep_ not in ("ROOT", "conj") \
                    or name_gender(entity.name) not in (None, gender):
                continue  # only a main clause's subject: not one inside what somebody said
            words = self.doc.char_span(head.left_edge.idx, head.idx + len(head), alignment_mode="expand")
            speaker = self._speaker(head, words, None)
            index = self._same_source(speaker)
            if index is None:
                index = self._new(speaker)
            self._mention(index, words)
            return index
        return None

    def _paragraph_start(self, char: int) -> int:
        """Where the paragraph holding a character begins."""
        return text_of(self.doc).rfind("\n", 0, char) + 1

    def _previous_paragraph_start(self, start: int) -> int:
        """Where the paragraph before the one starting at `start` begins."""
        text = text_of(self.doc)
        end = start - 1
        while end > 0 and text[end].isspace():
            end -= 1
        return self._paragraph_start(end) if end > 0 else 0

    def _entity_antecedent(self, pronoun: Token) -> int | None:
        """A pronoun said before any source was: the entity it stands for (the referents
        component's: "Rakeyia Scott ... She said"), made a source with its name as a mention."""
        referent = self.referents.get(pronoun.i)
        if referent is None:
            return None
        words = self.doc.char_span(referent.start_char, referent.end_char, alignment_mode="expand")
        if words is None:
            return None
        speaker = self._speaker(words.root, words, None)
        index = self._same_source(speaker)
        if index is None:
            index = self._new(speaker)
        self._mention(index, words)
        return index

    def _entity_of(self, token: Token) -> str | None:
        """The entity a word belongs to: as the entities component marked it, else the entity
        the article names with this very word elsewhere (a sentence-initial "Trump" the tagger
        read as a common noun)."""
        entity = self.ann.token_entity.get(token.i)
        if entity is None and token.text[:1].isupper():
            entity = self.named_words.get(token.text)
        return entity

    def _is_named(self, token: Token) -> bool:
        """A speaker is named when a name heads its phrase, not a description. A name is
        written with a capital: a lower-case word the tagger calls a proper noun is not one."""
        entity_id = self._entity_of(token)
        if entity_id is not None:
            entity = self.ann.entity(entity_id)
            if entity is not None and entity.type in _NAMED_ENTITY:
                return True
        if token.lower_ in PRONOUNS or not _capitalised(token):
            return False
        return token.pos_ == "PROPN" or token.ent_type_ in _SPACY_NAMED

    def _speaker(self, head: Token, phrase: Span, given: Span | None) -> _Speaker:
        """Read a speaker phrase: which words name it and which entity it is."""
        naming = head if self._is_named(head) else next(
            (c for c in head.children if c.dep_ == "appos" and phrase.start <= c.i < phrase.end
             and self._is_named(c)), None)
        name_span = _name_span(naming) if naming is not None and given is None else None
        entity = self._entity_of(naming if naming is not None else head)
        return _Speaker(head=head, phrase=phrase, given=given, name_span=name_span, entity=entity)

    def _name(self, speaker: _Speaker) -> str:
        """The name: the entity's canonical name, else the label as written, else the name's
        own words."""
        entity = self.ann.entity(speaker.entity) if speaker.entity is not None else None
        if entity is not None:
            return entity.name
        if speaker.given is not None:
            return " ".join(speaker.given.text.split())
        return " ".join(speaker.name_span.text.split())

    def _same_source(self, speaker: _Speaker) -> int | None:
        """An earlier source this phrase names again: same entity, same name, 'the <role>'
        after a description with that role, or the very same description."""
        name = self._name(speaker) if speaker.named else None
        key = None if speaker.named else _description_key(speaker.phrase)
        for i in range(len(self.sources) - 1, -1, -1):
            src = self.sources[i]
            if speaker.entity is not None and src.entity == speaker.entity:
                return i
            if name and src.name and _same_name(name, src.name):
                return i
            if name is None and not src.named and (
                    src.description_key == key or _definite(speaker.head) and _same_role(speaker.head, src)):
                return i
            if name and _names_description(speaker.phrase, src):
                return i
        return None

    def _give_name(self, index: int, speaker: _Speaker) -> None:
        """An unnamed source the text now names ("China's ambassador to Britain", then
        "China's ambassador to Britain Liu Xiaming"): the source is named from here on."""
        src = self.sources[index]
        if src.named or not speaker.named:
            return
        src.named, src.name, src.entity = True, self._name(speaker), speaker.entity
        src.gender = src.gender or name_gender(src.name)
        src.description = " ".join(speaker.phrase.text.split())
        src.description_key = None
        if src.entity is not None:
            entity = self.ann.entity(src.entity)
            src.kind = _kind(speaker.head, entity)

    def _new(self, speaker: _Speaker) -> int:
        head, phrase = speaker.head, speaker.phrase
        role_head = _role_head(head)
        entity = self.ann.entity(speaker.entity) if speaker.entity is not None else None
        self.sources.append(_Source(
            description=" ".join(phrase.text.split()),
            named=speaker.named,
            name=self._name(speaker) if speaker.named else None,
            role=_role(role_head) if role_head is not None else None,
            affiliation=_source_affiliation(head, role_head, speaker, self.ann),
            entity=speaker.entity,
            kind=_kind(head, entity),
            plural=head.tag_ in ("NNS", "NNPS"),
            head_lemma=head.lemma_.lower(),
            gender=next((gendered_words()[t.lower_] for t in phrase if t.lower_ in gendered_words()), None)
            or (name_gender(self._name(speaker)) if speaker.named else None),
            description_key=None if speaker.named else _description_key(phrase),
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


def _named_words(ann: Annotations) -> dict[str, str]:
    """One-word names the article gives its named entities (a name, an alias, a mention, a
    person's surname) -> the entity; a word two entities share names neither."""
    owners: dict[str, set[str]] = {}
    for entity in ann.entities:
        if entity.type not in _NAMED_ENTITY:
            continue
        words = {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}
        if entity.type == "PERSON" and len(entity.name.split()) > 1:
            words.add(entity.name.split()[-1])
        for word in words:
            if word and " " not in word:
                owners.setdefault(word, set()).add(entity.id)
    return {word: next(iter(ids)) for word, ids in owners.items() if len(ids) == 1}


def _name_span(token: Token) -> Span:
    """The words of the name a token heads: the named-entity span it is in, or the proper
    nouns around it joined by spaces, hyphens or a possessive ("Holtz-Eakin", "U.S.
    Attorney’s Office"), with a proper-noun complement ("... Office for the Western District
    of New York"); a courtesy title ("Mr.") is not part of it, nor "the"."""
    doc = token.doc
    lo, hi = token.i, token.i
    ent = _entity_of(token)
    if ent is not None:
        lo, hi = ent.start, ent.end - 1
    while lo > 0 and _joins_name_left(doc[lo - 1], doc[lo]):
        lo -= 1
    while (hi + 2 < len(doc) and doc[hi + 1].text in _HYPHENS and _glued(doc[hi], doc[hi + 1])
           and _glued(doc[hi + 1], doc[hi + 2]) and doc[hi + 2].pos_ == "PROPN"):
        hi += 2
    hi = _name_complement(doc[hi], hi)
    while lo < hi and (doc[lo].lower_ in honorifics() or doc[lo].lower_ == "the"):
        lo += 1
    while hi > lo and doc[hi].text in _NAME_GLUE:  # "Trump’s" is Trump
        hi -= 1
    return doc[lo: hi + 1]


def _entity_of(token: Token) -> Span | None:
    """The named-entity span a token is in, as doc.ents holds it, read from the tokens' IOB
    marks: doc.ents builds a Span of every entity of the article on each call."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _capitalised(token: Token) -> bool:
    """Whether the written word a token is part of starts with a capital ("yip" of
    "Hau-yip" does)."""
    doc, i = token.doc, token.i
    while i >= 2 and doc[i - 1].text in _HYPHENS and _glued(doc[i - 1], doc[i]) and _glued(doc[i - 2], doc[i - 1]):
        i -= 2
    return doc[i].text[:1].isupper()


def _glued(left: Token, right: Token) -> bool:
    """Whether two tokens are written with no space between them."""
    return not left.whitespace_ and right.i == left.i + 1


def _joins_name_left(before: Token, first: Token) -> bool:
    """Whether the token before a name's first word is part of the name: a proper noun, or a
    hyphen or possessive glued between proper nouns ("Holtz-", "Attorney’s") unless the
    possessor is a place or person ("Russia’s Putin")."""
    doc = before.doc
    if before.text in _NAME_GLUE:
        owner = doc[before.i - 1] if before.i > 0 else None
        return (owner is not None and owner.pos_ == "PROPN" and _glued(owner, before)
                and (before.text in _HYPHENS and _glued(before, first) or owner.ent_type_ not in _NOT_PART_OF_NAME))
    return before.pos_ == "PROPN" and before.text[:1].isupper() and before.head.i >= before.i


def _name_complement(last: Token, hi: int) -> int:
    """Extend a name over a following "of"/"for" phrase made of proper nouns only
    ("Office for the Western District of New York"); the new last token index."""
    doc = last.doc
    for prep in last.children:
        if prep.dep_ != "prep" or prep.lower_ not in _NAME_PREPS or prep.i != hi + 1:
            continue
        words = sorted(prep.subtree, key=lambda t: t.i)
        if all(t.pos_ in ("PROPN", "DET", "ADP", "PUNCT") for t in words) and any(t.pos_ == "PROPN" for t in words):
            end = words[-1].i
            while end > hi and doc[end].is_punct:
                end -= 1
            return end
    return hi


def _description_key(phrase: Span) -> str:
    """An unnamed source's words as compared within one article: case, spacing, quotation
    mark style and a leading article do not count ("Police" is "police")."""
    words = [t.lower_.replace("’", "'") for t in phrase if not t.is_space]
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _same_name(a: str, b: str) -> bool:
    """ "Trump" and "Donald Trump" are the same speaker: one name ends the other."""
    a_words, b_words = a.lower().split(), b.lower().split()
    short, long = sorted((a_words, b_words), key=len)
    return bool(short) and long[-len(short):] == short


def _names_description(phrase: Span, src: _Source) -> bool:
    """Whether a named phrase repeats an unnamed source's role description with the name
    added ("China's ambassador to Britain" + " Liu Xiaming")."""
    if src.named or src.role is None or not src.description_key:
        return False
    return _description_key(phrase).startswith(src.description_key + " ")


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


def _source_affiliation(head: Token, role_head: Token | None, speaker: _Speaker,
                        ann: Annotations) -> str | None:
    """Affiliation of the role ("Arab" official); a bare name has none (its own words are the name)."""
    if role_head is not None:
        found = _affiliation(role_head, ann)
        if found or not speaker.named or role_head is head:
            return found
        # "Pentagon spokesman John Kirby": the organisation may hang on the name, before the
        # title and before the name itself ("Cheuk Hau-yip, the commander": no affiliation)
        before = min(role_head.i, speaker.name_span.start) if speaker.name_span is not None else role_head.i
        return _affiliation(head, ann, before=before)
    return None if speaker.named else _affiliation(head, ann)


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
    ent = _entity_of(token)
    if ent is not None:
        text = ent.text
    else:
        lo = token.i
        while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i == token.i:
            lo -= 1
        text = doc[lo: token.i + 1].text
    text = text.removesuffix("’s").removesuffix("'s")
    return " ".join(text.split())


def _kind(head: Token, entity: Entity | None) -> str:
    """What a pronoun may call this source: a person, a group that speaks as one, or a thing."""
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
