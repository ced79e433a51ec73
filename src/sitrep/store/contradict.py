"""Contradiction of stored claims: who says it did not happen, and whether the accused denies it.

What counts is corpus/contradiction.py's (negations of the same event, the
accused's denials, both ways; never a claim and itself or its article's copy,
never one source against itself in one report). Computed when asked, from
indexed rows, beside corroboration (store/corroborate.py), for a batch of
claims in a few statements whatever their number:

- the batch's actor identities, stories and originals, and the identities of
  their targets (two queries);
- negations: corroboration's query of the same event (corroborate.event_conditions)
  with the same actor identity and the opposite negation, one UNION ALL per
  SUPPORT_BATCH claims, led by the index (actor_identity, action, document);
- denials of the batch's accusations: REJECT claims with a denial word by each
  accused, by the same index; and for the batch's denials, the accusations of
  the denier (an ACCUSE target, by country or entity identity) and the denier's
  alleged acts; one UNION ALL each;
- then, for the candidates only, their words (documents.named_claims), targets,
  and which parties their articles name, to keep the denials that deny the claim.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

from sqlalchemy import ColumnElement, Integer, Row, Select, String, and_, literal, or_, select, union_all
from sqlalchemy.orm import Session

from ..corpus.contradiction import (ACCUSATION, ALLEGED, DENIAL, DENIAL_ACTION, DENIAL_MODALITIES, NEAR_CHARS, NEGATION,
                                    accused, denial_words, denies, names_accusation, place_identity)
from ..corpus.corroboration import WINDOW_DAYS
from . import corroborate
from .corroborate import CLAIM_COLUMNS, claim_targets, event_conditions, outlet_ratings, rating_counts
from .results import CLAIM_MATCHES, ClaimMatch, Contradicting, Contradiction, stored_rating
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow, PlaceRow

_ID_CHUNK = 500


@dataclass
class _Facts:
    """What judging a contradiction needs of one claim beyond its row."""

    original: str                       # its article, or the original its article copies
    story: Optional[str]
    actor: Optional[str]                # actor identity
    targets: list[str] = field(default_factory=list)  # target identities
    place: Optional[str] = None         # the place's country as "cc:XX"
    named: Optional[ClaimMatch] = None  # the claim with its words (documents.named_claims), when read
    names: set[str] = field(default_factory=set)  # who and what its article names (read for denials only)

    @property
    def texts(self) -> list[str]:
        """Its words for its targets."""
        return list(self.named.target_text) if self.named else []

    def parties(self, action: str, modality: str) -> set[str]:
        """What an accusation involves: actor, targets, the place's country; for an alleged act,
        also its kind of event ("act:ASSAULT"), which a report of the denial may name instead."""
        found = {p for p in (self.actor, *self.targets, self.place) if p}
        if modality == ALLEGED:
            found.add(f"act:{action}")
        return found


# How a candidate was found: the same event negated, a denial of the claim, or what the claim denies.
_DENIES_IT, _IT_DENIES = "denies-it", "it-denies"


def contradictions(session: Session, claims: Sequence[Row],
                   targets: Mapping[int, Sequence[Row]]) -> dict[tuple[str, str], Contradiction]:
    """The contradiction of each claim row (corroborate.CLAIM_COLUMNS), given its target rows (by
    claim pk, as corroborate.claim_targets gives them), by (document id, claim id)."""
    if not claims:
        return {}
    facts = _facts(session, claims, targets)
    found: dict[int, list[Row]] = defaultdict(list)
    batch_size = corroborate.SUPPORT_BATCH
    for i in range(0, len(claims), batch_size):
        parts = [part for tag, claim in enumerate(claims[i:i + batch_size], start=i)
                 for part in _queries(claim, targets.get(claim.pk, ()), facts[claim.pk], tag)]
        if parts:
            for row in session.execute(parts[0] if len(parts) == 1 else union_all(*parts)):
                found[row.asked].append(row)
    candidates = list({row.pk: row for rows in found.values() for row in rows}.values())
    theirs = _facts(session, candidates, claim_targets(session, [row.pk for row in candidates]), every_word=True)
    result = {}
    for tag, claim in enumerate(claims):
        kept: dict[tuple[str, str], Contradicting] = {}
        for row in found.get(tag, ()):
            key = (row.id, row.ref)
            if key in kept or key == (claim.id, claim.ref):
                continue
            if _holds(row.how, claim, facts[claim.pk], row, theirs[row.pk]):
                kept[key] = _contradicting(NEGATION if row.how == NEGATION else DENIAL, row, theirs[row.pk].named)
        result[(claim.id, claim.ref)] = _contradiction(list(kept.values()))
    return result


def _queries(claim: Row, targets: Sequence[Row], fact: _Facts, tag: int) -> list[Select]:
    """The candidate queries of one claim, each row tagged with the claim's place in the batch
    and how it was found: negations of its event by its actor; the accused's denials of it;
    what it denies."""
    parts = []
    if fact.actor and (targets or claim.place_country):  # an event word alone does not tell one event
        parts.append(_select(tag, NEGATION).where(
            ClaimRow.actor_identity == fact.actor, ClaimRow.negated == (not claim.negated),
            *event_conditions(claim, [(t.country, t.key) for t in targets])))
    window = _window(claim.published)
    for person in sorted(accused(claim.action, claim.modality, claim.negated, fact.actor, fact.targets)):
        parts.append(_select(tag, _DENIES_IT).where(
            ClaimRow.actor_identity == person, ClaimRow.action == DENIAL_ACTION, ClaimRow.negated.is_(False),
            ClaimRow.modality.in_(DENIAL_MODALITIES), ClaimRow.trigger_key.in_(sorted(denial_words())),
            DocumentRow.copy_of.is_(None), *window))
    if _is_denial(claim, fact):
        parts.append(_select(tag, _IT_DENIES).where(
            or_(and_(ClaimRow.action == ACCUSATION, ClaimRow.pk.in_(_accusations_of(fact.actor or ""))),
                and_(ClaimRow.modality == ALLEGED, ClaimRow.actor_identity == fact.actor,
                     ClaimRow.action != DENIAL_ACTION)),
            ClaimRow.negated.is_(False), DocumentRow.copy_of.is_(None), *window))
    return parts


def _may_deny(claim: Row) -> bool:
    """A REJECT claim with a denial word: whether it denies depends on its words (named claims)."""
    return claim.action == DENIAL_ACTION and (claim.trigger_key or "").casefold() in denial_words()


def _is_denial(claim: Row, fact: _Facts) -> bool:
    return (_may_deny(claim) and fact.actor is not None
            and denies(claim.trigger_key, claim.negated, claim.modality, fact.texts,
                       fact.named.text if fact.named else ""))


def _accusations_of(identity: str) -> Select:
    """SQL: the pks of claims with a target of this identity (a country by its places, an entity
    by its identity, a place with no country by its name key)."""
    if identity.startswith("cc:"):
        return select(ClaimTargetRow.claim_pk).where(ClaimTargetRow.country == identity[3:])
    if identity.startswith("place:"):
        return select(ClaimTargetRow.claim_pk).where(ClaimTargetRow.key == identity[6:],
                                                     ClaimTargetRow.country.is_(None))
    return (select(ClaimTargetRow.claim_pk)
            .join(ClaimRow, ClaimRow.pk == ClaimTargetRow.claim_pk)
            .join(EntityRow, and_(EntityRow.document_id == ClaimRow.document_id, EntityRow.ref == ClaimTargetRow.ref))
            .where(EntityRow.identity == identity))


def _window(published: Optional[dt.date]) -> list[ColumnElement[bool]]:
    """Published within the window of a claim's article (no bound for an undated one)."""
    if not published:
        return []
    days = dt.timedelta(days=WINDOW_DAYS)
    return [DocumentRow.published.between(published - days, published + days)]


def _select(tag: int, how: str) -> Select:
    return select(literal(tag, Integer).label("asked"), literal(how, String).label("how"),
                  *CLAIM_COLUMNS).join(DocumentRow)


def _facts(session: Session, claims: Sequence[Row], targets: Mapping[int, Sequence[Row]],
           every_word: bool = False) -> dict[int, _Facts]:
    """The facts of claim rows (CLAIM_COLUMNS) with their target rows (claim_targets): original,
    story, actor and target identities; the words of those that may deny (of all, with
    `every_word`: a contradicting claim shows its sentence), and the names of the articles of
    those that deny."""
    facts = {claim.pk: _Facts(original=claim.copy_of or claim.id, story=claim.story_id, actor=claim.actor_identity,
                              targets=_targets_of(targets.get(claim.pk, ())),
                              place=place_identity(claim.place_country, None))
             for claim in claims}
    named = _named(session, [(claim.id, claim.ref) for claim in claims if every_word or _may_deny(claim)])
    for claim in claims:
        facts[claim.pk].named = named.get((claim.id, claim.ref))
    names = _names(session, sorted({claim.id for claim in claims if _is_denial(claim, facts[claim.pk])}))
    for claim in claims:
        facts[claim.pk].names = names.get(claim.id, set())
    return facts


def _targets_of(rows: Sequence[Row]) -> list[str]:
    """Target identities: an entity's identity, else a place's country."""
    return [identity for row in rows if (identity := row.identity or place_identity(row.country, None))]


def _names(session: Session, documents: list[str]) -> dict[str, set[str]]:
    """Who and what each article names: its entities by identity, its places by country, the
    kinds of event its claims report ("act:ASSAULT"); one statement."""
    names: dict[str, set[str]] = defaultdict(set)
    for i in range(0, len(documents), _ID_CHUNK):
        chunk = documents[i:i + _ID_CHUNK]
        stmt = union_all(
            select(ClaimRow.document_id, literal("act:", String) + ClaimRow.action).where(
                ClaimRow.document_id.in_(chunk)),
            select(EntityRow.document_id, EntityRow.identity).where(EntityRow.document_id.in_(chunk)),
            select(PlaceRow.document_id, literal("cc:", String) + PlaceRow.country).where(
                PlaceRow.document_id.in_(chunk), PlaceRow.country.is_not(None)))
        for document, name in session.execute(stmt):
            if name:
                names[document].add(name)
    return names


def _holds(how: str, claim: Row, mine: _Facts, row: Row, theirs: _Facts) -> bool:
    """Whether a candidate the queries found contradicts the claim (corpus/contradiction.py)."""
    same_article = theirs.original == mine.original
    if how == NEGATION:
        if same_article:
            return row.source_key != claim.source_key
        same_story = mine.story is not None and mine.story == theirs.story
        return same_story or (claim.time is not None and claim.time == row.time)
    if how == _DENIES_IT:
        if not _is_denial(row, theirs):
            return False
        accusation, accusation_row, denial, denial_row = mine, claim, theirs, row
    else:
        accusation, accusation_row, denial, denial_row = theirs, row, mine, claim
    if accusation_row.action == ACCUSATION and accusation.actor == denial.actor:
        return False  # an accuser does not deny its own accusation
    if same_article and _near(accusation_row, denial_row):
        return True  # reported next to it: it answers it
    parties = accusation.parties(accusation_row.action, accusation_row.modality) - {denial.actor}
    if parties & set(denial.targets):
        return True  # it names the accuser (or a target) as what it denies
    if not names_accusation(denial.texts):
        return False
    same_story = accusation.story is not None and accusation.story == denial.story
    return same_article or same_story or bool(parties & denial.names)


def _near(one: Row, other: Row) -> bool:
    """Two claims of one article within NEAR_CHARS of each other."""
    return max(one.start, other.start) - min(one.end, other.end) <= NEAR_CHARS


def _named(session: Session, wanted_pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], ClaimMatch]:
    """The named claims (documents.named_claims) of these (document, claim id) pairs."""
    wanted = set(wanted_pairs)
    documents = sorted({document for document, _ in wanted})
    named: dict[tuple[str, str], ClaimMatch] = {}
    for i in range(0, len(documents), _ID_CHUNK):
        for document, stored in session.execute(select(DocumentRow.id, DocumentRow.named_claims)
                                                .where(DocumentRow.id.in_(documents[i:i + _ID_CHUNK]))):
            for claim in CLAIM_MATCHES.validate_json(stored):
                if (document, claim.id) in wanted:
                    named.setdefault((document, claim.id), claim)
    return named


def _contradicting(kind: str, row: Row, named: Optional[ClaimMatch]) -> Contradicting:
    return Contradicting(
        document_id=row.id, claim=row.ref, outlet=row.outlet,
        outlet_reliability=stored_rating(row.reliability, row.reliability_origin, row.reliability_score,
                                         row.outlet_domain),
        published=row.published, title=row.title, source=row.source_name, source_key=row.source_key or "",
        modality=row.modality, kind=kind, actor=row.actor_name, action=row.action, negated=row.negated,
        text=named.text if named else "",
    )


def _contradiction(claims: list[Contradicting]) -> Contradiction:
    claims.sort(key=lambda c: (c.published or dt.date.max, c.document_id, c.claim))
    outlets = outlet_ratings(claims)
    return Contradiction(claims=claims, outlets=len(outlets), outlets_by_rating=rating_counts(outlets.values()),
                         sources=len({c.source_key for c in claims}))
