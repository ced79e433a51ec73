"""Build the map's country outlines (src/sitrep/api/static/world-110m.geojson).

    pip download geopandas==0.14.4 --no-deps -d /tmp/gp && unzip /tmp/gp/*.whl 'geopandas/datasets/*' -d /tmp/gp
    pip install pyshp
    python scripts/build_world_outline.py /tmp/gp/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

The input is Natural Earth's 1:110m admin-0 countries (public domain), as geopandas up to
0.14 shipped it on PyPI. The web map must work offline, so the outlines are committed; this
script says exactly how they were made. Each feature keeps its name and gets an ISO-3166
alpha-2 code (pycountry, from ISO alpha-3 or, where Natural Earth has none, from the name),
the code the store keys countries by. Coordinates are rounded to 0.1 degree, well below what
an 1000-pixel-wide map can show, to keep the file small.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pycountry
import shapefile

OUT = Path(__file__).resolve().parent.parent / "src" / "sitrep" / "api" / "static" / "world-110m.geojson"
# Natural Earth names that pycountry's lookup does not resolve on its own.
NAMES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO", "Dem. Rep. Congo": "CD",
         "Central African Rep.": "CF", "Eq. Guinea": "GQ", "S. Sudan": "SS", "Bosnia and Herz.": "BA",
         "Dominican Rep.": "DO", "Solomon Is.": "SB", "Falkland Is.": "FK", "Fr. S. Antarctic Lands": "TF",
         "W. Sahara": "EH", "eSwatini": "SZ", "Macedonia": "MK", "Côte d'Ivoire": "CI"}


def alpha2(name: str, iso_a3: str) -> str:
    """The ISO alpha-2 code of a Natural Earth country (its alpha-3 is -99 for a few)."""
    if name in NAMES:
        return NAMES[name]
    country = pycountry.countries.get(alpha_3=iso_a3) or pycountry.countries.lookup(name)
    return country.alpha_2


def rings(shape) -> list[list[list[float]]]:
    """The shape's rings as [[lon, lat], ...] lists rounded to 0.1 degree, repeats dropped."""
    parts = list(shape.parts) + [len(shape.points)]
    out = []
    for start, end in zip(parts, parts[1:]):
        ring: list[list[float]] = []
        for lon, lat in shape.points[start:end]:
            point = [round(lon, 1), round(lat, 1)]
            if not ring or ring[-1] != point:
                ring.append(point)
        if len(ring) >= 4:
            out.append(ring)
    return out


def features(path: Path) -> list[dict]:
    """One GeoJSON feature per country: name, ISO alpha-2, and its rings as a MultiPolygon."""
    reader = shapefile.Reader(str(path))
    fields = [f[0] for f in reader.fields[1:]]
    out = []
    for record, shape in zip(reader.records(), reader.shapes()):
        row = dict(zip(fields, record))
        geometry = {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings(shape)]}
        properties = {"name": row["name"], "country": alpha2(row["name"], row["iso_a3"])}
        out.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shapefile", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4; "
                  "built by scripts/build_world_outline.py",
        "features": features(args.shapefile),
    }
    args.out.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
