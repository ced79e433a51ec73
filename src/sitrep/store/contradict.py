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
  SUPPORT_BATCH claims, each one range of the index of originals' claims by (actor identity,
  action, published: ix_claims_identity_event, migration 0017);
- denials of the batch's accusations: REJECT claims with a denial word by each
  accused, by the same index; and for the batch's denials, the accusations of
  the denier (an ACCUSE target, by country or entity identity, with an event
  word that alleges) and the denier's alleged acts; one UNION ALL each;
- then, for the candidates only, their words (documents.named_claims) and
  targets, and for each denial the accusations it answers in its own article
  (one statement for all), to keep the denials that deny the claim.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

from sqlalchemy import ColumnElement, Integer, Row, Select, String, and_, literal, or_, select, union_all
from sqlalchemy.orm import Session

from ..corpus.contradiction import (ACCUSATION, ALLEGED, DENIAL, DENIAL_ACTION, DENIAL_MODALITIES, NEAR_CHARS, NEGATION,
                                    accusation_words, accused, denial_words, denied_matter, denies, is_accusation,
                                    matter, place_identity, same_matter, says_what)
from ..corpus.corroboration import WINDOW_DAYS
from . import corroborate
from .correction_tables import not_wrong
from .corroborate import (CLAIM_COLUMNS, claim_targets, event_conditions, of_an_original, outlet_ratings,
                          rating_counts)
from .results import CLAIM_MATCHES, ClaimMatch, Contradicting, Contradiction, stored_rating
from .schema import ClaimRow, ClaimTargetRow, DocumentRow, EntityRow

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
    # for a denial: the accusations of its denier it answers in its own article (store order)
    answers: list[tuple[Row, "_Facts"]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Its words for its targets."""
        return list(self.named.target_text) if self.named else []

    @property
    def text(self) -> str:
        """Its sentence (its evidence)."""
        return self.named.text if self.named else ""

    @property
    def names(self) -> list[Optional[str]]:
        """The names of its actor and targets as its article gives them."""
        return [self.named.actor_name, *self.named.target_names] if self.named else []

    def at(self, row: Row) -> int:
        """Where its event word is in the article (else where its evidence starts)."""
        return self.named.trigger.start if self.named and self.named.trigger else row.start

    def denied(self, row: Row, names: list[Optional[str]]) -> frozenset[str]:
        """What a denial says it denies, without these names (corpus/contradiction.py)."""
        if not self.named:
            return frozenset()
        return denied_matter(self.text, max(0, self.at(row) - row.start), names)


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
        # what the queries found, and what a denial answers in its own article (an accusation that
        # names nobody accused is not found by the denier's identity; a copy's is never counted)
        found_here = [(row.how, row, theirs[row.pk]) for row in found.get(tag, ())]
        found_here += [(_IT_DENIES, row, fact) for row, fact in facts[claim.pk].answers if row.copy_of is None]
        for how, row, their in found_here:
            key = (row.id, row.ref)
            if key in kept or key == (claim.id, claim.ref):
                continue
            if _holds(how, claim, facts[claim.pk], row, their):
                kept[key] = _contradicting(NEGATION if how == NEGATION else DENIAL, row, their.named)
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
    if is_accusation(claim.action, claim.trigger_key) and not claim.negated and not fact.targets:
        # an accusation that names nobody accused: the denial next to it in its article says whom
        parts.append(_select(tag, _DENIES_IT).where(
            ClaimRow.document_id == claim.id, ClaimRow.action == DENIAL_ACTION, ClaimRow.negated.is_(False),
            ClaimRow.modality.in_(DENIAL_MODALITIES), ClaimRow.trigger_key.in_(sorted(denial_words())),
            ClaimRow.actor_identity.is_not(None), of_an_original()))
    for person in sorted(accused(claim.action, claim.modality, claim.negated, fact.actor, fact.targets,
                                 claim.trigger_key)):
        parts.append(_select(tag, _DENIES_IT).where(
            ClaimRow.actor_identity == person, ClaimRow.action == DENIAL_ACTION, ClaimRow.negated.is_(False),
            ClaimRow.modality.in_(DENIAL_MODALITIES), ClaimRow.trigger_key.in_(sorted(denial_words())),
            of_an_original(), *window))
    if _is_denial(claim, fact):
        # two queries, each led by its own index of originals' claims (a claim found by both is
        # kept once): the accusations of the denier, and the denier's alleged acts
        answerable = [ClaimRow.negated.is_(False), of_an_original(), *window]
        parts.append(_select(tag, _IT_DENIES).where(
            ClaimRow.action == ACCUSATION, ClaimRow.trigger_key.in_(sorted(accusation_words())),
            _aimed_at(fact.actor or ""), *answerable))
        parts.append(_select(tag, _IT_DENIES).where(
            ClaimRow.modality == ALLEGED, ClaimRow.actor_identity == fact.actor, ClaimRow.action != DENIAL_ACTION,
            *answerable))
    return parts


def _may_deny(claim: Row) -> bool:
    """A REJECT claim with a denial word: whether it denies depends on its words (named claims)."""
    return claim.action == DENIAL_ACTION and (claim.trigger_key or "").casefold() in denial_words()


def _is_denial(claim: Row, fact: _Facts) -> bool:
    return (_may_deny(claim) and fact.actor is not None
            and denies(claim.trigger_key, claim.negated, claim.modality, fact.texts,
                       fact.named.text if fact.named else ""))


def _aimed_at(identity: str) -> ColumnElement[bool]:
    """SQL condition on ClaimRow: the claim has a target of this identity (a country by its places,
    an entity by its identity, a place with no country by its name key). Asked of each candidate
    (EXISTS), not as the list of every claim aimed at it: that list holds every copy's (a
    much-named entity's, 0.8 s at 100k articles)."""
    aimed = select(ClaimTargetRow.pk).where(ClaimTargetRow.claim_pk == ClaimRow.pk)
    if identity.startswith("cc:"):
        return aimed.where(ClaimTargetRow.country == identity[3:]).exists()
    if identity.startswith("place:"):
        return aimed.where(ClaimTargetRow.key == identity[6:], ClaimTargetRow.country.is_(None)).exists()
    entity = and_(EntityRow.document_id == ClaimRow.document_id, EntityRow.ref == ClaimTargetRow.ref)
    return aimed.join(EntityRow, entity).where(EntityRow.identity == identity).exists()


def _window(published: Optional[dt.date]) -> list[ColumnElement[bool]]:
    """Published within the window of a claim's article (no bound for an undated one)."""
    if not published:
        return []
    days = dt.timedelta(days=WINDOW_DAYS)
    return [ClaimRow.published.between(published - days, published + days)]


def _select(tag: int, how: str) -> Select:
    """A candidate contradiction's row, tagged; never a claim an analyst marked wrong (store/corrections.py)."""
    return select(literal(tag, Integer).label("asked"), literal(how, String).label("how"),
                  *CLAIM_COLUMNS).join(DocumentRow).where(not_wrong())


def _facts(session: Session, claims: Sequence[Row], targets: Mapping[int, Sequence[Row]],
           every_word: bool = False) -> dict[int, _Facts]:
    """The facts of claim rows (CLAIM_COLUMNS) with their target rows (claim_targets): original,
    story, actor and target identities; the words of those that may deny or accuse (of all, with
    `every_word`: a contradicting claim shows its sentence), and for those that deny, the
    accusations they answer in their own articles."""
    facts = {claim.pk: _Facts(original=claim.copy_of or claim.id, story=claim.story_id, actor=claim.actor_identity,
                              targets=_targets_of(targets.get(claim.pk, ())),
                              place=place_identity(claim.place_country, None))
             for claim in claims}
    named = _named(session, [(claim.id, claim.ref) for claim in claims
                             if every_word or _may_deny(claim) or _accuses(claim, facts[claim.pk])])
    for claim in claims:
        facts[claim.pk].named = named.get((claim.id, claim.ref))
    denials = [claim for claim in claims if _is_denial(claim, facts[claim.pk])]
    if denials:
        for pk, answers in _answered(session, [(claim, facts[claim.pk]) for claim in denials]).items():
            facts[pk].answers = answers
    return facts


def _accuses(claim: Row, fact: _Facts) -> bool:
    return bool(accused(claim.action, claim.modality, claim.negated, fact.actor, fact.targets, claim.trigger_key))


def _answered(session: Session, denials: list[tuple[Row, _Facts]]) -> dict[int, list[tuple[Row, _Facts]]]:
    """The accusations each denial answers in its own article, by the denial's pk: of its denier
    (an accusation of it, or its alleged act; not the denier's own accusation), reported last
    before the denial's event word, within NEAR_CHARS ("a nerve agent attack that the British
    government has blamed on Russia, although Moscow denies any involvement"); or an accusation
    that names nobody accused, before it in its sentence ("the allegations, which Mr. Ailes
    denies"); one statement."""
    documents = sorted({row.id for row, _ in denials})
    rows: list[Row] = []
    for i in range(0, len(documents), _ID_CHUNK):
        rows += session.execute(select(*CLAIM_COLUMNS).join(DocumentRow).where(
            ClaimRow.document_id.in_(documents[i:i + _ID_CHUNK]), ClaimRow.negated.is_(False),
            or_(and_(ClaimRow.action == ACCUSATION, ClaimRow.trigger_key.in_(sorted(accusation_words()))),
                and_(ClaimRow.modality == ALLEGED, ClaimRow.action != DENIAL_ACTION)))).all()
    if not rows:
        return {}
    facts = _facts(session, rows, claim_targets(session, [row.pk for row in rows]), every_word=True)
    by_document: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_document[row.id].append(row)
    answered: dict[int, list[tuple[Row, _Facts]]] = {}
    for denial, fact in denials:
        before = [row for row in by_document.get(denial.id, ())
                  if facts[row.pk].at(row) < fact.at(denial) and denial.start - row.end <= NEAR_CHARS
                  and (fact.actor in _accused_by(row, facts[row.pk]) or _of_nobody(row, facts[row.pk], denial, fact))
                  and _may_answer(denial, fact, row, facts[row.pk])]
        if before:
            last = max(before, key=lambda row: (row.start, row.end))
            answered[denial.pk] = [(row, facts[row.pk]) for row in before if row.end > last.start]
    return answered


def _may_answer(denial: Row, denier: _Facts, row: Row, fact: _Facts) -> bool:
    """A denial that says what it denies answers only an accusation of that (says_what)."""
    names = [*denier.names, *fact.names]
    said = denier.denied(denial, names)
    return not said or says_what(said, matter(fact.text, names))


def _of_nobody(row: Row, fact: _Facts, denial: Row, denier: _Facts) -> bool:
    """An accusation that names nobody accused, in the denial's sentence, not by the denier."""
    return (is_accusation(row.action, row.trigger_key) and not fact.targets and row.end > denial.start
            and fact.actor != denier.actor)


def _accused_by(row: Row, fact: _Facts) -> set[str]:
    """Whom a claim accuses, less its own actor (an accuser does not deny its own accusation)."""
    return accused(row.action, row.modality, row.negated, fact.actor, fact.targets, row.trigger_key) - (
        {fact.actor} if row.action == ACCUSATION else set())


def _targets_of(rows: Sequence[Row]) -> list[str]:
    """Target identities: an entity's identity, else a place's country."""
    return [identity for row in rows if (identity := row.identity or place_identity(row.country, None))]


def _holds(how: str, claim: Row, mine: _Facts, row: Row, theirs: _Facts) -> bool:
    """Whether a candidate the queries found contradicts the claim (corpus/contradiction.py)."""
    same_article = theirs.original == mine.original
    if how == NEGATION:
        if claim.time != row.time:
            return False  # one occasion: the same stated time, or none stated on either side
        if same_article:
            return row.source_key != claim.source_key
        same_story = mine.story is not None and mine.story == theirs.story
        return same_story or claim.time is not None
    if how == _DENIES_IT:
        if not _is_denial(row, theirs):
            return False
        accusation, accusation_row, denial, denial_row = mine, claim, theirs, row
    else:
        accusation, accusation_row, denial, denial_row = theirs, row, mine, claim
    return _denies(accusation_row, accusation, denial_row, denial)


def _denies(accusation_row: Row, accusation: _Facts, denial_row: Row, denial: _Facts) -> bool:
    """Whether a denial denies this accusation of its denier (corpus/contradiction.py): what it
    says it denies is in the accusation's words; or, saying nothing of what, it answers the
    accusation in its own article, or one of the same matter."""
    answers = any(row.pk == accusation_row.pk for row, _ in denial.answers)
    if not answers and denial.actor not in _accused_by(accusation_row, accusation):
        return False  # an accuser does not deny its own accusation
    named = set(denial.targets) - {denial.actor}
    if named and is_accusation(accusation_row.action, accusation_row.trigger_key) and not (
            named & {accusation.actor, *accusation.targets}):
        return False  # "Sanders dismissed Clinton's charges": only Clinton's
    if answers:
        return True  # reported just before it in its article
    names = [*denial.names, *accusation.names]
    said = denial.denied(denial_row, names)
    if said:
        return says_what(said, matter(accusation.text, names))
    words = matter(accusation.text, names)
    return any(same_matter(matter(fact.text, [*names, *fact.names]), words) for _, fact in denial.answers)


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
