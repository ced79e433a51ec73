"""`sitrep eval entities` on the committed samples: the alias sentences and four GeoWebNews articles."""

from __future__ import annotations

from pathlib import Path

from sitrep.eval import entities
from sitrep.eval.entities import Span

SAMPLE = Path(__file__).parent.parent / "fixtures" / "geoparsing" / "geowebnews-sample.xml"


def test_score_counts_overlaps_one_to_one_and_linking_needs_the_entity():
    gold = [[Span(0, 5, "A"), Span(10, 15, "B")]]
    predicted = [[Span(1, 4, "A"), Span(2, 3, "A"), Span(10, 15, "C")]]
    recognition = entities.score(gold, predicted, linked=False)
    linking = entities.score(gold, predicted, linked=True)
    assert (recognition["precision"], recognition["recall"]) == (2 / 3, 1.0)
    assert (linking["precision"], linking["recall"]) == (1 / 3, 0.5)


def test_alias_set_gold_has_every_occurrence_of_each_alias():
    items = entities.read_alias_set()
    assert len(items) >= 60
    for sentence, gold in items:
        assert gold, sentence
        assert all(sentence[s.start:s.end] and s.entity for s in gold)


def test_sitrep_is_ahead_of_bare_spacy_on_aliases(nlp):
    rows = {(r[1], r[2]): dict(zip(entities.COLUMNS, r)) for r in entities.alias_rows(nlp)}
    assert rows[("sitrep", "linking")]["f1"] > rows[("spaCy", "linking")]["f1"]
    assert rows[("sitrep", "linking")]["recall"] >= 0.95


def test_geowebnews_rows_score_both_systems_on_the_same_gold(nlp):
    rows = [dict(zip(entities.COLUMNS, r)) for r in entities.geowebnews_rows(nlp, SAMPLE)]
    assert [r["system"] for r in rows] == ["sitrep", "spaCy"]
    assert rows[0]["gold"] == rows[1]["gold"] > 0
    assert all(0.0 < r["f1"] <= 1.0 for r in rows)
