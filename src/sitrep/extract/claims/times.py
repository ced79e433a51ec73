"""When: the date of an event named in its own clause, as ISO where the text allows.

A full date with its year is that date; a relative one ("last week", "on Wednesday", "in
March") is resolved from the publication date, looking back (news reports what happened)
unless the event is still to come (planned, predicted), when a weekday or month is the next
one; an age, a bare number or a length of time ("10 years in prison") is no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

import dateparser
from spacy.tokens import Token

from ...dates import parse_date
from ..annotations import document, text_of
from .roles import own_clause

AGE = re.compile(r"[\w -]*?\byears?[ -]old\b")
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
DAY = re.compile(r"\b\d{1,2}\b")
BARE_NUMBER = re.compile(r"\d{1,3}")
DURATION = re.compile(r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many)\s+"
                      r"(?:years?|months?|weeks?|days?|hours?)\b", re.IGNORECASE)
WORD = re.compile(r"[a-z]+")
WEEKDAYS = [name.lower() for name in calendar.day_name]  # Monday first, as date.weekday()
MONTHS = {name.lower() for name in (*calendar.month_name, *calendar.month_abbr) if name}


def time(path: list[Token], ahead: bool = False) -> str | None:
    """A date named in the event's own clause: ISO when the text gives a full date with its
    year or a relative one the publication date resolves, else the phrase as written. A
    bare number is no date ("Carlineo Jr., 55,": an age); `ahead`: the event is still to
    come, so a weekday is the next one, not the last."""
    doc = path[0].doc
    anchor = document(doc).published
    for node in own_clause(path):
        for token in node.subtree:
            if token.ent_type_ in ("DATE", "TIME") and token.ent_iob_ == "B":
                end = token.i + 1
                while end < len(doc) and doc[end].ent_iob_ == "I":
                    end += 1
                span = doc[token.i:end]
                if AGE.match(text_of(doc), span.start_char) or BARE_NUMBER.fullmatch(span.text) \
                        or (DURATION.search(span.text) and "ago" not in span.text.lower()):
                    continue  # an age, a number, a length of time ("10 years in prison"): no date
                return resolve_time(span.text, anchor, ahead)
    return None


@lru_cache(maxsize=4096)
def resolve_time(phrase: str, anchor: dt.date | None, ahead: bool = False) -> str:
    """ISO date (or ISO week / month / year for "last week" ...) of a time phrase; the phrase
    itself when it cannot be pinned down. Relative phrases look back from the anchor (news
    reports what happened) unless the event is still `ahead`."""
    if YEAR.search(phrase) and DAY.search(phrase):
        date = parse_date(phrase)
        return date.isoformat() if date else phrase
    if YEAR.fullmatch(phrase.strip()):
        return phrase.strip()  # "in 1935": the year, not a day of it the anchor makes up
    if anchor is None:
        return phrase
    weekday = weekday_of(phrase)
    if weekday is not None:
        return weekday_date(weekday, anchor, ahead).isoformat()
    month = month_of(phrase)
    if month is not None:
        return month_date(month, phrase, anchor, ahead)
    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()),
                "PREFER_DATES_FROM": "future" if ahead else "past"}
    moment = dateparser.parse(phrase, languages=["en"], settings=settings)
    if moment is None:
        return phrase
    words = phrase.lower().split()
    if "week" in words:
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    if "month" in words:
        return moment.strftime("%Y-%m")
    if "year" in words:
        return moment.strftime("%Y")
    return moment.date().isoformat()


def weekday_of(phrase: str) -> int | None:
    """The weekday a phrase names on its own ("Wednesday", "on Monday night"), if it names
    one and no other date ("Wednesday, May 1" is resolved as a date)."""
    words = WORD.findall(phrase.lower())
    days = [n for n, name in enumerate(WEEKDAYS) if name in words]
    return days[0] if len(days) == 1 and not DAY.search(phrase) and not set(words) & MONTHS else None


def month_of(phrase: str) -> int | None:
    """The month a phrase names without a day ("in March", "last April"), 1-12, if any."""
    if DAY.search(phrase):
        return None
    words = WORD.findall(phrase.lower())
    found = [n for n in range(1, 13) if calendar.month_name[n].lower() in words]
    return found[0] if len(found) == 1 else None


def month_date(month: int, phrase: str, anchor: dt.date, ahead: bool) -> str:
    """ "In March" as an ISO month: of the year the phrase names, else the last March up to
    the anchor's month (its own month included), or the next one for an event still to come
    ("last" and "next" say which)."""
    named = YEAR.search(phrase)
    words = set(WORD.findall(phrase.lower()))
    ahead = (ahead or "next" in words) and "last" not in words
    if named:
        year = int(named.group())
    elif ahead:
        year = anchor.year if month >= anchor.month else anchor.year + 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return f"{year}-{month:02d}"


def weekday_date(weekday: int, anchor: dt.date, ahead: bool) -> dt.date:
    """ "On Wednesday" in a report published on a Wednesday is that day; another weekday is
    the last one before it, or the next one for an event still to come."""
    if ahead:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
