"""The places component on real text: the seed article, GeoWebNews excerpts, a City, State story."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.extract.annotations import annotations
from sitrep.extract.places import find_places


def _place(analysis, text):
    return next((p for p in analysis.places if any(m.text == text for m in p.mentions)), None)


@pytest.mark.parametrize("text,country", [("Israel", "IL"), ("JAFFA", "IL"), ("Syria", "SY"),
                                          ("Iraq", "IQ"), ("Lebanon", "LB"), ("Turkey", "TR"),
                                          ("Russia", "RU"), ("Brussels", "BE"), ("Libya", "LY")])
def test_seed_places_have_their_countries(seed_analysis, text, country):
    place = _place(seed_analysis, text)
    assert place is not None, text
    assert place.country == country


def test_seed_united_states_is_one_place(seed_analysis):
    us = [p for p in seed_analysis.places if p.country == "US"]
    assert len(us) == 1 and us[0].kind == "country"
    assert {m.text for m in us[0].mentions} >= {"United States", "America"}


def test_seed_raqqa_coordinates(seed_analysis):
    raqqa = _place(seed_analysis, "Raqqa")
    assert raqqa.country == "SY" and abs(raqqa.lat - 35.95) < 0.1 and abs(raqqa.lon - 39.01) < 0.1


def test_seed_regions_have_no_country(seed_analysis):
    for text in ("Europe", "north Africa", "West"):
        place = _place(seed_analysis, text)
        assert place is not None and place.country is None and place.kind in ("region", "continent")


def test_seed_dateline_place_is_jaffa(seed_analysis):
    place = next(p for p in seed_analysis.places if p.id == seed_analysis.dateline.place)
    assert (place.name, place.country) == ("Jaffa", "IL")


def test_mentions_index_body_and_ids_follow_first_mention(seed_analysis):
    firsts = []
    for place in seed_analysis.places:
        for m in place.mentions:
            assert seed_analysis.text_of(m)[m.start:m.end] == m.text
        firsts.append(min(m.start for m in place.mentions if m.field is None))  # the body's order
    assert firsts == sorted(firsts)
    assert [p.id for p in seed_analysis.places] == [f"p{i}" for i in range(1, len(firsts) + 1)]
    assert all(p.lat is not None or p.kind == "region" for p in seed_analysis.places)


def test_no_places_from_removed_caption(seed_analysis):
    assert not any(p.country == "IN" for p in seed_analysis.places)


def test_city_state_context_beats_population(nlp):
    # Excerpt in the style of a US wire story; Paris, Texas must beat Paris, France.
    doc = nlp("PARIS, Texas (AP) — Residents of Paris cleaned up on Sunday after a tornado "
              "tore through Lamar County. The mayor of Paris said the town would rebuild.")
    paris = [p for p in annotations(doc).places if p.name == "Paris"]
    assert len(paris) == 1 and paris[0].country == "US" and len(paris[0].mentions) == 3


def test_population_prior_without_context(nlp):
    doc = nlp("Ministers met in Paris on Monday to discuss the budget.")
    paris = next(p for p in annotations(doc).places if p.name == "Paris")
    assert paris.country == "FR"


def test_acronyms_and_person_names_are_not_places(nlp):
    doc = nlp("IS fighters attacked the town, the UN said. Jordan Spieth won the Masters.")
    names = {m.text for p in annotations(doc).places for m in p.mentions}
    assert "IS" not in names and "Jordan" not in names


def test_token_place_covers_mentions(nlp):
    doc = nlp("Troops moved from Aleppo to Damascus.")
    find_places(doc)
    ann = annotations(doc)
    for place in ann.places:
        for m in place.mentions:
            span = doc.char_span(m.start, m.end)
            assert all(ann.token_place[t.i] == place.id for t in span)


# ----------------------------------------------------------------- GeoWebNews excerpts (real text)

GEO = Path(__file__).parent.parent / "fixtures" / "geoparsing"


@pytest.fixture(scope="module")
def gwn_docs(nlp):
    """The four GeoWebNews sample articles, parsed, keyed by a word of their title."""
    from sitrep.eval.places import _doc, read_geowebnews

    texts = [a.text for a in read_geowebnews(GEO / "geowebnews-sample.xml")]
    docs = [nlp(_doc(nlp, t)) for t in texts]
    return dict(zip(("muscat", "winnipeg", "mexico", "walker"), docs))


def _mentions(doc, text):
    return [(p, m) for p in annotations(doc).places for m in p.mentions if m.text == text]


def test_demonym_modifier_is_a_mention_of_its_country(gwn_docs):
    # "the Omani film industry": the adjective locates the story in Oman.
    (place, _), = _mentions(gwn_docs["muscat"], "Omani")
    assert (place.kind, place.country) == ("country", "OM")
    assert "Oman" in {m.text for m in place.mentions}


def test_people_demonym_is_not_a_place(nlp):
    text = (GEO / "geowebnews-280-excerpt.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    names = {m.text for p in annotations(doc).places for m in p.mentions}
    assert "Venezuelans" not in names
    brazil = next(p for p in annotations(doc).places if p.country == "BR")
    assert {m.text for m in brazil.mentions} == {"Brazilian", "Brazil"}


def test_state_abbreviation_fixes_the_county(gwn_docs):
    # "The Walker County (Ga.) Sheriff's Office": Georgia's Walker County, not Alabama's.
    doc = gwn_docs["walker"]
    (ga, _), = _mentions(doc, "Ga.")
    assert (ga.name, ga.country, ga.kind) == ("Georgia", "US", "region") and ga.lat is not None
    walker = {p.name: p for p, _ in _mentions(doc, "Walker County")}
    assert list(walker) == ["Walker County"]
    lafayette = _mentions(doc, "LaFayette")[0][0]
    assert lafayette.country == "US" and 34 < lafayette.lat < 35.5  # LaFayette, Georgia


def test_unlisted_streets_take_the_story_town(gwn_docs):
    doc = gwn_docs["winnipeg"]
    winnipeg = next(p for p in annotations(doc).places if p.name == "Winnipeg")
    streets = [p for p in annotations(doc).places if p.kind == "site"]
    assert streets and all((s.lat, s.lon, s.country) == (winnipeg.lat, winnipeg.lon, "CA") for s in streets)
    assert all(s.geonameid is None for s in streets)


def _excerpt(nlp, name):
    return nlp((GEO / name).read_text(encoding="utf-8"))


def test_site_words_make_streets_and_churches_places(nlp):
    # The tagger calls "Royal Street" an organisation; its head word says it is a street.
    doc = _excerpt(nlp, "geowebnews-0-excerpt.txt")
    sites = {p.name: p for p in annotations(doc).places if p.kind == "site"}
    assert {"Royal Street", "Holy Redeemer Church"} <= set(sites)
    assert len(sites["Royal Street"].mentions) == 4
    assert all(p.geonameid is None for p in sites.values())


def test_designator_and_city_state_country_chain(nlp):
    # "... in Matias Romero, Oaxaca State, Mexico": the state without its designator word,
    # the town inside it, and "Salvadoran migrant" as a mention of El Salvador.
    doc = _excerpt(nlp, "geowebnews-180-excerpt.txt")
    places = {m.text: p for p in annotations(doc).places for m in p.mentions}
    assert (places["Oaxaca State"].name, places["Oaxaca State"].kind, places["Oaxaca State"].country) \
        == ("Oaxaca", "region", "MX")
    assert places["Matias Romero"].country == "MX" and places["Matias Romero"].kind == "city"
    assert places["Salvadoran"].country == "SV"


def test_counties_are_divisions_with_points_inside_their_country(nlp):
    # A race calendar: "Brands Hatch Indy, Kent. ... Thruxton, Hampshire." GeoNames lists
    # towns named Kent and Hampshire in the US; the English counties are meant.
    doc = _excerpt(nlp, "geowebnews-296-excerpt.txt")
    places = {m.text: p for p in annotations(doc).places for m in p.mentions}
    for county in ("Kent", "Hampshire", "Leicestershire", "Fife"):
        place = places[county]
        assert (place.kind, place.country) == ("region", "GB"), county
        assert place.lat is not None and 49.9 < place.lat < 58.7 and -8.2 < place.lon < 1.8, county


def test_a_country_named_with_and_is_one_place(nlp):
    # The tagger reads "Trinidad" as a place and "Tobago" as a person; the country is one name.
    doc = _excerpt(nlp, "geowebnews-232-excerpt.txt")
    places = {m.text: p for p in annotations(doc).places for m in p.mentions}
    assert (places["Trinidad and Tobago"].kind, places["Trinidad and Tobago"].country) == ("country", "TT")
    assert not [e for e in annotations(doc).entities if e.name == "Tobago"]


# ----------------------------------------------------------------- issue 19: words and names that are no places

PLACES = Path(__file__).parent.parent / "fixtures" / "places"


def _fixture_places(nlp, name):
    """The places of a real excerpt (tests/fixtures/places), keyed by mention text."""
    doc = nlp((PLACES / name).read_text(encoding="utf-8"))
    return {m.text: p for p in annotations(doc).places for m in p.mentions}


def test_weekday_is_not_thursday_island(nlp):
    # "On Thursday, Alaska Gov. Sarah Palin said ...": GeoNames lists "Thursday" among the
    # alternate names of Thursday Island (Queensland).
    places = _fixture_places(nlp, "lgl-thursday.txt")
    assert "Thursday" not in places
    assert places["Alaska"].country == "US"


def test_month_is_not_the_english_town(nlp):
    # "the March for Babies ... the March of Dimes": a month, not March in Cambridgeshire.
    places = _fixture_places(nlp, "lgl-march-of-dimes.txt")
    assert "March" not in places
    assert places["DeKalb"].country == "US"


def test_party_tag_names_no_place(nlp):
    # "Sen. Amy Klobuchar (D-Minn.)" had become Minden, Germany.
    assert _fixture_places(nlp, "polnear-klobuchar.txt") == {}


def test_surname_of_a_person_is_not_a_town(nlp):
    # "Patrick F. Kennedy, the undersecretary ..." then "Kennedy wrote Linick", "Kennedy said":
    # the person, not Kennedy (a locality of Bogotá).
    assert "Kennedy" not in _fixture_places(nlp, "polnear-kennedy.txt")


def test_town_with_no_namesake_in_its_province_lies_in_it(nlp):
    # "Pangram area of Sarkh, Logar": GeoNames knows Sarkh only as an old name of Sarh (Chad).
    places = _fixture_places(nlp, "aljazeera-sarkh.txt")
    sarkh, logar = places["Sarkh"], places["Logar"]
    assert (sarkh.kind, sarkh.country, sarkh.geonameid) == ("other", "AF", None)
    assert (sarkh.lat, sarkh.lon) == (logar.lat, logar.lon)


def test_district_of_a_state_is_in_that_state(nlp):
    # "U.S. attorney for the Eastern District of New York": not Hong Kong's Eastern District.
    places = _fixture_places(nlp, "polnear-eastern-district.txt")
    district, new_york = places["Eastern District"], places["New York"]
    assert (district.country, district.lat, district.lon) == ("US", new_york.lat, new_york.lon)


def test_unlisted_place_borrows_no_unrelated_point(nlp):
    # An Ohio story (Cleveland, Cincinnati, Columbus) quoting "to climb Mt. Everest": no
    # gazetteer lists the mountain, and the story's town is not where it is.
    places = _fixture_places(nlp, "polnear-ohio-everest.txt")
    everest = places["Mt. Everest"]
    assert (everest.kind, everest.country, everest.lat, everest.lon) == ("other", None, None, None)
    assert places["Cleveland"].lat is not None


def test_firm_the_tagger_calls_a_place_is_not_one(nlp):
    # "take on Netflix at its own game. Netflix has been a game changer": the tagger's GPE with
    # no gazetteer record, no locative preposition and no "Place, Country" pair.
    places = _fixture_places(nlp, "latimes-netflix.txt")
    assert "Netflix" not in places and "Hollywood" in places


def test_two_demonyms_name_a_people_not_places(nlp):
    # "among African Americans ... Asian Americans": ethnic groups, not Africa and Asia.
    assert _fixture_places(nlp, "polnear-african-americans.txt") == {}


def test_acronym_is_not_a_division(nlp):
    # "British Airways (BA)": BA is the airline, not Ba (Fiji) or Bath.
    places = _fixture_places(nlp, "gwn-british-airways.txt")
    assert "BA" not in places and places["London"].country == "GB"


def test_title_glued_by_a_hyphen_is_not_a_town(nlp):
    # "Vice-President Alexander Stubb": no Vice (Peru).
    places = _fixture_places(nlp, "gwn-vice-president.txt")
    assert "Vice" not in places and places["Espoo"].country == "FI"


def test_feature_name_is_read_whole(nlp):
    # "a ferry to and from Fire Island": the island, not "Island" (Iceland's own name).
    places = _fixture_places(nlp, "gwn-fire-island.txt")
    assert "Island" not in places
    assert places["Fire Island"].country != "IS"


def test_state_abbreviation_in_a_headline(nlp):
    # "Missing Ill. man found in stolen car sunk in lake.": Illinois, like "Illinois" later.
    places = _fixture_places(nlp, "lgl-ill-headline.txt")
    assert places["Ill."] is places["Illinois"]


def test_a_name_read_as_a_place_is_that_place_throughout(nlp):
    # "in Nelson", "into Nelson" make "Nelson residents", "the Nelson office" and
    # "MLA for Nelson-Creston" the town too, though the tagger calls them a person.
    places = _fixture_places(nlp, "gwn-nelson.txt")
    assert len(places["Nelson"].mentions) == 5


def test_former_state_has_a_point(nlp):
    # "a nerve agent developed by the Soviet Union": a region of kb/regions.tsv.
    soviet = _fixture_places(nlp, "gwn-soviet-union.txt")["Soviet Union"]
    assert soviet.kind == "region" and soviet.lat is not None
