"""The `sitrep` command line: analyze, ingest, search, serve, eval, brief.

Every command turns bad input into one line on stderr ("sitrep: INPUT: problem")
and goes on; exit status is 0 when all went well, 1 when some input was bad (or
a command could not run: no store where one is read), 2 for usage errors.
Tracebacks appear only with --debug. Entries of a folder left unread are
counted in one line at the end (each named with --verbose), and an encoding
that had to be detected is named.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import traceback
from collections import Counter
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional, Sequence

from . import __version__
from .errors import UsageError
from .settings import DEFAULT_MAX_BYTES, DEFAULT_MAX_REQUEST_BYTES, Settings, default_db

INGEST_BATCH = 64
BRIEF_FORMATS = ("markdown", "html", "pdf")  # sitrep.briefs.FORMATS, named here so --help loads no renderer
BRIEF_CLAIMS = 100  # the desk's brief page shows as many (api/pages.py CARDS)

EPILOG = """examples:
  sitrep analyze article.txt --format text     read one report as a brief
  sitrep analyze dumps/ > analyses.jsonl       every file under a folder, JSON Lines
  curl -s URL | sitrep analyze -               a page from standard input
  sitrep ingest examples/                      analyse and store (sitrep.db, or --db / $SITREP_DB)
  sitrep search "attack" --place RU --modality predicted
  sitrep serve                                 web UI and REST API on http://127.0.0.1:8000
  sitrep eval body --data ../shared/data       score the extractors on the evaluation data
"""


class CommandError(Exception):
    """The command cannot run at all (no store to read, an address taken): one line, status 1."""


class Reporter:
    """Writes one line per bad input to stderr and remembers whether any was bad; counts the
    entries of folders left unread (naming each with --verbose) and names detected encodings."""

    def __init__(self, debug: bool = False, verbose: bool = False):
        self.debug = debug
        self.verbose = verbose
        self.failures = 0
        self.skipped: Counter = Counter()

    def notice(self, notice) -> None:
        """A reader's ingest.registry.Notice: an encoding detected is told at once; an entry
        skipped is counted, and told at once with --verbose."""
        if notice.skipped is None:
            print(f"sitrep: {notice.source}: {notice.message}", file=sys.stderr)
            return
        self.skipped[notice.skipped] += 1
        if self.verbose:
            print(f"sitrep: {notice.source}: skipped: {notice.message}", file=sys.stderr)

    def summary(self) -> None:
        """The one line that says what was skipped in folders, by kind (nothing when nothing was)."""
        if not self.skipped:
            return
        from .ingest.registry import skip_summary

        hint = "" if self.verbose else "; --verbose names each"
        print(f"sitrep: skipped {sum(self.skipped.values())} item(s) in the folders given: "
              f"{skip_summary(self.skipped)}{hint}", file=sys.stderr)

    def error(self, err) -> None:
        self.failures += 1
        print(f"sitrep: {err.source}: {err.problem}", file=sys.stderr)
        if self.debug and err.__cause__ is not None:
            traceback.print_exception(err.__cause__, file=sys.stderr)

    @property
    def status(self) -> int:
        return 1 if self.failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="News intelligence: who claims what about whom, how surely, on whose word.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    _add_analyze(commands)
    _add_ingest(commands)
    _add_search(commands)
    _add_brief(commands)
    _add_export(commands)
    _add_bulk(commands)
    _add_serve(commands)
    _add_eval(commands)
    _add_forecasts(commands)
    _add_sources(commands)
    _add_watch(commands)
    _add_watchlists(commands)
    return parser


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or folders (walked recursively); '-' reads standard input. "
                        "Formats: .txt (first line = title), .html/.htm, .json/.jsonl, .csv")
    p.add_argument("--no-clean", action="store_true",
                   help="keep captions, credits, comments and boilerplate lines in the body")
    p.add_argument("--encoding", type=_encoding,
                   help="decode text inputs with this encoding instead of UTF-8 (e.g. cp1252), or 'auto' "
                        "to detect it (the encoding detected is named on stderr)")
    p.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES,
                   help="refuse documents larger than this (default %(default)s)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: on when stderr is a terminal)")
    p.add_argument("--verbose", action="store_true",
                   help="name each file of a folder that is skipped, and why (by default one line counts them)")


def _workers_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="analyse in N processes, each with its own pipeline (about 1 GB each) and one core; the "
                        "output is the same, in input order (default 1; `bulk` runs on a Dask cluster instead)")


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=None,
                   help="database URL or SQLite file (default: $SITREP_DB, else ./sitrep.db)")


def _add_analyze(commands) -> None:
    p = commands.add_parser("analyze", help="analyse documents, print JSON Lines (or text)",
                            description="Analyse documents and print one JSON object per document "
                                        "(the Analysis of CONTRACT.md), in input order.")
    _input_options(p)
    p.add_argument("--format", choices=("json", "text"), default="json",
                   help="json: one object per line (default); text: a readable brief")
    _workers_option(p)
    p.set_defaults(run=cmd_analyze)


def _add_ingest(commands) -> None:
    p = commands.add_parser("ingest", help="analyse and store documents (idempotent)",
                            description="Analyse documents and store them. The same document "
                                        "twice is stored once, and one already stored is not analysed "
                                        "again; each batch is stored whole or not at all.")
    _input_options(p)
    _db_option(p)
    _workers_option(p)
    p.set_defaults(run=cmd_ingest)


def _add_search(commands) -> None:
    p = commands.add_parser("search", help="query the store: full text plus filters",
                            description="Search stored analyses. QUERY is full text over titles "
                                        "and bodies; filters narrow by claim and place.")
    p.add_argument("query", nargs="?", help='words to find, e.g. "Islamic State" attack')
    _filter_options(p, "articles (and so claims)")
    p.add_argument("--limit", type=_positive_int, default=20, help="at most this many hits (default 20)")
    p.add_argument("--format", choices=("json", "text"), default="text")
    _db_option(p)
    p.set_defaults(run=cmd_search)


def _add_brief(commands) -> None:
    p = commands.add_parser("brief", help="print a brief of the stored articles and their claims, or write one to "
                                          "hand on (Markdown, HTML, PDF)",
                            description="text (the default): the latest articles passing the filters, each with "
                                        "its claims and sourcing. markdown, html, pdf: the desk's brief of the "
                                        "latest claims passing the filters, key judgements first (by country, then "
                                        "actor), then the evidence quoted with its links, then the sources.")
    _filter_options(p, "articles and their claims")
    p.add_argument("--limit", type=int, default=10, help="text: the latest N articles (default 10)")
    p.add_argument("--claims", type=_positive_int, default=BRIEF_CLAIMS,
                   help="markdown, html, pdf: the latest N claims (default %(default)s, as the desk's brief)")
    p.add_argument("--format", choices=("text", *BRIEF_FORMATS), default="text",
                   help="text (default), markdown, html (one standalone file) or pdf; html and pdf need --out")
    p.add_argument("--out", metavar="FILE", help="file to write (default: standard output, for text and markdown)")
    _db_option(p)
    p.set_defaults(run=cmd_brief)


def _filter_options(p: argparse.ArgumentParser, reliable_what: str) -> None:
    """The filters of `sitrep search`, which `sitrep brief` takes too (read by _filters)."""
    p.add_argument("--actor", help="an entity name or alias, e.g. ISIS")
    p.add_argument("--target", help="what a claim is aimed at: an entity or place name or alias, or a country code "
                                    "(RU); every claim filter then holds for one claim")
    p.add_argument("--place", help="ISO country code (RU) or place name")
    p.add_argument("--since", help="published on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="published on or before this date (YYYY-MM-DD)")
    p.add_argument("--modality", help="occurred, planned, threatened, predicted, alleged, hypothetical")
    p.add_argument("--action", help="a PLOVER event type: ASSAULT, THREATEN, MOBILIZE, COERCE, ...")
    p.add_argument("--band", help='an ICD 203 band, e.g. "likely" or "roughly even chance"')
    p.add_argument("--anonymous", action="store_true", help="only claims resting on an unnamed source")
    _reliable_option(p, reliable_what)


def _reliable_option(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--reliable-only", action="store_true",
                   help=f"only {what} from outlets rated reliable (by Media Bias/Fact Check, NewsGuard or "
                        "Wikipedia's perennial sources; a rating of the outlet, not of an article)")


def _add_bulk(commands) -> None:
    p = commands.add_parser("bulk", help="analyse a large corpus on a Dask cluster into partition files",
                            description="The same analysis as `analyze`, run on a Dask cluster: a local one "
                                        "sized to this machine by default, or an existing one by address. "
                                        "Output is one file per partition of the input; re-running skips "
                                        "partitions already written.")
    _input_options(p)
    p.add_argument("--out", required=True, help="folder for the partition files")
    p.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="partition file format")
    p.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, help="worker processes of the local cluster (default: one per core)")
    p.add_argument("--partition-size", type=int, default=64, help="documents per partition (default 64)")
    p.add_argument("--db", default=None, help="also store every analysis in this database")
    p.set_defaults(run=cmd_bulk)


def _add_export(commands) -> None:
    p = commands.add_parser("export", help="write the store as JSON Lines, a CSV of claims, or GeoJSON of places",
                            description="Export every stored analysis (copies included) in one of three shapes.")
    p.add_argument("--format", choices=("jsonl", "claims-csv", "geojson"), default="jsonl",
                   help="jsonl: analyses as in `analyze`; claims-csv: one row per claim; "
                        "geojson: places with article and claim counts (default jsonl)")
    p.add_argument("--out", help="file to write (default: standard output)")
    _db_option(p)
    p.set_defaults(run=cmd_export)


def _add_serve(commands) -> None:
    p = commands.add_parser("serve", help="web UI and REST API (OpenAPI at /docs)")
    _db_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--max-request-bytes", type=_positive_int, default=DEFAULT_MAX_REQUEST_BYTES,
                   help="refuse request bodies larger than this with 413 (default %(default)s)")
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="let browser pages on this origin (e.g. https://desk.example.org) read the API; "
                        "repeat for more (default: none)")
    p.set_defaults(run=cmd_serve)


def _add_eval(commands) -> None:
    p = commands.add_parser("eval", help="score the extractors on the evaluation data",
                            description="Run evaluation suites on the development data and print "
                                        "sitrep's scores beside baselines and published figures.")
    p.add_argument("suites", nargs="*", metavar="SUITE", help="suites to run (default: all)")
    p.add_argument("--data", default="../shared/data", help="the data folder (default %(default)s)")
    p.add_argument("--format", choices=("json", "text"), default="text")
    p.set_defaults(run=cmd_eval)


def _add_watch(commands) -> None:
    from .watch.command import add_parser  # its options and help live with the watch

    add_parser(commands)


def _add_watchlists(commands) -> None:
    from .alerts.command import add_parsers  # `watchlist` and `alerts`: their options and help live with them

    add_parsers(commands)


def _add_sources(commands) -> None:
    p = commands.add_parser("sources", help="the sources across the store, one per identity, with their counts",
                            description="Each source once across the store: a named source by its entity or full "
                                        "name (\"Donald Trump\" and a later \"Trump\" are one), an unnamed one by "
                                        "its outlet, role and affiliation (\"anon:breitbart.com|intelligence "
                                        "official|arab\"), and each outlet's own voice; with the original articles, "
                                        "outlets, claims and quotes of each, most claims first.")
    p.add_argument("--limit", type=_positive_int, default=50, help="at most this many sources (default %(default)s)")
    p.add_argument("--format", choices=("json", "text"), default="json",
                   help="json: one source per line (default); text: a table")
    _db_option(p)
    p.set_defaults(run=cmd_sources)


def _add_forecasts(commands) -> None:
    p = commands.add_parser("forecasts", help="the forecast ledger: predictions, plans and threats and what became "
                                              "of them",
                            description="Every predicted, planned or threatened claim in the store is a forecast with "
                                        "a horizon (its time, else 12 months); a later occurred claim of the same "
                                        "action, actor and country resolves it as happened; past its horizon with "
                                        "none it is not seen. JSON Lines of FORECAST records by default; --format "
                                        "text adds the ledger: per ICD 203 band, source and outlet.")
    p.add_argument("--source", help="only forecasts made by this source: its identity as `sitrep sources` lists it "
                                    "(\"name:donald trump\"), or a name or description (every source an article "
                                    "calls so)")
    p.add_argument("--outlet", help="only forecasts made in this outlet")
    p.add_argument("--status", choices=("open", "happened", "not-seen"), help="only forecasts in this status")
    p.add_argument("--rescan", action="store_true",
                   help="rebuild the ledger from every stored article first (resolution otherwise runs as "
                        "articles are stored)")
    p.add_argument("--now", type=_iso_date, metavar="YYYY-MM-DD",
                   help="judge open and not seen as of this day (default: today)")
    p.add_argument("--format", choices=("json", "text"), default="json",
                   help="json: one FORECAST per line (default); text: the ledger, then the forecasts")
    _db_option(p)
    p.set_defaults(run=cmd_forecasts)


def _iso_date(value: str):
    """An argparse type: a YYYY-MM-DD date."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1 (a negative --limit would mean "no limit"
    to SQLite and an error to PostgreSQL)."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _encoding(value: str) -> str:
    """An argparse type: 'auto', or the name of a text encoding (else a usage error, status 2)."""
    from .ingest.decode import DecodeError, check_encoding

    try:
        return check_encoding(value)
    except DecodeError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def settings_from(args) -> Settings:
    return Settings(
        db=getattr(args, "db", None) or default_db(),
        max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
        encoding=getattr(args, "encoding", None),
        clean=not getattr(args, "no_clean", False),
        max_request_bytes=getattr(args, "max_request_bytes", DEFAULT_MAX_REQUEST_BYTES),
        cors_origins=tuple(getattr(args, "cors_origin", ())),
    )


def analyses(args, reporter: Reporter, skip: Optional["SkipStored"] = None) -> Iterator:
    """Analyses of the command's inputs; bad inputs are reported and skipped, and so are
    the documents `skip` finds stored already (once cleaned, before the parse)."""
    from .ingest import read_paths
    from .errors import InputError
    from .pipeline import clean_documents

    settings = settings_from(args)
    items = read_paths(args.paths, settings, notify=reporter.notice)
    if skip is not None:
        items = skip(items)  # records that carry their own id: known before cleaning
    documents = clean_documents(items, remove_boilerplate=settings.clean)
    if skip is not None:
        documents = skip(documents)  # the others, by the hash of their cleaned body
    results = _analysed(documents, settings.batch_size, args.workers)
    for result in _with_progress(results, args):
        if isinstance(result, InputError):
            reporter.error(result)
        else:
            yield result


def _analysed(documents: Iterable, batch_size: int, workers: int = 1) -> Iterator:
    """analyze_raw_documents over the documents (in `workers` processes), started (and the
    pipeline loaded, seconds of work) only once there is one to analyse: storing a stored
    corpus again loads nothing. One process does its matrix products on one thread, as each
    worker does: a second BLAS thread gained it about 5% of wall-clock for a whole second core
    spent mostly spinning, where `--workers 2` doubles the rate (docs/benchmarks.md)."""
    from threadpoolctl import threadpool_limits

    from .errors import InputError
    from .pipeline import analyze_raw_documents
    from .workers import WorkerDied, analyze_in_workers

    items = iter(documents)
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        rest = itertools.chain([item], items)
        if workers == 1:
            with threadpool_limits(limits=1):
                yield from analyze_raw_documents(rest, batch_size=batch_size)
            return
        try:
            yield from analyze_in_workers(rest, workers)
        except WorkerDied as err:
            raise CommandError(str(err)) from err
        return


def _with_progress(results: Iterable, args) -> Iterable:
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    if not show:
        return results
    from tqdm import tqdm

    return tqdm(results, unit="doc", desc=args.command, file=sys.stderr)


def cmd_analyze(args, reporter: Reporter) -> None:
    from .report import format_analysis

    for analysis in analyses(args, reporter):
        if args.format == "text":
            sys.stdout.write(format_analysis(analysis))
        else:
            sys.stdout.write(analysis.model_dump_json() + "\n")
        sys.stdout.flush()


class SkipStored:
    """Drops documents whose id is stored already, asking the store about a batch of ids at a
    time, and counts them: storing a corpus again costs lookups, not analyses. A record's own
    id is known as read; other documents are known by their body once cleaned (analysis_id)."""

    def __init__(self, store):
        self.store = store
        self.count = 0

    def __call__(self, items: Iterable) -> Iterator:
        from .workers import chunks

        for batch in chunks(items, INGEST_BATCH):
            ids = [self._id(item) for item in batch]
            stored = self.store.stored_ids(i for i in ids if i is not None)
            for item, id_ in zip(batch, ids):
                if id_ is not None and id_ in stored:
                    self.count += 1
                else:
                    yield item

    @staticmethod
    def _id(item) -> Optional[str]:
        """The id the item's analysis will have, when it is known yet (None for errors, and for
        raw documents without a record id)."""
        from .documents import Document, RawDocument
        from .pipeline import analysis_id

        if isinstance(item, Document):
            return analysis_id(item)
        return item.id if isinstance(item, RawDocument) else None


def cmd_ingest(args, reporter: Reporter) -> None:
    from .store import Store
    from .workers import chunks

    from .alerts.match import Matched, match_documents

    new = existing = 0
    alerted = Matched()
    with Store(settings_from(args).db) as store:
        skip = SkipStored(store)
        for batch in chunks(analyses(args, reporter, skip), INGEST_BATCH):
            stored_before = store.stored_ids(a.id for a in batch)
            counts = store.save(batch)
            new, existing = new + counts.new, existing + counts.existing
            alerted.add(match_documents(store, [a.id for a in batch if a.id not in stored_before]))  # watchlists
        existing += skip.count
        where = store.url
    print(f"sitrep: stored {new} new document(s), {existing} already in the store ({where})",
          file=sys.stderr)
    if alerted.created or alerted.updated:
        print(f"sitrep: watchlists: {alerted.created} new alert(s), {alerted.updated} updated (`sitrep alerts`)",
              file=sys.stderr)


@contextmanager
def existing_store(db: str) -> Iterator:
    """The store at `db` for a command that only reads: CommandError when there is none, rather
    than an empty one made at a mistyped path."""
    from .store import Store, StoreNotFound

    try:
        store = Store(db, create=False)
    except StoreNotFound as err:
        raise CommandError(no_store(err)) from None
    with store:
        yield store


def no_store(err: Exception) -> str:
    return f"{err}: check --db (or $SITREP_DB), or create the store with `sitrep ingest PATH`"


def cmd_search(args, reporter: Reporter) -> None:
    from .search import run_search
    from .store import StoreNotFound

    try:
        run_search(args, settings_from(args))
    except StoreNotFound as err:
        raise CommandError(no_store(err)) from None


def cmd_brief(args, reporter: Reporter) -> None:
    """The text brief of articles, or the brief of claims written as markdown, html or pdf."""
    if args.format in ("html", "pdf") and not args.out:
        raise UsageError(f"--format {args.format} writes a file: give it with --out FILE")
    filters = _filters(args)
    with existing_store(settings_from(args).db) as store:
        if args.format == "text":
            text = _text_brief(store, filters, args.limit)
            _write_brief(text.encode("utf-8"), args.out)
            return
        from .briefs import gather_brief, render

        brief = gather_brief(store, filters, args.claims)
    _write_brief(render(brief, args.format), args.out)


def _filters(args):
    """The search filters given on the command line (a bad value is a usage error, status 2)."""
    from .store import Filters

    try:
        return Filters.build(None, args.actor, args.place, args.since, args.until, args.modality, args.action,
                             args.band, args.anonymous, args.reliable_only, args.target)
    except ValueError as err:
        raise UsageError(str(err)) from None


def _text_brief(store, filters, limit: int) -> str:
    """Each of the latest `limit` articles passing the filters as `analyze --format text` writes it;
    without filters the latest stored (as before filters existed)."""
    from .report import format_analysis

    filtered = filters.claim_filtered or filters.since or filters.until
    if filtered:
        ids = [hit.id for hit in store.search(actor=filters.actor, place=filters.place, since=filters.since,
                                              until=filters.until, modality=filters.modality, action=filters.action,
                                              band=filters.band, anonymous=filters.anonymous,
                                              reliable_only=filters.reliable_only, target=filters.target,
                                              limit=limit)]
    else:
        ids = [article.id for article in store.list_articles(limit=limit, offset=0,
                                                             reliable_only=filters.reliable_only)]
    if not ids:
        print("sitrep: " + ("no stored article matches the filters" if filtered else
                            "the store is empty; add documents with `sitrep ingest PATH`"), file=sys.stderr)
    analyses = (store.get(id_) for id_ in ids)
    return "".join(format_analysis(analysis) + "\n" for analysis in analyses if analysis is not None)


def _write_brief(content: bytes, out: Optional[str]) -> None:
    """The brief to the file `out` (CommandError naming it if it cannot be written), else to stdout."""
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    try:
        with open(out, "wb") as file:
            file.write(content)
    except OSError as err:
        raise CommandError(f"{out}: cannot write the brief ({err.strerror or err}): check the path") from None
    print(f"sitrep: wrote the brief to {out}", file=sys.stderr)


def cmd_bulk(args, reporter: Reporter) -> None:
    from pathlib import Path

    from .bulk import run_bulk

    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    run = run_bulk(args.paths, settings_from(args), Path(args.out), args.format, args.scheduler,
                   args.workers, args.db, progress, args.partition_size, notify=reporter.notice)
    reporter.failures += len(run.errors)
    print(f"sitrep: {run.documents} document(s) analysed in {run.done} partition(s); "
          f"{run.skipped} partition(s) already done; {len(run.errors)} problem(s)", file=sys.stderr)


def cmd_export(args, reporter: Reporter) -> None:
    from .corpus import exports

    write = {"jsonl": exports.write_jsonl, "claims-csv": exports.write_claims_csv,
             "geojson": exports.write_geojson}[args.format]
    with existing_store(settings_from(args).db) as store:
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as out:
                count = write(store.iter_analyses(), out)
        else:
            count = write(store.iter_analyses(), sys.stdout)
    print(f"sitrep: exported {count} {'rows' if args.format == 'claims-csv' else 'records'}", file=sys.stderr)


def cmd_serve(args, reporter: Reporter) -> None:
    """Open the store (it must exist), take the address, and only then say where it serves."""
    import gc

    import uvicorn

    from .api import create_app

    settings = settings_from(args)
    with existing_store(settings.db) as store:
        listener = _listen(args.host, args.port)
        app = create_app(store, token=settings.token, max_request_bytes=settings.max_request_bytes,
                         cors_origins=settings.cors_origins)
        mode = "writes need SITREP_TOKEN" if settings.token else "read-only: set SITREP_TOKEN to allow writes"
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"sitrep: serving {settings.db} on http://{host}:{listener.getsockname()[1]}/ "
              f"(API docs at /docs; {mode})", file=sys.stderr, flush=True)
        # What start-up loaded lives as long as the server: leave it out of Python's full garbage
        # collections, which otherwise add ~90 ms to every twentieth search or so at 100k articles
        # (docs/benchmarks.md, search.py).
        gc.collect()
        gc.freeze()
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listener])


def _listen(host: str, port: int):
    """A socket listening on host:port, or CommandError saying why it cannot be had (taken,
    not allowed, no such host), before the server announces anything."""
    import os
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as err:  # socket.gaierror too, whose errno is no system error number
        reason = err.strerror if isinstance(err, socket.gaierror) or not err.errno else os.strerror(err.errno)
        raise CommandError(f"cannot listen on {host}:{port} ({reason}): "
                           "stop what uses it, or pick another --port or --host") from None


def cmd_eval(args, reporter: Reporter) -> None:
    from .eval import run_cli

    run_cli(args.suites, args.data, args.format)


def cmd_forecasts(args, reporter: Reporter) -> None:
    from .ledger.read import LedgerFilters
    from .ledger.report import format_ledger

    filters = LedgerFilters(source=args.source, outlet=args.outlet, status=args.status, now=args.now)
    with existing_store(settings_from(args).db) as store:
        if args.rescan:
            made = store.rescan_forecasts()
            print(f"sitrep: the ledger rebuilt from {store.count()} stored article(s): {made} forecast(s)",
                  file=sys.stderr)
        found = store.forecasts(filters, limit=None)
        if args.format == "text":
            sys.stdout.write(format_ledger(store.forecast_ledger(filters), found))
        else:
            for forecast in found:
                sys.stdout.write(forecast.model_dump_json(by_alias=True) + "\n")


def cmd_sources(args, reporter: Reporter) -> None:
    from .report import format_sources

    with existing_store(settings_from(args).db) as store:
        found = store.list_sources(limit=args.limit)
    if args.format == "text":
        sys.stdout.write(format_sources(found))
    else:
        for item in found:
            sys.stdout.write(item.model_dump_json() + "\n")


def main(argv: Optional[Sequence[str]] = None) -> int:
    from .alerts.command import joined_actions

    parser = build_parser()
    args = parser.parse_args(joined_actions(sys.argv[1:] if argv is None else argv))  # `alerts deliver|digest`
    reporter = Reporter(debug=args.debug, verbose=getattr(args, "verbose", False))
    try:
        args.run(args, reporter)
        reporter.summary()
    except CommandError as err:
        print(f"sitrep: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return reporter.status
    except UsageError as err:
        print(f"sitrep: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 — users get one line; --debug shows the rest
        if args.debug:
            raise
        print(f"sitrep: {type(err).__name__}: {err} (rerun with --debug for details)", file=sys.stderr)
        return 1
    return reporter.status


if __name__ == "__main__":
    sys.exit(main())
