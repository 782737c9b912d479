"""The estimated cost and effort of an action or a planned activity, for the budget process
(governance sums them per security area and year beside the funding sources)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import effort_hours as check_effort
from sakra.core.validation import whole_kronor

from ..models import Action, PlannedActivity
from .common import require


def check_estimate(estimated_cost: Any, effort_hours: Any) -> tuple[Any, int | None]:
    """The cost in whole kronor (or None) and the hours (or None), refused when negative."""
    cost = None
    if estimated_cost is not None and estimated_cost != "":
        cost = whole_kronor(
            estimated_cost, field="estimated_cost", negative=_("A cost cannot be negative.")
        )
    return cost, check_effort(effort_hours)


@transaction.atomic
def estimate(
    row: Action | PlannedActivity, *, by: Any, version: int, estimated_cost: Any = None,
    effort_hours: Any = None,
) -> Action | PlannedActivity:  # fmt: skip
    """Set (or clear, with None) the estimated cost and effort of an action or a planned
    activity; whoever may change the row may estimate it."""
    require(by, CHANGE, row, _("You may not change this."))
    cost, hours = check_estimate(estimated_cost, effort_hours)
    locked = lock(row, version)
    locked.estimated_cost, locked.effort_hours = cost, hours
    save_new_version(locked, "estimated_cost", "effort_hours")
    return locked
