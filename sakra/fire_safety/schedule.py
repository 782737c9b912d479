"""The control plan's calendar: which period a day falls in, for each frequency.

Periods end on calendar boundaries (a week on Sunday, a month on its last day, a quarter on
31 March, 30 June, 30 September or 31 December, a year on 31 December), so a round's due date
is the same whichever day the plan was written, and February's round is due on the 29th in a
leap year. A control point in force from the middle of a period gets a shortened first period,
from that day to the period's end.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator

from .choices import Frequency

ONE_DAY = datetime.timedelta(days=1)


def period_of(frequency: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the `frequency` period that `day` falls in."""
    if frequency == Frequency.WEEKLY:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=6)
    if frequency == Frequency.MONTHLY:
        first_month = last_month = day.month
    elif frequency == Frequency.QUARTERLY:
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
    elif frequency == Frequency.YEARLY:
        first_month, last_month = 1, 12
    else:
        raise ValueError(f"unknown frequency {frequency!r}")
    last_day = calendar.monthrange(day.year, last_month)[1]
    return datetime.date(day.year, first_month, 1), datetime.date(day.year, last_month, last_day)


def periods(
    frequency: str, starts_on: datetime.date, until: datetime.date
) -> Iterator[tuple[datetime.date, datetime.date]]:
    """The periods from `starts_on` whose first day is on or before `until`; the first one
    begins on `starts_on` itself."""
    day = starts_on
    while day <= until:
        _start, end = period_of(frequency, day)
        yield day, end
        day = end + ONE_DAY


def next_period_start(frequency: str, day: datetime.date) -> datetime.date:
    """The first day after the `frequency` period that `day` falls in."""
    return period_of(frequency, day)[1] + ONE_DAY
