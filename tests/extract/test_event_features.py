"""What the event coder reads off a candidate word's participants, on hand-built parses
(tests/support/parses.py): a parser change cannot hide a feature regression here.

Sentences shortened from real reports (GeoWebNews dev, PolNeAR train)."""

from __future__ import annotations

from support.parses import parse

from sitrep.extract.annotations import annotations
from sitrep.extract.claims.candidates import is_candidate
from sitrep.extract.claims.features import build_context, features
from sitrep.extract.claims.lexicon import lexicon


def named(doc, word: str) -> list[str]:
    token = next(t for t in doc if t.text == word)
    return features(token, lexicon(), build_context(doc, annotations(doc)))[0]


# "Vice President Joseph R. Biden Jr. visited Israel" / "... visited Iowa" (PolNeAR train)
def visit(place: str, kind: str):
    return [("Vice", 1, "compound", "PROPN", "Vice"), ("President", 3, "compound", "PROPN", "President"),
            ("Joe", 3, "compound", "PROPN", "Joe"), ("Biden", 4, "nsubj", "PROPN", "Biden"),
            ("visited", 4, "ROOT", "VERB", "visit", "VBD"), (place, 4, "dobj", "PROPN", place),
            (".", 4, "punct", "PUNCT", ".")], {place: ("p1", kind), "Joe Biden": ("e1", "PERSON")}


def test_a_visit_to_a_country_reads_unlike_a_visit_to_a_state(nlp):
    abroad = named(*parse(nlp, *visit("Israel", "country"))[:1], "visited")
    at_home = named(*parse(nlp, *visit("Iowa", "region"))[:1], "visited")
    assert "objtype=COUNTRY" in abroad and "objtype=visit>COUNTRY" in abroad
    assert "objtype=PLACE" in at_home and not any("COUNTRY" in f for f in at_home)


def test_a_title_before_a_name_gives_the_subject_its_sector(nlp):
    names = named(*parse(nlp, *visit("Israel", "country"))[:1], "visited")
    assert "subjsector=nsubj>GOV" in names


def test_a_name_without_a_title_has_no_sector(nlp):
    doc, _ = parse(nlp, [("Joe", 1, "compound", "PROPN", "Joe"), ("Biden", 2, "nsubj", "PROPN", "Biden"),
                         ("visited", 2, "ROOT", "VERB", "visit", "VBD"), ("Israel", 2, "dobj", "PROPN", "Israel"),
                         (".", 2, "punct", "PUNCT", ".")], {"Israel": ("p1", "country"), "Joe Biden": ("e1", "PERSON")})
    assert "subjsector=nsubj>-" in named(doc, "visited")


# "The accused appeared in court" against "Police accused the mayor"
# (constructed; the kind of error was seen on events-dev, development data):
# the small model tags both "accused" VBN/VBD verbs; only the second is an act.
def test_a_participle_with_its_own_determiner_standing_as_a_noun_is_no_event_word(nlp):
    doc, _ = parse(nlp, [("The", 1, "det", "DET", "the", "DT"), ("accused", 2, "nsubj", "VERB", "accuse", "VBN"),
                         ("appeared", 2, "ROOT", "VERB", "appear", "VBD"), ("in", 2, "prep", "ADP", "in", "IN"),
                         ("court", 3, "pobj", "NOUN", "court", "NN"), (".", 2, "punct", "PUNCT", ".", ".")])
    acts, _ = parse(nlp, [("Police", 1, "nsubj", "NOUN", "police", "NNS"),
                          ("accused", 1, "ROOT", "VERB", "accuse", "VBD"), ("the", 3, "det", "DET", "the", "DT"),
                          ("mayor", 1, "dobj", "NOUN", "mayor", "NN"), (".", 1, "punct", "PUNCT", ".", ".")])
    # "the man arrested on Monday": a participle after its noun is a clause of its own, still an act
    reduced, _ = parse(nlp, [("the", 1, "det", "DET", "the", "DT"), ("man", 1, "ROOT", "NOUN", "man", "NN"),
                             ("arrested", 1, "acl", "VERB", "arrest", "VBN"), ("on", 2, "prep", "ADP", "on", "IN"),
                             ("Monday", 3, "pobj", "PROPN", "Monday", "NNP")])
    nouns = frozenset()
    assert not is_candidate(doc[1], lexicon(), nouns)
    assert is_candidate(acts[1], lexicon(), nouns)
    assert is_candidate(reduced[2], lexicon(), nouns)
