"""Cut the pool of sentences the team labels as event-coder training data.

Why: the trained event coder (sitrep/extract/claims) needs sentences labelled by hand
in the guidelines of ../shared/data/events-dev/GUIDELINES.md, from the same kinds of
news, but never from the articles `events-dev` was drawn from: that set stays the
yardstick, and sentences of one article are not independent of each other.

The sentence splitter is the one GUIDELINES.md section 1 describes (lines first, then
a break after . ! ? when whitespace and a capital, digit or opening quote follow; no
break after common abbreviations, single initials or dotted acronyms), so training
spans look like the spans they are measured on.

Selection, per corpus: sentences of 40-400 characters, at most PER_DOC per article;
two thirds drawn from sentences holding a word of the CAMEO verb dictionary's coded
verbs (so the rarer event types appear at all), one third drawn at random (so plain
news, near-misses and no-event sentences appear as they do in the wild). Seeded:
byte-identical on rerun.

    python scripts/events_pool.py ../shared/data training/events/pool --per-batch 120
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

SEED = 20261206
PER_DOC = 3
QUOTAS = {"lgl": 1100, "polnear-train": 1000, "geowebnews-dev": 200}
FOCUS_QUOTAS = {"lgl": 800, "polnear-train": 700, "geowebnews-dev": 150}
RARE_QUOTAS = {"lgl": 500, "polnear-train": 500, "geowebnews-dev": 100}
# The types the first two pools held fewest of (a few each per 110 sentences).
RARE_TYPES = {"AGREE", "AID", "MOBILIZE", "SANCTION", "RETREAT", "COOPERATE", "THREATEN", "CONCEDE",
              "SUPPORT", "CONSULT", "PROTEST", "REJECT"}
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "st", "sgt", "jr", "sr", "lt", "col", "capt",
    "maj", "cpl", "pvt", "adm", "rev", "prof", "calif", "conn", "mass", "wash", "ariz", "fla", "ill",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "co", "inc",
    "corp", "ltd", "ave", "blvd", "rd", "mt", "ft", "gov't", "pa", "va", "ga", "tenn", "ky", "mich",
    "minn", "wis", "ind", "ala", "miss", "okla", "colo", "nev", "ore", "del", "md", "n.j", "n.y",
}
COMMON = {"go", "take", "give", "make", "think", "want", "need", "hope", "mean", "learn", "hear", "face", "head",
          "serve", "fill", "pass", "deal", "lead", "help", "call", "add", "affect", "apply", "check", "clear",
          "consider", "decide", "express", "issue", "manage", "match", "rule", "study", "value", "vote",
          "leave", "meet", "join", "found", "free", "handle", "ready", "ring", "scan", "table", "tend", "trade"}
BREAK = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[A-Z0-9])")


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, outer whitespace excluded."""
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in BREAK.finditer(line):
            before = line[start:match.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last) or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", last):
                continue
            yield from _trimmed(line, offset, start, match.end())
            start = match.end()
        yield from _trimmed(line, offset, start, len(line))
        offset += len(line) + 1


def _trimmed(line: str, offset: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = line[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        yield offset + start + lead, offset + end - trail


def articles(data: Path, excluded: set[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """corpus -> [(doc, text)], without the articles events-dev was drawn from."""
    out: dict[str, list[tuple[str, str]]] = {"geowebnews-dev": [], "lgl": [], "polnear-train": []}
    gwn = ET.parse(data / "geoparsing-dev" / "geowebnews-dev.xml").getroot()
    for article in gwn.iter("article"):
        out["geowebnews-dev"].append((article.get("file"), article.find("text").text or ""))
    lgl = ET.parse(data / "geoparsing-dev" / "lgl.xml").getroot()
    for article in lgl.iter("article"):
        out["lgl"].append((article.get("docid"), article.find("text").text or ""))
    for path in sorted((data / "attribution-polnear" / "train" / "text").glob("*.txt")):
        out["polnear-train"].append((f"text/{path.name}", path.read_text(encoding="utf-8")))
    return {corpus: [(doc, text) for doc, text in docs if (corpus, doc) not in excluded]
            for corpus, docs in out.items()}


def coded_verbs(data: Path, verb_alone: bool = False) -> re.Pattern:
    """The verbs of the CAMEO verb dictionary that code an event by themselves or in a
    pattern (codes 02-20; 01x are plain statements), without the commonest verbs of
    English, which would match every sentence."""
    words: set[str] = set()
    text = (data / "event-dictionaries" / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
    block = "---"
    for line in text.split("####### VERB PATTERNS #######", 1)[1].splitlines():
        if line.startswith("---"):
            found = re.search(r"\[(.*?)\]", line)
            block = found.group(1) if found else "---"
            continue
        if not line or line[0] in "#-+&":
            continue
        head = line.split("#", 1)[0]
        found = re.search(r"\[(.*?)\]", head)
        code = found.group(1) if found else block
        word = re.match(r"\s*([A-Z][A-Z-]+)\b(?!_)", head)
        own = found is not None or not verb_alone
        skipped = ("01", "02", ":") if verb_alone else ("01", ":")
        if word and own and code != "---" and not code.startswith(skipped):
            words.add(word.group(1).lower())
    stems = sorted({w.rstrip("e") for w in words - COMMON}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")(?:e|es|s|ed|d|ing|ion|ions|ment|ments)?\b",
                      re.IGNORECASE)


def rare_words(kb: Path) -> re.Pattern:
    """Verbs and nouns that the generated lexicon (kb/event_verbs.tsv, kb/event_nouns.tsv)
    gives one of RARE_TYPES, in their regular inflections."""
    words = set()
    for line in (kb / "event_verbs.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[3] in RARE_TYPES and not cells[1]:
            words.add(cells[0])
    for line in (kb / "event_nouns.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 3 and cells[1] in RARE_TYPES and cells[2].isdigit() and int(cells[2]) >= 3:
            words.add(cells[0])
    stems = sorted({w.rstrip("e") for w in words - COMMON if len(w) > 3}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")(?:e|es|s|ed|d|ing|ion|ions|ment|ments)?\b",
                      re.IGNORECASE)


def pool(data: Path, focus: bool = False, exclude: set[str] | None = None, rare: Path | None = None) -> list[dict]:
    """The seeded sample. `focus`: only sentences holding a verb that CAMEO codes on its own
    (codes 03-20), for a second, event-dense pool; `rare`: the folder of the generated
    lexicon, for a third pool of sentences holding a word of the rarer types; `exclude`:
    sha1s already pooled."""
    rng = random.Random(SEED + focus + 2 * (rare is not None))
    excluded = {(json.loads(line)["corpus"], json.loads(line)["doc"])
                for line in (data / "events-dev" / "events-dev.jsonl").read_text(encoding="utf-8").splitlines() if line}
    verbs = rare_words(rare) if rare is not None else coded_verbs(data, verb_alone=focus)
    focus = focus or rare is not None
    chosen = []
    for corpus, docs in articles(data, excluded).items():
        coded, plain = [], []
        for doc, text in docs:
            spans = [(s, e) for s, e in split_sentences(text) if 40 <= e - s <= 400]
            rng.shuffle(spans)
            for s, e in spans[: PER_DOC * 3] if not focus else spans:
                sentence = text[s:e]
                if exclude and hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12] in exclude:
                    continue
                (coded if verbs.search(sentence) else plain).append((doc, s, e, sentence))
        rng.shuffle(coded)
        rng.shuffle(plain)
        everything = coded + plain
        rng.shuffle(everything)
        quota = RARE_QUOTAS[corpus] if rare is not None else FOCUS_QUOTAS[corpus] if focus else QUOTAS[corpus]
        per_doc: dict[str, int] = {}
        picked = []
        shares = ((coded, quota * 2 // 3), (everything, quota)) if not focus else ((coded, quota),)
        for source, share in shares:
            for item in source:
                if len(picked) >= share:
                    break
                if per_doc.get(item[0], 0) < PER_DOC and item not in picked:
                    per_doc[item[0]] = per_doc.get(item[0], 0) + 1
                    picked.append(item)
        for doc, s, e, sentence in picked:
            chosen.append({"corpus": corpus, "doc": doc, "start": s, "end": e,
                           "sha1": hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12], "text": sentence})
    rng.shuffle(chosen)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-batch", type=int, default=110)
    parser.add_argument("--focus", action="store_true",
                        help="the event-dense second pool (prefix focus-), without sentences already in OUT")
    parser.add_argument("--rare", type=Path, metavar="KB",
                        help="the third pool (prefix rare-): sentences with a word of the rarer types in the "
                             "lexicon generated into KB, without sentences already in OUT")
    args = parser.parse_args()
    earlier = ("batch-*.jsonl",) if args.focus else ("batch-*.jsonl", "focus-*.jsonl") if args.rare else ()
    pooled = {json.loads(line)["sha1"] for pattern in earlier for path in sorted(args.out.glob(pattern))
              for line in path.read_text(encoding="utf-8").splitlines() if line}
    sentences = pool(args.data, focus=args.focus, exclude=pooled or None, rare=args.rare)
    prefix = "rare" if args.rare else "focus" if args.focus else "batch"
    args.out.mkdir(parents=True, exist_ok=True)
    for n in range(0, len(sentences), args.per_batch):
        batch = sentences[n: n + args.per_batch]
        path = args.out / f"{prefix}-{n // args.per_batch + 1:02d}.jsonl"
        path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in batch), encoding="utf-8")
    print(f"{len(sentences)} sentences in {(len(sentences) + args.per_batch - 1) // args.per_batch} batches")


if __name__ == "__main__":
    main()
