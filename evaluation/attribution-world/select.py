"""Pick the articles of the attribution-world evaluation set (deterministic, stdlib only).

Sources: GeoWebNews dev and LGL from /work/shared/data/geoparsing-dev/.
Excludes any article used in /work/shared/data/events-dev/events-dev.jsonl, keeps articles of
at least 600 characters with a reporting verb or a quotation mark, then samples 20 + 20 with
random.Random(20261207). Writes articles.jsonl next to this script and prints the ids.

Run: /work/main/.venv/bin/python select.py
"""
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

DATA = Path("/work/shared/data")
GWN = DATA / "geoparsing-dev" / "geowebnews-dev.xml"
LGL = DATA / "geoparsing-dev" / "lgl.xml"
EVENTS = DATA / "events-dev" / "events-dev.jsonl"
OUT = Path(__file__).resolve().parent / "articles.jsonl"

SEED = 20261207
N_PER_CORPUS = 20
MIN_CHARS = 600
CUE_RE = re.compile(r'\b(said|says|told|according to|added|stated)\b|["\u201c\u201d]')


def articles(path, id_attr):
    """Yield (id, text) in document order; text exactly as the XML gives it."""
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text")
        yield art.get(id_attr), text or ""


def main():
    used = {"geowebnews-dev": set(), "lgl": set()}
    with open(EVENTS, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["corpus"] in used:
                used[rec["corpus"]].add(str(rec["doc"]))

    rng = random.Random(SEED)
    rows = []
    for corpus, path, id_attr in (("geowebnews-dev", GWN, "file"), ("lgl", LGL, "docid")):
        cands = [(doc, text) for doc, text in articles(path, id_attr)
                 if doc not in used[corpus] and len(text) >= MIN_CHARS and CUE_RE.search(text)]
        order = {doc: i for i, (doc, _) in enumerate(cands)}
        picked = sorted(rng.sample(cands, N_PER_CORPUS), key=lambda dt: order[dt[0]])
        print(f"{corpus}: {len(cands)} candidates; picked {N_PER_CORPUS}:",
              " ".join(doc for doc, _ in picked))
        rows += [{"corpus": corpus, "doc": doc, "text": text} for doc, text in picked]

    with open(OUT, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} articles to {OUT}")


if __name__ == "__main__":
    main()
