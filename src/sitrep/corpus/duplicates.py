"""Near-duplicates: MinHash signatures of word shingles, banded for LSH look-ups.

A wire copy, a syndicated version or a re-scrape with a changed caption line
has almost all its 5-word shingles in common with the original: the Jaccard
similarity of the shingle sets is high, and MinHash estimates it from 128
numbers per document. Banding (LSH) turns "who is similar to this?" into
equality look-ups on (band, key) pairs, which the store indexes, so finding a
document's candidates costs the same at 100 documents as at 100k.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
# One document is a copy of another when their shingle sets overlap this much (Jaccard)...
THRESHOLD = 0.8
# ...or when nearly all of the smaller one is inside the larger: a short article with an
# added caption or a trimmed tail is a copy even though its Jaccard similarity is lower.
CONTAINMENT = 0.9
# LSH retrieves candidates down to this similarity, so the containment test sees them.
CANDIDATE_THRESHOLD = 0.5
WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """Lower-cased word 5-grams (the whole text when it is shorter)."""
    words = WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


# The hashing scheme is pinned so stored signatures stay comparable across datasketch releases.
SCHEME = "affine64"


def fingerprint(text: str) -> tuple[MinHash, int]:
    """The MinHash signature of the text's shingles, and how many shingles it has."""
    found = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    minhash.update_batch(list(found))
    return minhash, len(found)


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


@lru_cache(maxsize=1)
def bands() -> tuple[int, int]:
    """(number of bands, rows per band) that datasketch finds best for CANDIDATE_THRESHOLD."""
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(minhash: MinHash) -> list[tuple[int, int]]:
    """(band, key) pairs: documents sharing any pair are candidate copies."""
    count, rows = bands()
    values = minhash.hashvalues.astype(np.uint64)
    keys = []
    for band in range(count):
        digest = hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two documents' shingle sets from their MinHash
    signatures' hash values (what MinHash.jaccard computes; stored signatures are bytes)."""
    return float(np.count_nonzero(a == b)) / len(a)


def is_copy(jaccard: float, size_a: int, size_b: int) -> bool:
    """Whether two documents with this estimated Jaccard similarity and these shingle
    counts are copies: similar overall, or the smaller nearly contained in the larger
    (|A∩B| = J(|A|+|B|)/(1+J), divided by the smaller size)."""
    if jaccard >= THRESHOLD:
        return True
    smaller = min(size_a, size_b)
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return smaller > 0 and shared / smaller >= CONTAINMENT
