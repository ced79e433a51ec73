"""`sitrep eval events`: event coding scored on hand-labelled news sentences.

The data is `events-dev/events-dev.jsonl` in the data folder (format and labelling rules:
its GUIDELINES.md): sentences of GeoWebNews, LGL and PolNeAR news, each PLOVER event
labelled with acceptable types, actor and target strings, modality and negation. Any
folder in that format can be scored (`--data DIR` holding `events-dev/`), so held-out
halves are measured by the same code.

Each sentence is analysed on its own, as `sitrep.analyze` would. sitrep's claims are
grouped by trigger (one event with two targets is two claims but one event). Scoring is
the guidelines' own (section 8):
- a predicted event matches a gold event of its sentence when its action is one of the
  gold's acceptable actions and its actor overlaps a gold actor string (case-insensitive,
  a shared content word or one inside the other); the actor test is skipped when the gold
  actor is unstated or the prediction names none; for CONSULT, AGREE and COOPERATE a gold
  target also counts as the actor. Matching is one to one, best pairs first.
- recall = matched gold events / gold events; precision = matched predictions /
  predictions, where a negated prediction on a sentence with no event is not counted.
- of matched events: actor right (overlap as above; an unstated gold actor wants none),
  target right (of the matched events whose gold names a target), modality right (the
  predicted value is in the gold list), negation right (exact).

The baseline is what bare spaCy and a verb lemma lookup give: every verb whose lemma the
CAMEO verb dictionary codes on its own (kb/event_verbs.tsv) is an event of that type,
its subject the actor, its object the target, occurred, negated when it has a "not".
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import PLOVER_TYPES
from .results import EvalDataMissing, ResultTable, one_to_one

FOLDER = Path("events-dev")
FILE = "events-dev.jsonl"
SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE"}
STOP = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "s", "'s", "’s", "his", "her", "its",
        "their", "our", "two", "three", "some", "other", "this", "that", "these", "those", "by", "with"}
WORD = re.compile(r"\w+")
COLUMNS = ["system", "gold", "predicted", "matched", "recall", "precision", "f1",
           "actor", "target", "modality", "negation"]
TYPE_COLUMNS = ["type", "gold", "predicted", "matched", "recall", "precision", "f1"]


@dataclass
class GoldEvent:
    trigger: str
    actions: list[str]
    actors: list[str]
    targets: list[str]
    modalities: list[str]
    negated: bool

    @property
    def unstated(self) -> bool:
        return not self.actors


@dataclass
class Sentence:
    corpus: str
    doc: str
    text: str
    events: list[GoldEvent]


@dataclass
class Predicted:
    """One event a system found in a sentence (the claims of one trigger, merged)."""

    action: str
    actor: str | None = None
    targets: list[str] = field(default_factory=list)
    modality: str = "occurred"
    negated: bool = False
    trigger: str = ""


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    actor: int = 0
    target: int = 0
    target_named: int = 0
    modality: int = 0
    negation: int = 0
    by_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def ratios(self) -> dict[str, float]:
        recall = self.matched / self.gold if self.gold else 0.0
        precision = self.matched / self.predicted if self.predicted else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        of = self.matched or 1
        return {"recall": recall, "precision": precision, "f1": f1, "actor": self.actor / of,
                "target": self.target / (self.target_named or 1), "modality": self.modality / of,
                "negation": self.negation / of}


def load(path: Path) -> list[Sentence]:
    """The labelled sentences of an events-dev style JSON Lines file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        events = [GoldEvent(e["trigger"], e["action"], e["actor"], e["target"], e["modality"], e["negated"])
                  for e in record["events"]]
        out.append(Sentence(record["corpus"], record["doc"], record["text"], events))
    return out


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.casefold()) if w not in STOP}


def overlaps(predicted: str | None, gold: Iterable[str]) -> bool:
    """Whether a predicted phrase overlaps any gold string (substring or a content word)."""
    if not predicted:
        return False
    mine = predicted.casefold().strip()
    own = words(predicted)
    for option in gold:
        theirs = option.casefold().strip()
        if mine and (mine in theirs or theirs in mine) or own & words(option):
            return True
    return False


def actor_agrees(p: Predicted, g: GoldEvent) -> bool:
    """The guidelines' match test on the actor (skipped when either side has none)."""
    if g.unstated or not p.actor:
        return True
    if overlaps(p.actor, g.actors):
        return True
    return p.action in SYMMETRIC and overlaps(p.actor, g.targets)


def actor_right(p: Predicted, g: GoldEvent) -> bool:
    """Secondary measure: the right doer, and none where the text states none."""
    if g.unstated:
        return not p.actor
    return overlaps(p.actor, g.actors) or (p.action in SYMMETRIC and overlaps(p.actor, g.targets))


def target_right(p: Predicted, g: GoldEvent) -> bool:
    options = g.targets + (g.actors if p.action in SYMMETRIC else [])
    return any(overlaps(t, options) for t in p.targets)


def match(predicted: Sequence[Predicted], gold: Sequence[GoldEvent]) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction, gold) that match, the pairs agreeing most taken first."""
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if p.action in g.actions and actor_agrees(p, g):
                quality = (actor_right(p, g), p.action == g.actions[0], p.modality in g.modalities,
                           g.trigger.casefold() in p.trigger.casefold() or p.trigger.casefold() in g.trigger.casefold())
                pairs.append((quality, i, j))
    return one_to_one(pairs)


def score(sentences: Sequence[Sentence], predictions: Sequence[Sequence[Predicted]]) -> Score:
    result = Score()
    for sentence, predicted in zip(sentences, predictions):
        counted = [p for p in predicted if sentence.events or not p.negated]
        result.gold += len(sentence.events)
        result.predicted += len(counted)
        for g in sentence.events:
            result.by_type[g.actions[0]]["gold"] += 1
        for p in counted:
            result.by_type[p.action]["predicted"] += 1
        for i, j in match(counted, sentence.events):
            p, g = counted[i], sentence.events[j]
            result.matched += 1
            result.by_type[p.action]["matched_p"] += 1
            result.by_type[g.actions[0]]["matched_g"] += 1
            result.actor += actor_right(p, g)
            if g.targets:
                result.target_named += 1
                result.target += target_right(p, g)
            result.modality += p.modality in g.modalities
            result.negation += p.negated == g.negated
    return result


# --- systems ------------------------------------------------------------------------------------

def sitrep_predictions(sentences: Sequence[Sentence]) -> list[list[Predicted]]:
    """sitrep's claims on each sentence, one Predicted per trigger."""
    from ..documents import RawDocument
    from ..pipeline import analyze_raw_documents

    raws = [RawDocument(input=f"{s.corpus}:{s.doc}", text=s.text) for s in sentences]
    out = []
    for analysis in analyze_raw_documents(raws, remove_boilerplate=False):
        out.append(predictions_of(analysis) if not isinstance(analysis, Exception) else [])
    return out


def predictions_of(analysis) -> list[Predicted]:
    """An Analysis's claims as events: claims sharing a trigger are one event."""
    names = {e.id: e.name for e in analysis.entities} | {p.id: p.name for p in analysis.places}
    events: dict[tuple, Predicted] = {}
    for claim in analysis.claims:
        trigger = claim.trigger
        key = (trigger.start, trigger.end, claim.action) if trigger else (claim.id,)
        actor = claim.actor_text or names.get(claim.actor or "")
        targets = list(claim.target_text) or [names[t] for t in claim.target if t in names]
        event = events.get(key)
        if event is None:
            events[key] = Predicted(claim.action, actor, targets, claim.modality, claim.negated,
                                    trigger.text if trigger else "")
        else:
            event.targets += [t for t in targets if t not in event.targets]
    return list(events.values())


def baseline_predictions(sentences: Sequence[Sentence]) -> list[list[Predicted]]:
    """Bare spaCy + a verb lemma lookup in the CAMEO-derived verb table."""
    import spacy

    from ..kb import read_table
    from ..nlp import MODEL

    verbs = {row["lemma"]: row["type"] for row in read_table("event_verbs.tsv")}
    nlp = spacy.load(MODEL)
    out = []
    for doc in nlp.pipe(s.text for s in sentences):
        found = []
        for token in doc:
            action = verbs.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
            if action is None:
                continue
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            obj = next((c for c in token.children if c.dep_ == "dobj"), None)
            found.append(Predicted(action, _phrase(subject), [_phrase(obj)] if obj is not None else [],
                                   "occurred", any(c.dep_ == "neg" for c in token.children), token.text))
        out.append(found)
    return out


def _phrase(token) -> str | None:
    if token is None:
        return None
    return token.doc[token.left_edge.i: token.i + 1].text


# --- the suite ----------------------------------------------------------------------------------

def rows_for(name: str, result: Score) -> list[object]:
    r = result.ratios()
    return [name, result.gold, result.predicted, result.matched, r["recall"], r["precision"], r["f1"],
            r["actor"], r["target"], r["modality"], r["negation"]]


def type_rows(result: Score) -> list[list[object]]:
    rows = []
    for action in PLOVER_TYPES:
        c = result.by_type.get(action, Counter())
        recall = c["matched_g"] / c["gold"] if c["gold"] else 0.0
        precision = c["matched_p"] / c["predicted"] if c["predicted"] else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        rows.append([action, c["gold"], c["predicted"], c["matched_p"], recall, precision, f1])
    return rows


def run(data_dir: Path) -> list[ResultTable]:
    path = Path(data_dir) / FOLDER / FILE
    if not path.is_file():
        raise EvalDataMissing(path.parent, f"{FILE}, hand-labelled PLOVER events")
    sentences = load(path)
    ours = score(sentences, sitrep_predictions(sentences))
    baseline = score(sentences, baseline_predictions(sentences))
    events = sum(len(s.events) for s in sentences)
    note = (f"{path}: {len(sentences)} sentences, {events} events. actor, target, modality and negation are "
            "shares of the matched events (target: of those whose gold names one). Development data: the "
            "rules and the model's settings were tuned while looking at these figures; the model was "
            "trained on other sentences (training/events/DATA_CARD.md).")
    summary = ResultTable(title="events: PLOVER event coding on hand-labelled sentences", columns=COLUMNS,
                          rows=[rows_for("sitrep", ours), rows_for("baseline: spaCy + CAMEO verb lookup", baseline)],
                          notes=[note])
    per_type = ResultTable(title="events: sitrep per PLOVER type (gold by first-listed type)",
                           columns=TYPE_COLUMNS, rows=type_rows(ours))
    return [summary, per_type]
