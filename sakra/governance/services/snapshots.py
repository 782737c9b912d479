"""Yearly snapshots of the goals' computed indicators, so a past year's report is reproduced
from what it said then and not from the data as it is today.

The indicators are computed by the goals app (`sakra.goals.services.compute_values` and the
status rule `sakra.goals.status.assess`): this module only keeps what they answered."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import IndicatorSnapshot
from ..querysets import SNAPSHOT


def _indicators(year: int):
    """The indicators of the active goals whose measuring has begun by `year`."""
    from sakra.goals.models import Goal, Indicator

    return list(
        Indicator.objects.filter(
            goal__in=Goal.objects.active(), baseline_year__lte=year
        ).select_related("goal", "goal__administration", "unit", "site")
    )


@transaction.atomic
def take_snapshot(*, by: Any, year: int) -> int:
    """Keep every indicator's value and standing in `year`. Idempotent: a row taken after the
    year ended is final and never changed (an indicator added since is added); a row taken
    while the year ran is replaced by the values of now. Returns the rows written.

    `by=None` is the worker at year end; a person must be the security chief."""
    from sakra.goals.services import compute_values
    from sakra.goals.status import assess

    today = timezone.localdate()
    if by is not None and not IndicatorSnapshot.objects.may_region_wide(by, SNAPSHOT):
        raise PermissionDenied(_("Only the security chief takes snapshots of the indicators."))
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= today.year:
        raise ValidationError({"year": _("Give a year that has begun, from 2000.")})
    indicators = _indicators(year)
    final = set(IndicatorSnapshot.objects.final(year).values_list("indicator_id", flat=True))
    indicators = [indicator for indicator in indicators if indicator.pk not in final]
    if not indicators:
        return 0
    years = sorted({year, *(indicator.baseline_year for indicator in indicators)})
    # The figure is the goal's, whoever asks (one truth per goal): no viewer narrows it.
    values = compute_values(None, indicators, years)
    now = timezone.now()
    rows = []
    for indicator in indicators:
        own = values.get(indicator.pk, {})
        assessment = assess(indicator, own, year, today)
        rows.append(
            IndicatorSnapshot(
                indicator=indicator, year=year, goal_title=indicator.goal.title[:200],
                indicator_title=indicator.title[:200], value=assessment.value,
                baseline_value=assessment.baseline, target=assessment.target,
                status=assessment.status, preliminary=assessment.preliminary, taken_at=now,
                taken_by=by,
            )
        )  # fmt: skip
    # Taken while the year ran, a row is replaced; taken after it ended, it was left out above.
    IndicatorSnapshot.objects.filter(year=year, indicator__in=indicators).delete()
    # A second worker taking the same year at the same moment: its rows are dropped.
    IndicatorSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def snapshot_years() -> list[int]:
    """The years that have a snapshot, newest first."""
    return list(
        IndicatorSnapshot.objects.order_by("-year").values_list("year", flat=True).distinct()
    )
