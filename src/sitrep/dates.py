"""Reading dates given in any of the shapes feeds, dumps and pages use."""

from __future__ import annotations

import datetime as dt
from typing import Optional, Union

from dateutil import parser as dateparser


def parse_date(value: Union[str, dt.date, None], *, iso_only: bool = False) -> Optional[dt.date]:
    """A date from a date, datetime or string; None when absent or unreadable.

    With iso_only (filters typed by users) a string must be YYYY-MM-DD, and
    anything else raises ValueError instead of being guessed at.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if iso_only:
        return dt.date.fromisoformat(str(value).strip())
    try:
        return dateparser.parse(str(value)).date()
    except (ValueError, OverflowError, TypeError):
        return None
