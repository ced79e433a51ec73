"""The first line of a text is its title when it reads as a headline (issue 19, item 1).

Real PolNeAR files (tests/fixtures/titles/, PROVENANCE.md): their headlines end in a period,
which once made 32 of 42 of them "(untitled)", with the headline left in the body and the
dateline under it missed.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from sitrep.clean import clean
from sitrep.clean.headline import split_headline, story_cased
from sitrep.documents import RawDocument

FIXTURES = Path(__file__).parent.parent / "fixtures"
TITLES = FIXTURES / "titles"
O_MALLEY = TITLES / "breitbart_2015-11-16_o-malley-campaign-to-shift-staff.txt"
UPI = TITLES / "breitbart_2015-11-19_hillary-clinton-calls-on-u-s-to-excerpt.txt"
DECK = TITLES / "usa-today_2016-09-08_lawmaker-urges-retaliation-on-ru-excerpt.txt"


def cleaned(text: str):
    return clean(RawDocument(input="story.txt", text=text))


def test_a_headline_ending_in_a_period_is_the_title_and_the_dateline_under_it_is_found():
    document = cleaned(O_MALLEY.read_text(encoding="utf-8"))
    assert document.title == "O’Malley campaign to shift staff, resources to Iowa."
    assert document.body.startswith("DALLAS (AP) — Democratic presidential candidate")
    assert document.dateline.text == "DALLAS"


def test_a_headline_followed_directly_by_its_dateline_is_the_title():
    # The same file as scrapers that keep single line breaks write it: no blank line under the headline.
    text = UPI.read_text(encoding="utf-8").replace("\n\n", "\n", 1)
    document = cleaned(text)
    assert document.title == "Hillary Clinton calls on U.S. to lead, step up fight against Islamic State."
    assert document.dateline.text == "NEW YORK"


def test_a_headline_ending_in_a_semicolon_takes_its_deck_along():
    document = cleaned(DECK.read_text(encoding="utf-8"))
    assert document.title == ("Lawmaker urges retaliation on Russia; Member of House panel says U.S. "
                              "has to keep Moscow out of elections.")
    assert document.body.startswith("Rep. Adam Schiff, the top Democrat")


def test_a_line_announcing_what_follows_is_no_title():
    text = (FIXTURES / "polnear" / "framing.txt").read_text(encoding="utf-8")
    document = cleaned(text)
    assert document.title is None
    assert document.body.startswith("Partial transcript as follows:")


def test_a_hard_wrapped_first_paragraph_is_no_title():
    story = O_MALLEY.read_text(encoding="utf-8").split("\n\n", 1)[1]
    wrapped = "\n\n".join(textwrap.fill(paragraph, 72) for paragraph in story.split("\n\n"))
    document = cleaned(wrapped)
    assert document.title is None
    assert document.body.startswith("DALLAS (AP) — Democratic presidential candidate")


def test_a_long_first_line_is_no_title_however_it_ends():
    text = (FIXTURES / "polnear" / "attacks.txt").read_text(encoding="utf-8")
    title, rest = split_headline(text)
    assert title is None and rest == text


def test_a_lone_line_is_a_body_not_a_title():
    assert split_headline("O’Malley campaign to shift staff, resources to Iowa.\n\n") == (
        None, "O’Malley campaign to shift staff, resources to Iowa.\n\n")


def test_a_title_case_headline_is_read_in_its_storys_case(seed_text):
    # The seed's headline: Title Case made the parser read "Efforts To Carry Out Attacks" as
    # names, and its claim an attack that happened. Words the story writes in lower case lose
    # their capitals; names the story capitalises keep them; the length stays the same.
    document = cleaned(seed_text)
    cased = story_cased(document.title, document.body)
    assert len(cased) == len(document.title)
    assert "Islamic State Stepping up efforts to carry out attacks in U.S., Russia" in cased


def test_the_seed_headline_claim_is_an_attack_planned(seed_analysis):
    headline = [c for c in seed_analysis.claims if c.field == "title"]
    assert headline and {(c.action, c.modality) for c in headline} == {("ASSAULT", "planned")}
