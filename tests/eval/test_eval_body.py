"""`sitrep eval body` on three committed benchmark pages (tests/fixtures/article-extraction)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.eval import EvalDataMissing, format_table, run_suites
from sitrep.eval import body
from sitrep.eval.shingles import page_counts, score

DATA = Path(__file__).parents[1] / "fixtures" / "article-extraction"


@pytest.fixture(scope="module")
def pages():
    return body.load_pages(DATA / body.FOLDER)


@pytest.fixture(scope="module")
def sitrep_bodies(pages):
    return {page.key: body.sitrep_body(page) for page in pages}


def test_fixture_pages_load_with_truth(pages):
    assert len(pages) == 3
    assert all(page.html.lstrip().lower().startswith(("<!doctype", "<html")) for page in pages)
    assert all(len(page.truth) > 1000 for page in pages)


def test_truth_scores_perfectly_against_itself(pages):
    s = score(page_counts(page.truth, page.truth) for page in pages)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_sitrep_body_recovers_the_articles(pages, sitrep_bodies):
    s = score(page_counts(page.truth, sitrep_bodies[page.key]) for page in pages)
    assert s.precision > 0.95 and s.recall > 0.95


def test_sitrep_is_at_least_as_good_as_trafilatura_alone(pages, sitrep_bodies):
    ours = score(page_counts(page.truth, sitrep_bodies[page.key]) for page in pages)
    theirs = score(page_counts(page.truth, body.trafilatura_body(page)) for page in pages)
    assert ours.f1 >= theirs.f1


def test_cleaning_cuts_agency_line_and_repeated_headline_but_keeps_last_paragraph(pages, sitrep_bodies):
    by_site = {page.url.split("/")[2]: sitrep_bodies[page.key] for page in pages}
    aljazeera = [text for site, text in by_site.items() if "aljazeera" in site]
    assert all("SOURCE:" not in text for text in aljazeera)
    assert any(text.rstrip().endswith("according to the United Nations.") for text in aljazeera)
    ctpost = by_site["www.ctpost.com"]
    assert not ctpost.startswith("New SUVs and electric vehicles highlight L.A. Auto Show")


def test_run_suites_prints_measured_and_published_rows():
    (table,) = run_suites(["body"], DATA)
    rows = {row["system"]: row for row in table.as_dicts()}
    assert rows["sitrep (clean.clean)"]["pages"] == 3
    assert rows["trafilatura.extract (benchmark's call)"]["pages"] == 3
    assert rows["trafilatura.extract (defaults)"]["pages"] == 3
    published = [name for name in rows if name.startswith("published:")]
    assert "published: trafilatura 2.0.0" in published
    assert all(rows[name]["pages"] == 181 for name in published)
    text = format_table(table)
    assert "sitrep (clean.clean)" in text and "0.958" in text


def test_missing_data_dir_names_the_path_and_the_option(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(EvalDataMissing) as error:
        run_suites(["body"], missing)
    assert str(missing) in str(error.value) and "--data" in str(error.value)
    with pytest.raises(EvalDataMissing):
        run_suites(["body"], tmp_path)  # exists, but holds no article-extraction-dev/
