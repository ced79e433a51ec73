"""Corroboration is keyed on the event (CONTRACT.md): the cases a new user met (issue 15).

The analyses are written by hand from real sentences (the claim structure is given, not
extracted), so the test is about what the store counts as "the same claim":
- an accusation with no target is not supported by a different accusation of the actor;
- a helicopter crash in Afghanistan is not corroborated by US forces training fighters;
- the same event, reported by two outlets with the same event word, is;
- a denial (negated) does not corroborate an assertion; two different ISO days are two events.
Sentences: PolNeAR train (2016 campaign coverage), the Al Jazeera and NBC reports of
2019-11-20 in article-extraction-dev (the helicopter crash), GeoWebNews dev.
"""

from __future__ import annotations

import datetime as dt

from sitrep.model import Analysis, Claim, Entity, Place, Trigger
from sitrep.pipeline import document_id
from sitrep.store import Store
from support.spans import mention


def _claim(body: str, cid: str, sentence: str, trigger: str, lemma: str, **fields) -> Claim:
    span = mention(body, sentence)
    word = mention(body, trigger)
    return Claim(id=cid, text=sentence, start=span.start, end=span.end,
                 trigger=Trigger(start=word.start, end=word.end, text=word.text, lemma=lemma), **fields)


def _analysis(body: str, outlet: str, day: str, claims: list[Claim], entities=(), places=()) -> Analysis:
    return Analysis(id=document_id(body), input=outlet, outlet=outlet, published=dt.date.fromisoformat(day),
                    body=body, entities=list(entities), places=list(places), claims=claims)


def _trump(body: str) -> Entity:
    return Entity(id="e1", name="Donald Trump", type="PERSON", mentions=[mention(body, "Trump")])


def test_an_accusation_without_target_is_not_supported_by_another_accusation_of_the_actor(db_url):
    mocked = "Trump mocked the reporter at a rally in South Carolina."
    sued = "Trump sued the newspaper over its coverage of his business."
    mocking = _analysis(mocked, "huff-post", "2016-08-03",
                        [_claim(mocked, "c1", mocked, "mocked", "mock", actor="e1", action="ACCUSE",
                                modality="occurred")], [_trump(mocked)])
    suing = _analysis(sued, "west-journal", "2016-08-04",
                      [_claim(sued, "c1", sued, "sued", "sue", actor="e1", action="ACCUSE", modality="occurred")],
                      [_trump(sued)])
    mocked_again = "Donald Trump again mocked the reporter on Thursday, aides said."
    again = _analysis(mocked_again, "usa-today", "2016-08-05",
                      [_claim(mocked_again, "c1", mocked_again, "mocked", "mock", actor="e1", action="ACCUSE",
                              modality="occurred")], [_trump(mocked_again)])
    with Store(db_url) as store:
        store.save([mocking, suing, again])
        support = store.corroboration(mocking.id, "c1")
        assert {s.outlet for s in support.supports} == {"huff-post", "usa-today"}, "same actor, action and word"
        assert store.corroboration(suing.id, "c1").single_source, "a lawsuit is not the mocking"


def test_a_helicopter_crash_is_not_corroborated_by_forces_training_fighters(db_url):
    crash = "Two US service members were killed when their helicopter crashed in Logar province."
    training = "US forces have been training Syrian fighters in the east of the country."
    us_crash = Entity(id="e1", name="US armed forces", type="GOV", mentions=[mention(crash, "US service members")])
    us_training = Entity(id="e1", name="US armed forces", type="GOV", mentions=[mention(training, "US forces")])
    a = _analysis(crash, "aljazeera", "2019-11-20",
                  [_claim(crash, "c1", crash, "crashed", "crash", actor="e1", action="ASSAULT", modality="occurred")],
                  [us_crash])
    b = _analysis(training, "nbc", "2019-11-20",
                  [_claim(training, "c1", training, "training", "train", actor="e1", action="ASSAULT",
                          modality="occurred")], [us_training])
    with Store(db_url) as store:
        store.save([a, b])
        assert store.corroboration(a.id, "c1").single_source
        assert store.corroboration(b.id, "c1").single_source


def test_a_target_or_a_place_still_joins_reports_of_one_event(db_url):
    first = "Russia will close the US consulate in St. Petersburg, Sergey Lavrov said."
    second = "Moscow will shut the American consulate in Saint Petersburg, the foreign ministry said."
    def places(body, surface):
        return [Place(id="p1", name="United States", kind="country", country="US", mentions=[mention(body, surface)])]
    russia = [Entity(id="e1", name="Russia", type="GOV", mentions=[mention(first, "Russia")])]
    moscow = [Entity(id="e1", name="Russia", type="GOV", mentions=[mention(second, "Moscow")])]
    a = _analysis(first, "geowebnews", "2018-03-29",
                  [_claim(first, "c1", first, "close", "close", actor="e1", action="SANCTION", target=["p1"],
                          modality="planned")], russia, places(first, "US"))
    b = _analysis(second, "wire", "2018-03-30",
                  [_claim(second, "c1", second, "shut", "shut", actor="e1", action="SANCTION", target=["p1"],
                          modality="planned")], moscow, places(second, "American"))
    with Store(db_url) as store:
        store.save([a, b])
        support = store.corroboration(a.id, "c1")
        assert support.outlets == 2, "same actor, action and target: one event whatever the word"


def test_a_denial_and_a_different_day_do_not_corroborate(db_url):
    said = "Russia attacked the village on March 4, 2018, separatists said."
    denied = "Russia did not attack the village, the defence ministry said."
    later = "Russia attacked the village again on March 20, 2018."
    def russia(body):
        return [Entity(id="e1", name="Russia", type="GOV", mentions=[mention(body, "Russia")])]
    def village(body):
        return [Place(id="p1", name="Tskhinvali", kind="city", country="GE", mentions=[mention(body, "the village")])]
    a = _analysis(said, "a", "2018-03-05", [_claim(said, "c1", said, "attacked", "attack", actor="e1",
                  action="ASSAULT", target=["p1"], modality="occurred", time="2018-03-04")],
                  russia(said), village(said))
    b = _analysis(denied, "b", "2018-03-06", [_claim(denied, "c1", denied, "attack", "attack", actor="e1",
                  action="ASSAULT", target=["p1"], modality="occurred", negated=True)], russia(denied), village(denied))
    c = _analysis(later, "c", "2018-03-10", [_claim(later, "c1", later, "attacked", "attack", actor="e1",
                  action="ASSAULT", target=["p1"], modality="occurred", time="2018-03-20")],
                  russia(later), village(later))
    with Store(db_url) as store:
        store.save([a, b, c])
        assert store.corroboration(a.id, "c1").single_source
        assert store.corroboration(b.id, "c1").single_source
