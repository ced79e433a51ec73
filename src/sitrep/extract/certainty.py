"""Certainty: hedge and estimative cues -> ICD 203 bands (kb/certainty.tsv, kb/icd203.tsv)."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Token

from ..kb import read_table
from ..model import Certainty


@lru_cache(maxsize=1)
def band_ranges() -> dict[str, tuple[float, float]]:
    return {row["band"]: (float(row["p_low"]), float(row["p_high"])) for row in read_table("icd203.tsv")}


@lru_cache(maxsize=1)
def cue_table() -> dict[tuple[str, ...], str]:
    """Cue phrase as a tuple of lower-case words -> band."""
    return {tuple(row["cue"].split()): row["band"] for row in read_table("certainty.tsv")}


def certainty_for(cue: Optional[str], band: str = "unstated") -> Certainty:
    low, high = band_ranges()[band]
    return Certainty(cue=cue, band=band, p_low=low, p_high=high)


def find_cue(tokens: Iterable[Token]) -> Optional[tuple[str, str]]:
    """The first cue among the tokens (in the order given) as (text, band); phrases of
    several words ("probably not", "expected to") win over their first word."""
    table = cue_table()
    longest = max(len(k) for k in table)
    for token in tokens:
        doc = token.doc
        for size in range(longest, 0, -1):
            words = tuple(t.lower_ for t in doc[token.i: token.i + size])
            if len(words) == size and words in table:
                span = doc[token.i: token.i + size]
                return span.text, table[words]
    return None
