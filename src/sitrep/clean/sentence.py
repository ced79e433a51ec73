"""Whether a cleaned body holds a sentence: a page of links alone is no article.

A site's front page, a section index or a page whose story failed to load
cleans down to its menu or breadcrumbs ("Home", "Home / Opening Bell"), and
stored as an article it would show as one with nothing in it. Every body of
the news data in ../shared/data (2,193 PolNeAR, GeoWebNews, LGL, article
benchmark and events texts) holds a paragraph of at least MIN_WORDS words
ending a sentence (. ! ? … and their CJK forms, before any closing quote or
bracket); 26 of 28 menus cut from the benchmark's pages hold none. A body of
one paragraph of MIN_WORDS words or more passes as it is: a headline, or a
lead, given alone.
"""

from __future__ import annotations

import re

MIN_WORDS = 3
WORD = re.compile(r"[^\W_]+")
SENTENCE_END = re.compile(r"[.!?…。！？](?=[\"'”’»)\]]*(?:\s|$))")


def has_sentence(body: str) -> bool:
    """Whether the body holds a sentence, or is one run of words (see the module docstring)."""
    paragraphs = [p for p in body.splitlines() if p.strip()]
    if len(paragraphs) == 1 and _words(paragraphs[0]) >= MIN_WORDS:
        return True
    return any(_words(p) >= MIN_WORDS and SENTENCE_END.search(p) for p in paragraphs)


def preview(body: str, limit: int = 60) -> str:
    """The body's start on one line, quoted, for an error message."""
    text = " / ".join(p.strip() for p in body.splitlines() if p.strip())
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _words(paragraph: str) -> int:
    return len(WORD.findall(paragraph))
