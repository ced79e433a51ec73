"""Bins and axes of the desk's charts over time (sitrep/timebins.py, api/timecharts.py): the unit follows the range,
every period of the range is a bar, counts land in the period holding their day, and the date
labels are the finest calendar boundaries that fit side by side on the canvas."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sitrep.api import timecharts
from sitrep.api.timecharts import chart, count_ticks, label_width
from sitrep.timebins import binned, date_range, unit_for

D = dt.date


@pytest.mark.parametrize(("first", "last", "unit"), [
    (D(2016, 3, 1), D(2016, 3, 1), "day"),
    (D(2016, 3, 1), D(2016, 3, 7), "day"),
    (D(2016, 3, 1), D(2016, 5, 2), "day"),      # 62 days: still one bar a day
    (D(2016, 3, 1), D(2016, 5, 3), "week"),     # 63 days
    (D(2016, 1, 1), D(2016, 12, 31), "week"),
    (D(2016, 1, 1), D(2018, 1, 1), "week"),     # 731 days
    (D(2016, 1, 1), D(2018, 1, 2), "month"),
    (D(2010, 1, 1), D(2019, 12, 31), "month"),
    (D(1990, 1, 1), D(2019, 12, 31), "year"),
])
def test_the_unit_follows_the_range(first, last, unit):
    assert unit_for(first, last) == unit


def test_days_land_in_their_periods_and_empty_periods_stay():
    days = [(D(2016, 3, 6), 2), (D(2016, 3, 7), 1), (D(2016, 3, 20), 4), (D(2016, 2, 1), 9)]  # Sunday, Monday
    weeks = binned(days, D(2016, 3, 1), D(2016, 3, 31), "week")
    assert [(p.since, p.until, p.count) for p in weeks] == [  # the first and last weeks cut to the range
        (D(2016, 3, 1), D(2016, 3, 6), 2), (D(2016, 3, 7), D(2016, 3, 13), 1), (D(2016, 3, 14), D(2016, 3, 20), 4),
        (D(2016, 3, 21), D(2016, 3, 27), 0), (D(2016, 3, 28), D(2016, 3, 31), 0)]  # 1 Feb is outside the range
    assert weeks[0].label == "week of 2016-02-29"
    months = binned(days, D(2015, 12, 15), D(2016, 3, 31), "month")
    assert [(p.label, p.count) for p in months] == [("2015-12", 0), ("2016-01", 0), ("2016-02", 9), ("2016-03", 7)]
    assert [(p.since, p.until) for p in months] == [(D(2015, 12, 15), D(2015, 12, 31)), (D(2016, 1, 1), D(2016, 1, 31)),
                                                    (D(2016, 2, 1), D(2016, 2, 29)), (D(2016, 3, 1), D(2016, 3, 31))]


def test_the_range_is_the_filters_else_the_days_with_claims():
    days = [(D(2016, 3, 4), 1), (D(2017, 5, 1), 2)]
    assert date_range(days, None, None) == (D(2016, 3, 4), D(2017, 5, 1))
    assert date_range(days, D(2016, 1, 1), None) == (D(2016, 1, 1), D(2017, 5, 1))
    assert date_range([], D(2016, 1, 1), D(2016, 1, 7)) == (D(2016, 1, 1), D(2016, 1, 7))
    assert date_range([], D(2016, 1, 1), None) is None and date_range([], None, None) is None
    assert date_range(days, D(1, 1, 1), None) == (D(2016, 3, 4), D(2017, 5, 1))  # no ten thousand bars


@pytest.mark.parametrize(("largest", "ticks"), [
    (0, [0, 1]), (1, [0, 1]), (2, [0, 1, 2]), (7, [0, 2, 4, 6, 8]), (10, [0, 5, 10]), (37, [0, 10, 20, 30, 40]),
    (1234, [0, 500, 1000, 1500]),
])
def test_count_ticks_are_round_and_reach_the_largest(largest, ticks):
    assert count_ticks(largest) == ticks


def _drawn(first: dt.date, last: dt.date):
    periods = binned([(first, 3), (last, 5)], first, last)
    return chart(periods, unit_for(first, last))


def _assert_readable(drawn):
    """Labels on the canvas, apart from each other, in date order."""
    ticks = drawn.x_ticks
    assert len(ticks) >= 3
    for tick in ticks:
        half = label_width(tick) / 2
        left = {"start": tick.at, "middle": tick.at - half, "end": tick.at - 2 * half}[tick.anchor]
        assert 0 <= left and left + 2 * half <= drawn.width
    assert all(b.at - a.at >= (label_width(a) + label_width(b)) / 2 for a, b in zip(ticks, ticks[1:]))
    assert ticks[0].context or re.fullmatch(r"\d{4}", ticks[0].label)  # the first label says its year


def test_a_week_is_labelled_day_by_day_with_its_year():
    drawn = _drawn(D(2016, 3, 1), D(2016, 3, 7))
    _assert_readable(drawn)
    assert [t.label for t in drawn.x_ticks] == ["1 Mar", "2 Mar", "3 Mar", "4 Mar", "5 Mar", "6 Mar", "7 Mar"]
    assert [t.context for t in drawn.x_ticks] == ["2016", "", "", "", "", "", ""]
    assert [t.at for t in drawn.x_ticks] == pytest.approx([b.centre for b in drawn.bars], abs=0.15)  # under their bars


def test_a_year_is_labelled_by_month_and_a_decade_by_year():
    year = _drawn(D(2016, 1, 1), D(2016, 12, 31))
    _assert_readable(year)
    assert [t.label for t in year.x_ticks][:3] == ["Jan", "Feb", "Mar"] and year.x_ticks[0].context == "2016"
    decade = _drawn(D(2010, 1, 1), D(2019, 12, 31))
    _assert_readable(decade)
    assert [t.label for t in decade.x_ticks] == [str(y) for y in range(2010, 2020)]
    slot = (timecharts.WIDTH - timecharts.LEFT - timecharts.RIGHT) / 120
    assert decade.x_ticks[1].at == pytest.approx(timecharts.LEFT + 12 * slot, abs=0.1)  # where January 2011 starts


def test_a_label_near_the_edge_is_anchored_inside():
    drawn = _drawn(D(2016, 1, 30), D(2016, 12, 29))
    _assert_readable(drawn)


def test_bars_are_as_tall_as_their_counts():
    periods = binned([(D(2016, 3, 1), 4), (D(2016, 3, 3), 8)], D(2016, 3, 1), D(2016, 3, 4))
    drawn = chart(periods, "day")
    heights = [b.height for b in drawn.bars]
    assert heights[0] * 2 == pytest.approx(heights[2]) and heights[1] == heights[3] == 0
    assert drawn.y_ticks[-1].label == "8" and drawn.y_ticks[0].at == drawn.bottom
    assert [b.count_y is not None for b in drawn.bars] == [True, False, True, False]  # counts written on wide bars
    shared = chart(periods, "day", top=16)  # one scale for small multiples: the axis reaches 16 or more
    top = int(shared.y_ticks[-1].label)
    assert top >= 16 and shared.bars[2].height == pytest.approx(8 / top * (shared.bottom - shared.top), abs=0.1)


def test_sparklines_cover_the_views_range():
    lines = timecharts.sparklines([(D(2016, 3, 1), 3), (D(2016, 3, 5), 1)], {"NATO": [(D(2016, 3, 5), 1)]},
                                  None, None)
    sparks, label = lines["NATO"]
    assert len(sparks) == 5 and [s.period.count for s in sparks] == [0, 0, 0, 0, 1]
    assert label == "NATO: 1 dated claim from 2016-03-01 to 2016-03-05, at most 1 in one day"
