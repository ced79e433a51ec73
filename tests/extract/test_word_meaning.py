"""The table of word meanings loads, means what it says, and fails loudly when broken."""

from __future__ import annotations

import json

import numpy as np
import pytest
from spacy.tokens import Doc

from sitrep.extract.claims.meaning import FILES, read_vectors, word_vectors
from sitrep.extract.claims.model import ModelError

def _cosine(a: str, b: str) -> float:
    table = word_vectors()
    return float(table.table[table.index[a]] @ table.table[table.index[b]])


def test_the_shipped_table_holds_unit_vectors_for_tens_of_thousands_of_words():
    table = word_vectors()
    assert len(table.index) > 20000 and table.width >= 32
    norms = np.linalg.norm(table.table, axis=1)
    assert np.allclose(norms, 1.0, atol=0.01)


@pytest.mark.parametrize(("word", "kin", "stranger"), [
    ("fined", "penalize", "praised"),
    ("kidnapped", "abducted", "endorsed"),
    ("invaded", "attacked", "praised"),
    ("protested", "rallied", "fined"),
])
def test_words_of_one_sense_lie_nearer_than_words_of_another(word, kin, stranger):
    """A table whose rows were shifted against its words, or built from an untrained model,
    fails these."""
    assert _cosine(word, kin) > _cosine(word, stranger) + 0.1


def test_a_word_is_looked_up_as_written_then_by_its_lemma_else_it_means_nothing(nlp):
    table = word_vectors()
    doc = Doc(nlp.vocab, words=["Fined", "zzqx", "qqzx"], lemmas=["fine", "fine", "qqzx"])
    as_written, by_lemma, unknown = (table.of(token) for token in doc)
    assert np.array_equal(as_written, table.table[table.index["fined"]])
    assert np.array_equal(by_lemma, table.table[table.index["fine"]])
    assert not unknown.any() and not table.of(None).any()



def test_a_missing_table_is_one_error_saying_what_to_do(model_copy):
    (model_copy / FILES[1]).unlink()
    with pytest.raises(ModelError, match="not readable.*build_word_vectors"):
        read_vectors(model_copy)


def test_a_table_that_does_not_fit_its_words_is_refused(model_copy):
    meta = json.loads((model_copy / FILES[0]).read_text(encoding="utf-8"))
    meta["words"] = meta["words"][:-1]
    (model_copy / FILES[0]).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="rows for .* words"):
        read_vectors(model_copy)


def test_a_word_list_that_is_no_object_is_one_error_not_a_traceback(model_copy):
    (model_copy / FILES[0]).write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(ModelError, match="not readable.*build_word_vectors"):
        read_vectors(model_copy)
