"""Agreement of two labellings of the same training sentences, scored as `sitrep eval events`
scores the coder: each side's preferred values against the other's acceptable ones.

    .venv/bin/python scripts/events_agreement.py training/events/agreement/second.jsonl
    .venv/bin/python scripts/events_agreement.py LABELS.jsonl --first ../shared/data/events-dev/events-dev.jsonl

The second labelling (training/events/agreement/second.jsonl) was made blind, from the
sentences of training/events/agreement/pool.jsonl (a seeded sample of 110 labelled sentences
with events and 50 without); the first is the one in training/events/labelled, or the file
given as --first (events-dev's own labels, to see how far the team's labelling process sits from
them: such labels of events-dev sentences are for this comparison only, never for training).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.eval.events import Predicted, Sentence, load, score  # noqa: E402

LABELLED = ROOT / "training" / "events" / "labelled"


def first_labels(second: Path, files: list[Path]) -> list[Sentence]:
    """The first labels (in `files`) of the sentences the second labelling holds, in its order."""
    by_place = {}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_place[(record["doc"], record["start"], record["end"])] = line
    wanted = [json.loads(line) for line in second.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "first.jsonl"
        path.write_text("".join(by_place[(r["doc"], r["start"], r["end"])] + "\n" for r in wanted), encoding="utf-8")
        return load(path)


def as_predictions(sentences: list[Sentence]) -> list[list[Predicted]]:
    return [[Predicted(e.actions[0], e.actors[0] if e.actors else None, list(e.targets), e.modalities[0],
                       e.negated, e.trigger) for e in s.events] for s in sentences]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("second", type=Path, nargs="+")
    parser.add_argument("--first", type=Path, help="the first labelling (default: training/events/labelled)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        joined = Path(folder) / "second.jsonl"
        joined.write_text("".join(p.read_text(encoding="utf-8") for p in args.second), encoding="utf-8")
        second = load(joined)
        first = first_labels(joined, [args.first] if args.first else sorted(LABELLED.glob("*.jsonl")))
    print(f"{len(first)} sentences; events: first {sum(len(s.events) for s in first)}, "
          f"second {sum(len(s.events) for s in second)}")
    for name, gold, other in (("first as gold", first, second), ("second as gold", second, first)):
        ratios = score(gold, as_predictions(other)).ratios()
        print(f"{name:15} " + "  ".join(f"{k} {v:.3f}" for k, v in ratios.items()))


if __name__ == "__main__":
    main()
