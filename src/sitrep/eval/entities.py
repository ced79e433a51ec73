"""`sitrep eval entities`: entity recognition and linking, sitrep next to bare spaCy.

Two sets of real text, each scored with precision/recall/F1 over mention spans (a
prediction matches a gold span when the two overlap, one to one, as in eval/places.py):

- aliases: the hand-checked sentences of tests/fixtures/entities/alias_sentences.tsv (PolNeAR
  and GeoWebNews sentences that name armed groups by an alias). Gold: every occurrence of
  every listed alias, with its canonical entity. sitrep predicts the named mentions of its
  GROUP entities (anaphors such as "the organization" left out: they are not names). Bare
  spaCy has no group type and no linking, so it is given the KB's: a spaCy entity span
  whose text (without "the" or a possessive) is a name or alias of a KB group is predicted
  as that group. The two then differ only in recognition — which is what sitrep adds.
  "recognition" counts overlapping spans; "linking" also needs the right canonical entity.
- geowebnews: the GeoWebNews dev articles (shared/data/geoparsing-dev/geowebnews-dev.xml).
  Gold: the toponyms with coordinates, i.e. literal and associative uses, demonym modifiers
  ("Irish") included (Gritta et al. 2019; the same gold as `sitrep eval places`). sitrep
  predicts its place mentions plus its NORP entity mentions; bare spaCy predicts its
  GPE/LOC/FAC/NORP entities: the same families of names on both sides. Recognition only.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..extract.annotations import records
from ..extract.referents import group_anaphors
from ..kb import read_table
from .places import SKIP_PIPES, Toponym, _doc, _match, _prf, read_geowebnews
from .results import EvalDataMissing, ResultTable

ALIAS_SET = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "entities" / "alias_sentences.tsv"
GEOWEBNEWS = Path("geoparsing-dev") / "geowebnews-dev.xml"
SPACY_PLACE_LABELS = ("GPE", "LOC", "FAC", "NORP")
COLUMNS = ["set", "system", "task", "sentences", "gold", "predicted", "precision", "recall", "f1"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: Optional[str] = None


def read_alias_set(path: Path = ALIAS_SET) -> list[tuple[str, list[Span]]]:
    """(sentence, gold spans) per distinct sentence: every occurrence of each listed alias."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    gold: dict[str, set[Span]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        pattern = r"(?<!\w)" + re.escape(row["alias"]) + r"(?!\w)"
        spans = gold.setdefault(row["sentence"], set())
        spans.update(Span(m.start(), m.end(), row["entity"]) for m in re.finditer(pattern, row["sentence"]))
    return [(sentence, sorted(spans, key=lambda s: s.start)) for sentence, spans in gold.items()]


def kb_groups() -> dict[str, str]:
    """Every name and alias of a KB group -> its canonical name (the baseline's linker)."""
    out = {}
    for row in read_table("entities.tsv"):
        if row["type"] == "GROUP":
            for form in [row["name"], *row["aliases"].split("|")]:
                out.setdefault(_bare(form), row["name"])
    return out


def _bare(text: str) -> str:
    """A name without a leading 'the' and a trailing possessive, as the KB lists it."""
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    return re.sub(r"(?:['’]s?)$", "", text)


def sitrep_groups(nlp, texts: list[str]) -> list[list[Span]]:
    """Named mentions of sitrep's GROUP entities, each with its entity's canonical name."""
    out = []
    for doc in nlp.pipe((_doc(nlp, t) for t in texts), disable=_skipped(nlp)):
        out.append([Span(m.start, m.end, e.name) for e in records(doc)["entities"] if e.type == "GROUP"
                    for m in e.mentions if not group_anaphors().fullmatch(m.text)])
    return out


def spacy_groups(nlp, texts: list[str]) -> list[list[Span]]:
    """Bare spaCy entity spans that the KB knows as a group's name or alias."""
    groups = kb_groups()
    out = []
    with nlp.select_pipes(enable=_model_pipes(nlp)):
        for doc in nlp.pipe(texts):
            out.append([Span(e.start_char, e.end_char, groups[_bare(e.text)])
                        for e in doc.ents if _bare(e.text) in groups])
    return out


def sitrep_toponyms(nlp, texts: list[str]) -> list[list[Span]]:
    """sitrep's place mentions and NORP entity mentions."""
    out = []
    for doc in nlp.pipe((_doc(nlp, t) for t in texts), disable=_skipped(nlp)):
        ann = records(doc)
        spans = [Span(m.start, m.end) for p in ann["places"] for m in p.mentions]
        spans += [Span(m.start, m.end) for e in ann["entities"] if e.type == "NORP" for m in e.mentions]
        out.append(spans)
    return out


def spacy_toponyms(nlp, texts: list[str]) -> list[list[Span]]:
    """Bare spaCy's GPE/LOC/FAC/NORP entities."""
    with nlp.select_pipes(enable=_model_pipes(nlp)):
        return [[Span(e.start_char, e.end_char) for e in doc.ents if e.label_ in SPACY_PLACE_LABELS]
                for doc in nlp.pipe(texts)]


def _skipped(nlp) -> list[str]:
    return [p for p in SKIP_PIPES if p in nlp.pipe_names]


def _model_pipes(nlp) -> list[str]:
    return [n for n in nlp.pipe_names if not n.startswith("sitrep_")]


def score(gold: list[list[Span]], predicted: list[list[Span]], linked: bool) -> dict[str, float]:
    """P/R/F1 of one-to-one overlapping spans; with `linked`, a pair must name one entity."""
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, predicted):
        n_gold, n_pred = n_gold + len(g), n_pred + len(p)
        if linked:
            tp += sum(len(_match(_toponyms([s for s in g if s.entity == name]),
                                 _toponyms([s for s in p if s.entity == name]), strict=False))
                      for name in {s.entity for s in g})
        else:
            tp += len(_match(_toponyms(g), _toponyms(p), strict=False))
    precision, recall, f1 = _prf(tp, n_pred, n_gold)
    return {"gold": n_gold, "predicted": n_pred, "precision": precision, "recall": recall, "f1": f1}


def _toponyms(spans: list[Span]) -> list[Toponym]:
    """eval/places.py's matcher works on Toponyms; the coordinates play no part in it."""
    return [Toponym(s.start, s.end, None, None) for s in spans]


def alias_rows(nlp, path: Path = ALIAS_SET) -> list[list[object]]:
    """Recognition and linking rows for both systems on the alias sentences."""
    items = read_alias_set(path)
    texts, gold = [t for t, _ in items], [g for _, g in items]
    rows = []
    for system, predict in (("sitrep", sitrep_groups), ("spaCy", spacy_groups)):
        predicted = predict(nlp, texts)
        for task in ("recognition", "linking"):
            result = score(gold, predicted, linked=task == "linking")
            rows.append(["aliases", system, task, len(texts), *result.values()])
    return rows


def geowebnews_rows(nlp, path: Path, limit: Optional[int] = None) -> list[list[object]]:
    """Toponym recognition rows for both systems on GeoWebNews articles."""
    articles = read_geowebnews(path)[:limit]
    texts = [a.text for a in articles]
    gold = [[Span(t.start, t.end) for t in a.gold] for a in articles]
    rows = []
    for system, predict in (("sitrep", sitrep_toponyms), ("spaCy", spacy_toponyms)):
        result = score(gold, predict(nlp, texts), linked=False)
        rows.append(["geowebnews", system, "recognition", len(texts), *result.values()])
    return rows


def run(data_dir, nlp=None, alias_set: Path = ALIAS_SET, limit: Optional[int] = None) -> ResultTable:
    """The table `sitrep eval entities` prints; each set is scored when its file is there."""
    geowebnews = Path(data_dir) / GEOWEBNEWS
    if not geowebnews.exists() and not alias_set.exists():
        raise EvalDataMissing(geowebnews, "geowebnews-dev.xml, or the repository's alias sentences")
    if nlp is None:
        from ..nlp import load_pipeline
        nlp = load_pipeline()
    rows = alias_rows(nlp, alias_set) if alias_set.exists() else []
    rows += geowebnews_rows(nlp, geowebnews, limit) if geowebnews.exists() else []
    return ResultTable(
        title="entities: recognition and linking, sitrep vs bare spaCy", columns=COLUMNS, rows=rows,
        notes=[("aliases: group mentions in alias_sentences.tsv; spaCy's spans are linked through the "
                "KB, so the systems differ in recognition only"),
               "geowebnews: gold toponyms with coordinates; sitrep places + NORP vs spaCy GPE/LOC/FAC/NORP",
               "a prediction matches a gold span when they overlap (one to one)"])
