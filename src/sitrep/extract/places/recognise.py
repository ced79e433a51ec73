"""Recognition: which words of an article name a place (see the package's docstring for the
readings, strongest evidence first, and the readings dropped as naming no place)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc

from ...geo.gazetteer import Candidate, Gazetteer, normalize, stopwords
from ...kb import read_table

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entity types whose names may contain a place ("the Brussels bombings", "New York Police
# Department"); person names and outlets ("Breitbart Jerusalem") do not say where a story is.
NESTING_TYPES = {"EVENT", "ORG", "GOV"}
# spaCy labels of names that sitrep_entities left unclaimed and that may nest a place.
NESTING_LABELS = {"EVENT", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"}
MAX_CANDIDATES = 50
MAX_NGRAM = 4
# A bare gazetteer match (no NER label) must be at least this big a town to count.
MIN_BARE_POPULATION = 10_000
# A town inside an organisation's name must be a city of this size ("Police" is a Polish town).
MIN_NESTED_POPULATION = 100_000
# Only cities this big are known by their initials in the news ("LA", "NYC").
METROPOLIS_POPULATION = 1_000_000
# Log-score bonuses for agreeing with the article's own geography.
COUNTRY_BONUS = 2.0
ADMIN1_BONUS = 2.5
PROPER_TAGS = {"NNP", "NNPS"}
# Dependency roles in which a surname of the article is its person ('Kennedy wrote', 'Clinton's
# email', 'his brother Tyler'); as an object or after a preposition a place reading stands.
PERSON_ROLES = {"nsubj", "nsubjpass", "poss", "appos"}
KIND = {"city": "city", "country": "country", "region": "region", "continent": "continent",
        "site": "site"}
SITE_KIND = {"FAC": "site", "GPE": "other", "LOC": "other"}
# spaCy labels of proper names (a site's name may carry any of them).
NAME_LABELS = {"ORG", "PERSON", "FAC", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART"}


@dataclass
class PlaceMention:
    """A candidate place mention: token span, exact char span and its gazetteer candidates."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    cands: list[Candidate]
    fixed: Optional[Candidate] = None  # resolved by a strong pattern
    kind: Optional[str] = None  # for a place no gazetteer lists: site (FAC) or other
    resolved: Optional[Candidate] = field(default=None, repr=False)
    container: Optional[Candidate] = None  # 'Sarkh, Logar': the known place an unlisted one lies in


# --------------------------------------------------------------------------- recognition


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the' and a trailing possessive so 'the Islamic State’s' -> 'Islamic State'."""
    while start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def _make(doc: Doc, gaz: Gazetteer, start: int, end: int) -> Optional[PlaceMention]:
    """A mention for tokens [start, end) if the gazetteer knows the trimmed name."""
    start, end = _trim(doc, start, end)
    if start >= end:
        return None
    span = doc[start:end]
    cands = gaz.lookup(span.text)[:MAX_CANDIDATES]
    if not cands:
        return None
    return PlaceMention(start, end, span.start_char, span.end_char, span.text, cands)


def _claimed(tokens: Iterable[int], claimed: dict[int, str]) -> bool:
    return any(t in claimed for t in tokens)


def _followed_by_place(doc: Doc, gaz: Gazetteer, end: int) -> bool:
    """True when tokens after `end` read ', <country or state>' (the City, Country pattern)."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    for n in range(min(MAX_NGRAM, len(doc) - end - 1), 0, -1):
        cands = gaz.lookup(doc[end + 1:end + 1 + n].text)
        if cands and cands[0].kind in ("country", "region") and cands[0].country:
            return True
    return False


def _entity_mentions(doc: Doc, gaz: Gazetteer, claimed: dict[int, str], dateline,
                     caps: list[bool]) -> list[PlaceMention]:
    """Mentions from doc.ents: place labels, plus other unclaimed labels with strong context."""
    out = []
    for ent in doc.ents:
        tokens = range(ent.start, ent.end)
        if _claimed(tokens, claimed):
            continue
        if ent.label_ not in PLACE_LABELS:
            in_dateline = dateline is not None and ent.start_char < dateline.end and ent.end_char > dateline.start
            if not (in_dateline or _followed_by_place(doc, gaz, ent.end)):
                continue
        m = _make(doc, gaz, ent.start, ent.end) or _designated(doc, gaz, ent.start, ent.end) \
            or (_abbreviated(doc, gaz, ent) if ent.label_ in PLACE_LABELS else None)
        if m and not m.fixed and _acronym_town(m):
            continue
        if m:
            out.append(m)
        elif ent.label_ in PLACE_LABELS:
            outside = set(range(len(doc))) - set(tokens)
            inner = _bare_mentions(doc, gaz, outside, _nestable, caps)
            out += _feature(doc, ent, inner) or inner or _unlisted(doc, ent)
    return out


def _feature(doc: Doc, ent, inner: list[PlaceMention]) -> list[PlaceMention]:
    """A place name no gazetteer lists that ends in a site word or is a natural feature's is
    read as a whole, not as the places inside it ('Island' of 'Easter Island' is no Iceland).

    A street or a building ('Washington Drive', 'Zion National Park') is a site, often named
    after a place far away; a natural feature ('Mississippi River', 'Kaneohe Bay', 'Lake
    Ontario') lies by the place it is named after, when that is more than a generic word.
    """
    whole = _unlisted(doc, ent)
    if not whole:
        return []
    if _natural_feature(doc, whole[0]):
        places = [m for m in inner if not _natural_feature(doc, m, alone=True)]
        whole[0].container = places[0].cands[0] if places else None
        return whole
    if normalize(doc[ent.end - 1].text) in _site_words():
        whole[0].kind = "site"
        return whole
    return []


def _abbreviated(doc: Doc, gaz: Gazetteer, ent) -> Optional[PlaceMention]:
    """A place entity that is a state's abbreviation ('Missing Ill. man', 'HURRICANE, W.Va.',
    where the tokenizer left the final dot apart): that state."""
    text = ent.text
    if ent.end < len(doc) and doc[ent.end].text == "." and not text.endswith("."):
        text += "."
    state = gaz.abbreviation(text)
    if state is None:
        return None
    return PlaceMention(ent.start, ent.end, ent.start_char, ent.end_char, ent.text, [state], state)


@lru_cache(maxsize=1)
def _locatives() -> frozenset:
    """kb/locative_prepositions.tsv: 'in', 'at', 'near', ..."""
    return frozenset(r["word"] for r in read_table("locative_prepositions.tsv"))


def _locative_mentions(doc: Doc, gaz: Gazetteer) -> list[PlaceMention]:
    """'in Almelo', 'at Delft': a name tagged as a person or organisation that a locative
    preposition governs and the gazetteer knows is a place (the tagger's guess loses)."""
    out = []
    for ent in doc.ents:
        m = _make(doc, gaz, ent.start, ent.end) if ent.label_ in ("PERSON", "ORG", "NORP") else None
        whole = m is not None and (m.start, m.end) == (ent.start, ent.end)
        out += [m] if whole and _governed(doc, m) and not _acronym_town(m) else []
    return out


@lru_cache(maxsize=1)
def _site_words() -> frozenset:
    """kb/site_designators.tsv: head words of names of physical sites."""
    return frozenset(normalize(r["word"]) for r in read_table("site_designators.tsv"))


def _site_mentions(doc: Doc) -> list[PlaceMention]:
    """Names ending in a site word ('Royal Street', 'Holy Redeemer Church'), whatever their label."""
    out = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and len(ent) > 1 and normalize(ent[-1].text) in _site_words():
            out += _unlisted(doc, ent, "site")
    return out


def _unlisted(doc: Doc, ent, kind: Optional[str] = None) -> list[PlaceMention]:
    """A named place no gazetteer lists ('Royal Street', 'Lake Manassas'): kept, located later."""
    start, end = _trim(doc, ent.start, ent.end)
    if start >= end or not _capitalised(doc[start]):
        return []
    span = doc[start:end]
    return [PlaceMention(start, end, span.start_char, span.end_char, span.text, [],
                     kind=kind or SITE_KIND[ent.label_])]


@lru_cache(maxsize=1)
def _designators() -> dict[str, str]:
    """kb/place_designators.tsv: 'County' -> region, 'City' -> city."""
    return {normalize(r["designator"]): r["kind"] for r in read_table("place_designators.tsv")}


def _designated(doc: Doc, gaz: Gazetteer, start: int, end: int) -> Optional[PlaceMention]:
    """'Oaxaca State', 'Morris County': the name before the designator, of the kind it says."""
    start, end = _trim(doc, start, end)
    kind = _designators().get(normalize(doc[end - 1].text)) if end - start > 1 else None
    inner = _make(doc, gaz, start, end - 1) if kind else None
    if inner is None:
        return None
    cands = [c for c in inner.cands if c.kind == kind]
    span = doc[start:end]
    return PlaceMention(start, end, span.start_char, span.end_char, span.text, cands) if cands else None


def _capitalised(tok) -> bool:
    """A word of a proper name: capitalised letters, abbreviation dots allowed ('St.', 'U.S.')."""
    return tok.text[:1].isupper() and tok.text.replace(".", "").isalpha()


def _acronym(text: str) -> bool:
    """'BA', 'P.A.', 'MoD', 'PoP': four letters or fewer, two or more of them capitals."""
    letters = text.replace(".", "")
    return letters.isalpha() and len(letters) <= 4 and sum(c.isupper() for c in letters) >= 2


def _acronym_town(m: PlaceMention) -> bool:
    """'BA' (British Airways, not Ba in Fiji), 'P.A.', 'MoD': an acronym whose best reading is a
    town or a division is an acronym, unless the town is a metropolis known by its initials.
    Countries and regions of no single country ('US', 'UAE', 'EU') are known by theirs."""
    best = m.cands[0]  # its prior, not its population: 'Pa' (an alternate name of Chongqing) is no metropolis
    return _acronym(m.text) and best.kind in ("city", "region") and best.country is not None \
        and best.prior < METROPOLIS_POPULATION


def _bare_ok(doc: Doc, m: PlaceMention) -> bool:
    """Filters for a gazetteer match that no NER label backs."""
    span = doc[m.start:m.end]
    if any(t.tag_ not in PROPER_TAGS or (t.is_stop and not t.is_upper) for t in span):
        return False  # all-caps 'US' is not the stop word 'us'
    best = m.cands[0]
    letters = span.text.replace(".", "")
    if (letters.isupper() or _acronym(span.text)) and len(letters) <= 4 and best.kind != "country":
        return False  # "IS", "BA", "P.A.", "PoP"-like acronyms; US and UK pass as countries
    if best.kind == "city" and span.root.dep_ in ("nsubj", "nsubjpass"):
        return False  # "Noma had moved": an unlabelled name that acts is a person's
    return best.kind != "city" or best.population >= MIN_BARE_POPULATION


def _hyphenated(doc: Doc, gaz: Gazetteer, m: PlaceMention) -> bool:
    """'Vice-President', 'Phillips-Spencer', 'Dyfed-Powys Police': a name glued by a hyphen to a
    capitalised word that names no place is part of a compound name (a title, a double-barrelled
    surname); 'Fargo-Moorhead' or 'Nelson-Creston' join two places, and 'Watertown-ML' a place
    and an abbreviation, and stand."""
    for hyphen, other in ((m.end, m.end + 1), (m.start - 1, m.start - 2)):
        if not (0 <= other < len(doc) and doc[hyphen].text == "-"):
            continue
        glued = not doc[hyphen - 1].whitespace_ and not doc[hyphen].whitespace_
        word = doc[other].text
        if glued and _capitalised(doc[other]) and not word.isupper() and not gaz.is_place(word):
            return True
    return False


def _whole_run(doc: Doc, m: PlaceMention) -> bool:
    """A bare town match must be the whole proper-name run: 'Police' alone, not 'Police Department'.

    Countries, states and big cities are let through ('Italy Juventus' in a headline, 'CTV
    Saskatoon'); so is a town next to a capitalised word that is no name ('Honolulu Are ...').
    """
    best = m.cands[0]
    if best.kind != "city" or best.population >= MIN_NESTED_POPULATION:
        return True
    before = m.start > 0 and _name_word(doc[m.start - 1]) and not doc[m.start].is_sent_start
    after = m.end < len(doc) and _name_word(doc[m.end])
    return not (before or after)


def _name_word(tok) -> bool:
    """A word that continues a proper name: capitalised, tagged a proper noun, no stop word."""
    return _capitalised(tok) and tok.tag_ in PROPER_TAGS and not tok.is_stop


def _bare_mentions(doc: Doc, gaz: Gazetteer, taken: set[int], accept, caps: list[bool]) -> list[PlaceMention]:
    """Longest gazetteer matches on capitalised proper-noun runs in the free tokens (`caps`:
    whether each token is _capitalised, worked out once per Doc)."""
    out, i = [], 0
    while i < len(doc):
        found = None
        if i not in taken and caps[i]:
            for n in range(MAX_NGRAM, 0, -1):
                toks = range(i, min(i + n, len(doc)))
                if len(toks) < n or any(t in taken or not caps[t] for t in toks):
                    continue
                m = _make(doc, gaz, i, i + n)
                if m and _bare_ok(doc, m) and accept(doc, m) and not _hyphenated(doc, gaz, m):
                    found = m
                    break
        out += [found] if found else []
        i = found.end if found else i + 1
    return out


def _nested_mentions(doc: Doc, gaz: Gazetteer, ann, caps: list[bool]) -> list[PlaceMention]:
    """Place names inside names of other things: 'Brussels' in 'the Brussels bombings',
    'New York' in 'New York Police Department', 'Muscat' in 'Muscat Film Festival'."""
    nesting = {e.id for e in ann.entities if e.type in NESTING_TYPES}
    inside = {t for t, eid in ann.token_entity.items() if eid in nesting}
    inside |= {t for e in doc.ents if e.label_ in NESTING_LABELS for t in range(e.start, e.end)
               if t not in ann.token_entity}
    outside = set(range(len(doc))) - inside
    return _bare_mentions(doc, gaz, outside, _nestable, caps) if inside else []


def _nestable(doc: Doc, m: PlaceMention) -> bool:
    """Inside a name only well-known places count: 'New York' in the NYPD, not 'Police'."""
    best = m.cands[0]
    return best.kind != "city" or best.population >= MIN_NESTED_POPULATION


def _dateline_mentions(doc: Doc, gaz: Gazetteer, claimed, dateline) -> list[PlaceMention]:
    """'JAFFA, Israel': each comma-separated part that the gazetteer knows."""
    if dateline is None:
        return []
    span = doc.char_span(dateline.start, dateline.end, alignment_mode="expand")
    if span is None:
        return []
    out, start = [], span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or doc[i].text == ",":
            if start < i and not _claimed(range(start, i), claimed):
                m = _make(doc, gaz, start, i)
                out += [m] if m else []
            start = i + 1
    return out


def _abbreviation_mentions(doc: Doc, gaz: Gazetteer, claimed) -> list[PlaceMention]:
    """'Salem, Ore.' or 'Walker County (Ga.)': a state abbreviation after a town fixes both."""
    out = []
    for tok in doc[2:]:
        state = gaz.abbreviation(tok.text)
        if state is None or doc[tok.i - 1].text not in (",", "("):
            continue
        start = tok.i - 1
        while start > max(0, tok.i - 1 - MAX_NGRAM) and _capitalised(doc[start - 1]):
            start -= 1
        town = _make(doc, gaz, start, tok.i - 1) if start < tok.i - 1 else None
        inside = within(town.cands, state) if town else []
        if inside and not _claimed(range(town.start, town.end), claimed):
            town.fixed = inside[0]
            out.append(town)
        out.append(PlaceMention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), tok.text, [state], state))
    return out


def _demonym_mentions(doc: Doc, gaz: Gazetteer, ann, caps: list[bool]) -> list[PlaceMention]:
    """'Russian officials': an adjective of place that modifies a noun names that place.

    Only modifiers count: a people noun ('the Russians') or a language ('in English') does
    not locate anything. The word may also be a NORP entity; a person's name never counts.
    Two demonyms in a row name a people, not a place ('African American news', 'Polish
    American', 'Mexican-American').
    """
    out, i = [], 0
    while i < len(doc):
        n = _demonym_length(doc, gaz, i, caps)
        people = _ethnic_end(doc, gaz, i + n, caps) if n else 0
        if not n or people:
            i = people or i + 1  # an ethnic group ('African Americans'): neither word is a place
            continue
        span, last = doc[i:i + n], doc[i + n - 1]
        if last.dep_ in ("amod", "compound", "nmod") and last.head.i > last.i \
                and not _claimed_by(ann, span, ("PERSON", "OUTLET")):
            place = gaz.demonym(span.text)
            out.append(PlaceMention(i, i + n, span.start_char, span.end_char, span.text, [place], place))
        i += n
    return out


def _ethnic_end(doc: Doc, gaz: Gazetteer, i: int, caps: list[bool]) -> int:
    """The end of a second demonym at token i that makes a people of the first: 'African
    Americans', 'Polish American' (no hyphen), 'African-Americans' (a plural after a hyphen).
    A singular after a hyphen joins two countries ('Russian-American crew'). 0 when none."""
    if i < len(doc) and doc[i].text == "-":
        n = _demonym_length(doc, gaz, i + 1, caps, plural=True)
        return i + 1 + n if n and doc[i + n].text.endswith("s") else 0
    n = _demonym_length(doc, gaz, i, caps, plural=True)
    return i + n if n else 0


def _demonym_length(doc: Doc, gaz: Gazetteer, i: int, caps: list[bool], plural: bool = False) -> int:
    """Tokens (2 or 1) of the capitalised demonym starting at token i ('Americans' too when
    `plural`); 0 when none does."""
    if i >= len(doc) or not caps[i]:
        return 0  # most words: no span to build
    for n in (2, 1):
        if i + n > len(doc) or not all(caps[i:i + n]):
            continue  # 'Russian-' of 'Russian-American' is 'Russian' alone
        span = doc[i:i + n]
        if gaz.demonym(span.text) or (plural and span.text.endswith("s") and gaz.demonym(span.text[:-1])):
            return n
    return 0


def _claimed_by(ann, span, types) -> bool:
    """True when a token of span belongs to an entity of one of these types."""
    ids = {ann.token_entity.get(t.i) for t in span} - {None}
    return any(e.type in types for e in ann.entities if e.id in ids)


def _supranational_mentions(doc: Doc, gaz: Gazetteer, ann) -> list[PlaceMention]:
    """Organisation entities that are also places of no single country ('the EU')."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "NORP") or not _claimed_by(ann, ent, ("ORG", "GOV", "GROUP", "NORP")):
            continue
        m = _make(doc, gaz, ent.start, ent.end)
        if m and m.cands[0].country is None and m.cands[0].kind == "region":
            m.fixed = m.cands[0]
            out.append(m)
    return out


# --------------------------------------------------------------------------- readings that name no place


@lru_cache(maxsize=1)
def _party_initials() -> frozenset:
    """kb/place_party_tags.tsv: 'D', 'R', 'I' of 'Sen. Amy Klobuchar (D-Minn.)'."""
    return frozenset(r["initial"] for r in read_table("place_party_tags.tsv"))


def _party_tag_tokens(doc: Doc) -> set[int]:
    """Tokens of the state or home town in a legislator's party tag ('(D-Minn.)', ', R-Elbow
    Lake,'): it says whom the member represents, not where the story is, so it names no place.
    The initial is glued to the hyphen and the hyphen to a capitalised word."""
    out = set()
    for tok in doc[:-2]:
        hyphen = doc[tok.i + 1]
        if tok.text not in _party_initials() or hyphen.text != "-" or tok.whitespace_ or hyphen.whitespace_:
            continue
        end = tok.i + 2
        while end < len(doc) and end - tok.i - 2 < MAX_NGRAM and _capitalised(doc[end]):
            end += 1
        out.update(range(tok.i + 2, end))
    return out


def _person_words(doc: Doc, ann) -> frozenset[str]:
    """Surnames of this document's person names of two words or more ('Patrick F. Kennedy',
    'Lin-Manuel Miranda'): one sense per discourse, so the surname alone as an actor elsewhere
    ('Kennedy wrote', 'Miranda's son') is that person, not a town of the same name."""
    names = [e.text for e in doc.ents if e.label_ == "PERSON"]
    names += [m.text for e in ann.entities if e.type == "PERSON" for m in e.mentions]
    return frozenset(words[-1] for words in (normalize(n).split() for n in names) if len(words) >= 2)


@lru_cache(maxsize=1)
def _speech_lemmas() -> frozenset:
    """Lemmas of the verbs of saying in kb/speech_verbs.tsv ('say', 'tell', 'write', ...)."""
    return frozenset(r["lemma"] for r in read_table("speech_verbs.tsv") if r["kind"] == "say")


def _speaker(doc: Doc, m: PlaceMention) -> bool:
    """'Kennedy said', 'said Noma': a one-word name that is the subject of a verb of saying."""
    tok = doc[m.start]
    return m.end - m.start == 1 and tok.dep_ == "nsubj" and tok.head.lemma_ in _speech_lemmas()


def _governed(doc: Doc, m: PlaceMention) -> bool:
    """'in Khayelitsha', 'at Schiphol': a locative preposition governs the name itself (not a
    possessor: 'in Kemira's R&D centre' is in the centre)."""
    before = doc[m.start - 1].lower_ if m.start > 0 else ""
    possessor = m.end < len(doc) and doc[m.end].tag_ == "POS"
    return before in _locatives() and not possessor


def _someone(doc: Doc, m: PlaceMention, people: frozenset[str]) -> bool:
    """A town or division reading of a person's name: the word is a name of a person of this
    document, or a one-word name speaks ('Kennedy said') and is no capital or metropolis.
    Countries and world regions stay places (see _keep_places for the names shown to be places)."""
    best = m.cands[0] if m.cands else None
    if best is not None and (best.kind not in ("city", "region") or best.country is None):
        return False
    if normalize(m.text) in people and doc[m.start:m.end].root.dep_ in PERSON_ROLES:
        return True
    return best is not None and best.kind == "city" and best.prior < METROPOLIS_POPULATION \
        and _speaker(doc, m)


@lru_cache(maxsize=1)
def _feature_words() -> tuple[frozenset, frozenset]:
    """(first, last) words that mark a feature's name ('Mount Chaambi', 'Neches River'):
    kb/place_feature_words.tsv, plus the site and division designators as last words."""
    rows = read_table("place_feature_words.tsv")
    first = frozenset(normalize(r["word"]) for r in rows if r["position"] == "first")
    last = frozenset(normalize(r["word"]) for r in rows if r["position"] == "last")
    return first, last | _site_words() | frozenset(_designators())


def named_feature(doc: Doc, m: PlaceMention) -> bool:
    """A name of two words or more that begins or ends with a feature, site or division word."""
    first, last = _feature_words()
    return m.end - m.start > 1 and (normalize(doc[m.start].text) in first
                                    or normalize(doc[m.end - 1].text) in last)


@lru_cache(maxsize=1)
def _natural_words() -> frozenset:
    """The words of kb/place_feature_words.tsv, wherever they stand."""
    return frozenset(normalize(r["word"]) for r in read_table("place_feature_words.tsv"))


def _natural_feature(doc: Doc, m: PlaceMention, alone: bool = False) -> bool:
    """A name of a natural feature ('Lake Ontario', 'Mississippi River'); with `alone`, a name
    that is nothing but such a word ('Bay', 'Island')."""
    words = [normalize(t.text) for t in doc[m.start:m.end]]
    if alone:
        return len(words) == 1 and words[0] in _natural_words()
    first, last = _feature_words()
    return len(words) > 1 and ((words[0] in first) or (words[-1] in last and words[-1] in _natural_words()))


def _paired(doc: Doc, m: PlaceMention, known: list[PlaceMention]) -> bool:
    """'Portroe, Tipperary', 'Rockingham, Northamptonshire', 'Le Bernardin in New York': a
    comma (or 'in') joins the name to a place the gazetteer knows."""
    link = doc[m.end].text if m.end < len(doc) - 1 else None
    after = link in (",", "in") and any(k.start == m.end + 1 for k in known)
    before = m.start > 1 and doc[m.start - 1].text == "," and any(k.end == m.start - 1 for k in known)
    return after or before


def _evidenced(doc: Doc, mentions: list[PlaceMention], dateline) -> set[str]:
    """Names that some mention shows to be places: a pattern fixed it ('Salem, Ore.'), a
    feature word ('Lake Manassas'), a locative preposition ('in Riverdale'), a 'Place,
    Country' pair or the dateline. By one sense per discourse, every mention of such a name
    is a place."""
    known = [k for k in mentions if k.cands]
    out = set()
    for m in mentions:
        in_dateline = dateline is not None and m.start_char < dateline.end and m.end_char > dateline.start
        if m.fixed or named_feature(doc, m) or _governed(doc, m) or _paired(doc, m, known) or in_dateline:
            out.add(normalize(m.text))
    return out


def _no_name(gaz: Gazetteer, m: PlaceMention) -> bool:
    """Words that are never the name of an unlisted place: a demonym or language ('Ukrainian',
    'Setswana' is no gazetteer's), a weekday, a month or a compass word, an all-capital
    abbreviation with no dots ('OT', 'HB', 'DBS')."""
    letters = m.text.replace(" ", "")
    return gaz.demonym(m.text) is not None or normalize(m.text) in stopwords() \
        or (letters.isupper() and "." not in letters and len(letters) <= 5)


def _keep_places(doc: Doc, gaz: Gazetteer, ann, mentions: list[PlaceMention], dateline,
                 blocked: set[int]) -> list[PlaceMention]:
    """Drop the readings that name no place: party tags (`blocked` tokens); people's names,
    unless the document shows the name to be a place ('in Riverdale' beside 'Riverdale Lukoil
    South'); and unlisted names ('other': the tagger's GPE or LOC that no gazetteer lists) with no such
    evidence. The tagger alone is not enough for those: it calls firms ('Dropbox'), people
    ('Yulia') and titles ('Plenipotentiary') places as readily as hamlets."""
    people = _person_words(doc, ann)
    evidenced = _evidenced(doc, mentions, dateline)
    keep = []
    for m in mentions:
        shown = normalize(m.text) in evidenced
        if blocked.intersection(range(m.start, m.end)) or (not shown and _someone(doc, m, people)):
            continue
        if m.kind == "other" and (not shown or _no_name(gaz, m)):
            continue
        keep.append(m)
    return keep


def recognise(doc: Doc, gaz: Gazetteer, ann, dateline) -> list[PlaceMention]:
    """All place mentions, non-overlapping, in text order (dateline and NER win overlaps)."""
    claimed = ann.token_entity
    caps = [_capitalised(tok) for tok in doc]
    ordered = (_abbreviation_mentions(doc, gaz, claimed)
               + _dateline_mentions(doc, gaz, claimed, dateline)
               + _entity_mentions(doc, gaz, claimed, dateline, caps)
               + _supranational_mentions(doc, gaz, ann)
               + _demonym_mentions(doc, gaz, ann, caps)
               + _site_mentions(doc)
               + _locative_mentions(doc, gaz))
    ent_tokens = {t for e in doc.ents for t in range(e.start, e.end)}
    taken = ent_tokens | set(claimed) | {t for m in ordered for t in range(m.start, m.end)}
    ordered += _bare_mentions(doc, gaz, taken, _whole_run, caps)
    ordered += _nested_mentions(doc, gaz, ann, caps)
    blocked = _party_tag_tokens(doc)
    ordered = _keep_places(doc, gaz, ann, ordered, dateline, blocked)
    out, used = [], set()
    for m in ordered:
        if not used.intersection(range(m.start, m.end)):
            out.append(m)
            used.update(range(m.start, m.end))
    out += _repeated_mentions(doc, gaz, out, used | blocked)
    return sorted(out, key=lambda m: m.start)


def _repeated_mentions(doc: Doc, gaz: Gazetteer, found: list[PlaceMention], used: set[int]) -> list[PlaceMention]:
    """The other occurrences of a name already read as a place: one sense per discourse.

    'in Nelson' makes the tagger's person 'Nelson' of 'Nelson residents' the town too, and
    'in Tunis' the 'Tunis' that the tagger missed. An occurrence counts only as a whole
    name ('Washington' of 'The Washington Post' does not); demonyms and state abbreviations,
    whose readings hang on their use ('Russian officials', 'Ind.'), are not repeated.
    """
    names: dict[tuple[str, ...], PlaceMention] = {}
    for m in found:
        if gaz.demonym(m.text) is None and gaz.abbreviation(m.text) is None:
            names.setdefault(tuple(t.text for t in doc[m.start:m.end]), m)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in names:
        by_first.setdefault(words[0], []).append(words)
    out = []
    for tok in doc:
        for words in by_first.get(tok.text, ()):
            start, end = tok.i, tok.i + len(words)
            if end > len(doc) or used.intersection(range(start, end)) \
                    or tuple(t.text for t in doc[start:end]) != words or not _whole_name(doc, start, end):
                continue
            span, model = doc[start:end], names[words]
            if _acts(span, model):
                continue
            out.append(PlaceMention(start, end, span.start_char, span.end_char, span.text, model.cands,
                                model.fixed, model.kind, container=model.container))
            used.update(range(start, end))
            break
    return out


def _acts(span, model: PlaceMention) -> bool:
    """A repeated town or unlisted name that is a subject ('Noma said', 'Dropbox is
    releasing') is as likely a person or a firm named like the place: not repeated.
    Countries, states and world regions act as places do ('Tunisia said')."""
    best = model.cands[0] if model.cands else None
    town = best is None or best.kind == "city"
    return town and span.root.dep_ in ("nsubj", "nsubjpass")


def _whole_name(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are a whole proper name, not part of a longer one."""
    before = start > 0 and _name_word(doc[start - 1]) and not doc[start].is_sent_start
    after = end < len(doc) and _name_word(doc[end])
    return not (before or after)


def within(cands: list[Candidate], state: Candidate) -> list[Candidate]:
    """The towns and counties among cands that lie in this state or province."""
    return [c for c in cands if (c.country, c.admin1) == (state.country, state.admin1)
            and c.kind in ("city", "region") and c.key != state.key]
