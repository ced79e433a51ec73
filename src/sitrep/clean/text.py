"""Text-level cleaning: cut captions, photo credits, comment prompts and widget lines.

Works line by line on text that is already free of markup (a .txt file, or
trafilatura's output for HTML). Each cut line is kept as a `Removed` record
so the analyst can see what was dropped and why. The line patterns are data
(kb/cleaning.tsv); the rules that need neighbours or context are here: a
caption is the short line before a credit, everything after a late comments
heading is comments, a copy of the headline near the top is not story, and a
run of title-case bullet links ending the text is a "related" block.
Measured with `sitrep eval body` (see eval/body.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..kb import read_table
from ..model import Removed

MAX_CAPTION = 400
# After a comments heading nothing more belongs to the story.
COMMENT_HEADINGS = re.compile(r"comments?(?:\s*\(\d+\))?|\d+\s+comments?|discussion|reader comments", re.I)
# Extractors often repeat the headline as the body's first line; look that far for it.
TITLE_WINDOW = 3
WORDS = re.compile(r"\w+")
# A teaser link in a list: "- 15 Amazing Images of Stars" (a bullet, a headline in title case,
# no full stop). Instructions or key points in a list are written in sentence case.
LINK_ITEM = re.compile(r"[-–•*·]\s+(?P<text>[^.!?]{3,100}[^.!?:;,])")
MIN_LINK_LIST = 2
TITLE_CASE_SHARE = 0.6
LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


@dataclass(frozen=True)
class LinePattern:
    kind: str
    regex: re.Pattern


@lru_cache(maxsize=1)
def line_patterns() -> tuple[LinePattern, ...]:
    """The kb/cleaning.tsv rows, compiled once per process (cleaning runs on every document)."""
    patterns = []
    for row in read_table("cleaning.tsv"):
        flags = re.IGNORECASE if row["case"] == "i" else 0
        patterns.append(LinePattern(row["kind"], re.compile(row["pattern"], flags)))
    return tuple(patterns)


def classify_line(line: str) -> Optional[str]:
    """The removed-kind of a line that is boilerplate on its own, else None."""
    stripped = line.strip()
    for pattern in line_patterns():
        if pattern.regex.fullmatch(stripped):
            return pattern.kind
    return None


def _looks_like_story(line: str) -> bool:
    """Long, sentence-ending lines are story paragraphs, never captions."""
    return len(line) > MAX_CAPTION or (line.endswith((".", '"', "”")) and len(line.split()) > 40)


def split_lines(lines: list[str], title: Optional[str] = None) -> tuple[list[str], list[Removed]]:
    """Split non-empty lines into kept story lines and Removed records, in order.

    `title` is the document's headline when known: a copy of it at the top of
    the text is not story text (and would be analysed twice).
    """
    kinds = [classify_line(line) for line in lines]
    _mark_captions_beside_credits(lines, kinds)
    _mark_trailing_comments(lines, kinds)
    _mark_title_repeat(lines, kinds, title)
    _mark_trailing_link_list(lines, kinds)
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


def _words(text: str) -> list[str]:
    """Lower-cased word tokens, so punctuation and case differences do not matter."""
    return WORDS.findall(text.casefold())


def _mark_title_repeat(lines: list[str], kinds: list[Optional[str]], title: Optional[str]) -> None:
    """A line near the top that repeats the headline (word for word) is boilerplate."""
    if not title:
        return
    wanted = _words(title)
    if not wanted:
        return
    for i in range(min(TITLE_WINDOW, len(lines))):
        if kinds[i] is None and _words(lines[i]) == wanted:
            kinds[i] = "boilerplate"
            return


def _mark_trailing_link_list(lines: list[str], kinds: list[Optional[str]]) -> None:
    """A run of short bullet items ending the story is a list of teaser links.

    Bullets inside a story (key points, lists of demands) are followed by more
    story; a run that only removed lines can follow is a "related" block.
    """
    end = len(lines)
    while end > 0 and kinds[end - 1] is not None:
        end -= 1
    start = end
    while start > 0 and kinds[start - 1] is None and _is_link_item(lines[start - 1]):
        start -= 1
    if end - start >= MIN_LINK_LIST:
        for i in range(start, end):
            kinds[i] = "related"


def _is_link_item(line: str) -> bool:
    """A bullet line whose longer words are mostly capitalised, as headlines are."""
    match = LINK_ITEM.fullmatch(line)
    if not match:
        return False
    words = LONG_WORD.findall(match.group("text"))
    capitalised = sum(1 for word in words if word[0].isupper())
    return bool(words) and capitalised / len(words) >= TITLE_CASE_SHARE
