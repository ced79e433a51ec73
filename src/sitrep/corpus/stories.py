"""Stories: articles about the same event, clustered as they arrive.

An article joins the story of the most similar earlier article published
within a few days, when they share enough of what they are about: the
entities and places they name and the claims they make (actor, action,
target). The similarity is the Jaccard overlap of those feature sets; a story
keeps the id of its first article, so ids are stable as articles arrive.
"""

from __future__ import annotations

from ..model import Analysis

WINDOW_DAYS = 3
MIN_SIMILARITY = 0.3
MIN_SHARED = 3
# Continents and vague regions are shared by too many unrelated stories to mean much.
VAGUE_PLACES = {"continent", "region"}
NAMED_TYPES = {"GROUP", "GOV", "ORG", "PERSON", "EVENT"}


def features(analysis: Analysis) -> set[str]:
    """What an article is about, as comparable strings."""
    names = {e.id: e.name.casefold() for e in analysis.entities}
    names.update({p.id: (p.country or p.name).casefold() for p in analysis.places})
    found = {f"e:{e.name.casefold()}" for e in analysis.entities if e.type in NAMED_TYPES}
    found |= {f"p:{names[p.id]}" for p in analysis.places if p.kind not in VAGUE_PLACES}
    for claim in analysis.claims:
        actor = names.get(claim.actor, "?")
        for target in claim.target or [None]:
            found.add(f"c:{actor}|{claim.action}|{names.get(target, '?')}")
    return found


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard overlap, zero unless the articles share MIN_SHARED features."""
    shared = len(a & b)
    if shared < MIN_SHARED:
        return 0.0
    return shared / len(a | b)


def story_id(first_document_id: str) -> str:
    return f"story-{first_document_id}"
