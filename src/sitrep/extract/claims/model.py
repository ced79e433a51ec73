"""The trained event coder: linear classifiers over the features of features.py.

Three heads, trained by scripts/train_event_coder.py on the hand-labelled sentences of
training/events (see its DATA_CARD.md) and applied here with NumPy, so running the coder
needs no training library:
- `event`: is this candidate word an event word at all? One binary classifier over the
  word's named features and vector, trained on every labelled event of every type, so
  what makes a word an event ("police" as subject, an object that names a state, a coded
  CAMEO verb) is learnt once for all types.
- `kinds`: given an event, which PLOVER type? Each type scores the word with weights of
  its own (what the data taught about "arrest" or "fired on") plus weights shared by all
  types over the lexicon's agreement with it (features.Evidence), so what CAMEO knows of a
  rarely labelled type counts as much as training on the frequent ones showed it deserves.
  The scores are normalised over the 16 types.
- `modalities`: a multinomial classifier over the six modalities of a found event.
The dense vector (features.dense) holds the tok2vec rows first and the word's meaning last; a
head reads the first columns its weights cover, so the event head, trained without the
meaning, reads only the tok2vec rows (why: scripts/train_event_coder.py, `without_meaning`).
The weights ship in this folder (`event_coder.npz` + `event_coder.json`). A missing or
inconsistent model file is one clear error at start-up (ModelError), never a silent
fallback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from ...model import MODALITIES, PLOVER_TYPES

FILES = ("event_coder.json", "event_coder.npz")


class ModelError(RuntimeError):
    """The event coder's model files are missing or do not fit this code."""


@dataclass
class Linear:
    """Linear scores of rows of named features (unknown names count for nothing) and
    the first len(dense) columns of the dense vectors: [rows, classes]."""

    classes: list[str]
    vocabulary: dict[str, int]
    sparse: np.ndarray  # [features, classes]
    dense: np.ndarray   # [dense width, classes]
    bias: np.ndarray    # [classes]

    def scores(self, rows: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        scores = np.tile(self.bias, (len(rows), 1))
        known = [[self.vocabulary[f] for f in names if f in self.vocabulary] for names in rows]
        index = [i for row in known for i in row]
        if index:
            filled = [n for n, row in enumerate(known) if row]
            starts = np.cumsum([0] + [len(known[n]) for n in filled[:-1]])
            scores[filled] += np.add.reduceat(self.sparse[index], starts, axis=0)
        reads = self.dense.shape[0]
        if len(rows) and reads:
            if vectors.shape[1] < reads:
                raise ModelError(f"event coder: the model reads {reads} dense features, the code made "
                                 f"{vectors.shape[1]}; retrain it with scripts/train_event_coder.py")
            scores += vectors[:, :reads] @ self.dense
        return scores

    def probabilities(self, rows: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        """Softmax over the classes (a one-class head: the sigmoid of its score)."""
        scores = self.scores(rows, vectors)
        if scores.shape[1] == 1:
            return 1.0 / (1.0 + np.exp(-scores))
        return softmax(scores)


def softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class TypeScorer:
    """P(event) of each candidate word and P(type | event) over the 16 PLOVER types."""

    event: Linear
    kinds: Linear
    shared: dict[str, float]
    _by_evidence: dict = field(default_factory=dict, repr=False)  # Evidence -> its shared scores per type

    def shared_scores(self, found) -> np.ndarray:
        """What the lexicon's agreement adds to each type's score (the same Evidence recurs
        for every occurrence of a word, so it is computed once)."""
        if found not in self._by_evidence:
            self._by_evidence[found] = np.array(
                [sum(self.shared.get(g, 0.0) for g in found.agreement(action)) for action in self.kinds.classes],
                dtype=np.float32)
        return self._by_evidence[found]

    @property
    def types(self) -> list[str]:
        return self.kinds.classes

    def probabilities(self, rows: list[list[str]], evidence: list,
                      vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        events = self.event.probabilities(rows, vectors)[:, 0]
        scores = self.kinds.scores(rows, vectors)
        if len(evidence):
            scores += np.vstack([self.shared_scores(found) for found in evidence])
        return events, softmax(scores)


@dataclass
class EventModel:
    types: TypeScorer
    modalities: Linear
    trigger_nouns: frozenset[str]
    threshold: float
    meta: dict


def linear(meta: dict, arrays, prefix: str, classes: list[str]) -> Linear:
    vocabulary = {name: n for n, name in enumerate(meta[f"{prefix}_features"])}
    sparse, dense, bias = arrays[f"{prefix}_sparse"], arrays[f"{prefix}_dense"], arrays[f"{prefix}_bias"]
    if sparse.shape != (len(vocabulary), len(classes)) or bias.shape != (len(classes),) \
            or dense.shape[1:] != (len(classes),):
        raise ModelError(f"event coder: the {prefix} weights do not match their vocabulary; retrain it "
                         "with scripts/train_event_coder.py")
    return Linear(classes, vocabulary, sparse.astype(np.float32), dense.astype(np.float32), bias.astype(np.float32))


def build(meta: dict, arrays) -> EventModel:
    """An EventModel from the JSON metadata and the arrays, checked against the contract."""
    if meta["type_classes"] != list(PLOVER_TYPES) or sorted(meta["modality_classes"]) != sorted(MODALITIES):
        raise ModelError("event coder: its types or modalities are not the contract's; retrain it "
                         "with scripts/train_event_coder.py")
    return EventModel(
        types=TypeScorer(linear(meta, arrays, "event", ["EVENT"]), linear(meta, arrays, "type", list(PLOVER_TYPES)),
                         {name: float(w) for name, w in meta["type_shared"].items()}),
        modalities=linear(meta, arrays, "modality", meta["modality_classes"]),
        trigger_nouns=frozenset(meta["trigger_nouns"]),
        threshold=float(meta["threshold"]),
        meta=meta.get("trained", {}),
    )


def read_model(folder) -> EventModel:
    """The model in a folder (a Path or an importlib Traversable)."""
    try:
        meta = json.loads(folder.joinpath(FILES[0]).read_text(encoding="utf-8"))
        with folder.joinpath(FILES[1]).open("rb") as handle:
            arrays = dict(np.load(handle))
        return build(meta, arrays)
    except (OSError, ValueError) as err:
        raise ModelError(f"event coder model not readable in {folder} ({err}); reinstall sitrep or run "
                         "scripts/train_event_coder.py") from err
    except KeyError as err:
        raise ModelError(f"event coder model in {folder} lacks {err}; retrain it with "
                         "scripts/train_event_coder.py") from err


@cache
def load_model() -> EventModel:
    """The shipped model."""
    return read_model(resources.files(__package__).joinpath("model"))
