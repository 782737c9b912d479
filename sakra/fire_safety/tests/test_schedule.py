"""The control plan's calendar: month ends, leap years, quarters and weeks."""

import datetime

import pytest

from sakra.fire_safety.choices import Frequency
from sakra.fire_safety.schedule import next_period_start, period_of, periods

D = datetime.date


@pytest.mark.parametrize(
    ("frequency", "day", "expected"),
    [
        (Frequency.MONTHLY, D(2024, 2, 10), (D(2024, 2, 1), D(2024, 2, 29))),  # leap year
        (Frequency.MONTHLY, D(2025, 2, 28), (D(2025, 2, 1), D(2025, 2, 28))),
        (Frequency.MONTHLY, D(2025, 1, 31), (D(2025, 1, 1), D(2025, 1, 31))),
        (Frequency.MONTHLY, D(2025, 4, 30), (D(2025, 4, 1), D(2025, 4, 30))),
        (Frequency.QUARTERLY, D(2025, 5, 15), (D(2025, 4, 1), D(2025, 6, 30))),
        (Frequency.QUARTERLY, D(2024, 12, 31), (D(2024, 10, 1), D(2024, 12, 31))),
        (Frequency.YEARLY, D(2024, 2, 29), (D(2024, 1, 1), D(2024, 12, 31))),
        # A week runs Monday to Sunday, across a month's and a year's end.
        (Frequency.WEEKLY, D(2025, 1, 1), (D(2024, 12, 30), D(2025, 1, 5))),
        (Frequency.WEEKLY, D(2024, 2, 29), (D(2024, 2, 26), D(2024, 3, 3))),
    ],
)
def test_period_of(frequency, day, expected):
    assert period_of(frequency, day) == expected


def test_a_plan_in_force_mid_month_gets_a_short_first_period():
    assert list(periods(Frequency.MONTHLY, D(2024, 1, 31), D(2024, 3, 1))) == [
        (D(2024, 1, 31), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 3, 1), D(2024, 3, 31)),
    ]


def test_a_leap_day_start_of_a_yearly_plan():
    assert list(periods(Frequency.YEARLY, D(2024, 2, 29), D(2026, 1, 1))) == [
        (D(2024, 2, 29), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 12, 31)),
    ]


def test_weekly_periods_cover_every_day_once():
    days = set()
    for first, last in periods(Frequency.WEEKLY, D(2024, 2, 20), D(2024, 3, 31)):
        span = {first + datetime.timedelta(n) for n in range((last - first).days + 1)}
        assert not days & span
        days |= span
    assert min(days) == D(2024, 2, 20)
    assert len(days) == (max(days) - min(days)).days + 1


def test_next_period_start():
    assert next_period_start(Frequency.MONTHLY, D(2024, 2, 15)) == D(2024, 3, 1)
    assert next_period_start(Frequency.QUARTERLY, D(2024, 11, 1)) == D(2025, 1, 1)
