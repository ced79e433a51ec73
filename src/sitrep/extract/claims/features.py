"""What the event coder sees of a candidate event word: named features and a dense vector.

Features are strings ("lemma=arrest", "obj=arrest>protester", "cameo_pattern=COERCE"),
read off the parse and the entities around the word, so a weight learnt for one of them
means the same thing on any text. They are built for three kinds of evidence:
- the word and its arguments as written (lemma, particle, object, prepositions, the verb
  governing it: "calling for", "fired on", "carried out attacks");
- broad lexical knowledge (the CAMEO-derived lexicon: what the verb codes on its own, which
  of its patterns its dependents fill, what a noun carries; the discard phrases of sport and
  disasters);
- who is involved (entity types of subject and object: a PERSON "attacking" a PERSON is
  criticism, GOV or GROUP forces attacking a place is force).
The dense part is two kinds of vector: the English model's own tok2vec rows (`doc.tensor`,
already computed by the parse: the word in its sentence), and what the word means out of
context (meaning.py, distilled from a pretrained encoder: "fined" lies near "penalize", so
what was learnt of a known verb reaches an unseen one of its sense).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ...kb import read_table
from ..annotations import Annotations, annotations
from .lexicon import Lexicon
from .meaning import WordVectors, word_vectors

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "agent")
SPORT_SENTENCES = 2
# named features saying what kind of thing takes part, conjoined with the lexicon's types
PARTICIPANT_KINDS = ("objtype=", "subjtype=", "esubjtype=", "pobjtype=", "subjsector=", "objsector=", "esubjsector=")
# dense(): the word, its head, its sentence, its subject and its object, each a tok2vec vector;
# then the word's meaning (last, so a head may read the tok2vec rows alone: model.py)
DENSE_PARTS = 5
OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
LIGHT_HEAD_DEPS = ("dobj", "pobj", "nsubjpass", "attr", "xcomp", "conj")


@dataclass
class Context:
    """Per-document facts the features need, computed once per Doc: the type of what each
    token names, each token's sentence (start, end) and that sentence's mean vector, and
    which sentences hold a discard phrase (sport, entertainment, disasters). Asking spaCy
    for `token.sent` per candidate cost more than the rest of the features."""

    token_type: dict[int, str] = field(default_factory=dict)
    discarded_sentences: set[int] = field(default_factory=set)
    sentence_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    sentence_end: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    sentence_vectors: dict[int, np.ndarray] = field(default_factory=dict)
    unit: np.ndarray | None = None  # the Doc's tok2vec rows, each scaled to unit length
    # a sport or entertainment story: a story-level discard phrase, or discard phrases in
    # SPORT_SENTENCES of its sentences (PETRARCH discards such stories whole)
    discarded_story: bool = False
    doers: dict[int, Token | None] = field(default_factory=dict)  # effective_subject, computed once a word
    meanings: WordVectors = field(default_factory=word_vectors)

    def doer(self, token: Token) -> Token | None:
        if token.i not in self.doers:
            self.doers[token.i] = effective_subject(token)
        return self.doers[token.i]

    def bounds(self, token: Token) -> tuple[int, int]:
        return int(self.sentence_start[token.i]), int(self.sentence_end[token.i])

    def type_of(self, token: Token) -> str:
        """Entity type (GOV, GROUP, PERSON, ...), COUNTRY or another PLACE, spaCy's label, or a
        pronoun mark. Countries apart: a leader visiting, or troops sent to, a country is
        diplomacy or force; a candidate visiting a state or a town is campaigning."""
        if token.i in self.token_type:
            return self.token_type[token.i]
        if token.ent_type_:
            return token.ent_type_
        if token.pos_ == "PRON":
            return "PRON"
        return ""


@lru_cache(maxsize=4)
def discard_matcher(vocab: Vocab) -> PhraseMatcher:
    """The discard phrases of kb/event_discards.tsv (sport, entertainment, disasters),
    matched on lower-cased words."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    rows = read_table("event_discards.tsv")
    for scope in ("sentence", "story"):
        matcher.add(scope.upper(), [Doc(vocab, words=r["phrase"].split()) for r in rows if r["scope"] == scope])
    return matcher


def build_context(doc: Doc, ann: Annotations | None = None) -> Context:
    """The Context of a Doc the entity, place and attribution components have run on (`ann`:
    their records, when the caller has read them already)."""
    ann = ann or annotations(doc)
    types = {e.id: e.type for e in ann.entities}
    kinds = {p.id: p.kind for p in ann.places}
    token_type = {i: "COUNTRY" if kinds.get(ref) == "country" else "PLACE" for i, ref in ann.token_place.items()}
    token_type.update({i: types.get(ref, "") for i, ref in ann.token_entity.items()})
    starts, ends = np.zeros(len(doc), dtype=np.int32), np.zeros(len(doc), dtype=np.int32)
    vectors = {}
    tensor = doc.tensor if doc.tensor is not None and doc.tensor.ndim == 2 and len(doc.tensor) else None
    unit = None
    if tensor is not None:
        norms = np.linalg.norm(tensor, axis=1, keepdims=True)
        unit = np.divide(tensor, norms, out=np.zeros_like(tensor), where=norms > 0).astype(np.float32)
    for sentence in doc.sents:
        starts[sentence.start:sentence.end] = sentence.start
        ends[sentence.start:sentence.end] = sentence.end
        if tensor is not None:
            vectors[sentence.start] = _unit(tensor[sentence.start:sentence.end].mean(axis=0))
    matches = discard_matcher(doc.vocab)(doc)
    discarded = {int(starts[start]) for _, start, _ in matches}
    story = any(doc.vocab.strings[key] == "STORY" for key, _, _ in matches) or len(discarded) >= SPORT_SENTENCES
    return Context(token_type, discarded, starts, ends, vectors, unit, discarded_story=story)


def phrase_type(token: Token, context: Context) -> str:
    """The type of the noun phrase a token heads: its own, or a name modifying it."""
    own = context.type_of(token)
    if own:
        return own
    for child in token.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod"):
            kind = context.type_of(child)
            if kind:
                return f"{kind}+noun"
    return ""


def features(token: Token, lexicon: Lexicon, context: Context) -> tuple[list[str], Evidence]:
    """The named features of one candidate event word, and the lexicon's evidence on it."""
    lemma = token.lemma_.lower()
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else token.pos_
    out = [f"lemma={lemma}", f"pos={pos}", f"lp={lemma}|{pos}", f"dep={token.dep_}", f"tag={token.tag_}"]
    out += _dependents(token, lemma, context, lexicon)
    out += _governor(token, lemma)
    found = evidence(token, lexicon)
    kinds = [f for f in out if f.startswith(PARTICIPANT_KINDS) and not f.split("=", 1)[1].startswith(lemma + ">")]
    out += _lexicon(found, kinds)
    first, last = context.bounds(token)
    if first in context.discarded_sentences:
        out.append("discard")
        out.append(f"discard&{lemma}")
    if token.is_title and token.i > first:
        out.append("titlecase")
    out += _window(token, first, last)
    return out, found


def _dependents(token: Token, lemma: str, context: Context, lexicon: Lexicon) -> list[str]:
    out = []
    has_subject = False
    subject_kind = object_kind = ""
    for child in token.children:
        dep = child.dep_
        if dep == "prt":
            out.append(f"prt={lemma}_{child.lower_}")
        elif dep in OBJECT_DEPS:
            kind = phrase_type(child, context)
            object_kind = object_kind or kind or "common"
            out += [f"obj={lemma}>{child.lemma_.lower()}", f"objtype={kind or 'common'}",
                    f"objtype={lemma}>{kind or 'common'}", f"objsector={lexicon.phrase_sector(child) or '-'}"]
        elif dep in SUBJECT_DEPS:
            has_subject = True
            subject = child if dep != "agent" else next((g for g in child.children if g.dep_ == "pobj"), child)
            kind = phrase_type(subject, context)
            subject_kind = subject_kind or kind or "common"
            out += [f"subj={dep}>{subject.lemma_.lower()}", f"subjtype={dep}>{kind or 'common'}",
                    f"subjtype={lemma}>{kind or 'common'}", f"subjsector={dep}>{lexicon.phrase_sector(subject) or '-'}"]
        elif dep == "prep":
            out.append(f"prep={lemma}_{child.lower_}")
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    kind = phrase_type(pobj, context)
                    out += [f"pobj={child.lower_}>{pobj.lemma_.lower()}", f"pobjtype={child.lower_}>{kind or 'common'}"]
        elif dep == "neg":
            out.append("neg")
        elif dep in ("aux", "auxpass") and child.lower_ in ("to",):
            out.append("infinitive")
        elif dep == "poss":
            out.append(f"poss={phrase_type(child, context) or 'common'}")
        elif dep in ("compound", "amod") and token.pos_ == "NOUN":
            kind = context.type_of(child)
            out.append(f"mod={kind or child.lemma_.lower()}")
    if token.pos_ == "VERB" and not has_subject:
        out.append("nosubj")
    if subject_kind and object_kind:
        out.append(f"dyad={subject_kind}>{object_kind}")  # "a person attacking a person" is mostly words
    doer = context.doer(token) if not has_subject else None
    if doer is not None:
        kind = phrase_type(doer, context)
        out += [f"esubjtype={kind or 'common'}", f"esubjtype={lemma}>{kind or 'common'}",
                f"esubjsector={lexicon.phrase_sector(doer) or '-'}", f"esubj={doer.lemma_.lower()}"]
    return out


def effective_subject(token: Token) -> Token | None:
    """Who does what the word says when it has no subject of its own: the subject of the
    verb an infinitive complements ("vowed to [attack]"), of the verb whose object the noun
    it modifies is ("making efforts to [strike]"), the antecedent of a relative clause
    ("jihadis who [trained]", through "who"), the owner of a noun ("IS' plans to [strike]")."""
    own = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "poss")), None)
    if own is not None:
        if own.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
            return token.head
        return own
    node = token
    for _ in range(3):
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ not in ("xcomp", "acl", "advcl", "pcomp", "pobj", "dobj", "conj", "prep"):
            return None
        node = node.head
        found = next((c for c in node.children if c.dep_ in ("nsubj", "poss")), None)
        if found is not None:
            return found
    return None


def _window(token: Token, first: int, last: int) -> list[str]:
    """The words right before and after ("in protest", "to strike", "police fired")."""
    doc, out = token.doc, []
    if token.i > first:
        out.append(f"prev={doc[token.i - 1].lemma_.lower()}")
    if token.i + 1 < last:
        out.append(f"next={doc[token.i + 1].lemma_.lower()}")
    return out


def _governor(token: Token, lemma: str) -> list[str]:
    """The word the candidate hangs from: "threatened to [kill]", "accused ... of [poisoning]",
    "carried out [attacks]", "[talks] with"."""
    head = token.head
    if head.i == token.i:
        return ["root"]
    hlemma = head.lemma_.lower()
    out = [f"head={token.dep_}>{hlemma}", f"headlemma={hlemma}"]
    if head.dep_ == "prep" or head.pos_ == "ADP":
        out.append(f"headprep={head.lower_}>{head.head.lemma_.lower()}")
    if token.dep_ in LIGHT_HEAD_DEPS and head.pos_ == "VERB":
        out.append(f"gov={hlemma}>{lemma}")
    return out


@dataclass(frozen=True)
class Evidence:
    """What the lexicon says a candidate word can express."""

    verb: frozenset[str] = frozenset()     # types CAMEO gives the verb on its own
    pattern: frozenset[str] = frozenset()  # types of the verb's patterns its dependents fill
    noun: frozenset[str] = frozenset()     # the types a noun most often carries
    noun_any: frozenset[str] = frozenset()  # every type a noun carries
    guide: frozenset[str] = frozenset()    # types the labelling guidelines name the word for
    known: bool = False                    # the lexicon lists the word at all

    def agreement(self, action: str) -> list[str]:
        """Features of one candidate type: which parts of the lexicon name it, which name
        another type. Shared by all types, so what the lexicon knows of rare types is
        learnt from the frequent ones."""
        out = [f"{part}" for part, types in (("verb", self.verb), ("pattern", self.pattern), ("noun", self.noun),
                                              ("noun_any", self.noun_any), ("guide", self.guide)) if action in types]
        if self.guide and action not in self.guide:
            out.append("guide_other")
        if not [part for part in out if part != "guide_other"]:
            out.append("other" if self.verb or self.pattern or self.noun_any else "known_uncoded" if self.known
                       else "unknown")
        elif len(out) > 1:
            out.append(f"agree{min(len(out), 3)}")
        return out


def evidence(token: Token, lexicon: Lexicon) -> Evidence:
    lemma = token.lemma_.lower() if token.pos_ not in ("PROPN", "ADJ") else token.lower_
    guide = frozenset(lexicon.guideline_types(token))
    if token.pos_ in ("VERB", "AUX") or (token.pos_ in ("PROPN", "ADJ") and lexicon.knows_verb(lemma)):
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), "")
        return Evidence(verb=frozenset(lexicon.verb_types(lemma, particle)), guide=guide,
                        pattern=frozenset(lexicon.pattern_types(token)), known=lexicon.knows_verb(lemma))
    carried = lexicon.noun_types(lemma)
    if not carried:
        return Evidence(guide=guide, known=bool(guide))
    top = max(carried.values())
    return Evidence(noun=frozenset(t for t, n in carried.items() if n == top), noun_any=frozenset(carried),
                    guide=guide, known=True)


def _lexicon(evidence_: Evidence, participants: list[str]) -> list[str]:
    """The lexicon's types for the word, alone and with the kinds of its participants
    ("a verb CAMEO codes ASSAULT whose object is a place": attack, bomb, strike or invade
    Russia all teach the same weight)."""
    out = [f"cameo_verb={t}" for t in sorted(evidence_.verb)]
    coded = sorted(evidence_.verb | evidence_.pattern | evidence_.noun | evidence_.guide)
    out += [f"lex={t}&{p}" for t in coded for p in participants]
    out += [f"cameo_pattern={t}" for t in sorted(evidence_.pattern)]
    out += [f"cameo_noun={t}" for t in sorted(evidence_.noun)]
    out += [f"guide={t}" for t in sorted(evidence_.guide)]
    if not (evidence_.verb or evidence_.pattern or evidence_.noun):
        out.append("cameo_uncoded" if evidence_.known else "cameo_unknown")
    else:
        out.append("cameo_coded")
    return out


def dense_width(tok2vec_width: int) -> int:
    """How many dense features dense() makes beside a tok2vec layer of this width."""
    return tok2vec_width * DENSE_PARTS + word_vectors().width


def dense(token: Token, context: Context) -> np.ndarray:
    """Unit tok2vec vectors of the word, its head, its sentence (mean), its subject and its
    object (zeros where it has none): what the word is, what the sentence is about, and
    what kind of things take part in it ("Australia beat Colombia" in a match report
    reads unlike troops beating protesters); then what the word means, which carries what
    was learnt of one word to words of its sense. Only the word's own meaning: those of its
    head, subject and object cost precision on events-dev (training/events/DATA_CARD.md)."""
    if context.unit is None:
        return np.zeros(0, dtype=np.float32)
    unit = context.unit
    subject = context.doer(token)
    obj = next((c for c in token.children if c.dep_ in ("dobj", "pobj", "dative") or c.dep_ == "prep"), None)
    if obj is not None and obj.dep_ == "prep":
        obj = next((g for g in obj.children if g.dep_ == "pobj"), None)
    none = np.zeros(unit.shape[1], dtype=np.float32)
    sentence = context.sentence_vectors.get(context.bounds(token)[0], none)
    return np.concatenate([unit[token.i], unit[token.head.i], sentence,
                           unit[subject.i] if subject is not None else none, unit[obj.i] if obj is not None else none,
                           context.meanings.of(token)])


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
