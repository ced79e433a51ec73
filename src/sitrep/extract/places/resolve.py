"""Resolution: one gazetteer record per place mention ("Paris, France or Paris, Texas?"), from
the article's own pairs and countries, then the gazetteer's population prior."""

from __future__ import annotations

import math
from typing import Optional

from spacy.tokens import Doc

from ...geo.gazetteer import Candidate, normalize
from .recognise import ADMIN1_BONUS, COUNTRY_BONUS, MIN_NESTED_POPULATION, PlaceMention, named_feature, within

def _inside(cands: list[Candidate], container: Candidate) -> Optional[list[Candidate]]:
    """The candidates that lie in a country or a state; None when the container is neither."""
    if container.kind == "country":
        return [c for c in cands if c.country == container.country and c.kind != "country"]
    if container.kind == "region" and container.country:
        return within(cands, container)
    return None


def _apply_pairs(doc: Doc, mentions: list[PlaceMention]) -> None:
    """'City, Country', 'City, State', 'District of State': keep the first name's candidates
    inside the container.

    With no candidate inside, the first name is not its namesake elsewhere: a small town of a
    pair ('Sarkh, Logar', not Sarh in Chad) is a place no gazetteer lists, located in its
    container; so is a division 'of' a container ('Eastern District of New York', not Hong
    Kong's Eastern District).
    """
    for a, b in zip(mentions, mentions[1:]):
        link = doc[a.end].text if b.start == a.end + 1 else None
        if link not in (",", "of") or not (a.cands and b.cands):
            continue
        container = b.fixed or b.cands[0]
        inside = _inside(a.cands, container)
        best = a.cands[0]
        if inside:
            a.fixed = inside[0]
            b.fixed = container if link == "," else b.fixed
        elif inside is None or a.fixed or best.kind not in ("city", "region") or best.country is None:
            continue
        elif (link == "," and best.prior < MIN_NESTED_POPULATION) \
                or (link == "of" and named_feature(doc, a)):
            a.cands, a.kind, a.container = [], "other", container


def _context(mentions: list[PlaceMention]) -> tuple[set[str], set[tuple[str, str]]]:
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


def _focus(mentions: list[PlaceMention], dateline) -> Optional[Candidate]:
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


def _containers(doc: Doc, mentions: list[PlaceMention]) -> dict[str, Candidate]:
    """Unlisted name -> the known place it is said to lie in: 'Le Bernardin in New York',
    'Portroe, Tipperary', or the container of a pair ('Sarkh, Logar')."""
    out = {}
    for m, n in zip(mentions, mentions[1:]):
        link = doc[m.end].text if n.start == m.end + 1 else None
        if m.cands or link not in (",", "in") or n.resolved is None or n.resolved.lat is None:
            continue
        out.setdefault(normalize(m.text), n.resolved)
    for m in mentions:
        if m.container is not None:
            out[normalize(m.text)] = m.container
    return out


def _locate_unlisted(doc: Doc, mentions: list[PlaceMention], dateline) -> None:
    """Places no gazetteer lists take the point of the known place they are said to lie in.

    Failing that, a site (a street, a building) takes the point and country of the town the
    article is about: in a local story it lies in or near that town (or, failing a town, its
    state). Any other unlisted place ('Mt. Everest', 'Forbidden City') keeps no point and no
    country rather than borrow an unrelated one. A small county the gazetteer lists without a
    point, in the story town's state, takes the story town's point.
    """
    focus = _focus(mentions, dateline)
    containers = _containers(doc, mentions)
    for m in mentions:
        if m.resolved is None:
            where = containers.get(normalize(m.text)) or (focus if m.kind == "site" else None)
            m.resolved = Candidate(m.text, m.kind, where.country if where else None,
                                   where.lat if where else None, where.lon if where else None,
                                   None, 0)
        elif m.resolved.lat is None and focus and m.resolved.admin1 \
                and (m.resolved.country, m.resolved.admin1) == (focus.country, focus.admin1):
            m.resolved = m.resolved._replace(lat=focus.lat, lon=focus.lon)


def resolve(doc: Doc, mentions: list[PlaceMention], dateline=None) -> None:
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
    _locate_unlisted(doc, mentions, dateline)


