"""`sitrep bulk` on a LocalCluster and on a separately started scheduler + worker."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep import analyze
from sitrep.bulk import read_partition, run_bulk
from sitrep.settings import Settings
from sitrep.store import Store

DASK = Path(sys.executable).parent / "dask"
# Real sentences (GeoWebNews dev) for two more small articles.
STORIES = [
    "Man arrested after burglaries\n\nColin Rockett was arrested in the north of the city following "
    "reports of a number of burglaries in the Shankill area on Tuesday.",
    "Skripal niece plans visit\n\nViktoria Skripal, Sergei’s niece, has said she plans to travel to "
    "England and try to bring Yulia back to Russia.",
]


@pytest.fixture
def corpus(tmp_path, seed_text):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-seed.txt").write_text(seed_text, encoding="utf-8")
    for i, story in enumerate(STORIES):
        (folder / f"b-{i}.txt").write_text(story, encoding="utf-8")
    (folder / "c-empty.txt").write_text("")
    return folder


def written(out: Path):
    return sorted(out.glob("part-*"))


def test_local_cluster_of_two_writes_partitions_and_skips_them_on_rerun(corpus, tmp_path, seed_text):
    out, db = tmp_path / "out", str(tmp_path / "bulk.db")
    run = run_bulk([str(corpus)], Settings(), out, workers=2, partition_size=2, db=db)
    files = written(out)
    assert [f.name[:10] for f in files] == ["part-00000", "part-00001"]
    analyses = [a for f in files for a in read_partition(f)]
    assert [Path(a.input).name for a in analyses] == ["a-seed.txt", "b-0.txt", "b-1.txt"]
    assert analyses[0] == analyze(seed_text).model_copy(update={"input": str(corpus / "a-seed.txt"),
                                                                "published": analyses[0].published})
    assert [(Path(source).name, "empty" in problem) for source, problem in run.errors] == [("c-empty.txt", True)]
    with Store(db) as store:
        assert store.count() == 3
    again = run_bulk([str(corpus)], Settings(), out, workers=2, partition_size=2)
    assert (again.skipped, again.done, again.documents) == (2, 0, 0)


def test_parquet_partitions_hold_the_same_analyses_and_skips_are_told(corpus, tmp_path):
    out = tmp_path / "parquet"
    (corpus / ".draft.txt").write_text(STORIES[0], encoding="utf-8")
    notices = []
    run_bulk([str(corpus)], Settings(), out, fmt="parquet", workers=1, partition_size=10, notify=notices.append)
    assert [(Path(n.source).name, n.skipped) for n in notices] == [(".draft.txt", "hidden")]
    [part] = written(out)
    assert part.suffix == ".parquet"
    assert [Path(a.input).name for a in read_partition(part)] == ["a-seed.txt", "b-0.txt", "b-1.txt"]


@pytest.fixture
def scheduler(tmp_path):
    """A `dask scheduler` and one `dask worker` started as separate processes."""
    address_file = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--scheduler-file", str(address_file), *common],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    deadline = time.time() + 60
    while not address_file.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert address_file.exists(), "dask scheduler did not start"
    procs.append(subprocess.Popen([str(DASK), "worker", "--scheduler-file", str(address_file), "--nworkers", "1",
                                   "--nthreads", "1", *common], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    import json

    yield json.loads(address_file.read_text())["address"]
    for proc in reversed(procs):
        proc.terminate()
        proc.wait(timeout=30)


def test_an_existing_scheduler_is_used_by_address(corpus, tmp_path, scheduler):
    out = tmp_path / "remote"
    sitrep = Path(sys.executable).parent / "sitrep"
    result = subprocess.run([str(sitrep), "bulk", str(corpus), "--out", str(out), "--scheduler", scheduler,
                             "--partition-size", "2"], capture_output=True, text=True, timeout=240)
    assert result.returncode == 1, result.stderr  # the empty file is reported, the rest analysed
    assert "3 document(s) analysed in 2 partition(s)" in result.stderr
    assert [Path(a.input).name for f in written(out) for a in read_partition(f)] == ["a-seed.txt", "b-0.txt", "b-1.txt"]


def test_finished_partitions_are_not_kept_in_memory_during_a_run(tmp_path, monkeypatch):
    """Dask's comm logs kept every task message, each with its partition's text: with bulk's
    DASK_CONFIG (here a log of 0 messages) finished partitions are dropped, so the partitions
    alive stay a handful however many the run has written."""
    import gc

    import sitrep.bulk as bulk

    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(12):
        (folder / f"story-{i:02d}.txt").write_text(STORIES[i % 2] + f" Report {i}.", encoding="utf-8")
    monkeypatch.setattr(bulk, "DASK_CONFIG", {"distributed.admin.low-level-log-length": 0})
    alive = []
    real = bulk.BulkRun._finish

    def finish(self, *args):
        real(self, *args)
        gc.collect()
        alive.append(sum(isinstance(o, bulk.Partition) for o in gc.get_objects()))

    monkeypatch.setattr(bulk.BulkRun, "_finish", finish)
    run = run_bulk([str(folder)], Settings(), tmp_path / "out", workers=1, partition_size=1)
    assert run.done == len(alive) == 12
    # In flight (2), handed out, being written, and futures whose release is still on its way;
    # a log keeping every message holds all twelve by the end.
    assert max(alive[6:]) <= 6, alive
