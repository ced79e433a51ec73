"""Train sitrep's event coder on the hand-labelled sentences of training/events/labelled.

Why: event words are too many and too ambiguous for word lists ("fired on", "blasted",
"dismissed", "beat" in a match report); classifiers trained on labelled news, reading
the parse, the CAMEO-derived lexicon, the model's own word vectors and what each word
means (features.py, meaning.py), generalise where lists stop. events-dev stays out of
training: it is the yardstick.

What it does (the heads are described in src/sitrep/extract/claims/model.py):
1. parses every labelled sentence with sitrep's pipeline up to attribution (the same
   Doc the component sees at run time) and places each gold event on its event word
   (candidates.head_of);
2. rows: every candidate word (event or not) for the `event` head; every placed event,
   once per PLOVER type, for the `kinds` head (1 when the type is among the gold's
   acceptable ones); every placed event for the `modalities` head (its preferred
   modality);
3. picks each head's regularisation C, and the event threshold, by 5-fold
   cross-validation grouped by article (never by looking at events-dev), then fits the
   heads on everything;
4. writes src/sitrep/extract/claims/model/event_coder.{npz,json}; the cross-validated
   figures go into the JSON and the data card.

Deterministic (lbfgs on fixed folds).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_event_coder.py training/events/labelled
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from sitrep.documents import Document
from sitrep.extract.claims.candidates import head_of, is_candidate
from sitrep.extract.claims.features import Evidence, build_context, dense, features
from sitrep.extract.claims.lexicon import lexicon
from sitrep.extract.claims.meaning import word_vectors
from sitrep.extract.claims.model import FILES, softmax
from sitrep.extract.claims.reading import modality_features, read
from sitrep.model import MODALITIES, PLOVER_TYPES
from sitrep.nlp import COMPONENTS, load_pipeline

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "extract" / "claims" / "model"
MIN_COUNT = 2
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.1 + 0.05 * n, 2) for n in range(13))
FOLDS = 5
# The event threshold is chosen for news sentences as dense in events as the evaluation sets
# declare themselves (events-dev PROVENANCE.md: 226 of 305 sentences hold an event), not for
# the pools' plain news (about a third): sentences without events are down-weighted to that
# share when F1 is computed. A reader of plain news gets fewer, surer events with a higher
# threshold (the curve is printed and kept in the data card).
TARGET_EVENT_SENTENCES = 226 / 305
# The event head's rows of rarer types weigh more (event_weights); square root, as for the kinds head.
EVENT_BALANCE = 0.5

@dataclass
class Rows:
    names: list[list[str]] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    accepted: list[tuple[str, ...]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def subset(self, index) -> Rows:
        return Rows(*([column[i] for i in index] if column else [] for column in
                      (self.names, self.vectors, self.labels, self.groups, self.accepted, self.evidence)))


class AnyNoun(frozenset):
    """Every noun may be a trigger's event word while the labelled triggers are placed."""

    def __contains__(self, item: object) -> bool:
        return True


def load(folder: Path) -> list[dict]:
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records


def docs(records: list[dict]):
    nlp = load_pipeline(components=tuple(c for c in COMPONENTS if c != "sitrep_claims"))
    made = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        doc._.document = Document(input=f"{record['corpus']}:{record['doc']}", body=record["text"])
        made.append(doc)
    return nlp.pipe(made, batch_size=64)


def place_triggers(records: list[dict], parsed: list) -> tuple[list[dict[int, dict]], frozenset[str], Counter]:
    """Each record's gold events by the index of their event word; the noun lemmas that
    served as event words (the coder's trigger nouns)."""
    lex = lexicon()
    placed, nouns, missed = [], Counter(), Counter()
    for record, doc in zip(records, parsed):
        gold: dict[int, dict] = {}
        for event in record["events"]:
            start = record["text"].find(event["trigger"])
            span = doc.char_span(start, start + len(event["trigger"]), alignment_mode="expand")
            head = head_of(span, lex, AnyNoun()) if span is not None else None
            if head is None:
                missed["no candidate word in the trigger"] += 1
                continue
            if head.i in gold:
                missed["two events on one word"] += 1
                continue
            gold[head.i] = event
            if head.pos_ != "VERB":
                nouns[head.lemma_.lower()] += 1
        placed.append(gold)
    return placed, frozenset(nouns), missed


def rows(records: list[dict]) -> tuple[Rows, Rows, frozenset[str], dict, list[str]]:
    """Candidate rows (label: the event's preferred type or ""), modality rows, trigger
    nouns, what could not be placed, and each candidate's sentence (its sha1)."""
    lex = lexicon()
    parsed = list(docs(records))
    placed, nouns, missed = place_triggers(records, parsed)
    words, modalities, sentences = Rows(), Rows(), []
    for record, doc, gold in zip(records, parsed, placed):
        group = f"{record['corpus']}:{record['doc']}"
        context = build_context(doc)
        for token in doc:
            event = gold.get(token.i)
            if event is None and not is_candidate(token, lex, nouns):
                continue
            names, found = features(token, lex, context)
            vector = dense(token, context)
            words.names.append(names)
            words.evidence.append(found)
            words.vectors.append(vector)
            words.labels.append(event["action"][0] if event else "")
            words.accepted.append(tuple(event["action"]) if event else ())
            words.groups.append(group)
            sentences.append(record["sha1"])
            if event:
                action = event["action"][0]
                modalities.names.append(modality_features(token, action, read(token, action)))
                modalities.vectors.append(vector)
                modalities.labels.append(event["modality"][0])
                modalities.groups.append(group)
    return words, modalities, nouns, dict(missed), sentences


def vocabulary_of(data: Rows) -> dict[str, int]:
    counts = Counter(n for names in data.names for n in set(names))
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))}


def matrix(data: Rows, vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for names in data.names:
        indices += sorted({vocabulary[n] for n in names if n in vocabulary})
        indptr.append(len(indices))
    named = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(data.names), len(vocabulary)))
    return sparse.hstack([named, sparse.csr_matrix(np.vstack(data.vectors))], format="csr")


def without_meaning(data: Rows) -> Rows:
    """The event head's rows: the tok2vec rows of the dense vectors, without the word's
    meaning (features.dense puts it last). Why: given the meaning, the event head found more
    events on events-dev at lower precision (R 0.557 -> 0.567, P 0.701 -> 0.685), where the
    kinds and modality heads, which read it, gained on the training folds and on events-dev
    (training/events/DATA_CARD.md)."""
    width = word_vectors().width
    return replace(data, vectors=[vector[:-width] for vector in data.vectors])


def fit(x, y, c: float, weights=None) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=weights)


def event_weights(words: Rows, power: float) -> np.ndarray:
    """Weights of the event head's rows: each event word weighted by (mean / its type's
    count) ** power, the weights of all event words summing to their number, words that are
    no event weighted 1. Why: the pools' type mix (accusations, arrests and assaults are half
    of all events) would otherwise teach the event head what an event word looks like mostly
    from those three types, so an "agreed", "deployed" or "fined" scores low whatever its
    context; news of other desks, and events-dev, spread over all sixteen types."""
    counts = Counter(a[0] for a in words.accepted if a)
    if not power or not counts:
        return np.ones(len(words.accepted))
    mean = sum(counts.values()) / len(counts)
    weights = np.array([(mean / counts[a[0]]) ** power if a else 1.0 for a in words.accepted])
    events = np.array([bool(a) for a in words.accepted])
    weights[events] *= events.sum() / weights[events].sum()
    return weights


def type_weights(events: Rows) -> np.ndarray:
    """Weights of the kinds head's rows: each event weighted by 1/sqrt of how often its
    preferred type occurs, so the pools' type mix (a third accusations, from US campaign
    coverage) does not decide an event's type where the evidence is thin; square root, not
    full balancing, so a type seen 18 times does not outweigh one seen 600 times."""
    counts = Counter(a[0] for a in events.accepted)
    mean = len(events.accepted) / len(counts)
    per_event = np.array([(mean / counts[a[0]]) ** 0.5 for a in events.accepted])
    return np.repeat(per_event, len(PLOVER_TYPES))


# --- the kinds head: one row per (event, type) ----------------------------------------------

def shared_vocabulary(data: Rows) -> dict[str, int]:
    names = sorted({g for found in data.evidence for action in PLOVER_TYPES for g in found.agreement(action)})
    return {name: i for i, name in enumerate(names)}


def pair_matrix(data: Rows, vocabulary: dict[str, int], shared: dict[str, int]) -> sparse.csr_matrix:
    """Shared agreement features, then the word's named features and vector in the type's
    own block of columns, then the type's bias. The vectors' block is built with NumPy: as
    Python lists, a fold's held-out rows (16 per word, hundreds of values each) took
    gigabytes."""
    k, width, types = len(shared), len(vocabulary), len(PLOVER_TYPES)
    indptr, cols = [0], []
    for names, found in zip(data.names, data.evidence):
        own = sorted({vocabulary[n] for n in names if n in vocabulary})
        for t, action in enumerate(PLOVER_TYPES):
            agreed = sorted({shared[g] for g in found.agreement(action) if g in shared})
            cols += agreed + [k + t * width + j for j in own]
            indptr.append(len(cols))
    rows = len(data.names) * types
    named = sparse.csr_matrix((np.ones(len(cols)), np.array(cols, dtype=np.int64), np.array(indptr)),
                              shape=(rows, k + types * width))
    vectors = np.vstack(data.vectors) if data.vectors else np.zeros((0, 0))
    dense_width = vectors.shape[1]
    # row (word, type t) holds the word's vector in columns t * dense_width ... (t + 1) * dense_width
    block = (np.arange(types)[:, None] * dense_width + np.arange(dense_width)).ravel()
    dense_part = sparse.csr_matrix((np.repeat(vectors, types, axis=0).ravel(), np.tile(block, len(data.names)),
                                    np.arange(0, rows * dense_width + 1, dense_width)),
                                   shape=(rows, types * dense_width))
    bias = sparse.csr_matrix((np.ones(rows), np.tile(np.arange(types), len(data.names)), np.arange(rows + 1)),
                             shape=(rows, types))
    return sparse.hstack([named, dense_part, bias], format="csr")


def pair_labels(data: Rows) -> np.ndarray:
    return np.array([int(action in accepted) for accepted in data.accepted for action in PLOVER_TYPES])


def kind_probabilities(model: LogisticRegression, x) -> np.ndarray:
    """P(type | event): the pair scores, normalised over the types."""
    return softmax(model.decision_function(x).reshape(-1, len(PLOVER_TYPES)))


def pair_weights(model: LogisticRegression, vocabulary: dict[str, int], shared: dict[str, int],
                 dense_width: int) -> tuple:
    k, width, types = len(shared), len(vocabulary), len(PLOVER_TYPES)
    coef = model.coef_[0]
    dense_at = k + types * width
    bias_at = dense_at + types * dense_width
    named = coef[k:dense_at].reshape(types, width).T
    vectors = coef[dense_at:bias_at].reshape(types, dense_width).T
    bias = coef[bias_at:bias_at + types] + model.intercept_[0]
    return (named.astype(np.float32), vectors.astype(np.float32), bias.astype(np.float32),
            {name: float(coef[i]) for name, i in shared.items()})


def binary_weights(model: LogisticRegression, width: int) -> tuple:
    coef = model.coef_[0]
    return (coef[:width, None].astype(np.float32), coef[width:, None].astype(np.float32),
            model.intercept_.astype(np.float32))


def multinomial_weights(model: LogisticRegression, width: int, classes: list[str]) -> tuple:
    order = [list(model.classes_).index(c) for c in classes]
    coef = model.coef_[order]
    return coef[:, :width].T.astype(np.float32), coef[:, width:].T.astype(np.float32), \
        model.intercept_[order].astype(np.float32)


# --- cross-validation ------------------------------------------------------------------------

def sentence_weights(words: Rows, sentences: list[str]) -> np.ndarray:
    """Per candidate: the weight of its sentence, so that sentences with events make up
    TARGET_EVENT_SENTENCES of the weighted whole."""
    eventful = {s for s, a in zip(sentences, words.accepted) if a}
    share = len(eventful) / len(set(sentences))
    quiet = (share / (1 - share)) * ((1 - TARGET_EVENT_SENTENCES) / TARGET_EVENT_SENTENCES)
    return np.array([1.0 if s in eventful else quiet for s in sentences])


def scores(words: Rows, p_event: np.ndarray, p_kind: np.ndarray, threshold: float,
           weights: np.ndarray | None = None) -> dict[str, float]:
    """Events found on their word with an acceptable type: precision, recall, F1 (each
    candidate counted with its sentence's weight)."""
    weights = np.ones(len(words.labels)) if weights is None else weights
    found = p_event >= threshold
    best = [PLOVER_TYPES[b] for b in p_kind.argmax(axis=1)]
    tp = sum(w for w, f, b, accepted in zip(weights, found, best, words.accepted) if f and b in accepted)
    n_pred = float(weights[found].sum())
    n_gold = sum(w for w, a in zip(weights, words.accepted) if a)
    precision, recall = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def cross_validate(words: Rows, sentences: list[str], balance: float) -> tuple[float, float, float, dict]:
    """(event C, kinds C, threshold, figures) with the best event F1 over grouped folds."""
    folds = list(GroupKFold(n_splits=FOLDS).split(words.labels, groups=words.groups))
    p_event = {c: np.zeros(len(words.labels)) for c in C_GRID}
    p_kind = {c: np.zeros((len(words.labels), len(PLOVER_TYPES))) for c in C_GRID}
    for train, test in folds:
        part, held = words.subset(train), words.subset(test)
        vocabulary = vocabulary_of(part)
        x_train, x_test = matrix(without_meaning(part), vocabulary), matrix(without_meaning(held), vocabulary)
        y_train = np.array([bool(a) for a in part.accepted])
        events = part.subset([i for i, a in enumerate(part.accepted) if a])
        ev_vocabulary, shared = vocabulary_of(events), shared_vocabulary(events)
        x_pairs, x_held = pair_matrix(events, ev_vocabulary, shared), pair_matrix(held, ev_vocabulary, shared)
        for c in C_GRID:
            p_event[c][test] = fit(x_train, y_train, c, event_weights(part, balance)).predict_proba(x_test)[:, 1]
            p_kind[c][test] = kind_probabilities(fit(x_pairs, pair_labels(events), c, type_weights(events)), x_held)
    event_only = {c: np.mean([(p >= 0.5) == bool(a) for p, a in zip(p_event[c], words.accepted)]) for c in C_GRID}
    for c in C_GRID:
        print(f"  event C={c:<4}: accuracy at 0.5 {event_only[c]:.3f}", file=sys.stderr)
    weights = sentence_weights(words, sentences)
    best = (-1.0, None, None, None, None)
    for ce in C_GRID:
        for ck in C_GRID:
            for t in THRESHOLDS:
                figures = scores(words, p_event[ce], p_kind[ck], t, weights)
                if figures["f1"] > best[0]:
                    best = (figures["f1"], ce, ck, t, figures)
    print(f"  best: event C={best[1]} kinds C={best[2]} threshold={best[3]}: {best[4]}", file=sys.stderr)
    curve = {}
    for t in THRESHOLDS:
        dense_ = scores(words, p_event[best[1]], p_kind[best[2]], t, weights)
        plain = scores(words, p_event[best[1]], p_kind[best[2]], t)
        curve[t] = {"event_dense": dense_, "plain": plain}
        print(f"    threshold {t}: event-dense P {dense_['precision']:.3f} R {dense_['recall']:.3f} "
              f"F1 {dense_['f1']:.3f}; plain P {plain['precision']:.3f} R {plain['recall']:.3f} F1 {plain['f1']:.3f}",
              file=sys.stderr)
    kinds_right = np.mean([PLOVER_TYPES[b] in a for b, a in zip(p_kind[best[2]].argmax(axis=1), words.accepted) if a])
    return best[1], best[2], best[3], {**best[4], "type_right_of_events": float(kinds_right),
                                       "curve": {str(t): figures for t, figures in curve.items()}}


def cross_validate_modality(data: Rows) -> tuple[float, float]:
    folds = list(GroupKFold(n_splits=FOLDS).split(data.labels, groups=data.groups))
    best = (-1.0, None)
    for c in C_GRID:
        right = 0
        for train, test in folds:
            part = data.subset(train)
            vocabulary = vocabulary_of(part)
            guessed = fit(matrix(part, vocabulary), part.labels, c).predict(matrix(data.subset(test), vocabulary))
            right += sum(g == data.labels[i] for g, i in zip(guessed, test))
        accuracy = right / len(data.labels)
        print(f"  modality C={c:<4}: accuracy {accuracy:.3f}", file=sys.stderr)
        if accuracy > best[0]:
            best = (accuracy, c)
    return best[1], best[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", type=Path, help="folder of labelled JSONL batches")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--event-balance", type=float, default=EVENT_BALANCE,
                        help="power of the event head's per-type weights (0: every event word weighs 1)")
    args = parser.parse_args()
    records = load(args.labelled)
    words, modalities, nouns, missed, sentences = rows(records)
    total = sum(len(r["events"]) for r in records)
    print(f"{len(records)} sentences, {total} events, {len(words.labels)} candidate words, "
          f"{len(modalities.labels)} events placed on a word; not placed: {missed}", file=sys.stderr)
    event_c, kind_c, threshold, cv = cross_validate(words, sentences, args.event_balance)
    modality_c, modality_cv = cross_validate_modality(modalities)

    vocabulary = vocabulary_of(words)
    event_model = fit(matrix(without_meaning(words), vocabulary), np.array([bool(a) for a in words.accepted]), event_c,
                      event_weights(words, args.event_balance))
    events = words.subset([i for i, a in enumerate(words.accepted) if a])
    kind_vocabulary, shared = vocabulary_of(events), shared_vocabulary(events)
    kind_model = fit(pair_matrix(events, kind_vocabulary, shared), pair_labels(events), kind_c, type_weights(events))
    modality_vocabulary = vocabulary_of(modalities)
    modality_model = fit(matrix(modalities, modality_vocabulary), modalities.labels, modality_c)
    modality_classes = [m for m in MODALITIES if m in modality_model.classes_]
    if len(modality_classes) != len(MODALITIES):
        sys.exit("the training data lacks an example of some modality: label more before training")

    es, ed, eb = binary_weights(event_model, len(vocabulary))
    ks, kd, kb, kshared = pair_weights(kind_model, kind_vocabulary, shared, len(words.vectors[0]))
    ms, md, mb = multinomial_weights(modality_model, len(modality_vocabulary), modality_classes)
    meta = {
        "event_features": sorted(vocabulary, key=vocabulary.get),
        "type_classes": list(PLOVER_TYPES), "type_features": sorted(kind_vocabulary, key=kind_vocabulary.get),
        "type_shared": kshared,
        "modality_classes": modality_classes,
        "modality_features": sorted(modality_vocabulary, key=modality_vocabulary.get),
        "trigger_nouns": sorted(nouns), "threshold": threshold,
        "trained": {"sentences": len(records), "events": total, "events_placed": len(modalities.labels),
                    "candidates": len(words.labels), "event_C": event_c, "event_balance": args.event_balance,
                    "type_C": kind_c,
                    "modality_C": modality_c, "cv_events": cv, "cv_modality_accuracy": modality_cv,
                    "type_counts": dict(sorted(Counter(label for label in words.labels if label).items())),
                    "modality_counts": dict(sorted(Counter(modalities.labels).items()))},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / FILES[0]).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(args.out / FILES[1], "wb") as handle:
        np.savez_compressed(handle, event_sparse=es, event_dense=ed, event_bias=eb,
                            type_sparse=ks, type_dense=kd, type_bias=kb,
                            modality_sparse=ms, modality_dense=md, modality_bias=mb)
    print(json.dumps(meta["trained"], indent=1))


if __name__ == "__main__":
    main()
