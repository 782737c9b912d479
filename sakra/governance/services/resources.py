"""Funding sources and the activities they pay for, summed per area and year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, VIEW
from sakra.core.validation import effort_hours as check_effort
from sakra.core.validation import whole_kronor

from ..models import FundedActivity, FundingSource
from .common import clean_texts, require, require_text


def _amount(value: Any, field: str, message: str) -> Decimal:
    return whole_kronor(value, field=field, negative=message)


def _year(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise ValidationError({field: _("Give a year between 2000 and 2100.")})
    return value


@transaction.atomic
def record_funding(
    *, by: Any, name: str, amount: Any, start_year: int, end_year: int, granted_by: str = "",
    decision: Any = None,
) -> FundingSource:  # fmt: skip
    """A funding source over a period of years (the state grant 2023–2025)."""
    if by is not None and not FundingSource.objects.may_region_wide(by, CHANGE):
        raise PermissionDenied(_("Only the security chief records funding sources."))
    fields = clean_texts(FundingSource, name=name, granted_by=granted_by)
    require_text(fields, "name", _("Name the funding source."))
    amount = _amount(amount, "amount", _("An amount cannot be negative."))
    start_year, end_year = _year(start_year, "start_year"), _year(end_year, "end_year")
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year cannot come before the first.")})
    return FundingSource.objects.create(
        amount=amount, start_year=start_year, end_year=end_year, decision=decision,
        created_by=by, **fields,
    )  # fmt: skip


@transaction.atomic
def add_funded_activity(
    funding: FundingSource, *, by: Any, title: str, administration: Any, year: int,
    estimated_cost: Any, area: Any = None, effort_hours: int | None = None,
    planned_activity: Any = None,
) -> FundedActivity:  # fmt: skip
    """An activity paid from `funding` in `year`, with its estimated cost and effort."""
    require(by, CHANGE, funding, _("You may not change this funding source."))
    if administration is None:
        raise ValidationError({"administration": _("Choose the administration.")})
    fields = clean_texts(FundedActivity, title=title)
    require_text(fields, "title", _("Name the activity."))
    cost = _amount(estimated_cost, "estimated_cost", _("A cost cannot be negative."))
    year = _year(year, "year")
    if not funding.start_year <= year <= funding.end_year:
        raise ValidationError(
            {
                "year": _("The funding covers {start}–{end}.").format(
                    start=funding.start_year, end=funding.end_year
                )
            }
        )
    effort_hours = check_effort(effort_hours)
    return FundedActivity.objects.create(
        funding=funding, administration=administration, area=area, year=year,
        estimated_cost=cost, effort_hours=effort_hours, planned_activity=planned_activity,
        created_by=by, **fields,
    )  # fmt: skip


def summary(user: Any) -> list[dict]:
    """Estimated cost and effort per year and security area of the activities `user` sees,
    for the budget process: one query."""
    return list(
        FundedActivity.objects.for_user(user, VIEW)
        .values("year", "area__name_sv", "area_id")
        .annotate(cost=Sum("estimated_cost"), hours=Sum("effort_hours"))
        .order_by("year", "area__position", "area__name_sv")
    )


@dataclass
class BudgetLine:
    """One security area in one year, for the budget process: the estimated cost and effort of
    the planned activities and of the actions, what funding sources pay for, and how many of
    the area's goals for the year are of high priority."""

    year: int
    area: Any = None
    planned_cost: Decimal = Decimal(0)
    planned_hours: int = 0
    action_cost: Decimal = Decimal(0)
    action_hours: int = 0
    funded_cost: Decimal = Decimal(0)
    high_priority_goals: int = 0
    sources: dict = field(default_factory=dict)

    @property
    def estimated_cost(self) -> Decimal:
        return self.planned_cost + self.action_cost

    @property
    def funding(self) -> list:
        return sorted(self.sources.values(), key=lambda source: source[1])


def budget_summary(user: Any, year: int | None = None) -> list[BudgetLine]:
    """Per year and security area, of the rows `user` sees: the planned activities' and the
    open or done actions' estimated cost and effort (an action counts in the year it is due),
    the funded activities with their funding sources, and the high-priority goals.
    Five queries, whatever the number of rows."""
    from django.db.models.functions import ExtractYear

    from sakra.actions.choices import ActionStatus
    from sakra.actions.models import Action, PlannedActivity
    from sakra.goals.choices import Priority
    from sakra.goals.models import Goal
    from sakra.organisation.models import SecurityArea

    lines: dict[tuple[int, int | None], BudgetLine] = {}

    def line(row_year: int, area_id: int | None) -> BudgetLine:
        return lines.setdefault((row_year, area_id), BudgetLine(row_year, area_id))

    estimated = Q(estimated_cost__isnull=False) | Q(effort_hours__isnull=False)
    planned = (
        PlannedActivity.objects.for_user(user, VIEW)
        .filter(estimated)
        .values("plan__year", "area_id")
        .annotate(cost=Sum("estimated_cost"), hours=Sum("effort_hours"))
        .order_by()
    )
    actions = (
        Action.objects.for_user(user, VIEW)
        .filter(estimated)
        .exclude(status=ActionStatus.CANCELLED)
        .annotate(due_year=ExtractYear("due_date"))
        .values("due_year", "area_id")
        .annotate(cost=Sum("estimated_cost"), hours=Sum("effort_hours"))
        .order_by()
    )
    funded = (
        FundedActivity.objects.for_user(user, VIEW)
        .values("year", "area_id", "funding_id", "funding__name")
        .annotate(cost=Sum("estimated_cost"))
        .order_by()
    )
    if year is not None:
        planned = planned.filter(plan__year=year)
        actions = actions.filter(due_year=year)
        funded = funded.filter(year=year)
    for row in planned:
        entry = line(row["plan__year"], row["area_id"])
        entry.planned_cost += row["cost"] or 0
        entry.planned_hours += row["hours"] or 0
    for row in actions:
        entry = line(row["due_year"], row["area_id"])
        entry.action_cost += row["cost"] or 0
        entry.action_hours += row["hours"] or 0
    for row in funded:
        entry = line(row["year"], row["area_id"])
        entry.funded_cost += row["cost"] or 0
        entry.sources[row["funding_id"]] = (row["funding_id"], row["funding__name"])
    if not lines:
        return []
    goals = Goal.objects.active().filter(priority=Priority.HIGH)
    for area_id, start, end in goals.values_list("area_id", "start_year", "end_year"):
        for (line_year, line_area), entry in lines.items():
            if line_area == area_id and start <= line_year <= end:
                entry.high_priority_goals += 1
    areas = SecurityArea.objects.in_bulk({area for _year, area in lines if area is not None})
    for entry in lines.values():
        entry.area = areas.get(entry.area)
    return sorted(
        lines.values(),
        key=lambda entry: (
            entry.year,
            entry.area is None,
            getattr(entry.area, "position", 0),
            str(entry.area or ""),
        ),
    )
