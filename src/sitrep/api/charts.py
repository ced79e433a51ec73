"""The pictures the desk draws on the server as SVG: the world map and the forecasts' calibration
chart (counts over time, for the timeline, trends and sparklines, are timecharts.py's).

Drawn server-side so they need no script and no network: the map's outlines
are Natural Earth's 1:110m countries shipped in static/world-110m.geojson
(scripts/build_world_outline.py says how it was made), on a plain
equirectangular projection, where a place's dot can be set from its lat/lon.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Optional

WORLD = Path(__file__).parent / "static" / "world-110m.geojson"
WIDTH = 1000
NORTH, SOUTH = 84.0, -58.0  # Antarctica left off: no news is placed there worth the space
HEIGHT = round(WIDTH * (NORTH - SOUTH) / 360)
# Claim counts at or above each step get the next shade (classes shade-0 .. shade-4).
SHADE_STEPS = (1, 2, 4, 10)


@dataclass(frozen=True)
class Country:
    """One country outline, ready to draw."""

    code: str
    name: str
    path: str


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular x, y of a point on the map's canvas."""
    x = (lon + 180.0) / 360.0 * WIDTH
    y = (NORTH - max(SOUTH, min(NORTH, lat))) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


@cache
def countries() -> tuple[Country, ...]:
    """Every country outline as an SVG path (read and projected once per process)."""
    collection = json.loads(WORLD.read_text(encoding="utf-8"))
    out = []
    for feature in collection["features"]:
        rings = [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]
        path = " ".join("M" + "L".join(f"{x},{y}" for x, y in (project(lon, lat) for lon, lat in ring)) + "Z"
                        for ring in rings)
        out.append(Country(feature["properties"]["country"], feature["properties"]["name"], path))
    return tuple(out)


def shade(count: int) -> int:
    """Which of the five shades a country with this many claims gets."""
    return sum(count >= step for step in SHADE_STEPS)


def radius(count: int) -> float:
    """A place dot's radius: area grows with the claim count, so big numbers do not swamp the map."""
    return round(3 + 2.5 * math.sqrt(count), 1)


def selected_country(code: Optional[str]) -> Optional[str]:
    """A country filter as the map keys it (upper-case alpha-2), or None."""
    return code.strip().upper() if code and len(code.strip()) == 2 and code.strip().isalpha() else None


# The calibration chart of the forecast ledger (/forecasts): one column per ICD 203 band, its stated
# range as a bar, the observed rate as a dot with its 95% interval, and the counts behind it.
CALIBRATION_WIDTH, CALIBRATION_HEIGHT = 1000, 330
CALIBRATION_TOP, CALIBRATION_BOTTOM, CALIBRATION_LEFT = 12, 250, 50  # where p = 1 and p = 0 are drawn


@dataclass(frozen=True)
class CalibrationPoint:
    """One band's column: stated range, observed rate (None when no forecast of it is decided), counts."""

    band: str
    x: float
    width: float
    p_low: float
    p_high: float
    range_y: float
    range_height: float
    observed: Optional[float]
    y: Optional[float]
    y_low: Optional[float]
    y_high: Optional[float]
    made: int
    happened: int
    not_seen: int
    open: int

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def decided(self) -> int:
        return self.happened + self.not_seen


def calibration_y(p: float) -> float:
    """The chart's y of a probability."""
    return round(CALIBRATION_BOTTOM - p * (CALIBRATION_BOTTOM - CALIBRATION_TOP), 1)


def calibration(bands: list) -> list[CalibrationPoint]:
    """The columns of the calibration chart from the ledger's Calibration rows, in their order."""
    if not bands:
        return []
    width = (CALIBRATION_WIDTH - CALIBRATION_LEFT) / len(bands)
    points = []
    for i, b in enumerate(bands):
        top, bottom = calibration_y(b.p_high), calibration_y(b.p_low)
        points.append(CalibrationPoint(
            band=b.band, x=round(CALIBRATION_LEFT + i * width, 1), width=round(width, 1), p_low=b.p_low,
            p_high=b.p_high, range_y=top, range_height=round(max(bottom - top, 1.0), 1), observed=b.observed,
            y=calibration_y(b.observed) if b.observed is not None else None,
            y_low=calibration_y(b.low) if b.low is not None else None,
            y_high=calibration_y(b.high) if b.high is not None else None,
            made=b.made, happened=b.happened, not_seen=b.not_seen, open=b.open))
    return points
