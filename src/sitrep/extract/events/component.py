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

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ...model import Certainty, Claim, Mention
from ..annotations import annotations, text_of
from ..certainty import certainty_for
from .candidates import is_candidate
from .features import build_context, dense, features
from .lexicon import lexicon
from .model import load_model
from .reading import read
from .roles import Participant, Referents, actor, own_clause, place, source_at, targets, time

SPANS = "claims"
EXTENSIONS = {
    "modality": None, "negated": False, "cue": None, "band": "unstated", "probability": None,
    "actor": None,          # [start, end) token offsets of the actor phrase, or None
    "actor_ref": None,      # entity or place id the actor names, or None
    "targets": None,        # [[start, end), ...] token offsets of the target phrases
    "target_refs": None,    # entity or place id (or None) per target
    "place": None, "time": None, "source": None,
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


class ClaimCoder:
    """Finds events with the trained coder and reads their participants off the parse."""

    def __init__(self, nlp: Language):
        self.model = load_model()
        self.lexicon = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        ann = annotations(doc)
        refs = Referents(doc, ann, self.lexicon)
        found = self.find(doc, refs)
        spans = [self.annotate(doc, event, refs) for event in found]
        spans += list(self.named_events(doc, refs))
        doc.spans[SPANS] = sorted(spans, key=lambda s: s.start)
        return doc

    def find(self, doc: Doc, refs: Referents) -> list[Found]:
        """Event words: candidates whose likeliest type is probable enough."""
        words = [t for t in doc if t.i not in refs.opaque and is_candidate(t, self.lexicon, self.model.trigger_nouns)]
        if not words:
            return []
        context = build_context(doc)
        rows = [features(t, self.lexicon, context) for t in words]
        events, kinds = self.model.types.probabilities([r[0] for r in rows], [r[1] for r in rows],
                                                       np.vstack([dense(t) for t in words]))
        types = self.model.types.types
        chosen = [Found(t, types[int(k.argmax())], float(p))
                  for t, p, k in zip(words, events, kinds) if p >= self.model.threshold]
        return _without_light_verbs(chosen, self.lexicon)

    def assess(self, token: Token) -> tuple[str, str, Certainty]:
        """The type, modality and certainty the coder gives a word read as an event word,
        whether or not it passes the event threshold (what `sitrep eval claims` scores)."""
        doc = token.doc
        names, found = features(token, self.lexicon, build_context(doc))
        _, kinds = self.model.types.probabilities([names], [found], dense(token)[None, :])
        action = self.model.types.types[int(kinds[0].argmax())]
        reading = read(token, action)
        return action, self.modality(token, action, reading), reading.certainty

    def modality(self, token: Token, action: str, reading) -> str:
        from .reading import modality_features

        head = self.model.modalities
        probabilities = head.probabilities([modality_features(token, action, reading)], dense(token)[None, :])
        return head.classes[int(probabilities[0].argmax())]

    def annotate(self, doc: Doc, event: Found, refs: Referents) -> Span:
        token, action = event.token, event.action
        reading = read(token, action)
        who = actor(token, reading.path, refs, action)
        whom = [t for t in targets(token, action, refs, self.lexicon) if who is None or t.span.start != who.span.start]
        span = Span(doc, token.i, token.i + 1, label=action)
        span._.modality = self.modality(token, action, reading)
        span._.negated = reading.negated
        span._.cue, span._.band = reading.certainty.cue, reading.certainty.band
        span._.probability = round(event.probability, 4)
        _participants(span, who, whom)
        clause = own_clause(reading.path)
        span._.place = place(clause[1:], refs) or next((t.ref for t in whom if refs.is_place(t.ref)), None) \
            or place(reading.path[:1], refs)
        span._.time = time(reading.path)
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


def claims_of(doc: Doc) -> list[Claim]:
    """The contract's Claim records of a Doc the component ran on, ids in text order."""
    body = text_of(doc)
    claims: list[Claim] = []
    seen: set[tuple] = set()
    for span in doc.spans.get(SPANS, []):
        sentence = span.sent
        start, end = _stripped(sentence, body)
        trigger = Mention(start=span.start_char, end=span.end_char, text=body[span.start_char:span.end_char])
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
            claims.append(Claim(
                id="", text=body[start:end], start=start, end=end, source=span._.source,
                actor=span._.actor_ref, action=span.label_, target=target, place=span._.place, time=span._.time,
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
