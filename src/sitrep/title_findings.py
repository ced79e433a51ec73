"""The headline's findings, joined to the body's analysis.

The title is analysed as its own small Doc (pipeline.py): it is not a sentence of the story,
and parsed into the body it would hide the dateline and lend its claim the lead's modality.
What it holds comes back with `"field": "title"` and offsets into `title` (CONTRACT.md),
appended after the body's records so that the body's ids stay what they were.

Names in a headline are read through the body. spaCy's NER is poor on Title Case headlines
("Black Lawmakers Rip Donald Trump As A 'Disgusting Fraud'" gives the PERSON "Rip Donald
Trump"; "Obama on Climate Change" gives a town in Japan), while the story names the same people
and places in running text. So the title's entity and place mentions are the body's own names
found in the title (each record's name, aliases and mention texts, the longest first); the
title Doc's records only say which of them a headline claim, quote or source points to, by
overlap. A title-only entity is kept when the alias KB links it; a headline speaker joins the
body's source of the same entity or name (or becomes one, when the body names the entity).
The sourcing summary stays the body's: a headline restates the story, it cites no one new.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Iterator, Optional, Union

from .model import Analysis, Claim, Entity, Mention, Place, Source

Record = Union[Entity, Place]
# An all-caps headline ("EXCLUSIVE – ISLAMIC STATE ...") names the body's "Islamic State";
# shorter names in capitals ("US", "AL") are other words too often.
MIN_UPPER_FORM = 4
TITLE = "title"


def with_title_findings(analysis: Analysis, title: Analysis) -> None:
    """Add to `analysis` (of the body) what `title` (the same pipeline run on the headline)
    found; `title.body` is the headline, so its offsets already index `analysis.title`."""
    headline = title.body
    found = names_in(headline, analysis.entities + analysis.places)
    records = {r.id: r for r in [*analysis.entities, *analysis.places]}
    for ref, start, end in found:
        records[ref].mentions.append(Mention(start=start, end=end, text=headline[start:end], field=TITLE))
    refs = _record_refs(title, found, analysis)
    refs.update(_source_refs(title.sources, refs, found, analysis))
    quote_ids = _new_ids("q", analysis.quotes)
    analysis.quotes += [q.model_copy(update={"id": next(quote_ids), "source": refs.get(q.source), "field": TITLE})
                        for q in title.quotes]
    claim_ids = _new_ids("c", analysis.claims)
    analysis.claims += [_claim(claim, next(claim_ids), refs) for claim in title.claims]


def names_in(headline: str, records: Iterable[Record]) -> list[tuple[str, int, int]]:
    """(record id, start, end) of each body name found in the headline, longest names first,
    whole words only, none overlapping another."""
    forms = {form: ref for form, ref in surface_forms(records).items() if form in headline}
    if not forms:  # only names written in the headline can match: a short pattern to compile
        return []
    pattern = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return [(forms[m.group()], m.start(), m.end()) for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", headline)]


def surface_forms(records: Iterable[Record]) -> dict[str, str]:
    """Each way the body writes a name -> the record it names most often."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for record in records:
        for text in [record.name, *getattr(record, "aliases", []), *(m.text for m in record.mentions)]:
            text = text.strip()
            if len(text) > 1 and any(ch.isupper() for ch in text):  # names, not "the organization"
                votes[text][record.id] += 1
                if len(text) >= MIN_UPPER_FORM and text.upper() != text:
                    votes[text.upper()][record.id] += 1
    return {text: counts.most_common(1)[0][0] for text, counts in votes.items()}


def _record_refs(title: Analysis, found: list[tuple[str, int, int]], analysis: Analysis) -> dict[str, str]:
    """Title-Doc entity and place id -> the body record it names (or a new KB-linked entity)."""
    refs: dict[str, str] = {}
    for record in [*title.entities, *title.places]:
        ref = _overlapping(record.mentions, found)
        if ref is None and isinstance(record, Entity) and record.kb:
            ref = _kb_entity(record, analysis)
        if ref is not None:
            refs[record.id] = ref
    return refs


def _overlapping(mentions: list[Mention], found: list[tuple[str, int, int]]) -> Optional[str]:
    """The found name sharing the most characters with the mentions, if any does."""
    shared: Counter = Counter()
    for ref, start, end in found:
        for mention in mentions:
            shared[ref] += max(0, min(end, mention.end) - max(start, mention.start))
    best = shared.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


def _kb_entity(record: Entity, analysis: Analysis) -> str:
    """The body entity with the record's KB id, given the headline's mentions; else the record
    itself as a new entity."""
    mentions = [m.model_copy(update={"field": TITLE}) for m in record.mentions]
    same = next((e for e in analysis.entities if e.kb == record.kb), None)
    if same is not None:
        same.mentions += mentions
        return same.id
    entity = record.model_copy(update={"id": next(_new_ids("e", analysis.entities)), "mentions": mentions})
    analysis.entities.append(entity)
    return entity.id


def _source_refs(sources: list[Source], refs: dict[str, str], found: list[tuple[str, int, int]],
                 analysis: Analysis) -> dict[str, str]:
    """Title-Doc source id -> the body source of the same entity or name; else a new source
    when the speaker is an entity the body names. A speaker the story does not know at all is
    left out: on PolNeAR headlines these were mostly misreadings ("Hot Chili Peppers" announce,
    "Findings" show)."""
    out = {}
    new_ids = _new_ids("s", analysis.sources)
    entities = {e.id for e in analysis.entities}
    for source in sources:
        entity = refs.get(source.entity) if source.entity else None
        entity = entity or _overlapping(source.mentions, [f for f in found if f[0] in entities])
        same = next((s for s in analysis.sources if _same_source(s, source, entity)), None)
        if same is None and entity is None:
            continue
        if same is None:
            same = source.model_copy(update={"id": next(new_ids), "entity": entity, "mentions": []})
            analysis.sources.append(same)
        same.mentions += [m.model_copy(update={"field": TITLE}) for m in source.mentions]
        out[source.id] = same.id
    return out


def _same_source(body: Source, title: Source, entity: Optional[str]) -> bool:
    """The same speaker: the same entity, else the same name (or, both unnamed, description)."""
    if entity is not None and body.entity == entity:
        return True
    if body.named != title.named:
        return False
    return _key(body.name if body.named else body.description) == _key(title.name if title.named else title.description)


def _key(text: Optional[str]) -> str:
    return " ".join((text or "").split()).casefold()


def _claim(claim: Claim, claim_id: str, refs: dict[str, str]) -> Claim:
    """A headline claim with its references moved to the body's records; a participant the body
    does not know is dropped (its words stay in actor_text / target_text)."""
    return claim.model_copy(update={
        "id": claim_id, "field": TITLE,
        "actor": refs.get(claim.actor) if claim.actor else None,
        "target": [refs[t] for t in claim.target if t in refs and refs[t] != refs.get(claim.actor)],
        "place": refs.get(claim.place) if claim.place else None,
        "source": refs.get(claim.source) if claim.source else None,
        "trigger": claim.trigger.model_copy(update={"field": TITLE}) if claim.trigger else None,
    })


def _new_ids(prefix: str, records: list) -> Iterator[str]:
    """Ids after the highest of `records` ("e7" -> "e8", "e9", ...)."""
    numbers = [int(r.id[len(prefix):]) for r in records if r.id[len(prefix):].isdigit()]
    number = max(numbers, default=0)
    while True:
        number += 1
        yield f"{prefix}{number}"
