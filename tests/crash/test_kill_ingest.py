"""`sitrep ingest` killed mid-run, three times, then run to the end: nothing lost, nothing twice.

Each run is SIGKILLed (no chance to clean up) a little after the store has
grown: right after a batch commits, and part-way through analysing the next
one. The next run of the same command must carry on from what was committed.
On SQLite and PostgreSQL (the `db_url` fixture).
"""

from __future__ import annotations

import re

from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import DBAPIError

from sitrep.pipeline import document_id
from sitrep.store import Store, database_url
from sitrep.store.schema import DocumentRow
from support.consistency import problems

# Seconds to wait, once the store has grown, before each kill.
KILL_DELAYS = (0.0, 0.4, 0.8)


def stored_count(engine) -> int:
    """Documents committed so far (0 while the first run is still creating the schema)."""
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(DocumentRow)).scalar()
    except DBAPIError:
        return 0


def test_ingest_killed_three_times_loses_nothing(corpus, db_url, start):
    folder = str(corpus[0].parent)
    watcher = create_engine(database_url(db_url))
    kill_points = []
    for delay in KILL_DELAYS:
        before = stored_count(watcher)
        run = start("ingest", folder, "--db", db_url)
        run.kill_when(lambda: stored_count(watcher) > before, delay=delay)
        kill_points.append(stored_count(watcher))
    watcher.dispose()
    print(f"killed with {kill_points} of {len(corpus)} documents stored")
    assert 0 < kill_points[0] and kill_points[-1] < len(corpus), kill_points
    assert kill_points == sorted(kill_points), "a later run lost what an earlier one stored"

    last = start("ingest", folder, "--db", db_url)
    assert last.finish() == 0, last.stderr
    new, existing = map(int, re.search(r"stored (\d+) new document\(s\), (\d+) already", last.stderr).groups())
    assert (new + existing, existing) == (len(corpus), kill_points[-1])

    with Store(db_url) as store:
        analyses = list(store.iter_analyses())
    assert len(analyses) == len(corpus)
    assert sorted(a.input for a in analyses) == sorted(str(p) for p in corpus)
    assert all(a.id == document_id(a.body) for a in analyses)
    assert problems(db_url) == []
