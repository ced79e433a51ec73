"""Certainty cues on real sentences: phrases, negated cues, and the tables behind them."""

from __future__ import annotations

from sitrep.extract.certainty import (
    band_ranges,
    certainty_of,
    cue_table,
    find_cue,
    opposite_band,
)


def cue_in(nlp, text):
    return find_cue(nlp(text))


def test_every_cue_band_is_an_icd203_band_with_a_mirror():
    assert set(cue_table().values()) <= set(band_ranges())
    assert all(opposite_band()[opposite_band()[band]] == band for band in band_ranges())


def test_a_phrase_wins_over_its_first_word(nlp):
    # PolNeAR train (Politico, 2016): "absolutely no chance" is the phrase, not "no".
    cue = cue_in(nlp, "“There is absolutely no chance Hillary Clinton will withdraw from running for the presidency,” "
                      "he said.")
    assert (cue.text, cue.band) == ("no chance", "almost no chance")


def test_negated_expectation_is_unlikely(nlp):
    # PolNeAR train (2016): "is not expected to" mirrors "likely" to "unlikely".
    doc = nlp("He is scheduled to make a short speech there but is not expected to meet Pope Francis.")
    certainty = certainty_of(find_cue(doc))
    assert certainty.band == "unlikely" and (certainty.p_low, certainty.p_high) == (0.20, 0.45)


def test_plain_expectation_is_likely(nlp):
    # PolNeAR train (2016).
    certainty = certainty_of(find_cue(nlp("The White House is expected to sign the measure.")))
    assert (certainty.cue, certainty.band) == ("expected to", "likely")
