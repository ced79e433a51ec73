"""Certainty: hedge and estimative cues -> ICD 203 bands (kb/certainty.tsv, kb/icd203.tsv).

A cue is matched as a phrase of lower-cased words ("expected to", "probably not");
a cue its own head negates ("is not expected to", "don't expect") takes the
opposite band of kb/icd203.tsv, so "not likely" reads as unlikely.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..kb import read_table
from ..model import Certainty


@dataclass(frozen=True)
class Cue:
    """A cue found in text: its words as written, its band, and the token it starts at."""

    text: str
    band: str
    token: Token


@lru_cache(maxsize=1)
def band_ranges() -> dict[str, tuple[float, float]]:
    return {row["band"]: (float(row["p_low"]), float(row["p_high"])) for row in read_table("icd203.tsv")}


@lru_cache(maxsize=1)
def opposite_band() -> dict[str, str]:
    return {row["band"]: row["opposite"] for row in read_table("icd203.tsv")}


@lru_cache(maxsize=1)
def cue_table() -> dict[tuple[str, ...], str]:
    """Cue phrase as a tuple of lower-case words -> band."""
    return {tuple(row["cue"].split()): row["band"] for row in read_table("certainty.tsv")}


def certainty_for(cue: str | None, band: str = "unstated") -> Certainty:
    low, high = band_ranges()[band]
    return Certainty(cue=cue, band=band, p_low=low, p_high=high)


def certainty_of(cue: Cue | None) -> Certainty:
    """The Certainty a cue gives (unstated without one), its band flipped when negated."""
    if cue is None:
        return certainty_for(None)
    if is_negated_cue(cue):
        return certainty_for(f"not {cue.text}", opposite_band()[cue.band])
    return certainty_for(cue.text, cue.band)


def is_negated_cue(cue: Cue) -> bool:
    """ "not expected to", "don't expect": a negation on the cue word or on the verb it
    complements ("is not likely")."""
    token = cue.token
    heads = [token] + ([token.head] if token.dep_ in ("acomp", "advmod", "amod") else [])
    return any(child.dep_ == "neg" for head in heads for child in head.children)


def find_cue(tokens: Iterable[Token]) -> Cue | None:
    """The first cue among the tokens (in the order given); phrases of several words
    ("probably not", "expected to") win over their first word."""
    table = cue_table()
    longest = max(len(k) for k in table)
    for token in tokens:
        doc = token.doc
        for size in range(longest, 0, -1):
            words = tuple(t.lower_ for t in doc[token.i: token.i + size])
            if len(words) == size and words in table:
                span = doc[token.i: token.i + size]
                return Cue(span.text, table[words], token)
    return None
