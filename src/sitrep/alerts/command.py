"""`sitrep watchlist add|list|remove` and `sitrep alerts`: their options, help and runs
(cli.py registers them)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from typing import Sequence

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
                                               triage: new, read, important or dismissed
  sitrep alerts deliver                        send the alerts due to webhooks and e-mail (see its --help)
  sitrep alerts digest --hours 8 --email desk@example.org
                                               the shift's alerts as one e-mail (see its --help)"""

# `sitrep alerts ACTION`: words that are no alert id (ids are 32 hex digits).
ACTIONS = ("deliver", "digest")
DIGEST_FORMATS = ("text", "markdown", "json")  # digest.py writes each

DELIVER_DESCRIPTION = """\
Send the alerts that are due to their watchlists' webhooks and e-mail addresses, then exit
(`sitrep watch` does the same after each cycle; run this from cron when nothing watches).

Each alert goes to each receiver once: a delivery is queued in the store with its alert (so a
crash cannot lose it) and marked delivered only once the receiver acknowledged it (HTTP 2xx; the
SMTP server took the message). A failure is tried again later, waiting $SITREP_DELIVERY_BACKOFF
seconds (default 60), then twice that, and so on, up to $SITREP_DELIVERY_ATTEMPTS tries (default 8);
an address that refuses (HTTP 4xx, SMTP 5xx, a private address) fails at once. A process killed
after the receiver's 2xx but before the store recorded it sends the alert again: the webhook's
Idempotency-Key header (the alert id) and the e-mail's Message-ID let the receiver drop the repeat."""

DELIVERY_ENVIRONMENT = """\
environment (secrets are read here only, and never shown):
  SITREP_WEBHOOK_SECRET      the key of the X-Sitrep-Signature header: sha256=HMAC-SHA256(body) in hex
  SITREP_SMTP_HOST           the SMTP server; without it e-mail deliveries wait
  SITREP_SMTP_PORT           default 587 (starttls), 465 (ssl), 25 (none)
  SITREP_SMTP_SECURITY       starttls (default), ssl or none
  SITREP_SMTP_USER, SITREP_SMTP_PASSWORD    the login, when the server wants one
  SITREP_SMTP_FROM           the sender's address (default sitrep@ this machine's name)
  SITREP_DELIVERY_ATTEMPTS, SITREP_DELIVERY_BACKOFF, SITREP_DELIVERY_TIMEOUT (seconds, default 10)"""

DELIVER_EPILOG = f"""\
{DELIVERY_ENVIRONMENT}

exit status: 0 when every delivery tried was acknowledged (or none was due), 1 when one failed or
waits for another try (each gets one line on stderr)."""

DIGEST_EPILOG = f"""\
examples:
  sitrep alerts digest                         the last 24 hours' alerts, as text
  sitrep alerts digest --hours 8 --format markdown > shift.md
  sitrep alerts digest --since 2026-12-07T06:00 --watchlist isis-syria --email desk@example.org

{DELIVERY_ENVIRONMENT}"""


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

    p = commands.add_parser("alerts", help="the watchlists' alerts, newest first; triage, deliver (webhook, "
                                      "e-mail) and digest them",
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
    _add_actions(commands)


def _add_actions(commands) -> None:
    """`sitrep alerts deliver` and `sitrep alerts digest`: parsers of their own, named with the space
    (the command line's two words are joined by `joined_actions`), and left out of the command list
    (`sitrep alerts --help` names them)."""
    p = commands.add_parser("alerts deliver", prog="sitrep alerts deliver", description=DELIVER_DESCRIPTION,
                            epilog=DELIVER_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--allow-private", action="store_true",
                   help="allow webhooks on private, loopback and link-local addresses (an intranet's receiver)")
    p.add_argument("--retry-failed", action="store_true",
                   help="first put the deliveries that failed back in the queue, from their first attempt "
                        "(once the receiver or the settings are fixed)")
    _db_option(p)
    p.set_defaults(run=cmd_alerts_deliver)
    p = commands.add_parser("alerts digest", prog="sitrep alerts digest",
                            description="The alerts raised or updated over a shift (the last 24 hours unless "
                                        "told), as one text or one e-mail.",
                            epilog=DIGEST_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    window = p.add_mutually_exclusive_group()
    window.add_argument("--hours", type=_positive_int, metavar="N", help="the last N hours (default 24)")
    window.add_argument("--since", type=_iso_time, metavar="ISO",
                        help="from this time on (2026-12-07T06:00, UTC unless it names its zone)")
    p.add_argument("--watchlist", metavar="NAME", help="only this watchlist's alerts")
    p.add_argument("--email", metavar="ADDR",
                   help="send it to this address (over $SITREP_SMTP_HOST) instead of printing it")
    p.add_argument("--format", choices=DIGEST_FORMATS, default="text",
                   help="text (default), markdown, or json: one object with the alerts (an e-mail is text)")
    _db_option(p)
    p.set_defaults(run=cmd_alerts_digest)


def joined_actions(argv: Sequence[str]) -> list[str]:
    """The command line with `alerts deliver` / `alerts digest` made the one word their parsers are
    named (sitrep's own options may come first)."""
    words = list(argv)
    for i, word in enumerate(words):
        if not word.startswith("-"):
            if word == "alerts" and i + 1 < len(words) and words[i + 1] in ACTIONS:
                return words[:i] + [f"alerts {words[i + 1]}"] + words[i + 2:]
            break
    return words


def _iso_time(value: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {value!r} (e.g. 2026-12-07T06:00)") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


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


def cmd_alerts_deliver(args, reporter) -> None:
    from ..watch.loop import process_alive, process_name, say
    from .delivery import Deliverer

    settings = _delivery_settings(args.allow_private)
    with existing_store(settings_from(args).db) as store:
        deliverer = Deliverer(store, settings, process_name(), say)
        freed = deliverer.reclaim_orphans(process_alive)
        if freed:
            say(f"took back {freed} delivery(ies) a process of this machine that is no longer running was sending")
        if args.retry_failed:
            say(f"{deliverer.retry_failed()} failed delivery(ies) put back in the queue")
        done = asyncio.run(deliverer.deliver_due())
    say(f"alerts: {done.delivered} delivered, {done.retrying} to try again later, {done.failed} failed")
    if done.waiting_for_smtp:
        say(f"{done.waiting_for_smtp} e-mail delivery(ies) wait: set SITREP_SMTP_HOST (see --help)")
    reporter.failures += done.retrying + done.failed


def cmd_alerts_digest(args, reporter) -> None:
    from .delivery import scrub, send_email
    from .digest import digest, digest_alerts, digest_email
    from .watchlists import WatchlistError, check_email

    until = dt.datetime.now(dt.timezone.utc)
    since = args.since or until - dt.timedelta(hours=args.hours or 24)
    smtp, address = None, ""
    if args.email:
        try:
            address = check_email(args.email) or ""
        except WatchlistError as err:
            raise UsageError(str(err)) from None
        smtp = _delivery_settings(False).smtp
        if smtp is None:
            raise CommandError("--email needs an SMTP server: set SITREP_SMTP_HOST (see --help)")
    with existing_store(settings_from(args).db) as store:
        alerts = digest_alerts(store, since, args.watchlist)
    if smtp is None:
        sys.stdout.write(digest(alerts, since, until, args.format))
        return
    outcome = send_email(digest_email(alerts, since, until, smtp.sender, address), smtp, 30.0)
    if not outcome.ok:
        raise CommandError(f"the digest was not sent to {address}: {scrub(outcome.said, [smtp.password])}")
    print(f"sitrep: digest of {len(alerts)} alert(s) sent to {address}", file=sys.stderr)


def _delivery_settings(allow_private: bool):
    from .delivery import DeliverySettings, DeliverySettingsError

    try:
        return DeliverySettings.from_env(allow_private=allow_private)
    except DeliverySettingsError as err:
        raise CommandError(str(err)) from None
