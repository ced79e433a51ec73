"""Counts over time as bar charts the desk draws server-side as SVG: the timeline, the trends page
and the brief's sparklines share these axes (and sitrep/timebins.py's bins, which say why a range
has the bins it has).

Bars are equally wide whatever their days (a month is a month), and a date's place on the axis is
its bar's place plus its share of the bar's days.

The date axis labels calendar boundaries (days, Mondays, months, quarters, years, decades), the
finest whose labels fit side by side without touching (a label's width is estimated from its
characters at the axis's font size); the year stands under the first label and wherever it
changes, so each label reads as a date without repeating it. The count axis has 2 to 6 round
ticks (1, 2 or 5 times a power of ten). No label can leave the canvas: the plot has margins and
a label near an edge is anchored at its end instead of its middle.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal, Optional

from ..timebins import Period, Unit, binned, date_range, next_start, unit_for

WIDTH, HEIGHT = 1000, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 28, 44  # plot margins: count labels left, two rows of date labels below
FONT = 12  # the labels' font size in canvas units (style.css sets the same)
CHAR = 0.62 * FONT  # a label character's width, generously (digits and capitals in a sans font)
GAP = 14  # the least room between two date labels
COUNT_LABEL_WIDTH = 18  # a bar this wide or wider has its count written on it
SPARK_WIDTH, SPARK_HEIGHT = 120, 22


@dataclass(frozen=True)
class Bar:
    """One drawn bar: its period and its rectangle; `count_y` places its count above it (None:
    too narrow to write on)."""

    period: Period
    x: float
    y: float
    width: float
    height: float
    count_y: Optional[float]

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Tick:
    """A label on an axis: where, what, a second line (the year, for dates) and the anchor
    ("start", "middle", "end") that keeps it on the canvas."""

    at: float
    label: str
    context: str = ""
    anchor: str = "middle"


@dataclass(frozen=True)
class Chart:
    """A bar chart of counts over time, ready for a template: bars, the date ticks along the
    bottom and the count ticks up the left, in a WIDTH x HEIGHT canvas."""

    unit: Unit
    periods: list[Period]
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: float = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT

    @property
    def total(self) -> int:
        return sum(p.count for p in self.periods)

    @property
    def span(self) -> str:
        """"2016-03-01 to 2016-03-07": the range the chart covers."""
        return f"{self.periods[0].since} to {self.periods[-1].until}" if self.periods else ""


def chart(periods: list[Period], unit: Unit, *, top: Optional[int] = None, height: int = HEIGHT) -> Chart:
    """The bars and axes of these periods' counts; `top` sets the count axis's height (to share
    one scale between charts), else the largest count does."""
    y_ticks_values = count_ticks(top if top is not None else max((p.count for p in periods), default=0))
    bottom = height - BOTTOM
    scale = (bottom - TOP) / y_ticks_values[-1]
    slot = (WIDTH - LEFT - RIGHT) / max(len(periods), 1)
    gap = 1 if slot >= 4 else 0
    bars = []
    for i, p in enumerate(periods):
        bar_height = round(p.count * scale, 1)
        x = LEFT + i * slot
        written = p.count and slot >= COUNT_LABEL_WIDTH
        bars.append(Bar(p, round(x + gap / 2, 1), round(bottom - bar_height, 1), round(max(slot - gap, 0.5), 2),
                        bar_height, round(bottom - bar_height - 3, 1) if written else None))
    y_ticks = [Tick(round(bottom - value * scale, 1), f"{value:,}", anchor="end") for value in y_ticks_values]
    return Chart(unit, periods, bars, date_ticks(periods, unit), y_ticks, height=height, bottom=bottom)


def count_ticks(largest: int) -> list[int]:
    """Round values from 0 up to at least `largest` (and at least 1), 2 to 6 of them."""
    if largest <= 1:
        return [0, 1]
    rough = largest / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    step = max(int(step), 1)
    return list(range(0, math.ceil(largest / step) * step + 1, step))


# The boundaries a date axis can label, finest first: what a boundary is, how many of the
# range's units lie between two labels at least, and how a label is written.
Boundary = Literal["day", "week", "month", "quarter", "year", "2 years", "5 years", "decade"]
BOUNDARIES: tuple[Boundary, ...] = ("day", "week", "month", "quarter", "year", "2 years", "5 years", "decade")
YEARS: dict[Boundary, int] = {"year": 1, "2 years": 2, "5 years": 5, "decade": 10}
FINEST: dict[Unit, Boundary] = {"day": "day", "week": "week", "month": "month", "year": "year"}


def date_ticks(periods: list[Period], unit: Unit) -> list[Tick]:
    """The labels of the date axis: the finest calendar boundaries whose labels fit, each at its
    place on the axis, the year under the first and wherever it changes."""
    if not periods:
        return []
    slot = (WIDTH - LEFT - RIGHT) / len(periods)
    for boundary in BOUNDARIES:
        if BOUNDARIES.index(boundary) < BOUNDARIES.index(FINEST[unit]):  # no day labels under weekly bars
            continue
        days = _boundaries(periods[0].since, periods[-1].until, boundary)
        ticks = [_tick(day, boundary, unit, periods, slot) for day in days]
        ticks = _with_years(ticks, days, boundary)
        if _fits(ticks):
            return _kept_on_canvas(ticks)
    return _kept_on_canvas([_tick(periods[0].since, "decade", unit, periods, slot)])


def _boundaries(first: dt.date, last: dt.date, boundary: Boundary) -> list[dt.date]:
    """The days from `first` to `last` on which a `boundary` falls: every day, Mondays, the
    first of each month (of January, April, July, October for quarters), New Year's Days."""
    if boundary == "day":
        return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    if boundary == "week":
        start = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        return [start + dt.timedelta(days=7 * i) for i in range((last - start).days // 7 + 1)] if start <= last else []
    months = {"month": 1, "quarter": 3}.get(boundary)
    if months:
        out, day = [], first.replace(day=1)
        while day <= last:
            if day >= first and (day.month - 1) % months == 0:
                out.append(day)
            day = next_start(day, "month")
        return out
    years = YEARS[boundary]
    return [dt.date(year, 1, 1) for year in range(first.year, last.year + 1)
            if year % years == 0 and dt.date(year, 1, 1) >= first]


def _tick(day: dt.date, boundary: Boundary, unit: Unit, periods: list[Period], slot: float) -> Tick:
    """One date label at its place: in the middle of its bar when it names the whole bar (any day
    under daily bars, a month under monthly ones, a year under yearly ones), else where its day
    falls in its bar (a month's first day inside a weekly bar)."""
    i = bisect_right([p.since for p in periods], day) - 1
    period = periods[i]
    names_bar = unit == "day" or (unit == boundary != "week") or (unit == "year" and boundary in YEARS)
    share = 0.5 if names_bar else (day - period.since).days / ((period.until - period.since).days + 1)
    return Tick(round(LEFT + (i + share) * slot, 1), _written(day, boundary))


def _written(day: dt.date, boundary: Boundary) -> str:
    """A boundary's label without its year: "7 Mar", "Mar", "2016"."""
    if boundary in ("day", "week"):
        return f"{day.day} {day:%b}"
    if boundary in ("month", "quarter"):
        return f"{day:%b}"
    return str(day.year)


def _with_years(ticks: list[Tick], days: list[dt.date], boundary: Boundary) -> list[Tick]:
    """Day and month labels with the year under the first and under each one in a new year."""
    if boundary in YEARS:
        return ticks
    out, year = [], None
    for tick, day in zip(ticks, days):
        out.append(Tick(tick.at, tick.label, str(day.year) if day.year != year else "", tick.anchor))
        year = day.year
    return out


def label_width(tick: Tick) -> float:
    """How wide a tick's widest line is drawn, estimated from its characters."""
    return max(len(tick.label), len(tick.context)) * CHAR


def _fits(ticks: list[Tick]) -> bool:
    """Whether neighbouring labels, centred on their places, keep GAP between them."""
    return all(b.at - a.at >= (label_width(a) + label_width(b)) / 2 + GAP for a, b in zip(ticks, ticks[1:]))


def _kept_on_canvas(ticks: list[Tick]) -> list[Tick]:
    """A label that would cross the canvas's edge anchored at that edge's side instead."""
    out = []
    for tick in ticks:
        half = label_width(tick) / 2
        anchor = "start" if tick.at - half < 0 else "end" if tick.at + half > WIDTH else "middle"
        out.append(Tick(tick.at, tick.label, tick.context, anchor))
    return out


@dataclass(frozen=True)
class Spark:
    """A sparkline's bar: its rectangle and the period it stands for."""

    x: float
    y: float
    width: float
    height: float
    period: Period


def sparkline(periods: list[Period]) -> list[Spark]:
    """A tiny bar chart of the periods (SPARK_WIDTH x SPARK_HEIGHT, no axes): the shape of an
    actor's claims over the brief's range at a glance; the numbers are in its title. A bar with
    claims is at least 1 unit tall and 1.5 wide, so one claim in ten years still shows."""
    largest = max((p.count for p in periods), default=0) or 1
    slot = SPARK_WIDTH / max(len(periods), 1)
    sparks = []
    for i, p in enumerate(periods):
        height = round(max(p.count / largest * SPARK_HEIGHT, 1 if p.count else 0), 1)
        sparks.append(Spark(round(i * slot, 2), round(SPARK_HEIGHT - height, 1), round(max(slot - 0.5, 1.5), 2),
                            height, p))
    return sparks


def sparklines(days: list[tuple[dt.date, int]], actors: dict[str, list[tuple[dt.date, int]]],
               since: Optional[dt.date], until: Optional[dt.date]) -> dict[str, tuple[list[Spark], str]]:
    """Each actor's claims per day as a sparkline over the view's range (`days`: the whole view's
    claims per day; the filters' dates where given), with the words saying what it shows."""
    span = date_range(days, since, until)
    if span is None:
        return {}
    unit = unit_for(*span)
    lines = {}
    for actor, counts in actors.items():
        periods = binned(counts, *span, unit)
        dated, most = sum(p.count for p in periods), max(p.count for p in periods)
        lines[actor] = (sparkline(periods), f"{actor}: {dated} dated claim{'s' if dated != 1 else ''} from "
                                            f"{span[0]} to {span[1]}, at most {most} in one {unit}")
    return lines
