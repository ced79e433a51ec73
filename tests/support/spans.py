"""Mentions for hand-annotated test analyses, found in their text so offsets are never typed."""

from __future__ import annotations

from sitrep.model import Mention


def mention(body: str, text: str, prefix: str | None = None) -> Mention:
    """The first mention of `text` in `body`, or only its leading `prefix` (fails loudly if absent)."""
    start = body.index(text)
    surface = prefix or text
    return Mention(start=start, end=start + len(surface), text=surface)
