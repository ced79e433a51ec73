"""Throughput: bare spaCy nlp.pipe vs sitrep's full analysis on the same texts, in one run.

Run: .venv/bin/python benchmarks/throughput.py [--articles N]

Both sides get the PolNeAR train article texts (repeated to reach N), after a
warm-up; bare spaCy parses the raw text, sitrep reads, cleans and analyses the
same documents. Prints articles/s for each and sitrep's share of bare speed.
Wall-clock on a shared machine: compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import itertools
import time

import spacy

from common import polnear_documents
from sitrep.nlp import MODEL, load_pipeline
from sitrep.pipeline import analyze_raw_documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    documents = list(itertools.islice(itertools.cycle(polnear_documents("train")), args.articles))
    texts = [d.text for d in documents]
    bare = spacy.load(MODEL)
    load_pipeline()
    list(bare.pipe(texts[:10]))
    list(analyze_raw_documents(documents[:10]))
    start = time.perf_counter()
    list(bare.pipe(texts, batch_size=32))
    bare_s = time.perf_counter() - start
    start = time.perf_counter()
    list(analyze_raw_documents(documents))
    sitrep_s = time.perf_counter() - start
    n = len(texts)
    print(f"articles: {n} (PolNeAR train, repeated)")
    print(f"bare spaCy:  {n / bare_s:7.1f} articles/s")
    print(f"sitrep:      {n / sitrep_s:7.1f} articles/s")
    print(f"ratio:       {bare_s / sitrep_s:7.2f} of bare spaCy's throughput")


if __name__ == "__main__":
    main()
