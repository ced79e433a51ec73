"""`sitrep eval claims` on its own fixtures: the hand-checked sentences and the seed table."""

from __future__ import annotations

from sitrep.eval.claims import (
    accuracy,
    load_fixture,
    load_seed_points,
    point_holds,
    read_sentences,
)

MODALITIES = {"occurred", "planned", "threatened", "predicted", "alleged", "hypothetical"}
BANDS = {"almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely",
         "almost certain", "unstated"}


def test_fixture_is_large_labelled_and_anchored():
    items = load_fixture()
    assert len(items) >= 150
    for item in items:
        assert item.modality in MODALITIES and item.band in BANDS, item.text
        assert item.text[item.at:item.at + len(item.event)] == item.event, item.text


def test_modality_and_band_beat_the_bar_and_the_baseline(nlp):
    """A fixture check, not accuracy: these sentences were picked with the old rule lexicons
    and label a speaker's own "will" as predicted, where events-dev's guidelines say planned
    ("will meet"). The band is read by the same cue rules as before; the modality now by the
    trained classifier, measured on events-dev (`sitrep eval events`)."""
    items = load_fixture()
    modality, band = accuracy(items, read_sentences(nlp, items))
    base_modality, base_band = accuracy(items, [("occurred", "unstated")] * len(items))
    assert modality >= 0.65 and band >= 0.85, (modality, band)
    assert modality > base_modality + 0.5 and band > base_band


# Points of seed.expected.md the claim layer does not reach yet (issue 15 stays open on them):
# "Chechen jihadis who trained in Syria" is MOBILIZE in the table; no labelled training sentence
# and no lexicon the coder reads makes "trained" a troop movement.
OPEN = [{"actor": "Chechen jihadis", "action": "MOBILIZE"}]


def _is_open(point: dict) -> bool:
    return any(all(point.get(k) == v for k, v in known.items()) for known in OPEN)


def test_every_seed_table_point_holds_but_the_open_ones(seed_analysis):
    points = load_seed_points()
    missing = [point for point in points if not point_holds(point, seed_analysis) and not _is_open(point)]
    assert not missing
    reached = [point for point in points if _is_open(point) and point_holds(point, seed_analysis)]
    assert not reached, "an open point now holds: take it off OPEN"
