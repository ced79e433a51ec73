"""`sitrep sources`: the sources across the store, one per identity, as JSON Lines or a table."""

from __future__ import annotations

import json

from sitrep.store import Store
from support.cli import run
from support.source_corpus import all_excerpts


def test_sources_lists_one_line_per_identity(tmp_path, capsys):
    db = str(tmp_path / "sitrep.db")
    with Store(db) as store:
        store.save(all_excerpts())
    status, out, err = run(capsys, "sources", "--db", db)
    assert status == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert {"identity", "kind", "name", "names", "articles", "outlets", "claims", "quotes"} <= set(records[0])
    assert len({r["identity"] for r in records}) == len(records)
    assert [r["claims"] for r in records] == sorted((r["claims"] for r in records), reverse=True)
    trump = next(r for r in records if r["identity"] == "name:donald trump")
    assert (trump["name"], trump["articles"], trump["outlets"]) == ("Donald Trump", 2, 2)

    status, out, _ = run(capsys, "sources", "--db", db, "--format", "text", "--limit", "2")
    lines = out.splitlines()
    assert status == 0 and lines[0].split()[:2] == ["source", "kind"] and len(lines) == 3
    assert [line.split("  ")[-1] for line in lines[1:]] == [r["identity"] for r in records[:2]]
    [trump_line] = [line for line in run(capsys, "sources", "--db", db, "--format", "text")[1].splitlines()
                    if line.endswith("name:donald trump")]
    assert trump_line.split()[:6] == ["Donald", "Trump", "named", "2", "2", "2"]


def test_sources_needs_a_store(tmp_path, capsys):
    status, _, err = run(capsys, "sources", "--db", str(tmp_path / "none.db"))
    assert status == 1 and "no store at" in err
