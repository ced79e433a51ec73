"""The entity KB is generated: rerunning scripts/build_kb.py must reproduce it byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_kb.py"
KB = ROOT / "src" / "sitrep" / "kb"


@pytest.fixture(scope="module")
def build_kb():
    return load_script(SCRIPT)


def test_rebuild_from_committed_sources_is_byte_identical(build_kb, tmp_path):
    build_kb.main(["--out", str(tmp_path)])
    assert (tmp_path / "entities.tsv").read_bytes() == (KB / "entities.tsv").read_bytes()


def test_every_source_says_where_its_rows_come_from():
    sources = sorted((KB / "sources").glob("*.tsv"))
    assert len(sources) >= 6
    for path in sources:
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


def test_generated_rows_cover_every_country_and_drop_shared_adjectives(build_kb):
    rows = [line.split("\t") for line in build_kb.build().splitlines() if not line.startswith("#")][1:]
    names = [r[0] for r in rows]
    assert len(names) == len(set(names)), "canonical names are unique"
    governments = [r for r in rows if r[0].endswith(" government") and r[1] == "GOV"]
    assert len(governments) > 200
    aliases = {a for r in rows for a in r[3].split("|")}
    # Dominica and the Dominican Republic share "Dominican": the alias names neither for sure.
    assert "Dominican army" not in aliases
    assert "Syrian army" in aliases
    # A curated name wins over a generated pattern: "Israeli army" is the IDF's.
    idf = next(r for r in rows if r[0] == "Israel Defense Forces")
    assert "Israeli army" in idf[3].split("|")
