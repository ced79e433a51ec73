"""Actors, targets and event words read off hand-built parses (words, heads, deps, POS), as
spaCy's own tests build them: a parser change cannot hide a rule regression here.

Sentences are shortened from real reports (GeoWebNews dev, LGL, PolNeAR train); the
parses are what a correct dependency parse gives, written by hand.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from sitrep.extract.annotations import Annotations, register_extensions
from sitrep.extract.events.candidates import head_of
from sitrep.extract.events.lexicon import lexicon
from sitrep.extract.events.reading import clause_path
from sitrep.extract.events.roles import Referents, actor, targets
from sitrep.model import Entity, Mention, Place


def parse(nlp, rows: list[tuple[str, int, str, str, str]], names: dict[str, tuple[str, str]] | None = None):
    """A Doc from (word, head index, dep, POS, lemma) rows, and its Referents. `names` maps a
    phrase to (id, type): an id starting with "p" is a place, else an entity of that type."""
    words = [r[0] for r in rows]
    doc = Doc(nlp.vocab, words=words, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[4] for r in rows],
              sent_starts=[True] + [False] * (len(rows) - 1))
    register_extensions()
    ann = Annotations()
    for phrase, (ref, kind) in (names or {}).items():
        start = doc.text.index(phrase)
        span = doc.char_span(start, start + len(phrase))
        mention = Mention(start=span.start_char, end=span.end_char, text=span.text)
        if ref.startswith("p"):
            ann.places.append(Place(id=ref, name=phrase, kind=kind, mentions=[mention]))
            ann.token_place.update({t.i: ref for t in span})
        else:
            ann.entities.append(Entity(id=ref, name=phrase, type=kind, mentions=[mention]))
            ann.token_entity.update({t.i: ref for t in span})
    doc._.ann = ann
    return doc, Referents(doc, ann, lexicon())


def roles(doc, refs, word: str, action: str):
    trigger = next(t for t in doc if t.text == word)
    who = actor(trigger, clause_path(trigger), refs, action)
    whom = targets(trigger, action, refs, lexicon())
    return who, whom


def text(participant) -> str | None:
    return participant.span.text if participant else None


def test_a_passive_names_its_agent_as_actor_and_its_subject_as_target(nlp):
    doc, refs = parse(nlp, [("Protesters", 2, "nsubjpass", "NOUN", "protester"), ("were", 2, "auxpass", "AUX", "be"),
                            ("arrested", 2, "ROOT", "VERB", "arrest"), ("by", 2, "agent", "ADP", "by"),
                            ("police", 3, "pobj", "NOUN", "police"), (".", 2, "punct", "PUNCT", ".")])
    who, whom = roles(doc, refs, "arrested", "COERCE")
    assert text(who) == "police" and [text(t) for t in whom] == ["Protesters"]


def test_a_passive_without_agent_has_no_actor(nlp):
    doc, refs = parse(nlp, [("Two", 1, "nummod", "NUM", "two"), ("inmates", 3, "nsubjpass", "NOUN", "inmate"),
                            ("were", 3, "auxpass", "AUX", "be"), ("captured", 3, "ROOT", "VERB", "capture"),
                            (".", 3, "punct", "PUNCT", ".")])
    who, whom = roles(doc, refs, "captured", "COERCE")
    assert who is None and [text(t) for t in whom] == ["Two inmates"]


def test_an_object_control_verb_hands_its_object_the_action(nlp):
    # "U.S. urges Ukraine to abolish requirement ..." (GeoWebNews dev headline, shortened)
    doc, refs = parse(nlp, [("Washington", 1, "nsubj", "PROPN", "Washington"), ("urged", 1, "ROOT", "VERB", "urge"),
                            ("Ukraine", 1, "dobj", "PROPN", "Ukraine"), ("to", 4, "aux", "PART", "to"),
                            ("abolish", 1, "xcomp", "VERB", "abolish"), ("the", 6, "det", "DET", "the"),
                            ("requirement", 4, "dobj", "NOUN", "requirement"), (".", 1, "punct", "PUNCT", ".")],
                      {"Washington": ("e1", "GOV"), "Ukraine": ("p1", "country")})
    assert text(roles(doc, refs, "abolish", "CONCEDE")[0]) == "Ukraine"
    who, whom = roles(doc, refs, "urged", "REQUEST")
    assert text(who) == "Washington" and [text(t) for t in whom] == ["Ukraine"]


def test_the_subject_of_a_light_verb_does_its_event_noun(nlp):
    doc, refs = parse(nlp, [("Police", 1, "nsubj", "NOUN", "police"), ("carried", 1, "ROOT", "VERB", "carry"),
                            ("out", 1, "prt", "ADP", "out"), ("raids", 1, "dobj", "NOUN", "raid"),
                            ("against", 3, "prep", "ADP", "against"), ("militants", 4, "pobj", "NOUN", "militant"),
                            (".", 1, "punct", "PUNCT", ".")])
    who, whom = roles(doc, refs, "raids", "COERCE")
    assert text(who) == "Police" and [text(t) for t in whom] == ["militants"]


def test_an_event_noun_names_its_doer_with_by_and_its_target_with_on(nlp):
    doc, refs = parse(nlp, [("an", 1, "det", "DET", "an"), ("attack", 1, "ROOT", "NOUN", "attack"),
                            ("by", 1, "prep", "ADP", "by"), ("IS", 2, "pobj", "PROPN", "IS"),
                            ("on", 1, "prep", "ADP", "on"), ("the", 6, "det", "DET", "the"),
                            ("base", 4, "pobj", "NOUN", "base")],
                      {"IS": ("e1", "GROUP")})
    who, whom = roles(doc, refs, "attack", "ASSAULT")
    assert (text(who), who.ref) == ("IS", "e1") and [text(t) for t in whom] == ["the base"]


def test_a_place_before_a_person_is_not_the_actor_but_before_troops_it_is(nlp):
    # "A New York man pleaded guilty to threatening ..." (NBC, 2019-11-18) / "U.S. troops attacked ..."
    man, man_refs = parse(nlp, [("A", 3, "det", "DET", "a"), ("New", 2, "compound", "PROPN", "New"),
                                ("York", 3, "compound", "PROPN", "York"), ("man", 4, "nsubj", "NOUN", "man"),
                                ("threatened", 4, "ROOT", "VERB", "threaten"), ("Omar", 4, "dobj", "PROPN", "Omar")],
                          {"New York": ("p1", "city"), "Omar": ("e1", "PERSON")})
    who, whom = roles(man, man_refs, "threatened", "THREATEN")
    assert text(who) == "A New York man" and who.ref is None
    assert [(text(t), t.ref) for t in whom] == [("Omar", "e1")]
    troops, troop_refs = parse(nlp, [("U.S.", 1, "compound", "PROPN", "U.S."), ("troops", 2, "nsubj", "NOUN", "troop"),
                                     ("attacked", 2, "ROOT", "VERB", "attack"), ("the", 4, "det", "DET", "the"),
                                     ("village", 2, "dobj", "NOUN", "village")],
                               {"U.S.": ("p1", "country")})
    who, _ = roles(troops, troop_refs, "attacked", "ASSAULT")
    assert text(who) == "U.S. troops" and who.ref == "p1"


def test_a_pronoun_with_no_antecedent_leaves_the_actor_unknown_not_the_nearest_name(nlp):
    doc, refs = parse(nlp, [("Near", 3, "prep", "ADP", "near"), ("Kabul", 0, "pobj", "PROPN", "Kabul"),
                            ("he", 3, "nsubj", "PRON", "he"), ("attacked", 3, "ROOT", "VERB", "attack"),
                            ("the", 5, "det", "DET", "the"), ("car", 3, "dobj", "NOUN", "car")],
                      {"Kabul": ("p1", "city")})
    who, whom = roles(doc, refs, "attacked", "ASSAULT")
    assert who is None and [text(t) for t in whom] == ["the car"]


def test_a_pronoun_takes_the_latest_person_named_before_it(nlp):
    doc, refs = parse(nlp, [("Moore", 1, "nsubj", "PROPN", "Moore"), ("said", 1, "ROOT", "VERB", "say"),
                            ("he", 3, "nsubj", "PRON", "he"), ("threatened", 1, "ccomp", "VERB", "threaten"),
                            ("her", 3, "dobj", "PRON", "she")],
                      {"Moore": ("e1", "PERSON")})
    who, _ = roles(doc, refs, "threatened", "THREATEN")
    assert who.ref == "e1" and text(who) == "Moore"


@pytest.mark.parametrize("rows, trigger, expected", [
    ([("carry", 0, "ROOT", "VERB", "carry"), ("out", 0, "prt", "ADP", "out"), ("attacks", 0, "dobj", "NOUN", "attack")],
     "carry out attacks", "attacks"),
    ([("are", 0, "ROOT", "AUX", "be"), ("to", 2, "aux", "PART", "to"), ("agree", 0, "xcomp", "VERB", "agree")],
     "are to agree", "agree"),
    ([("close", 0, "ROOT", "VERB", "close"), ("the", 2, "det", "DET", "the"), ("consulate", 0, "dobj", "NOUN", "consulate")],
     "close the consulate", "close"),
])
def test_the_event_word_of_a_labelled_trigger(nlp, rows, trigger, expected):
    doc, _ = parse(nlp, rows)
    assert head_of(doc[0:len(doc)], lexicon(), frozenset({"attack"})).text == expected
