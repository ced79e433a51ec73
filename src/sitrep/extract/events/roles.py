"""Who does it, to whom, where and when: an event's participants read off its own clause.

- The actor is the subject on the event word's path (events/reading.clause_path): the
  subject of the word itself, of the verb it complements ("vowed to [attack]"), of the
  light verb whose object it is ("carried out [attacks]"), the agent of a passive ("was
  arrested by police"), the antecedent of a relative pronoun, the owner or the "by X" of an
  event noun ("Russia's attack", "an attack by IS"). An object-control verb hands its
  object over ("urged Kiev to [abolish]": Kiev abolishes). A passive without agent, a
  pronoun nothing resolves, or no subject at all leave the actor unknown: never the
  nearest name.
- Targets are the objects of the word (and their conjuncts), the subject of a passive,
  and prepositional phrases whose role kb/event_roles.tsv gives ("attack ON", "talks
  WITH", "the arrest OF"); the object of a threatened act ("threatened to kill X").
- A participant is a phrase as written and, where it names one, an entity or place: the
  entity of its head, of the name it is made of ("U.S. troops", "IS loyalists"), or of
  the antecedent of its pronoun. A place modifying a person ("a New York man") is where
  the person is from, not the person: it names the actor only for agents that act for a
  place (troops, police, government: Phoenix sectors of kb/event_agents.tsv).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import dateparser
from spacy.tokens import Doc, Span, Token

from ...dates import parse_date
from ...kb import read_table
from ..annotations import Annotations, document, text_of
from ..attribution.lexicon import cue_verbs
from .lexicon import Lexicon

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
OBJECT_DEPS = {"dobj", "dative", "obj"}
RELATIVE = {"who", "which", "that", "whom"}
PRONOUN_TYPES = {"it": ("GROUP", "GOV", "ORG", "OUTLET"), "its": ("GROUP", "GOV", "ORG", "OUTLET"),
                 "they": ("GROUP", "GOV", "ORG", "NORP", "PERSON"), "them": ("GROUP", "GOV", "ORG", "NORP", "PERSON"),
                 "their": ("GROUP", "GOV", "ORG", "NORP", "PERSON"),
                 "he": ("PERSON",), "she": ("PERSON",), "his": ("PERSON",), "her": ("PERSON",),
                 "him": ("PERSON",)}
# Sectors of agents that act for the place or people named before them ("U.S. troops",
# "Russian diplomats"); people and businesses do not ("a New York man", "Texas farmers").
ACTING_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "UAF", "INS", "IGO"}
# Event nouns whose owner is the one it befell: "his arrest", "her release".
PATIENT_OWNER_TYPES = {"COERCE", "RETREAT"}
PLACE_PREPS = {"in", "at", "inside", "near", "from"}
ANTECEDENT_SENTENCES = 3  # how far back a pronoun looks for its entity
NOT_PARTIES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
PHYSICAL = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST"}
CONTAINMENT = {"in", "inside"}  # "attacks in Russia" hit Russia, "attacked her in tweets" hit no tweets
KIND_RANK = {"site": 0, "city": 1, "other": 2, "region": 3, "country": 4, "continent": 5}
AGE = re.compile(r"[\w -]*?\byears?[ -]old\b")
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
DAY = re.compile(r"\b\d{1,2}\b")


@dataclass(frozen=True)
class Participant:
    """A participant as written (`span`) and what it names (`ref`: entity or place id)."""

    span: Span
    ref: str | None


@cache
def role_table() -> tuple[tuple[str, frozenset[str], str, str], ...]:
    """(preposition, types or {'*'}, pos, role) rows of kb/event_roles.tsv, in order."""
    return tuple((row["prep"], frozenset(row["types"].split()), row["pos"], row["role"])
                 for row in read_table("event_roles.tsv"))


def prep_role(prep: str, action: str, pos: str) -> str | None:
    for word, types, wanted_pos, role in role_table():
        if word == prep and ("*" in types or action in types) and wanted_pos in ("*", pos):
            return role
    return None


class Referents:
    """Which entity or place each token names (anaphors the entity stage joined included)."""

    def __init__(self, doc: Doc, ann: Annotations, lexicon: Lexicon):
        self.doc, self.ann, self.lexicon = doc, ann, lexicon
        self.token_ref = dict(ann.token_place)
        self.token_ref.update(ann.token_entity)
        self.mention_of: dict[int, tuple[int, int]] = {}
        self.opaque: set[int] = set()
        for entity in ann.entities:
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for token in span or []:
                    if entity.type == "EVENT":
                        self.opaque.add(token.i)  # "the Brussels bombings" do not make Brussels a doer
                    else:
                        self.token_ref.setdefault(token.i, entity.id)
                        self.mention_of.setdefault(token.i, (span.start, span.end))
        for place in ann.places:
            for m in place.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for token in span or []:
                    self.mention_of.setdefault(token.i, (span.start, span.end))
        self.entity_type = {e.id: e.type for e in ann.entities}

    def is_place(self, ref: str | None) -> bool:
        return bool(ref) and ref.startswith("p")

    def of(self, token: Token) -> str | None:
        """The referent of the noun phrase headed by `token`."""
        if token.i in self.opaque:
            return None
        if token.i in self.token_ref:
            return self.token_ref[token.i]
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
            return self.of(token.head.head)
        if token.lower_ in PRONOUN_TYPES:
            return self.antecedent(token)
        for child in token.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in self.token_ref:
                return self._acting(token, self.token_ref[child.i])
        return self._name_before(token)

    def _acting(self, head: Token, ref: str) -> str | None:
        """A place or people named before a common noun stands for it only when the noun is an
        agent that acts for them ("U.S. troops"), never for a person from there."""
        if head.pos_ == "PROPN":
            return ref
        if self.is_place(ref) or self.entity_type.get(ref) == "NORP":
            return ref if self.lexicon.sector(head) in ACTING_SECTORS else None
        return ref

    def _name_before(self, token: Token) -> str | None:
        """ "IS loyalists": a name right before a common noun modifies it, even where the parser
        missed that (it reads the all-caps "IS" as a verb)."""
        if token.i == 0 or token.pos_ != "NOUN":
            return None
        before = token.doc[token.i - 1]
        if before.whitespace_ and not before.is_punct and before.i not in self.opaque and before.i in self.token_ref:
            return self._acting(token, self.token_ref[before.i])
        return None

    def antecedent(self, pronoun: Token) -> str | None:
        """The latest entity of a fitting type named before the pronoun, in its sentence or the
        ANTECEDENT_SENTENCES before it ("Weiner resigned ... He blamed hackers"); None when
        there is none (better unknown than a wrong name)."""
        wanted = PRONOUN_TYPES[pronoun.lower_]
        start = pronoun.sent.start
        for _ in range(ANTECEDENT_SENTENCES):
            if start == 0:
                break
            start = pronoun.doc[start - 1].sent.start
        for i in range(pronoun.i - 1, start - 1, -1):
            ref = self.token_ref.get(i)
            if ref and self.entity_type.get(ref) in wanted:
                return ref
        return None

    def phrase(self, token: Token) -> Span:
        """The phrase a participant's head word stands for: the name it is part of, or the
        head with what precedes it in its own phrase ("another Japanese delegation")."""
        doc = token.doc
        if token.i in self.mention_of and token.lower_ not in PRONOUN_TYPES:
            start, end = self.mention_of[token.i]
            return doc[min(start, _left(token)): max(end, token.i + 1)]
        return doc[_left(token): token.i + 1]

    def participant(self, token: Token) -> Participant | None:
        """A participant headed by `token`; a pronoun counts only when it resolves."""
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
            token = token.head.head
        ref = self.of(token)
        if token.lower_ in PRONOUN_TYPES or token.pos_ == "PRON":
            if ref is None:
                return None
            return Participant(self._named_span(ref, token), ref)
        return Participant(self.phrase(token), ref)

    def _named_span(self, ref: str, fallback: Token) -> Span:
        """The first mention of a referent, the words a resolved pronoun stands for."""
        records = self.ann.entities if not self.is_place(ref) else self.ann.places
        for record in records:
            if record.id == ref and record.mentions:
                span = fallback.doc.char_span(record.mentions[0].start, record.mentions[0].end, alignment_mode="expand")
                if span is not None:
                    return span
        return fallback.doc[fallback.i: fallback.i + 1]


def _left(token: Token) -> int:
    """Where the phrase of `token` starts: its left edge, without leading punctuation and
    not before its sentence."""
    start = max(token.left_edge.i, token.sent.start)
    while start < token.i and (token.doc[start].is_punct or token.doc[start].dep_ in ("cc", "preconj")):
        start += 1
    return start


def with_conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def actor(trigger: Token, path: list[Token], refs: Referents, action: str) -> Participant | None:
    """The doer of the event (see the module docstring)."""
    if trigger.pos_ != "VERB":
        own = _noun_actor(trigger, refs, action)
        if own is not None:
            return own
    for index, node in enumerate(path):
        controller = _controller(path, index)
        if controller is not None:
            return refs.participant(controller)
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS and child.i != trigger.i and not _is_event_word(child, refs):
                return refs.participant(child)
            if child.dep_ == "nsubjpass" and node.i == trigger.i:
                agent = _agent(node)
                return refs.participant(agent) if agent is not None else None
        agent = _agent(node) if node.i == trigger.i else None
        if agent is not None:
            return refs.participant(agent)
    return _named_before(trigger, path, refs)


def _named_before(trigger: Token, path: list[Token], refs: Referents) -> Participant | None:
    """When the path has no subject at all (mostly a misparse: the small model reads the
    all-caps "IS" as a verb), the group, government or person named last before the event
    word in its sentence, unless it is a speaker, a place, or inside a prepositional phrase."""
    for token in reversed(trigger.doc[trigger.sent.start: trigger.i]):
        ref = refs.token_ref.get(token.i)
        if not ref or refs.is_place(ref) or token.i in refs.opaque:
            continue
        if refs.entity_type.get(ref) not in ("GROUP", "GOV", "PERSON", "ORG"):
            continue
        speaker = token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() in cue_verbs()
        in_prep = token.head.dep_ == "prep" or (token.dep_ == "compound" and token.head.dep_ == "pobj")
        if token.dep_ in ("pobj", "dobj") or in_prep or speaker:
            continue
        return refs.participant(token)
    return None


def _controller(path: list[Token], index: int) -> Token | None:
    """The object of an object-control verb the path climbs into ("urged Kiev to abolish")."""
    if index == 0:
        return None
    below, node = path[index - 1], path[index]
    if below.dep_ != "xcomp":
        return None
    return next((c for c in node.children if c.dep_ in ("dobj", "obj")), None)


def _agent(node: Token) -> Token | None:
    for child in node.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _noun_actor(trigger: Token, refs: Referents, action: str) -> Participant | None:
    """The doer named on an event noun itself: "an attack by IS", "Russia's strikes",
    "U.S. airstrikes", "Russian bombers"."""
    for child in trigger.children:
        if child.dep_ == "prep" and prep_role(child.lower_, action, "NOUN") == "actor":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return refs.participant(pobj)
    for child in trigger.children:
        if child.dep_ == "poss" and action not in PATIENT_OWNER_TYPES:
            return refs.participant(child)
        if child.dep_ in ("compound", "amod", "nmod") and child.i in refs.token_ref and child.i not in refs.opaque:
            ref = refs.token_ref[child.i]
            if refs.entity_type.get(ref) in ("GOV", "GROUP", "NORP", "ORG") or refs.is_place(ref):
                return Participant(refs.phrase(child), ref)
    return None


def _is_event_word(token: Token, refs: Referents) -> bool:
    """ "The Brussels bombings were ...": an event as subject names no doer."""
    return token.i in refs.opaque or token.ent_type_ == "EVENT"


def targets(trigger: Token, action: str, refs: Referents, lexicon: Lexicon) -> list[Participant]:
    """Whom or what the event is done to (see the module docstring)."""
    pos = "VERB" if trigger.pos_ in ("VERB", "AUX", "ADJ") else "NOUN"
    heads = [trigger]
    if pos == "NOUN" and trigger.dep_ in ("dobj", "pobj", "attr") and trigger.head.pos_ == "VERB" \
            and not lexicon.verb_types(trigger.head.lemma_.lower()):
        heads.append(trigger.head)  # "imposed sanctions ON Iran", "launched attacks AGAINST"
    found: list[Token] = []
    for head in heads:
        for child in head.children:
            if child.dep_ in OBJECT_DEPS and child.i != trigger.i:
                found += with_conjuncts(child)
            elif child.dep_ == "nsubjpass" and head.i == trigger.i:
                found += with_conjuncts(child)
            elif child.dep_ == "poss" and head.i == trigger.i and pos == "NOUN" and action in PATIENT_OWNER_TYPES:
                found.append(child)
            elif child.dep_ == "prep" and prep_role(child.lower_, action, pos) == "target":
                for pobj in (g for g in child.children if g.dep_ in ("pobj", "pcomp")):
                    found += [t for t in with_conjuncts(pobj) if names_a_party(t, refs, action)
                              and (child.lower_ not in CONTAINMENT or refs.is_place(refs.of(t)))]
            elif child.dep_ == "xcomp" and head.i == trigger.i and action in ("THREATEN", "REQUEST", "AGREE") \
                    and not any(c.dep_ in OBJECT_DEPS for c in head.children):
                # "threatened to kill X": X; but "urged Kiev to abolish X" is addressed to Kiev
                found += [g for c in child.children if c.dep_ in OBJECT_DEPS for g in with_conjuncts(c)]
    out: list[Participant] = []
    seen: set[int] = set()
    for token in found:
        if token.i in seen or token.pos_ in ("VERB", "AUX") or _is_event_word(token, refs):
            continue
        seen.add(token.i)
        participant = refs.participant(token)
        if participant is not None:
            out.append(participant)
    return out


def names_a_party(token: Token, refs: Referents, action: str) -> bool:
    """Whether a prepositional object can be an event's target: never a time or an amount
    ("on Friday"); for force, any thing it hits ("fired on the car"); for other events
    something named (an entity, a place, a resolved pronoun, a phrase holding a name), a
    person or body (a Phoenix agent, "talks with the rebels"; a plural, "her counterparts"),
    or an act ("cooperated with the investigation"); not a thing ("on the same scale")."""
    if token.ent_type_ in NOT_PARTIES:
        return False
    if action in PHYSICAL or refs.of(token) is not None or token.pos_ == "PROPN":
        return True
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    named_inside = any(t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") for t in token.subtree)
    return bool(refs.lexicon.sector(token)) or token.tag_ == "NNS" or named_inside \
        or bool(refs.lexicon.noun_types(lemma))


def own_clause(path: list[Token]) -> list[Token]:
    """The part of the path inside the event word's own clause (up to its first
    adverbial, complement or relative clause head), where its place and time are named."""
    for index, node in enumerate(path):
        if node.dep_ in ("advcl", "ccomp", "relcl", "ROOT"):
            return path[: index + 1]
    return path


def place(path: list[Token], refs: Referents) -> str | None:
    """The most specific place named in a locative phrase on the path (Raqqa over Syria)."""
    places = []
    for node in path:
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS):
            for token in prep.subtree:
                ref = refs.token_ref.get(token.i)
                if ref and refs.is_place(ref):
                    places.append(ref)
    if not places:
        return None
    rank = {p.id: KIND_RANK.get(p.kind, 9) for p in refs.ann.places}
    return min(dict.fromkeys(places), key=lambda p: rank.get(p, 9))


def time(path: list[Token]) -> str | None:
    """A date named in the event's own clause: ISO when the text gives a full date with its
    year or a relative one the publication date resolves, else the phrase as written."""
    doc = path[0].doc
    anchor = document(doc).published
    for node in own_clause(path):
        for token in node.subtree:
            if token.ent_type_ in ("DATE", "TIME") and token.ent_iob_ == "B":
                end = token.i + 1
                while end < len(doc) and doc[end].ent_iob_ == "I":
                    end += 1
                span = doc[token.i:end]
                if AGE.match(text_of(doc), span.start_char):
                    continue
                return resolve_time(span.text, anchor)
    return None


@lru_cache(maxsize=4096)
def resolve_time(phrase: str, anchor: dt.date | None) -> str:
    """ISO date (or ISO week / month / year for "last week" ...) of a time phrase; the phrase
    itself when it cannot be pinned down. Relative phrases look back from the anchor: news
    reports what happened."""
    if YEAR.search(phrase) and DAY.search(phrase):
        date = parse_date(phrase)
        return date.isoformat() if date else phrase
    if anchor is None:
        return phrase
    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()), "PREFER_DATES_FROM": "past"}
    moment = dateparser.parse(phrase, languages=["en"], settings=settings)
    if moment is None:
        return phrase
    words = phrase.lower().split()
    if "week" in words:
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if "month" in words:
        return moment.strftime("%Y-%m")
    if "year" in words:
        return moment.strftime("%Y")
    return moment.date().isoformat()


def source_at(ann: Annotations, offset: int) -> str | None:
    """The source of the quote covering a character offset, if any (None: the outlet)."""
    for quote in ann.quotes:
        if quote.start <= offset < quote.end:
            return quote.source
    return None
