"""Datelines and the EXCLUSIVE flag.

A dateline opens the first story paragraph: "JAFFA, Israel –",
"WASHINGTON (Reuters) -", "LONDON, March 3 (AP) —", "BEIRUT/AMMAN (Reuters) -", and
"MEXICO CITY (AP)" where extraction lost the dash after the agency
(Reuters joins the cities a story was filed from with a slash). The dateline's text is the
place part ("JAFFA, Israel"); it stays in the body, since its place is a place
of the story.

The words of a place are joined by a space or a slash; a hyphen inside a word
("WINSTON-SALEM") is part of the word. Were the hyphen a joiner as well, a
line like "AB-AB-AB-…" could be split into words in 2^n ways and the match
would take minutes to fail.
"""

from __future__ import annotations

import re
from typing import Optional

from ..documents import Span

# PLACE[, Region][, Month Day] [(Agency)] DASH
DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*          # CITY in capitals (BEIRUT/AMMAN)
          (?:,\s*[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+)*)?)               # , Country or State
        (?:,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?
        \s*(?:\([A-Za-z .&-]+\)\s*(?:[–—-]{1,2}|:)                     # (Reuters) -
           |\([A-Z][A-Za-z]{1,15}\)                                    # (AP) alone: one word
           |(?:[–—-]{1,2}|:))\s+""",
    re.VERBOSE,
)
EXCLUSIVE = re.compile(r"^\W*exclusive\b", re.IGNORECASE)
# A dateline is short; the pattern never looks further into the body than this.
DATELINE_WINDOW = 200


def find_dateline(body: str) -> Optional[Span]:
    """The dateline at the start of the body, as a span of its place text."""
    match = DATELINE.match(body[:DATELINE_WINDOW])
    if not match:
        return None
    place = match.group("place")
    if len(place) > 60 or place.isupper() and len(place.split()) > 4:
        return None
    return Span(start=match.start("place"), end=match.end("place"), text=place)


def is_exclusive(title: Optional[str], body: str) -> bool:
    """True when the headline or the first line calls the story an exclusive."""
    return bool((title and EXCLUSIVE.match(title)) or EXCLUSIVE.match(body[:40]))
