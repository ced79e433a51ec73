"""The digest: the alerts raised or updated over a shift, as one text or one e-mail.

An alert is in the digest when it was raised or an article joined it in the window (its
`updated`), so a story that grew during the shift is in it once, as it stands at the end.
Three forms: text (as `sitrep alerts` shows alerts), Markdown (every title and reason escaped:
a `<script>` in a title stays text in any Markdown reader) and JSON (one object).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from email.message import EmailMessage
from typing import Optional, Sequence

from ..store import Store
from .inbox import Inbox
from .records import Alert
from .text import format_alerts, shown


def digest_alerts(store: Store, since: dt.datetime, watchlist: Optional[str] = None) -> list[Alert]:
    """The alerts raised or updated since `since` (of one watchlist when given), last updated first."""
    return Inbox(store).alerts(watchlist=watchlist, since=since, limit=None)


def digest(alerts: Sequence[Alert], since: dt.datetime, until: dt.datetime, fmt: str) -> str:
    """The digest of these alerts as "text", "markdown" or "json"."""
    if fmt == "json":
        return json.dumps({"since": since.isoformat(), "until": until.isoformat(), "count": len(alerts),
                           "alerts": [alert.model_dump(mode="json") for alert in alerts]}) + "\n"
    if fmt == "markdown":
        return _markdown(alerts, since, until)
    return f"{_heading(alerts, since, until)}\n{_by_watchlist(alerts, shown)}\n\n{format_alerts(alerts)}"


def digest_email(alerts: Sequence[Alert], since: dt.datetime, until: dt.datetime, sender: str,
                 to: str) -> EmailMessage:
    """The text digest as one plain-text e-mail."""
    message = EmailMessage()
    message["Subject"] = f"[sitrep] digest: {len(alerts)} alert(s) since {since:%Y-%m-%d %H:%M} UTC"
    message["From"], message["To"] = sender, to
    message.set_content(digest(alerts, since, until, "text"))
    return message


def _heading(alerts: Sequence[Alert], since: dt.datetime, until: dt.datetime) -> str:
    return (f"sitrep digest: {len(alerts)} alert(s) raised or updated from {since:%Y-%m-%d %H:%M} "
            f"to {until:%Y-%m-%d %H:%M} UTC")


def _by_watchlist(alerts: Sequence[Alert], escape) -> str:
    counts = Counter(alert.watchlist for alert in alerts)
    return "by watchlist: " + (", ".join(f"{escape(name)} {n}" for name, n in sorted(counts.items())) or "none")


def _markdown(alerts: Sequence[Alert], since: dt.datetime, until: dt.datetime) -> str:
    from ..briefs.render import markdown_text  # the briefs' escaping (and their templates' import) when asked

    lines = [f"# {_heading(alerts, since, until)}", "", _by_watchlist(alerts, markdown_text)]
    for alert in alerts:
        lines += ["", f"## {markdown_text(alert.title or '(untitled)')}", "",
                  f"- watchlist {markdown_text(alert.watchlist)}, status {alert.status}",
                  f"- {len(alert.articles)} article(s), {alert.outlets} outlet(s), {alert.sources} independent "
                  f"source(s); updated {alert.updated:%Y-%m-%d %H:%M} UTC, first {alert.created:%Y-%m-%d %H:%M} UTC",
                  f"- why: {markdown_text(alert.why)}",
                  *(f"- {markdown_text(m.article)}: {markdown_text(m.why)}" for m in alert.matched),
                  f"- alert `{alert.id}`"]
    return "\n".join(lines) + "\n"
