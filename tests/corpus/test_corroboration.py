"""Corroboration across outlets on real coverage, with copies never counted.

Six PolNeAR articles: HuffPost and Western Journalism each covering the same
three events. The pairs below were checked by reading both articles: each
really does report the same thing.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from sitrep.dates import parse_date
from sitrep.documents import RawDocument
from sitrep.pipeline import analyze_raw_documents
from sitrep.store import Store

FOLDER = Path(__file__).parent.parent / "fixtures" / "polnear" / "corroboration"
CAPTION = "Supporters listen during a campaign rally on Monday evening."


def documents() -> list[RawDocument]:
    with (FOLDER / "metadata.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [RawDocument(input=row["filename"], text=(FOLDER / f"{row['filename']}.txt").read_text(encoding="utf-8"),
                        title=row["title"], outlet=row["publisher"], published=parse_date(row["publication_date"]))
            for row in rows]


@pytest.fixture(scope="module")
def analyses():
    originals = documents()
    copy = dataclasses.replace(originals[2], input="re-scrape",
                               text=originals[2].text.replace("\n", f"\n{CAPTION}\n", 1))
    return list(analyze_raw_documents([*originals, copy]))


@pytest.fixture
def store(db_url, analyses):
    with Store(db_url) as opened:
        opened.save(analyses)
        yield opened


def claims_like(store, analyses, actor, action, modality, words):
    """(analysis, claim) pairs of stored originals matching actor, action, modality and sentence words."""
    found = []
    for analysis in analyses[:-1]:
        names = {e.id: e.name for e in analysis.entities}
        for claim in analysis.claims:
            if (names.get(claim.actor), claim.action, claim.modality) == (actor, action, modality) \
                    and all(w in claim.text for w in words):
                found.append((analysis, claim))
    return found


def outlets_of(corroboration):
    return sorted({s.outlet for s in corroboration.supports})


def test_the_re_scrape_is_stored_as_a_copy_of_its_original(store, analyses):
    copy, original = analyses[-1], analyses[2]
    assert copy.id != original.id
    assert store.copy_of(copy.id) == original.id
    assert store.copy_of(original.id) is None


def test_weiners_2011_resignation_is_reported_by_both_outlets(store, analyses):
    # a resignation is RETREAT (events-dev GUIDELINES.md, section 3)
    pairs = claims_like(store, analyses, "Anthony Weiner", "RETREAT", "occurred", ["resigned from Congress"])
    assert {a.outlet for a, _ in pairs} == {"huff-post", "west-journal"}
    for analysis, claim in pairs:
        support = store.corroboration(analysis.id, claim.id)
        assert outlets_of(support) == ["huff-post", "west-journal"]
        assert support.outlets == 2 and not support.single_source


def test_trumps_refusal_to_endorse_ryan_is_corroborated_and_the_copy_not_counted(store, analyses):
    # West Journal: "Trump refused to endorse Ryan"; HuffPost: "Trump's refusal to endorse Ryan"
    pairs = claims_like(store, analyses, "Donald Trump", "REJECT", "occurred", ["to endorse Ryan"])
    assert {a.outlet for a, _ in pairs} == {"huff-post", "west-journal"}
    copy_id = analyses[-1].id
    for analysis, claim in pairs:
        support = store.corroboration(analysis.id, claim.id)
        assert support.outlets == 2
        assert copy_id not in {s.document_id for s in support.supports}
        assert support.first_report.outlet == "west-journal"  # 2016-08-03, before HuffPost's 08-05


def test_clintons_isis_video_claim_counts_her_once_as_a_named_source(store, analyses):
    # "... showing videos of Donald Trump insulting Islam ... in order to recruit more radical jihadists"
    pairs = claims_like(store, analyses, "Islamic State", "MOBILIZE", "predicted", ["showing videos of Donald Trump"])
    assert {a.outlet for a, _ in pairs} == {"huff-post", "west-journal"}
    analysis, claim = pairs[0]
    support = store.corroboration(analysis.id, claim.id)
    keys = [s.source_key for s in support.supports]
    assert keys.count("named:hillary clinton") >= 1
    assert support.sources == len(set(keys))


def test_a_claim_only_one_article_makes_is_single_source(store, analyses):
    pairs = claims_like(store, analyses, "Anthony Weiner", "ACCUSE", "occurred", ["blamed the incident on hackers"])
    assert pairs and {a.outlet for a, _ in pairs} == {"west-journal"}  # one claim per target of the one event
    for analysis, claim in pairs:
        support = store.corroboration(analysis.id, claim.id)
        assert support.outlets == 1 and support.sources == 1 and support.single_source
    analysis, claim = pairs[0]
    assert store.corroboration(analysis.id, "c999") is None


def test_many_claims_at_once_are_answered_as_one_at_a_time(store, analyses):
    pairs = [(a.id, c.id) for a in analyses for c in a.claims] + [(analyses[0].id, "c999"), ("no-such-doc", "c1")]
    together = store.corroborations(pairs)
    assert set(together) == {(a.id, c.id) for a in analyses for c in a.claims}
    assert together == {pair: store.corroboration(*pair) for pair in together}
