"""Exports: JSON Lines round-trips, the claims CSV is one safe row per claim, GeoJSON counts."""

from __future__ import annotations

import csv
import io
import json

from sitrep.corpus.exports import CLAIM_COLUMNS, write_claims_csv, write_geojson, write_jsonl
from sitrep.model import Analysis


def test_jsonl_round_trips_the_contract(seed_analysis):
    out = io.StringIO()
    assert write_jsonl([seed_analysis], out) == 1
    assert Analysis.model_validate_json(out.getvalue()) == seed_analysis


def test_claims_csv_has_one_row_per_claim_with_source_and_certainty(seed_analysis):
    out = io.StringIO()
    assert write_claims_csv([seed_analysis], out) == len(seed_analysis.claims)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == CLAIM_COLUMNS
    predicted = [r for r in rows if r["modality"] == "predicted" and r["target_countries"] == "RU"]
    assert predicted and predicted[0]["band"] == "likely" and predicted[0]["certainty_cue"] == "probably"
    assert predicted[0]["actor"] == "Islamic State"
    assert predicted[0]["source"] == seed_analysis.sources[0].description
    # the seed's outlet (Breitbart News, from the desk its text names) with its rating and where it comes from
    rating = seed_analysis.outlet_reliability
    assert rating is not None
    assert {(r["outlet_rating"], r["outlet_rating_origin"]) for r in rows} == {(rating.label, rating.origin)}
    unrated = seed_analysis.model_copy(update={"outlet_reliability": None})
    out = io.StringIO()
    write_claims_csv([unrated], out)
    assert {r["outlet_rating"] for r in csv.DictReader(io.StringIO(out.getvalue()))} == {"unrated"}


def test_csv_cells_never_run_as_spreadsheet_formulas(seed_analysis):
    hostile = seed_analysis.model_copy(update={"title": '=HYPERLINK("http://evil.example","click")'})
    out = io.StringIO()
    write_claims_csv([hostile], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["title"].startswith("'=")


def test_geojson_points_count_articles_and_claims(seed_analysis):
    out = io.StringIO()
    write_geojson([seed_analysis, seed_analysis], out)
    collection = json.loads(out.getvalue())
    features = {f["properties"]["name"]: f for f in collection["features"]}
    russia = features["Russia"]
    assert russia["properties"]["country"] == "RU" and russia["properties"]["articles"] == 2
    assert russia["properties"]["claims"] >= 2 * 3  # predicted, planned (x2) in each copy
    assert russia["geometry"]["type"] == "Point"
    assert "the West" not in features  # a region without coordinates is not a point
