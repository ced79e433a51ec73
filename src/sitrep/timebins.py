"""Counts per day binned by the range they cover: the bins of the desk's timeline, trends and
sparklines (api/timecharts.py draws them) and of the exported brief's trend lines.

Bins follow the range shown, so a chart has between a handful and a few hundred bars, each wide
enough to see and to point at:

- up to 62 days: one bar a day (at most 63 bars, 15 px each on the desk's 1000-unit canvas);
- up to two years (731 days): one a week, Monday to Sunday (at most 106 bars);
- up to twenty years: one a month (at most 241 bars, 4 px each: thinner cannot be pointed at);
- beyond: one a year.

Every period of the range is a bin, empty ones too, so a gap shows as a gap; the first and last
are cut to the range, so a period says which days it counts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Literal, Optional

Unit = Literal["day", "week", "month", "year"]
# The longest span (last day - first day, in days) each unit is used for; "year" beyond.
UNIT_SPANS: tuple[tuple[Unit, int], ...] = (("day", 62), ("week", 731), ("month", 20 * 366))
MAX_YEARS = 100
UNITS: tuple[Unit, ...] = ("day", "week", "month", "year")  # finest first


@dataclass(frozen=True)
class Period:
    """One bin: its first and last day (inclusive), its claims, how it is named in the table."""

    since: dt.date
    until: dt.date
    count: int
    label: str


def unit_for(first: dt.date, last: dt.date) -> Unit:
    """The bin for a range from `first` to `last` (see the module's docstring for why)."""
    span = (last - first).days
    return next((unit for unit, longest in UNIT_SPANS if span <= longest), "year")


def period_start(day: dt.date, unit: Unit) -> dt.date:
    """The first day of the `unit` holding `day` (weeks start on Monday, as ISO 8601's do)."""
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day.replace(month=1, day=1)


def next_start(start: dt.date, unit: Unit) -> dt.date:
    """The first day of the period after the one starting at `start`."""
    if unit in ("day", "week"):
        return start + dt.timedelta(days=1 if unit == "day" else 7)
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def period_label(start: dt.date, unit: Unit) -> str:
    """How a period is named in a table: "2016-03-07", "week of 2016-03-07", "2016-03", "2016"."""
    return {"day": start.isoformat(), "week": f"week of {start.isoformat()}", "month": start.strftime("%Y-%m"),
            "year": str(start.year)}[unit]


def binned(days: Iterable[tuple[dt.date, int]], first: dt.date, last: dt.date,
           unit: Optional[Unit] = None) -> list[Period]:
    """Counts per day summed into the periods from `first` to `last` (every period, empty ones
    too; days outside the range left out), by `unit` or the range's own. The first and last
    periods are cut to the range (a week from Friday 1 January): a period says which days it counts."""
    unit = unit or unit_for(first, last)
    starts = [period_start(first, unit)]
    while (following := next_start(starts[-1], unit)) <= last:
        starts.append(following)
    counts = [0] * len(starts)
    for day, count in days:
        if first <= day <= last:
            counts[bisect_right(starts, day) - 1] += count
    ends = [min(next_start(start, unit) - dt.timedelta(days=1), last) for start in starts]
    return [Period(max(start, first), end, n, period_label(start, unit)) for start, end, n in zip(starts, ends, counts)]


def date_range(days: list[tuple[dt.date, int]], since: Optional[dt.date],
               until: Optional[dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    """The range a chart covers: the filters' dates where given, else the first and last day
    with claims; None when there is nothing to draw. A range of more than MAX_YEARS ("since
    0001-01-01") shrinks to the days with claims, so a typo cannot ask for ten thousand bars."""
    if not days and not (since and until):
        return None
    first, last = since or days[0][0], until or days[-1][0]
    if (last - first).days > MAX_YEARS * 366 and days:
        first, last = max(first, days[0][0]), min(last, days[-1][0])
    return (first, last) if first <= last else None


def coarse_unit(first: dt.date, last: dt.date, most: int) -> Unit:
    """The range's own unit, or the first coarser one that gives at most `most` periods (a trend
    written as a line of characters has room for few: ten years by year, a year by month)."""
    for unit in UNITS[UNITS.index(unit_for(first, last)):]:
        if unit == "year" or len(binned([], first, last, unit)) <= most:
            return unit
    return "year"
