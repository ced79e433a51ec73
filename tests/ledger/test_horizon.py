"""Horizons of forecasts and days of reported events (ledger/horizon.py), from real claim times:
the ISO forms extract/claims/times.py gives, and phrases it leaves as written."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.ledger.horizon import DEFAULT_DAYS, REPORT_DAYS, Interval, event_interval, horizon, iso_period

MADE = dt.date(2016, 3, 25)  # the seed's day


@pytest.mark.parametrize("time, until", [
    ("2016-04-01", dt.date(2016, 4, 1)),            # "on Friday"
    ("2016-W14", dt.date(2016, 4, 10)),             # "next week": its Sunday
    ("2016-05", dt.date(2016, 5, 31)),              # "in May"
    ("2017", dt.date(2017, 12, 31)),                # "next year"
    ("in the coming weeks", MADE + dt.timedelta(days=42)),
    ("soon", MADE + dt.timedelta(days=90)),
    ("within three months", MADE + dt.timedelta(days=93)),
    ("in the next 2 weeks", MADE + dt.timedelta(days=14)),
    ("later this year", dt.date(2016, 12, 31)),
    (None, MADE + dt.timedelta(days=DEFAULT_DAYS)),  # no time: the default window
    ("ultimately", MADE + dt.timedelta(days=DEFAULT_DAYS)),
    ("2016-03-21", MADE + dt.timedelta(days=DEFAULT_DAYS)),  # a threat dated by the day it was made
    ("2015", MADE + dt.timedelta(days=DEFAULT_DAYS)),
])
def test_a_forecast_is_due_by_the_end_of_its_time_else_the_default_window(time, until):
    assert horizon(time, MADE) == Interval(MADE, until)


def test_the_default_window_is_twelve_months():
    assert DEFAULT_DAYS == 365


def test_an_event_happened_on_its_own_days_else_in_the_week_before_its_report():
    reported = dt.date(2016, 7, 11)
    assert event_interval("2016-06-12", reported) == Interval(dt.date(2016, 6, 12), dt.date(2016, 6, 12))
    assert event_interval("2016-06", reported) == Interval(dt.date(2016, 6, 1), dt.date(2016, 6, 30))
    assert event_interval("2016", reported) == Interval(dt.date(2016, 1, 1), reported)  # not after its report
    assert event_interval("the day after the shooting", reported) == Interval(
        reported - dt.timedelta(days=REPORT_DAYS), reported)
    assert event_interval("2016-08-01", reported) == Interval(reported - dt.timedelta(days=REPORT_DAYS), reported)


@pytest.mark.parametrize("text", ["2016-13", "2016-02-30", "2016-W54", "March 2016", ""])
def test_what_is_no_iso_period_is_none(text):
    assert iso_period(text) is None
