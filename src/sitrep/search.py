"""`sitrep search`: the store's search, printed for a terminal or as JSON Lines."""

from __future__ import annotations

import sys
import textwrap

from .errors import UsageError
from .settings import Settings
from .store import SearchHit, Store


def run_search(args, settings: Settings) -> None:
    """Run the query; a bad filter value becomes a usage error (exit status 2)."""
    with Store(settings.db) as store:
        try:
            hits = store.search(args.query, actor=args.actor, place=args.place, since=args.since,
                                until=args.until, modality=args.modality, action=args.action,
                                band=args.band, anonymous=args.anonymous, limit=args.limit)
        except ValueError as err:
            raise UsageError(str(err)) from None
        for hit in hits:
            if args.format == "json":
                sys.stdout.write(hit.model_dump_json() + "\n")
            else:
                sys.stdout.write(format_hit(hit, store))
    if args.format == "text" and not hits:
        print("no matches", file=sys.stderr)


def format_hit(hit: SearchHit, store: Store) -> str:
    """A hit as a few readable lines: title, where and when, snippet, matched claims with
    how independently each is corroborated."""
    meta = " · ".join(str(x) for x in (hit.outlet, hit.published, hit.id) if x)
    if hit.copy_of:
        meta += f" · copy of {hit.copy_of}"
    lines = [f"== {hit.title or '(untitled)'}", f"   {meta}"]
    if hit.snippet:
        lines += textwrap.wrap(hit.snippet, 96, initial_indent="   ", subsequent_indent="   ")
    support = {} if hit.copy_of else store.corroborations((hit.id, c.id) for c in hit.claims)
    for claim in hit.claims:
        targets = ", ".join(claim.target_names) or "—"
        source = claim.source_name or "outlet"
        lines.append(f"   * {claim.actor_name or '?'} -> {claim.action} -> {targets}  "
                     f"[{claim.modality}; {claim.certainty.band}; per {source}]"
                     f"{_support_text(support.get((hit.id, claim.id)))}")
    return "\n".join(lines) + "\n"


def _support_text(support) -> str:
    if support is None:
        return ""
    if support.single_source:
        return f"  single source ({support.outlets} outlet{'s' if support.outlets != 1 else ''})"
    return f"  corroborated: {support.outlets} outlets, {support.sources} sources"
