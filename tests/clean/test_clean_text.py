"""Line-level cleaning on real lines.

Every line below is verbatim from a real page: the pages of the article-extraction
benchmark (tests/fixtures/PROVENANCE.md, "clean/ and eval/") unless marked otherwise.
"""

from __future__ import annotations

import pytest

from sitrep.clean.text import classify_line, split_lines

CREDITS = [
    "AFP PHOTO/Tauseef MUSTAFA",  # the seed article
    "Photo: Damian Dovarganes, AP",
    "Image Credit: WeWork",
    "Sakib Ali/Hindustan Times/Getty Images",
    "Natalie Naccache | Bloomberg | Getty Images",
    "Alex Wong | Getty Images",
    "(AP Photo/Alan Diaz, File)",
    "Leonhard Foeger / Reuters file",
    "(Image: © NASA/ESA/K. Retherford/SWRI)",
    "(Image credit: TNG Collaboration)",
    "Photo by Kirk Irwin/Getty Images",
    "Photograph: Tim Robberts/Getty Images",
    "Image copyright Getty Images",
    "Getty Images",
]

CAPTIONS_WITH_CREDIT = [
    "Vicente Aguiar loads garage door trims into his pickup truck outside a Home Depot in "
    "Hialeah, Fla. (AP Photo/Alan Diaz, File)",
    "Protesters have worn masks to protect their identities (Image: GETTY )",
    "An artist's illustration of a plume of water vapor emanating from Jupiter's moon Europa. "
    "(Image: © NASA/ESA/K. Retherford/SWRI)",
]

BYLINES = [
    "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly, Saqib Iqbal Ahmed and "
    "Gertrude Chavez-Dreyfuss; Editing by Nick Zieminski and Dan Grebler",
    "(Reporting by Greg Roumeliotis, Joshua Franklin, Koh Gui Qing, with reporting by Herb Lash and "
    "Megan Davies, editing by Martin Howell.)",
    "Keith Bradsher contributed reporting from Hong Kong.",
    "SOURCE: Al Jazeera News",
]

BOILERPLATE = [
    "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
    "There's plenty more where that came from. Sign up for The Water Coolest today to get the free "
    "daily newsletter delivered to your inbox daily.",
    "Pick Six Newsletter",
    "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
    "Mike Wall's book about the search for alien life, \"Out There\" (Grand Central Publishing, 2018; "
    "illustrated by Karl Tate), is out now. Follow him on Twitter @michaeldwall. Follow us on Twitter "
    "@Spacedotcom or Facebook.",
    "Have a tip? Amy Kuperinsky may be reached at akuperinsky@njadvancemedia.com. Follow her on "
    "Twitter @AmyKup or on Facebook.",
    "Like this story? Share it with a friend!",
    "Get Motor Cycle Monthly delivered through your letterbox every month. 12 issues for £11.99. "
    "Click here for more information.",
    "Updated at 1:23 p.m.",
    "Filed under: Khawarij |",
    "Tempo de leitura: 1 minuto",
    "[button link=”http://www.morebikes.co.uk/submit-kit-review/” type=”big” newwindow=”yes”] "
    "Send us YOUR kit review[/button]",
]

RELATED = [
    "More:",
    "You may also like...",
    "DON'T MISS",
    "SEE MORE: Hong Kong protests: 800 students under siege in university",
    "Hong Kong 'threatened with Chinese military intervention' [REACTION]",
    "China furious at Macron for Hong Kong protest jibe [INSIGHT]|",
    "[Related: Salesforce Dreamforce Keynote: AI, Integration, Alicia Keys And Protestors]",
    "Related post: Pickled Brussels Sprouts Recipe",
    "Also on rt.com Journalists & politicians from Morales’ party threatened with sedition arrests "
    "as Bolivia purges socialist elements",
]

COMMENTS = ["COMMENTS", "Please let us know if you're having issues with commenting."]

# Story lines (ground truth of the benchmark) that share words with the rules above.
STORY = [
    "Small investors in Hong Kong have welcomed the deal, subscribing for so many shares they will "
    "be allotted the maximum 10 per cent of the total they can get, Reuters reported.",
    "This comes less than a week after Bloomberg reported WeWork is the subject of a U.S. Securities "
    "and Exchange Commission inquiry into potential rule violations related to its cancelled IPO.",
    "Also, we hope you have as much fun as we did getting to know him better! Here’s what he had to say…",
    "More than 2,500 Afghan civilians have been killed in the fighting so far this year, according "
    "to the United Nations.",
    "Veteran Nollywood actress, Kate Henshaw, who in 2008, won the Africa Movie Academy Award for Best "
    "Actress in a Leading Role, has taken to her Instagram page to share some stunning photos of herself.",
    "Sign up for a Hulu ad-free account for $11.99 a month",
    "Updated Police Identify Man, Woman Found Dead in Plano Apartment",
    "This article was originally published by Futurism. Read the original article.",
    "Disney’s tech teams isolated the problem, Mayer said, and “patched” the software as the company "
    "continued to sign up additional subscribers throughout the week.",
]


@pytest.mark.parametrize("line", CREDITS)
def test_photo_credits(line):
    assert classify_line(line) == "credit"


@pytest.mark.parametrize("line", CAPTIONS_WITH_CREDIT)
def test_captions_that_end_in_their_credit(line):
    assert classify_line(line) == "caption"


@pytest.mark.parametrize("line", BYLINES)
def test_reporting_credits_are_bylines(line):
    assert classify_line(line) == "byline"


@pytest.mark.parametrize("line", BOILERPLATE)
def test_newsletter_follow_share_and_widget_lines(line):
    assert classify_line(line) == "boilerplate"


@pytest.mark.parametrize("line", RELATED)
def test_related_link_lines(line):
    assert classify_line(line) == "related"


@pytest.mark.parametrize("line", COMMENTS)
def test_comment_prompts(line):
    assert classify_line(line) == "comments"


@pytest.mark.parametrize("line", STORY)
def test_story_lines_are_kept(line):
    assert classify_line(line) is None


def test_caption_is_the_line_before_a_credit():
    caption = ("Burning crop stubble outside of Delhi is sending smoke into the city and harming "
               "air quality.")
    lines = [STORY[0], caption, "Sakib Ali/Hindustan Times/Getty Images", STORY[3]]
    kept, removed = split_lines(lines)
    assert kept == [STORY[0], STORY[3]]
    assert [(r.kind, r.text) for r in removed] == [
        ("caption", caption), ("credit", "Sakib Ali/Hindustan Times/Getty Images")]


def test_source_line_does_not_turn_the_last_paragraph_into_a_caption():
    lines = [STORY[1], STORY[3], "SOURCE: News agencies"]
    kept, removed = split_lines(lines)
    assert kept == [STORY[1], STORY[3]]
    assert [r.kind for r in removed] == ["byline"]


def test_headline_repeated_at_the_top_is_dropped():
    title = "New SUVs and electric vehicles highlight L.A. Auto Show"
    first = ("New electric vehicles, several new small SUVs, a redesigned compact car, a plug-in version "
             "of Toyota’s top-selling vehicle and a futuristic electric station wagon concept car from "
             "Volkswagen are among the new models on display this week at the Los Angeles Auto Show.")
    kept, removed = split_lines([title, first], title=title)
    assert kept == [first]
    assert removed[0].text == title
    kept, removed = split_lines([title, first])
    assert kept == [title, first] and not removed


def test_trailing_list_of_headline_links_is_related():
    story = ("\"There's a huge road ahead of us now that we have these simulations completed,\" Torrey "
             "said.")
    links = ["- 15 Amazing Images of Stars", "- 11 Fascinating Facts About Our Milky Way Galaxy",
             "- The 11 Biggest Unanswered Questions About Dark Matter"]
    kept, removed = split_lines([story, *links])
    assert kept == [story]
    assert [r.kind for r in removed] == ["related"] * 3


def test_trailing_list_of_instructions_is_story():
    intro = ("Here's the TL;DR version of signing up for ad-free Hulu as part of the Disney+ bundled "
             "package:")
    steps = ["- Sign up for a Hulu ad-free account for $11.99 a month",
             "- If you already have a Hulu account, visit your account page to upgrade",
             "- Sign up for the Disney+ bundle using the same email as your Hulu account"]
    kept, removed = split_lines([intro, *steps])
    assert kept == [intro, *steps] and not removed
