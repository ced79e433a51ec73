"""The article body as HTML with entities, places, quotes and claims marked by kind.

Spans overlap freely (a claim's sentence holds entity mentions; two claims
often share a sentence), so the body is cut at every span boundary and each
piece becomes one <span> whose classes and data-refs list every record
covering it. A piece never nests inside another, so no overlap can break the
markup. Every piece of text is escaped here, not trusted to a template: the
result is Markup only because it was built from escaped parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from markupsafe import Markup, escape

from ..model import Analysis
from ..store import named_claims

# The order classes are listed in, outer meaning first.
KINDS = ("claim", "quote", "place", "entity")


@dataclass(frozen=True)
class Mark:
    """One record's span of the body: which record, of what kind, where."""

    kind: str
    ref: str
    start: int
    end: int


def marks(analysis: Analysis) -> list[Mark]:
    """Every evidence span of the body: claims, quotes, and each entity and place mention
    (a record found in the headline indexes the title, not the body: it is left out)."""
    out = [Mark("claim", c.id, c.start, c.end) for c in analysis.claims if c.field is None]
    out += [Mark("quote", q.id, q.start, q.end) for q in analysis.quotes if q.field is None]
    out += [Mark("place", p.id, m.start, m.end) for p in analysis.places for m in p.mentions if m.field is None]
    out += [Mark("entity", e.id, m.start, m.end) for e in analysis.entities for m in e.mentions if m.field is None]
    size = len(analysis.body)
    return [m for m in out if 0 <= m.start < m.end <= size]


def labels(analysis: Analysis) -> dict[str, str]:
    """A one-line description of each record, shown when the pointer rests on its text."""
    out = {}
    for c in named_claims(analysis):
        out[c.id] = (f"claim: {c.actor_name or '?'} → {'not ' if c.negated else ''}{c.action} → "
                     f"{', '.join(c.target_names) or '—'} ({c.modality}, {c.certainty.band})")
    sources: dict[Optional[str], str] = {s.id: s.name or s.description for s in analysis.sources}
    out.update({q.id: f"quote of {sources.get(q.source, 'an unknown speaker')}" for q in analysis.quotes})
    out.update({p.id: f"place: {p.name} ({p.kind}{', ' + p.country if p.country else ''})" for p in analysis.places})
    out.update({e.id: f"entity: {e.name} ({e.type})" for e in analysis.entities})
    return out


def highlighted(analysis: Analysis, selected: Optional[str] = None) -> list[Markup]:
    """The body's paragraphs as HTML, spans marked; the pieces of claim `selected` also get
    the class "selected", and the first of them the id "evidence" for the page to scroll to."""
    body, spans, titles = analysis.body, marks(analysis), labels(analysis)
    cuts = sorted({0, len(body)} | {m.start for m in spans} | {m.end for m in spans}
                  | {i for i, ch in enumerate(body) if ch == "\n"} | {i + 1 for i, ch in enumerate(body) if ch == "\n"})
    paragraphs: list[list[str]] = [[]]
    anchored = False
    for (start, end), covering in zip(zip(cuts, cuts[1:]), _covering(spans, cuts)):
        text = body[start:end]
        if text == "\n":
            paragraphs.append([])
            continue
        chosen = selected is not None and any(m.kind == "claim" and m.ref == selected for m in covering)
        paragraphs[-1].append(_piece(text, covering, titles, chosen, anchor=chosen and not anchored))
        anchored = anchored or chosen
    return [Markup("".join(p)) for p in paragraphs if "".join(p).strip()]


def _covering(spans: list[Mark], cuts: list[int]) -> list[list[Mark]]:
    """For each piece between two cuts, the marks covering it, in the order of `spans`.

    A sweep over the cuts (every mark starts and ends on one), keeping the marks open at
    each: a long article has hundreds of marks and pieces, and testing every mark against
    every piece took a tenth of a second."""
    by_start = sorted(range(len(spans)), key=lambda i: spans[i].start)
    opened: list[int] = []
    waiting = 0
    out = []
    for start, end in zip(cuts, cuts[1:]):
        while waiting < len(by_start) and spans[by_start[waiting]].start <= start:
            opened.append(by_start[waiting])
            waiting += 1
        opened = [i for i in opened if spans[i].end > start]
        out.append([spans[i] for i in sorted(opened) if end <= spans[i].end])
    return out


def _piece(text: str, covering: list[Mark], titles: dict[str, str], selected: bool, anchor: bool) -> str:
    """One escaped piece of text, wrapped in a span naming (and describing) the records covering it."""
    if not covering:
        return str(escape(text))
    kinds = [k for k in KINDS if any(m.kind == k for m in covering)]
    refs = list(dict.fromkeys(m.ref for m in sorted(covering, key=lambda m: KINDS.index(m.kind))))
    title = "\n".join(titles.get(ref, ref) for ref in refs)
    classes = " ".join(["mark"] + kinds + (["selected"] if selected else []))
    anchor_id = ' id="evidence"' if anchor else ""
    names = " ".join(refs)
    attributes = f'class="{classes}" data-refs="{escape(names)}" title="{escape(title)}"{anchor_id}'
    return f"<span {attributes}>{escape(text)}</span>"

