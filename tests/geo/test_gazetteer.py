"""The gazetteer: look-ups, aliases, priors and the cache."""

from __future__ import annotations

import time

import pytest

from sitrep.geo.gazetteer import gazetteer, load, normalize


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def test_normalize_folds_case_diacritics_and_dots():
    assert normalize("U.S.") == "us"
    assert normalize("Ar-Raqqah") == normalize("ar raqqah")
    assert normalize("Łódź") == "lodz"
    assert normalize("Sana’a") == normalize("Sanaa")


@pytest.mark.parametrize("name", ["America", "U.S.", "US", "USA", "the United States", "United States"])
def test_us_aliases_resolve_to_the_country(gaz, name):
    best = gaz.lookup(name)[0]
    assert (best.kind, best.country) == ("country", "US")


@pytest.mark.parametrize("name,country", [("UK", "GB"), ("Britain", "GB"), ("Syria", "SY"),
                                          ("Russian Federation", "RU"), ("Türkiye", "TR")])
def test_country_names(gaz, name, country):
    assert gaz.lookup(name)[0].country == country


def test_raqqa_is_ar_raqqah_with_coordinates(gaz):
    best = gaz.lookup("Raqqa")[0]
    assert best.country == "SY" and best.kind == "city"
    assert abs(best.lat - 35.95) < 0.1 and abs(best.lon - 39.01) < 0.1


def test_population_prior_orders_candidates(gaz):
    paris = gaz.lookup("paris")
    assert paris[0].country == "FR"
    assert any(c.country == "US" and c.admin1 == "TX" for c in paris)
    assert [c.prior for c in paris] == sorted((c.prior for c in paris), reverse=True)


def test_regions_have_no_single_country(gaz):
    for name in ("the Middle East", "north Africa", "the West", "Sahel", "Balkans", "Europe"):
        best = gaz.lookup(name)[0]
        assert best.kind in ("region", "continent") and best.country is None, name


def test_is_place_and_unknown_names(gaz):
    assert gaz.is_place("JAFFA")
    assert not gaz.is_place("Xqzvbnm")
    assert gaz.lookup("Xqzvbnm") == []


def test_us_state_has_a_point(gaz):
    texas = next(c for c in gaz.lookup("Texas") if c.kind == "region")
    assert texas.country == "US" and 25 < texas.lat < 37 and -107 < texas.lon < -93


def test_cached_load_is_fast(tmp_path, gaz):
    load(tmp_path)  # builds and writes the cache once
    t0 = time.perf_counter()
    again = load(tmp_path)
    assert time.perf_counter() - t0 < 2.0
    assert len(again) == len(gaz)
