"""`sitrep forecasts`: JSON Lines of FORECAST records, the text ledger, the filters and --rescan."""

from __future__ import annotations

import json

from sitrep.store import Store
from support.cli import run
from support.ledger_corpus import new_york_threat, rubio_orlando

FORECAST_KEYS = {"id", "claim", "source", "outlet", "action", "actor", "target", "modality", "band", "horizon",
                 "status", "resolved_by"}


def test_forecasts_prints_contract_records_and_the_ledger(tmp_path, capsys, seed):
    db = str(tmp_path / "sitrep.db")
    with Store(db) as store:
        store.save([new_york_threat(), seed])
        store.save([rubio_orlando()])
    status, out, err = run(capsys, "forecasts", "--db", db, "--now", "2017-06-01")
    assert status == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(FORECAST_KEYS <= set(r) for r in records)
    assert all(set(r["horizon"]) == {"from", "until"} and set(r["claim"]) == {"article", "claim"} for r in records)
    assert {r["status"] for r in records} == {"happened", "not-seen"}
    happened = [r for r in records if r["status"] == "happened"]
    assert all(r["resolved_by"] == [{"article": rubio_orlando().id, "claim": "c1"}] for r in happened)

    status, out, _ = run(capsys, "forecasts", "--db", db, "--now", "2017-06-01", "--status", "happened",
                         "--outlet", "Politico")
    assert status == 0 and [json.loads(line)["modality"] for line in out.splitlines()] == ["threatened"]

    status, out, _ = run(capsys, "forecasts", "--db", db, "--now", "2016-06-01", "--format", "text",
                         "--source", "an Arab intelligence official")
    assert status == 0
    assert out.startswith("== forecast ledger as of 2016-06-01")
    assert "   likely               0.55–0.80" in out and "[happened] Islamic State -> ASSAULT -> United States" in out
    assert "Politico" not in out  # only that source's forecasts

    status, out, err = run(capsys, "forecasts", "--db", db, "--rescan", "--now", "2017-06-01")
    assert status == 0 and "the ledger rebuilt from 3 stored article(s)" in err
    assert [json.loads(line) for line in out.splitlines()] == records


def test_forecasts_needs_a_store_and_a_real_status(tmp_path, capsys):
    status, _, err = run(capsys, "forecasts", "--db", str(tmp_path / "none.db"))
    assert status == 1 and "no store at" in err
    assert not (tmp_path / "none.db").exists()
    try:
        run(capsys, "forecasts", "--status", "false")
    except SystemExit as exit_:
        assert exit_.code == 2
    else:
        raise AssertionError("a bad --status is a usage error")
