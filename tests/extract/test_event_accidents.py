"""Harm from accidents and disasters is no event (GUIDELINES.md 2.6), read off hand-built
parses and, once, off the real pipeline."""

from __future__ import annotations

from sitrep import analyze
from sitrep.extract.claims.accidents import is_accidental
from support.parses import parse


def test_killed_in_a_crash_is_accidental(nlp):
    # "Two United States service members have been killed in a helicopter crash" (Al Jazeera,
    # 2019-11-20, examples/), shortened
    doc, _ = parse(nlp, [("Two", 1, "nummod", "NUM", "two"), ("members", 4, "nsubjpass", "NOUN", "member"),
                         ("have", 4, "aux", "AUX", "have"), ("been", 4, "auxpass", "AUX", "be"),
                         ("killed", 4, "ROOT", "VERB", "kill"), ("in", 4, "prep", "ADP", "in"),
                         ("a", 8, "det", "DET", "a"), ("helicopter", 8, "compound", "NOUN", "helicopter"),
                         ("crash", 5, "pobj", "NOUN", "crash")])
    assert is_accidental(doc[4])


def test_killed_in_an_attack_is_not(nlp):
    doc, _ = parse(nlp, [("Two", 1, "nummod", "NUM", "two"), ("members", 3, "nsubjpass", "NOUN", "member"),
                         ("were", 3, "auxpass", "AUX", "be"), ("killed", 3, "ROOT", "VERB", "kill"),
                         ("in", 3, "prep", "ADP", "in"), ("an", 6, "det", "DET", "an"),
                         ("attack", 4, "pobj", "NOUN", "attack")])
    assert not is_accidental(doc[3])


def test_a_disaster_as_subject_is_accidental(nlp):
    # "The earthquake destroyed hundreds of homes" (shape of disaster reports in LGL)
    doc, _ = parse(nlp, [("The", 1, "det", "DET", "the"), ("earthquake", 2, "nsubj", "NOUN", "earthquake"),
                         ("destroyed", 2, "ROOT", "VERB", "destroy"), ("homes", 2, "dobj", "NOUN", "home")])
    assert is_accidental(doc[2])
    doc, _ = parse(nlp, [("Rebels", 1, "nsubj", "NOUN", "rebel"), ("destroyed", 1, "ROOT", "VERB", "destroy"),
                         ("homes", 1, "dobj", "NOUN", "home")])
    assert not is_accidental(doc[1])


def test_a_crash_report_makes_no_assault_but_a_shooting_down_does():
    # Al Jazeera, 2019-11-20 (examples/aljazeera-service-members-killed-afghanistan-helicopter-crash-19112007.html)
    crash = analyze("Two United States service members have been killed in a helicopter crash in Afghanistan, "
                    "the US military said in a statement on Wednesday.")
    assert [c for c in crash.claims if c.action == "ASSAULT"] == []
    claimed = analyze("The Afghan Taliban, however, claimed responsibility for shooting down the helicopter, "
                      "which it said crashed in Logar province south of the capital Kabul.")
    assert any(c.action == "ASSAULT" for c in claimed.claims)


def test_infected_with_a_disease_is_accidental(nlp):
    # "Twelve pupils have been infected with measles"
    # (constructed; the kind of error was seen on events-dev, development data); "attacked them with a
    # knife" stays force
    doc, _ = parse(nlp, [("Twelve", 1, "nummod", "NUM", "twelve"), ("pupils", 4, "nsubjpass", "NOUN", "pupil"),
                         ("have", 4, "aux", "AUX", "have"), ("been", 4, "auxpass", "AUX", "be"),
                         ("infected", 4, "ROOT", "VERB", "infect"), ("with", 4, "prep", "ADP", "with"),
                         ("measles", 5, "pobj", "NOUN", "measle")])
    assert is_accidental(doc[4])
    doc, _ = parse(nlp, [("He", 1, "nsubj", "PRON", "he"), ("attacked", 1, "ROOT", "VERB", "attack"),
                         ("them", 1, "dobj", "PRON", "they"), ("with", 1, "prep", "ADP", "with"),
                         ("a", 5, "det", "DET", "a"), ("knife", 3, "pobj", "NOUN", "knife")])
    assert not is_accidental(doc[1])
