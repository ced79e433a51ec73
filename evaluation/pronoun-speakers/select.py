"""Pick the items of the pronoun-speakers development set (deterministic, stdlib only).

Source: PolNeAR train split, /work/shared/data/attribution-polnear/train/. For each article the
first annotator's .ann file (sorted by file name) is used. Every attribution (E line) whose Source
span text, lower-cased and stripped, is one of PRONOUNS is a candidate; candidates are sorted by
(article, source_start, source_end, E id) and random.Random(20261208).sample picks 150, written
in that sorted order to items.jsonl next to this script.

Run: /work/main/.venv/bin/python select.py
"""
import json
import random
import re
from pathlib import Path

TRAIN = Path("/work/shared/data/attribution-polnear/train")
OUT = Path(__file__).resolve().parent / "items.jsonl"
SEED = 20261208
N = 150
PRONOUNS = {"he", "she", "they", "it", "we", "who", "his", "her", "their", "its", "him", "them"}
BEFORE, AFTER = 1200, 200


def parse_ann(path):
    """Return ({tid: (label, [(s, e), ...], text)}, [ {role: tid} for each E line ])."""
    spans, events = {}, []
    last = None
    for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        if not re.match(r"[TE]\d+\t", line):
            # a span text that contains a newline continues on the following line(s)
            if last is not None:
                label, frags, text = spans[last]
                spans[last] = (label, frags, text + "\n" + line)
            continue
        last = None
        if line.startswith("T"):
            tid, mid, text = line.split("\t", 2)
            label, offs = mid.split(" ", 1)
            frags = [tuple(int(x) for x in frag.split()) for frag in offs.split(";")]
            spans[tid] = (label, frags, text)
            last = tid
        elif line.startswith("E"):
            eid, args = line.split("\t", 1)
            roles = dict(a.split(":", 1) for a in args.split())
            roles["_id"] = eid
            events.append(roles)
    return spans, events


def first_ann_per_article():
    chosen = {}
    for path in sorted((TRAIN / "attributions").glob("*.ann")):
        name = path.name[: -len(".ann")].rsplit("_", 1)[0]
        chosen.setdefault(name, path)
    return chosen


def main():
    cands = []
    for name, path in sorted(first_ann_per_article().items()):
        text = (TRAIN / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans, events = parse_ann(path)
        for ev in events:
            if "Source" not in ev:
                continue
            _, frags, stext = spans[ev["Source"]]
            if stext.strip().lower() not in PRONOUNS or len(frags) != 1:
                continue
            s, e = frags[0]
            assert text[s:e] == stext, (name, s, e, stext)
            cue = spans[ev["Cue"]][2] if "Cue" in ev else ""
            content = spans[ev["Content"]][2] if "Content" in ev else ""
            eid = int(ev["_id"][1:])
            cands.append((name, s, e, eid, stext, cue, content, text))
    cands.sort(key=lambda c: c[:4])
    picked = sorted(random.Random(SEED).sample(cands, N), key=lambda c: c[:4])
    with open(OUT, "w", encoding="utf-8") as fh:
        for name, s, e, eid, stext, cue, content, text in picked:
            c0 = max(0, s - BEFORE)
            fh.write(json.dumps({
                "article": name, "source_start": s, "source_end": e, "pronoun": stext,
                "cue": cue, "content": content[:200],
                "context": text[c0:e + AFTER], "context_offset": c0,
            }, ensure_ascii=False) + "\n")
    print(f"{len(cands)} candidates; wrote {len(picked)} items to {OUT}")


if __name__ == "__main__":
    main()
