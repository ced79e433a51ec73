"""kb/first_names.tsv (scripts/build_first_names.py, from Faker's SSA and ONS name lists): a
named source's given name says its gender, so "she" does not go to "Steve Israel"."""

from __future__ import annotations

from sitrep.extract.attribution.lexicon import first_name_genders, name_gender
from sitrep.extract.attribution.sources import _agrees, _Source


def test_common_given_names_say_a_gender_and_shared_ones_none():
    names = first_name_genders()
    assert len(names) >= 500
    assert (names["Steve"], names["Nancy"]) == ("m", "f")
    assert set(names.values()) == {"m", "f"}
    # a name the lists give both genders is left out of the table
    assert "Jordan" not in names


def test_a_name_says_its_gender_by_its_given_name_or_its_title():
    assert name_gender("Steve Israel") == "m"
    assert name_gender("Nancy Pelosi") == "f"
    assert name_gender("Mrs. Clinton") == "f"  # the courtesy title speaks first
    assert name_gender("Israel") is None  # a surname alone says nothing


def test_she_cannot_stand_for_a_source_named_steve():
    steve = _Source(description="Steve Israel", named=True, name="Steve Israel", role=None, affiliation=None,
                    entity=None, kind="person", plural=False, head_lemma="israel", gender=name_gender("Steve Israel"))
    assert not _agrees("she", steve) and _agrees("he", steve)
