"""Attribution's parse-path rules on hand-built parses (words, heads, deps, POS, morphology), as
spaCy's own tests build them: whose words a speaker phrase stands for, and how much of the
phrase names the speaker. A parser change cannot hide a regression here."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.extract.attribution.sources import speaker_phrase, speaker_voice


def doc_of(nlp, rows: list[tuple]) -> Doc:
    """A Doc from (word, head, dep, POS[, morph]) rows."""
    return Doc(nlp.vocab, words=[r[0] for r in rows], heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], morphs=[r[4] if len(r) > 4 else "" for r in rows])


def test_first_person_is_the_writer_and_second_person_nobody(nlp):
    said = doc_of(nlp, [("I", 1, "nsubj", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs"),
                        ("said", 1, "ROOT", "VERB")])
    know = doc_of(nlp, [("you", 1, "nsubj", "PRON", "Case=Nom|Person=2|PronType=Prs"), ("know", 1, "ROOT", "VERB")])
    assert speaker_voice(said[0]) == "writer"
    assert speaker_voice(know[0]) == "nobody"


def test_a_negated_or_random_speaker_is_nobody_and_a_described_one_a_source(nlp):
    # "no official would say", "anybody said", "an official said" (kb/non_speakers.tsv)
    negated = doc_of(nlp, [("no", 1, "det", "DET"), ("official", 3, "nsubj", "NOUN"), ("would", 3, "aux", "AUX"),
                           ("say", 3, "ROOT", "VERB")])
    anybody = doc_of(nlp, [("anybody", 1, "nsubj", "PRON"), ("said", 1, "ROOT", "VERB")])
    described = doc_of(nlp, [("an", 1, "det", "DET"), ("official", 2, "nsubj", "NOUN"), ("said", 2, "ROOT", "VERB")])
    assert speaker_voice(negated[1]) == "nobody"
    assert speaker_voice(anybody[0]) == "nobody"
    assert speaker_voice(described[1]) == "source"


def test_anyone_familiar_with_the_talks_is_a_source(nlp):
    # a described "anyone" (PolNeAR: "anyone familiar with the talks") is somebody the reporter knows
    doc = doc_of(nlp, [("anyone", 3, "nsubj", "PRON"), ("familiar", 0, "amod", "ADJ"), ("with", 1, "prep", "ADP"),
                       ("said", 3, "ROOT", "VERB")])
    assert speaker_voice(doc[0]) == "source"


def test_a_speaker_phrase_keeps_its_modifiers_and_drops_its_clauses(nlp):
    # "a senior US official, who was not authorized to speak, said"
    doc = doc_of(nlp, [("a", 3, "det", "DET"), ("senior", 3, "amod", "ADJ"), ("US", 3, "compound", "PROPN"),
                       ("official", 9, "nsubj", "NOUN"), (",", 3, "punct", "PUNCT"), ("who", 6, "nsubjpass", "PRON"),
                       ("was", 6, "auxpass", "AUX"), ("authorized", 3, "relcl", "VERB"), (",", 3, "punct", "PUNCT"),
                       ("said", 9, "ROOT", "VERB")])
    assert speaker_phrase(doc[3]).text == "a senior US official"
    assert speaker_phrase(doc[5]).text == "who"


def lemmatised(nlp, rows: list[tuple]) -> Doc:
    """A Doc from (word, head, dep, POS, lemma) rows."""
    return Doc(nlp.vocab, words=[r[0] for r in rows], heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], lemmas=[r[4] for r in rows])


def test_stance_verbs_cue_reported_statements_but_never_a_direct_quotation(nlp):
    from sitrep.extract.attribution.lexicon import is_cue, reports_infinitive

    # kb/stance_verbs.tsv: "propose" heads 47 of its 102 verb uses as a Cue in PolNeAR train
    doc = lemmatised(nlp, [("Trump", 1, "nsubj", "PROPN", "Trump"), ("proposed", 1, "ROOT", "VERB", "propose"),
                           ("it", 1, "dobj", "PRON", "it")])
    assert is_cue(doc[1]) and not is_cue(doc[1], direct=True)
    assert reports_infinitive(doc[1])  # "proposed to build", "proposed barring"
    hopes = lemmatised(nlp, [("He", 1, "nsubj", "PRON", "he"), ("hopes", 1, "ROOT", "VERB", "hope")])
    assert is_cue(hopes[1]) and not reports_infinitive(hopes[1])  # a belief: only its "that" clause


def test_the_object_of_the_preposition_right_after_a_cue_is_its_message(nlp):
    from sitrep.extract.attribution.cues import _prepositional_object

    # "Trump called for a ban": the ban; "Trump called Monday for a ban": no preposition right after
    called_for = lemmatised(nlp, [("Trump", 1, "nsubj", "PROPN", "Trump"), ("called", 1, "ROOT", "VERB", "call"),
                                  ("for", 1, "prep", "ADP", "for"), ("a", 4, "det", "DET", "a"),
                                  ("ban", 2, "pobj", "NOUN", "ban")])
    called_monday = lemmatised(nlp, [("Trump", 1, "nsubj", "PROPN", "Trump"), ("called", 1, "ROOT", "VERB", "call"),
                                     ("Monday", 1, "npadvmod", "PROPN", "Monday"), ("for", 1, "prep", "ADP", "for"),
                                     ("bans", 3, "pobj", "NOUN", "ban")])
    assert _prepositional_object(called_for[1]).text == "ban"
    assert _prepositional_object(called_monday[1]) is None


def test_a_speaker_after_the_quotation_read_as_the_verbs_object_is_the_speaker(nlp):
    from sitrep.extract.attribution.cues import _inverted

    # '”recalled Mr. Rhodes.' parsed with Rhodes as the object; '”told reporters' is an addressee
    recalled = lemmatised(nlp, [("”", 1, "punct", "PUNCT", "”"), ("recalled", 1, "ROOT", "VERB", "recall"),
                                ("Mr.", 3, "compound", "PROPN", "Mr."), ("Rhodes", 1, "dobj", "PROPN", "Rhodes")])
    told = lemmatised(nlp, [("”", 1, "punct", "PUNCT", "”"), ("told", 1, "ROOT", "VERB", "tell"),
                            ("Reporters", 1, "dobj", "PROPN", "Reporters")])
    cue, speaker, _ = _inverted(list(recalled))
    assert (cue.text, speaker.text) == ("recalled", "Rhodes")
    assert _inverted(list(told)) is None


def test_a_gerund_after_a_preposition_speaks_through_its_clauses_subject(nlp):
    from sitrep.extract.attribution.cues import Layout, speaker_of

    # "Ryan has been vocal in rejecting comments": Ryan rejects; "in rejecting" has no subject of its own
    doc = lemmatised(nlp, [("Ryan", 2, "nsubj", "PROPN", "Ryan"), ("has", 2, "aux", "AUX", "have"),
                           ("been", 2, "ROOT", "AUX", "be"), ("vocal", 2, "acomp", "ADJ", "vocal"),
                           ("in", 3, "prep", "ADP", "in"), ("rejecting", 4, "pcomp", "VERB", "reject"),
                           ("comments", 5, "dobj", "NOUN", "comment")])
    doc[5].tag_ = "VBG"
    layout = Layout(doc, [(0, len(doc.text))], [], 0)
    assert speaker_of(doc[5], layout).text == "Ryan"


def test_a_cue_between_commas_reports_both_sides_of_its_sentence(nlp):
    from sitrep.extract.attribution.cues import Layout, _parenthetical_spans

    # "The museum , Bush said , honours its heroes ." with "said" hung on "honours" (parataxis)
    rows = [("The", 1, "det", "DET", "the"), ("museum", 7, "nsubj", "NOUN", "museum"), (",", 4, "punct", "PUNCT", ","),
            ("Bush", 4, "nsubj", "PROPN", "Bush"), ("said", 7, "parataxis", "VERB", "say"),
            (",", 4, "punct", "PUNCT", ","), ("today", 7, "npadvmod", "NOUN", "today"),
            ("honours", 7, "ROOT", "VERB", "honour"), ("its", 9, "poss", "PRON", "its"),
            ("heroes", 7, "dobj", "NOUN", "hero"), (".", 7, "punct", "PUNCT", ".")]
    doc = lemmatised(nlp, rows)
    layout = Layout(doc, [(0, len(doc.text))], [], 0)
    spans = _parenthetical_spans(doc[4], doc[3], layout)
    assert [doc.text[s:e] for s, e in spans] == ["The museum", "today honours its heroes"]
    # "Bush said the museum honours ...": no commas around the cue, no parenthesis
    plain = lemmatised(nlp, [("Bush", 1, "nsubj", "PROPN", "Bush"), ("said", 1, "ROOT", "VERB", "say"),
                             ("it", 3, "nsubj", "PRON", "it"), ("honours", 1, "ccomp", "VERB", "honour"),
                             ("heroes", 3, "dobj", "NOUN", "hero")])
    assert _parenthetical_spans(plain[1], plain[0], Layout(plain, [(0, len(plain.text))], [], 0)) == []
