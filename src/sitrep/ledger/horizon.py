"""When a forecast is due, and when a reported event happened, as day intervals.

A forecast's horizon runs from the day it was made (its article's publication
date, else the day it was stored) to the end of what its time says:

- an ISO day, week, month or year (what extract/claims/times.py resolves "on
  Friday", "next week", "in March", "next year" to) ends the horizon on its last
  day, if that is not before the forecast was made;
- a phrase it left as written ends it by kb/horizons.tsv ("in the coming weeks":
  42 days, "soon": 90, "this year": 31 December), or by its own number
  ("within three months", "in the next 2 weeks");
- anything else (no time at all, "ultimately", a time already past, as when a
  threat is dated by the day it was made) takes DEFAULT_DAYS, twelve months:
  long enough for the plans and threats news reports (a group's next attack, a
  sanction, a summit), short enough that "not seen" still means something.

An occurred claim's event interval is its own ISO time when it has one (a day,
or the whole week, month or year it names); otherwise the REPORT_DAYS up to its
article's date: a report tells of what happened in the days before it, and
news reports most events within a week.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..kb import read_table

# The horizon of a forecast whose words give none (README: "the forecast ledger").
DEFAULT_DAYS = 365
# How far before its article's date an undated occurred claim may have happened.
REPORT_DAYS = 7

ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ISO_YEAR = re.compile(r"^(\d{4})$")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
COUNTED = re.compile(r"\b(?:within|in|over|during|inside|next|coming)\s+(?:the\s+)?(?:next\s+|coming\s+)?"
                     rf"(\d{{1,3}}|{'|'.join(_NUMBERS)})\s+(day|week|month|year)s?\b")


@dataclass(frozen=True)
class Interval:
    """A closed interval of days."""

    start: dt.date
    end: dt.date

    def overlaps(self, other: "Interval") -> bool:
        return self.start <= other.end and other.start <= self.end


def iso_period(time: Optional[str]) -> Optional[Interval]:
    """The days an ISO day, week ("2016-W14"), month or year covers; None for anything else."""
    if not time:
        return None
    text = time.strip()
    try:
        if match := ISO_DAY.match(text):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return Interval(day, day)
        if match := ISO_WEEK.match(text):
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return Interval(monday, monday + dt.timedelta(days=6))
        if match := ISO_MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            return Interval(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
        if match := ISO_YEAR.match(text):
            year = int(match[1])
            return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:  # "2016-13", "2016-02-30", week 54: no such period
        return None
    return None


def horizon(time: Optional[str], made: dt.date) -> Interval:
    """The horizon of a forecast made on `made` whose claim's time is `time`."""
    period = iso_period(time)
    if period is not None:
        if period.end >= made:
            return Interval(made, period.end)
        return Interval(made, made + dt.timedelta(days=DEFAULT_DAYS))
    end = phrase_end(time, made) if time else None
    return Interval(made, end if end is not None and end >= made else made + dt.timedelta(days=DEFAULT_DAYS))


def phrase_end(phrase: str, made: dt.date) -> Optional[dt.date]:
    """The last day a time phrase allows, from kb/horizons.tsv or its own number; None if it says nothing."""
    text = " ".join(phrase.lower().split())
    if match := COUNTED.search(text):
        count = int(match[1]) if match[1].isdigit() else _NUMBERS[match[1]]
        return made + dt.timedelta(days=count * _UNIT_DAYS[match[2]])
    for pattern, days in _phrases():
        if pattern.search(text):
            if days == "year-end":
                return dt.date(made.year, 12, 31)
            if days == "next-year-end":
                return dt.date(made.year + 1, 12, 31)
            return made + dt.timedelta(days=int(days))
    return None


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(row["pattern"]), row["days"]) for row in read_table("horizons.tsv"))


def event_interval(time: Optional[str], reported: dt.date) -> Interval:
    """When an occurred claim's event happened: its ISO time (up to the report's day), else the
    REPORT_DAYS up to its report (also when its time lies after the report: a misreading)."""
    period = iso_period(time)
    if period is not None and period.start <= reported:
        return Interval(period.start, min(period.end, reported))  # nothing is reported before it happens
    return Interval(reported - dt.timedelta(days=REPORT_DAYS), reported)
