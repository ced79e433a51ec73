"""Mine candidate sentences for the claims fixture (tests/fixtures/claims/estimative.jsonl).

Why: the fixture must be real text with estimative or modal language about an
event, drawn from the dev corpora, and hand-checked. This script only finds
candidates — sentences holding an event word of kb/events.tsv and a modality
or certainty cue of kb/modality.tsv / kb/certainty.tsv — and prints them as
JSON Lines with their provenance (corpus, file, character offset). A person
then picks among them and writes the expected modality and band by hand.

    python scripts/claims_candidates.py ../shared/data > /tmp/candidates.jsonl
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from sitrep.kb import read_table

SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"”’']?|$)")
PER_ARTICLE = 2
PER_CUE = 8  # candidates kept per corpus and cue word, so rare cues and small corpora get their share
NEAR = 30  # characters between a cue and the event word it may govern


def _words(pattern_words: list[str]) -> re.Pattern:
    """A pattern matching any of the phrases as whole words, in any inflection of their last word."""
    parts = [r"\s+".join([re.escape(x) for x in w.split()[:-1]] + [_inflected(w.split()[-1])]) for w in pattern_words]
    return re.compile(r"\b(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _inflected(word: str) -> str:
    """A word with the endings of its inflections; short words ("may", "will") only as written."""
    return re.escape(word) if len(word) < 5 else re.escape(word.rstrip("e")) + r"(?:e|es|s|ed|d|ing|ion)?"


def _texts(data: Path) -> Iterator[tuple[str, str]]:
    """(reference, text) for every article of the dev corpora and PolNeAR train."""
    for split in ("dev", "train"):
        for path in sorted((data / "attribution-polnear" / split / "text").glob("*.txt")):
            yield f"polnear/{split}/{path.name}", path.read_text(encoding="utf-8")
    gwn = ET.parse(data / "geoparsing-dev" / "geowebnews-dev.xml").getroot()
    for article in gwn.iter("article"):
        yield f"geowebnews-dev/{article.get('file')}", article.findtext("text") or ""
    lgl = ET.parse(data / "geoparsing-dev" / "lgl.xml").getroot()
    for article in lgl.iter("article"):
        yield f"lgl/{article.get('docid')}", article.findtext("text") or ""


def candidates(data: Path) -> Iterator[dict]:
    """Sentences with an event word and a cue, at most PER_ARTICLE per article."""
    events = _words([row["lemma"] for row in read_table("events.tsv")])
    cues = _words([row["lemma"] for row in read_table("modality.tsv")]
                  + [row["cue"] for row in read_table("certainty.tsv")])
    for ref, text in _texts(data):
        found = 0
        for match in SENTENCE.finditer(text):
            sentence = match.group().strip()
            pair = _cue_before_event(sentence, cues, events)
            if pair and found < PER_ARTICLE:
                found += 1
                yield {"source": f"{ref}@{match.start() + match.group().index(sentence)}", "text": sentence,
                       "event": pair[1], "cue": pair[0], "corpus": ref.split("/")[0]}


def _cue_before_event(sentence: str, cues: re.Pattern, events: re.Pattern) -> tuple[str, str] | None:
    """(cue, event word) when a cue stands at most NEAR characters before an event word: the
    cue then likely governs it ("could attack", "plans to strike")."""
    for cue in cues.finditer(sentence):
        event = events.search(sentence, cue.end(), cue.end() + NEAR)
        if event and cue.group()[0].islower():
            return cue.group(), event.group()
    return None


def sample(rows: Iterator[dict], per_cue: int = PER_CUE) -> list[dict]:
    """The first per_cue candidates of each cue word in each corpus, in corpus order."""
    kept: dict[str, list[dict]] = {}
    for row in rows:
        bucket = kept.setdefault(row["corpus"] + row["cue"].lower(), [])
        if len(bucket) < per_cue and 60 <= len(row["text"]) <= 260:
            bucket.append(row)
    return [row for bucket in kept.values() for row in bucket]


if __name__ == "__main__":
    for row in sample(candidates(Path(sys.argv[1]))):
        print(json.dumps(row, ensure_ascii=False))
