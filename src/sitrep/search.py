"""`sitrep search`: the store's search, printed for a terminal or as JSON Lines."""

from __future__ import annotations

import sys
import textwrap
from collections import Counter, defaultdict

from .errors import UsageError
from .outlets import outlet_text, ratings_text
from .settings import Settings
from .store import ClaimMatch, SearchHit, Store
from .store.results import Contradiction, NameMention


def run_search(args, settings: Settings) -> None:
    """Run the query; a bad filter value becomes a usage error (exit status 2)."""
    with Store(settings.db, create=False) as store:  # StoreNotFound rather than a new empty store
        try:
            hits = store.search(args.query, actor=args.actor, place=args.place, since=args.since,
                                until=args.until, modality=args.modality, action=args.action,
                                band=args.band, anonymous=args.anonymous, reliable_only=args.reliable_only,
                                target=args.target, limit=args.limit)
        except ValueError as err:
            raise UsageError(str(err)) from None
        for hit in store.with_corroboration(hits):
            if args.format == "json":
                sys.stdout.write(hit.model_dump_json() + "\n")
            else:
                sys.stdout.write(format_hit(hit))
    if args.format == "text" and not hits:
        print("no matches", file=sys.stderr)


def format_hit(hit: SearchHit) -> str:
    """A hit as a few readable lines: title, when, its outlet with the outlet's rating, snippet,
    then what made it a hit: the matched claims with how independently each is corroborated
    (outlets counted by rating) and, beside it, contradicted (Store.with_corroboration fills
    both), or the mentions of the actor or place when no claim of it matched."""
    meta = " · ".join(str(x) for x in (hit.published, hit.id) if x)
    if hit.copy_of:
        meta += f" · copy of {hit.copy_of}"
    lines = [f"== {hit.title or '(untitled)'}", f"   {meta}",
             f"   outlet: {outlet_text(hit.outlet, hit.outlet_reliability)}"]
    if hit.snippet:
        lines += textwrap.wrap(hit.snippet, 96, initial_indent="   ", subsequent_indent="   ")
    support = {s.claim: s for s in hit.corroboration}
    for claim in hit.claims:
        found = support.get(claim.id)
        lines.append(f"   * {claim_line(claim)}{_support_text(found)}")
        if found is not None and found.contradiction.claims:
            lines.append(f"     {_contradiction_text(found.contradiction)}")
    if hit.mentions:
        lines.append(f"   named in no matching claim: {_mentions_text(hit.mentions)}")
    return "\n".join(lines) + "\n"


def claim_line(claim: ClaimMatch) -> str:
    """A claim as `sitrep analyze --format text` writes it (report.format_claim): actor ->
    [NOT] ACTION -> targets [in place], modality, certainty cue and band, source, time. An
    actor or target that names no entity is the sentence's words for it, quoted."""
    actor = claim.actor_name or (f'"{claim.actor_text}"' if claim.actor_text else "?")
    targets = ", ".join(claim.target_names) or ", ".join(f'"{t}"' for t in claim.target_text) or "—"
    where = f" in {claim.place_name}" if claim.place_name and claim.place not in claim.target else ""
    negation = "NOT " if claim.negated else ""
    cue, band = claim.certainty.cue, claim.certainty.band
    certainty = band if cue is None else f"{cue!r} -> {band}"
    return (f"{actor} -> {negation}{claim.action} -> {targets}{where}  "
            f"[{claim.modality}; {certainty}; per {claim.source_name or 'outlet'}]"
            + (f" ({claim.time})" if claim.time else ""))


def _mentions_text(mentions: list[NameMention]) -> str:
    """Each name the article was matched by, with the words it is mentioned as:
    'Islamic State ("ISIL"); Iraq ("Iraq" ×2)'."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        surfaces[mention.name][mention.text] += 1
    return "; ".join(f"{name} ({', '.join(_counted(text, n) for text, n in texts.items())})"
                     for name, texts in surfaces.items())


def _counted(text: str, n: int) -> str:
    return f'"{text}"' + (f" ×{n}" if n > 1 else "")


def _contradiction_text(contradiction: Contradiction) -> str:
    """ "contradicted: 1 outlet (1 unrated), 1 source: Moscow denies (Dhaka Tribune, 2018-04-05)". """
    outlets, sources = contradiction.outlets, contradiction.sources
    shown = [f"{'NOT ' if c.negated else ''}{c.actor or '?'} {c.action} [{c.kind}] "
             f"({c.outlet or 'outlet unknown'}{', ' + str(c.published) if c.published else ''})"
             for c in contradiction.claims[:3]]
    more = len(contradiction.claims) - len(shown)
    return (f"contradicted: {outlets} outlet{'s' if outlets != 1 else ''} "
            f"({ratings_text(contradiction.outlets_by_rating)}), {sources} source{'s' if sources != 1 else ''}: "
            + "; ".join(shown) + (f"; and {more} more" if more > 0 else ""))


def _support_text(support) -> str:
    if support is None:
        return ""
    if support.single_source:
        return f"  single source ({support.outlets} outlet{'s' if support.outlets != 1 else ''})"
    return (f"  corroborated: {support.outlets} outlets ({ratings_text(support.outlets_by_rating)}), "
            f"{support.sources} sources")
