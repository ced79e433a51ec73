"""Cut a pool of sentences the current event coder thinks hold a rarely labelled type.

Why: in plain news most events are accusations, arrests and assaults; the first pools
(scripts/events_pool.py) gave a few examples each of agreements, aid, troop movements,
sanctions, releases and the like. Uncertainty sampling finds them faster: every sentence
of the three corpora not yet pooled (and not from an events-dev article) is parsed and
scored by a trained model, and for each rarer type the sentences where some word most
probably expresses it are pooled. The labellers never see the model's scores: they
label the sentences by the guidelines like any other batch, so the pool's selection may
be biased, its labels are not.

    python scripts/events_active_pool.py ../shared/data training/events/pool MODEL_DIR --per-type 45

Two more pools, for the news events-dev measures and the first pools held least of
(international news: GeoWebNews and LGL hold two thirds of events-dev's events, PolNeAR's
US campaign coverage most of the first pools' sentences):
- `--every CORPUS`: every sentence of that corpus not yet pooled (prefix `world-gwn-`,
  `world-lgl-`, `world-polnear-`);
- `--uncertain LOW HIGH --corpus CORPUS`: sentences whose likeliest event word the model
  scores between LOW and HIGH, where it is least sure whether an event is there at all
  (prefix `uncertain-`); most events it misses sit in that band.

And one for the words the labelled sentences show too seldom:
- `--tail LABELLED`: for each word the lexicon says can express an event (a CAMEO-coded verb
  or noun, a word the guidelines name) whose lemma heads fewer than TAIL_EVENTS labelled
  triggers in LABELLED, the TAIL_PER_LEMMA sentences where the model most expects it to be one
  (prefix `tail-`). Why: cross-validated recall was 0.12 on event words seen as events at most
  twice in training and 0.90 on those seen thirty times or more, and such words hold two
  fifths of all events: coverage of words, not more of the same words, is what the coder lacks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_pool import articles, split_sentences  # noqa: E402

from sitrep.documents import Document  # noqa: E402
from sitrep.extract.claims import model as event_model  # noqa: E402
from sitrep.extract.claims.candidates import is_candidate  # noqa: E402
from sitrep.extract.claims.features import build_context, dense, evidence, features  # noqa: E402
from sitrep.extract.claims.lexicon import lexicon  # noqa: E402
from sitrep.extract.claims.reading import read  # noqa: E402
from sitrep.nlp import COMPONENTS, MODEL, load_pipeline  # noqa: E402

FREQUENT = {"ACCUSE", "ASSAULT", "COERCE"}
# --future: force that is planned, threatened or forecast ("plans to strike", "vowed to bomb"):
# plain news reports force that happened, so the pools hold few of these.
FORCE = {"ASSAULT", "MOBILIZE", "THREATEN", "COERCE"}
FUTURE = {"planned", "predicted", "threatened"}
PER_DOC = 2
TAIL_EVENTS = 3
TAIL_PER_LEMMA = 3
SHORT = {"geowebnews-dev": "gwn", "lgl": "lgl", "polnear-train": "polnear"}


def load_scorer(folder: Path):
    model = event_model.read_model(folder)
    return model.types, model.trigger_nouns


def unpooled(data: Path, pool: Path) -> list[tuple[str, str, int, int, str]]:
    pooled = {json.loads(line)["sha1"] for path in sorted(pool.glob("*.jsonl"))
              for line in path.read_text(encoding="utf-8").splitlines() if line}
    excluded = {(json.loads(line)["corpus"], json.loads(line)["doc"])
                for line in (data / "events-dev" / "events-dev.jsonl").read_text(encoding="utf-8").splitlines() if line}
    out = []
    for corpus, docs in articles(data, excluded).items():
        for doc, text in docs:
            for s, e in split_sentences(text):
                sentence = text[s:e]
                if 40 <= e - s <= 400 and hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12] not in pooled:
                    out.append((corpus, doc, s, e, sentence))
    return out


def event_scores(sentences, scorer, nouns) -> list[float]:
    """The highest probability of being an event word (the `event` head) of any candidate
    word in each sentence, 0 where none."""
    nlp = load_pipeline(components=tuple(c for c in COMPONENTS if c != "sitrep_claims"))
    lex = lexicon()
    out = []
    for doc in nlp.pipe(made_docs(nlp, sentences), batch_size=256):
        context = build_context(doc)
        words = [t for t in doc if is_candidate(t, lex, nouns)]
        if not words:
            out.append(0.0)
            continue
        rows = [features(t, lex, context) for t in words]
        events, _ = scorer.probabilities([r[0] for r in rows], [r[1] for r in rows],
                                         np.vstack([dense(t, context) for t in words]))
        out.append(float(events.max()))
    return out


def labelled_lemmas(folder: Path) -> dict[str, int]:
    """How many labelled triggers each lemma heads (every verb and noun of a trigger counted:
    a rough count, enough to tell a word seen often from one seen once)."""
    nlp = spacy.load(MODEL, disable=["parser", "ner"])
    triggers = [event["trigger"] for path in sorted(folder.glob("*.jsonl"))
                for line in path.read_text(encoding="utf-8").splitlines() if line
                for event in json.loads(line)["events"]]
    counts: dict[str, int] = defaultdict(int)
    for doc in nlp.pipe(triggers, batch_size=512):
        for lemma in {t.lemma_.lower() for t in doc if t.pos_ in ("VERB", "NOUN")}:
            counts[lemma] += 1
    return counts


def tail_words(sentences, scorer, nouns, counts: dict[str, int]) -> dict[str, list[tuple[float, int]]]:
    """Lemma -> [(the event head's probability of its word, sentence index)] for words the
    lexicon can code as events whose lemma heads fewer than TAIL_EVENTS labelled triggers."""
    nlp = load_pipeline(components=tuple(c for c in COMPONENTS if c != "sitrep_claims"))
    lex = lexicon()
    found: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for n, doc in enumerate(nlp.pipe(made_docs(nlp, sentences), batch_size=256)):
        context = build_context(doc)
        words = [t for t in doc if is_candidate(t, lex, nouns) and counts.get(t.lemma_.lower(), 0) < TAIL_EVENTS]
        rows = [features(t, lex, context) for t in words]
        kept = [(t, r) for t, r in zip(words, rows) if r[1].verb or r[1].pattern or r[1].noun or r[1].guide]
        if not kept:
            continue
        events, _ = scorer.probabilities([r[0] for _, r in kept], [r[1] for _, r in kept],
                                         np.vstack([dense(t, context) for t, _ in kept]))
        for (token, _), p in zip(kept, events):
            found[token.lemma_.lower()].append((float(p), n))
    return found


def made_docs(nlp, sentences) -> list:
    made = []
    for corpus, doc_id, _, _, sentence in sentences:
        doc = nlp.make_doc(sentence)
        doc._.document = Document(input=f"{corpus}:{doc_id}", body=sentence)
        made.append(doc)
    return made


def future_force(doc, lex, nouns) -> float:
    """1 when some word the lexicon codes as force sits under an intent, threat or forecast
    cue (reading.read), else 0."""
    for token in doc:
        if not is_candidate(token, lex, nouns):
            continue
        found = evidence(token, lex)
        kinds = (found.verb | found.pattern | found.noun | found.guide) & FORCE
        if kinds and read(token, sorted(kinds)[0]).modality in FUTURE:
            return 1.0
    return 0.0


def best_by_type(sentences, scorer, nouns, future: bool = False) -> dict[str, list[tuple[float, int]]]:
    """Type -> [(best probability of that type in the sentence, sentence index)]; with
    `future`, the single key "FUTURE" -> [(1 or 0, index)] of future_force."""
    nlp = load_pipeline(components=tuple(c for c in COMPONENTS if c != "sitrep_claims"))
    lex = lexicon()
    ranked: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for n, doc in enumerate(nlp.pipe(made_docs(nlp, sentences), batch_size=256)):
        if future:
            ranked["FUTURE"].append((future_force(doc, lex, nouns), n))
            continue
        context = build_context(doc)
        words = [t for t in doc if is_candidate(t, lex, nouns)]
        if not words:
            continue
        rows = [features(t, lex, context) for t in words]
        events, kinds = scorer.probabilities([r[0] for r in rows], [r[1] for r in rows],
                                             np.vstack([dense(t, context) for t in words]))
        probabilities = events[:, None] * kinds
        for t, action in enumerate(scorer.types):
            if action not in FREQUENT:
                ranked[action].append((float(probabilities[:, t].max()), n))
        if n % 5000 == 0:
            print(f"  {n} sentences scored", file=sys.stderr)
    return ranked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("pool", type=Path)
    parser.add_argument("model", type=Path)
    parser.add_argument("--per-type", type=int, default=45)
    parser.add_argument("--per-batch", type=int, default=110)
    parser.add_argument("--round", type=int, default=1,
                        help="batches are named activeROUND- (or tailROUND-) after the first round")
    parser.add_argument("--future", action="store_true",
                        help="pool sentences of planned, threatened or forecast force instead (prefix future-)")
    parser.add_argument("--every", metavar="CORPUS",
                        help="pool every unpooled sentence of CORPUS (prefix world-SHORT-)")
    parser.add_argument("--uncertain", nargs=2, type=float, metavar=("LOW", "HIGH"),
                        help="pool sentences whose likeliest event word scores in [LOW, HIGH) (prefix uncertain-)")
    parser.add_argument("--corpus", help="with --uncertain: only sentences of this corpus")
    parser.add_argument("--limit", type=int, default=440,
                        help="with --uncertain or --tail: at most this many sentences")
    parser.add_argument("--tail", type=Path, metavar="LABELLED",
                        help="pool sentences of event words seldom labelled in LABELLED (prefix tail-)")
    args = parser.parse_args()
    scorer, nouns = load_scorer(args.model)
    sentences = unpooled(args.data, args.pool)
    print(f"{len(sentences)} sentences not yet pooled", file=sys.stderr)
    if args.every or args.uncertain:
        corpus = args.every or args.corpus
        sentences = [s for s in sentences if corpus is None or s[0] == corpus]
        chosen = list(range(len(sentences)))
        if args.uncertain:
            low, high = args.uncertain
            scores = event_scores(sentences, scorer, nouns)
            chosen = [n for n in chosen if low <= scores[n] < high]
        if args.uncertain:
            chosen = per_doc_limited(sentences, chosen, args.limit)
        write(args, sentences, chosen, f"world-{SHORT[args.every]}" if args.every else "uncertain")
        return
    def order(pair):  # best score first, ties in a fixed order
        return -pair[0], hashlib.sha1(sentences[pair[1]][4].encode()).hexdigest()

    if args.tail:
        write(args, sentences, tail_pool(sentences, tail_words(sentences, scorer, nouns, labelled_lemmas(args.tail)),
                                         order, args.limit), "tail" if args.round == 1 else f"tail{args.round}")
        return
    ranked = best_by_type(sentences, scorer, nouns, future=args.future)
    chosen: list[int] = []
    per_doc: dict[tuple[str, str], int] = defaultdict(int)

    for action in sorted(ranked):
        taken = 0
        for _, n in sorted(ranked[action], key=order):
            key = sentences[n][:2]
            if taken >= args.per_type:
                break
            if n in chosen or per_doc[key] >= PER_DOC:
                continue
            chosen.append(n)
            per_doc[key] += 1
            taken += 1
    prefix = "future" if args.future else "active" if args.round == 1 else f"active{args.round}"
    write(args, sentences, chosen, prefix)


def tail_pool(sentences, found: dict[str, list[tuple[float, int]]], order, limit: int) -> list[int]:
    """Round by round, each tail lemma's next likeliest sentence, the words whose best sentence
    scores highest first (at most TAIL_PER_LEMMA per
    lemma, PER_DOC per article, `limit` in all): as many words as possible before more of one."""
    chosen: list[int] = []
    per_doc: dict[tuple[str, str], int] = defaultdict(int)
    queues = {lemma: sorted(pairs, key=order) for lemma, pairs in found.items()}
    queues = dict(sorted(queues.items(), key=lambda item: (order(item[1][0]), item[0])))  # likeliest words first
    for _ in range(TAIL_PER_LEMMA):
        for lemma, queue in queues.items():
            while queue and len(chosen) < limit:
                _, n = queue.pop(0)
                if n not in chosen and per_doc[sentences[n][:2]] < PER_DOC:
                    chosen.append(n)
                    per_doc[sentences[n][:2]] += 1
                    break
    return chosen


def per_doc_limited(sentences, chosen: list[int], limit: int) -> list[int]:
    """At most PER_DOC sentences of an article and `limit` in all, in a seedless shuffle."""
    per_doc: dict[tuple[str, str], int] = defaultdict(int)
    kept = []
    for n in sorted(chosen, key=lambda n: hashlib.sha1(sentences[n][4].encode("utf-8")).hexdigest()):
        if len(kept) < limit and per_doc[sentences[n][:2]] < PER_DOC:
            per_doc[sentences[n][:2]] += 1
            kept.append(n)
    return kept


def write(args, sentences, chosen: list[int], prefix: str) -> None:
    chosen = sorted(chosen, key=lambda n: hashlib.sha1(sentences[n][4].encode("utf-8")).hexdigest())  # seedless shuffle
    records = [{"corpus": c, "doc": d, "start": s, "end": e, "sha1": hashlib.sha1(t.encode("utf-8")).hexdigest()[:12],
                "text": t} for c, d, s, e, t in (sentences[n] for n in chosen)]
    for k in range(0, len(records), args.per_batch):
        path = args.pool / f"{prefix}-{k // args.per_batch + 1:02d}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[k:k + args.per_batch]),
                        encoding="utf-8")
    print(f"{len(records)} sentences in {(len(records) + args.per_batch - 1) // args.per_batch} batches")


if __name__ == "__main__":
    main()
