"""`sitrep eval claims`: how surely, and on whose word — claims scored three ways.

(a) seed: the Claims table of examples/seed.expected.md, point by point
    (tests/fixtures/claims/seed_points.tsv: actor, action, target, modality,
    band; an empty cell accepts anything), on the seed article.
(b) estimative sentences: tests/fixtures/claims/estimative.jsonl, real
    sentences of the dev corpora with estimative or modal language, each with
    the event word a claim is about and the modality and ICD 203 band a careful
    reader gives it (hand-checked; see tests/fixtures/PROVENANCE.md). sitrep's
    reading of that event word (the claims component's `read`) is compared
    with them, beside the baseline "every claim occurred, certainty unstated".
(c) PolNeAR dev: of the attributed contents (gold Content spans with a
    Source), the share holding a claim whose source has a mention overlapping
    the gold Source span.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .attribution import FOLDER as POLNEAR
from .attribution import load_split, overlap
from .results import EvalDataMissing, ResultTable

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"
CLAIMS_FIXTURES = FIXTURES / "claims"
SEED = FIXTURES / "seed-breitbart-2016-03-25.txt"
COLUMNS = ["check", "system", "items", "modality acc", "band acc", "share"]


@dataclass
class Expected:
    """One hand-checked sentence: the event word at `at` and how it is asserted."""

    source: str
    text: str
    event: str
    at: int
    modality: str
    band: str


def load_fixture(path: Path = CLAIMS_FIXTURES / "estimative.jsonl") -> list[Expected]:
    if not path.is_file():
        raise EvalDataMissing(path.parent, "estimative.jsonl, the hand-checked sentences of a source checkout")
    return [Expected(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_sentences(nlp, items: list[Expected]) -> list[tuple[str | None, str | None]]:
    """sitrep's (modality, band) for each item's event word; (None, None) if the parse
    puts no token at its offset."""
    component = nlp.get_pipe("sitrep_claims")
    out = []
    for item, doc in zip(items, nlp.pipe(item.text for item in items)):
        token = next((t for t in doc if t.idx == item.at), None)
        if token is None:
            out.append((None, None))
            continue
        _, modality, certainty = component.assess(token)
        out.append((modality, certainty.band))
    return out


def accuracy(items: list[Expected], predicted: list[tuple[str | None, str | None]]) -> tuple[float, float]:
    """Share of items whose modality, and whose band, match the hand-checked ones."""
    n = len(items) or 1
    modality = sum(p[0] == e.modality for e, p in zip(items, predicted)) / n
    band = sum(p[1] == e.band for e, p in zip(items, predicted)) / n
    return modality, band


def fixture_rows(nlp) -> list[list[object]]:
    items = load_fixture()
    ours = accuracy(items, read_sentences(nlp, items))
    baseline = accuracy(items, [("occurred", "unstated")] * len(items))
    return [["estimative sentences", "sitrep", len(items), *ours, None],
            ["estimative sentences", "baseline: occurred, unstated", len(items), *baseline, None]]


# --- (a) the seed table ----------------------------------------------------------------------

def load_seed_points(path: Path = CLAIMS_FIXTURES / "seed_points.tsv") -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def point_holds(point: dict[str, str], analysis) -> bool:
    """Whether some claim of the analysis has every filled-in cell of the point."""
    names = {e.id: e.name for e in analysis.entities} | {p.id: p.name for p in analysis.places}
    for claim in analysis.claims:
        found = {"actor": names.get(claim.actor or "", ""), "action": claim.action,
                 "target": " ".join(names.get(t, "") for t in claim.target),
                 "place": names.get(claim.place or "", ""), "modality": claim.modality,
                 "band": claim.certainty.band, "cue": claim.certainty.cue or ""}
        if all(not want or found[key] == want for key, want in point.items() if key in found):
            return True
    return False


def seed_row() -> list[object]:
    from .. import analyze

    if not SEED.is_file():
        raise EvalDataMissing(SEED.parent, "the seed article of a source checkout")
    analysis = analyze(SEED.read_text(encoding="utf-8"))
    points = load_seed_points()
    held = sum(point_holds(p, analysis) for p in points)
    return ["seed table points", "sitrep", len(points), None, None, held / len(points)]


# --- (c) PolNeAR sources ---------------------------------------------------------------------

def source_rows(data_dir: Path) -> list[list[object]]:
    """Share of attributed contents holding a claim with the right source."""
    from .. import analyze

    articles = load_split(Path(data_dir) / POLNEAR, "dev")
    total = right = with_claim = 0
    for article in articles:
        analysis = analyze(article.text)
        # analyze() reads the first line as the title: offsets into body shift by its start
        shift = article.text.find(analysis.body[:50]) if analysis.body else 0
        mentions = {s.id: [_file_span(m, shift) for m in s.mentions] for s in analysis.sources}
        for statement in (s for s in article.gold if s.source):
            total += 1
            inside = [c for c in analysis.claims if overlap([_file_span(c, shift)], statement.content)]
            with_claim += bool(inside)
            right += any(c.source and overlap(mentions.get(c.source, []), statement.source) for c in inside)
    return [["PolNeAR dev: attributed contents with a claim of the right source", "sitrep", total,
             None, None, right / total if total else 0.0],
            ["PolNeAR dev: the same, of contents holding any claim", "sitrep", with_claim,
             None, None, right / with_claim if with_claim else 0.0]]


def _file_span(record, body_shift: int) -> tuple[int, int]:
    """A record's span in the PolNeAR file: the title opens the file, the body starts at body_shift
    (a record found in the headline carries field "title")."""
    shift = 0 if record.field == "title" else body_shift
    return record.start + shift, record.end + shift


def run(data_dir: Path) -> ResultTable:
    from ..nlp import load_pipeline

    rows = [seed_row(), *fixture_rows(load_pipeline()), *source_rows(data_dir)]
    return ResultTable(title="claims: seed table, estimative sentences, PolNeAR sources", columns=COLUMNS,
                       rows=rows, notes=[("estimative sentences: tests/fixtures/claims/estimative.jsonl "
                                          "(hand-checked; provenance in tests/fixtures/PROVENANCE.md)")])
