"""The attribution knowledge, read from the KB tables (kb/speech_verbs.tsv, kb/stance_verbs.tsv,
kb/source_roles.tsv, kb/first_names.tsv, kb/non_speakers.tsv, kb/pronouns.tsv).

Kept as data because which verbs introduce speech and which nouns describe an
unnamed source are facts about English news writing, to be extended and cited,
not logic to be re-read in code.
"""

from __future__ import annotations

from functools import cache

from ...kb import read_table
from ..referents import pronouns

# The pronouns that can speak (not the possessives), by kind, from kb/pronouns.tsv.
_SPEAKING = {word: p for word, p in pronouns().items() if p.case != "possessive"}
PRONOUNS_PERSON = frozenset(w for w, p in _SPEAKING.items() if p.kind == "person")
PRONOUN_GENDER = {w: p.gender for w, p in _SPEAKING.items() if p.gender}
PRONOUNS_PLURAL = frozenset(w for w, p in _SPEAKING.items() if p.kind == "plural")
PRONOUNS_THING = frozenset(w for w, p in _SPEAKING.items() if p.kind == "thing")
PRONOUNS_RELATIVE = frozenset({"who", "which", "that", "whom"})
PRONOUNS = PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_THING
# first and second person only speak inside a quotation, where cues are not read
SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@cache
def cue_verbs() -> dict[str, str]:
    """Cue lemma -> kind ('say', 'think' or 'evidence')."""
    return {row["lemma"]: row["kind"] for row in read_table("speech_verbs.tsv")}


@cache
def stance_verbs() -> frozenset[str]:
    """Lemmas by which news attributes a position ("supports", "wants", "criticized"): they cue
    reported statements only, and their object or "to" clause is the content (kb/stance_verbs.tsv,
    counted from PolNeAR train by scripts/build_stance_cues.py). Not speech: the claims' reading of
    reported clauses (cue_verbs) leaves them out."""
    return frozenset(row["lemma"] for row in read_table("stance_verbs.tsv"))


@cache
def message_objects() -> frozenset[str]:
    """Cue lemmas whose direct object is the message itself ("denied the allegations",
    "endorsed Clinton")."""
    return frozenset(row["lemma"] for row in read_table("speech_verbs.tsv")
                     if row["object"] == "message") | stance_verbs()


@cache
def addressee_objects() -> frozenset[str]:
    """Cue lemmas whose direct object is whom it was said to ("told reporters")."""
    return frozenset(row["lemma"] for row in read_table("speech_verbs.tsv") if row["object"] == "addressee")


@cache
def role_nouns() -> dict[str, str]:
    """Role noun lemma -> kind ('person' or 'group'); honorific titles are not roles."""
    return {row["noun"]: row["kind"] for row in read_table("source_roles.tsv") if row["kind"] != "title"}


@cache
def gendered_words() -> dict[str, str]:
    """Lower-cased word -> 'm' or 'f' for the titles and role nouns that say a gender."""
    return {row["noun"]: row["gender"] for row in read_table("source_roles.tsv") if row["gender"] in ("m", "f")}


@cache
def first_name_genders() -> dict[str, str]:
    """Given name -> 'm' or 'f' for the common names that say a gender (kb/first_names.tsv)."""
    return {row["name"]: row["gender"] for row in read_table("first_names.tsv")}


def name_gender(name: str) -> str | None:
    """The gender a person's name says by its first given name ("Steve Israel": m), past
    courtesy titles ("Mrs. Clinton" says f by its title); None when it says none."""
    first = name.split()[0] if name.split() else ""
    if first.lower() in honorifics():
        return gendered_words().get(first.lower())
    return first_name_genders().get(first)


@cache
def non_speakers() -> dict[str, frozenset[str]]:
    """Position ('determiner' or 'head') -> the words that make a speaker phrase name nobody."""
    words: dict[str, set[str]] = {}
    for row in read_table("non_speakers.tsv"):
        words.setdefault(row["position"], set()).add(row["word"])
    return {position: frozenset(found) for position, found in words.items()}


@cache
def honorifics() -> frozenset[str]:
    """Lower-cased courtesy titles ("mr.", "mrs"): part of how a name is written, not of the name."""
    return frozenset(row["noun"] for row in read_table("source_roles.tsv") if row["kind"] == "title")


def is_cue(token, *, direct: bool = False) -> bool:
    """Whether a token is a cue verb; thought, evidence and stance verbs never cue a direct quote."""
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VB", "VBG", "VBN"):
        return False
    lemma = token.lemma_.lower()
    kind = cue_verbs().get(lemma)
    if direct:
        return kind == "say"
    return kind is not None or lemma in stance_verbs()


def reports_infinitive(token) -> bool:
    """Whether a cue's "to" clause is what it reports: verbs of saying ("vowed to veto") and of
    stance ("wants to build"), not of belief ("expects to", "hopes to")."""
    return is_cue(token, direct=True) or token.lemma_.lower() in stance_verbs()
