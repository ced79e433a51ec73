"""Who does it, to whom and where: an event's participants read off its own clause (when: times.py).

- The actor is the subject on the event word's path (reading.clause_path): the
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
- An active participle modifying a noun names its doer when the noun can act: "reports
  of a man threatening people with a gun" (but "issued a statement apologizing": the
  issuer).
- A passive participle names whom it befell, not who did it: the noun it modifies ("a
  Brooklyn man shot by officers"), the subject it shares with the passive it is
  coordinated with ("was arrested and charged"); its doer is its "by X" or unknown.
- So does the subject of a verb that holds a coercion, release or penalty noun without
  doing it: "was remanded in custody", "is serving prison sentences" (kb/event_undergo.tsv).
- A participant is a phrase as written and, where it names one, an entity or place: the
  entity of its head, of the name it is made of ("U.S. troops", "IS loyalists"), or of
  the antecedent of its pronoun. A place modifying a person ("a New York man") is where
  the person is from, not the person: it names the actor only for agents that act for a
  place (troops, police, government: Phoenix sectors of kb/event_agents.tsv).
- The dateline ("TBILISI, Georgia --", "MEXICO CITY (AP)") says where the story was filed:
  its words are never a participant, even where the parser makes them a subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ...kb import read_table
from ..annotations import Annotations, document
from ..attribution.lexicon import cue_verbs
from ..referents import pronouns, referents_of, word_referents
from .lexicon import Lexicon

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
OBJECT_DEPS = {"dobj", "dative", "obj"}
RELATIVE = {"who", "which", "that", "whom"}
# Sectors of agents that act for the place or people named before them ("U.S. troops",
# "Russian diplomats"); people and businesses do not ("a New York man", "Texas farmers").
ACTING_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "UAF", "INS", "IGO"}
# Event nouns whose owner is the one it befell: "his arrest", "her release".
PATIENT_OWNER_TYPES = {"COERCE", "RETREAT"}
# Event nouns a verb's subject may undergo: "is in custody", "is serving prison sentences".
PATIENT_NOUN_TYPES = {"COERCE", "RETREAT", "SANCTION"}
# ... and, after a verb of kb/event_undergo.tsv, accusations and protests: "faces charges",
# "endured criticism", "drew protests".
UNDERGONE_TYPES = PATIENT_NOUN_TYPES | {"ACCUSE", "PROTEST"}
# Events whose target is the object of the act they are about: "threatened to kill X",
# "refused to join X", "agreed to meet X".
INTENT_TARGET_TYPES = {"THREATEN", "REQUEST", "AGREE", "REJECT"}
# Events whose object may name an act ("demand the resignation of X", "impose sanctions on X"),
# aimed at whom the act is aimed at: _parties_of_act.
ACT_OBJECT_TYPES = {"THREATEN", "REQUEST", "AGREE", "SANCTION"}
# Events aimed at whoever said or proposed what they take up ("denied claims by X").
CONTENT_TARGET_TYPES = {"REJECT", "SUPPORT", "CONCEDE"}
PLACE_PREPS = {"in", "at", "inside", "near", "from"}
NOT_PARTIES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
PHYSICAL = {"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST"}
CONTAINMENT = {"in", "inside"}  # "attacks in Russia" hit Russia, "attacked her in tweets" hit no tweets
KIND_RANK = {"site": 0, "city": 1, "other": 2, "region": 3, "country": 4, "continent": 5}


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
        self.token_ref, self.mention_of = word_referents(doc, ann)
        self.pronouns = referents_of(doc)
        self.opaque: set[int] = set()  # "the Brussels bombings" do not make Brussels a doer
        for entity in ann.entities:
            if entity.type != "EVENT":
                continue
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                self.opaque.update(token.i for token in span or [])
        for place in ann.places:
            for m in place.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for token in span or []:
                    self.mention_of.setdefault(token.i, (span.start, span.end))
        self.entity_type = {e.id: e.type for e in ann.entities}
        dateline = document(doc).dateline
        span = doc.char_span(dateline.start, dateline.end, alignment_mode="expand") if dateline else None
        self.dateline = range(span.start, span.end) if span is not None else range(0)

    def is_place(self, ref: str | None) -> bool:
        return bool(ref) and ref.startswith("p")

    def of(self, token: Token) -> str | None:
        """The referent of the noun phrase headed by `token`."""
        if token.i in self.opaque:
            return None
        if token.i in self.token_ref:
            return self.token_ref[token.i]
        antecedent = relative_antecedent(token)
        if antecedent is not None:
            return self.of(antecedent)
        if token.lower_ in pronouns():
            referent = self.pronouns.get(token.i)
            return referent.entity if referent else None
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

    def phrase(self, token: Token) -> Span:
        """The phrase a participant's head word stands for: the name it is part of, or the
        head with what precedes it in its own phrase ("another Japanese delegation")."""
        doc = token.doc
        if token.i in self.mention_of and token.lower_ not in pronouns():
            start, end = self.mention_of[token.i]
            return doc[min(start, _left(token)): max(end, token.i + 1)]
        return doc[_left(token): token.i + 1]

    def participant(self, token: Token) -> Participant | None:
        """A participant headed by `token`; a pronoun counts only when it resolves, a word of
        the dateline never."""
        token = relative_antecedent(token) or token
        token = self.named_in_apposition(token)
        if token.i in self.dateline:
            return None
        whole = partitive_whole(token)
        if whole is not None:  # "any of her staff", "one of the debates": the staff, the debates
            return Participant(token.doc[_left(token): whole.i + 1], self.of(whole))
        ref = self.of(token)
        if token.lower_ in pronouns() or token.pos_ == "PRON":
            if ref is None:
                return None
            return Participant(self._named_span(ref, token), ref)
        return Participant(self.phrase(token), ref)

    def named_in_apposition(self, token: Token) -> Token:
        """ "Nick Daniloff, a reporter ... arrested", "an embargo on a fellow US ally, Qatar":
        a common noun in apposition with a name is that name."""
        if token.pos_ != "NOUN":
            return token
        if token.dep_ == "appos" and token.head.pos_ == "PROPN" and token.head.i not in self.dateline:
            return token.head
        return next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), token)

    def _named_span(self, ref: str, fallback: Token) -> Span:
        """The first mention of a referent, the words a resolved pronoun stands for."""
        records = self.ann.entities if not self.is_place(ref) else self.ann.places
        for record in records:
            if record.id == ref and record.mentions:
                span = fallback.doc.char_span(record.mentions[0].start, record.mentions[0].end, alignment_mode="expand")
                if span is not None:
                    return span
        return fallback.doc[fallback.i: fallback.i + 1]


def partitive_whole(token: Token) -> Token | None:
    """The whole a quantifier or number picks from ("any of her staff", "one of the
    debates", "two of the men"), or None."""
    if token.pos_ not in ("PRON", "NUM", "DET"):
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None


def relative_antecedent(token: Token) -> Token | None:
    """What a relative pronoun stands for: the noun its relative clause modifies, also when
    the pronoun is the object of a verb inside that clause ("the only Republican whom Trump
    refused to endorse")."""
    if token.lower_ not in RELATIVE:
        return None
    node = token
    for _ in range(3):
        if node.head.i == node.i:
            return None
        if node.head.dep_ == "relcl":
            return node.head.head
        node = node.head
    return None


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
    undergone = undergoer(trigger, action, refs.lexicon)
    if undergone is not None:
        agent = undergone[1]
        if agent is not None:
            return refs.participant(agent)
        return _noun_actor(trigger, refs, action, owner=False) or _verb_source(trigger, refs)
    if is_passive(trigger):
        agent = passive_agent(trigger)
        return refs.participant(agent) if agent is not None else None
    if trigger.dep_ == "acl" and trigger.tag_ == "VBG" and can_act(trigger.head, refs):
        return refs.participant(trigger.head)  # "a man threatening people", "Germans protesting against"
    if trigger.pos_ != "VERB":
        own = _noun_actor(trigger, refs, action)
        if own is not None:
            return own
    stranded = _stranded_subject(trigger)
    if stranded is not None:
        return refs.participant(stranded)
    for index, node in enumerate(path):
        controller = _controller(path, index)
        if controller is not None:
            return refs.participant(controller)
        for child in node.children:
            if (child.dep_ in SUBJECT_DEPS and child.i != trigger.i and not _is_event_word(child, refs)
                    and child.i not in refs.dateline):
                return refs.participant(child)
            if child.dep_ == "nsubjpass" and node.i == trigger.i:
                agent = _agent(node)
                return refs.participant(agent) if agent is not None else None
        agent = _agent(node) if node.i == trigger.i else None
        if agent is not None:
            return refs.participant(agent)
    return _named_before(trigger, path, refs)


def _stranded_subject(trigger: Token) -> Token | None:
    """ "Cuba fulfilled the terms of the agreement and the United States lifted sanctions": the
    small model may join "the United States" to "agreement" and leave "lifted" a conjunct without
    a subject, to share the first clause's. A conjoined verb with no subject of its own that comes
    right after a conjoined noun has that noun for its subject ("fired A and hired B" has "and"
    before "hired", and shares the subject as it should)."""
    if trigger.pos_ != "VERB" or trigger.dep_ != "conj" or trigger.i == 0 or trigger.is_sent_start:
        return None
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ == "nsubjpass" for c in trigger.children):
        return None
    before = trigger.doc[trigger.i - 1]
    return before if before.dep_ == "conj" and before.pos_ in ("NOUN", "PROPN") else None


def _named_before(trigger: Token, path: list[Token], refs: Referents) -> Participant | None:
    """When the path has no subject at all (mostly a misparse: the small model reads the
    all-caps "IS" as a verb), the group, government or person named last before the event
    word in its sentence, unless it is a speaker, a place, or inside a prepositional phrase."""
    for token in reversed(trigger.doc[trigger.sent.start: trigger.i]):
        ref = refs.token_ref.get(token.i)
        if not ref or refs.is_place(ref) or token.i in refs.opaque or token.i in refs.dateline:
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


def can_act(token: Token, refs: Referents) -> bool:
    """Whether a noun phrase names someone who can do things: a name, a resolved pronoun,
    or a Phoenix agent noun ("a man", "protesters", "police"); not a thing ("a statement
    apologizing", "a resolution calling for": their issuer acts)."""
    if token.pos_ in ("PROPN", "PRON"):
        return True
    return token.pos_ == "NOUN" and (refs.of(token) is not None or bool(refs.lexicon.sector(token)))


def is_passive(token: Token) -> bool:
    """ "was arrested", "a man shot by officers", "has been arrested and charged": a past
    participle that is passive (its own passive auxiliary or subject), modifies a noun, or
    is coordinated without a subject of its own with a passive."""
    if token.pos_ != "VERB" or token.tag_ != "VBN":
        return False
    if token.dep_ == "acl" or any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        return True
    return token.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in token.children) and is_passive(token.head)


def passive_agent(token: Token) -> Token | None:
    """The "by X" of a passive, on itself or on the passives it is coordinated with."""
    for node in (token, *token.conjuncts):
        agent = _agent(node)
        if agent is not None:
            return agent
    return None


def _passive_patients(token: Token) -> list[Token]:
    """Whom a passive participle befell when it has no subject of its own: the noun it
    modifies, or the subject of the passive it is coordinated with."""
    if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return with_conjuncts(token.head)
    node = token
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        subject = next((c for c in node.children if c.dep_ == "nsubjpass"), None)
        if subject is not None:
            return with_conjuncts(subject)
    return []


def undergoer(trigger: Token, action: str, lexicon: Lexicon) -> tuple[Token, Token | None] | None:
    """(whom it befell, who did it) for a coercion, release or penalty noun whose verb's
    subject undergoes it: the subject of a passive ("was remanded in custody": by its agent),
    of a verb that holds the noun in a locative phrase ("is in custody", "died in
    custody"), or of a verb of kb/event_undergo.tsv ("is serving sentences"). None when the
    verb's subject is the doer ("took him into custody", "imposed sanctions") or codes an
    event of its own."""
    if trigger.pos_ != "NOUN" or action not in UNDERGONE_TYPES:
        return None
    verb, via_prep = trigger.head, False
    if trigger.dep_ == "pobj" and verb.dep_ == "prep":
        verb, via_prep = verb.head, verb.lower_ in PLACE_PREPS | {"into", "to"}
    elif trigger.dep_ != "dobj":
        return None
    undergoes = verb.lemma_.lower() in undergo_verbs()
    if verb.pos_ not in ("VERB", "AUX") or (lexicon.verb_types(verb.lemma_.lower()) and not undergoes):
        return None
    if any(c.dep_ in OBJECT_DEPS and c.i != trigger.i for c in verb.children):
        return None  # "took him into custody": him
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        return passive, passive_agent(verb)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and ((via_prep and action in PATIENT_NOUN_TYPES) or undergoes):
        return subject, None
    return None


@cache
def undergo_verbs() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("event_undergo.tsv"))


def _verb_source(trigger: Token, refs: Referents) -> Participant | None:
    """ "drew criticism from Democrats": the doer of an undergone event noun, where the parser
    hangs its "from" phrase on the verb."""
    verb = trigger.head
    if trigger.dep_ != "dobj" or verb.lemma_.lower() not in undergo_verbs():
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return refs.participant(pobj)
    return None


def _noun_actor(trigger: Token, refs: Referents, action: str, owner: bool = True) -> Participant | None:
    """The doer named on an event noun itself: "an attack by IS", "Russia's strikes",
    "U.S. airstrikes", "Russian bombers"."""
    for child in trigger.children:
        if child.dep_ == "prep" and prep_role(child.lower_, action, "NOUN") == "actor":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return refs.participant(pobj)
    if not owner:
        return None
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
    if pos == "NOUN" and trigger.dep_ in ("dobj", "pobj", "attr") and trigger.head.pos_ == "VERB":
        heads.append(trigger.head)  # "imposed sanctions ON Iran", "launched attacks AGAINST"
    # a verb that codes an event of its own ("impose" does) lends the noun only its prepositions
    coded_verb = len(heads) > 1 and bool(lexicon.verb_types(trigger.head.lemma_.lower()))
    found: list[Token] = []
    undergone = undergoer(trigger, action, lexicon)
    if undergone is not None:
        found += with_conjuncts(undergone[0])
    elif is_passive(trigger) and not any(c.dep_ == "nsubjpass" for c in trigger.children):
        found += _passive_patients(trigger)
    for head in heads:
        for child in head.children:
            if head.i != trigger.i and coded_verb and child.dep_ != "prep":
                continue
            if child.dep_ in OBJECT_DEPS and child.i != trigger.i:
                found += with_conjuncts(child)
            elif child.dep_ == "nsubjpass" and head.i == trigger.i:
                found += with_conjuncts(child)
            elif child.dep_ == "poss" and head.i == trigger.i and pos == "NOUN" and action in PATIENT_OWNER_TYPES:
                found.append(child)
            elif child.dep_ == "prep" and _role(child, head, action, pos) == "target":
                found += _parties_after(child, action, refs)
            elif head.i == trigger.i and action == "REQUEST" and _demanded_clause(child):
                # "demanded that Russia withdraw", "calls for Israel to accept": Russia, Israel
                found += [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
            elif _act_aimed_at(child, head, trigger, action):
                # "threatened to kill X", "a refusal to endorse X": X; but "urged Kiev to abolish
                # X" is addressed to Kiev
                found += [g for c in child.children if c.dep_ in OBJECT_DEPS for g in with_conjuncts(c)]
    if action in ACT_OBJECT_TYPES:
        found = [party for token in found for party in _parties_of_act(token, action, refs)]
    if action in CONTENT_TARGET_TYPES:
        found = [_author(token, refs) for token in found]
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


def _role(prep: Token, head: Token, action: str, pos: str) -> str | None:
    """The event role of a preposition on the event word: with the particle of a phrasal verb
    where kb/event_roles.tsv has the pair ("lashed out at Turkey": "out at"), else alone
    ("carried out attacks on X": "on")."""
    particle = next((c.lower_ for c in head.children if c.dep_ == "prt" and c.i < prep.i), None)
    paired = prep_role(f"{particle} {prep.lower_}", action, pos) if particle else None
    return paired or prep_role(prep.lower_, action, pos)


def _demanded_clause(child: Token) -> bool:
    """A clause saying who is to act on a request: "demanded that Russia withdraw", "his
    request that the United States extradite", "calls for Israel to accept"."""
    marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
    if child.dep_ in ("ccomp", "acl") and "that" in marks:
        return True
    return child.dep_ in ("advcl", "ccomp", "acl") and "for" in marks \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)


def _act_aimed_at(child: Token, head: Token, trigger: Token, action: str) -> bool:
    """Whether `child` is the act a threat, request, promise or refusal is about (its
    objects are then the event's targets): the verb's infinitive complement, or the
    noun's ("their threat to strike X", "Trump's refusal to endorse X")."""
    if head.i != trigger.i or action not in INTENT_TARGET_TYPES:
        return False
    if any(c.dep_ in OBJECT_DEPS for c in head.children):
        return False
    return child.dep_ == "xcomp" or (child.dep_ == "acl" and trigger.pos_ == "NOUN" and child.pos_ == "VERB"
                                     and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children))


def _parties_of_act(token: Token, action: str, refs: Referents) -> list[Token]:
    """ "demand the resignation of the chairwoman", "imposed sanctions on Eritrea", "agreed to
    resume contacts with Moscow": an act named as the object of a demand, threat, promise or
    sanction is no party (GUIDELINES.md 4: targets are persons, groups, states, bodies or
    places); whom the act is aimed at is, by its prepositions' event roles (kb/event_roles.tsv).
    Only a direct object: a noun that names no act ("demanded the documents") or names a party
    stays, and so does a prepositional target ("an embargo on an ally")."""
    lexicon = refs.lexicon
    if token.pos_ != "NOUN" or token.dep_ not in OBJECT_DEPS or refs.of(token) is not None \
            or lexicon.sector(token) or not lexicon.noun_types(token.lemma_.lower()):
        return [token]
    return [party for child in token.children
            if child.dep_ == "prep" and prep_role(child.lower_, action, "NOUN") == "target"
            for party in _parties_after(child, action, refs)]


def _parties_after(prep: Token, action: str, refs: Referents) -> list[Token]:
    """The parties a target preposition's object names ("talks with the rebels and the army"):
    never a time or a thing (names_a_party), and after "in" only a place ("attacks in Russia",
    not "attacked her in tweets")."""
    return [t for pobj in prep.children if pobj.dep_ in ("pobj", "pcomp") for t in with_conjuncts(pobj)
            if names_a_party(t, refs, action) and (prep.lower_ not in CONTAINMENT or refs.is_place(refs.of(t)))]


def _author(token: Token, refs: Referents) -> Token:
    """ "denied claims by Matiangi", "rejected his request", "backed Obama's plan": a
    refusal, backing or concession of something said or proposed is aimed at whoever said
    or proposed it, when a word names them (the thing itself otherwise)."""
    if token.pos_ != "NOUN" or refs.of(token) is not None or refs.lexicon.sector(token):
        return token
    for child in token.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            author = next((g for g in child.children if g.dep_ == "pobj"), None)
            if author is not None:
                return author
    return token


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


def source_at(ann: Annotations, offset: int) -> str | None:
    """The source of the quote covering a character offset, if any (None: the outlet)."""
    for quote in ann.quotes:
        if quote.start <= offset < quote.end:
            return quote.source
    return None
