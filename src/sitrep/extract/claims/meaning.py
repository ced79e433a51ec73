"""What a word means, as a vector: the event coder's knowledge of words it was never taught.

The coder learns from labelled sentences, and two fifths of the events in news sit on words it
saw labelled fewer than ten times ("fined", "applauded", "deported"). Each word's vector here
comes from a pretrained sentence encoder (all-MiniLM-L6-v2, distilled once by
scripts/build_word_vectors.py; see training/events/DATA_CARD.md), so words of one sense lie
near each other and weights learnt on "penalized" or "arrested" reach "fined". The table is
read with NumPy; no model runs here. A missing or damaged table is one clear error at
start-up (ModelError), never a coder silently blind to word meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from spacy.tokens import Token

from .model import ModelError

FILES = ("word_vectors.json", "word_vectors.npy")


@dataclass(frozen=True)
class WordVectors:
    index: dict[str, int]
    table: np.ndarray  # [words, dims] float32, rows of unit length

    @property
    def width(self) -> int:
        return int(self.table.shape[1])

    def of(self, token: Token | None) -> np.ndarray:
        """The vector of a word as written (lower-cased), else of its lemma; zeros for a word
        the table lacks, or no word (a verb without an object)."""
        if token is not None:
            row = self.index.get(token.lower_)
            if row is None:
                row = self.index.get(token.lemma_.lower())
            if row is not None:
                return self.table[row]
        return np.zeros(self.width, dtype=np.float32)


def read_vectors(folder) -> WordVectors:
    """The table in a folder (a Path or an importlib Traversable), checked for shape."""
    try:
        meta = json.loads(folder.joinpath(FILES[0]).read_text(encoding="utf-8"))
        with folder.joinpath(FILES[1]).open("rb") as handle:
            table = np.load(handle, allow_pickle=False)
        words, dims = list(meta["words"]), meta["dims"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelError(f"word vectors not readable in {folder} ({err!r}); reinstall sitrep or run "
                         "scripts/build_word_vectors.py") from err
    if table.ndim != 2 or table.shape != (len(words), dims):
        raise ModelError(f"word vectors in {folder}: {table.shape} rows for {len(words)} words of "
                         f"{dims} dimensions; rerun scripts/build_word_vectors.py")
    return WordVectors({w: n for n, w in enumerate(words)}, table.astype(np.float32))


@cache
def word_vectors() -> WordVectors:
    """The shipped table."""
    return read_vectors(resources.files(__package__).joinpath("model"))
