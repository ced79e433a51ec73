"""Watchlists and alerts as text for a terminal.

Names, titles and reasons come from other people's pages and from whoever made a watchlist:
every control character in them (an escape sequence could rewrite the terminal, a newline
forge a line) is shown as a visible escape instead, by `shown`.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from .records import Alert, Watchlist

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(text: Optional[str]) -> str:
    """The text with its control characters written as \\xNN (None as "-")."""
    if text is None:
        return "-"
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def format_watchlists(watchlists: Sequence[Watchlist]) -> str:
    if not watchlists:
        return "no watchlists: add one with `sitrep watchlist add NAME [QUERY] [--actor A] ...`\n"
    lines = []
    for watchlist in watchlists:
        delivery = [f"webhook {watchlist.webhook}"] if watchlist.webhook else []
        delivery += [f"e-mail {watchlist.email}"] if watchlist.email else []
        lines.append(f"{shown(watchlist.name)}  ({watchlist.alerts} alert(s){''.join('; ' + d for d in delivery)})")
        lines.append(f"  {shown(watchlist.search)}")
    return "\n".join(lines) + "\n"


def format_alerts(alerts: Sequence[Alert]) -> str:
    if not alerts:
        return "no alerts\n"
    blocks = []
    for alert in alerts:
        lines = [f"[{alert.status}] {shown(alert.title) if alert.title else '(untitled)'}",
                 f"  alert {alert.id}  watchlist {shown(alert.watchlist)}  story {shown(alert.story)}",
                 f"  {len(alert.articles)} article(s), {alert.outlets} outlet(s), {alert.sources} independent "
                 f"source(s); updated {alert.updated:%Y-%m-%d %H:%M} UTC, first {alert.created:%Y-%m-%d %H:%M} UTC",
                 f"  why: {shown(alert.why)}"]
        lines += [f"  - {shown(article.article)}: {shown(article.why)}" for article in alert.matched]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
