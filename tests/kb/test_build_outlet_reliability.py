"""The outlet reliability table is generated: rerunning scripts/build_outlet_reliability.py on the
committed dataset must reproduce it byte for byte."""

from __future__ import annotations

from pathlib import Path
from support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_outlet_reliability.py"
KB = ROOT / "src" / "sitrep" / "kb"


def _script():
    return load_script(SCRIPT)


def test_rebuild_from_the_committed_dataset_is_byte_identical(tmp_path):
    _script().main(["--out", str(tmp_path)])
    assert (tmp_path / "outlet_reliability.tsv").read_bytes() == (KB / "outlet_reliability.tsv").read_bytes()


def test_unrated_rows_are_left_out_and_the_licence_travels_with_the_data():
    rows = _script().rows()
    assert len(rows) == 5306  # 5,332 less 25 Wikipedia "blacklisted" (-2) and one without a domain
    assert ("breitbart.com", "unreliable", "57", "NewsGuard") in rows
    assert "Apache License" in (KB / "sources" / "outlet-reliability" / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in (KB / "outlet_reliability.tsv").read_text(encoding="utf-8")
