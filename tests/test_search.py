"""`sitrep search --format text` (sitrep/search.py): a claim reads as `sitrep analyze --format
text` writes it, negation included (issue 19, item 6: "They can't blame this on President
Bush" came out as an accusation), and a hit says what made it one (item 15)."""

from __future__ import annotations

import pytest

from sitrep.cli import main
from sitrep.report import format_claim
from sitrep.store import Store
from support.search_corpus import commandos, corpus, dont_blame_bush, radio_ads


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "sitrep.db")
    with Store(path) as store:
        store.save(corpus())
    return path


def search_text(capsys, *argv: str) -> str:
    status = main(["search", *argv, "--format", "text"])
    out = capsys.readouterr().out
    assert status == 0
    return out


def test_a_negated_claim_reads_not(capsys, db):
    out = search_text(capsys, "blame", "--db", db)
    assert '   * "They" -> NOT ACCUSE -> George W. Bush  [occurred; unstated; per outlet]' in out
    assert "-> ACCUSE ->" not in out


@pytest.mark.parametrize("analysis", [dont_blame_bush(), commandos()], ids=lambda a: a.input)
def test_each_claim_line_is_the_one_analyze_writes(capsys, db, analysis):
    words = analysis.body.split()[0]  # every claim of a hit found by its words is listed
    lines = search_text(capsys, f'"{words}"', "--db", db).splitlines()
    for claim in analysis.claims:
        expected = f"   * {format_claim(analysis, claim)}"
        assert any(line.startswith(expected) for line in lines), (expected, lines)


def hit_lines(out: str, document_id: str) -> list[str]:
    """The lines of the hit on this document: from its "== title" line to the next hit's."""
    blocks = [("==" + block).splitlines() for block in ("\n" + out).split("\n==")[1:]]
    (block,) = [lines for lines in blocks if document_id in lines[1]]
    return block


def test_a_hit_with_no_claim_of_the_actor_names_where_it_is_mentioned(capsys, db):
    out = search_text(capsys, "--actor", "ISIS", "--db", db)
    bush = hit_lines(out, dont_blame_bush().id)
    assert bush[-1] == '   named in no matching claim: Islamic State ("ISIL")'
    assert "small ISIL to quickly" in " ".join(bush) and not any(line.startswith("   * ") for line in bush)
    claims = [line for line in hit_lines(out, commandos().id) if line.startswith("   * ")]
    assert [c[:c.index("  [")] for c in claims] == ['   * "They" -> ASSAULT -> Islamic State in Syria']


def claim_lines(out: str, document_id: str) -> list[str]:
    """The hit's claims as "actor -> ACTION -> targets", without their facets."""
    return [line[:line.index("  [")] for line in hit_lines(out, document_id) if line.startswith("   * ")]


def test_target_finds_the_claims_aimed_at_a_party_by_any_of_its_names_or_its_country(capsys, db):
    out = search_text(capsys, "--target", "ISIS", "--db", db)  # a KB alias of the Islamic State
    assert claim_lines(out, radio_ads().id) == ["   * Donald Trump -> ASSAULT -> Islamic State"]
    assert claim_lines(out, commandos().id) == ['   * "They" -> ASSAULT -> Islamic State in Syria']
    assert dont_blame_bush().id not in out  # it names ISIL, but in no claim aimed at it
    by_code = search_text(capsys, "--target", "cm", "--db", db)
    assert claim_lines(by_code, commandos().id) == ["   * Barack Obama -> MOBILIZE -> Cameroon"]
    both = search_text(capsys, "--target", "Islamic State", "--actor", "Trump", "--db", db)
    assert radio_ads().id in both and commandos().id not in both
