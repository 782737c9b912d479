"""The status rule at its boundaries."""

from datetime import date
from decimal import Decimal as D

import pytest

from sakra.goals.choices import Direction, Status, TargetType
from sakra.goals.models import Indicator
from sakra.goals.status import assess, project

TODAY = date(2026, 7, 2)  # day 183 of 365


def halving(**overrides) -> Indicator:
    fields = {
        "kind": "manual",
        "direction": Direction.LOWER_IS_BETTER,
        "baseline_year": 2019,
        "target_year": 2022,
        "target_type": TargetType.RELATIVE,
        "target_value": D("0.5"),
    }
    return Indicator(**{**fields, **overrides})


@pytest.mark.parametrize(
    "year,value,expected",
    [
        (2019, 100, Status.BASELINE),  # the starting point, not assessed
        (2018, 120, Status.BASELINE),
        (2020, D("83.334"), Status.AT_RISK),  # the path is at 83.333…: just above it
        (2020, D("83.333"), Status.ON_TRACK),
        (2021, 50, Status.ACHIEVED),  # the target met early
        (2022, 50, Status.ACHIEVED),  # exactly the target
        (2022, D("50.001"), Status.NOT_ACHIEVED),
        (2023, 49, Status.ACHIEVED),
        (2021, None, Status.NO_DATA),
    ],
)
def test_lower_is_better(year, value, expected):
    values = {2019: D(100)} | ({year: D(value)} if value is not None else {})
    assert assess(halving(), values, year, TODAY).status == expected


def test_higher_is_better_absolute_target():
    indicator = halving(
        direction=Direction.HIGHER_IS_BETTER, target_type=TargetType.ABSOLUTE, target_value=D(100)
    )
    values = {2019: D(60), 2020: D(75), 2021: D(70), 2022: D(99)}
    statuses = [assess(indicator, values, y, TODAY).status for y in (2020, 2021, 2022)]
    # Path: 60 → 73.3 → 86.7 → 100.
    assert statuses == [Status.ON_TRACK, Status.AT_RISK, Status.NOT_ACHIEVED]


def test_relative_target_needs_a_baseline_value():
    assessment = assess(halving(), {2021: D(5)}, 2021, TODAY)
    assert assessment.status == Status.NO_DATA and assessment.target is None


def test_a_share_of_a_zero_baseline_is_not_measurable():
    assessment = assess(halving(), {2019: D(0), 2022: D(0)}, 2022, TODAY)
    assert assessment.target == 0 and assessment.status == Status.NOT_MEASURABLE


def test_an_absolute_target_from_a_zero_baseline_is_measured():
    indicator = halving(
        direction=Direction.HIGHER_IS_BETTER, target_type=TargetType.ABSOLUTE, target_value=D(10)
    )
    assessment = assess(indicator, {2019: D(0), 2022: D(10)}, 2022, TODAY)
    assert assessment.status == Status.ACHIEVED


def test_projection_of_the_unfinished_year():
    assert project(D(10), 2026, TODAY) == (D("19.9"), True)
    assert project(D(10), 2025, TODAY) == (D(10), False)
    assert project(D(10), 2026, date(2026, 12, 31)) == (D(10), True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_figures_are_written_as_floatformat_would(language):
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    from sakra.goals.services import number_text

    figures = [
        "0",
        "6",
        "6.000",
        "12.04",
        "12.05",
        "2.25",
        "0.05",
        "3.3333",
        "1E+2",
        "999999999.95",
    ]
    figures += [str(D(n) / 7) for n in range(0, 200, 3)]
    with translation.override(language):
        for figure in figures:
            assert number_text(D(figure)) == floatformat(D(figure), -1), figure
    assert number_text(None) == ""
