"""The event lexicon: which words can express which PLOVER event, read off the parse.

Tables generated from PETRARCH2's CAMEO verb dictionary through PLOVER's conversion
table (scripts/build_event_lexicon.py): verbs with the type CAMEO gives them alone,
patterns of each verb's synonym block (a particle, an object noun, a preposition and its
noun: "fire ON", "call FOR a ceasefire", "hold TALKS"), nouns that carry an event in
those patterns, and the Phoenix sectors of generic agents ("troops" MIL, "police" COP);
and the words the labelling guidelines name for each type (kb/event_guidelines.tsv). They
are broad, public knowledge; the event coder reads them as evidence (features), and its
training decides how far to trust each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from ...kb import read_table

NOUN_SUFFIXES = (("ings", ""), ("ing", ""), ("ations", "ate"), ("ation", "ate"), ("ions", "e"), ("ion", "e"),
                 ("ions", ""), ("ion", ""), ("ments", ""), ("ment", ""), ("als", ""), ("al", ""), ("s", ""))


@dataclass
class Lexicon:
    verbs: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    blocks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    verb_blocks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # (block, first slot) -> [(every slot the pattern needs, type)]: a pattern holds only when
    # the word's dependents fill all its slots ("take PART (IN a DEMONSTRATION)", not "take part")
    patterns: dict[tuple[str, tuple[str, str, str]], list[tuple[frozenset, str]]] = \
        field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    agents: dict[str, str] = field(default_factory=dict)
    guidelines: dict[str, list[tuple[str, str, frozenset[str]]]] = field(default_factory=lambda: defaultdict(list))
    # noun -> the types it carries through the verb it is made from, worked out once per noun
    derived: dict[str, dict[str, int]] = field(default_factory=dict)

    def guideline_types(self, token: Token) -> set[str]:
        """Types the labelling guidelines name the word for (with its particle or
        preposition when the guidelines ask for one: "call FOR")."""
        rows = self.guidelines.get(token.lemma_.lower()) or self.guidelines.get(token.lower_)
        if not rows:
            return set()
        attached = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent")}
        noun = token.pos_ in ("NOUN", "PROPN")
        return {t for needed, pos, types in rows if (not needed or needed in attached) and (pos == "*" or noun)
                for t in types}

    def sector(self, token: Token) -> str:
        """The Phoenix sector of a generic agent noun ("troops" -> MIL), or ""."""
        return self.agents.get(token.lemma_.lower()) or self.agents.get(token.lower_, "")

    def phrase_sector(self, token: Token) -> str:
        """The sector of a noun phrase: its head's, or a title before a name ("Vice President
        Joseph R. Biden Jr." GOV, "Gen. Gene Renuart" MIL)."""
        own = self.sector(token)
        if own or token.pos_ != "PROPN":
            return own
        return next((found for child in token.children if child.dep_ == "compound"
                     for found in (self.sector(child),) if found), "")

    def verb_types(self, lemma: str, particle: str = "") -> set[str]:
        """Types CAMEO gives the verb on its own (with its particle when it has one)."""
        return self.verbs.get((lemma, particle), set()) | (self.verbs.get((lemma, ""), set()) if particle else set())

    def knows_verb(self, lemma: str) -> bool:
        return lemma in self.verb_blocks

    def pattern_types(self, token: Token) -> set[str]:
        """Types of the CAMEO patterns of the token's verb that its dependents fill."""
        blocks = self.verb_blocks.get(token.lemma_.lower())
        if not blocks:
            return set()
        slots = set(dependent_slots(token))
        found: set[str] = set()
        for block in blocks:
            for slot in slots:
                for needed, action in self.patterns.get((block, slot), ()):
                    if needed <= slots:
                        found.add(action)
        return found

    def noun_types(self, lemma: str) -> dict[str, int]:
        """Types a noun carries in CAMEO patterns (with counts), also through the verb it
        is made from ("bombing" -> bomb, "negotiation" -> negotiate)."""
        if lemma in self.nouns:
            return self.nouns[lemma]
        if lemma not in self.derived:
            verb = noun_to_verb(lemma, self.verb_blocks)
            self.derived[lemma] = {t: 1 for t in self.verbs.get((verb, ""), set())} if verb else {}
        return self.derived[lemma]


    def noun_action(self, lemma: str) -> str | None:
        """The one type a noun most often carries ("bombings" -> ASSAULT), or None."""
        carried = self.noun_types(lemma)
        if not carried:
            return None
        top = max(carried.values())
        best = [t for t, n in carried.items() if n == top]
        return best[0] if len(best) == 1 else None


def noun_to_verb(lemma: str, verbs) -> str | None:
    """The verb a noun is derived from, when a regular suffix leads to a known verb."""
    if lemma in verbs:
        return lemma
    for suffix, replacement in NOUN_SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
            stem = lemma[: -len(suffix)] + replacement
            if stem in verbs:
                return stem
    return None


def dependent_slots(token: Token):
    """(slot, preposition, word) the token's dependents fill, as the patterns key them:
    ("prt", "", "on"), ("obj", "", "talks"), ("prep", "for", "ceasefire"), ("prep", "for", "")."""
    for child in token.children:
        if child.dep_ == "prt":
            yield ("prt", "", child.lower_)
        elif child.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            yield ("obj", "", child.lemma_.lower())
            yield ("obj", "", child.lower_)
        elif child.dep_ in ("prep", "agent"):
            yield ("prep", child.lower_, "")
            for pobj in child.children:
                if pobj.dep_ in ("pobj", "pcomp"):
                    yield ("prep", child.lower_, pobj.lemma_.lower())
                    yield ("prep", child.lower_, pobj.lower_)


@cache
def lexicon() -> Lexicon:
    """The lexicon (its tables' types are checked against the contract as they are read)."""
    lex = Lexicon()
    for row in read_table("event_verbs.tsv"):
        lex.verb_blocks[row["lemma"]].add(row["block"])
        if row["type"] != "-":
            lex.verbs[(row["lemma"], row["particle"])].add(row["type"])
    for row in read_table("event_patterns.tsv"):
        needed = [("obj", "", row["object"])] if row["object"] else []
        needed += [("prep", row["prep"], row["noun"])] if row["prep"] else []
        needed += [("prt", "", row["particle"])] if row["particle"] else []
        if needed:
            lex.patterns[(row["block"], needed[0])].append((frozenset(needed), row["type"]))
    lex.agents = {row["noun"]: row["sector"] for row in read_table("event_agents.tsv")}
    for row in read_table("event_guidelines.tsv"):
        lex.guidelines[row["lemma"]].append((row["with"], row["pos"], frozenset(row["types"].split())))
    for row in read_table("event_nouns.tsv"):
        lex.nouns[row["noun"]][row["type"]] = int(row["count"])
    return lex
