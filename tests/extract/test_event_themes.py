"""Events inside events (GUIDELINES.md 2.3-2.5), read off hand-built parses: which event
words stay events of their own and which are the content of another."""

from __future__ import annotations

from sitrep.extract.claims.component import Found, _themes
from support.parses import parse


def kept(doc, events: dict[str, str]) -> list[tuple[str, str]]:
    found = [Found(next(t for t in doc if t.text == word), action, 0.9) for word, action in events.items()]
    return [(f.token.text, f.action) for f in _themes(found)]


def test_what_a_threat_threatens_is_one_threat(nlp):
    # "Prosecutors initially threatened to charge him with three felonies" (PolNeAR, shortened)
    doc, _ = parse(nlp, [("Prosecutors", 1, "nsubj", "NOUN", "prosecutor"),
                         ("threatened", 1, "ROOT", "VERB", "threaten"),
                         ("to", 3, "aux", "PART", "to"), ("charge", 1, "xcomp", "VERB", "charge"),
                         ("him", 3, "dobj", "PRON", "he")])
    assert kept(doc, {"threatened": "THREATEN", "charge": "ACCUSE"}) == [("threatened", "THREATEN")]


def test_a_threat_beside_another_act_is_its_own_event(nlp):
    # "He insulted the president and threatened the dam": the insult is no content of the threat
    doc, _ = parse(nlp, [("He", 1, "nsubj", "PRON", "he"), ("insulted", 1, "ROOT", "VERB", "insult"),
                         ("him", 1, "dobj", "PRON", "he"), ("and", 1, "cc", "CCONJ", "and"),
                         ("threatened", 1, "conj", "VERB", "threaten"), ("them", 4, "dobj", "PRON", "they")])
    assert kept(doc, {"insulted": "ACCUSE", "threatened": "THREATEN"}) == [("insulted", "ACCUSE"),
                                                                           ("threatened", "THREATEN")]


def test_what_protesters_demand_is_the_content_of_their_protest(nlp):
    # "a protest held by the Islamic Jihad movement calling for the release of prisoners" (shape of
    # GeoWebNews protest reports): one PROTEST
    doc, _ = parse(nlp, [("a", 1, "det", "DET", "a"), ("protest", 1, "ROOT", "NOUN", "protest"),
                         ("held", 1, "acl", "VERB", "hold"), ("by", 2, "agent", "ADP", "by"),
                         ("movement", 3, "pobj", "NOUN", "movement"), ("calling", 4, "acl", "VERB", "call"),
                         ("for", 5, "prep", "ADP", "for"), ("release", 6, "pobj", "NOUN", "release")])
    assert kept(doc, {"protest": "PROTEST", "calling": "REQUEST"}) == [("protest", "PROTEST")]
    assert kept(doc, {"calling": "REQUEST"}) == [("calling", "REQUEST")]  # no protest found: the demand stays


def test_a_vow_read_as_a_threat_leaves_the_vowed_act(nlp):
    # "Trump ... has vowed to boycott the product" (PolNeAR train, shortened): "vowed" is a word of
    # intent (kb/modality.tsv), the boycott's modality; even when the coder reads the vow as a
    # THREATEN event, the boycott is not dropped as what a threat threatens.
    doc, _ = parse(nlp, [("Trump", 2, "nsubj", "PROPN", "Trump"), ("has", 2, "aux", "AUX", "have"),
                         ("vowed", 2, "ROOT", "VERB", "vow"), ("to", 4, "aux", "PART", "to"),
                         ("boycott", 2, "xcomp", "VERB", "boycott"), ("it", 4, "dobj", "PRON", "it")])
    assert kept(doc, {"vowed": "THREATEN", "boycott": "SANCTION"}) == [("boycott", "SANCTION")]


def test_what_a_request_asks_for_is_its_content_but_what_an_order_orders_is_done(nlp):
    # "Okafor urged the chairman to resign"
    # (constructed; the kind of error was seen on events-dev, development data): one REQUEST, no RETREAT
    # beside it (GUIDELINES.md 2.3)
    doc, _ = parse(nlp, [("Okafor", 1, "nsubj", "PROPN", "Okafor"), ("urged", 1, "ROOT", "VERB", "urge"),
                         ("the", 3, "det", "DET", "the"), ("chairman", 1, "dobj", "NOUN", "chairman"),
                         ("to", 5, "aux", "PART", "to"), ("resign", 1, "xcomp", "VERB", "resign")])
    assert kept(doc, {"urged": "REQUEST", "resign": "RETREAT"}) == [("urged", "REQUEST")]
    # "The judge ordered the lawyers to be freed" (constructed): the release an authority orders
    # happens, and stays an event
    doc, _ = parse(nlp, [("judge", 1, "nsubj", "NOUN", "judge"), ("ordered", 1, "ROOT", "VERB", "order"),
                         ("lawyers", 1, "dobj", "NOUN", "lawyer"), ("to", 5, "aux", "PART", "to"),
                         ("be", 5, "auxpass", "AUX", "be"), ("freed", 1, "xcomp", "VERB", "free")])
    assert kept(doc, {"ordered": "REQUEST", "freed": "RETREAT"}) == [("ordered", "REQUEST"), ("freed", "RETREAT")]
