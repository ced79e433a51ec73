"""The shipped event coder loads, fits the contract, and fails loudly when broken."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sitrep.extract.claims import model as event_model
from sitrep.extract.claims.component import ClaimCoder
from sitrep.extract.claims.model import FILES, ModelError, read_model
from sitrep.model import MODALITIES, PLOVER_TYPES

def test_the_shipped_model_knows_the_contracts_types_and_modalities():
    model = event_model.load_model()
    assert model.types.types == list(PLOVER_TYPES)
    assert sorted(model.modalities.classes) == sorted(MODALITIES)
    assert 0.0 < model.threshold < 1.0
    assert model.meta["events"] > 1000 and model.meta["sentences"] > 3000



def test_a_missing_file_is_one_error_saying_what_to_do(model_copy):
    (model_copy / FILES[1]).unlink()
    with pytest.raises(ModelError, match="not readable.*train_event_coder"):
        read_model(model_copy)


def test_types_that_are_not_the_contracts_are_refused(model_copy):
    meta = json.loads((model_copy / FILES[0]).read_text(encoding="utf-8"))
    meta["type_classes"] = [t if t != "ASSAULT" else "FIGHT" for t in meta["type_classes"]]
    (model_copy / FILES[0]).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="not the contract's"):
        read_model(model_copy)


def test_weights_that_do_not_fit_their_vocabulary_are_refused(model_copy):
    arrays = dict(np.load(model_copy / FILES[1]))
    arrays["event_sparse"] = arrays["event_sparse"][:-1]
    with open(model_copy / FILES[1], "wb") as handle:
        np.savez_compressed(handle, **arrays)
    with pytest.raises(ModelError, match="event weights do not match"):
        read_model(model_copy)


def test_a_model_for_other_vectors_stops_the_pipeline_at_start_up(model_copy, monkeypatch, nlp):
    arrays = dict(np.load(model_copy / FILES[1]))
    arrays["type_dense"] = arrays["type_dense"][:96]
    with open(model_copy / FILES[1], "wb") as handle:
        np.savez_compressed(handle, **arrays)
    monkeypatch.setattr("sitrep.extract.claims.component.load_model", lambda: read_model(model_copy))
    with pytest.raises(ModelError, match="type head reads 96 dense features"):
        ClaimCoder(nlp)


def test_the_event_head_reads_the_tok2vec_rows_and_the_others_the_words_meaning_too(nlp):
    """The event head was trained without the word's meaning (it cost precision), the type and
    modality heads with it: their dense weights cover the tok2vec rows, or all of dense()."""
    from sitrep.extract.claims.features import DENSE_PARTS, dense_width

    model = event_model.load_model()
    tok2vec = nlp.get_pipe("tok2vec").model.get_dim("nO")
    assert model.types.event.dense.shape[0] == tok2vec * DENSE_PARTS
    assert model.types.kinds.dense.shape[0] == model.modalities.dense.shape[0] == dense_width(tok2vec)


def test_a_head_reads_the_first_columns_its_weights_cover():
    head = event_model.Linear(["EVENT"], {"lemma=fine": 0}, np.array([[1.0]], dtype=np.float32),
                              np.array([[2.0], [3.0]], dtype=np.float32), np.array([0.5], dtype=np.float32))
    vectors = np.array([[1.0, 1.0, 100.0]], dtype=np.float32)
    assert head.scores([["lemma=fine"]], vectors)[0, 0] == pytest.approx(1.0 + 2.0 + 3.0 + 0.5)
    with pytest.raises(ModelError, match="reads 2 dense features, the code made 1"):
        head.scores([["lemma=fine"]], vectors[:, :1])
