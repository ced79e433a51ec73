"""`sitrep eval attribution`: how well sitrep finds what was said and by whom.

Data: PolNeAR (Newell, Margolin, Ruths, LREC 2018), the dev split of
data/attribution-polnear: raw article texts and brat standoff files in which
annotators marked every attribution's Source, Cue and Content spans. For each
article (the first annotator's file where two annotated it) sitrep's statements
(direct and reported; the pieces of one quotation broken by its cue or run over
paragraphs together, as PolNeAR marks one Content, by the quotes' `continues`)
are matched one-to-one to the gold Content spans, a pair
matching when their overlap is at least half the shorter span; precision,
recall and F1 count those matches. Of the matched statements (those with a
gold Source span), "source ok" is the share whose predicted source has any
mention overlapping the gold Source span: the right speaker, however the
annotator chose to mark them. "source strict" asks more: the predicted
source's mention nearest to the statement (outside its content) must be on
the gold span, so credit from a far mention of a source that merged several
speakers, or from a pronoun resolved to the wrong antecedent, is not counted.

textacy's `direct_quotations` runs on the same texts, parsed by the same spaCy
model, and is scored the same way (its speaker tokens stand for the source):
the baseline the issue asks sitrep to double.

`python -m sitrep.eval.attribution --check DATA_DIR` runs the attribution
step over every train and dev text and reports any that raise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .results import EvalDataMissing, ResultTable, one_to_one

FOLDER = "attribution-polnear"
# The held-apart set of this repository (a source checkout; not in the wheel).
WORLD = Path(__file__).resolve().parents[3] / "evaluation" / "attribution-world"
PRONOUNS = WORLD.parent / "pronoun-speakers"
COLUMNS = ["data", "system", "articles", "gold", "predicted", "precision", "recall", "F1", "source ok",
           "source strict", "speaker named", "seconds"]
Spans = list[tuple[int, int]]


@dataclass
class Statement:
    """An attribution's content span(s) and its source span(s) (empty when it has none)."""

    content: Spans
    source: Spans = field(default_factory=list)
    # gold: who the speaker is, as the labels name them (the world set); predicted: every name,
    # description and mention text of the source
    names: list[str] = field(default_factory=list)


@dataclass
class Article:
    name: str
    text: str
    gold: list[Statement]


# --- data ------------------------------------------------------------------------------------

def load_split(folder: Path, split: str = "dev") -> list[Article]:
    """Articles of one split with the first annotator's attributions."""
    text_dir, ann_dir = folder / split / "text", folder / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise EvalDataMissing(folder, f"{split}/text and {split}/attributions of PolNeAR")
    articles = []
    for text_file in sorted(text_dir.glob("*.txt")):
        ann_files = sorted(ann_dir.glob(text_file.stem + "_*.ann"))
        if not ann_files:
            continue
        text = text_file.read_text(encoding="utf-8")
        articles.append(Article(text_file.stem, text, parse_brat(ann_files[0].read_text(encoding="utf-8"))))
    return articles


def parse_brat(ann: str) -> list[Statement]:
    """Statements of a brat .ann: T lines give spans, E lines tie Content to Source."""
    spans, events = _brat(ann)
    statements = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if content:
            statements.append(Statement(content, spans.get(args.get("Source", ""), [])))
    return statements


def parse_brat_cues(ann: str) -> Spans:
    """The Cue spans of a brat .ann's attributions (the words that report them)."""
    spans, events = _brat(ann)
    return [span for args in events for span in spans.get(args.get("Cue", ""), [])]


def _brat(ann: str) -> tuple[dict[str, Spans], list[dict[str, str]]]:
    """(span id -> offsets, one argument dict per E line) of a brat standoff file."""
    spans: dict[str, Spans] = {}
    events = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    return spans, events


# --- scoring ---------------------------------------------------------------------------------

def overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def length(spans: Spans) -> int:
    return sum(e - s for s, e in spans)


def nearest(mentions: Spans, content: Spans) -> Spans:
    """The mention closest to a statement's content, outside its pieces (none when there is
    none): for '"A," he said, "B."' the "he" between the pieces."""
    def distance(m: tuple[int, int]) -> int:
        return min(s - m[1] if m[1] <= s else m[0] - e if m[0] >= e else 0 for s, e in content)

    outside = [m for m in mentions if not any(m[0] < e and s < m[1] for s, e in content)]
    if not outside:
        return []
    return [min(outside, key=distance)]


def match(predicted: list[Statement], gold: list[Statement]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted, gold) overlapping by half the shorter span, largest first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            shared = overlap(p.content, g.content)
            if shared and shared >= 0.5 * min(length(p.content), length(g.content)):
                candidates.append((shared, i, j))
    return one_to_one(candidates)


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_source: int = 0
    source_ok: int = 0
    source_strict: int = 0
    with_name: int = 0
    named: int = 0

    def add(self, predicted: list[Statement], gold: list[Statement]) -> None:
        pairs = match(predicted, gold)
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.matched += len(pairs)
        for i, j in pairs:
            if gold[j].source:
                self.with_source += 1
                self.source_ok += overlap(predicted[i].source, gold[j].source) > 0
                closest = nearest(predicted[i].source, predicted[i].content)
                self.source_strict += overlap(closest, gold[j].source) > 0
            if gold[j].source and gold[j].names:
                self.with_name += 1
                self.named += names_speaker(predicted[i].names, gold[j].names[0])

    def row(self, data: str, system: str, articles: int, seconds: float) -> list[object]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        ok = self.source_ok / self.with_source if self.with_source else None
        strict = self.source_strict / self.with_source if self.with_source else None
        named = self.named / self.with_name if self.with_name else None
        return [data, system, articles, self.gold, self.predicted, p, r, f1, ok, strict, named, round(seconds, 1)]


def source_names(source) -> list[str]:
    """A source's name, description and the texts of its mentions but pronouns: what may name
    a speaker (a pronoun mention would name whoever it was resolved to)."""
    from ..extract.attribution.lexicon import PRONOUNS_RELATIVE
    from ..extract.referents import pronouns

    skip = set(pronouns()) | PRONOUNS_RELATIVE
    return [source.name or "", source.description] + [m.text for m in source.mentions if m.text.lower() not in skip]


def names_speaker(names: list[str], speaker: str) -> bool:
    """Whether a source's names name a labelled speaker: the speaker's name as labelled ("Master
    Greg Fears, a retired police officer") by its last word before any apposition ("Fears"),
    found among the source's name, description and mention texts. A pronoun mention counts only
    through the source it was resolved to, so this is where a wrong "he" shows."""
    core = speaker.split(",")[0].split("(")[0].split()
    if not core:
        return False
    last = core[-1].strip(".'’").lower()
    return any(last in name.lower().split() or last in name.lower() for name in names if name)


# --- systems ---------------------------------------------------------------------------------

def sitrep_statements(text: str) -> list[Statement]:
    """sitrep's quotes on a raw text (parsed as is, so offsets are the corpus's)."""
    from ..extract.annotations import annotations
    from ..nlp import load_pipeline

    doc = load_pipeline()(text)
    ann = annotations(doc)
    mentions = {s.id: [(m.start, m.end) for m in s.mentions] for s in ann.sources}
    names = {s.id: source_names(s) for s in ann.sources}
    statements: dict[str, Statement] = {}  # a statement's pieces together, as PolNeAR marks one Content
    for q in ann.quotes:
        opened = statements.get(q.continues or q.id)
        if opened is None:
            statements[q.id] = Statement([(q.start, q.end)], mentions.get(q.source, []), names.get(q.source, []))
        else:
            opened.content.append((q.start, q.end))
    return list(statements.values())


def textacy_statements(text: str) -> list[Statement]:
    """textacy's direct_quotations on the same model's parse (nothing where it gives up)."""
    from textacy.extract.triples import direct_quotations

    doc = _plain_model()(text)
    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # it bails out of a whole article on an unclosed quotation mark
        return []
    for triple in triples:
        content = (triple.content[0].idx, triple.content[-1].idx + len(triple.content[-1]))
        out.append(Statement([content], [(t.idx, t.idx + len(t)) for t in triple.speaker],
                             [" ".join(t.text for t in triple.speaker)]))
    return out


def _plain_model():
    import spacy

    from ..nlp import MODEL

    global _PLAIN
    if _PLAIN is None:
        _PLAIN = spacy.load(MODEL)
    return _PLAIN


_PLAIN = None


def _textacy_available() -> bool:
    try:
        import textacy.extract.triples  # noqa: F401
    except ImportError:
        return False
    return True


def score(system: Callable[[str], list[Statement]], articles: Iterable[Article]) -> tuple[Tally, float]:
    tally, began = Tally(), time.perf_counter()
    for article in articles:
        tally.add(system(article.text), article.gold)
    return tally, time.perf_counter() - began


def load_world(folder: Path = WORLD) -> list[Article]:
    """The held-apart world-news set (evaluation/attribution-world): articles and hand labels."""
    articles, labels = folder / "articles.jsonl", folder / "labels.jsonl"
    if not articles.is_file() or not labels.is_file():
        return []
    gold = {(row["corpus"], row["doc"]): row["statements"] for row in map(json.loads, _lines(labels))}
    out = []
    for row in map(json.loads, _lines(articles)):
        statements = [Statement([tuple(s) for s in st["content"]], [tuple(s) for s in st["source"]],
                                [st["speaker"]] if st.get("speaker") else [])
                      for st in gold.get((row["corpus"], row["doc"]), [])]
        out.append(Article(f"{row['corpus']}/{row['doc']}", row["text"], statements))
    return out


def pronoun_row(data_dir: Path, folder: Path = PRONOUNS) -> list[object] | None:
    """How often sitrep's source at a pronoun speaker ("he said") is the person the pronoun
    stands for: 150 pronoun Sources of PolNeAR train labelled with their referents
    (evaluation/pronoun-speakers, development data). None without the set or the texts."""
    from ..extract.annotations import annotations
    from ..nlp import load_pipeline

    texts_dir = Path(data_dir) / FOLDER / "train" / "text"
    if not (folder / "items.jsonl").is_file() or not texts_dir.is_dir():
        return None
    labels = {(r["article"], r["source_start"]): r for r in map(json.loads, _lines(folder / "labels.jsonl"))}
    by_article: dict[str, list[dict]] = {}
    for item in map(json.loads, _lines(folder / "items.jsonl")):
        by_article.setdefault(item["article"], []).append(item)
    began, found, right = time.perf_counter(), 0, 0
    nlp = load_pipeline()
    articles = sorted(by_article)
    texts = [(texts_dir / f"{name}.txt").read_text(encoding="utf-8") for name in articles]
    for name, doc in zip(articles, nlp.pipe(texts, batch_size=8)):
        sources = annotations(doc).sources
        for item in by_article[name]:
            start, end = item["source_start"], item["source_end"]
            source = next((s for s in sources if any(m.start < end and start < m.end for m in s.mentions)), None)
            if source is None:
                continue
            found += 1
            label = labels[(name, start)]
            right += any(names_speaker(source_names(source), referent) for referent in [label["referent"]]
                         + label["referent_mentions"])
    items = sum(len(v) for v in by_article.values())
    return ["PolNeAR train pronoun speakers", "sitrep", len(articles), items, found, None, None, None, None, None,
            right / items, round(time.perf_counter() - began, 1)]


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(data_dir: Path) -> ResultTable:
    """Score sitrep (and textacy, when installed) on the PolNeAR dev split, then on the
    held-apart world-news set of this repository when it is there."""
    sets = [("PolNeAR dev", load_split(Path(data_dir) / FOLDER, "dev"))]
    world = load_world()
    if world:
        sets.append(("world news, held apart", world))
    systems: list[tuple[str, Callable]] = [("sitrep", sitrep_statements)]
    notes = ["content spans match at >= 50% of the shorter span; one-to-one",
             ("source ok: share of matched statements (with a gold source) whose source has a mention"
              " on the gold source span; source strict: its mention nearest the statement is on it"),
             ("world news, held apart: 40 GeoWebNews-dev and LGL articles (evaluation/attribution-world,"
              " 320 statements) labelled by one annotator from the text alone, never used to write a"
              " rule; small: differences of a few points are noise"),
             ("speaker named: share of matched statements whose labelled speaker (the world set names them,"
              " pronouns resolved) the source's name, description or a mention names")]
    if not world:
        notes.append("evaluation/attribution-world is not in this install: PolNeAR rows only")
    if _textacy_available():
        systems.append(("textacy direct_quotations", textacy_statements))
    else:
        notes.append("textacy is not installed: no baseline row")
    rows = []
    for label, articles in sets:
        for name, system in systems:
            tally, seconds = score(system, articles)
            rows.append(tally.row(label, name, len(articles), seconds))
    pronouns = pronoun_row(data_dir)
    if pronouns is not None:
        rows.append(pronouns)
        notes.append("PolNeAR train pronoun speakers: 150 pronoun Sources (\"he said\") of PolNeAR train labelled with"
                     " whom they stand for (evaluation/pronoun-speakers, development data); predicted: items with a"
                     " source at the pronoun; speaker named: share of all 150 whose source names that person")
    return ResultTable(title="Attribution: PolNeAR dev; world news held apart", columns=COLUMNS, rows=rows,
                       notes=notes)


# --- robustness check ------------------------------------------------------------------------

def corpus_files(data_dir: Path, splits: tuple[str, ...] = ("train", "dev")) -> list[Path]:
    """The PolNeAR text files of the given splits, in a stable order."""
    return [f for split in splits for f in sorted((Path(data_dir) / FOLDER / split / "text").glob("*.txt"))]


def failures(paths: Iterable[Path], workers: int = 1) -> list[tuple[str, str]]:
    """(file, error) for every text on which the attribution step raises; empty when none does.

    With workers > 1 the files are shared out over that many processes (the
    parse is the cost, and it is the same whichever process does it).
    """
    paths = [str(p) for p in paths]
    if workers <= 1 or len(paths) < 2 * workers:
        return _failures(paths)
    chunks = [paths[n::workers] for n in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        found = [f for part in pool.map(_failures, chunks) for f in part]
    return sorted(found)


def _failures(paths: list[str]) -> list[tuple[str, str]]:
    """failures() in this process: the model and the components attribution reads from run
    batched with nlp.pipe (claims, which only reads attribution, is left out); attribution
    then runs on each Doc alone, so a failure names its file."""
    from ..extract.attribution import attribute
    from ..nlp import load_pipeline

    nlp = load_pipeline()
    texts = (Path(p).read_text(encoding="utf-8") for p in paths)
    found = []
    with nlp.select_pipes(disable=["sitrep_attribution", "sitrep_claims"]):
        for path, doc in zip(paths, nlp.pipe(texts, batch_size=32)):
            try:
                attribute(doc)
            except Exception as err:  # noqa: BLE001 - the point is to list every failure
                found.append((path, f"{type(err).__name__}: {err}"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="folder holding attribution-polnear/")
    parser.add_argument("--check", action="store_true", help="only run over train+dev and list failures")
    args = parser.parse_args(argv)
    if args.check:
        files = corpus_files(args.data_dir)
        failed = failures(files, workers=os.cpu_count() or 1)
        for path, error in failed:
            print(f"{path}: {error}", file=sys.stderr)
        print(f"{len(failed)} of {len(files)} texts failing")
        return 1 if failed else 0
    from .results import format_table

    print(format_table(run(args.data_dir)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
