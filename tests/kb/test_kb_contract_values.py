"""Every KB column the contract constrains holds allowed values, checked as it loads."""

from __future__ import annotations

import pytest

from sitrep import kb
from sitrep.kb import CONTRACT_COLUMNS, KBError, check_table, read_table
from sitrep.model import BANDS, MODALITIES, PLOVER_TYPES


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_the_shipped_tables_hold_only_allowed_values(table):
    rows = read_table(table)
    assert rows, table
    for column in CONTRACT_COLUMNS[table]:
        assert column in rows[0], f"{table} has no column {column}"


def test_every_event_type_of_the_contract_is_in_the_lexicon_and_the_guidelines_table():
    assert {r["type"] for r in read_table("event_verbs.tsv")} - {"-"} == set(PLOVER_TYPES)
    assert {t for r in read_table("event_guidelines.tsv") for t in r["types"].split()} == set(PLOVER_TYPES)
    assert {r["modality"] for r in read_table("modality.tsv")} <= set(MODALITIES)
    assert {r["band"] for r in read_table("icd203.tsv")} == set(BANDS)


@pytest.mark.parametrize("table, column, value", [
    ("event_verbs.tsv", "type", "ATTACK"),          # a CAMEO-era name, not PLOVER's
    ("event_guidelines.tsv", "types", "AGREE PROTES"),  # one of several values misspelt
    ("modality.tsv", "modality", "likely"),          # a band where a modality belongs
    ("certainty.tsv", "band", "probable"),
])
def test_a_typo_is_one_error_naming_the_table_row_and_value(table, column, value):
    row = dict(read_table(table)[0])
    row[column] = value
    with pytest.raises(KBError) as raised:
        check_table(table, [row])
    message = str(raised.value)
    assert f"kb/{table}" in message and "row 1" in message and repr(value.split()[-1]) in message


def test_a_broken_table_stops_loading_at_once(monkeypatch):
    """read_table is what every component calls at start-up: it must refuse, not return rows."""
    text = kb.kb_path("event_roles.tsv").read_text(encoding="utf-8").replace("\ttarget\n", "\ttargte\n", 1)

    class Broken:
        def read_text(self, encoding):
            return text

    monkeypatch.setattr(kb, "kb_path", lambda name: Broken())
    kb.read_table.cache_clear()
    try:
        with pytest.raises(KBError, match="event_roles.tsv.*'targte'"):
            kb.read_table("event_roles.tsv")
    finally:
        monkeypatch.undo()
        kb.read_table.cache_clear()
