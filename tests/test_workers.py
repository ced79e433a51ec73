"""`analyze|ingest --workers N`: the same output as one process, in input order, with bad
inputs reported in their place; a worker that dies is one clear error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support.cli import run

from sitrep.cli import main
from sitrep.documents import RawDocument
from sitrep.store import Store
from sitrep.workers import WorkerDied, analyze_in_workers

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Real articles of several fixture folders, with an empty and a binary file among them."""
    folder = tmp_path_factory.mktemp("inputs")
    texts = sorted((FIXTURES / "sources-entities").glob("*.txt")) + sorted((FIXTURES / "places").glob("*.txt"))
    for n, path in enumerate(texts):
        shutil.copy(path, folder / f"{n:02d}-{path.name}")
    (folder / "05-empty.txt").write_bytes(b"")
    (folder / "11-binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    return folder


def test_two_workers_print_what_one_process_prints(capsys, inputs):
    one = run(capsys, "analyze", str(inputs), "--no-progress")
    two = run(capsys, "analyze", str(inputs), "--no-progress", "--workers", "2")
    assert one[0] == two[0] == 1  # two bad inputs
    assert len(one[1].splitlines()) == len(list(inputs.iterdir())) - 2
    assert two[1] == one[1]
    assert two[2] == one[2]
    assert "05-empty.txt" in two[2] and "11-binary.txt" in two[2]


def test_ingest_with_workers_stores_every_document(capsys, inputs, tmp_path):
    db = tmp_path / "w.db"
    status, _, err = run(capsys, "ingest", str(inputs), "--db", str(db), "--no-progress", "--workers", "2")
    assert status == 1, err
    with Store(str(db), create=False) as store:
        assert len(store.stored_ids(doc_ids(capsys, inputs))) == len(list(inputs.iterdir())) - 2


def doc_ids(capsys, inputs) -> list[str]:
    import json

    _, out, _ = run(capsys, "analyze", str(inputs), "--no-progress")
    return [json.loads(line)["id"] for line in out.splitlines()]


class KillsItsReader:
    """An item whose unpickling ends the process that reads it: a worker dying mid-run."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_dying_worker_is_one_clear_error():
    items = [RawDocument(input="ok", text="Police arrested two men in Paris."), KillsItsReader()]
    with pytest.raises(WorkerDied, match="fewer --workers"):
        list(analyze_in_workers(items, 2, chunk_size=1))


def test_workers_must_be_at_least_one(capsys, inputs):
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(inputs), "--workers", "0"])
    assert exit_.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_one_process_does_its_matrix_products_on_one_thread(capsys, inputs, monkeypatch):
    """As each worker does: the CLI's one process keeps to one core (a second BLAS thread
    mostly spins; `--workers` is for more cores)."""
    from threadpoolctl import threadpool_info

    import sitrep.pipeline

    seen = []
    analyse = sitrep.pipeline.analyze_raw_documents

    def watched(*args, **kwargs):
        for result in analyse(*args, **kwargs):
            seen.append(max(pool["num_threads"] for pool in threadpool_info()))
            yield result

    monkeypatch.setattr(sitrep.pipeline, "analyze_raw_documents", watched)
    run(capsys, "analyze", str(inputs), "--no-progress")
    assert seen and set(seen) == {1}
    assert max(pool["num_threads"] for pool in threadpool_info()) > 1 or os.cpu_count() == 1  # restored after
