"""The article-body metric of the Scrapinghub/Zyte article-extraction benchmark.

Follows that benchmark's evaluate.py (github.com/scrapinghub/article-extraction-benchmark,
MIT): text is split into `\\w+` tokens; each page is a multiset of word 4-gram
shingles (a text shorter than four tokens is one shorter shingle, an empty text
has none); true/false positives and false negatives are counted per page and
normalised by their sum, so a long page weighs no more than a short one.
Precision is averaged over the pages that predicted anything, recall over the
pages whose truth has anything, and F1 is taken from the two means. Written
anew for sitrep so the published figures and ours are measured the same way.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

NGRAM = 4
TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class PageCounts:
    """One page's shingle matches, normalised to sum to 1 (all zero when both texts are empty)."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int


def tokens(text: Optional[str]) -> list[str]:
    """The benchmark's tokens: runs of word characters (None counts as empty)."""
    return TOKEN.findall(text or "")


def shingles(text: Optional[str], n: int = NGRAM) -> Counter:
    """Word n-gram multiset; a short text still yields its one (shorter) shingle."""
    words = tokens(text)
    if not words:
        return Counter()
    last = max(1, len(words) - n + 1)
    return Counter(tuple(words[i:i + n]) for i in range(last))


def page_counts(true: Optional[str], pred: Optional[str]) -> PageCounts:
    """Matched, extra and missing shingles of one page, as shares of their total."""
    want, got = shingles(true), shingles(pred)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def _precision(c: PageCounts) -> float:
    """Per-page precision with the benchmark's edge cases (nothing wrong -> 1)."""
    if c.fp == c.fn == 0:
        return 1.0
    if c.tp == c.fp == 0:
        return 0.0
    return c.tp / (c.tp + c.fp)


def _recall(c: PageCounts) -> float:
    """Per-page recall with the benchmark's edge cases (nothing wrong -> 1)."""
    if c.fp == c.fn == 0:
        return 1.0
    if c.tp == c.fn == 0:
        return 0.0
    return c.tp / (c.tp + c.fn)


def score(pages: Iterable[PageCounts]) -> Scores:
    """Mean precision (pages that predicted text), mean recall (pages with truth), F1 of the means."""
    pages = list(pages)
    precisions = [_precision(c) for c in pages if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in pages if c.tp + c.fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision=precision, recall=recall, f1=f1, pages=len(pages))
