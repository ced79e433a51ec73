"""`sitrep forecasts --format text`: the ledger as tables, then the forecasts one by one."""

from __future__ import annotations

from typing import Optional

from .records import Forecast, Ledger, Tally


def _rate(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.2f}"


def format_ledger(ledger: Ledger, forecasts: list[Forecast]) -> str:
    """The calibration table, the sources and outlets, and the forecasts listed."""
    lines = [f"== forecast ledger as of {ledger.now}: {ledger.made} made, {ledger.happened} happened, "
             f"{ledger.not_seen} not seen, {ledger.open} open",
             "-- calibration (ICD 203 band: stated range | observed happened / (happened + not seen), 95% interval)",
             f"   {'band':<20} {'stated':<11} {'made':>5} {'happened':>8} {'not seen':>8} {'open':>5}  observed"]
    for band in ledger.bands:
        interval = f" [{band.low:.2f}–{band.high:.2f}]" if band.low is not None and band.high is not None else ""
        lines.append(f"   {band.band:<20} {band.p_low:.2f}–{band.p_high:.2f}  {band.made:>5} {band.happened:>8} "
                     f"{band.not_seen:>8} {band.open:>5}  {_rate(band.observed)}{interval}")
    for title, tallies in (("sources", ledger.sources), ("outlets", ledger.outlets)):
        if tallies:
            lines.append(f"-- {title} (made, happened, not seen, open; observed rate)")
            lines += [_tally_line(t) for t in tallies]
    lines.append(f"-- forecasts ({len(forecasts)})")
    for f in forecasts:
        target = ", ".join(f.target) or "—"
        source = f.source or "the outlet's own voice"
        lines.append(f"   [{f.status}] {f.actor or '?'} -> {f.action} -> {target}  [{f.modality}; {f.band}; "
                     f"{f.horizon.start} to {f.horizon.until}] per {source} ({f.outlet or 'outlet unknown'})")
        lines.append(f"      {f.id}: {f.claim.article} {f.claim.claim}"
                     + (f"; made {f.made_total} times" if f.made_total > 1 else ""))
        for ref in f.resolved_by:
            lines.append(f"      happened: {ref.article} {ref.claim}")
    return "\n".join(lines) + "\n"


def _tally_line(tally: Tally) -> str:
    return (f"   {tally.name[:40]:<40} {tally.made:>5} {tally.happened:>5} {tally.not_seen:>5} {tally.open:>5}  "
            f"{_rate(tally.rate)}")
