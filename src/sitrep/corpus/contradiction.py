"""Which stored claims contradict each other, in keys that compare across articles.

Corroboration (corroboration.py) asks who else says the same; contradiction asks
who says it did not happen. Two claims contradict when one of them is

- a **negation** of the other: the same event by corroboration's key (action, the
  actor, a shared target or else a place in the same country or else the same
  event word, the same modality class, compatible times, within WINDOW_DAYS)
  with the opposite `negated`, a target or place to tell the event by (an event
  word alone is too little to say one report denies another), and one occasion:
  the same stated time, or none stated on either side, and then the same article
  (another source) or story, or a stated time ("Sanders did not attack Clinton in
  his remarks on Tuesday night" does not deny his attacks on her ties to Wall
  Street, in the same article or elsewhere): "Russia attacked Ukraine" and, from
  another source, "Russia did not attack Ukraine" (or "Moscow denied that its troops
  had crossed", which the claim coder keeps as the crossing, alleged and negated);
- a **denial** by the accused of that accusation. The other is an accusation of X
  (an ACCUSE claim with X as a target whose event word alleges an act, kb/denials.tsv
  `accuse`: accuse, blame, charge, allege, sue, after CAMEO 112; not criticism,
  CAMEO 111: "mocking Trump", "called Trump unhinged", "attacks on Clinton" are
  opinions, not acts one denies) or X's alleged act (modality alleged, X the actor),
  and this one is X rejecting it: a REJECT claim by X, not negated, happened or
  alleged, whose event word denies (kb/denials.tsv: deny, reject, dismiss, refute,
  rule out, after CAMEO 016 "deny responsibility") and whose words for what it
  denies, if any, are an accusation ("the allegation", "a charge", "any
  involvement"), not a person, an offer or a request ("rejected the offer" is a
  refusal), and not a report whose content the sentence gives ("denied reports that
  the rebels had agreed to a ceasefire" denies the agreeing, which the coder keeps as
  a negated claim). In campaign news one side accuses the other almost daily, so X
  denying is tied to one accusation only by what it denies:

  1. **it says what**: the words after its event word, to the end of the clause
     (denied_matter), name something besides the accusation, how, when and whom
     ("denied any involvement in the 9/11 terror attacks": {9/11, terror, attack});
     then it denies an accusation whose words hold them (says_what: all of one word,
     else SAYS_WHAT of them: "denied involvement in the poisoning" and "accused of
     the poisoning"), in any article within the window, and nothing else, even next
     to it ("attempting to intimidate the 9/11 families" is another accusation);
  2. **it answers**: a bare denial ("rejected the allegation", "denied the charges
     through his lawyer", "which Moscow denies") answers the accusation of X
     reported last before its event word in its own article, within NEAR_CHARS
     ("accusing Clinton and the DNC of violating fundraising laws. ... Clinton and
     the DNC rejected the allegation"), or, in its own sentence, an accusation that
     names nobody accused ("the allegations, which Mr. Ailes denies"); never one
     reported after it ("has denied that that was the case. ... he was accused by a
     female Breitbart reporter");
  3. **the same matter**: elsewhere, a bare denial denies an accusation of X of the
     same matter as one it answers: SAME_MATTER content words in common (matter:
     not stop words, names of the parties, words that accuse or deny, kb/denials.tsv
     generic words, titles): "Moscow denies any involvement" next to "a nerve agent
     attack that the British government has blamed on Russia" denies "Britain
     accused Russia of responsibility for the nerve agent attack" a week earlier
     ({nerve, agent, attack}), while "Clinton and the DNC rejected the allegation"
     denies no other accusation of Clinton ("Sanders has accused Clinton of being
     influenced by special interest groups"). A bare denial with nothing it answers
     denies nothing.

  A denial that names the accuser ("Sanders dismissed Clinton's charges") denies
  only that accuser's accusations; an accuser never denies its own.

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

Measured by reading both sentences of every link (README, Contradictions): on the
924 PolNeAR articles, the earlier rule (a denial answered any accusation of X near
it, in its story, or in an article naming a party) made 39 pairs, 1 right in a
random 10; these rules make 6, 5 right (the wrong one a negation the claim coder
read from "about extending his support"); on GeoWebNews dev and LGL, 7 pairs
before and 9 now, all right.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from spacy.lang.en.stop_words import STOP_WORDS

from ..kb import read_table

NEGATION = "negation"
DENIAL = "denial"
KINDS = (NEGATION, DENIAL)

# The claims a denial can deny: what someone is accused of.
ACCUSATION = "ACCUSE"
DENIAL_ACTION = "REJECT"
# A denial is a report that something happened (or is said to have), not a plan to deny.
DENIAL_MODALITIES = ("occurred", "alleged")
# A bare denial answers the accusation reported last before it in its article, this close: about
# two paragraphs of news (PolNeAR's paragraphs average about 230 characters).
NEAR_CHARS = 500
ALLEGED = "alleged"
# A denial that says what it denies denies an accusation whose words hold that many of its content
# words (all, if it has fewer); two accusations are of the same matter when their words share
# SAME_MATTER content words.
SAYS_WHAT = 2
SAME_MATTER = 3
# Where the words for what a denial denies end: a clause's punctuation, or a word that starts what
# the sentence says next (how it was said, what else happened: "denied the charges through his
# lawyer", "and counter-accused her", "saying ...").
_CLAUSE_END = re.compile(r"[,;:()\[\]—–]|\s-\s|[.!?](?=\s+[A-Z“\"]|\s*$)")
_NEXT_CLAUSE = frozenset(("and", "but", "while", "although", "though", "because", "as", "after", "before",
                          "when", "since", "if", "by", "through", "via", "despite", "which", "who", "saying",
                          "calling", "noting", "pointing", "adding", "insisting", "arguing", "dismissing"))
_WORD = re.compile(r"\w[\w/]*(?:['’]\w+)?")


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for row in read_table("denials.tsv"):
        kinds.setdefault(row["kind"], set()).add(row["word"])
    return {kind: frozenset(words) for kind, words in kinds.items()}


def denial_words() -> frozenset[str]:
    """Event words (lemmas) that deny: deny, reject, dismiss, ... (kb/denials.tsv)."""
    return _table()["verb"]


def allegation_words() -> frozenset[str]:
    """What a denial can be of: accusation, allegation, charge, involvement, the attack, ...
    (kb/denials.tsv)."""
    return _table()["noun"] | _table()["act"]


def accusation_words() -> frozenset[str]:
    """Event words (lemmas) of an ACCUSE claim that allege something a denial can answer: accuse,
    blame, charge, allege, sue, ... (kb/denials.tsv); not criticism ("attacked", "mocked", "called
    him unhinged"), which is an opinion, not an act one denies."""
    return _table()["accuse"]


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that say nothing of what is denied or alleged: how, when and through whom it was said
    (kb/denials.tsv `generic` rows), courtesy and civil titles (kb/person_titles.tsv)."""
    return _table()["generic"] | frozenset(row["title"] for row in read_table("person_titles.tsv"))


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


def _words(text: str) -> list[str]:
    return [w for w in (w.strip(".,;:'\"’”“()") for w in text.split()) if w]


def _names_accusation(words: list[str]) -> bool:
    nouns = allegation_words()
    for word in words:
        folded = word.casefold()
        if any(form in nouns for form in (folded, folded.removesuffix("s"), folded.removesuffix("es"))):
            return True
    return False


def is_accusation(action: str, trigger: Optional[str]) -> bool:
    """An ACCUSE claim whose event word alleges (accuse, blame, charge, ...), not criticism."""
    return action == ACCUSATION and (trigger or "").casefold() in accusation_words()


def accused(action: str, modality: str, negated: bool, actor: Optional[str],
            targets: Iterable[str], trigger: Optional[str] = None) -> set[str]:
    """The identities a claim accuses: an accusation's targets (an ACCUSE claim with an event word
    that alleges, is_accusation), an alleged act's actor (an alleged denial is no act anyone is
    accused of); none for a negated claim or any other."""
    if negated:
        return set()
    found: set[str] = set()
    if is_accusation(action, trigger):
        found.update(t for t in targets if t)
    if modality == ALLEGED and actor and action != DENIAL_ACTION:
        found.add(actor)
    return found


def matter(text: str, names: Iterable[Optional[str]] = ()) -> frozenset[str]:
    """What a sentence is about, as stems of its content words: not stop words, not words that
    accuse or deny or name an accusation ("accused", "charges", "involvement"), not how, when or
    through whom it was said (kb/denials.tsv generic words, titles), not the words of `names`
    (who accuses and who is accused: they are matched by identity, not by words).
    "Britain accused Russia of responsibility for the nerve agent attack", without Britain and
    Russia, is {nerve, agent, attack}."""
    dropped = {_stem(w.casefold()) for name in names if name for w in _WORD.findall(name)}
    found = set()
    for word in _WORD.findall(text):
        folded = re.sub(r"['’]s$", "", word.casefold())
        if (folded in STOP_WORDS or folded in _generic_words() or folded.isdigit() and len(folded) < 3
                or len(folded) < 2):
            continue
        stem = _stem(folded)
        if stem in _unsaid() or stem in dropped:
            continue
        found.add(stem)
    return frozenset(found)


@lru_cache(maxsize=1)
def _unsaid() -> frozenset[str]:
    """Stems of the words that deny, accuse or name an accusation (not an act: "the attack"):
    they say that something is denied or alleged, not what."""
    table = _table()
    return frozenset(_stem(w) for kind in ("verb", "noun", "accuse") for w in table[kind])


def _stem(word: str) -> str:
    """A light stem, enough to match "attacks" with "attack", "poisoning" with "poisoned",
    "charges" with "charge"."""
    for suffix, put in (("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"), ("es", ""), ("ed", ""),
                        ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + put
    return word


def denied_matter(text: str, trigger_at: int, names: Iterable[Optional[str]] = ()) -> frozenset[str]:
    """What a denial says it denies: the matter of its words after its event word (at
    `trigger_at` in `text`) up to where the clause ends ("denied any involvement in the 9/11
    terror attacks, ..." is {9/11, terror, attack}); empty for a bare denial ("rejected the
    allegation", "denied the charges through his lawyer", "which Moscow denies")."""
    rest = text[trigger_at:]
    first = _WORD.match(rest)
    rest = rest[first.end():] if first else rest
    end = _CLAUSE_END.search(rest)
    rest = rest[: end.start()] if end else rest
    words = []
    for match in _WORD.finditer(rest):
        if match.group().casefold() in _NEXT_CLAUSE:
            break
        words.append(match.group())
    return matter(" ".join(words), names)


def says_what(denied: frozenset[str], accusation: frozenset[str]) -> bool:
    """Whether what a denial says it denies is in an accusation's words: all of it when it is one
    word ("denied involvement in the poisoning", "accused of the poisoning"), else two words
    ("any involvement in the 9/11 terror attacks" is not "accused ... of attempting to intimidate
    the 9/11 families")."""
    return bool(denied) and len(denied & accusation) >= min(SAYS_WHAT, len(denied))


def same_matter(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two accusations of one party are of the same matter: SAME_MATTER content words in
    common ("blamed on Russia" for "a nerve agent attack" and "accused Russia of responsibility
    for the nerve agent attack")."""
    return len(one & other) >= SAME_MATTER


def place_identity(country: Optional[str], key: Optional[str]) -> Optional[str]:
    """A place as an actor or party: its country ("cc:RU", as the forecast ledger keys places),
    else its name key ("place:europe"); None for neither."""
    if country:
        return f"cc:{country.upper()}"
    return f"place:{key}" if key else None
