"""A second, exhaustive pass over the event labels of the first training batches.

Why: the first briefs (`BRIEF-rare.txt`, `BRIEF-active.txt`) warned labellers only against
generous labels, and it shows: their batches hold 1.32 events per sentence with an event,
where events-dev's guidelines, applied to every event a sentence expresses, give 1.72; an
"agreed", "met" or "fined" left unlabelled there teaches the coder that such words are
rarely events. `BRIEF-review.txt` asks a reviewer to apply the guidelines in both
directions to sentences already labelled: add what is missing, correct or drop what is
wrong, keep the rest.

Which sentences: those of the first batches (not `world-*`, `uncertain-*`, labelled with
the later, two-sided brief) where some word that is no labelled event word is scored at
least `--min` as an event word by a coder trained without that sentence's article
(out-of-fold, the folds of train_event_coder.py): where a missed event most probably is.
The reviewers never see these scores; they review every event of each sentence.

    python scripts/events_review.py cut training/events/labelled training/events/review/pool
    python scripts/events_review.py merge training/events/review/done training/events/labelled

The second pass (`review2/`, 2026-12-08) took the batches the first left out, labelled with the
later briefs, which still hold fewer events per sentence with an event than events-dev (1.1-1.4
against 1.72), and skipped every sentence the first pass reviewed:

    python scripts/events_review.py cut training/events/labelled training/events/review2/pool \
        --pools world- uncertain- tail- active5- --skip training/events/review/done

`merge` replaces each reviewed record in its batch (matched on corpus, doc, start, end and
sha1); the review files stay as the record of what was reviewed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_event_coder as trainer  # noqa: E402

LATER_BRIEF = ("world-", "uncertain-")
SEED = 20261207
KEY = ("corpus", "doc", "start", "end", "sha1")


def batches(folder: Path) -> dict[str, list[dict]]:
    return {path.stem: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            for path in sorted(folder.glob("*.jsonl"))}


def out_of_fold_event_scores(words: trainer.Rows, c: float) -> np.ndarray:
    """P(event) of every candidate word from a coder trained on the other folds' articles."""
    labels = np.array([bool(a) for a in words.accepted])
    scores = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=trainer.FOLDS).split(labels, groups=words.groups):
        part, held = words.subset(train), words.subset(test)
        vocabulary = trainer.vocabulary_of(part)
        model = trainer.fit(trainer.matrix(part, vocabulary), labels[train], c)
        scores[test] = model.predict_proba(trainer.matrix(held, vocabulary))[:, 1]
    return scores


def suspects(records: list[dict], minimum: float, c: float) -> set[str]:
    """sha1 of the sentences holding an unlabelled word scored >= minimum."""
    words, _, _, _, sentences = trainer.rows(records)
    scores = out_of_fold_event_scores(words, c)
    return {s for s, accepted, p in zip(sentences, words.accepted, scores) if not accepted and p >= minimum}


def cut(labelled: Path, out: Path, minimum: float, size: int, c: float, pools: tuple[str, ...] | None,
        skip: list[Path]) -> None:
    by_batch = batches(labelled)
    records = [r for records in by_batch.values() for r in records]
    chosen = suspects(records, minimum, c)
    done = {tuple(r[k] for k in KEY) for folder in skip for rs in batches(folder).values() for r in rs}
    wanted = (lambda name: name.startswith(pools)) if pools else (lambda name: not name.startswith(LATER_BRIEF))
    pool = [r for name, records in by_batch.items() if wanted(name)
            for r in records if r["sha1"] in chosen and tuple(r[k] for k in KEY) not in done]
    random.Random(SEED).shuffle(pool)
    out.mkdir(parents=True, exist_ok=True)
    count = -(-len(pool) // size)
    for n in range(count):
        part = pool[n::count]
        (out / f"review-{n + 1:02d}.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
    print(f"{len(pool)} sentences to review, in {count} files", file=sys.stderr)


def merge(done: Path, labelled: Path) -> None:
    reviewed = {tuple(r[k] for k in KEY): r for records in batches(done).values() for r in records}
    changed = 0
    for name, records in batches(labelled).items():
        new = [reviewed.get(tuple(r[k] for k in KEY), r) for r in records]
        changed += sum(a["events"] != b["events"] for a, b in zip(records, new))
        if new != records:
            (labelled / f"{name}.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new), encoding="utf-8")
    print(f"{len(reviewed)} reviewed sentences, {changed} with changed events", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    cutting = commands.add_parser("cut", help="pick the sentences to review and cut them into files")
    cutting.add_argument("labelled", type=Path)
    cutting.add_argument("out", type=Path)
    cutting.add_argument("--min", type=float, default=0.1, help="out-of-fold P(event) of an unlabelled word")
    cutting.add_argument("--size", type=int, default=260, help="sentences per review file")
    cutting.add_argument("--C", type=float, default=0.3, help="the event head's regularisation (the shipped one's)")
    cutting.add_argument("--pools", nargs="+", help="batch-name prefixes to review (default: the first batches)")
    cutting.add_argument("--skip", type=Path, nargs="+", default=[],
                         help="folders of reviewed files whose sentences are not cut again")
    merging = commands.add_parser("merge", help="put reviewed records back into their batches")
    merging.add_argument("done", type=Path)
    merging.add_argument("labelled", type=Path)
    args = parser.parse_args()
    if args.command == "cut":
        cut(args.labelled, args.out, args.min, args.size, args.C, tuple(args.pools) if args.pools else None, args.skip)
    else:
        merge(args.done, args.labelled)


if __name__ == "__main__":
    main()
