"""Harm from accidents, disasters and disease is no PLOVER event.

"Two service members have been killed in a helicopter crash": "killed" is a word of force,
and the coder, which learnt "killed" from shootings, reads it as an ASSAULT. PLOVER codes
deliberate harm only (GUIDELINES.md 2.6); the clause itself says what caused this one. A
force word is accidental when an accident, disaster or disease noun (kb/event_accidents.tsv)
is its cause on the parse: the object of its "in"/"by"/"during"/"from"/"after"/"with"
("killed in a crash", "destroyed by the quake", "infected with measles"), or its subject ("the
crash killed five").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ...kb import read_table

CAUSE_PREPOSITIONS = {"in", "by", "during", "from", "after", "amid", "with"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@cache
def accident_nouns() -> frozenset[str]:
    return frozenset(row["lemma"] for row in read_table("event_accidents.tsv"))


def is_accidental(token: Token) -> bool:
    """Whether the clause names an accident, disaster or disease as the cause of the word."""
    for child in token.children:
        if child.dep_ in SUBJECTS and _names_accident(child):
            return True
        if child.dep_ in ("prep", "agent") and child.lower_ in CAUSE_PREPOSITIONS:
            if any(g.dep_ == "pobj" and _names_accident(g) for g in child.children):
                return True
    return False


def _names_accident(noun: Token) -> bool:
    """By the lemma, or as written where the lemmatizer cuts a plural-only name ("measles" -> "measle")."""
    nouns = accident_nouns()
    return noun.lemma_.lower() in nouns or noun.lower_ in nouns
