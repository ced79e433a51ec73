"""Validate labels.jsonl against items.jsonl (stdlib only) and print counts.

Errors (exit status 1): an item not labelled, labelled twice, or a label for no item; bad keys or
types; source offsets out of range or not spelling the item's pronoun in the article; an empty
referent on a label not marked unclear; a referent_mention that does not occur in the article
before source_start.

Run: /work/main/.venv/bin/python check.py
"""
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXT = Path("/work/shared/data/attribution-polnear/train/text")
REQUIRED = {"article", "source_start", "referent", "referent_mentions", "unclear"}
OPTIONAL = {"note"}


def main():
    errors = []
    items = {}
    for n, line in enumerate(open(HERE / "items.jsonl", encoding="utf-8"), 1):
        r = json.loads(line)
        key = (r["article"], r["source_start"])
        if key in items:
            errors.append(f"items line {n}: duplicate item {key}")
        items[key] = r
    texts = {}
    labelled = collections.Counter()
    unclear = collections.Counter()
    no_mention = 0
    for n, line in enumerate(open(HERE / "labels.jsonl", encoding="utf-8"), 1):
        r = json.loads(line)
        key = (r.get("article"), r.get("source_start"))
        where = f"labels line {n} {key}"
        if not REQUIRED <= set(r) or set(r) - REQUIRED - OPTIONAL:
            errors.append(f"{where}: keys {sorted(r)}")
            continue
        if key not in items:
            errors.append(f"{where}: no such item")
            continue
        labelled[key] += 1
        if labelled[key] > 1:
            errors.append(f"{where}: labelled twice")
        item = items[key]
        if key[0] not in texts:
            texts[key[0]] = (TEXT / f"{key[0]}.txt").read_text(encoding="utf-8")
        text = texts[key[0]]
        s, e = item["source_start"], item["source_end"]
        if not (0 <= s < e <= len(text)) or text[s:e] != item["pronoun"]:
            errors.append(f"{where}: offsets {s}-{e} do not spell {item['pronoun']!r}")
        c0 = item["context_offset"]
        if text[c0:c0 + len(item["context"])] != item["context"]:
            errors.append(f"{where}: context does not match the article at {c0}")
        if not isinstance(r["unclear"], bool):
            errors.append(f"{where}: unclear must be true or false")
        if not isinstance(r["referent"], str) or not isinstance(r["referent_mentions"], list):
            errors.append(f"{where}: referent must be a string, referent_mentions a list")
            continue
        if not r["unclear"] and not r["referent"].strip():
            errors.append(f"{where}: empty referent on a label not marked unclear")
        if "note" in r and not isinstance(r["note"], str):
            errors.append(f"{where}: note must be a string")
        if not r["referent_mentions"]:
            no_mention += 1
        for m in r["referent_mentions"]:
            if not isinstance(m, str) or not m.strip():
                errors.append(f"{where}: empty or non-string mention {m!r}")
            elif m not in text[:s]:
                errors.append(f"{where}: mention {m!r} not in the article before {s}")
        if r["unclear"]:
            unclear[item["pronoun"].lower()] += 1
    for key in items:
        if not labelled[key]:
            errors.append(f"item {key} not labelled")

    by_pronoun = collections.Counter(it["pronoun"].lower() for it in items.values())
    print(f"items {len(items)}, labelled {sum(1 for k in items if labelled[k])}, "
          f"articles {len({k[0] for k in items})}, unclear {sum(unclear.values())}, "
          f"labels with no mention before the pronoun {no_mention}")
    for p, c in by_pronoun.most_common():
        print(f"  {p:6} {c:4}  unclear {unclear[p]}")
    for err in errors:
        print("ERROR", err)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
