"""The referents component on hand-built parses (words, heads, deps, POS, lemmas, tags), as
spaCy's own tests build them: which entity a pronoun or "the group" stands for, once, for
attribution and the claims. Sentences shortened from real reports (PolNeAR train, NYT)."""

from __future__ import annotations

from support.parses import parse

from sitrep.extract.annotations import annotations
from sitrep.extract.referents import referents_of


def referent(doc, word: str, nth: int = 0) -> str | None:
    token = [t for t in doc if t.text == word][nth]
    found = referents_of(doc).get(token.i)
    return found.entity if found else None


def test_a_pronoun_stands_for_the_latest_entity_it_can_refer_to(nlp):
    # "Weiner met Abedin, and the Post said he resigned": "he" is a person, not the outlet
    doc, _ = parse(nlp, [("Weiner", 1, "nsubj", "PROPN", "Weiner", "NNP"), ("met", 1, "ROOT", "VERB", "meet", "VBD"),
                         ("Abedin", 1, "dobj", "PROPN", "Abedin", "NNP"), ("and", 1, "cc", "CCONJ", "and", "CC"),
                         ("the", 5, "det", "DET", "the", "DT"), ("Post", 6, "nsubj", "PROPN", "Post", "NNP"),
                         ("said", 1, "conj", "VERB", "say", "VBD"), ("he", 8, "nsubj", "PRON", "he", "PRP"),
                         ("resigned", 6, "ccomp", "VERB", "resign", "VBD")],
                   {"Weiner": ("e1", "PERSON"), "Abedin": ("e2", "PERSON"), "Post": ("e3", "OUTLET")})
    assert referent(doc, "he") == "e2"


def test_a_pronoun_with_no_fitting_entity_stands_for_nobody(nlp):
    doc, _ = parse(nlp, [("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"), ("said", 1, "ROOT", "VERB", "say", "VBD"),
                         ("she", 3, "nsubj", "PRON", "she", "PRP"), ("left", 1, "ccomp", "VERB", "leave", "VBD")],
                   {"Russia": ("e1", "GOV")})
    assert referent(doc, "she") is None


def test_a_plural_pronoun_stops_at_a_nearer_plural_noun(nlp):
    # "The Taliban attacked the soldiers, and they fled": the soldiers fled, not the Taliban
    doc, _ = parse(nlp, [("Taliban", 1, "nsubj", "PROPN", "Taliban", "NNP"),
                         ("attacked", 1, "ROOT", "VERB", "attack", "VBD"),
                         ("soldiers", 1, "dobj", "NOUN", "soldier", "NNS"),
                         ("and", 1, "cc", "CCONJ", "and", "CC"), ("they", 5, "nsubj", "PRON", "they", "PRP"),
                         ("fled", 1, "conj", "VERB", "flee", "VBD")],
                   {"Taliban": ("e1", "GROUP")})
    assert referent(doc, "they") is None


def test_the_group_joins_the_one_group_named_before_it(nlp):
    doc, _ = parse(nlp, [("ISIS", 1, "nsubj", "PROPN", "ISIS", "NNP"), ("claimed", 1, "ROOT", "VERB", "claim", "VBD"),
                         ("it", 1, "dobj", "PRON", "it", "PRP"), ("and", 1, "cc", "CCONJ", "and", "CC"),
                         ("the", 5, "det", "DET", "the", "DT"), ("group", 6, "nsubj", "NOUN", "group", "NN"),
                         ("vowed", 1, "conj", "VERB", "vow", "VBD"), ("more", 6, "dobj", "NOUN", "more", "JJR")],
                   {"ISIS": ("e1", "GROUP")})
    group = annotations(doc).entity("e1")
    assert [m.text for m in group.mentions] == ["ISIS", "the group"]
    assert [s.text for s in doc.spans["entities"] if s.id_ == "e1"] == ["ISIS", "the group"]
