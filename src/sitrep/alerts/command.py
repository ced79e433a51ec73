"""`sitrep watchlist add|list|remove` and `sitrep alerts`: their options, help and runs
(cli.py registers them)."""

from __future__ import annotations

import argparse
import sys

from ..cli import CommandError, _db_option, _filter_options, _positive_int, existing_store, settings_from
from ..errors import UsageError
from .records import STATUSES

WATCHLIST_EPILOG = """\
A watchlist is a saved `sitrep search`: the same words and filters, meaning the same. Every article
`sitrep ingest` or `sitrep watch` stores from then on is matched against every watchlist; a match
is an alert (see `sitrep alerts`), one per story: a copy or a later article of the same story
joins that alert instead of raising another.

examples:
  sitrep watchlist add isis-syria --actor ISIS --place SY
  sitrep watchlist add threats "missile" --modality threatened --webhook https://hooks.example.org/desk
  sitrep watchlist list
  sitrep watchlist remove isis-syria           (its alerts go with it)"""

ALERTS_DESCRIPTION = """\
The alerts of the watchlists, last updated first: an alert is updated when a copy or a later
article of its story joins it. Each names its watchlist, story, articles, the claims that
matched and why, and counts the outlets carrying the story and the independent sources of
those claims. Triage with --set-status; the status stays until changed."""

ALERTS_EPILOG = """\
examples:
  sitrep alerts                                the alerts, last updated first
  sitrep alerts --watchlist isis-syria --status new --format json
  sitrep alerts 3f2a9c... --set-status important
                                               triage: new, read, important or dismissed"""


def add_parsers(commands) -> None:
    """The `watchlist` and `alerts` commands."""
    p = commands.add_parser("watchlist", help="saved searches that raise alerts: add, list, remove",
                            description="Saved searches that raise alerts on the articles stored from now on.",
                            epilog=WATCHLIST_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="add|list|remove")
    actions.required = True
    add = actions.add_parser("add", help="save a watchlist: a name, then `sitrep search`'s words and filters",
                             description="Save a watchlist: NAME, then the words and filters of `sitrep search`.")
    add.add_argument("name", metavar="NAME", help="what to call it (unique)")
    add.add_argument("query", nargs="?", metavar="QUERY", help='words to find, as `sitrep search` takes them')
    _filter_options(add, "articles (and so claims)")
    add.add_argument("--webhook", metavar="URL", help="also post its alerts to this http(s) URL")
    add.add_argument("--email", metavar="ADDR", help="also e-mail its alerts to this address")
    _db_option(add)
    add.set_defaults(run=cmd_watchlist_add)
    listed = actions.add_parser("list", help="the watchlists, with their searches and alert counts")
    listed.add_argument("--format", choices=("json", "text"), default="text",
                        help="text (default), or json: one watchlist per line")
    _db_option(listed)
    listed.set_defaults(run=cmd_watchlist_list)
    remove = actions.add_parser("remove", help="delete a watchlist and its alerts")
    remove.add_argument("name", metavar="NAME")
    _db_option(remove)
    remove.set_defaults(run=cmd_watchlist_remove)

    p = commands.add_parser("alerts", help="the watchlists' alerts, newest first; triage them",
                            description=ALERTS_DESCRIPTION,
                            epilog=ALERTS_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("ids", nargs="*", metavar="ALERT",
                   help="only these alerts, by id (--watchlist and --status then do not apply)")
    p.add_argument("--watchlist", metavar="NAME", help="only this watchlist's alerts")
    p.add_argument("--status", choices=STATUSES, help="only alerts with this status")
    p.add_argument("--set-status", choices=STATUSES,
                   help="triage: give the ALERTs named this status (then show them)")
    p.add_argument("--limit", type=_positive_int, default=50, help="at most this many alerts (default %(default)s)")
    p.add_argument("--format", choices=("json", "text"), default="text",
                   help="text (default), or json: one ALERT object per line")
    _db_option(p)
    p.set_defaults(run=cmd_alerts)


def cmd_watchlist_add(args, reporter) -> None:
    from ..store import Filters, Store
    from .watchlists import WatchlistError, Watchlists

    try:
        filters = Filters.build(args.query, args.actor, args.place, args.since, args.until, args.modality,
                                args.action, args.band, args.anonymous, args.reliable_only, args.target)
    except ValueError as err:
        raise UsageError(str(err)) from None
    with Store(settings_from(args).db) as store:
        try:
            saved = Watchlists(store).add(args.name, filters, webhook=args.webhook, email=args.email)
        except WatchlistError as err:
            raise CommandError(str(err)) from None
    print(f"sitrep: watchlist {_quoted(saved.name)} saved: {saved.search}", file=sys.stderr)


def cmd_watchlist_list(args, reporter) -> None:
    from .text import format_watchlists
    from .watchlists import Watchlists

    with existing_store(settings_from(args).db) as store:
        found = Watchlists(store).list()
    if args.format == "text":
        sys.stdout.write(format_watchlists(found))
    else:
        for watchlist in found:
            sys.stdout.write(watchlist.model_dump_json() + "\n")


def cmd_watchlist_remove(args, reporter) -> None:
    from .watchlists import Watchlists

    with existing_store(settings_from(args).db) as store:
        if not Watchlists(store).remove(args.name):
            raise CommandError(f"no watchlist named {_quoted(args.name)}: `sitrep watchlist list` names them")
    print(f"sitrep: watchlist {_quoted(args.name)} removed, with its alerts", file=sys.stderr)


def cmd_alerts(args, reporter) -> None:
    from .inbox import Inbox
    from .text import format_alerts

    if args.set_status and not args.ids:
        raise UsageError("--set-status needs the ids of the alerts to triage: sitrep alerts ID... --set-status S")
    with existing_store(settings_from(args).db) as store:
        inbox = Inbox(store)
        if args.ids:
            found = [_one(inbox, alert_id, args.set_status, reporter) for alert_id in args.ids]
            alerts = [alert for alert in found if alert is not None]
        else:
            alerts = inbox.alerts(watchlist=args.watchlist, status=args.status, limit=args.limit)
    if args.format == "text":
        sys.stdout.write(format_alerts(alerts))
    else:
        for alert in alerts:
            sys.stdout.write(alert.model_dump_json() + "\n")


def _one(inbox, alert_id: str, status, reporter):
    """One alert named on the command line, given `status` first when one is asked; None (and a line
    on stderr, exit status 1) when there is no such alert."""
    alert = inbox.set_status(alert_id, status) if status else inbox.alert(alert_id)
    if alert is None:
        reporter.failures += 1
        print(f"sitrep: {_quoted(alert_id)}: no such alert (`sitrep alerts` lists them)", file=sys.stderr)
    return alert


def _quoted(text: str) -> str:
    from .text import shown

    return repr(shown(text))
