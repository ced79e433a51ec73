"""Time bare spaCy against sitrep's pipeline on the 106 GeoWebNews dev articles, in one run.

Usage: python benchmarks/places_speed.py [PATH to geowebnews-dev.xml]
(default ../shared/data/geoparsing-dev/geowebnews-dev.xml beside the repository).

"bare spaCy" is the same model with sitrep's components disabled; "sitrep" is the pipeline
the geoparsing evaluation runs (attribution and claims off, places on). Each is timed
REPEATS times, alternating, and the best time of each is kept, since shared machines are
noisy; the ratio is what to compare with issue 4's bound of 1.3.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sitrep.eval.places import SKIP_PIPES, _doc, read_geowebnews
from sitrep.geo.gazetteer import gazetteer
from sitrep.nlp import load_pipeline

REPEATS = 3
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "geoparsing-dev" / "geowebnews-dev.xml"


def _bare(nlp, texts: list[str]) -> float:
    """Seconds for spaCy's own components alone."""
    names = [n for n in nlp.pipe_names if not n.startswith("sitrep_")]
    t0 = time.perf_counter()
    with nlp.select_pipes(enable=names):
        for _ in nlp.pipe(texts):
            pass
    return time.perf_counter() - t0


def _sitrep(nlp, texts: list[str]) -> float:
    """Seconds for the pipeline with sitrep's entity and place components."""
    skip = [p for p in SKIP_PIPES if p in nlp.pipe_names]
    t0 = time.perf_counter()
    for _ in nlp.pipe((_doc(nlp, t) for t in texts), disable=skip):
        pass
    return time.perf_counter() - t0


def main() -> None:
    """Print both times and their ratio."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    texts = [a.text for a in read_geowebnews(path)]
    nlp = load_pipeline()
    gazetteer()  # loaded once per process, as in any run: not charged to either side
    _bare(nlp, texts[:5])  # warm-up
    bare, full = [], []
    for _ in range(REPEATS):
        bare.append(_bare(nlp, texts))
        full.append(_sitrep(nlp, texts))
    print(f"{len(texts)} articles: bare spaCy {min(bare):.2f} s, sitrep {min(full):.2f} s, "
          f"ratio {min(full) / min(bare):.2f}")


if __name__ == "__main__":
    main()
