"""Which words may be event words, and which word of a labelled trigger is the event word.

Every verb is a candidate (even "said": "vowed", "told him to leave", "described it as" are
events) but a past participle used as a noun ("the accused appeared in court"); a noun is one
when the lexicon says it can carry an event (or a verb it is made from does: "bombing",
"negotiations") or when the hand-labelled training data used it as a trigger. A title-cased
word in a headline ("Russia Announces Expulsions") is tagged PROPN by the model; it is a
candidate when, lower-cased, the lexicon knows it and it is no part of a name. So is a word
tagged ADJ that the lexicon codes as a verb: the small model tags "expel" in "close the
consulate and expel diplomats" as an adjective.

A labelled trigger is a phrase ("carry out attacks", "are to agree", "close the US
consulate"); the coder learns one word of it, `head_of`: the candidate that no other
candidate inside the phrase governs, and the event noun rather than a verb that codes
nothing on its own ("conduct an inspection" -> inspection), unless that noun names a
thing rather than an act ("close the consulate" -> close).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .lexicon import Lexicon, noun_to_verb

# Where a noun phrase's head stands: a participle with its own determiner there is a noun.
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "conj"})


def is_candidate(token: Token, lexicon: Lexicon, trigger_nouns: frozenset[str]) -> bool:
    pos = token.pos_
    if pos == "VERB":
        return not participle_as_noun(token)
    lemma = token.lemma_.lower()
    if pos == "NOUN":
        return lemma in trigger_nouns or bool(lexicon.noun_types(lemma)) or lemma in lexicon.guidelines
    if pos == "PROPN" and token.is_title and not token.ent_type_:
        lower = token.lower_
        return lexicon.knows_verb(lower) or lower in trigger_nouns or bool(lexicon.noun_types(lower))
    if pos == "ADJ":  # a verb the small model mistags ("... and expel foreign diplomats")
        return bool(lexicon.verb_types(token.lower_)) or token.lower_ in lexicon.guidelines
    return False


def participle_as_noun(token: Token) -> bool:
    """ "The accused appeared before a magistrate", "treating the wounded": a past participle
    with a determiner of its own, where a noun phrase's head stands, names the people the act
    was done to, not an act (the small model tags it VBN, a verb)."""
    return (token.tag_ == "VBN" and token.dep_ in NOMINAL_DEPS
            and any(c.dep_ == "det" and c.i < token.i for c in token.children))


def head_of(tokens: Iterable[Token], lexicon: Lexicon, trigger_nouns: frozenset[str]) -> Token | None:
    """The event word of a trigger phrase, or None when it holds no candidate."""
    tokens = list(tokens)
    inside = {t.i for t in tokens}
    candidates = [t for t in tokens if is_candidate(t, lexicon, trigger_nouns)]
    if not candidates:
        return None
    chosen = {t.i for t in candidates}
    tops = [t for t in candidates if not any(a.i in chosen for a in t.ancestors if a.i in inside)]
    top = tops[0]
    if top.pos_ == "VERB" and not lexicon.verb_types(top.lemma_.lower()) and not lexicon.guideline_types(top):
        nouns = [t for t in candidates if t.pos_ != "VERB" and t.head.i == top.i and _eventive(t, lexicon)]
        if nouns:
            return nouns[0]
    return top


def _eventive(noun: Token, lexicon: Lexicon) -> bool:
    """A noun that names an act (made from a verb, or named by the guidelines), not a thing
    the act is done to ("closed the consulate")."""
    lemma = noun.lemma_.lower()
    return noun_to_verb(lemma, lexicon.verb_blocks) is not None or bool(lexicon.guideline_types(noun))
