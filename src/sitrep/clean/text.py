"""Text-level cleaning: cut captions, photo credits, comment prompts and widget lines.

Works line by line on text that is already free of markup (a .txt file, or
trafilatura's output for HTML). Each cut line is kept as a `Removed` record
so the analyst can see what was dropped and why. The line patterns are data
(kb/cleaning.tsv); the rules that need neighbours (a caption is the line next
to a credit) are here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..kb import read_table
from ..model import Removed

# An AFP-style caption opens with "COUNTRY, City :" (space before the colon).
AFP_CAPTION = re.compile(r"[A-Z][A-Z .'-]+,\s+[A-Z][\w .'-]+\s:\s\S")
# A caption that ends in its own credit: "Police at the scene. (Photo: AP)".
TRAILING_CREDIT = re.compile(r".*\((?:photo|photograph|image|picture|credit)s?\s*(?::|by)[^)]{1,80}\)\s*", re.I)
MAX_CAPTION = 400
# After a comments heading nothing more belongs to the story.
COMMENT_HEADINGS = re.compile(r"comments?(?:\s*\(\d+\))?|\d+\s+comments?|discussion|reader comments", re.I)


@dataclass(frozen=True)
class LinePattern:
    kind: str
    regex: re.Pattern


@lru_cache(maxsize=1)
def line_patterns() -> tuple[LinePattern, ...]:
    patterns = []
    for row in read_table("cleaning.tsv"):
        flags = re.IGNORECASE if row["case"] == "i" else 0
        patterns.append(LinePattern(row["kind"], re.compile(row["pattern"], flags)))
    return tuple(patterns)


def classify_line(line: str) -> Optional[str]:
    """The removed-kind of a line that is boilerplate on its own, else None."""
    stripped = line.strip()
    if TRAILING_CREDIT.fullmatch(stripped) and len(stripped) <= MAX_CAPTION:
        return "caption"
    for pattern in line_patterns():
        if pattern.regex.fullmatch(stripped):
            return pattern.kind
    if AFP_CAPTION.match(stripped) and len(stripped) <= MAX_CAPTION:
        return "caption"
    return None


def _looks_like_story(line: str) -> bool:
    """Long, sentence-ending lines are story paragraphs, never captions."""
    return len(line) > MAX_CAPTION or (line.endswith((".", '"', "”")) and len(line.split()) > 40)


def split_lines(lines: list[str]) -> tuple[list[str], list[Removed]]:
    """Split non-empty lines into kept story lines and Removed records, in order."""
    kinds = [classify_line(line) for line in lines]
    _mark_captions_beside_credits(lines, kinds)
    _mark_trailing_comments(lines, kinds)
    kept = [line for line, kind in zip(lines, kinds) if kind is None]
    removed = [Removed(kind=kind, text=line) for line, kind in zip(lines, kinds) if kind is not None]
    return kept, removed


def _mark_captions_beside_credits(lines: list[str], kinds: list[Optional[str]]) -> None:
    """A short line right before a credit line is that photo's caption."""
    for i, kind in enumerate(kinds):
        if kind != "credit" or i == 0:
            continue
        before = i - 1
        if kinds[before] is None and not _looks_like_story(lines[before]):
            kinds[before] = "caption"


def _mark_trailing_comments(lines: list[str], kinds: list[Optional[str]]) -> None:
    """Everything after a comments heading in the last part of the page is comments."""
    start = max(1, len(lines) // 2)
    for i in range(start, len(lines)):
        if kinds[i] == "comments" and COMMENT_HEADINGS.fullmatch(lines[i].strip()):
            for j in range(i + 1, len(lines)):
                kinds[j] = kinds[j] or "comments"
            return
