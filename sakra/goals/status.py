"""The status rule: one function, used by the pages, the API and the annual report.

For an indicator with baseline value B (its value in the baseline year) and target T (an
absolute value, or B × the target share), the planned path is the straight line from B in the
baseline year to T in the target year. For a year Y with value V:

- no value                                  → no data
- Y is the baseline year or before it       → baseline (the starting point, not assessed)
- a share of a baseline value of 0          → not measurable (half of nothing is nothing)
- V meets T (≤ T when lower is better)      → achieved
- Y is the target year or later             → not achieved
- V meets the planned path for Y            → on track
- otherwise                                 → at risk

For a count of events in the current, unfinished year, V is projected to a full year
(value so far × days in the year ÷ days passed) and the status is marked preliminary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .choices import Direction, Status, TargetType

BADGES = {
    Status.ACHIEVED: "badge--green",
    Status.ON_TRACK: "badge--green",
    Status.AT_RISK: "badge--amber",
    Status.NOT_ACHIEVED: "badge--red",
}


@dataclass(frozen=True)
class Assessment:
    """An indicator's standing in one year, with the figures that decide it."""

    year: int
    value: Decimal | None
    compared: Decimal | None  # the value the rule compares: projected in an unfinished year
    baseline: Decimal | None
    target: Decimal | None
    planned: Decimal | None
    status: Status
    preliminary: bool = False

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def badge_class(self) -> str:
        """The status badge's colour class (green, amber, red; none for no data)."""
        return BADGES.get(self.status, "")


def _meets(value: Decimal, bound: Decimal, direction: str) -> bool:
    return value <= bound if direction == Direction.LOWER_IS_BETTER else value >= bound


def target_value(indicator, baseline: Decimal | None) -> Decimal | None:
    if indicator.target_type == TargetType.ABSOLUTE:
        return Decimal(indicator.target_value)
    if baseline is None:
        return None
    return (baseline * Decimal(indicator.target_value)).quantize(Decimal("0.001"))


def planned_value(indicator, baseline: Decimal, target: Decimal, year: int) -> Decimal:
    span = indicator.target_year - indicator.baseline_year
    progress = min(max(year - indicator.baseline_year, 0), span)
    return baseline + (target - baseline) * Decimal(progress) / Decimal(span)


def project(value: Decimal, year: int, today: date) -> tuple[Decimal, bool]:
    """A count so far in the unfinished current year, projected to the whole year."""
    if year != today.year:
        return value, False
    days_in_year = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    days_passed = (today - date(year, 1, 1)).days + 1
    projected = value * Decimal(days_in_year) / Decimal(days_passed)
    return projected.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), True


def assess(indicator, values: dict[int, Decimal], year: int, today: date) -> Assessment:
    baseline = values.get(indicator.baseline_year)
    target = target_value(indicator, baseline)
    value = values.get(year)
    planned = None
    if baseline is not None and target is not None:
        planned = planned_value(indicator, baseline, target, year)
    if value is None or target is None:
        return Assessment(year, value, None, baseline, target, planned, Status.NO_DATA)
    if year <= indicator.baseline_year:
        return Assessment(year, value, value, baseline, target, planned, Status.BASELINE)
    if indicator.target_type == TargetType.RELATIVE and baseline == 0:
        return Assessment(year, value, None, baseline, target, planned, Status.NOT_MEASURABLE)
    compared, preliminary = value, False
    if indicator.kind_definition.counts_events:
        compared, preliminary = project(value, year, today)
    if _meets(compared, target, indicator.direction):
        status = Status.ACHIEVED
    elif year >= indicator.target_year:
        status = Status.NOT_ACHIEVED
    elif planned is not None and _meets(compared, planned, indicator.direction):
        status = Status.ON_TRACK
    else:
        status = Status.AT_RISK
    return Assessment(year, value, compared, baseline, target, planned, status, preliminary)
