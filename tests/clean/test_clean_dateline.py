"""Datelines on real story openings (see tests/fixtures/PROVENANCE.md, "clean/ and eval/")."""

from __future__ import annotations

import pytest

from sitrep.clean.dateline import find_dateline, is_exclusive

OPENINGS = [
    ("WASHINGTON (Reuters) - Scientists on Monday unveiled the first global geological map of "
     "Saturn's moon Titan", "WASHINGTON"),
    ("NEW YORK (Reuters) - Oil prices fell sharply on Tuesday on oversupply concerns", "NEW YORK"),
    ("SEOUL, Nov 19 (Reuters) - North Korean leader Kim Jong Un revealed his daughter to the world "
     "for the first time on Saturday", "SEOUL"),
    ("HAYWARD, Calif. (AP) — The Latest on a deadly stabbing on a San Francisco Bay Area commuter "
     "train", "HAYWARD, Calif."),
    ("BUFFALO, N.Y. — Hours before Zach Parise’s two-goal performance Tuesday", "BUFFALO, N.Y."),
    ("DUBAI, United Arab Emirates — Dubai's flagship carrier Emirates Airline finalized a deal",
     "DUBAI, United Arab Emirates"),
    ("SIOUX FALLS, S.D. – People across the nation are talking about it", "SIOUX FALLS, S.D."),
    ("MADRID — Rafael Nadal kept Spain’s hopes alive", "MADRID"),
    # LGL's AP stories lost the dash after the agency in extraction
    ("MAINEVILLE, Ohio (AP)  Some rural townships in Ohio are imposing impact fees", "MAINEVILLE, Ohio"),
    ("CINCINNATI (AP)  Police and the FBI say two men from the Cincinnati area have been arrested", "CINCINNATI"),
]

NOT_DATELINES = [
    "More than 2,500 Afghan civilians have been killed in the fighting so far this year",
    "US President Donald Trump has been eager to withdraw, but General Mark Milley, chairman of the "
    "Joint Chiefs of Staff, told US media this month",
    "IS’ “Chechen division” is making intensive efforts to strike in Russia",
    "NATO (the alliance) said on Monday it would send more troops",
]


@pytest.mark.parametrize("opening,place", OPENINGS)
def test_dateline_place(opening, place):
    span = find_dateline(opening)
    assert span is not None and span.text == place
    assert opening[span.start:span.end] == place


@pytest.mark.parametrize("opening", NOT_DATELINES)
def test_story_openings_without_dateline(opening):
    assert find_dateline(opening) is None


def test_exclusive_from_headline_only_when_it_says_so():
    assert is_exclusive("EXCLUSIVE – Arab Intel Official: Islamic State Stepping Up Efforts", "")
    assert not is_exclusive("New SUVs and electric vehicles highlight L.A. Auto Show",
                            "New electric vehicles, several new small SUVs")
