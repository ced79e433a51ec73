"""Claims on real text: the seed's table, and modality, negation and actors elsewhere."""

from __future__ import annotations

from sitrep import analyze


def names(analysis):
    table = {e.id: e.name for e in analysis.entities}
    table.update({p.id: p.name for p in analysis.places})
    return table


def rows(analysis):
    n = names(analysis)
    return [(n.get(c.actor), c.action, tuple(n[t] for t in c.target), c.modality, c.certainty.band, c)
            for c in analysis.claims]


def find(analysis, actor, action, target, modality):
    return [r[-1] for r in rows(analysis) if r[:4] == (actor, action, (target,) if target else (), modality)]


def test_seed_prediction_of_attacks_on_russia_and_the_us_is_likely(seed_analysis):
    for target in ("Russia", "United States"):
        claims = find(seed_analysis, "Islamic State", "ASSAULT", target, "predicted")
        assert claims, target
        certainty = claims[0].certainty
        assert (certainty.cue, certainty.band, certainty.p_low, certainty.p_high) == ("probably", "likely", 0.55, 0.80)


def test_seed_plans_and_efforts_are_planned(seed_analysis):
    assert find(seed_analysis, "Chechen division", "ASSAULT", "Russia", "planned")
    assert find(seed_analysis, "Islamic State", "ASSAULT", "Russia", "planned")
    assert find(seed_analysis, "Islamic State", "ASSAULT", "United States", "planned")
    assert find(seed_analysis, "Islamic State", "ASSAULT", "the West", "planned")
    raqqa = [c for c in find(seed_analysis, "Islamic State", "ASSAULT", "United States", "planned")
             if c.place and names(seed_analysis)[c.place] == "Ar Raqqah"]
    assert raqqa, "the plans to strike America are being made in Raqqa"


def test_seed_past_events_occurred(seed_analysis):
    assert find(seed_analysis, "Chechen jihadis", "MOBILIZE", None, "occurred")
    assert find(seed_analysis, None, "ASSAULT", "Brussels", "occurred")


def test_seed_claims_rest_on_the_official_and_point_at_their_sentence(seed_analysis):
    official = seed_analysis.sources[0].id
    assert seed_analysis.claims
    for claim in seed_analysis.claims:
        assert claim.source == official, claim.text
        assert seed_analysis.body[claim.start:claim.end] == claim.text


def test_promise_to_bomb_is_the_speakers_own_threat():
    # PolNeAR train, a 2016 campaign report.
    analysis = analyze('Donald Trump is promising to "bomb the hell" out of Islamic State terrorists, '
                       "bring back waterboarding interrogations and deport Syrian refugees.")
    assert find(analysis, "Donald Trump", "ASSAULT", None, "threatened") or \
        find(analysis, "Donald Trump", "ASSAULT", "Islamic State", "threatened")
    assert all(r[0] == "Donald Trump" for r in rows(analysis))


def test_negated_prediction_keeps_the_actor_unknown():
    # PolNeAR: the subject is "the president's strategy", not the senator who tweeted.
    analysis = analyze("Graham, who says the United States and allies should contribute ground forces to "
                       'the battle, tweeted that the president\'s strategy "will not destroy ISIL and he knows it.')
    claim = find(analysis, None, "ASSAULT", "Islamic State", "predicted")
    assert claim and claim[0].negated


def test_passive_attack_has_a_victim_and_a_date():
    # GeoWebNews dev, on the Salisbury poisoning (the year added to make the date resolvable).
    analysis = analyze("Skripal, who lived in Moscow and was visiting her father, Sergei Skripal, in Salisbury "
                       "when they were attacked March 4, 2018 with a nerve agent.")
    claims = find(analysis, None, "ASSAULT", "Sergei Skripal", "occurred")
    assert claims and claims[0].time == "2018-03-04"


def test_could_is_hypothetical_at_roughly_even_chance():
    # PolNeAR train (a 2016 report on a coal company's bankruptcy deal).
    analysis = analyze("Regulators and environmental groups worried that if the state held up the deal, "
                       "Patriot could threaten to liquidate its properties, leaving no money for reclamations.")
    claim = find(analysis, "Patriot", "THREATEN", None, "hypothetical")
    assert claim and claim[0].certainty.cue == "could"
    assert claim[0].certainty.band == "roughly even chance"
