"""Stories: articles about the same event, clustered as they arrive.

An article joins the story of the most similar earlier article published
within a few days, when they share enough of what they are about: the
entities and places they name and the claims they make (actor, action,
target). The similarity is the Jaccard overlap of those feature sets; a story
keeps the id of its first article, so ids are stable as articles arrive.

The features are plain strings, computed once when an article is saved and
kept in the store (one row per feature, store/schema.py StoryFeatureRow), so
matching a new article counts shared feature rows in SQL instead of reading
candidate analyses back.
"""

from __future__ import annotations

from typing import Any, Mapping, Union

from ..model import Analysis

WINDOW_DAYS = 3
MIN_SIMILARITY = 0.3
MIN_SHARED = 3
# Continents and vague regions are shared by too many unrelated stories to mean much.
VAGUE_PLACES = {"continent", "region"}
NAMED_TYPES = {"GROUP", "GOV", "ORG", "PERSON", "EVENT"}


def features(analysis: Union[Analysis, Mapping[str, Any]]) -> set[str]:
    """What an article is about, as comparable strings: named entities ("e:..."), places
    other than continents and regions by country ("p:..."), and claims as
    actor|action|target ("c:..."). Takes an Analysis or its stored JSON form."""
    stored = analysis.model_dump(mode="json") if isinstance(analysis, Analysis) else analysis
    entities, places = stored.get("entities", []), stored.get("places", [])
    names = {e["id"]: e["name"].casefold() for e in entities}
    names.update({p["id"]: (p.get("country") or p["name"]).casefold() for p in places})
    found = {f"e:{e['name'].casefold()}" for e in entities if e["type"] in NAMED_TYPES}
    found |= {f"p:{names[p['id']]}" for p in places if p["kind"] not in VAGUE_PLACES}
    for claim in stored.get("claims", []):
        actor = names.get(claim.get("actor"), "?")
        for target in claim.get("target") or [None]:
            found.add(f"c:{actor}|{claim['action']}|{names.get(target, '?')}")
    return found


def overlap(shared: int, size_a: int, size_b: int) -> float:
    """The Jaccard overlap of two feature sets from their sizes and how many they share;
    zero below MIN_SHARED shared features."""
    if shared < MIN_SHARED:
        return 0.0
    return shared / (size_a + size_b - shared)


def story_id(first_document_id: str) -> str:
    return f"story-{first_document_id}"
