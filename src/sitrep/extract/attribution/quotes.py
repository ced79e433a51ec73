"""Direct quotations found from the quotation marks of the body, before any parsing.

Working on characters, not tokens, because the tagger often splits or swallows
quote marks and because a quotation's bounds are a typographic fact. The
rules are the newsroom conventions the marks follow:

- curly marks say which way they face; a straight mark opens after a space or
  the start of a paragraph and closes otherwise;
- a quotation that runs on over paragraphs leaves its paragraph unclosed and
  the next paragraph opens with a mark again (paragraphs are separated by
  blank lines in the body);
- single marks inside a double-quoted passage are quotes within the quote and
  stay part of its text; single marks only stand for a quotation in a
  paragraph with no double marks, and only when they cannot be apostrophes;
- an unbalanced mark never makes us give up: the quotation ends at its
  paragraph's end and the next mark starts afresh.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
STRAIGHT = '"'
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
# typewriter doubles: two single marks standing for one double mark (same length, so offsets hold;
# an opening one becomes " “" so the quotation starts after both marks)
_DOUBLED = (("’’", "” "), ("‘‘", " “"), ("``", " “"))
# '' stands for both marks (the New York Times' texts in PolNeAR: ''Several of us ...,'' recalled
# Mr. Rhodes): opening where it starts a word, closing elsewhere
_TWO_APOSTROPHES = re.compile(r"''")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_TRAILING = " \t\n\u00a0,;:"


@dataclass
class QuoteSpan:
    """One quoted passage in one paragraph: `start`/`end` exclude the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark (== start - 1)
    close_mark: int | None  # offset of the closing mark; None when left open
    paragraph: int
    group: int  # pieces of one quotation running over paragraphs share a group


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: the body's blank lines separate them."""
    spans, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quoted passage of the text, in order, multi-paragraph ones grouped."""
    found: list[QuoteSpan] = []
    group = -1
    carried = False  # the previous paragraph ended inside a quotation
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        para = text[p_start:p_end]
        spans = list(_double_quoted(para)) or list(_single_quoted(para))
        for n, (o, c) in enumerate(spans):
            continues = carried and n == 0 and o == 0
            group = group if continues else group + 1
            found.append(_span(text, p_start, o, c, p_end, index, group))
        carried = bool(spans) and spans[-1][1] is None
    return [q for q in found if q.end > q.start]


def _span(text, p_start, o, c, p_end, index, group) -> QuoteSpan:
    """A QuoteSpan for marks at paragraph offsets o (open) and c (close or None)."""
    start = p_start + o + 1
    end = p_start + c if c is not None else p_end
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return QuoteSpan(start, end, p_start + o, None if c is None else p_start + c, index, group)


def _double_quoted(para: str) -> Iterator[tuple[int, int | None]]:
    """(open, close) offsets of double-quoted passages in one paragraph."""
    for doubled, mark in _DOUBLED:
        para = para.replace(doubled, mark)
    para = _TWO_APOSTROPHES.sub(lambda m: " “" if _opens(para, m.start(), m.end()) else "” ", para)
    open_at: int | None = None
    for i, ch in enumerate(para):
        if ch not in OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT:
            continue
        opening = _opens(para, i) if ch == STRAIGHT else ch in OPEN_DOUBLE
        if open_at is None and opening:
            open_at = i
        elif open_at is not None and not opening:
            yield open_at, i
            open_at = None
        elif open_at is not None and opening:
            # a second opening mark before any close: the first was never closed
            yield open_at, _last_sentence_end(para, open_at, i)
            open_at = i
        # a closing mark with nothing open is a stray: skipped
    if open_at is not None:
        yield open_at, None


def _opens(para: str, i: int, end: int | None = None) -> bool:
    """Whether a straight mark at i (running to `end`) opens: after a space/start, before a non-space."""
    end = i + 1 if end is None else end
    before = para[i - 1] if i else " "
    after = para[end] if end < len(para) else " "
    if before.isspace() or before in "([{—–-/":
        return not after.isspace()
    return False


def _last_sentence_end(para: str, open_at: int, next_open: int) -> int:
    """Where an unclosed quotation most likely ends: its last sentence end before the next mark."""
    chunk = para[open_at:next_open]
    ends = [m.end() for m in re.finditer(r"[.!?…](?=\s)", chunk)]
    return open_at + (ends[-1] if ends else len(chunk.rstrip()))


def _single_quoted(para: str) -> Iterator[tuple[int, int | None]]:
    """Single-mark quotations (headline style), only where a mark cannot be an apostrophe."""
    open_at: int | None = None
    for i, ch in enumerate(para):
        before = para[i - 1] if i else " "
        after = para[i + 1] if i + 1 < len(para) else " "
        if ch == OPEN_SINGLE and open_at is None and (before.isspace() or i == 0):
            open_at = i
        elif ch == CLOSE_SINGLE and open_at is not None and not after.isalpha():
            if before.isalpha() and after.isspace() and para[i - 1: i] == "s":
                continue  # plural possessive ("officials’ view"), not a close
            yield open_at, i
            open_at = None
