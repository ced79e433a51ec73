"""When the first line of a plain text is its headline.

A `.txt` file, text on stdin and the text given to `sitrep.analyze` often open with the
headline; a JSONL/CSV record's `text` never does (its title, if any, is its own field, and
readers mark such text `text_is_body`). The first line is the title when it reads as a
headline (CONTRACT.md):

- short: at most MAX_WORDS words and MAX_CHARS characters. The longest of the 983 PolNeAR
  headlines (data/attribution-polnear/metadata.tsv) has 22 words and 141 characters;
- one line, followed by a blank line (and more text) or by a dateline ("DALLAS (AP) —");
- with or without a final period: PolNeAR's files end every headline with one;
- not a line that announces the next one (ending in a colon or a comma: "Partial transcript
  as follows:").

A headline ending in a semicolon goes on to its deck on the next line, the way NYT and USA
Today archive copies print them ("Lawmaker urges retaliation on Russia; / Member of House
panel says U.S. has to keep Moscow out of elections."): both lines are the title, as the
publisher's own metadata gives it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .dateline import find_dateline

MAX_WORDS = 25
MAX_CHARS = 200
ANNOUNCES = (":", ",")
GOES_ON = ";"
WORD = re.compile(r"[^\W\d_]+")


def split_headline(text: str) -> tuple[Optional[str], str]:
    """The headline and the text after it, or (None, text) when the text opens with none."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, text
    count = headline_lines(lines[first:])
    if not count:
        return None, text
    title = " ".join(line.strip() for line in lines[first:first + count])
    return title, "\n".join(lines[first + count:])


def headline_lines(lines: list[str]) -> int:
    """How many of the first lines make the headline: 0 (none), 1, or 2 (a headline and its deck)."""
    head = lines[0].strip()
    if not reads_as_headline(head):
        return 0
    if closes_headline(lines[1:]):
        return 1
    if head.endswith(GOES_ON) and len(lines) > 2 and reads_as_headline(lines[1].strip()) \
            and closes_headline(lines[2:]):
        return 2
    return 0


def reads_as_headline(line: str) -> bool:
    """Short enough for a headline, and not a line that introduces the next one."""
    words = len(line.split())
    return 0 < words <= MAX_WORDS and len(line) <= MAX_CHARS and not line.endswith(ANNOUNCES)


def closes_headline(rest: list[str]) -> bool:
    """True when what follows a line ends a headline there: a blank line with story text
    after it, or a dateline opening the story."""
    if not rest:
        return False
    following = rest[0].strip()
    if not following:
        return any(line.strip() for line in rest[1:])
    return find_dateline(following) is not None


def story_cased(headline: str, body: str) -> str:
    """The headline with the capitals of Title Case and ALL CAPS taken off the words its story
    writes in lower case ("Stepping Up Efforts To Carry Out Attacks" -> "stepping up efforts to
    carry out attacks"), names left as they are ("Islamic State", "Russia"). Same length and
    offsets: the parser and tagger read the headline as running text (on Title Case they read
    every word as a name), while what is reported is sliced from the headline as printed."""
    lower, capital = Counter(), Counter()
    for word in WORD.findall(body):
        (lower if word.islower() else capital)[word.lower()] += 1

    def cased(match: re.Match) -> str:
        word = match.group()
        key = word.lower()
        return key if word != key and len(word) > 1 and lower[key] > capital[key] else word

    return WORD.sub(cased, headline)
