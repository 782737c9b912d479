"""Working days in Sweden: weekdays that are neither public holidays nor the de facto holidays
(midsommarafton, julafton, nyårsafton), from the `holidays` library, never a hand-kept list."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

_CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    # Sundays are not "holidays" here: weekends are left out on their own below.
    days = holidays.Sweden(years=year, include_sundays=False, categories=_CATEGORIES)
    return frozenset(days.keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `start` (`start` itself not counted, so a request asked
    on Friday with a target of two is due on Tuesday)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        days += is_working_day(day)
    return days
