"""`sitrep bulk` killed mid-run (the client and its Dask workers at once), then run again.

A partition file is written to a temporary name and renamed when complete,
so whatever a kill leaves, a reader globbing part-* sees only whole
partitions; the re-run must skip those (same file, untouched) and write the
rest, so every input appears in exactly one partition.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitrep.bulk import read_partition

PARTITION_SIZE = 20


def finished(out: Path) -> dict[str, tuple[int, int]]:
    """Partition files a reader would take as complete, with their inode and modification time."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("part-*")}


def test_bulk_killed_mid_run_resumes_without_loss_or_rework(corpus, tmp_path, start):
    out = tmp_path / "out"
    partitions = -(-len(corpus) // PARTITION_SIZE)
    command = ("bulk", str(corpus[0].parent), "--out", str(out), "--workers", "2",
               "--partition-size", str(PARTITION_SIZE))
    start(*command).kill_when(lambda: out.exists() and len(finished(out)) >= 3)
    before = finished(out)
    print(f"killed with {len(before)} of {partitions} partitions written")
    assert 3 <= len(before) < partitions
    for name in before:  # each one whole: every line a complete analysis
        assert len(read_partition(out / name)) == PARTITION_SIZE, name
    unfinished = [p.name for p in out.iterdir() if p.name not in before]
    assert all(name.startswith(".part-") and name.endswith(".tmp") for name in unfinished), unfinished

    rerun = start(*command)
    assert rerun.finish() == 0, rerun.stderr
    skipped = int(re.search(r"(\d+) partition\(s\) already done", rerun.stderr).group(1))
    after = finished(out)
    assert skipped == len(before) and all(after[name] == stat for name, stat in before.items())
    assert len(after) == partitions
    inputs = [a.input for name in sorted(after) for a in read_partition(out / name)]
    assert sorted(inputs) == sorted(str(p) for p in corpus)
    assert sorted(p.name for p in out.iterdir()) == sorted(after), "a temporary file was left behind"
