"""Throughput: bare spaCy nlp.pipe vs sitrep's full analysis on the same texts, in one run.

Run: .venv/bin/python benchmarks/throughput.py [--articles N] [--rounds R]

Both sides get the PolNeAR train article texts (repeated to reach N), after a
warm-up; bare spaCy parses the raw text, sitrep reads, cleans and analyses the
same documents. The articles are cut into R rounds and the two sides alternate
round by round, so a burst of load elsewhere on the machine hits both alike; the
figure to read is the median of the rounds' ratios (each round's is printed too).
Wall-clock on a shared machine: compare the ratio, not the seconds. The ratio of the
process's CPU time is printed beside it: on a machine where other work takes a core,
wall-clock mostly measures the neighbour; CPU time counts what each side computed
(NumPy's BLAS threads included, so set OPENBLAS_NUM_THREADS=1 for a like-for-like figure).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import spacy

from common import polnear_documents
from sitrep.nlp import MODEL, load_pipeline
from sitrep.pipeline import analyze_raw_documents


def timed(run) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    documents = list(itertools.islice(itertools.cycle(polnear_documents("train")), args.articles))
    bare = spacy.load(MODEL)
    load_pipeline()
    list(bare.pipe([d.text for d in documents[:10]]))
    list(analyze_raw_documents(documents[:10]))
    size = max(1, len(documents) // args.rounds)
    rounds = [documents[i:i + size] for i in range(0, len(documents), size)]
    bare_total = sitrep_total = bare_cpu = sitrep_cpu = 0.0
    ratios = []
    for n, chunk in enumerate(rounds, start=1):
        bare_s, bare_c = timed(lambda: list(bare.pipe([d.text for d in chunk], batch_size=32)))
        sitrep_s, sitrep_c = timed(lambda: list(analyze_raw_documents(chunk)))
        bare_total, sitrep_total = bare_total + bare_s, sitrep_total + sitrep_s
        bare_cpu, sitrep_cpu = bare_cpu + bare_c, sitrep_cpu + sitrep_c
        ratios.append(bare_s / sitrep_s)
        print(f"round {n}: {len(chunk)} articles, ratio {ratios[-1]:.2f} (CPU time {bare_c / sitrep_c:.2f})")
    n = len(documents)
    print(f"articles: {n} (PolNeAR train, repeated), {len(rounds)} rounds")
    print(f"bare spaCy:  {n / bare_total:7.1f} articles/s")
    print(f"sitrep:      {n / sitrep_total:7.1f} articles/s")
    print(f"ratio:       {bare_total / sitrep_total:7.2f} of bare spaCy's throughput over the whole run")
    print(f"median:      {statistics.median(ratios):7.2f} of bare spaCy's throughput, round by round")
    print(f"CPU time:    {bare_cpu / sitrep_cpu:7.2f} of bare spaCy's articles per CPU second over the whole run")


if __name__ == "__main__":
    main()
