"""Funding sources and the activities they pay for, summed per area and year."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, VIEW

from ..models import FundedActivity, FundingSource
from .common import clean_texts, require, require_text

MAX_AMOUNT = Decimal("99999999999999")


def _amount(value: Any, field: str, message: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give an amount in kronor.")}) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError({field: _("Give an amount in whole kronor.")})
    if amount < 0:
        raise ValidationError({field: message})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("The amount is too large.")})
    return amount


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
    if effort_hours is not None and (
        isinstance(effort_hours, bool) or not isinstance(effort_hours, int) or effort_hours < 0
    ):
        raise ValidationError({"effort_hours": _("Effort cannot be negative.")})
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
