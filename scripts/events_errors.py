"""Where the claim layer's misses and false events on an events-dev style file come from, in
the buckets `sitrep eval events` cannot show: nothing predicted on the event's words, the type
wrong, or the actor disagreeing (a wrong actor costs a miss and a false event at once).

    .venv/bin/python scripts/events_errors.py [../shared/data/events-dev/events-dev.jsonl] [--list]

A prediction and a gold event are "at the same words" when one trigger holds the other (the
test the eval's matching uses to prefer a pair). Development data: read the listing to find
kinds of error, never to write a rule for one sentence (training/events/DATA_CARD.md).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.eval.events import GoldEvent, Predicted, load, match, sitrep_predictions  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "events-dev" / "events-dev.jsonl"


def same_words(p: Predicted, g: GoldEvent) -> bool:
    a, b = p.trigger.casefold(), g.trigger.casefold()
    return bool(a) and (a in b or b in a)


def bucket(kind: str, here: list[tuple[Predicted, GoldEvent]]) -> str:
    """Why an unmatched prediction or gold event found no partner."""
    if not here:
        return f"{kind}: nothing at its words"
    if any(p.action in g.actions for p, g in here):
        return f"{kind}: type right, actor disagrees"
    return f"{kind}: type wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--list", action="store_true", help="print each error under its bucket")
    args = parser.parse_args()
    sentences = load(args.path)
    counts: Counter = Counter()
    listed: list[tuple[str, str]] = []
    for sentence, predicted in zip(sentences, sitrep_predictions(sentences)):
        counted = [p for p in predicted if sentence.events or not p.negated]
        pairs = match(counted, sentence.events)
        paired_predictions, paired_gold = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, p in enumerate(counted):
            if i not in paired_predictions:
                name = bucket("false event", [(p, g) for g in sentence.events if same_words(p, g)])
                counts[name] += 1
                listed.append((name, f"{p.trigger} -> {p.action} by {p.actor} | {sentence.text[:140]}"))
        for j, g in enumerate(sentence.events):
            if j not in paired_gold:
                name = bucket("missed event", [(p, g) for p in counted if same_words(p, g)])
                counts[name] += 1
                listed.append((name, f"{g.trigger} = {'/'.join(g.actions)} by {'; '.join(g.actors) or '-'} | "
                                     f"{sentence.text[:140]}"))
    for name, n in sorted(counts.items()):
        print(f"{n:5d}  {name}")
    if args.list:
        for name, line in sorted(listed):
            print(f"{name}: {line}")


if __name__ == "__main__":
    main()
