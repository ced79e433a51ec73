"""Place the surveyed estimative phrases in ICD 203 bands, reproducibly.

Why: kb/certainty.tsv's evidence column cites, for each phrase the crowd
survey (data/probability-words/probly.csv, zonination/perceptions) asked about,
its median and quartiles; this script recomputes them and the band holding the
median, so anyone can check the table (and see where it departs from the
median, e.g. a median on a band's floor). It prints TSV: phrase, median, q1,
q3, band of the median, band in kb/certainty.tsv.

    python scripts/claims_certainty.py ../shared/data/probability-words/probly.csv
"""

from __future__ import annotations

import csv
import statistics
import sys
from pathlib import Path

from sitrep.extract.certainty import band_ranges, cue_table


def band_of(percent: float) -> str:
    """The ICD 203 band whose range holds a probability in percent (upper bound inclusive,
    so a median of 80 sits in likely, 0.55-0.80)."""
    p = percent / 100
    for band, (low, high) in band_ranges().items():
        if band != "unstated" and low < p <= high:
            return band
    return "almost no chance" if p <= 0.05 else "almost certain"


def survey(path: Path) -> dict[str, list[float]]:
    """Phrase (lower case) -> the survey's answers in percent."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {phrase.lower(): [float(row[phrase]) for row in rows if row[phrase]] for phrase in rows[0]}


def main(path: Path) -> None:
    table = cue_table()
    print("phrase\tmedian\tq1\tq3\tband_of_median\tband_in_kb")
    for phrase, answers in survey(path).items():
        q1, median, q3 = statistics.quantiles(answers, n=4, method="inclusive")
        in_kb = table.get(tuple(phrase.split()), "-")
        print(f"{phrase}\t{median:g}\t{q1:g}\t{q3:g}\t{band_of(median)}\t{in_kb}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
