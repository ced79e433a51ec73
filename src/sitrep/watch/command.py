"""`sitrep watch SOURCES`: the command's options and help, and its run (cli.py registers it)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..settings import DEFAULT_MAX_BYTES

DESCRIPTION = """\
Poll the feeds, sitemaps and pages of a sources file, each on its own interval, and analyse
and store every new article as `sitrep ingest` does. An article seen before is not stored again:
not under a URL with tracking parameters (utm_*), not under its rel=canonical URL, not with the
same text under another URL; an edited article updates its document. Each source's health (last
success, last new item, failures in a row, items per day, stale) is kept in the store.

Polite by default: robots.txt is obeyed, each host gets one request at a time spaced by
--host-delay, pages seen before are asked for with ETag / If-Modified-Since (a 304 costs
nothing), failures are retried with exponential backoff and a failing source is polled less
often. Safe by default: only http(s), and no private, loopback or link-local address unless
--allow-private; --max-bytes bounds every answer (a feed or sitemap may be 20 times that).

After each cycle the new articles are matched against the watchlists, and the alerts due are
sent to the watchlists' webhooks and e-mail addresses (settings: `sitrep alerts deliver --help`).

Several `sitrep watch` processes on one PostgreSQL store share the sources without polling one
twice (row leases); on SQLite, run one per store."""

EPILOG = """\
sources file (TOML), one [[source]] table per source:
  [[source]]
  url = "https://example.org/world/rss.xml"   # RSS/Atom feed, news sitemap, or a page URL
  interval = "15m"                             # how often to poll (s, m, h)
  outlet = "Example News"                      # optional; else from the feed or the domain
  tags = ["wire", "middle-east"]               # optional

examples:
  sitrep watch sources.toml --once             one cycle, then exit (for cron)
  sitrep watch sources.toml --contact ops@example.org
                                               until SIGTERM (or Ctrl-C), stopping between articles
  sitrep watch sources.toml --db postgresql://watch@db/sitrep
                                               run it on several machines: they share the sources

exit status: with --once, 0 when every source was polled without a problem, 1 when a source or
an article failed, or an alert was not delivered (refused, or waiting for another try, as for
`sitrep alerts deliver`; each gets one line on stderr); without it, 0 once stopped by SIGTERM or Ctrl-C.
1 when the sources file has a bad source (each gets one line; the others are watched) or cannot
be read; 2 for usage errors."""


def add_parser(commands) -> None:
    p = commands.add_parser("watch", help="poll feeds, sitemaps and pages on their schedules; analyse and store "
                                          "what is new",
                            description=DESCRIPTION, epilog=EPILOG,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sources", metavar="SOURCES", help="the sources file (TOML; see below)")
    p.add_argument("--db", default=None, help="database URL or SQLite file (default: $SITREP_DB, else ./sitrep.db)")
    p.add_argument("--once", action="store_true", help="poll the sources that are due once, then exit")
    p.add_argument("--allow-private", action="store_true",
                   help="allow hosts on private, loopback and link-local addresses (an intranet's feeds, and "
                        "its alerts' webhooks)")
    p.add_argument("--contact", default=os.environ.get("SITREP_CONTACT"),
                   help="an e-mail address or URL for site owners, sent in the User-Agent (default: "
                        "$SITREP_CONTACT)")
    p.add_argument("--host-delay", type=_seconds, default=1.0, metavar="SECONDS",
                   help="least time from the end of one request to a host to the start of the next; one "
                        "request at a time per host (default %(default)s)")
    p.add_argument("--timeout", type=_seconds, default=20.0, metavar="SECONDS",
                   help="give up on a connection or a read after this long (default %(default)s)")
    p.add_argument("--retries", type=int, default=2, metavar="N",
                   help="retry a timeout, a refused connection, HTTP 429 or 5xx N times, waiting 1, 2, 4 ... "
                        "seconds (default %(default)s)")
    p.add_argument("--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES,
                   help="refuse an article page larger than this (default %(default)s)")
    p.set_defaults(run=run)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _seconds(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return number


def run(args, reporter) -> None:
    from ..alerts.delivery import DeliverySettings, DeliverySettingsError
    from ..cli import CommandError, settings_from
    from ..store import Store
    from .fetch import Politeness
    from .health import STALE_GAPS
    from .loop import now_utc, say, watch
    from .state import WatchState
    from .sources import SourcesFileError, read_sources

    try:
        found = read_sources(Path(args.sources))
    except SourcesFileError as err:
        raise CommandError(str(err)) from None
    for problem in found.problems:
        print(f"sitrep: {problem}", file=sys.stderr)
    reporter.failures += len(found.problems)
    if not found.sources:
        raise CommandError(f"{args.sources}: no source to watch")
    settings = settings_from(args)
    try:
        delivery = DeliverySettings.from_env(allow_private=args.allow_private)
    except DeliverySettingsError as err:
        raise CommandError(str(err)) from None
    politeness = Politeness(contact=args.contact, timeout=args.timeout, retries=max(0, args.retries),
                            host_delay=args.host_delay, allow_private=args.allow_private,
                            max_inflate_ratio=settings.max_inflate_ratio)
    with Store(settings.db) as store:
        say(f"watching {len(found.sources)} source(s) into {store.url.render_as_string(hide_password=True)}"
            + (" (one cycle)" if args.once else " (until SIGTERM or Ctrl-C)"))
        totals = watch(store, found.sources, politeness, settings, args.once, delivery)
        stale = [h for h in WatchState(store, "report").health(found.sources, now_utc()) if h.stale]
    counts = totals.counts
    problems = counts["problem"] + counts["again"]
    say(f"watch: {totals.cycles} cycle(s): {counts['new']} new, {counts['edited']} edited, {counts['known']} known, "
        f"{problems} article problem(s), {totals.failed_sources} failed poll(s)"
        + (f", {totals.failed_alerts} alert(s) not delivered" if totals.failed_alerts else ""))
    if stale:
        say(f"{len(stale)} of {len(found.sources)} source(s) stale (failing, or nothing new for {STALE_GAPS} times "
            f"their usual gap): {', '.join(h.url for h in stale)}")
    if args.once:  # a loop stopped by SIGTERM ends well: its problems were each told as they came
        reporter.failures += problems + totals.failed_sources + totals.failed_alerts
