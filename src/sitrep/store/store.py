"""The Store: save analyses once, read them back, search them.

Each public method runs in its own short session, so a Store can be shared
by the threads of a web server. `save` is one transaction per call: the
batch lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Iterator, Optional, Sequence, Union

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Row, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..model import Analysis

if TYPE_CHECKING:
    from ..ledger.read import LedgerFilters
    from ..ledger.records import Forecast, Ledger
from . import desk, fts, sources
from . import trends as over_time
from .engine import IMMEDIATE, StoreNotFound, database_url, open_engine
from .results import (ArticleSummary, ClaimCard, ClaimMatch, Corroboration, Named, SaveCounts,
                      SearchHit, Story, article_summary, claim_matches, stored_rating, summary_only)
from .rows import prepare_document
from .corroborate import corroboration, corroborations
from .linking import link_batch
from .writer import write_documents
from .corrections import Corrections, apply_to_new
from .identity_names import add_names_of
from ..ledger.resolve import record_prepared
from .migrate import upgrade
from . import network as net
from .schema import DocumentRow
from .sources import SourceDetail, SourceSummary, TrackRecord
from .search import FTS5, LIKE, RELIABLE, TSVECTOR, Filters, documents_query, page_hits, recent_first, walk_query

_ID_CHUNK = 500


class Store:
    """Analyses in a database: an SQLite file by default, any SQLAlchemy URL otherwise.

    `db` is a URL ("sqlite:///sitrep.db", "postgresql://...") or a plain file
    path, which means an SQLite file there. The schema is created or migrated
    to the latest revision (store/migrate.py) when the Store opens. With
    `create=False` (the commands that only read) nothing is created: a database
    that does not exist, cannot be reached or holds no sitrep store raises
    StoreNotFound, so a mistyped path is not taken for an empty store.
    """

    def __init__(self, db: Union[str, os.PathLike] = "sitrep.db", *, create: bool = True):
        self.url = database_url(db)
        self.engine = open_engine(self.url, create=create)
        if not create:
            self._require_store()
        upgrade(self.engine)
        self.full_text = self._setup_fts()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    @property
    def corrections(self) -> Corrections:
        """Analysts' corrections of this store (store/corrections.py): merge, alias, retype, mark a
        claim wrong, note; each logged and undoable."""
        return Corrections(self.engine)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def save(self, analyses: Iterable[Analysis]) -> SaveCounts:
        """Store analyses not stored yet, in one transaction; count new and existing.

        Idempotent: an id already stored (or repeated in the batch) is
        counted as existing and left as it is. If anything fails, nothing
        of the batch is written. A concurrent writer storing the same id
        first makes the batch retry once, counting that id as existing.
        """
        batch = list(analyses)
        try:
            return self._save_once(batch)
        except IntegrityError:
            return self._save_once(batch)

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored already: `ingest` asks before analysing,
        so a document it holds costs a lookup, not an analysis."""
        with Session(self.engine) as session:
            return self._stored_ids(session, list(ids))

    def get(self, id: str) -> Optional[Analysis]:
        """The stored Analysis with this id, or None."""
        with Session(self.engine) as session:
            row = session.execute(select(DocumentRow.analysis, *_RATING).where(DocumentRow.id == id)).first()
        return _analysis(row) if row is not None else None

    def urls(self, ids: Iterable[str]) -> dict[str, Optional[str]]:
        """The stored URL of each document id (None where none was given), read without decoding
        any analysis: a brief links every article it cites."""
        with Session(self.engine) as session:
            rows = _rows_by_id(session, (DocumentRow.id, DocumentRow.url), sorted(set(ids)))
            return {row.id: row.url for row in rows}

    def titles(self, ids: Iterable[str]) -> dict[str, Optional[str]]:
        """The stored title of each document id (None where it has none), read without decoding
        any analysis: the alerts inbox names every article of its alerts."""
        with Session(self.engine) as session:
            rows = _rows_by_id(session, (DocumentRow.id, DocumentRow.title), sorted(set(ids)))
            return {row.id: row.title for row in rows}

    def count(self) -> int:
        """How many documents are stored."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def list_articles(self, limit: int = 50, offset: int = 0, *, reliable_only: bool = False) -> list[ArticleSummary]:
        """Stored articles, newest published first, one page at a time; with `reliable_only`,
        only those whose outlet is rated reliable."""
        page = select(DocumentRow.id).order_by(*recent_first()).limit(limit).offset(offset)
        if reliable_only:
            page = page.where(DocumentRow.reliability == RELIABLE)
        # The page's ids first, then their rows: sorting whole rows (a 19 kB analysis each) to
        # reach a late page read every article before it (0.6 s for the last page of 20k).
        with Session(self.engine) as session:
            ids = list(session.scalars(page))
            rows = {row.id: row for row in session.scalars(
                select(DocumentRow).options(summary_only()).where(DocumentRow.id.in_(ids)))}
            return [article_summary(rows[id_]) for id_ in ids if id_ in rows]  # (deleted in between: gone)

    def iter_analyses(self, batch_size: int = 200) -> Iterator[Analysis]:
        """Every stored Analysis, in id order, read a batch at a time (for corpus work)."""
        after = ""
        while True:
            stmt = (select(DocumentRow.analysis, *_RATING, DocumentRow.id).where(DocumentRow.id > after)
                    .order_by(DocumentRow.id).limit(batch_size))
            with Session(self.engine) as session:
                rows = session.execute(stmt).all()
            if not rows:
                return
            for row in rows:
                yield _analysis(row)
            after = rows[-1].id

    def search(
        self,
        query: Optional[str] = None,
        *,
        actor: Optional[str] = None,
        place: Optional[str] = None,
        since: Union[str, dt.date, None] = None,
        until: Union[str, dt.date, None] = None,
        modality: Optional[str] = None,
        action: Optional[str] = None,
        band: Optional[str] = None,
        anonymous: bool = False,
        reliable_only: bool = False,
        target: Optional[str] = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Articles matching full text and structured filters, best first.

        `query`: words (all must occur; "phrases", OR, NOT and prefix* work);
        `actor`: entity or claim-actor name or alias, any case; `place`: ISO
        country code or place name; `since`/`until`: inclusive dates on
        `published`; `modality`, `action` (PLOVER), `band` (ICD 203): contract
        values; `anonymous`: only claims resting on an unnamed source;
        `reliable_only`: only articles whose outlet is rated reliable; `target`:
        what a claim is aimed at, an entity or place name or alias, or an ISO
        country code (any claim filter given must then hold for one claim).
        Without a query, newest first. Raises ValueError for a bad filter or query.
        """
        filters = Filters.build(query, actor, place, since, until, modality, action, band, anonymous, reliable_only,
                                target)
        with Session(self.engine) as session:
            rows = self._walked_page(session, filters, limit, offset)
            if rows is None:
                rows = self._page(session, filters, limit, offset)
            return page_hits(session, rows, filters)

    def copy_of(self, id: str) -> Optional[str]:
        """The id of the original a stored document copies, or None (also when not stored)."""
        with Session(self.engine) as session:
            return session.scalar(select(DocumentRow.copy_of).where(DocumentRow.id == id))

    def corroboration(self, document_id: str, claim_ref: str) -> Optional[Corroboration]:
        """Who else asserts claim `claim_ref` of a stored document, counted in independent
        outlets and sources (store/corroborate.py); None when there is no such claim."""
        with Session(self.engine) as session:
            return corroboration(session, document_id, claim_ref)

    def corroborations(self, claims: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Corroboration]:
        """corroboration() of many (document id, claim id) pairs in one session, by pair;
        pairs naming no stored claim are left out."""
        with Session(self.engine) as session:
            return corroborations(session, claims)

    def with_corroboration(self, hits: Sequence[SearchHit]) -> list[SearchHit]:
        """The hits with each matched claim's support and contradiction side by side
        (SearchHit.corroboration); a copy's hit gets none (its original speaks for it)."""
        wanted = [(hit.id, claim.id) for hit in hits if not hit.copy_of for claim in hit.claims]
        found = self.corroborations(wanted) if wanted else {}
        return [hit.model_copy(update={"corroboration": [found[(hit.id, c.id)] for c in hit.claims
                                                         if (hit.id, c.id) in found]}) for hit in hits]

    # The analyst's desk (desk.py): claims across articles with their corroboration, counted
    # by day and country; entities, places, sources and stories with their counts.

    def claim_cards(self, filters: Optional[Filters] = None, *, story: Optional[str] = None,
                    source: Optional[str] = None, limit: int = 100, offset: int = 0) -> list[ClaimCard]:
        """Claims of original articles passing the filters, newest article first, each with its
        corroboration; `story` keeps those of one story's articles, `source` those resting on
        one source key (as list_sources keys it). A page costs a few statements, not a few per card."""
        with Session(self.engine) as session:
            return desk.claim_cards(session, filters or Filters(), story=story, source=source,
                                    limit=limit, offset=offset)

    def claims_per_day(self, filters: Optional[Filters] = None) -> list[tuple[dt.date, int]]:
        """How many claims passing the filters each publication day has, oldest first (undated left out)."""
        with Session(self.engine) as session:
            return desk.claims_per_day(session, filters or Filters())

    def claims_per_country(self, filters: Optional[Filters] = None) -> Counter[str]:
        """Claims passing the filters per country they are about (a target's, else their place's)."""
        with Session(self.engine) as session:
            return desk.claims_per_country(session, filters or Filters())

    def trends(self, filters: Optional[Filters] = None, by: over_time.Dimension = "actor", *, top: int = 8,
               names: Optional[Sequence[str]] = None) -> over_time.Trends:
        """Claims passing the filters per publication day, and the `top` most-claimed actors
        (actions, countries, sources: `by`) each per day; with `names`, those keys instead. At most
        three statements (store/trends.py)."""
        with Session(self.engine) as session:
            return over_time.trends(session, filters or Filters(), by, top=top, names=names)

    def list_entities(self, limit: int = 200, offset: int = 0, *, name: Optional[str] = None,
                      sort: desk.EntitySort = "articles") -> list[Named]:
        """Entities of original articles, one per identity across the store, most articles first
        (`sort`: one of desk.ENTITY_SORTS); `name` keeps those with a name or alias containing it."""
        with Session(self.engine) as session:
            return desk.entities(session, name=name, sort=sort, limit=limit, offset=offset)

    def count_entities(self, *, name: Optional[str] = None) -> int:
        """How many entities list_entities lists over all its pages (one statement)."""
        with Session(self.engine) as session:
            return desk.count_entities(session, name=name)

    def list_places(self, country: Optional[str] = None, limit: int = 500, offset: int = 0) -> list[Named]:
        """Places of original articles by name and country (ISO alpha-2, any case), most articles first."""
        with Session(self.engine) as session:
            return desk.places(session, country=country, limit=limit, offset=offset)

    def count_places(self, country: Optional[str] = None) -> int:
        """How many places list_places lists over all its pages (one statement)."""
        with Session(self.engine) as session:
            return desk.count_places(session, country=country)

    def list_sources(self, limit: int = 200, offset: int = 0, *, name: Optional[str] = None,
                     sort: sources.SourceSort = "claims") -> list[SourceSummary]:
        """Sources of original articles, one per identity across the store (store/source_identity.py:
        a named source by its entity or name, an unnamed one by outlet, role and affiliation, an
        outlet's own voice), most claims first (`sort`: one of sources.SOURCE_SORTS); `name` keeps
        those named or described with words containing it."""
        with Session(self.engine) as session:
            return sources.list_sources(session, name=name, sort=sort, limit=limit, offset=offset)

    def count_sources(self, *, name: Optional[str] = None) -> int:
        """How many sources list_sources lists over all its pages (one statement)."""
        with Session(self.engine) as session:
            return sources.count_sources(session, name=name)

    def source(self, identity: str, *, limit: int = 100) -> Optional[SourceDetail]:
        """One source by its identity: its articles (newest first), the claims resting on it with
        their corroboration, and its forecasts' record; None when no original article quotes it."""
        from ..ledger.read import LedgerFilters, ledger

        with Session(self.engine) as session:
            found = sources.source(session, identity)
            if found is None:
                return None
            record = ledger(session, LedgerFilters(source=identity))
            return SourceDetail(
                source=found, articles=sources.source_articles(session, identity, limit=limit),
                claims=desk.claim_cards(session, Filters(), source=identity, limit=limit),
                forecasts=TrackRecord(made=record.made, happened=record.happened, not_seen=record.not_seen,
                                      open=record.open))

    def list_stories(self, limit: int = 100, offset: int = 0, *, title: Optional[str] = None,
                     sort: desk.StorySort = "recent") -> list[Story]:
        """Stories, most recently active first (`sort`: one of desk.STORY_SORTS); `title` keeps
        those whose title contains it."""
        with Session(self.engine) as session:
            return desk.stories(session, title=title, sort=sort, limit=limit, offset=offset)

    def count_stories(self, *, title: Optional[str] = None) -> int:
        """How many stories list_stories lists over all its pages (one statement)."""
        with Session(self.engine) as session:
            return desk.count_stories(session, title=title)

    def story(self, story_id: str) -> Optional[Story]:
        """One story, or None."""
        with Session(self.engine) as session:
            return desk.story(session, story_id)

    def story_articles(self, story_id: str) -> list[ArticleSummary]:
        """The articles of a story, copies included (they carry copy_of), oldest first."""
        with Session(self.engine) as session:
            return desk.story_articles(session, story_id)

    def network(self, filters: Optional[Filters] = None, *, actors: int = net.ACTORS, targets: int = net.TARGETS,
                articles: Optional[int] = net.ARTICLES) -> net.Network:
        """Who acts on whom in the claims passing the filters of the latest `articles` original
        articles within the dates (None: all; store/network.py): the `actors` most active actors,
        `targets` of their most aimed-at targets, and their claims per (actor, action, target) by
        modality; a few grouped statements."""
        with Session(self.engine) as session:
            return net.network(session, filters or Filters(), actors=actors, targets=targets, articles=articles)

    # The forecast ledger (sitrep/ledger): forecasts from predicted, planned and threatened claims,
    # resolved by later occurred claims as articles are stored.

    def forecasts(self, filters: Optional["LedgerFilters"] = None, *, limit: Optional[int] = 100,
                  offset: int = 0, claims: Optional[int] = None) -> list["Forecast"]:
        """FORECAST records passing the filters (ledger/read.py LedgerFilters), latest made first;
        `limit=None` for all; with `claims`, each lists only the first that many claims making and
        meeting it (made_total and resolved_total count them all)."""
        from ..ledger.read import LedgerFilters, forecasts

        with Session(self.engine) as session:
            return forecasts(session, filters or LedgerFilters(), limit=limit, offset=offset, claims=claims)

    def forecast_ledger(self, filters: Optional["LedgerFilters"] = None) -> "Ledger":
        """The ledger's counts per ICD 203 band (with each band's stated range and the observed
        rate), per source and per outlet, of the forecasts passing the filters."""
        from ..ledger.read import LedgerFilters, ledger

        with Session(self.engine) as session:
            return ledger(session, filters or LedgerFilters())

    def rescan_forecasts(self) -> int:
        """Rebuild the ledger from every stored article (`sitrep forecasts --rescan`), in one
        transaction; the number of forecasts."""
        from ..ledger.resolve import rebuild

        with Session(self.engine.execution_options(**{IMMEDIATE: True})) as session, session.begin():
            made = rebuild(session)
            sources.identify_forecast_sources(session)
            return made

    def _save_once(self, batch: list[Analysis]) -> SaveCounts:
        """One attempt at save(): skip stored ids, turn the rest into rows (before taking
        the write lock), then in one transaction link them to their originals and stories
        and insert them, a few multi-row INSERTs for the whole batch."""
        unique: dict[str, Analysis] = {}
        for analysis in batch:
            unique.setdefault(analysis.id, analysis)  # the first of repeated ids wins
        now = dt.datetime.now(dt.timezone.utc)
        with Session(self.engine) as session:
            known = self._stored_ids(session, list(unique))
        prepared = [prepare_document(a, now) for a in unique.values() if a.id not in known]
        with Session(self.engine.execution_options(**{IMMEDIATE: True})) as session, session.begin():
            stored = self._stored_ids(session, [p.id for p in prepared])  # a concurrent writer's meanwhile
            new = [p for p in prepared if p.id not in stored]
            link_batch(session, new)
            write_documents(session, new)
            apply_to_new(session, [p.id for p in new])  # analysts' corrections in force (store/corrections.py)
            add_names_of(session, [p.id for p in new])  # the entity list's name filter (store/identity_names.py)
            record_prepared(session, new)  # the forecast ledger: forecasts made and met (sitrep/ledger)
            sources.identify_forecast_sources(session, [p.id for p in new])  # who made them (store/sources.py)
        return SaveCounts(new=len(new), existing=len(batch) - len(new))

    def _require_store(self) -> None:
        """Raise StoreNotFound unless the database can be reached and has sitrep's schema history."""
        sqlite = self.url.get_backend_name() == "sqlite"
        where = self.url.database if sqlite else self.url.render_as_string(hide_password=True)
        try:
            with self.engine.connect() as connection:
                revision = MigrationContext.configure(connection).get_current_revision()
        except OperationalError as err:
            self.close()
            reason = str(err.orig).strip().splitlines()[0] if err.orig else type(err).__name__
            raise StoreNotFound(f"cannot open the store at {where} ({reason})") from None
        if revision is None:
            self.close()
            raise StoreNotFound(f"no sitrep store in {where} (it holds no sitrep tables)")

    @staticmethod
    def _stored_ids(session: Session, ids: list[str]) -> set[str]:
        """Which of these ids are stored already (queried in chunks to stay under bind limits)."""
        return {row.id for row in _rows_by_id(session, (DocumentRow.id,), ids)}

    @staticmethod
    def _walked_page(session: Session, filters: Filters, limit: Optional[int], offset: int) -> Optional[Sequence[Row]]:
        """The page of a search without words whose filters pick articles, when the newest
        documents hold a full page of hits (search.walk_query); None when they do not."""
        if filters.query or not filters.claim_filtered or not limit or limit < 0:
            return None
        rows = session.execute(walk_query(filters, limit, offset)).all()
        return rows if len(rows) == limit else None

    def _page(self, session: Session, filters: Filters, limit: Optional[int], offset: int) -> Sequence[Row]:
        """The page of hits from every match: ranked by the full-text score, else newest first."""
        stmt = documents_query(filters, self.full_text, limit=limit, offset=offset)
        try:
            return session.execute(stmt).all()
        except DBAPIError as err:  # SQLite's OperationalError, PostgreSQL's ProgrammingError
            if filters.query and fts.is_query_error(err):
                raise fts.query_error(filters.query, err) from None
            raise

    def _setup_fts(self) -> str:
        """Create the full-text index: FTS5 on SQLite, a GIN tsvector index on PostgreSQL;
        the LIKE fallback elsewhere (and on an SQLite built without FTS5)."""
        backend = self.url.get_backend_name()
        with self.engine.begin() as conn:
            if backend == "sqlite":
                return FTS5 if fts.create_fts(conn) else LIKE
            if backend == "postgresql":
                fts.create_pg_fts(conn)
                return TSVECTOR
        return LIKE


# A document's rating columns, read with its analysis (_analysis).
_RATING = (DocumentRow.reliability, DocumentRow.reliability_origin, DocumentRow.reliability_score,
           DocumentRow.outlet_domain)


def _analysis(row: Row) -> Analysis:
    """A stored analysis (row: its JSON, then _RATING). One stored before analyses carried
    `outlet_reliability` (migration 0008) reads back with the rating the upgrade gave its
    outlet; a later one, exactly as analysed."""
    stored = row[0]
    if "outlet_reliability" not in stored:
        rated = stored_rating(*row[1:5])
        stored = {**stored, "outlet_reliability": rated.model_dump() if rated else None}
    return Analysis.model_validate(stored)


def named_claims(analysis: Analysis) -> list[ClaimMatch]:
    """All claims of an Analysis with actor, target, place and source names filled in."""
    return claim_matches(analysis.model_dump(mode="json"))


def _rows_by_id(session: Session, columns: tuple, ids: list[str]) -> Iterator[Row]:
    """These columns of the documents with these ids, queried in chunks of _ID_CHUNK ids to stay
    under the databases' limits on bound values."""
    for i in range(0, len(ids), _ID_CHUNK):
        yield from session.execute(select(*columns).where(DocumentRow.id.in_(ids[i:i + _ID_CHUNK])))
