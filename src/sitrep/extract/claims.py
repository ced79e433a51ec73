"""Claims: who does what to whom, where and when — how surely, and on whose word.

A claim starts at an event word (kb/events.tsv: verb or noun -> PLOVER type)
and is read off the dependency parse around it:
- the *path* runs from the event word up through its heads to the top of its
  clause, stopping below a speech verb ("..., he said"): the words on it and
  attached to it carry modality (kb/modality.tsv), certainty
  (kb/certainty.tsv) and negation, the nearest cue winning;
- the actor is the subject found on that path (through possessives,
  relative pronouns, pronouns and "the organization"), else the nearest
  entity named before the event word in its sentence;
- targets are objects and "against/on/in X" phrases of the event word (a
  place in "attacks in Russia" is the target of an ASSAULT, but only the
  place of other events);
  the place is the most specific place named on the path;
- the source is the speaker of the quote the event word sits in (null: the
  outlet's own voice);
- times resolve against the article's publication date ("on Tuesday" -> ISO
  date, "last week" -> ISO week) with dateparser.
`ClaimComponent.read` gives an event word's modality, certainty and negation on
their own (what `sitrep eval claims` scores). Pledges threaten only force; a
"would" reporting a "will" predicts; a forecast on an "if" is hypothetical; a
negated cue ("not expected to") takes the mirror band of kb/icd203.tsv.
Named events ("the Brussels bombings") are claims of their own: it happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import dateparser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import parse_date
from ..kb import read_table
from ..model import Certainty, Claim
from .annotations import Annotations, annotations, document, text_of
from .attribution.lexicon import cue_verbs
from .certainty import certainty_for, certainty_of, find_cue, is_negated_cue

# "attacks in Russia" hit Russia; "arrested in Syria" only happened there.
IN_IS_TARGET = {"ASSAULT"}
# PLOVER's uses of force and threats of it: a pledge to do these is a threat ("vowed to bomb"),
# a pledge to do anything else is a plan ("pledged to support the nominee").
FORCE = {"ASSAULT", "COERCE", "SANCTION", "THREATEN"}
# a noun event with "from X" / "by X" names its doer: "orders from HQ", "attacks by IS"
DOER_PREPS = {"from", "by"}
# "would" in what someone said is their "will" shifted back ("he said he would resign")
REPORTED_FUTURE = {"would", "'d"}
TARGET_PREPS = {"in", "against", "on", "at", "into", "inside", "across", "toward", "towards", "upon"}
PLACE_PREPS = {"in", "at", "inside", "near", "from"}
OBJECT_DEPS = {"dobj", "obj", "dative"}
SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
CUE_DEPS = {"aux", "auxpass", "advmod", "mark", "acomp", "amod", "npadvmod", "nsubj", "nsubjpass", "attr"}
# Words of force that, between named people, are words: "Trump attacked Machado in tweets".
VERBAL_FORCE = {"attack"}
VERBAL_TARGETS = {"PERSON", "NORP", "ORG", "OUTLET", "GOV"}
LIGHT_VERBS = {"carry", "launch", "stage", "conduct", "mount", "perpetrate", "commit", "wage", "make", "plan"}
RELATIVE = {"who", "which", "that", "whom"}
PRONOUN_TYPES = {"it": ("GROUP", "GOV", "ORG", "OUTLET"), "its": ("GROUP", "GOV", "ORG", "OUTLET"),
                 "they": ("GROUP", "GOV", "ORG", "NORP", "PERSON"),
                 "their": ("GROUP", "GOV", "ORG", "NORP", "PERSON"),
                 "he": ("PERSON",), "she": ("PERSON",), "his": ("PERSON",), "her": ("PERSON",)}
PAST_TAGS = {"VBD", "VBN"}
_EVENT_NOUNS = frozenset(row["lemma"] for row in read_table("events.tsv") if row["pos"] != "VERB")
AGE = re.compile(r"[\w -]*?\byears?[ -]old\b")
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
DAY = re.compile(r"\b\d{1,2}\b")
KIND_RANK = {"site": 0, "city": 1, "other": 2, "region": 3, "country": 4, "continent": 5}


@dataclass
class Referents:
    """Which entity or place each token names, including anaphors the entity stage joined."""

    doc: Doc
    ann: Annotations
    token_ref: dict[int, str]
    entity_type: dict[str, str]
    opaque: set[int]

    @classmethod
    def build(cls, doc: Doc, ann: Annotations) -> Referents:
        token_ref = dict(ann.token_place)
        token_ref.update(ann.token_entity)
        for entity in ann.entities:
            if entity.type == "EVENT":
                continue
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for token in span or []:
                    token_ref.setdefault(token.i, entity.id)
        return cls(doc, ann, token_ref, {e.id: e.type for e in ann.entities}, _event_entity_tokens(doc, ann))

    def of(self, token: Token) -> str | None:
        """The referent of a noun phrase headed by `token` (none inside a named event:
        "the Brussels bombings" do not make Brussels a doer)."""
        if token.i in self.opaque:
            return None
        if token.i in self.token_ref:
            return self.token_ref[token.i]
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
            return self.of(token.head.head)
        if token.lower_ in PRONOUN_TYPES:
            return self.antecedent(token)
        for child in token.children:
            if child.dep_ in ("poss", "compound") and child.i in self.token_ref:
                return self.token_ref[child.i]
        return self._modifier_before(token)

    def _modifier_before(self, token: Token) -> str | None:
        """ "IS loyalists", "U.S. troops": a name right before a common noun modifies it,
        even when the parser missed that (it reads the all-caps "IS" as a verb)."""
        if token.i == 0 or token.pos_ != "NOUN":
            return None
        before = token.doc[token.i - 1]
        if before.whitespace_ and not before.is_punct and before.i not in self.opaque:
            return self.token_ref.get(before.i)
        return None

    def antecedent(self, pronoun: Token) -> str | None:
        """The latest entity of a fitting type named before the pronoun."""
        wanted = PRONOUN_TYPES[pronoun.lower_]
        for i in range(pronoun.i - 1, -1, -1):
            ref = self.token_ref.get(i)
            if ref and self.entity_type.get(ref) in wanted:
                return ref
        return None

    def is_place(self, ref: str) -> bool:
        return ref.startswith("p")


@dataclass
class Reading:
    """How an event word is asserted: its modality, certainty and negation, read off its path."""

    path: list[Token]
    modality: str
    certainty: Certainty
    negated: bool


class ClaimComponent:
    def __init__(self, nlp: Language):
        rows = read_table("events.tsv")
        self.events = {(row["lemma"], row["pos"]): row["type"] for row in rows if row["pos"] != "IDIOM"}
        self.idioms = [tuple(row["lemma"].split()) for row in rows if row["pos"] == "IDIOM"]
        self.modality = {row["lemma"]: (row["modality"], row["peaceful"] or row["modality"])
                         for row in read_table("modality.tsv")}

    def __call__(self, doc: Doc) -> Doc:
        ann = annotations(doc)
        refs = Referents.build(doc, ann)
        claims: list[Claim] = []
        seen: set[tuple] = set()
        for token in doc:
            action = self.action(token)
            if action is None or token.i in refs.opaque or token.dep_ in ("nsubj", "nsubjpass"):
                continue
            for claim in self.claims_for(token, action, refs):
                _keep(claim, claims, seen)
        for claim in self.named_event_claims(doc, ann, refs):
            _keep(claim, claims, seen)
        claims.sort(key=lambda c: c.start)
        for number, claim in enumerate(claims, start=1):
            claim.id = f"c{number}"
        ann.claims = claims
        return doc

    def action(self, token: Token) -> str | None:
        """The PLOVER type of an event word, or None (also inside an idiom: "in order to")."""
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
        if pos is None or self.in_idiom(token):
            return None
        lemma = token.lemma_.lower()
        return self.events.get((lemma, pos)) or self.events.get((lemma, "ANY"))

    def in_idiom(self, token: Token) -> bool:
        """Whether the token is part of an idiom listed in events.tsv as no event."""
        doc = token.doc
        for idiom in self.idioms:
            for start in range(max(0, token.i - len(idiom) + 1), token.i + 1):
                if tuple(t.lower_ for t in doc[start: start + len(idiom)]) == idiom:
                    return True
        return False

    def read(self, trigger: Token, action: str) -> Reading:
        """Modality, certainty and negation of an event word: the cues nearest it on its path."""
        path = clause_path(trigger)
        modality, cue_index = self.find_modality(trigger, path, action)
        scope = path[: cue_index + 1] if cue_index is not None else path
        cue = find_cue(t for node in path for t in (node, *_cue_children(node)))
        certainty = certainty_of(cue)
        if modality is None:
            modality = default_modality(path, certainty)
        # "is not expected to sign": the "not" went into the band, the signing is not denied
        spent = cue.token if cue is not None and is_negated_cue(cue) else None
        return Reading(path, modality, certainty, is_negated([t for t in scope if spent is None or t.i != spent.i]))

    def claims_for(self, trigger: Token, action: str, refs: Referents) -> Iterator[Claim]:
        reading = self.read(trigger, action)
        path = reading.path
        actor = find_actor(trigger, path, refs)
        targets = find_targets(trigger, action, refs)
        if is_verbal_attack(trigger, action, actor, targets, refs, path):
            action = "ACCUSE"
        # a claim needs a participant, unless it is a hedged possibility ("could be orders")
        if actor is None and not targets and reading.certainty.cue is None:
            return
        sentence = trigger.sent
        governing = find_place(own_clause(path)[1:], refs)
        for target in targets or [None]:
            place = governing or (target if target and refs.is_place(target) else find_place(path[:1], refs))
            yield Claim(
                id="", text=sentence.text.strip(), start=_strip_start(sentence), end=_strip_end(sentence),
                source=source_at(refs.ann, trigger.idx), actor=actor, action=action,
                target=[target] if target and target != actor else [],
                place=place, time=find_time(path, published(trigger.doc)), modality=reading.modality,
                negated=reading.negated, certainty=reading.certainty,
            )

    def find_modality(self, trigger: Token, path: list[Token], action: str) -> tuple[str | None, int | None]:
        """The modality of the cue nearest the event word on its path, and where it sits.
        Pledges are threats only of force; a "would" in reported speech is a prediction."""
        for index, node in enumerate(path):
            words = ([] if node.i == trigger.i else [node]) + list(_cue_children(node))
            for word in words:
                modalities = self.modality.get(word.lemma_.lower()) or self.modality.get(word.lower_)
                if modalities:
                    if word.lower_ in REPORTED_FUTURE and is_reported(path) and not has_condition(path):
                        return "predicted", index
                    modality = modalities[0 if action in FORCE else 1]
                    # "if they stay, we will back them": a forecast on a condition is hypothetical
                    return ("hypothetical" if modality == "predicted" and is_conditioned(path) else modality), index
        return None, None

    def named_event_claims(self, doc: Doc, ann: Annotations, refs: Referents) -> Iterator[Claim]:
        """ "The Brussels bombings": an event that happened, at the place in its name."""
        for entity in ann.entities:
            if entity.type != "EVENT" or not entity.mentions:
                continue
            first = doc.char_span(entity.mentions[0].start, entity.mentions[0].end, alignment_mode="expand")
            if first is None:
                continue
            action = self.action(first[-1])
            places = [refs.token_ref[t.i] for t in first if t.i in refs.token_ref and refs.is_place(refs.token_ref[t.i])]
            if action is None:
                continue
            sentence = first.sent
            yield Claim(
                id="", text=sentence.text.strip(), start=_strip_start(sentence), end=_strip_end(sentence),
                source=source_at(ann, first.start_char), actor=None, action=action,
                target=places[:1], place=places[0] if places else None, time=None,
                modality="occurred", negated=False, certainty=certainty_for(None),
            )


def clause_path(trigger: Token) -> list[Token]:
    """The event word and its heads up to the clause top, stopping below a speech verb."""
    speech = cue_verbs()
    path = [trigger]
    node = trigger
    while node.head.i != node.i:
        head = node.head
        # "he said (that) X": X is the content, the sayer is not its actor. But "threatened
        # / vowed to X" (xcomp) is the sayer's own act, so the path goes on through it.
        if head.lemma_.lower() in speech and head.pos_ in ("VERB", "AUX") and node.dep_ in ("ccomp", "parataxis", "conj"):
            break
        path.append(head)
        if node.dep_ == "relcl":
            break  # the antecedent noun closes a relative clause
        node = head
    return path


def is_reported(path: list[Token]) -> bool:
    """Whether the path stopped below a speech verb: the clause is what someone said."""
    top = path[-1]
    speech = cue_verbs()
    return top.head.i != top.i and top.head.lemma_.lower() in speech and top.dep_ in ("ccomp", "parataxis", "conj")


def has_condition(path: list[Token]) -> bool:
    """Whether a clause on the path is introduced by "if"/"unless"."""
    return any(child.dep_ == "mark" and child.lower_ in ("if", "unless") for node in path for child in node.children)


def is_conditioned(path: list[Token]) -> bool:
    """Whether an "if"/"unless" clause hangs off the path ("we will back them if ...")."""
    return any(child.dep_ == "advcl" and has_condition([child]) for node in path for child in node.children)


def _cue_children(node: Token) -> Iterator[Token]:
    for child in node.children:
        if child.dep_ in CUE_DEPS or child.dep_ == "neg":
            yield child


def find_actor(trigger: Token, path: list[Token], refs: Referents) -> str | None:
    """The doer: the first subject on the path (the agent of a passive event word, the
    antecedent of a relative clause, the owner in "IS' attack"). A subject that names no
    entity ("the president's strategy") or a passive without agent leaves the actor
    unknown; only a path with no subject at all (often a misparse) falls back to the
    nearest entity named before the event word."""
    for node in path:
        subject = _subject(node, trigger)
        if subject is not None:
            return refs.of(subject) if subject.dep_ != "nsubjpass" else None
        if node.i != trigger.i and node.i == path[-1].i and node.pos_ in ("NOUN", "PROPN"):
            ref = refs.of(node)
            if ref:
                return ref
    return nearest_entity_before(trigger, refs)


def _is_event_word(token: Token) -> bool:
    """ "The Brussels bombings were ...": an event as subject names no doer."""
    return token.ent_type_ == "EVENT" or token.lemma_.lower() in _EVENT_NOUNS


def _subject(node: Token, trigger: Token) -> Token | None:
    """The token naming the doer at this node of the path, if the node has one."""
    for child in node.children:
        if child.dep_ in SUBJECT_DEPS and not _is_event_word(child):
            return child
        if node.i == trigger.i and child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if node.i == trigger.i and child.dep_ == "poss":
            return child
        if node.i == trigger.i and child.dep_ == "nsubjpass":
            return child
        if node.i == trigger.i and node.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in DOER_PREPS:
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def nearest_entity_before(trigger: Token, refs: Referents) -> str | None:
    """The entity named last before the trigger in its sentence — not a place, not in an
    "in X" phrase, and not the speaker of a speech verb (the sayer is not the doer)."""
    speech = cue_verbs()
    for token in reversed(list(trigger.sent[: trigger.i - trigger.sent.start])):
        ref = refs.token_ref.get(token.i)
        if not ref or refs.is_place(ref) or refs.entity_type.get(ref) in ("OUTLET", "EVENT", "NORP"):
            continue
        speaker = token.dep_ == "nsubj" and token.head.lemma_.lower() in speech
        if not speaker and token.head.dep_ != "prep" and token.dep_ != "pobj":
            return ref
    return None


def find_targets(trigger: Token, action: str, refs: Referents) -> list[str]:
    """Objects and prepositional targets of the event word, with their conjuncts."""
    heads = [trigger]
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "pobj") and trigger.head.lemma_ in LIGHT_VERBS:
        heads.append(trigger.head)
    found: list[str] = []
    for head in heads:
        for child in head.children:
            if child.dep_ in OBJECT_DEPS or (child.dep_ == "nsubjpass" and head.i == trigger.i):
                found += _refs_with_conjuncts(child, refs)
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    for ref in _refs_with_conjuncts(pobj, refs):
                        if action in IN_IS_TARGET or not refs.is_place(ref) or child.lower_ != "in":
                            found.append(ref)
    return list(dict.fromkeys(found))


def is_verbal_attack(trigger: Token, action: str, actor: str | None, targets: list[str],
                     refs: Referents, path: list[Token]) -> bool:
    """A named person "attacking" people, parties or groups is criticising them (PLOVER
    ACCUSE, not ASSAULT): politicians attack rivals far more often than they strike.
    A place or site as target ("attacked the USS Cole"), or a doer that is no named person
    (a group, a government, "gunmen"), keeps the reading of force. The person must be the
    grammatical doer, not the nearest name: the subject of the verb ("Trump attacked"), or
    the owner of the noun ("his attacks on moderators"), never the one who condemns it."""
    if action != "ASSAULT" or trigger.lemma_.lower() not in VERBAL_FORCE:
        return False
    if actor is None or refs.entity_type.get(actor) != "PERSON":
        return False
    if any(refs.is_place(t) or refs.entity_type.get(t) not in VERBAL_TARGETS for t in targets):
        return False
    own = [trigger] if trigger.pos_ == "NOUN" else path
    return any(_subject(node, trigger) is not None for node in own)


def _refs_with_conjuncts(token: Token, refs: Referents) -> list[str]:
    out = []
    for t in [token, *token.conjuncts]:
        ref = refs.of(t)
        if ref:
            out.append(ref)
    return out


def own_clause(path: list[Token]) -> list[Token]:
    """The part of the path inside the event word's own clause (up to its first
    adverbial, complement or relative clause head), where its place and time are named."""
    for index, node in enumerate(path):
        if node.dep_ in ("advcl", "ccomp", "relcl", "ROOT"):
            return path[: index + 1]
    return path


def find_place(path: list[Token], refs: Referents) -> str | None:
    """The most specific place named in a locative phrase on the path (Raqqa over Syria):
    "plans to strike America are being made ... in Raqqa" happen in Raqqa."""
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


def published(doc: Doc) -> dt.date | None:
    """The article's publication date, the anchor of "on Tuesday" and "last week"."""
    return document(doc).published


def find_time(path: list[Token], anchor: dt.date | None = None) -> str | None:
    """A date named in the event's own clause: ISO when the text gives a full date with
    its year or a relative one ("on Tuesday", "last week") the publication date resolves,
    else the phrase as written. Ages ("four-year-old") are not times."""
    for node in own_clause(path):
        for token in node.subtree:
            if token.ent_type_ in ("DATE", "TIME") and token.ent_iob_ == "B":
                span = next(e for e in token.doc.ents if e.start == token.i)
                if AGE.match(text_of(token.doc), span.start_char):
                    continue
                return resolve_time(span.text, anchor)
    return None


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


def default_modality(path: list[Token], certainty: Certainty) -> str:
    """Modality from tense when no cue word says otherwise: present and past happened; an
    infinitive under an estimative cue ("likely to attack") is a forecast, a bare one a
    possibility."""
    verb = next((t for t in path if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.tag_ in PAST_TAGS or verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "occurred"
    return "predicted" if certainty.cue is not None else "hypothetical"


def is_negated(path: list[Token]) -> bool:
    return any(child.dep_ == "neg" for node in path for child in node.children) or \
        any(child.lower_ == "no" and child.dep_ == "det" for child in path[0].children)


def source_at(ann: Annotations, offset: int) -> str | None:
    """The source of the quote covering a character offset, if any."""
    for quote in ann.quotes:
        if quote.start <= offset < quote.end:
            return quote.source
    return None


def _event_entity_tokens(doc: Doc, ann: Annotations) -> set[int]:
    """Tokens inside named events; those events become claims of their own."""
    tokens: set[int] = set()
    for entity in ann.entities:
        if entity.type == "EVENT":
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                tokens.update(t.i for t in span or [])
    return tokens


def _strip_start(sentence: Span) -> int:
    text = sentence.text
    return sentence.start_char + (len(text) - len(text.lstrip()))


def _strip_end(sentence: Span) -> int:
    text = sentence.text
    return sentence.end_char - (len(text) - len(text.rstrip()))


def _keep(claim: Claim, claims: list[Claim], seen: set[tuple]) -> None:
    key = (claim.actor, claim.action, tuple(claim.target), claim.start)
    if key not in seen:
        seen.add(key)
        claims.append(claim)


@Language.factory("sitrep_claims")
def make_claims(nlp: Language, name: str) -> ClaimComponent:
    return ClaimComponent(nlp)
