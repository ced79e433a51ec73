"""The `sitrep_claims` component: events found by the trained coder, as spaCy spans.

For every candidate word (candidates.py) the type scorer (model.py) gives the probability
of each PLOVER type; a word whose likeliest type reaches the model's threshold is an
event word. Its modality comes from the modality classifier, its certainty and negation
from the cue rules (reading.py), its participants, place and time from the parse
(roles.py), its source from the quote it stands in. Named events ("the Brussels
bombings") are events that happened, at the place in their name.

What it writes (spaCy-native, serialisable): `doc.spans["claims"]`, one span per event
word labelled with its PLOVER type, with the extensions below (token offsets, ids and
plain values only). The contract's Claim records are built from them once, at the end
(`claims_of`, called by pipeline.to_analysis): one claim per target, as corroboration
compares claims target by target.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...kb import read_table
from ...model import Certainty, Claim, Trigger
from ..annotations import annotations, text_of
from ..certainty import certainty_for
from .accidents import is_accidental
from .candidates import is_candidate
from .features import DENSE_PARTS, build_context, dense, dense_width, features
from .lexicon import lexicon
from .model import ModelError, load_model
from .reading import first_person_subject, intent_near, modality_cues, modality_features, read
from .roles import Participant, Referents, actor, own_clause, place, source_at, targets
from .times import time

SPANS = "claims"
FUTURE = {"planned", "predicted", "threatened"}
AHEAD = {"planned", "predicted"}  # a threat's date is when it was made ("threatening to kill X in March")
FORCE = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"}
HEDGES = {"could", "may", "might"}
VERBAL_TARGETS = {"PERSON", "NORP", "ORG", "OUTLET", "GOV", "GROUP"}
ARMED = {"MIL", "COP", "REB", "UAF", "INS"}
EXTENSIONS = {
    "modality": None, "negated": False, "cue": None, "band": "unstated", "probability": None,
    "actor": None,          # [start, end) token offsets of the actor phrase, or None
    "actor_ref": None,      # entity or place id the actor names, or None
    "targets": None,        # [[start, end), ...] token offsets of the target phrases
    "target_refs": None,    # entity or place id (or None) per target
    "place": None,          # the place its clause names ("plans ... are being made in Raqqa")
    "word_place": None,     # the place named on the event word itself ("attacks in Russia")
    "time": None, "source": None,
}


def register_extensions() -> None:
    for name, default in EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


@dataclass
class Found:
    token: Token
    action: str
    probability: float
    vector: np.ndarray | None = None  # the word's dense features (features.dense), for the modality head
    governor: str | None = None  # "accused" / "denied": the event is the content of an accusation or denial
    by: Token | None = None      # the accusing or denying event word


THEME_DEPS = {"dobj", "nsubjpass", "attr", "oprd"}
ORDER_WORDS = {"order", "command"}  # a request whose content is done, not only asked for (_content_act)
CONTENT_PREPS = {"of", "with", "for", "over"}


class ClaimCoder:
    """Finds events with the trained coder and reads their participants off the parse."""

    def __init__(self, nlp: Language):
        self.model = load_model()
        self.lexicon = lexicon()
        check_width(self.model, nlp)

    def __call__(self, doc: Doc) -> Doc:
        ann = annotations(doc)
        refs = Referents(doc, ann, self.lexicon)
        found = self.find(doc, refs)
        readings = [read(event.token, event.action) for event in found]
        modalities = self.modalities(found, readings)
        spans = [self.annotate(doc, event, reading, modality, refs)
                 for event, reading, modality in zip(found, readings, modalities)]
        spans += list(self.named_events(doc, refs))
        doc.spans[SPANS] = sorted(spans, key=lambda s: s.start)
        return doc

    def find(self, doc: Doc, refs: Referents) -> list[Found]:
        """Event words: candidates whose likeliest type is probable enough."""
        words = [t for t in doc if t.i not in refs.opaque and is_candidate(t, self.lexicon, self.model.trigger_nouns)]
        if not words:
            return []
        context = build_context(doc, refs.ann)
        rows = [features(t, self.lexicon, context) for t in words]
        vectors = np.vstack([dense(t, context) for t in words])
        events, kinds = self.model.types.probabilities([r[0] for r in rows], [r[1] for r in rows], vectors)
        types = self.model.types.types
        chosen = []
        for token, p, k, vector, (_, found) in zip(words, events, kinds, vectors, rows):
            action = types[int(k.argmax())]
            if context.discarded_story and action in FORCE:
                continue  # "Russia beat Croatia" in a Davis Cup report: PETRARCH's discards mark it sport
            if action in FORCE and is_accidental(token):
                continue  # "killed in a helicopter crash": harm nobody inflicted on purpose
            if p >= self.model.threshold or self.intended(token, action, found) or hedged(token, action, found):
                chosen.append(Found(token, action, float(p), vector))
        return _themes(_without_light_verbs(chosen, self.lexicon))

    def intended(self, token: Token, action: str, found) -> bool:
        """Force someone plans, tries, prepares or vows ("efforts to strike", "plans to strike
        America", "bent on carrying out an attack") is an event, planned or threatened
        (GUIDELINES.md 5), when the lexicon codes the word for the type of force the coder
        gives it: plain news rarely reports intended force, so the trained coder has seen too
        few to find it alone. The intent is a modality cue (kb/modality.tsv) on the word's own path,
        at most two steps up."""
        coded = found.verb | found.pattern | found.guide | found.noun
        if action not in coded or action not in FORCE or not intent_near(token):
            return False
        reading = read(token, action)
        return reading.modality in ("planned", "threatened") and reading.cue_at is not None and reading.cue_at <= 2

    def assess(self, token: Token) -> tuple[str, str, Certainty]:
        """The type, modality and certainty the coder gives a word read as an event word,
        whether or not it passes the event threshold (what `sitrep eval claims` scores)."""
        context = build_context(token.doc)
        names, found = features(token, self.lexicon, context)
        vector = dense(token, context)
        _, kinds = self.model.types.probabilities([names], [found], vector[None, :])
        action = self.model.types.types[int(kinds[0].argmax())]
        reading = read(token, action)
        return action, self.modalities([Found(token, action, 0.0, vector)], [reading])[0], reading.certainty

    def modalities(self, found: list[Found], readings: list) -> list[str]:
        """The modality of each event: the classifier's, unless the cue rules say it has not
        happened where the classifier says it has."""
        if not found:
            return []
        head = self.model.modalities
        rows = [modality_features(e.token, e.action, r) for e, r in zip(found, readings)]
        probabilities = head.probabilities(rows, np.vstack([e.vector for e in found]))
        return [_overruled(head.classes[int(p.argmax())], r) for p, r in zip(probabilities, readings)]

    def annotate(self, doc: Doc, event: Found, reading, modality: str, refs: Referents) -> Span:
        token, action = event.token, event.action
        who = actor(token, reading.path, refs, action)
        if event.governor == "accused":
            who = accused(token, event.by, refs) or (who if who is None or _own_subject(token) else None)
        whom = [t for t in targets(token, action, refs, self.lexicon) if who is None or t.span.start != who.span.start]
        if action == "ASSAULT" and is_verbal_attack(token, who, whom, refs):
            action = "ACCUSE"
        elif action == "ACCUSE" and is_armed_attack(token, who, whom, refs, self.lexicon):
            action = "ASSAULT"
        span = Span(doc, token.i, token.i + 1, label=action)
        span._.modality = modality
        span._.negated = reading.negated
        if event.governor is not None and span._.modality == "occurred":
            span._.modality = "alleged"  # what someone is accused of, or denies, is not established
        if event.governor == "denied":
            span._.negated = True
        span._.cue, span._.band = reading.certainty.cue, reading.certainty.band
        span._.probability = round(event.probability, 4)
        _participants(span, who, whom)
        span._.place = place(own_clause(reading.path)[1:], refs)
        span._.word_place = place(reading.path[:1], refs)
        span._.time = time(reading.path, ahead=modality in AHEAD)
        span._.source = source_at(refs.ann, token.idx)
        return span

    def named_events(self, doc: Doc, refs: Referents):
        """ "The Brussels bombings": an event that happened, at the place in its name."""
        for entity in refs.ann.entities:
            if entity.type != "EVENT" or not entity.mentions:
                continue
            first = doc.char_span(entity.mentions[0].start, entity.mentions[0].end, alignment_mode="expand")
            if first is None:
                continue
            action = self.lexicon.noun_action(first[-1].lemma_.lower())
            if action is None:
                continue
            places = [refs.token_ref[t.i] for t in first if refs.is_place(refs.token_ref.get(t.i))]
            span = Span(doc, first[-1].i, first[-1].i + 1, label=action)
            span._.modality = "occurred"
            span._.targets = [[first.start, first.end]] if places else []
            span._.target_refs = places[:1]
            span._.place = places[0] if places else None
            span._.source = source_at(refs.ann, first.start_char)
            yield span


def is_verbal_attack(token: Token, who: Participant | None, whom: list[Participant], refs: Referents) -> bool:
    """A named person "attacking" people, parties or outlets is criticising them (PLOVER
    ACCUSE): politicians attack rivals far more often than they strike. A place or site as
    target, or a doer that is no named person (a group, "gunmen"), keeps the reading of force;
    the words are kb/event_verbal_force.tsv."""
    if token.lemma_.lower() not in verbal_force_words() or who is None or who.ref is None:
        return False
    if refs.entity_type.get(who.ref) != "PERSON":
        return False
    return all(t.ref is not None and not refs.is_place(t.ref) and refs.entity_type.get(t.ref) in VERBAL_TARGETS
               for t in whom)


def is_armed_attack(token: Token, who: Participant | None, whom: list[Participant], refs: Referents, lex) -> bool:
    """The same words are force when armed people do them or a place is hit ("Russian troops
    attacked Georgian positions near Tskhinvali"), however often the training data's
    campaign coverage used them for words: the doer is an armed agent (a Phoenix sector of
    soldiers, police, rebels, insurgents) or an armed group, or a target is a place."""
    if token.lemma_.lower() not in verbal_force_words():
        return False
    armed = who is not None and (lex.sector(who.span.root) in ARMED or refs.entity_type.get(who.ref or "") == "GROUP")
    return armed or any(refs.is_place(t.ref) for t in whom)


@cache
def verbal_force_words() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("event_verbal_force.tsv"))


def _overruled(learnt: str, reading) -> str:
    """ "occurred" and "alleged" say it happened; an intent, threat or forecast cue on the
    event's own path ("bent on", "plans to", "will", "probably to") says it has not, and so
    does a modal or condition on the event word or its verb ("could be orders")."""
    if learnt in ("occurred", "alleged") and (reading.modality in FUTURE or (
            reading.modality == "hypothetical" and reading.cue_at is not None and reading.cue_at <= 1)):
        return reading.modality
    if learnt == "predicted" and first_person_subject(reading.path):
        return "planned"  # "we will back them": a forecast of one's own act is a plan (GUIDELINES.md 5)
    return learnt


def hedged(token: Token, action: str, found) -> bool:
    """ "Messages that could be orders from HQ": an event noun said to be what something may
    be is a hypothetical event of its own (GUIDELINES.md 5: "merely possible"), when the
    lexicon codes the noun for the type the coder gives it."""
    if token.pos_ != "NOUN" or token.dep_ != "attr" or action not in (found.noun | found.guide):
        return False
    copula = token.head
    return copula.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ in HEDGES for c in copula.children)


def check_width(model, nlp: Language) -> None:
    """The model's dense weights must fit the vectors this pipeline makes (features.dense):
    each head reads the tok2vec rows alone or with the word's meaning. A mismatch is one
    error at start-up, not a wrong score on every document."""
    if "tok2vec" not in nlp.pipe_names:
        return
    rows = nlp.get_pipe("tok2vec").model.get_dim("nO")
    tok2vec_width, width = rows * DENSE_PARTS, dense_width(rows)
    for name, head in (("event", model.types.event), ("type", model.types.kinds), ("modality", model.modalities)):
        if head.dense.shape[0] not in (tok2vec_width, width):
            raise ModelError(f"event coder: its {name} head reads {head.dense.shape[0]} dense features, this "
                             f"pipeline makes {width} ({tok2vec_width} of them tok2vec rows); retrain it with "
                             "scripts/train_event_coder.py")


def _participants(span: Span, who: Participant | None, whom: list[Participant]) -> None:
    span._.actor = [who.span.start, who.span.end] if who else None
    span._.actor_ref = who.ref if who else None
    span._.targets = [[t.span.start, t.span.end] for t in whom]
    span._.target_refs = [t.ref for t in whom]


def _without_light_verbs(found: list[Found], lex) -> list[Found]:
    """One event per act: a verb that codes nothing on its own ("carried out", "launched")
    found with the same type as the event noun it governs gives way to the noun."""
    by_index = {f.token.i: f for f in found}
    keep = []
    for event in found:
        token = event.token
        governed = [by_index.get(c.i) for c in token.children if c.dep_ in ("dobj", "attr", "xcomp", "pobj")]
        if token.pos_ == "VERB" and not lex.verb_types(token.lemma_.lower()) and \
                any(g is not None and g.action == event.action for g in governed):
            continue
        keep.append(event)
    return keep


def _own_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "poss", "agent") for c in token.children)


def accused(token: Token, accusation: Token, refs: Referents) -> Participant | None:
    """The doer of what someone is accused of: the event's own subject or owner, else the
    one accused ("accuses Russia of poisoning": Russia), never the accuser."""
    for child in token.children:
        if child.dep_ in ("nsubj", "poss"):
            return refs.participant(child)
    target = next((c for c in accusation.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return refs.participant(target) if target is not None else None


def _themes(found: list[Found]) -> list[Found]:
    """The guidelines' rules for events inside events (GUIDELINES.md 2.4, 2.5, 6):
    - a word of intent governing an event is its modality, not an event of its own ("plan
      more attacks": the attacks, planned);
    - an event noun that is the object of another event is its theme, not an event of its
      own ("condemned the arrest", "denied the attack": one event each);
    - what someone is accused or charged of is an event, alleged ("accused Russia of
      poisoning", "charged with murder");
    - what someone denies happened is kept as said by others: alleged, and negated by the
      denier ("denied that troops had crossed")."""
    by_index = {f.token.i: f for f in found}
    intents = {i for i, f in by_index.items() if is_intent_word(f.token)
               and any(c.i in by_index for c in f.token.children if c.dep_ in THEME_DEPS | {"xcomp", "acl"})}
    kept = []
    for event in found:
        token = event.token
        if token.i in intents:
            continue  # "plan more attacks": the plan is the attacks' modality, not an event beside them
        if _content_act(token, by_index, intents) or _protest_demand(event, by_index):
            continue
        head = by_index.get(token.head.i)
        if head is not None and head.token.i not in intents and token.pos_ != "VERB" and token.dep_ in THEME_DEPS \
                and head.action != event.action:
            continue
        governing = _governing_event(token, by_index)
        if governing is not None and governing.action == "ACCUSE" and _via_content_prep(token, governing.token):
            event.governor, event.by = "accused", governing.token
        elif governing is not None and governing.action == "REJECT" and token.dep_ in ("ccomp", "xcomp") \
                and token.head.i == governing.token.i and not governing.token.lemma_.lower().startswith("refus"):
            event.governor, event.by = "denied", governing.token
        kept.append(event)
    return kept


def _content_act(token: Token, by_index: dict[int, Found], intents: set[int]) -> bool:
    """What a threat threatens or a request asks for is its content, not an event beside it:
    - "threatened to charge him", "threatened to bomb the dam": one THREATEN event (GUIDELINES.md
      3: the specific act's type is an accepted alternative);
    - "called on X to resign", "demanded that Russia withdraw": one REQUEST event (GUIDELINES.md
      2.3: no RETREAT beside it).
    The act stays where a word of intent governs it ("vowed to boycott", "sought to arrest": the
    act, planned) and where an authority orders it ("ordered them freed", "ordered a ceasefire"):
    what is ordered is done, not only asked for."""
    head = by_index.get(token.head.i)
    if head is None or head.token.i in intents:
        return False
    if head.action == "THREATEN":
        return token.dep_ == "xcomp"
    if head.action != "REQUEST" or head.token.lemma_.lower() in ORDER_WORDS:
        return False
    return token.dep_ == "xcomp" or (token.dep_ in ("advcl", "ccomp") and any(
        c.dep_ in ("aux", "mark") and c.lower_ in ("to", "that", "for") for c in token.children))


def _protest_demand(event: Found, by_index: dict[int, Found]) -> bool:
    """ "protests by caste groups demanding that jobs be reserved", "a protest ... calling
    for the release": what protesters demand is the content of their protest, not a request
    of its own (GUIDELINES.md 2.3)."""
    token = event.token
    if event.action != "REQUEST" or token.dep_ not in ("acl", "relcl"):
        return False
    node = token.head
    for _ in range(4):  # "a protest held by the movement calling for": movement, by, held, protest
        found = by_index.get(node.i)
        if found is not None and found.action == "PROTEST":
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def is_intent_word(token: Token) -> bool:
    """A word kb/modality.tsv lists as a cue of intent ("plan", "seek", "try", "prepare"), or
    a vow that is a plan when it is not of force ("vow", "pledge", "promise"): "vows to
    destroy IS" is one event, the destruction, vowed (GUIDELINES.md 3: a vow to protest is
    one PROTEST/THREATEN event). A bare threat ("threatened to bomb") stays an event."""
    cue = modality_cues().get(token.lemma_.lower())
    return cue is not None and "planned" in cue


def _governing_event(token: Token, by_index: dict[int, Found]) -> Found | None:
    """The nearest event word above this one, through prepositions and the nouns they hang
    from ("accuses Russia of involvement in the poisoning"), if any."""
    node = token
    for _ in range(5):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.i in by_index:
            return by_index[node.i]
        if node.pos_ != "ADP" and not (node.pos_ == "NOUN" and node.dep_ in ("pobj", "dobj")):
            return None
    return None


def _via_content_prep(token: Token, governor: Token) -> bool:
    node = token
    while node.head.i != governor.i and node.head.i != node.i:
        node = node.head
    return node.dep_ == "prep" and node.lower_ in CONTENT_PREPS


def claims_of(doc: Doc) -> list[Claim]:
    """The contract's Claim records of a Doc the component ran on, ids in text order."""
    body = text_of(doc)
    claims: list[Claim] = []
    seen: set[tuple] = set()
    for span in doc.spans.get(SPANS, []):
        sentence = span.sent
        start, end = _stripped(sentence, body)
        trigger = Trigger(start=span.start_char, end=span.end_char, text=body[span.start_char:span.end_char],
                          lemma=span.root.lemma_.lower())
        actor_text = _text(doc, span._.actor, body)
        refs = span._.target_refs or []
        phrases = span._.targets or []
        pairs = list(zip(phrases, refs)) or [(None, None)]
        for phrase, ref in pairs:
            key = (span.start, span._.actor_ref, span.label_, ref, tuple(phrase or ()))
            if key in seen:
                continue
            seen.add(key)
            target = [ref] if ref and ref != span._.actor_ref else []
            # where: the clause's place, else a target that is a place, else the word's own
            where = span._.place or (ref if ref and ref.startswith("p") else None) or span._.word_place
            claims.append(Claim(
                id="", text=body[start:end], start=start, end=end, source=span._.source,
                actor=span._.actor_ref, action=span.label_, target=target, place=where, time=span._.time,
                modality=span._.modality or "occurred", negated=bool(span._.negated),
                certainty=certainty_for(span._.cue, span._.band or "unstated"),
                trigger=trigger, actor_text=actor_text,
                target_text=[_text(doc, phrase, body)] if phrase else [],
            ))
    for number, claim in enumerate(claims, start=1):
        claim.id = f"c{number}"
    return claims


def _text(doc: Doc, offsets, body: str) -> str | None:
    if not offsets:
        return None
    span = doc[offsets[0]:offsets[1]]
    return body[span.start_char:span.end_char]


def _stripped(sentence: Span, body: str) -> tuple[int, int]:
    text = body[sentence.start_char:sentence.end_char]
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    end = sentence.end_char - (len(text) - len(text.rstrip()))
    return start, end


@Language.factory("sitrep_claims", assigns=["doc.spans", *(f"span._.{name}" for name in EXTENSIONS)],
                  requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.tensor"])
def make_claims(nlp: Language, name: str) -> ClaimCoder:
    return ClaimCoder(nlp)


register_extensions()
