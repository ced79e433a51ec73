"""Entities: spaCy's NER repaired with the alias KB and typed to CONTRACT's ENTITY_TYPE.

The small English model splits "Islamic State" into NORP + ORG, misses the
all-caps alias "IS", and tags outlets and places as people. This component
puts known names first (kb/entities.tsv, matched with PhraseMatchers), adds
phrase rules ("Chechen jihadis", "the Brussels bombings"), retypes what the
model found, and then groups mentions into one entity per real-world thing.

What it leaves behind:
- doc.ents: entity spans labelled with an ENTITY_TYPE, place candidates still
  labelled GPE/LOC/FAC for the places component, other model labels untouched;
- Doc._.entities, doc.spans["entities"] and Doc._.entity_tokens (annotations.py).
  EVENT entities' words belong to no entity there, since they ("Brussels" in
  "the Brussels bombings") still name a place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..geo.gazetteer import gazetteer
from ..kb import read_table
from ..model import Entity, Mention
from .annotations import ASSIGNS, document, text_of, write, write_tokens

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MODEL_TYPES = {"PERSON": "PERSON", "NORP": "NORP", "ORG": "ORG", "EVENT": "EVENT"}
POSSESSIVE = {"’s", "'s", "’", "'"}
DETERMINERS = ("the ", "The ")
# A place this prominent (the gazetteer's population prior) keeps its reading even beside a
# person of that surname: "Washington" stays the capital in a story quoting Denzel Washington.
GREAT_CITY_PRIOR = 1_000_000
# Priority when candidate spans overlap: lower wins, then the longer span.
KB, RULE, MODEL = 0, 1, 2


@dataclass
class Candidate:
    span: Span
    type: str
    priority: int
    key: Optional[str] = None  # KB name when the span matched the KB


@dataclass
class KnownEntity:
    name: str
    type: str
    kb: Optional[str]
    parent: Optional[str]
    aliases: tuple[str, ...] = field(default_factory=tuple)


class EntityKB:
    """The alias KB (kb/entities.tsv, built by scripts/build_kb.py) as one PhraseMatcher.

    Aliases match as written, plus a capital first letter for a sentence start ("Al-Qaeda",
    "The Kremlin"): case is what tells "LeT" the group from "let", "The Hill" the outlet
    from a hill, and the KB lists the spellings (al-Qaida, Al Qaeda, ...) it knows.
    """

    def __init__(self, nlp: Language):
        self.known: dict[str, KnownEntity] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Acronyms that are also English words ("IS") need context (see _ambiguous_ok).
        self.ambiguous: set[str] = set()
        stop_words = nlp.Defaults.stop_words
        for row in read_table("entities.tsv"):
            aliases = tuple(a for a in row["aliases"].split("|") if a)
            entity = KnownEntity(row["name"], row["type"], row["kb"] or None, row["parent"] or None, aliases)
            self.known[entity.name] = entity
            forms = {f for alias in (entity.name, *aliases) for f in (alias, alias[:1].upper() + alias[1:])}
            self.matcher.add(entity.name, [nlp.make_doc(form) for form in sorted(forms)])
            self.ambiguous.update(a for a in aliases if a.isupper() and a.lower() in stop_words)

    def candidates(self, doc: Doc) -> list[Candidate]:
        found = []
        for match_id, start, end in self.matcher(doc):
            name = doc.vocab.strings[match_id]
            span = doc[start:end]
            if span.text in self.ambiguous and not self._ambiguous_ok(span, name, doc):
                continue
            found.append(Candidate(span, self.known[name].type, KB, key=name))
        return found

    def _ambiguous_ok(self, span: Span, name: str, doc: Doc) -> bool:
        """An acronym that is also a word ("IS") counts only in mixed-case text that names
        the same entity another way too (so "WHAT IS" in a headline is never the group)."""
        sentence = span.sent.text
        if sum(c.isupper() for c in sentence) > 0.5 * sum(c.isalpha() for c in sentence):
            return False
        entity = self.known[name]
        others = [a for a in (entity.name, *entity.aliases) if a not in self.ambiguous]
        return any(a in text_of(doc) for a in others)


def _joined_place_matcher(nlp: Language, places) -> PhraseMatcher:
    """Country and state names joined by "and" ("Trinidad and Tobago", "Bosnia and
    Herzegovina"), which the model cuts in two, often with a person after the "and"."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    names = sorted({n for n in places.names_of_kind("country", "region") if " and " in n})
    matcher.add("PLACE", [nlp.make_doc(n) for n in names])
    return matcher


def _cue_table() -> dict[str, str]:
    return {row["word"]: row["type"] for row in read_table("entity_cues.tsv")}


def _group_nouns() -> dict[str, str]:
    return {row["noun"]: row["kind"] for row in read_table("group_nouns.tsv")}


class EntityComponent:
    """The spaCy component; one instance per pipeline, so the matchers are built once."""

    def __init__(self, nlp: Language):
        self.kb = EntityKB(nlp)
        self.cues = _cue_table()
        self.group_nouns = _group_nouns()
        self.places = gazetteer()
        self.joined_places = _joined_place_matcher(nlp, self.places)

    def __call__(self, doc: Doc) -> Doc:
        known = self.kb.candidates(doc)
        events = _resolve_overlaps([c for c in known if c.type == "EVENT"] + self.events(doc))
        candidates = [c for c in known if c.type != "EVENT"] + self.group_phrases(doc)
        candidates += [Candidate(doc[s:e], "GPE", RULE) for _, s, e in self.joined_places(doc)]
        surnames = _surnames(doc)
        candidates += [c for c in (self.retype(ent, surnames) for ent in doc.ents) if c is not None]
        nationalities = [ent for ent in doc.ents if ent.label_ == "NORP"]
        chosen = _resolve_overlaps(candidates)
        doc.ents = [c.span for c in chosen]
        named = [c for c in chosen if c.span.label_ not in PLACE_LABELS] + events
        named += _nationalities_inside(chosen, nationalities)
        build_entities(doc, sorted(named, key=lambda c: c.span.start), self.kb)
        return doc

    def group_phrases(self, doc: Doc) -> list[Candidate]:
        """NORP + group noun: "Chechen jihadis" (GROUP), "the Syrian army" (GOV)."""
        found = []
        for ent in doc.ents:
            if ent.label_ == "NORP" and ent.end < len(doc) and doc[ent.end].lower_ in self.group_nouns:
                kind = self.group_nouns[doc[ent.end].lower_]
                found.append(Candidate(doc[ent.start:ent.end + 1], "GOV" if kind == "state" else "GROUP", RULE))
        return found

    def events(self, doc: Doc) -> list[Candidate]:
        """Place + event noun: "the Brussels bombings". Kept out of doc.ents so that the
        place inside stays a place candidate."""
        found = []
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS and ent.end < len(doc) and self.cues.get(doc[ent.end].lower_) == "EVENT":
                span = Span(doc, ent.start, ent.end + 1, label="EVENT")
                found.append(Candidate(span, "EVENT", RULE))
        return found

    def retype(self, ent: Span, surnames: frozenset = frozenset()) -> Optional[Candidate]:
        """The model's span with a contract type, or relabelled as a place candidate."""
        ent = _trim(ent)
        if ent is None:
            return None
        label = ent.label_
        if label in PLACE_LABELS | {"ORG"} and self._is_surname(ent, surnames):
            return Candidate(Span(ent.doc, ent.start, ent.end, label="PERSON"), "PERSON", MODEL)
        if label in PLACE_LABELS:
            return Candidate(ent, label, MODEL)
        if label in ("PERSON", "ORG") and self._is_place(ent):
            return Candidate(Span(ent.doc, ent.start, ent.end, label="GPE"), "GPE", MODEL)
        if label == "ORG":
            cue = self.cues.get(ent[-1].lower_)
            return Candidate(ent, cue if cue in ("GOV", "OUTLET") else "ORG", MODEL)
        if label in MODEL_TYPES:
            return Candidate(ent, MODEL_TYPES[label], MODEL)
        return Candidate(ent, label, MODEL + 1)  # DATE, CARDINAL, ...: kept, lowest priority

    def _is_surname(self, ent: Span, surnames: frozenset) -> bool:
        """A lone word the model tagged as a place or organisation that is the surname of a
        person named in full in the same story ("Alicia Machado" ... "Trump attacked
        Machado"), unless it names a country or a great city ("Paris" beside "Paris Hilton")."""
        text = _strip(ent.text)
        if len(ent) != 1 or text.lower() not in surnames:
            return False
        best = self.places.lookup(text)[:1]
        return not best or (best[0].kind not in ("country", "continent") and best[0].prior < GREAT_CITY_PRIOR)

    def _is_place(self, ent: Span) -> bool:
        """A PERSON/ORG span that is really a place name: not after a title, known to the
        gazetteer as a country or city, and either all capitals (datelines) or a country."""
        text = _strip(ent.text)
        before = ent.doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        if before in person_titles() or not self.places.is_place(text):
            return False
        best = self.places.lookup(text)[0]
        return text.isupper() or best.kind in ("country", "continent") or ent.label_ == "PERSON" \
            and best.population > 100_000


@cache
def person_titles() -> frozenset[str]:
    """Titles before a person's name (kb/person_titles.tsv)."""
    return frozenset(row["title"] for row in read_table("person_titles.tsv"))


def _surnames(doc: Doc) -> frozenset:
    """Last words of the multi-word person names the model found, lower-cased."""
    return frozenset(_strip(ent.text).split()[-1].lower() for ent in doc.ents
                     if ent.label_ == "PERSON" and len(_strip(ent.text).split()) > 1)


def _trim(ent: Span) -> Optional[Span]:
    """Cut a model span at a free-standing dash ("Minnesota Vikings - while"), never at a
    hyphen inside a word ("Holtz-Eakin", "Hau-yip"), and drop punctuation at either end
    ("― Jacklyn Ashley" signing a quotation); None when nothing is left."""
    start = ent.start
    while start < ent.end and ent.doc[start].is_punct:
        start += 1
    end = start
    while end < ent.end and not (ent.doc[end].is_punct and ent.doc[end].text in "-–—|:"
                                 and not _inside_word(ent.doc[end])):
        end += 1
    while end > start and ent.doc[end - 1].is_punct:
        end -= 1
    return Span(ent.doc, start, end, label=ent.label_) if end > start else None


def _inside_word(token) -> bool:
    """Whether a token is written between two others with no space on either side."""
    doc = token.doc
    return 0 < token.i < len(doc) - 1 and not doc[token.i - 1].whitespace_ and not token.whitespace_


def _nationalities_inside(chosen: list[Candidate], nationalities: list[Span]) -> list[Candidate]:
    """A nationality the model found inside a state body or group phrase ("Syrian" in "the
    Syrian army", "Chechen" in "Chechen jihadis") is an entity too. Not inside a KB group's
    own name: "Islamic" in "Islamic State" is no nationality."""
    hosts = [c for c in chosen if c.type == "GOV" or (c.priority == RULE and c.type == "GROUP")]
    return [
        Candidate(Span(n.doc, n.start, n.end, label="NORP"), "NORP", RULE)
        for c in hosts for n in nationalities
        if c.span.start <= n.start and n.end < c.span.end
    ]


def _resolve_overlaps(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: KB before rules before the model, longer first."""
    taken: set[int] = set()
    chosen = []
    for c in sorted(candidates, key=lambda c: (c.priority, -(c.span.end - c.span.start), c.span.start)):
        tokens = set(range(c.span.start, c.span.end))
        if tokens & taken:
            continue
        taken |= tokens
        c.span = Span(c.span.doc, c.span.start, c.span.end, label=c.type)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.span.start)


def _strip(text: str) -> str:
    """The name in a mention: no leading 'the', no possessive."""
    text = text[4:] if text.startswith(DETERMINERS) else text
    for mark in sorted(POSSESSIVE, key=len, reverse=True):
        if text.endswith(mark):
            return text[: -len(mark)]
    return text


def build_entities(doc: Doc, chosen: list[Candidate], kb: EntityKB) -> None:
    """Group mentions into entities (KB name, else surface name) and record them on the Doc.

    One name is one entity in an article: the model may type "Trump" ORG in one sentence
    and PERSON in the next (settled by _settle_person_types), and a lone name ("Clinton",
    "Ban") is the person whose full name ("Hillary Clinton", "Ban Ki-moon") the article
    introduced before it (_full_names), wherever the model first found the lone name; the
    entity is named by the full name.
    """
    by_key: dict[str, Entity] = {}
    token_entity: dict[int, str] = {}
    named = [c for c in chosen if c.type in ("GROUP", "GOV", "ORG", "OUTLET", "PERSON", "NORP", "EVENT")]
    _settle_person_types(named)
    full_names = _full_names(named)
    for c in named:
        name = c.key or _strip(c.span.text)
        if c.type == "PERSON" and not c.key:
            name = full_names.get(name.lower(), name)
        key = c.key or f"{c.type}:{name.lower()}"
        entity = by_key.get(key)
        if entity is None:
            known = kb.known.get(c.key) if c.key else None
            entity = Entity(id=f"e{len(by_key) + 1}", name=name, type=c.type,
                            kb=known.kb if known else None)
            by_key[key] = entity
        _add_mention(doc, entity, c.span)
        if c.type != "EVENT" and c.span.label_ == c.type:
            for i in range(c.span.start, c.span.end):
                token_entity[i] = entity.id
    for entity in by_key.values():
        surface = {_strip(m.text) for m in entity.mentions}
        entity.aliases = sorted(s for s in surface if s != entity.name)
    for entity in by_key.values():
        entity.mentions.sort(key=lambda m: m.start)
    write(doc, "entities", list(by_key.values()), label=lambda entity: entity.type)
    write_tokens(doc, "entity", token_entity)


def _settle_person_types(named: list[Candidate]) -> None:
    """The model's PERSON and ORG for one name in one article, made one type: a name that is
    part of a person's full name is that person ("Trump" tagged ORG in a story about Donald
    Trump); else the type most of the name's mentions have, a person on a tie."""
    model = [c for c in named if c.key is None and c.type in ("PERSON", "ORG")]
    person_parts = {part.lower() for c in model if c.type == "PERSON" and len(c.span) > 1
                    for part in _strip(c.span.text).split()}
    votes: dict[str, Counter] = defaultdict(Counter)
    for c in model:
        votes[_strip(c.span.text).lower()][c.type] += 1
    for c in model:
        name = _strip(c.span.text).lower()
        if c.type == "ORG" and (name in person_parts or votes[name]["PERSON"] >= votes[name]["ORG"]):
            c.type = "PERSON"


def _full_names(named: list[Candidate]) -> dict[str, str]:
    """Lone person names (lower-cased) -> the full name each stands for: of the full names
    the article used before the lone name's first mention and that have it as a word, the
    first one introduced ("Clinton" after "Hillary Clinton" and "Chelsea Clinton" is
    Hillary; after "Bill Clinton ... his wife Hillary Clinton" it is Bill). A lone name the
    text used before any such full name is a person of its own ("Obama" in a story that
    names "Michelle Obama" later), except in a first line that is a headline ("Trump urges
    supporters ..." above "Donald Trump is ..."); a full name the title gives counts as
    introduced before the body."""
    people = [(c.span, _strip(c.span.text)) for c in named if c.type == "PERSON" and not c.key]
    title = (document(named[0].span.doc).title or "") if named else ""
    # a full name in the headline was introduced before the body ("... On Donald Trump")
    full = [(-1 if name in title else span.start, name) for span, name in people if len(name.split()) > 1]
    full.sort(key=lambda item: item[0])
    first_use: dict[str, int] = {}
    for span, name in people:
        if len(name.split()) == 1:
            at = len(span.doc) if _in_headline(span) else span.start  # a headline introduces nobody
            first_use[name.lower()] = min(at, first_use.get(name.lower(), at))
    canonical = {}
    for word, at in first_use.items():
        before = [name for start, name in full if start < at and word in name.lower().split()]
        if before:
            canonical[word] = before[0]
    return canonical


def _in_headline(span: Span) -> bool:
    """Whether a span is on the first line of a text that has more lines."""
    body = text_of(span.doc)
    first_break = body.find("\n")
    return 0 <= span.start_char < first_break


def _add_mention(doc: Doc, entity: Entity, span: Span) -> None:
    """A mention covers the name and a following possessive ("IS’", "Islamic State’s"); the
    same words found twice (by the KB and by the model) are one mention."""
    end = span.end_char
    if span.end < len(doc) and doc[span.end].text in POSSESSIVE and doc[span.end].idx == end:
        end = doc[span.end].idx + len(doc[span.end].text)
    if any(m.start == span.start_char for m in entity.mentions):
        return
    entity.mentions.append(Mention(start=span.start_char, end=end, text=text_of(doc)[span.start_char:end]))


@Language.factory("sitrep_entities", assigns=ASSIGNS["sitrep_entities"],
                  requires=["doc.ents", "token.pos", "token.dep"])
def make_entities(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent(nlp)
