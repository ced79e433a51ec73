"""How an event is asserted: the clause path of its word, modality cues, certainty, negation.

The *path* runs from the event word up through its heads to the top of its clause,
stopping below a speech verb ("..., he said"): the words on it and attached to it carry
modality (kb/modality.tsv), certainty (kb/certainty.tsv) and negation, the nearest cue
winning. `rule_modality` is the reading those cues give; the trained modality classifier
takes it as one feature among the others of `modality_features` (the words on the path,
tense, conditionals, reported speech), so the cue table informs the model without having
the last word. Pledges threaten only force; a "would" reporting a "will" predicts; a
forecast on an "if" is hypothetical; a negated cue ("not expected to") takes the mirror
band of kb/icd203.tsv.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from ...kb import read_table
from ...model import Certainty
from ..attribution.lexicon import cue_verbs
from ..certainty import certainty_of, find_cue, is_negated_cue

# PLOVER's uses of force and threats of it: a pledge to do these is a threat ("vowed to bomb"),
# a pledge to do anything else is a plan ("pledged to support the nominee").
FORCE = {"ASSAULT", "COERCE", "SANCTION", "THREATEN"}
# "would" in what someone said is their "will" shifted back ("he said he would resign")
REPORTED_FUTURE = {"would", "'d"}
CUE_DEPS = {"aux", "auxpass", "advmod", "mark", "acomp", "amod", "npadvmod", "nsubj", "nsubjpass", "attr", "neg"}
PAST_TAGS = {"VBD", "VBN"}
CONDITIONS = {"if", "unless"}


@dataclass
class Reading:
    """How an event word is asserted, as the cue rules read it."""

    path: list[Token]
    modality: str
    certainty: Certainty
    negated: bool
    cue_at: int | None = None  # where on the path the modality cue sits (None: read from tense)


@cache
def modality_cues() -> dict[str, tuple[str, str]]:
    """Cue lemma -> (modality for force, modality otherwise)."""
    return {row["lemma"]: (row["modality"], row["peaceful"] or row["modality"]) for row in read_table("modality.tsv")}


def clause_path(trigger: Token) -> list[Token]:
    """The event word and its heads up to the clause top, stopping below a speech verb."""
    speech = cue_verbs()
    path = [trigger]
    node = trigger
    while node.head.i != node.i:
        head = node.head
        # "he said (that) X": X is the content, the sayer is not its actor. But "threatened
        # / vowed to X" (xcomp) is the sayer's own act, so the path goes on through it.
        if head.lemma_.lower() in speech and head.pos_ in ("VERB", "AUX") \
                and node.dep_ in ("ccomp", "parataxis", "conj"):
            break
        path.append(head)
        if node.dep_ == "relcl":
            break  # the antecedent noun closes a relative clause
        node = head
    return path


def is_reported(path: list[Token]) -> bool:
    """Whether the path stopped below a speech verb: the clause is what someone said."""
    top = path[-1]
    return top.head.i != top.i and top.head.lemma_.lower() in cue_verbs() and top.dep_ in ("ccomp", "parataxis", "conj")


def has_condition(path: list[Token]) -> bool:
    """Whether a clause on the path is introduced by "if"/"unless"."""
    return any(child.dep_ == "mark" and child.lower_ in CONDITIONS for node in path for child in node.children)


def is_conditioned(path: list[Token]) -> bool:
    """Whether an "if"/"unless" clause hangs off the path ("we will back them if ...")."""
    return any(child.dep_ == "advcl" and has_condition([child]) for node in path for child in node.children)


def cue_children(node: Token) -> Iterator[Token]:
    for child in node.children:
        if child.dep_ in CUE_DEPS:
            yield child


def intent_near(token: Token, steps: int = 2) -> bool:
    """Whether an intent or threat cue (kb/modality.tsv: planned or threatened) sits on the
    word or at most `steps` heads up, or hangs from one of them: a cheap test before the full
    reading."""
    cues = modality_cues()
    node = token
    for _ in range(steps + 1):
        for word in (node, *cue_children(node)):
            found = cues.get(word.lemma_.lower()) or cues.get(word.lower_)
            if found and (found[0] in ("planned", "threatened") or found[1] in ("planned", "threatened")):
                return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def read(trigger: Token, action: str) -> Reading:
    """Modality, certainty and negation of an event word: the cues nearest it on its path."""
    path = clause_path(trigger)
    modality, cue_index = rule_modality(trigger, path, action)
    scope = path[: cue_index + 1] if cue_index is not None else path
    cue = find_cue(t for node in path for t in (node, *cue_children(node)))
    certainty = certainty_of(cue)
    if modality is None:
        modality = default_modality(path, certainty)
    # "is not expected to sign": the "not" went into the band, the signing is not denied
    spent = cue.token if cue is not None and is_negated_cue(cue) else None
    return Reading(path, modality, certainty, is_negated([t for t in scope if spent is None or t.i != spent.i]),
                   cue_index)


def rule_modality(trigger: Token, path: list[Token], action: str) -> tuple[str | None, int | None]:
    """The modality of the cue nearest the event word on its path, and where it sits.
    Pledges are threats only of force; a "would" in reported speech is a prediction."""
    cues = modality_cues()
    for index, node in enumerate(path):
        words = ([] if node.i == trigger.i else [node]) + list(cue_children(node))
        for word in words:
            modalities = cues.get(word.lemma_.lower()) or cues.get(word.lower_)
            if modalities:
                if word.lower_ in REPORTED_FUTURE and is_reported(path) and not has_condition(path):
                    return "predicted", index
                modality = modalities[0 if action in FORCE else 1]
                # "if they stay, we will back them": a forecast on a condition is hypothetical
                return ("hypothetical" if modality == "predicted" and is_conditioned(path) else modality), index
    return None, None


def default_modality(path: list[Token], certainty: Certainty) -> str:
    """Modality from tense when no cue word says otherwise: present and past happened; an
    infinitive under an estimative cue ("likely to attack") is a forecast, a bare one a
    possibility."""
    verb = next((t for t in path if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.tag_ in PAST_TAGS or verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "occurred"
    return "predicted" if certainty.cue is not None else "hypothetical"


def first_person_subject(path: list[Token]) -> bool:
    """Whether the first subject on the path is "I" or "we": the speaker's own act."""
    for node in path:
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject.lower_ in ("i", "we")
    return False


def is_negated(path: list[Token]) -> bool:
    return any(child.dep_ == "neg" for node in path for child in node.children) or \
        any(child.lower_ in ("no", "never") and child.dep_ in ("det", "neg") for child in path[0].children)


def modality_features(trigger: Token, action: str, reading: Reading) -> list[str]:
    """What the modality classifier sees of an event: the rule's reading and the words and
    tenses along the event's path."""
    out = [f"type={action}", f"rule={reading.modality}", f"rule={action}>{reading.modality}",
           f"band={reading.certainty.band}", f"tag={trigger.tag_}", f"pos={trigger.pos_}"]
    if reading.negated:
        out.append("negated")
    if is_reported(reading.path):
        top = reading.path[-1]
        out += ["reported", f"reported_by={top.head.lemma_.lower()}"]
    if has_condition(reading.path):
        out.append("condition")
    if is_conditioned(reading.path):
        out.append("conditioned")
    for depth, node in enumerate(reading.path[:5]):
        if node.i != trigger.i:
            out.append(f"path={node.dep_}>{node.lemma_.lower()}")
            out.append(f"pathtag={node.tag_}")
        for child in cue_children(node):
            if child.dep_ in ("aux", "auxpass", "advmod", "mark", "neg"):
                out.append(f"cue={child.dep_}>{child.lower_}")
                if depth == 0:
                    out.append(f"owncue={child.lower_}")
    head = trigger.head
    out.append(f"head={trigger.dep_}>{head.lemma_.lower()}")
    if head.pos_ == "ADP":
        out.append(f"headprep={head.lower_}>{head.head.lemma_.lower()}")
    return out
