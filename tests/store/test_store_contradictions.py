"""Contradiction beside corroboration (corpus/contradiction.py, store/contradict.py), on real
reports analysed by hand (tests/support/contradiction_corpus.py), on both backends: the accused's
later denial of an accusation, a negation of the same event by another source, and what never
counts (an unrelated negated claim, a refusal, a copy, one source against itself); and the pairs
an earlier rule linked wrongly on PolNeAR (a denial tied to another accusation of the same party, a
negation of another occasion), with the right link beside them."""

from __future__ import annotations

from alembic import command

import pytest

from sitrep.corpus.contradiction import accused, denied_matter, denies, matter, same_matter, says_what
from sitrep.store import Filters, Store
from sitrep.store.migrate import _config
from support.contradiction_corpus import (accusation, ailes, denial, denial_copy, lewandowski, lewandowski_denial,
                                          sanders_attacks, sanders_staff, saudi, wall_street)


@pytest.fixture
def store(db_url):
    with Store(db_url) as opened:
        opened.save([accusation()])
        opened.save([denial()])
        opened.save([denial_copy()])
        opened.save([lewandowski()])
        yield opened


def against(store: Store, analysis, claim: str):
    found = store.corroboration(analysis.id, claim)
    assert found is not None
    return found.contradiction


def refs(contradiction) -> list[tuple[str, str, str]]:
    return [(c.document_id, c.claim, c.kind) for c in contradiction.claims]


def test_the_accuseds_later_denial_contradicts_the_accusation(store):
    dw, dhaka = accusation(), denial()
    # "Britain accused Russia of responsibility for the nerve agent attack" (29 March) and a week
    # later "Moscow denies any involvement": Moscow acting is Russia, the accused
    for claim in ("c1", "c2"):  # the accusation, and Russia's alleged attack
        found = against(store, dw, claim)
        assert refs(found) == [(dhaka.id, "c3", "denial")]
        assert (found.outlets, found.sources) == (1, 1)
        assert found.outlets_by_rating == {"reliable": 0, "mixed": 0, "unreliable": 0, "unrated": 1}
        denier = found.claims[0]
        assert (denier.actor, denier.action, denier.negated, denier.text) == (
            "Moscow", "REJECT", False, "Moscow denies any involvement")
        assert denier.outlet == "Dhaka Tribune" and denier.published.isoformat() == "2018-04-05"
    # support is counted as before, beside it
    assert store.corroboration(dw.id, "c1").outlets == 1


def test_a_denial_shows_the_accusations_it_denies(store):
    dw, dhaka = accusation(), denial()
    found = against(store, dhaka, "c3")
    assert refs(found) == [(dw.id, "c1", "denial"), (dw.id, "c2", "denial"), (dhaka.id, "c2", "denial")]
    # Deutsche Welle (dw.com) is rated reliable (Wikipedia's perennial sources), the Dhaka Tribune unrated
    assert found.outlets == 2 and found.outlets_by_rating == {"reliable": 1, "mixed": 0, "unreliable": 0,
                                                              "unrated": 1}
    assert found.sources == 2
    # the British government's blame in the same sentence is denied there too
    assert [c.kind for c in against(store, dhaka, "c2").claims] == ["denial"]


def test_a_copy_never_counts(store):
    copy, dhaka = denial_copy(), denial()
    assert store.copy_of(copy.id) == dhaka.id
    for claim in ("c1", "c2"):
        assert all(c.document_id != copy.id for c in against(store, accusation(), claim).claims)
    # the copy's denial is its original's: it does not contradict its own article's claim, nor itself
    of_copy = against(store, copy, "c3")
    assert (copy.id, "c3") not in [(c.document_id, c.claim) for c in of_copy.claims]
    assert (dhaka.id, "c3") not in [(c.document_id, c.claim) for c in of_copy.claims]
    assert all(c.document_id != copy.id for c in of_copy.claims)  # nor the blame it answers, in the copy


def test_a_negation_by_another_source_contradicts_the_event(store):
    wapo = lewandowski()
    # the affidavit: "Lewandowski ... grabbed Fields' left arm"; Trump and Lewandowski: he "never touched" her
    assert refs(against(store, wapo, "c3")) == [(wapo.id, "c1", "negation")]
    assert refs(against(store, wapo, "c1")) == [(wapo.id, "c3", "negation")]
    assert against(store, wapo, "c3").outlets_by_rating["reliable"] == 1  # washingtonpost.com, by NewsGuard


def test_an_unrelated_negated_claim_contradicts_nothing(store):
    wapo = lewandowski()
    # "Trump did not dismiss Lewandowski": negated, in the same article, about another event
    assert against(store, wapo, "c2").claims == []
    for claim in ("c1", "c3"):
        assert (wapo.id, "c2") not in [(c.document_id, c.claim) for c in against(store, wapo, claim).claims]
    # and an accusation no one denies, an event no one negates: nothing
    assert against(store, denial(), "c1").claims == []


def test_one_source_does_not_contradict_itself_in_one_report(db_url):
    wapo = lewandowski()
    # were "never touched" on the affidavit's word too, the report would not contradict itself
    same = wapo.model_copy(update={"claims": [wapo.claims[0].model_copy(update={"source": "s2"}), *wapo.claims[1:]]})
    with Store(db_url) as store:
        store.save([same])
        assert against(store, same, "c3").claims == []


@pytest.mark.parametrize(("trigger", "negated", "modality", "texts", "expected"), [
    ("deny", False, "occurred", ["any involvement"], True),        # "Moscow denies any involvement"
    ("deny", False, "occurred", ["a charge"], True),               # "a charge denied by the Kremlin"
    ("deny", False, "occurred", ["claims by Interior Cabinet Secretary Fred Matiangi"], True),
    ("deny", False, "occurred", [], True),                         # "which Russia adamantly denies"
    ("deny", False, "occurred", ["Bernie Sanders"], False),        # "deny insurgent Bernie Sanders the nomination"
    ("reject", False, "occurred", ["Trump's offer"], False),       # "Khan rejected Trump's offer": a refusal
    ("deny", False, "occurred", ["his request"], False),           # "Orszag denied his request"
    ("deny", True, "occurred", ["the allegation"], False),         # not denied
    ("deny", False, "planned", ["the allegation"], False),         # a denial to come is no denial yet
    ("condemn", False, "occurred", ["the allegation"], False),     # not a denial word
])
def test_what_is_a_denial(trigger, negated, modality, texts, expected):
    assert denies(trigger, negated, modality, texts) is expected


def test_a_denial_of_a_report_whose_content_follows_is_no_denial_of_an_accusation():
    # Georgia, 2008 (LGL): what the officials deny is the ceasefire, a claim of its own
    sentence = "Georgian officials denied reports that the South Ossetians had agreed to a ceasefire."
    assert not denies("deny", False, "occurred", ["reports"], sentence)
    assert denies("deny", False, "occurred", ["the allegation"], "Tbilisi has denied the allegation and ...")


def test_the_cards_carry_the_contradiction(store):
    dw = accusation()
    cards = {(c.document_id, c.claim): c for c in store.claim_cards(Filters())}
    assert (denial_copy().id, "c3") not in cards  # copies have no cards
    card = cards[(dw.id, "c1")]
    assert refs(card.contradiction) == [(denial().id, "c3", "denial")]
    assert (card.outlets, card.contradiction.outlets) == (1, 1)


def test_an_older_store_gains_actor_identities_on_upgrade(db_url):
    with Store(db_url) as store:
        store.save([accusation(), denial()])
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0009")
    with Store(db_url) as store:  # opening upgrades to head: 0010 fills claims.actor_identity
        assert refs(against(store, accusation(), "c1")) == [(denial().id, "c3", "denial")]


@pytest.fixture
def polnear(db_url):
    with Store(db_url) as opened:
        for analysis in (saudi(), sanders_staff(), wall_street(), sanders_attacks(), lewandowski_denial(), ailes()):
            opened.save([analysis])
        yield opened


def test_a_denial_that_says_what_it_denies_denies_only_that(polnear):
    # "has strongly denied any involvement in the 9/11 terror attacks" is no denial of "attempting
    # to intimidate the 9/11 families", the accusation or the act
    western = saudi()
    for claim in ("c1", "c2", "c3"):
        assert against(polnear, western, claim).claims == []


def test_a_bare_denial_answers_the_accusation_just_before_it_and_no_other(polnear):
    usa, huff = sanders_staff(), wall_street()
    # "... accusing Clinton and the Democratic National Committee of violating fundraising laws. ...
    # Clinton and the DNC rejected the allegation."
    assert refs(against(polnear, usa, "c1")) == [(usa.id, "c2", "denial")]
    assert refs(against(polnear, usa, "c2")) == [(usa.id, "c1", "denial")]
    # not "Sanders has accused Clinton of being influenced by special interest groups", eight days before
    assert against(polnear, huff, "c1").claims == []


def test_an_accusation_reported_after_a_denial_is_not_what_it_answers(polnear):
    nyt = lewandowski_denial()
    # "has denied that that was the case", then "he was accused by a female Breitbart reporter ..."
    for claim in ("c1", "c2", "c3"):
        assert against(polnear, nyt, claim).claims == []


def test_an_accusation_naming_nobody_is_of_the_denier_in_its_sentence(polnear):
    nyt = ailes()
    # "the full details of the allegations, which Mr. Ailes denies"
    assert refs(against(polnear, nyt, "c1")) == [(nyt.id, "c2", "denial")]
    assert refs(against(polnear, nyt, "c2")) == [(nyt.id, "c1", "denial")]


def test_a_negation_of_another_occasion_is_no_contradiction(polnear):
    nyt = sanders_attacks()
    # "continuing to attack Mrs. Clinton's ties to Wall Street" and "did not attack Mrs. Clinton
    # directly in his remarks on Tuesday night": two occasions
    for claim in ("c1", "c2"):
        assert against(polnear, nyt, claim).claims == []


def test_criticism_is_no_accusation_a_denial_answers():
    # CAMEO 112 accuses ("accused", "blamed", "charged"); CAMEO 111 criticizes ("mocking Trump",
    # "called Trump unhinged", "attacks on Clinton"): an opinion is not denied
    assert accused("ACCUSE", "occurred", False, "e1", ["trump"], "accuse") == {"trump"}
    for word in ("mock", "call", "attack", "criticize"):
        assert accused("ACCUSE", "occurred", False, "e1", ["trump"], word) == set()
    assert accused("ASSAULT", "alleged", False, "lewandowski", [], "grab") == {"lewandowski"}


@pytest.mark.parametrize(("sentence", "word", "accusation", "expected"), [
    # the brief's own example: what is denied is what is accused
    ("Moscow denied involvement in the poisoning.", "denied", "Britain accused Russia of the poisoning", True),
    # PolNeAR (Western Journalism, 2016-09-23): the 9/11 attacks are not the intimidation of the families
    ("the Saudi government, which has strongly denied any involvement in the 9/11 terror attacks.", "denied",
     "Strada accused the Saudi government of attempting to intimidate the 9/11 families", False),
])
def test_what_a_denial_says_it_denies(sentence, word, accusation, expected):
    said = denied_matter(sentence, sentence.index(word))
    assert said and says_what(said, matter(accusation)) is expected


@pytest.mark.parametrize("sentence", [
    "Clinton and the DNC rejected the allegation.",
    "Mr. Ailes denied the charges through his lawyer.",             # how, not what
    "Mr. Lewandowski, now a paid CNN commentator, has denied that that was the case, and he",
    "Moscow denies any involvement.",
])
def test_a_bare_denial_says_nothing_of_what(sentence):
    assert denied_matter(sentence, sentence.index(" de" if " de" in sentence else " re") + 1) == frozenset()


def test_two_accusations_of_one_matter():
    # the Dhaka Tribune's and Deutsche Welle's words for the Skripal poisoning, without the parties
    dhaka = matter("a nerve agent attack that the British government has blamed on Russia",
                   ["British government", "Russia"])
    dw = matter("Britain accused Russia of responsibility for the nerve agent attack in early March",
                ["United Kingdom", "Russia"])
    assert same_matter(dhaka, dw)
    # two of Sanders's accusations of Clinton
    assert not same_matter(matter("accusing Clinton and the DNC of violating fundraising laws", ["Hillary Clinton"]),
                           matter("Sanders has accused Clinton of being influenced by special interest groups",
                                  ["Bernie Sanders", "Hillary Clinton"]))
