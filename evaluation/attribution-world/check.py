"""Validate labels.jsonl against articles.jsonl (stdlib only).

Errors (exit status 1): unknown/duplicate/missing articles, bad keys, offsets out of range,
empty spans, spans with outer whitespace, unsorted or overlapping spans within a field, empty
content, bad kind, source/cue/content overlapping each other, `speaker` not a string, a source
span with an empty speaker.
Warnings (printed, not fatal): a speaker named for a statement with no source span (allowed when
the speaker is clear from context but the sentence names none), kind inconsistent with the span
shapes (a "direct" statement
whose content span does not start and end with a quotation mark, an "according-to" statement
whose cue is not "according to", a "reported" statement whose content is wholly quoted) and
statements with no cue.

Run: /work/main/.venv/bin/python check.py
"""
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("direct", "reported", "according-to")
KEYS = {"content", "source", "cue", "kind", "speaker"}
OPEN_Q = "\"“”'‘’â"   # 'â' is the mangled quotation mark in one LGL article
CLOSE_Q = "\"“”'‘’â"


def main():
    errors, warnings = [], []
    articles = {}
    for line in open(HERE / "articles.jsonl", encoding="utf-8"):
        r = json.loads(line)
        articles[(r["corpus"], r["doc"])] = r["text"]
    seen = set()
    counts = collections.Counter()
    per_article = collections.Counter()
    for n, line in enumerate(open(HERE / "labels.jsonl", encoding="utf-8"), 1):
        r = json.loads(line)
        key = (r.get("corpus"), r.get("doc"))
        if set(r) != {"corpus", "doc", "statements"}:
            errors.append(f"line {n}: keys {sorted(r)}")
        if key not in articles:
            errors.append(f"line {n}: unknown article {key}")
            continue
        if key in seen:
            errors.append(f"line {n}: article {key} labelled twice")
        seen.add(key)
        text = articles[key]
        per_article[key] = len(r["statements"])
        for i, st in enumerate(r["statements"]):
            where = f"{key[0]} {key[1]} #{i}"
            if set(st) != KEYS:
                errors.append(f"{where}: keys {sorted(st)}")
                continue
            if st["kind"] not in KINDS:
                errors.append(f"{where}: bad kind {st['kind']!r}")
            if not isinstance(st["speaker"], str):
                errors.append(f"{where}: speaker must be a string")
            for field in ("content", "source", "cue"):
                spans = st[field]
                if not isinstance(spans, list):
                    errors.append(f"{where}: {field} is not a list")
                    continue
                for sp in spans:
                    if not (isinstance(sp, list) and len(sp) == 2
                            and all(isinstance(x, int) for x in sp)):
                        errors.append(f"{where}: {field} span {sp!r} is not [start, end]")
                    elif not 0 <= sp[0] < sp[1] <= len(text):
                        errors.append(f"{where}: {field} span {sp} empty or out of range")
                    elif text[sp[0]:sp[1]] != text[sp[0]:sp[1]].strip():
                        errors.append(f"{where}: {field} span {sp} has outer whitespace")
                if spans != sorted(spans) or any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
                    errors.append(f"{where}: {field} spans unsorted or overlapping")
            if not st["content"]:
                errors.append(f"{where}: empty content")
            if not st["source"] and st["speaker"]:
                warnings.append(f"{where}: speaker {st['speaker']!r} but no source span")
            if st["source"] and not st["speaker"]:
                errors.append(f"{where}: source span but no speaker")
            def cover(f, st=st):
                return {k for s, e in st[f] for k in range(s, e)}
            if cover("source") & cover("cue"):
                errors.append(f"{where}: source and cue overlap")
            if cover("cue") & cover("content"):
                errors.append(f"{where}: cue and content overlap")
            if cover("source") & cover("content"):
                errors.append(f"{where}: source and content overlap")
            # kind consistency (warnings)
            pieces = [text[s:e] for s, e in st["content"]]
            quoted = all(p[0] in OPEN_Q and p.rstrip(" ")[-1] in CLOSE_Q for p in pieces)
            cue = " ".join(text[s:e] for s, e in st["cue"]).lower()
            if st["kind"] == "direct" and not quoted:
                warnings.append(f"{where}: direct but content not wholly quoted")
            if st["kind"] == "according-to" and cue != "according to":
                warnings.append(f"{where}: according-to with cue {cue!r}")
            if st["kind"] == "reported" and quoted:
                warnings.append(f"{where}: reported but content wholly quoted: {pieces}")
            if not st["cue"]:
                warnings.append(f"{where}: no cue span")
            counts[(key[0], st["kind"])] += 1
            counts[(key[0], "source stated" if st["source"] else "no source")] += 1
    for key in articles:
        if key not in seen:
            errors.append(f"article {key} has no labels")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    corpora = sorted({c for c, _ in articles})
    print(f"\n{'corpus':16}{'articles':>9}{'statements':>11}{'direct':>8}{'reported':>9}"
          f"{'acc.-to':>8}{'no source':>10}")
    tot = collections.Counter()
    for c in corpora + ["total"]:
        if c == "total":
            row = tot
        else:
            row = collections.Counter(
                articles=sum(1 for k in articles if k[0] == c),
                statements=sum(v for k, v in per_article.items() if k[0] == c),
                direct=counts[(c, "direct")], reported=counts[(c, "reported")],
                acc=counts[(c, "according-to")], nosrc=counts[(c, "no source")])
            tot.update(row)
        print(f"{c:16}{row['articles']:>9}{row['statements']:>11}{row['direct']:>8}"
              f"{row['reported']:>9}{row['acc']:>8}{row['nosrc']:>10}")
    zero = [f"{c} {d}" for (c, d), v in per_article.items() if v == 0]
    if zero:
        print("articles with no statement:", ", ".join(zero))
    print("\nOK" if not errors else f"\n{len(errors)} error(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
