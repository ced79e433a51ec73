"""The places component: find place mentions, resolve each to one gazetteer record.

Recognition, strongest evidence first (an earlier reading wins an overlap):
- "Salem, Ore." / "Walker County (Ga.)": a postal state abbreviation after a town;
- the dateline's parts; spaCy's GPE/LOC/FAC entities (a name with a designator, "Oaxaca
  State", "Morris County", is looked up without it; an unknown one keeps the place names
  inside it, or stands as a place no gazetteer lists); other unclaimed entities only with
  strong evidence (the dateline, a "City, Country" pair);
- organisations that are also places of no single country ("the EU");
- demonyms and adjectives of place used as modifiers ("Russian officials", "the Omani film
  industry") are mentions of their country or region, as in GeoWebNews' taxonomy (Gritta et
  al. 2019: "Non_Literal_Modifier"); a people noun ("Venezuelans") or a language is not;
- names ending in a site word ("Royal Street", "Holy Redeemer Church"), whatever their label;
- a name tagged as a person after a locative preposition ("in Almelo") that the gazetteer knows;
- capitalised proper-noun runs that the gazetteer knows (filters against common words,
  acronyms like "IS", tiny villages, and towns inside a longer name like "Police Department"),
  and well-known places inside names of organisations and events ("New York Police Department").
Such mentions may share tokens with an entity of sitrep_entities (a NORP adjective, an ORG
name): the place and the entity are two readings of the same words.

Resolution ("Paris, France or Paris, Texas?") uses, in order: an explicit "City, Country"
or "City, State" pair, the countries and states the article itself mentions (including
the dateline's), then the gazetteer's population prior. Places no gazetteer lists (streets,
buildings, hamlets) and the small counties listed without a point take the point of the town
the story is about.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..geo.gazetteer import Candidate, Gazetteer, gazetteer, normalize
from ..kb import read_table
from ..model import Mention, Place
from .annotations import annotations, document

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
KIND = {"city": "city", "country": "country", "region": "region", "continent": "continent",
        "site": "site"}
SITE_KIND = {"FAC": "site", "GPE": "other", "LOC": "other"}
# spaCy labels of proper names (a site's name may carry any of them).
NAME_LABELS = {"ORG", "PERSON", "FAC", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART"}


@dataclass
class _Mention:
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


# --------------------------------------------------------------------------- recognition


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading 'the' and a trailing possessive so 'the Islamic State’s' -> 'Islamic State'."""
    while start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def _make(doc: Doc, gaz: Gazetteer, start: int, end: int) -> Optional[_Mention]:
    """A mention for tokens [start, end) if the gazetteer knows the trimmed name."""
    start, end = _trim(doc, start, end)
    if start >= end:
        return None
    span = doc[start:end]
    cands = gaz.lookup(span.text)[:MAX_CANDIDATES]
    if not cands:
        return None
    return _Mention(start, end, span.start_char, span.end_char, span.text, cands)


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


def _entity_mentions(doc: Doc, gaz: Gazetteer, claimed: dict[int, str], dateline) -> list[_Mention]:
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
        m = _make(doc, gaz, ent.start, ent.end) or _designated(doc, gaz, ent.start, ent.end)
        if m and _acronym_town(m):
            continue
        if m:
            out.append(m)
        elif ent.label_ in PLACE_LABELS:
            outside = set(range(len(doc))) - set(tokens)
            inner = _bare_mentions(doc, gaz, outside, _nestable)
            out += inner or _unlisted(doc, ent)
    return out


@lru_cache(maxsize=1)
def _locatives() -> frozenset:
    """kb/locative_prepositions.tsv: 'in', 'at', 'near', ..."""
    return frozenset(r["word"] for r in read_table("locative_prepositions.tsv"))


def _locative_mentions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    """'in Almelo', 'at Delft': a name tagged as a person or organisation that a locative
    preposition governs and the gazetteer knows is a place (the tagger's guess loses)."""
    out = []
    for ent in doc.ents:
        governed = ent.start > 0 and doc[ent.start - 1].lower_ in _locatives()
        if ent.label_ in ("PERSON", "ORG", "NORP") and governed:
            m = _make(doc, gaz, ent.start, ent.end)
            out += [m] if m and (m.start, m.end) == (ent.start, ent.end) else []
    return out


@lru_cache(maxsize=1)
def _site_words() -> frozenset:
    """kb/site_designators.tsv: head words of names of physical sites."""
    return frozenset(normalize(r["word"]) for r in read_table("site_designators.tsv"))


def _site_mentions(doc: Doc) -> list[_Mention]:
    """Names ending in a site word ('Royal Street', 'Holy Redeemer Church'), whatever their label."""
    out = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and len(ent) > 1 and normalize(ent[-1].text) in _site_words():
            out += _unlisted(doc, ent, "site")
    return out


def _unlisted(doc: Doc, ent, kind: Optional[str] = None) -> list[_Mention]:
    """A named place no gazetteer lists ('Royal Street', 'Lake Manassas'): kept, located later."""
    start, end = _trim(doc, ent.start, ent.end)
    if start >= end or not _capitalised(doc[start]):
        return []
    span = doc[start:end]
    return [_Mention(start, end, span.start_char, span.end_char, span.text, [],
                     kind=kind or SITE_KIND[ent.label_])]


@lru_cache(maxsize=1)
def _designators() -> dict[str, str]:
    """kb/place_designators.tsv: 'County' -> region, 'City' -> city."""
    return {normalize(r["designator"]): r["kind"] for r in read_table("place_designators.tsv")}


def _designated(doc: Doc, gaz: Gazetteer, start: int, end: int) -> Optional[_Mention]:
    """'Oaxaca State', 'Morris County': the name before the designator, of the kind it says."""
    start, end = _trim(doc, start, end)
    kind = _designators().get(normalize(doc[end - 1].text)) if end - start > 1 else None
    inner = _make(doc, gaz, start, end - 1) if kind else None
    if inner is None:
        return None
    cands = [c for c in inner.cands if c.kind == kind]
    span = doc[start:end]
    return _Mention(start, end, span.start_char, span.end_char, span.text, cands) if cands else None


def _capitalised(tok) -> bool:
    """A word of a proper name: capitalised letters, abbreviation dots allowed ('St.', 'U.S.')."""
    return tok.text[:1].isupper() and tok.text.replace(".", "").isalpha()


def _acronym_town(m: _Mention) -> bool:
    """'BA', 'APC', 'P.A.': a short all-caps name whose best reading is a town is an acronym,
    unless the town is a metropolis known by its initials ('LA', 'NYC')."""
    letters, best = m.text.replace(".", ""), m.cands[0]
    return letters.isupper() and len(letters) <= 4 and best.kind == "city" \
        and best.population < METROPOLIS_POPULATION


def _bare_ok(doc: Doc, m: _Mention) -> bool:
    """Filters for a gazetteer match that no NER label backs."""
    span = doc[m.start:m.end]
    if any(t.tag_ not in PROPER_TAGS or (t.is_stop and not t.is_upper) for t in span):
        return False  # all-caps 'US' is not the stop word 'us'
    best = m.cands[0]
    letters = span.text.replace(".", "")
    if letters.isupper() and len(letters) <= 4 and best.kind != "country":
        return False  # "IS", "BA", "P.A."-like acronyms; US and UK pass as countries
    if best.kind == "city" and span.root.dep_ in ("nsubj", "nsubjpass"):
        return False  # "Noma had moved": an unlabelled name that acts is a person's
    return best.kind != "city" or best.population >= MIN_BARE_POPULATION


def _whole_run(doc: Doc, m: _Mention) -> bool:
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


def _bare_mentions(doc: Doc, gaz: Gazetteer, taken: set[int], accept) -> list[_Mention]:
    """Longest gazetteer matches on capitalised proper-noun runs in the free tokens."""
    out, i = [], 0
    while i < len(doc):
        found = None
        if i not in taken and _capitalised(doc[i]):
            for n in range(MAX_NGRAM, 0, -1):
                toks = range(i, min(i + n, len(doc)))
                if len(toks) < n or any(t in taken or not _capitalised(doc[t]) for t in toks):
                    continue
                m = _make(doc, gaz, i, i + n)
                if m and _bare_ok(doc, m) and accept(doc, m):
                    found = m
                    break
        out += [found] if found else []
        i = found.end if found else i + 1
    return out


def _nested_mentions(doc: Doc, gaz: Gazetteer, ann) -> list[_Mention]:
    """Place names inside names of other things: 'Brussels' in 'the Brussels bombings',
    'New York' in 'New York Police Department', 'Muscat' in 'Muscat Film Festival'."""
    nesting = {e.id for e in ann.entities if e.type in NESTING_TYPES}
    inside = {t for t, eid in ann.token_entity.items() if eid in nesting}
    inside |= {t for e in doc.ents if e.label_ in NESTING_LABELS for t in range(e.start, e.end)
               if t not in ann.token_entity}
    outside = set(range(len(doc))) - inside
    return _bare_mentions(doc, gaz, outside, _nestable) if inside else []


def _nestable(doc: Doc, m: _Mention) -> bool:
    """Inside a name only well-known places count: 'New York' in the NYPD, not 'Police'."""
    best = m.cands[0]
    return best.kind != "city" or best.population >= MIN_NESTED_POPULATION


def _dateline_mentions(doc: Doc, gaz: Gazetteer, claimed, dateline) -> list[_Mention]:
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


def _abbreviation_mentions(doc: Doc, gaz: Gazetteer, claimed) -> list[_Mention]:
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
        inside = _within(town.cands, state) if town else []
        if inside and not _claimed(range(town.start, town.end), claimed):
            town.fixed = inside[0]
            out.append(town)
        out.append(_Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), tok.text, [state], state))
    return out


def _demonym_mentions(doc: Doc, gaz: Gazetteer, ann) -> list[_Mention]:
    """'Russian officials': an adjective of place that modifies a noun names that place.

    Only modifiers count: a people noun ('the Russians') or a language ('in English') does
    not locate anything. The word may also be a NORP entity; a person's name never counts.
    """
    out, i = [], 0
    while i < len(doc):
        found = None
        for n in (2, 1):
            span = doc[i:i + n]
            place = gaz.demonym(span.text) if len(span) == n and span[0].text[:1].isupper() else None
            last = span[-1] if len(span) else None
            if place and last.dep_ in ("amod", "compound", "nmod") and last.head.i > last.i \
                    and not _claimed_by(ann, span, ("PERSON", "OUTLET")):
                found = _Mention(i, i + n, span.start_char, span.end_char, span.text, [place], place)
                break
        out += [found] if found else []
        i += n if found else 1
    return out


def _claimed_by(ann, span, types) -> bool:
    """True when a token of span belongs to an entity of one of these types."""
    ids = {ann.token_entity.get(t.i) for t in span} - {None}
    return any(e.type in types for e in ann.entities if e.id in ids)


def _supranational_mentions(doc: Doc, gaz: Gazetteer, ann) -> list[_Mention]:
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


def recognise(doc: Doc, gaz: Gazetteer, ann, dateline) -> list[_Mention]:
    """All place mentions, non-overlapping, in text order (dateline and NER win overlaps)."""
    claimed = ann.token_entity
    ordered = (_abbreviation_mentions(doc, gaz, claimed)
               + _dateline_mentions(doc, gaz, claimed, dateline)
               + _entity_mentions(doc, gaz, claimed, dateline)
               + _supranational_mentions(doc, gaz, ann)
               + _demonym_mentions(doc, gaz, ann)
               + _site_mentions(doc)
               + _locative_mentions(doc, gaz))
    ent_tokens = {t for e in doc.ents for t in range(e.start, e.end)}
    taken = ent_tokens | set(claimed) | {t for m in ordered for t in range(m.start, m.end)}
    ordered += _bare_mentions(doc, gaz, taken, _whole_run)
    ordered += _nested_mentions(doc, gaz, ann)
    out, used = [], set()
    for m in ordered:
        if not used.intersection(range(m.start, m.end)):
            out.append(m)
            used.update(range(m.start, m.end))
    return sorted(out, key=lambda m: m.start)


# --------------------------------------------------------------------------- resolution


def _within(cands: list[Candidate], state: Candidate) -> list[Candidate]:
    """The towns and counties among cands that lie in this state or province."""
    return [c for c in cands if (c.country, c.admin1) == (state.country, state.admin1)
            and c.kind in ("city", "region") and c.key != state.key]


def _apply_pairs(doc: Doc, mentions: list[_Mention]) -> None:
    """'City, Country' / 'City, State': keep the city's candidates inside the container."""
    for a, b in zip(mentions, mentions[1:]):
        if b.start != a.end + 1 or doc[a.end].text != "," or not (a.cands and b.cands):
            continue
        container = b.cands[0]
        if container.kind == "country":
            inside = [c for c in a.cands if c.country == container.country and c.kind != "country"]
        elif container.kind == "region" and container.country:
            inside = _within(a.cands, container)
        else:
            continue
        if inside:
            a.fixed, b.fixed = inside[0], container


def _context(mentions: list[_Mention]) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries and (country, admin1) states the article names without ambiguity."""
    countries, states = set(), set()
    for m in mentions:
        c = m.fixed or m.cands[0]
        if m.fixed or c.kind == "country" or len(m.cands) == 1:
            if c.country:
                countries.add(c.country)
        if c.kind == "region" and c.country and c.admin1 and (m.fixed or len(m.cands) <= 3):
            states.add((c.country, c.admin1))
        if m.fixed and m.fixed.kind == "city" and m.fixed.admin1:
            states.add((m.fixed.country, m.fixed.admin1))
    return countries, states


def _score(c: Candidate, countries: set[str], states: set) -> float:
    """Log prior plus bonuses for agreeing with the article's countries and states."""
    score = math.log10(c.prior + 10)
    if c.country in countries:
        score += COUNTRY_BONUS
    if c.kind in ("city", "region") and (c.country, c.admin1) in states:
        score += ADMIN1_BONUS
    return score


def _focus(mentions: list[_Mention], dateline) -> Optional[Candidate]:
    """The town the article is about: the dateline's, else the most mentioned town of the
    article's most mentioned country (a stray namesake abroad does not move the story)."""
    resolved = [m.resolved for m in mentions if m.resolved]
    if dateline is not None:
        first = [m.resolved for m in mentions if m.resolved and m.start_char < dateline.end]
        if first and first[0].kind == "city":
            return first[0]
    countries = [c.country for c in resolved if c.country]
    if not countries:
        return None
    home = max(countries, key=countries.count)
    for kind in ("city", "region"):
        local = [c for c in resolved if c.country == home and c.kind == kind and c.lat is not None]
        if local:
            return max(local, key=local.count)
    return None


def _locate_unlisted(mentions: list[_Mention], dateline) -> None:
    """Places no gazetteer lists take the point and country of the town the article is about.

    A street, building or hamlet of a local story lies in or near that town (or, failing a
    town, its state), so its point is a fair approximation; otherwise it keeps no point.
    A small county the gazetteer lists without a point, in the story town's state, takes its
    point too.
    """
    focus = _focus(mentions, dateline)
    for m in mentions:
        if m.resolved is None:
            m.resolved = Candidate(m.text, m.kind, focus.country if focus else None,
                                   focus.lat if focus else None, focus.lon if focus else None,
                                   None, 0)
        elif m.resolved.lat is None and focus and m.resolved.admin1 \
                and (m.resolved.country, m.resolved.admin1) == (focus.country, focus.admin1):
            m.resolved = m.resolved._replace(lat=focus.lat, lon=focus.lon)


def resolve(doc: Doc, mentions: list[_Mention], dateline=None) -> None:
    """Pick one candidate per mention; the same name resolves the same way throughout."""
    _apply_pairs(doc, mentions)
    countries, states = _context([m for m in mentions if m.cands])
    chosen: dict[str, Candidate] = {}
    for m in mentions:
        if m.fixed:
            m.resolved = m.fixed
            chosen.setdefault(m.text.casefold(), m.fixed)
    for m in mentions:
        if m.resolved is None and m.cands:
            key = m.text.casefold()
            if key not in chosen:
                top = m.cands[0]
                if top.kind == "city" or (top.kind == "region" and top.country):
                    chosen[key] = max(m.cands, key=lambda c: _score(c, countries, states))
                else:
                    chosen[key] = top  # countries, continents, world regions: the prior is right
            m.resolved = chosen[key]
    _locate_unlisted(mentions, dateline)


# --------------------------------------------------------------------------- output


def _places(mentions: list[_Mention]) -> tuple[list[Place], dict[int, str]]:
    """Group mentions by real-world place; ids p1, p2, ... in order of first mention."""
    places: dict[tuple, Place] = {}
    token_place: dict[int, str] = {}
    for m in mentions:
        c = m.resolved
        place = places.get(c.key)
        if place is None:
            place = Place(id=f"p{len(places) + 1}", name=c.name, kind=KIND.get(c.kind, "other"),
                          country=c.country, lat=c.lat, lon=c.lon, geonameid=c.geonameid)
            places[c.key] = place
        place.mentions.append(Mention(start=m.start_char, end=m.end_char, text=m.text))
        token_place.update({t: place.id for t in range(m.start, m.end)})
    return list(places.values()), token_place


def _dateline_place(mentions: list[_Mention], token_place: dict[int, str], dateline) -> Optional[str]:
    """The place of the dateline's first named part ('JAFFA' of 'JAFFA, Israel')."""
    if dateline is None:
        return None
    inside = [m for m in mentions if m.start_char >= dateline.start and m.end_char <= dateline.end]
    return token_place[inside[0].start] if inside else None


def find_places(doc: Doc, gaz: Optional[Gazetteer] = None) -> Doc:
    """Fill ann.places, ann.token_place and ann.dateline_place."""
    gaz = gaz or gazetteer()
    ann = annotations(doc)
    dateline = document(doc).dateline
    mentions = recognise(doc, gaz, ann, dateline)
    resolve(doc, mentions, dateline)
    ann.places, ann.token_place = _places(mentions)
    ann.dateline_place = _dateline_place(mentions, ann.token_place, dateline)
    return doc


@Language.factory("sitrep_places")
def make_component(nlp: Language, name: str):
    """The registered component; the gazetteer loads with the pipeline, not per document."""
    gaz = gazetteer()
    return lambda doc: find_places(doc, gaz)
