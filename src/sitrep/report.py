"""Analyses as text a person reads in a terminal (`--format text`)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Sequence

from .model import Analysis, Claim
from .outlets import outlet_line

if TYPE_CHECKING:
    from .store.sources import SourceSummary

WIDTH = 100


def format_analysis(a: Analysis) -> str:
    """A compact brief of one analysis: header, outlet with its rating (of the outlet, by whom),
    sourcing, claims, then the record lists."""
    lines = [f"== {a.title or '(untitled)'}", f"   {a.input}  id {a.id}"]
    meta = [x for x in (str(a.published) if a.published else None, a.url) if x]
    if meta:
        lines.append("   " + " · ".join(meta))
    lines.append(f"   outlet: {outlet_line(a)}")
    if a.dateline:
        lines.append(f"   dateline: {a.dateline.text}" + _place_suffix(a, a.dateline.place))
    s = a.sourcing
    flags = [f for f, on in (("single source", s.single_source), ("EXCLUSIVE", s.exclusive)) if on]
    lines.append(f"   sourcing: {s.sources} source(s), {s.named} named, {s.anonymous} anonymous"
                 + (f" [{', '.join(flags)}]" if flags else ""))
    lines += _section("claims", [format_claim(a, c) for c in a.claims])
    lines += _section("sources", [
        f"{src.id} {src.description}" + ("" if src.named else " (anonymous)")
        + (f" — role: {src.role}" if src.role else "")
        + (f", affiliation: {src.affiliation}" if src.affiliation else "")
        + f" [{len(src.mentions)} mention(s)]"
        for src in a.sources
    ])
    lines += _section("entities", [
        f"{e.name} ({e.type}) ×{len(e.mentions)}" + (f" aka {', '.join(e.aliases)}" if e.aliases else "")
        for e in a.entities
    ])
    lines += _section("places", [
        f"{p.name} ({p.kind}{', ' + p.country if p.country else ''})"
        + (f" {p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else "")
        for p in a.places
    ])
    lines += _section("removed", [f"[{r.kind}] {_short(r.text, 80)}" for r in a.removed])
    return "\n".join(lines) + "\n"


def format_claim(a: Analysis, c: Claim) -> str:
    """One claim as: actor -> ACTION -> targets, modality, certainty, source. An actor or
    target that names no entity is shown as the sentence words it ("militants"), quoted."""
    names = _names(a)
    targets = ", ".join(names.get(t, t) for t in c.target) or ", ".join(f'"{t}"' for t in c.target_text) or "—"
    actor = names.get(c.actor, "?") if c.actor else (f'"{c.actor_text}"' if c.actor_text else "?")
    cert = c.certainty.band if c.certainty.cue is None else f"{c.certainty.cue!r} -> {c.certainty.band}"
    source = names.get(c.source, "outlet") if c.source else "outlet"
    where = f" in {names.get(c.place, c.place)}" if c.place and c.place not in c.target else ""
    neg = "NOT " if c.negated else ""
    head = f"{actor} -> {neg}{c.action} -> {targets}{where}"
    return f"{head}  [{c.modality}; {cert}; per {source}]" + ("" if not c.time else f" ({c.time})")


def format_sources(sources: Sequence["SourceSummary"]) -> str:
    """`sitrep sources --format text`: one line per source identity, most claims first."""
    lines = [f"{'source':<44} {'kind':<8} {'articles':>8} {'outlets':>7} {'claims':>6} {'quotes':>6}  identity"]
    for s in sources:
        lines.append(f"{_short(s.name, 44):<44} {s.kind:<8} {s.articles:>8} {s.outlets:>7} {s.claims:>6} "
                     f"{s.quotes:>6}  {s.identity}")
    return "\n".join(lines) + "\n"


def _names(a: Analysis) -> dict[str, str]:
    names = {e.id: e.name for e in a.entities}
    names.update({p.id: p.name for p in a.places})
    names.update({s.id: s.description for s in a.sources})
    return names


def _place_suffix(a: Analysis, place_id) -> str:
    place = next((p for p in a.places if p.id == place_id), None)
    return f" -> {place.name}, {place.country}" if place and place.country else ""


def _section(title: str, rows: list[str]) -> list[str]:
    if not rows:
        return []
    out = [f"-- {title} ({len(rows)})"]
    for row in rows:
        out += textwrap.wrap(row, WIDTH, initial_indent="   ", subsequent_indent="      ")
    return out


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
