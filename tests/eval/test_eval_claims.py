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
    items = load_fixture()
    modality, band = accuracy(items, read_sentences(nlp, items))
    base_modality, base_band = accuracy(items, [("occurred", "unstated")] * len(items))
    assert modality >= 0.85 and band >= 0.85, (modality, band)
    assert modality > base_modality and band > base_band


def test_every_seed_table_point_holds(seed_analysis):
    missing = [point for point in load_seed_points() if not point_holds(point, seed_analysis)]
    assert not missing
