"""Turn the hand-written labels.src.txt (substrings) into labels.jsonl (character offsets).

labels.src.txt format (one block per article, in any order; '#' starts a comment line):

    = CORPUS DOC
    * KIND | SPEAKER
    C: content span
    S: source span            (a bare 'S:' line means: no source stated)
    Q: cue span

Each C/S/Q line is one span; several lines of a type make a discontinuous span (kept in
text order). A span is written as the exact text, and must occur exactly once in the article
unless it is disambiguated:
  * context markers:  'went [[said]] Smith'  -> the whole string (markers removed) must be
    unique; the span is the part inside [[ ]];
  * long spans:       'first words <...> last words' -> from the unique occurrence of the
    first part to the end of the first occurrence of the last part after it (each part may
    itself carry [[ ]]-free context only);
  * occurrence index: a trailing ' @N' (N = 0-based occurrence) when nothing else helps.
An article with no attribution has a '=' line and no '*' lines.

Run: /work/main/.venv/bin/python build_labels.py [--show [DOC ...]]   (--show prints statements back)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"direct", "reported", "according-to"}


def occurrences(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def resolve(text, spec, where):
    nth = None
    m = re.search(r" @(\d+)$", spec)
    if m:
        nth, spec = int(m.group(1)), spec[: m.start()]
    if " <...> " in spec:
        first, last = spec.split(" <...> ")
        a = resolve(text, first + (f" @{nth}" if nth is not None else ""), where)[0]
        b = text.find(last, a)
        if b < 0:
            raise ValueError(f"{where}: end part {last!r} not found after {first!r}")
        return a, b + len(last)
    if "[[" in spec:
        pre, rest = spec.split("[[", 1)
        inner, post = rest.split("]]", 1)
        whole = pre + inner + post
    else:
        pre, inner, whole = "", spec, spec
    occ = occurrences(text, whole)
    if not occ:
        raise ValueError(f"{where}: {whole!r} not found")
    if nth is None:
        if len(occ) != 1:
            raise ValueError(f"{where}: {whole!r} occurs {len(occ)} times; add context or @N")
        nth = 0
    start = occ[nth] + len(pre)
    return start, start + len(inner)


def parse(path):
    blocks, cur, st = [], None, None
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("= "):
            corpus, doc = line[2:].split()
            cur = {"corpus": corpus, "doc": doc, "statements": []}
            blocks.append(cur)
        elif line.startswith("* "):
            kind, speaker = [x.strip() for x in line[2:].split("|", 1)]
            st = {"kind": kind, "speaker": speaker, "C": [], "S": [], "Q": [], "line": ln,
                  "source_given": False}
            cur["statements"].append(st)
        elif line[:2] in ("C:", "S:", "Q:"):
            val = line[2:].strip()
            if line[0] == "S":
                st["source_given"] = True
            if val:
                st[line[0]].append((val, ln))
        else:
            raise ValueError(f"line {ln}: cannot parse {line!r}")
    return blocks


def main():
    show = "--show" in sys.argv
    only = set(sys.argv[sys.argv.index("--show") + 1:]) if show else set()
    texts = {}
    with open(HERE / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            texts[(r["corpus"], r["doc"])] = r["text"]
    blocks = parse(HERE / "labels.src.txt")
    errors, out = [], {}
    for b in blocks:
        key = (b["corpus"], b["doc"])
        text = texts[key]
        stmts = []
        for st in b["statements"]:
            rec = {}
            for k, name in (("C", "content"), ("S", "source"), ("Q", "cue")):
                spans = []
                for val, ln in st[k]:
                    try:
                        spans.append(list(resolve(text, val, f"{key} line {ln}")))
                    except ValueError as e:
                        errors.append(str(e))
                rec[name] = sorted(spans)
            if not st["source_given"]:
                errors.append(f"{key} line {st['line']}: no S: line (write a bare 'S:' for none)")
            if st["kind"] not in KINDS:
                errors.append(f"{key} line {st['line']}: bad kind {st['kind']!r}")
            rec["kind"], rec["speaker"] = st["kind"], st["speaker"]
            stmts.append(rec)
            if show and (not only or key[1] in only):
                def sp(n, rec=rec, text=text):
                    return " | ".join(text[s:e] for s, e in rec[n])
                print(f"[{key[0]} {key[1]}] {rec['kind']:12} speaker={rec['speaker']}")
                print(f"    SOURCE: {sp('source')}\n    CUE:    {sp('cue')}\n    CONTENT: {sp('content')}")
        stmts.sort(key=lambda r: (r["content"] or [[0, 0]])[0])
        out[key] = stmts
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    with open(HERE / "labels.jsonl", "w", encoding="utf-8") as fh:
        for key in texts:
            if key in out:
                fh.write(json.dumps({"corpus": key[0], "doc": key[1], "statements": out[key]},
                                    ensure_ascii=False) + "\n")
    print(f"wrote labels for {len(out)} articles, {sum(map(len, out.values()))} statements")


if __name__ == "__main__":
    main()
