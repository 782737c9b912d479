"""Working days across Swedish holidays, from the `holidays` library."""

import datetime

import pytest

from sakra.support.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (D(2026, 12, 7), 2, D(2026, 12, 9)),  # Monday: Wednesday
        (D(2026, 12, 4), 2, D(2026, 12, 8)),  # Friday: the weekend skipped
        # Midsommarafton (Fri 19 June) and midsommardagen (Sat 20 June) 2026.
        (D(2026, 6, 18), 1, D(2026, 6, 22)),
        (D(2026, 6, 17), 2, D(2026, 6, 22)),
        # Jul: julafton, juldagen, annandag jul; nyårsafton, nyårsdagen.
        (D(2026, 12, 23), 1, D(2026, 12, 28)),
        (D(2026, 12, 30), 1, D(2027, 1, 4)),
        # Easter 2026: långfredagen 3 April, annandag påsk 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        (D(2026, 4, 2), 2, D(2026, 4, 8)),
        # Kristi himmelsfärdsdag (Thu 14 May), nationaldagen on a Saturday in 2026.
        (D(2026, 5, 13), 1, D(2026, 5, 15)),
        (D(2026, 1, 5), 1, D(2026, 1, 7)),  # trettondedag jul
    ],
)
def test_add_working_days_skips_weekends_and_swedish_holidays(start, count, due):
    assert add_working_days(start, count) == due


def test_days_that_are_not_working_days():
    for day in (D(2026, 6, 19), D(2026, 12, 24), D(2026, 12, 31), D(2026, 4, 6), D(2026, 5, 1)):
        assert not is_working_day(day), day
    assert is_working_day(D(2026, 6, 22))


def test_working_days_between_is_the_inverse():
    for start in (D(2026, 6, 15), D(2026, 12, 21), D(2026, 3, 30)):
        for count in range(0, 8):
            assert working_days_between(start, add_working_days(start, count)) == count
    assert working_days_between(D(2026, 6, 18), D(2026, 6, 18)) == 0


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 1), -1)
