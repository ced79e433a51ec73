"""The geoparsing evaluation on a 4-article GeoWebNews sample."""

from __future__ import annotations

from pathlib import Path

from sitrep.eval.places import haversine_km, read_geowebnews, run

SAMPLE = Path(__file__).parent.parent / "fixtures" / "geoparsing"


def test_haversine_known_distance():
    # Paris to London is about 344 km.
    assert 330 < haversine_km(48.8566, 2.3522, 51.5074, -0.1278) < 360


def test_reader_keeps_gold_with_coordinates():
    articles = read_geowebnews(SAMPLE / "geowebnews-sample.xml")
    assert len(articles) == 4
    for art in articles:
        for g in art.gold:
            assert 0 <= g.start < g.end <= len(art.text) and g.lat is not None


def test_run_scores_both_systems(nlp, tmp_path):
    (tmp_path / "geowebnews-dev.xml").write_bytes((SAMPLE / "geowebnews-sample.xml").read_bytes())
    rows = run(tmp_path, nlp=nlp)
    assert {r["system"] for r in rows} == {"baseline", "sitrep"}
    for r in rows:
        assert r["gold"] > 10 and 0 <= r["f1"] <= 1 and 0 <= r["acc@161km"] <= 1
    sitrep = next(r for r in rows if r["system"] == "sitrep")
    assert sitrep["recall"] > 0.3 and sitrep["precision"] > 0.5
