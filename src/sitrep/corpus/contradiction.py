"""Which stored claims contradict each other, in keys that compare across articles.

Corroboration (corroboration.py) asks who else says the same; contradiction asks
who says it did not happen. Two claims contradict when one of them is

- a **negation** of the other: the same event by corroboration's key (action, the
  actor, a shared target or else a place in the same country or else the same
  event word, the same modality class, compatible times, within WINDOW_DAYS)
  with the opposite `negated`, a target or place to tell the event by (an event
  word alone is too little to say one report denies another), and one occasion:
  the same article (another source) or story, or the same stated time ("Sanders
  did not attack Clinton on Tuesday night" does not deny his attacks of last week):
  "Russia attacked Ukraine" and, from another source, "Russia did not attack
  Ukraine" (or "Moscow denied that its troops had crossed", which the claim coder
  keeps as the crossing, alleged and negated);
- a **denial** by the accused: the other is an accusation of X (ACCUSE with X as
  a target) or X's alleged act (modality alleged, X the actor), and this one is
  X rejecting it: a REJECT claim by X, not negated, happened or alleged, whose
  event word denies (kb/denials.tsv: deny, reject, dismiss, refute, rule out, after
  CAMEO 016 "deny responsibility") and whose words for what it denies, if any,
  are an accusation ("the allegation", "a charge", "any involvement"), not a person,
  an offer or a request ("rejected the offer" is a refusal), and not a report whose
  content the sentence gives ("denied reports that the rebels had agreed to a
  ceasefire" denies the agreeing, which the coder keeps as a negated claim). A denial is of this
  accusation when it names a party of it other than X as what it denies (the
  accuser, a target, the place's country: "Sanders dismissed Clinton's charges");
  or when its words name an accusation ("any involvement", "the allegations") and
  it is in the accusation's story, or its article names such a party (or, for an
  alleged act, reports that kind of event): "Moscow denies any involvement" in a
  report on the Salisbury attack denies "Britain accused Russia of responsibility
  for the nerve agent attack" a week earlier; or, whatever its words, when it is
  reported next to the accusation, in the same article within NEAR_CHARS ("Britain
  blames Russia in the case, which Russia adamantly denies"). A bare "Trump denied
  it" elsewhere does not deny every accusation of Trump in a campaign's news.

The actor is the store's identity of who acts (claims.actor_identity: the entity's
identity across the store, store/linking.py identity_key, so IS, ISIS and Daesh are
one; a place acting by its country, so Moscow and Russia are one actor, as in the
forecast ledger), and a claim whose actor is unknown is no negation of anything.

Never a contradiction: a claim and itself; a claim and the same article's copy
(copies are never counted, as for corroboration: only originals are read, and a
copy's claims are its original's); in one article, two claims resting on the same
source (a source does not contradict itself within one report; the same source in
another article does: it changed its story). The link goes both ways: a denial
shows the accusations it denies.

Like support, contradiction is counted in independent outlets (by rating) and
sources (corroboration.py's keys: a named source once wherever quoted, an unnamed
one per outlet, the outlet's own voice as a source).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from ..kb import read_table

NEGATION = "negation"
DENIAL = "denial"
KINDS = (NEGATION, DENIAL)

# The claims a denial can deny: what someone is accused of.
ACCUSATION = "ACCUSE"
DENIAL_ACTION = "REJECT"
# A denial is a report that something happened (or is said to have), not a plan to deny.
DENIAL_MODALITIES = ("occurred", "alleged")
# A denial reported this close to an accusation in one article answers it, whatever its words:
# about two paragraphs of news (PolNeAR's paragraphs average about 230 characters).
NEAR_CHARS = 500
ALLEGED = "alleged"


@lru_cache(maxsize=1)
def _table() -> tuple[frozenset[str], frozenset[str]]:
    rows = read_table("denials.tsv")
    return (frozenset(r["word"] for r in rows if r["kind"] == "verb"),
            frozenset(r["word"] for r in rows if r["kind"] == "noun"))


def denial_words() -> frozenset[str]:
    """Event words (lemmas) that deny: deny, reject, dismiss, ... (kb/denials.tsv)."""
    return _table()[0]


def allegation_words() -> frozenset[str]:
    """What a denial can be of: accusation, allegation, charge, involvement, ... (kb/denials.tsv)."""
    return _table()[1]


def denies(trigger: Optional[str], negated: bool, modality: str, target_texts: Iterable[str],
           sentence: str = "") -> bool:
    """Whether a REJECT claim with this event word (lemma), negation, modality and words for its
    targets is a denial of an accusation: a denial word, not itself negated ("did not deny"), a
    report that it was said, and every target worded as an accusation ("the allegation", "any
    involvement", "claims by Matiangi"), or none; not a person ("deny Sanders the nomination"),
    not an offer, and not an accusation whose own content follows in the sentence ("rejected
    rumors that Obama might ...": what it denies is that content, which the claim coder keeps as
    a negated claim of its own)."""
    if negated or modality not in DENIAL_MODALITIES or (trigger or "").casefold() not in denial_words():
        return False
    texts = list(target_texts)
    return all(_names_accusation(_words(text)) and not _content_follows(text, sentence) for text in texts)


def _content_follows(text: str, sentence: str) -> bool:
    """ "rumors that ...", "reports that ...": the target's words followed by a that-clause."""
    at = sentence.find(text)
    if at < 0 or not text:
        return False
    after = _words(sentence[at + len(text):])
    return bool(after) and after[0].casefold() == "that"


def names_accusation(target_texts: Iterable[str]) -> bool:
    """Whether a denial's words for what it denies name an accusation ("any involvement", "the
    charges", "rumors that ..."), not only a name or nothing: what lets a denial be matched to an
    accusation reported elsewhere (see the module's docstring)."""
    return any(_names_accusation(_words(text)) for text in target_texts)


def _words(text: str) -> list[str]:
    return [w for w in (w.strip(".,;:'\"’”“()") for w in text.split()) if w]


def _names_accusation(words: list[str]) -> bool:
    nouns = allegation_words()
    for word in words:
        folded = word.casefold()
        if any(form in nouns for form in (folded, folded.removesuffix("s"), folded.removesuffix("es"))):
            return True
    return False


def accused(action: str, modality: str, negated: bool, actor: Optional[str],
            targets: Iterable[str]) -> set[str]:
    """The identities a claim accuses: an accusation's targets, an alleged act's actor (an alleged
    denial is no act anyone is accused of); none for a negated claim or any other."""
    if negated:
        return set()
    found: set[str] = set()
    if action == ACCUSATION:
        found.update(t for t in targets if t)
    if modality == ALLEGED and actor and action != DENIAL_ACTION:
        found.add(actor)
    return found


def place_identity(country: Optional[str], key: Optional[str]) -> Optional[str]:
    """A place as an actor or party: its country ("cc:RU", as the forecast ledger keys places),
    else its name key ("place:europe"); None for neither."""
    if country:
        return f"cc:{country.upper()}"
    return f"place:{key}" if key else None
