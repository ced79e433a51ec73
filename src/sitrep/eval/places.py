"""Geoparsing evaluation: sitrep's places against a naive baseline on GeoWebNews and LGL.

Metrics follow Gritta, Pilehvar & Collier, "A Pragmatic Guide to Geoparsing Evaluation"
(LRE 2019): geotagging precision/recall/F1 on toponym spans (a prediction matches a
gold span when the two overlap, one to one; strict = identical offsets is reported too),
and geocoding accuracy within 161 km (100 miles) and median error over the gold
toponyms that carry coordinates. A gold toponym that a system did not find, or found
without coordinates, counts as the largest possible error (20,039 km), so recognition
misses are charged to geocoding too and the systems are scored on the same gold set.
Gold toponyms are those with coordinates (GeoWebNews' literal and associative types;
the surrounding "expression" spans, demonyms, languages and homonyms have none).

The baseline is spaCy's GPE/LOC entities from the same model, each given the most
populous gazetteer candidate of its text: what a geoparser gets with no context.
"""

from __future__ import annotations

import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..documents import Document
from ..extract.annotations import records
from ..geo.gazetteer import gazetteer

MISS_KM = 20039.0
ACCURACY_KM = 161.0
DATASETS = {"geowebnews-dev": "geowebnews-dev.xml", "lgl": "lgl.xml"}
SKIP_PIPES = ("sitrep_attribution", "sitrep_claims")


@dataclass
class Toponym:
    start: int
    end: int
    lat: Optional[float]
    lon: Optional[float]


@dataclass
class Article:
    text: str
    gold: list[Toponym]


def _float(text: Optional[str]) -> Optional[float]:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_geowebnews(path: Path) -> list[Article]:
    """GeoWebNews XML (data/GWN.xml format): gold = toponyms that have coordinates."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        gold = []
        for t in art.iter("toponym"):
            lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            if lat is not None and lon is not None:
                gold.append(Toponym(int(t.findtext("start")), int(t.findtext("end")), lat, lon))
        out.append(Article(art.findtext("text") or "", gold))
    return out


def read_lgl(path: Path) -> list[Article]:
    """LGL XML: every toponym with its GeoNames lat/lon (gaztag)."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        gold = []
        for t in art.iter("toponym"):
            tag = t.find("gaztag")
            lat = _float(tag.findtext("lat")) if tag is not None else None
            lon = _float(tag.findtext("lon")) if tag is not None else None
            if lat is not None and lon is not None:
                gold.append(Toponym(int(t.findtext("start")), int(t.findtext("end")), lat, lon))
        out.append(Article(art.findtext("text") or "", gold))
    return out


READERS = {"geowebnews-dev": read_geowebnews, "lgl": read_lgl}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a 6371 km sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- systems


def sitrep_system(nlp) -> Callable[[list[str]], list[list[Toponym]]]:
    """sitrep's pipeline: predicted toponyms are the mentions of its places."""
    def run(texts: list[str]) -> list[list[Toponym]]:
        docs = (_doc(nlp, t) for t in texts)
        out = []
        for doc in nlp.pipe(docs, disable=[p for p in SKIP_PIPES if p in nlp.pipe_names]):
            out.append([Toponym(m.start, m.end, p.lat, p.lon)
                        for p in records(doc)["places"] for m in p.mentions])
        return out
    return run


def baseline_system(nlp) -> Callable[[list[str]], list[list[Toponym]]]:
    """spaCy GPE/LOC plus the most populous gazetteer candidate of the entity's text."""
    gaz = gazetteer()
    names = [n for n in nlp.pipe_names if not n.startswith("sitrep_")]

    def run(texts: list[str]) -> list[list[Toponym]]:
        out = []
        with nlp.select_pipes(enable=names):
            for doc in nlp.pipe(texts):
                found = []
                for ent in doc.ents:
                    if ent.label_ in ("GPE", "LOC"):
                        cands = gaz.lookup(ent.text)
                        c = cands[0] if cands else None
                        found.append(Toponym(ent.start_char, ent.end_char,
                                             c.lat if c else None, c.lon if c else None))
                out.append(found)
        return out
    return run


def _doc(nlp, text: str):
    """A Doc over the raw article text (gold offsets index it, so no cleaning)."""
    doc = nlp.make_doc(text)
    doc._.document = Document(input="eval", body=text)
    return doc


# --------------------------------------------------------------------------- scoring


def _match(gold: list[Toponym], pred: list[Toponym], strict: bool) -> list[tuple[Toponym, Toponym]]:
    """One-to-one pairs of gold and predicted spans (identical, or overlapping)."""
    pairs, used = [], set()
    for g in gold:
        for j, p in enumerate(pred):
            hit = (p.start, p.end) == (g.start, g.end) if strict else p.start < g.end and g.start < p.end
            if j not in used and hit:
                pairs.append((g, p))
                used.add(j)
                break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(articles: list[Article], predictions: list[list[Toponym]]) -> dict:
    """Geotagging P/R/F1 (overlap and strict) and geocoding accuracy@161km, median km."""
    tp = tp_strict = n_pred = n_gold = 0
    errors = []
    for art, pred in zip(articles, predictions):
        n_pred += len(pred)
        n_gold += len(art.gold)
        tp_strict += len(_match(art.gold, pred, strict=True))
        pairs = _match(art.gold, pred, strict=False)
        tp += len(pairs)
        found = {id(g): p for g, p in pairs}
        for g in art.gold:
            p = found.get(id(g))
            ok = p is not None and p.lat is not None and p.lon is not None
            errors.append(haversine_km(g.lat, g.lon, p.lat, p.lon) if ok else MISS_KM)
    p, r, f = _prf(tp, n_pred, n_gold)
    f_strict = _prf(tp_strict, n_pred, n_gold)[2]
    return {"gold": n_gold, "predicted": n_pred, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3), "f1_strict": round(f_strict, 3),
            "acc@161km": round(sum(e <= ACCURACY_KM for e in errors) / max(1, len(errors)), 3),
            "median_km": round(statistics.median(errors), 1) if errors else None}


def run(data_dir, datasets: Iterable[str] = tuple(DATASETS), nlp=None, limit: Optional[int] = None) -> list[dict]:
    """One row per (dataset, system): the table `sitrep eval places` prints.

    data_dir holds geowebnews-dev.xml and/or lgl.xml (missing files are skipped);
    `limit` caps the articles per dataset for quick runs.
    """
    if nlp is None:
        from ..nlp import load_pipeline
        nlp = load_pipeline()
    rows = []
    for name in datasets:
        path = Path(data_dir) / DATASETS[name]
        if not path.exists():
            continue
        articles = READERS[name](path)[:limit]
        texts = [a.text for a in articles]
        for system, make in (("baseline", baseline_system), ("sitrep", sitrep_system)):
            t0 = time.perf_counter()
            predictions = make(nlp)(texts)
            seconds = time.perf_counter() - t0
            rows.append({"suite": "places", "dataset": name, "system": system,
                         "articles": len(articles), **score(articles, predictions),
                         "seconds": round(seconds, 2)})
    return rows
