"""The benchmark metric on small texts whose shingle counts can be worked out by hand."""

from __future__ import annotations

import pytest

from sitrep.eval.shingles import page_counts, score, shingles, tokens

TRUTH = "Three people have died during protests in Bolivia."  # 8 tokens -> 5 shingles


def test_tokens_are_word_runs():
    assert tokens("U.S.-led talks, 2019") == ["U", "S", "led", "talks", "2019"]
    assert tokens(None) == []


def test_short_text_is_one_shorter_shingle_and_empty_text_none():
    assert shingles("Meth. We're") == {("Meth", "We", "re"): 1}
    assert shingles("") == {}


def test_exact_prediction_is_perfect():
    c = page_counts(TRUTH, TRUTH)
    assert (c.tp, c.fp, c.fn) == (1.0, 0.0, 0.0)
    s = score([c])
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_extra_and_missing_shingles_are_shares_of_the_page():
    # prediction: the truth's last 6 tokens plus 2 extra, 5 shingles: 3 shared with the truth's 5,
    # 2 of the truth's missing ("Three people have died", "people have died during"), 2 extra
    pred = "have died during protests in Bolivia. Share this"
    c = page_counts(TRUTH, pred)
    assert c.tp == pytest.approx(3 / 7) and c.fn == pytest.approx(2 / 7) and c.fp == pytest.approx(2 / 7)
    s = score([c])
    assert s.precision == pytest.approx(3 / 5) and s.recall == pytest.approx(3 / 5)


def test_empty_prediction_counts_in_recall_only():
    full, empty = page_counts(TRUTH, TRUTH), page_counts(TRUTH, "")
    s = score([full, empty])
    assert s.precision == 1.0          # the empty page is not in the precision mean
    assert s.recall == 0.5             # but it is in the recall mean, as zero
    assert s.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_pages_weigh_the_same_whatever_their_length():
    long_truth = " ".join([TRUTH] * 50)
    half = " ".join([TRUTH] * 25)
    s = score([page_counts(long_truth, half), page_counts(TRUTH, TRUTH)])
    assert s.recall == pytest.approx((page_counts(long_truth, half).tp
                                      / (page_counts(long_truth, half).tp + page_counts(long_truth, half).fn)
                                      + 1.0) / 2)
    assert s.recall < 1.0 and s.precision == 1.0
