"""Throughput: bare spaCy nlp.pipe vs sitrep's full analysis on the same texts, in one run.

Run: .venv/bin/python benchmarks/throughput.py [--articles N] [--rounds R]

Both sides get the PolNeAR train article texts (repeated to reach N), after a
warm-up; bare spaCy parses the raw text, sitrep reads, cleans and analyses the
same documents. The articles are cut into R rounds and the two sides alternate
round by round, so a burst of load elsewhere on the machine hits both alike; the
figure to read is the median of the rounds' ratios (each round's is printed too).
Wall-clock on a shared machine: compare the ratio, not the seconds. The ratio of the
process's CPU time is printed beside it: on a machine where other work takes a core,
wall-clock mostly measures the neighbour; CPU time counts what each side computed. Every side
does its matrix products on one thread, as `sitrep analyze` does (one core per process; more
cores are for `--workers`, benchmarks/workers.py).

sitrep runs the model's layers with NumPy's matrix product instead of BLIS's (sitrep.nlp.
use_numpy_matmul) and its rule components faster (extract/model_rules.py), so it can beat
stock spaCy. A third side, spaCy with the same matrix product, shows what sitrep's own work
costs on an equal footing: the "same matmul" lines.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import spacy

from threadpoolctl import threadpool_limits

from common import polnear_documents
from sitrep.nlp import MODEL, load_pipeline, use_numpy_matmul
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
    bare, same_matmul = spacy.load(MODEL), spacy.load(MODEL)
    use_numpy_matmul(same_matmul)
    load_pipeline()
    for model in (bare, same_matmul):
        list(model.pipe([d.text for d in documents[:10]]))
    list(analyze_raw_documents(documents[:10]))
    size = max(1, len(documents) // args.rounds)
    rounds = [documents[i:i + size] for i in range(0, len(documents), size)]
    sides = {"bare": [0.0, 0.0], "same": [0.0, 0.0], "sitrep": [0.0, 0.0]}  # wall, CPU seconds
    ratios = []
    for n, chunk in enumerate(rounds, start=1):
        texts = [d.text for d in chunk]
        runs = {"bare": lambda: list(bare.pipe(texts, batch_size=32)),
                "same": lambda: list(same_matmul.pipe(texts, batch_size=32)),
                "sitrep": lambda: list(analyze_raw_documents(chunk))}
        this = {side: timed(run) for side, run in runs.items()}
        for side, (wall, cpu) in this.items():
            sides[side][0] += wall
            sides[side][1] += cpu
        ratios.append(this["bare"][0] / this["sitrep"][0])
        print(f"round {n}: {len(chunk)} articles, ratio {ratios[-1]:.2f} (CPU time "
              f"{this['bare'][1] / this['sitrep'][1]:.2f}; same matmul {this['same'][0] / this['sitrep'][0]:.2f})")
    n = len(documents)
    (bare_s, bare_c), (same_s, same_c), (sitrep_s, sitrep_c) = sides["bare"], sides["same"], sides["sitrep"]
    print(f"articles: {n} (PolNeAR train, repeated), {len(rounds)} rounds")
    print(f"bare spaCy:  {n / bare_s:7.1f} articles/s")
    print(f"same matmul: {n / same_s:7.1f} articles/s (spaCy with NumPy's matrix product, as sitrep runs it)")
    print(f"sitrep:      {n / sitrep_s:7.1f} articles/s")
    print(f"ratio:       {bare_s / sitrep_s:7.2f} of bare spaCy's throughput over the whole run")
    print(f"median:      {statistics.median(ratios):7.2f} of bare spaCy's throughput, round by round")
    print(f"CPU time:    {bare_c / sitrep_c:7.2f} of bare spaCy's articles per CPU second over the whole run")
    print(f"same matmul: {same_s / sitrep_s:7.2f} of its throughput ({same_c / sitrep_c:.2f} CPU time): "
          "what sitrep's own work costs")


if __name__ == "__main__":
    with threadpool_limits(limits=1):
        main()
