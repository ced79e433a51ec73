"""The event lexicon is generated: rerunning scripts/build_event_lexicon.py on the committed
dictionaries (kb/sources/event-dictionaries) must reproduce kb/event_*.tsv byte for byte."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
KB = ROOT / "src" / "sitrep" / "kb"
SOURCES = KB / "sources" / "event-dictionaries"
GENERATED = ("event_verbs.tsv", "event_patterns.tsv", "event_nouns.tsv", "event_discards.tsv", "event_agents.tsv")


@pytest.fixture(scope="module")
def lexicon_script():
    return load_script("build_event_lexicon")


def test_rebuild_from_the_committed_dictionaries_is_byte_identical(lexicon_script, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["build_event_lexicon.py", str(SOURCES), str(tmp_path)])
    lexicon_script.main()
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (KB / name).read_bytes(), name


def test_cameo_codes_map_through_the_plover_table(lexicon_script):
    table = lexicon_script.plover_table(SOURCES / "CAMEO2PLOVER-2021.txt")
    assert lexicon_script.plover("1121", table) == "ACCUSE"      # accuse of crime: listed itself
    assert lexicon_script.plover("1831", table) == "ASSAULT"     # suicide bombing
    assert lexicon_script.plover("163", table) == "COERCE"       # imposed embargo, as the table says
    assert lexicon_script.plover(":075", table) == "AID"         # a pair code with an empty first half
    assert lexicon_script.plover("0231", table) == "REQUEST"     # appeals are requests
    assert lexicon_script.plover("010", table) is None           # statements are no event
    assert lexicon_script.plover("---", table) is None


def test_a_pattern_names_its_particle_object_and_preposition(lexicon_script):
    synsets = {"&WEAPON": ["gun", "machine gun"]}
    assert lexicon_script.pattern_slots(" OFF (FOR) ", synsets) == [("off", "", "for", "")]
    assert lexicon_script.pattern_slots(" {SUICIDE ATTACK} ", synsets) == [("", "attack", "", "")]
    assert lexicon_script.pattern_slots(" (WITH &WEAPON) ", synsets) == [("", "", "with", "gun")]
