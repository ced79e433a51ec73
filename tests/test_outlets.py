"""An article's outlet and the outlet's rating (sitrep/outlets.py, kb/outlet_reliability.tsv).

Real URLs of each label class, one unrated, with subdomains and multi-part suffixes
(tests/fixtures/outlets/urls.tsv: GeoWebNews and article-extraction-dev links, the seed's own
address); the seed, which names its outlet's desk but carries no URL; a JSONL record that names
its outlet only. A rating is always shown with its origin and never as a verdict on the article.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sitrep import analyze
from sitrep.outlets import (outlet_names, outlet_text, publisher, rating, rating_text, ratings, site_of_name,
                            site_of_url)
from sitrep.report import format_analysis
from support.cli import run

FIXTURES = Path(__file__).parent / "fixtures"
with (FIXTURES / "outlets" / "urls.tsv").open(encoding="utf-8") as _handle:
    URLS = list(csv.DictReader(_handle, delimiter="\t"))
SEED_URL = URLS[0]["url"]


def test_the_table_holds_every_rated_domain_of_the_dataset():
    # 5,332 rows: 25 carry -2 (Wikipedia's "blacklisted", no rating) and one has no domain
    assert len(ratings()) == 5306
    assert {r.label for r in ratings().values()} == {"reliable", "mixed", "unreliable"}
    assert "banned.video" not in ratings()  # a -2 row


@pytest.mark.parametrize("row", URLS, ids=[r["url"].split("/")[2] for r in URLS])
def test_a_real_url_of_each_class_is_rated_with_its_origin(row):
    site = site_of_url(row["url"])
    found = rating(site)
    if row["label"] == "unrated":
        assert found is None and site is not None and site.registered == row["domain"]
        assert rating_text(found) == "unrated"
    else:
        assert (found.label, found.domain, found.origin) == (row["label"], row["domain"], row["origin"])
        assert rating_text(found).startswith(f"rated {row['label']} by {row['origin']}")


def test_subdomains_and_multi_part_suffixes_resolve_to_the_registered_domain():
    assert site_of_url("https://winnipeg.ctvnews.ca/x").registered == "ctvnews.ca"
    assert site_of_url("http://metro.co.uk/2018/04/05/x").registered == "metro.co.uk"
    assert site_of_url("https://www.burtonmail.co.uk/sport").registered == "burtonmail.co.uk"
    assert site_of_url("http://edition.cnn.com/2016/03/25/world/x").registered == "cnn.com"
    assert site_of_url("reuters.com/article/us-syria").registered == "reuters.com"  # no scheme
    # a host rated apart from the domain it sits under keeps its own rating
    assert rating(site_of_url("https://abcnews.go.com/International/x")).domain == "abcnews.go.com"


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://[::1]/", "http://localhost:8000/feed", "garbage",
                                 "http://[bad", "https://.com", "javascript:alert(1)", "", "   ", None,
                                 "http://\x00reuters.com"])
def test_bad_urls_have_no_site_and_no_rating(url):
    assert site_of_url(url) is None
    assert rating(site_of_url(url)) is None


def test_names_resolve_through_the_kb_its_desks_and_feed_titles():
    assert publisher(site_of_name("Breitbart Jerusalem")) == "Breitbart News"  # a desk, by the entity KB's parent
    assert site_of_name("the Associated Press").host == "apnews.com"  # an alias of the entity KB
    assert site_of_name("BBC News - World").host == "bbc.co.uk"  # a feed title's parts
    assert site_of_name("World news | The Guardian").host == "theguardian.com"
    assert site_of_name("Reuters.com").host == "reuters.com"  # a name that is a host
    assert site_of_name("CNN | Fox News") is None  # two outlets named: neither
    assert site_of_name("Daily Bugle") is None
    assert all(host for host in outlet_names().values())


def test_an_article_from_breitbart_com_shows_its_rating_with_its_origin(nlp, seed_text):
    analysis = analyze(seed_text, url=SEED_URL)
    assert analysis.outlet == "Breitbart News"  # named by its URL's publisher
    assert analysis.outlet_reliability.model_dump() == {
        "label": "unreliable", "origin": "NewsGuard", "score": 57.0, "domain": "breitbart.com"}
    assert "   outlet: Breitbart News (breitbart.com) — rated unreliable by NewsGuard (score 57/100)\n" \
        in format_analysis(analysis)


def test_the_seed_without_a_url_is_rated_by_the_desk_it_names(seed_analysis):
    # EXCLUSIVE – ... "an Arab intelligence official told Breitbart Jerusalem."
    assert seed_analysis.url is None and seed_analysis.sourcing.exclusive
    assert seed_analysis.outlet == "Breitbart News"
    assert (seed_analysis.outlet_reliability.label, seed_analysis.outlet_reliability.origin,
            seed_analysis.outlet_reliability.domain) == ("unreliable", "NewsGuard", "breitbart.com")
    assert "outlet: Breitbart News (breitbart.com) — rated unreliable by NewsGuard" in format_analysis(seed_analysis)


def test_outside_an_exclusive_an_outlet_told_is_not_the_articles_own(nlp, seed_text):
    """ "told Reuters" credits another outlet as often as it names the own: only an exclusive
    names itself."""
    plain = seed_text.replace("EXCLUSIVE – ", "", 1)
    analysis = analyze(plain)
    assert not analysis.sourcing.exclusive
    assert analysis.outlet is None and analysis.outlet_reliability is None
    assert "outlet: unknown — unrated" in format_analysis(analysis)


def test_a_jsonl_record_naming_its_outlet_only_is_rated(capsys, tmp_path):
    text = (FIXTURES / "search-api" / "nyt-2015-12-29-commandos.txt").read_text(encoding="utf-8")
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": text, "outlet": "The New York Times"}) + "\n"
                    + json.dumps({"text": text, "url": URLS[-2]["url"]}) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, "analyze", str(path))
    named, unrated = (json.loads(line) for line in out.splitlines())
    assert status == 0
    assert named["outlet"] == "The New York Times"
    assert named["outlet_reliability"] == {"label": "reliable", "origin": "NewsGuard", "score": 100.0,
                                           "domain": "nytimes.com"}
    assert unrated["outlet"] is None and unrated["outlet_reliability"] is None  # null in JSON ...
    status, out, _ = run(capsys, "analyze", str(path), "--format", "text")
    assert "outlet: The New York Times (nytimes.com) — rated reliable by NewsGuard (score 100/100)" in out
    assert "outlet: humanitariannews.org — unrated" in out  # ... "unrated" where people read it


def test_the_words_judge_the_outlet_never_the_article():
    for found in [rating(site_of_url(row["url"])) for row in URLS]:
        words = outlet_text("An Outlet", found)
        assert "article" not in words and "claim" not in words
        assert words.endswith("unrated") or " — rated " in words
