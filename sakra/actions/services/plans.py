"""The annual plan (verksamhetsplan): plans, their activities, and next year's copy."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.accounts.models import User
from sakra.core.access import CHANGE
from sakra.core.audit import log_bulk_created
from sakra.core.concurrency import lock, save_new_version

from ..choices import ActivityStatus
from ..models import AnnualPlan, PlannedActivity
from ..querysets import CREATE
from .common import require


@transaction.atomic
def create_plan(*, by: User, year: int, administration, title: str) -> AnnualPlan:
    """A new annual plan for an administration (or the region) and a year."""
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the plan a title.")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("Give a year between 2000 and 2100.")]
    elif AnnualPlan.objects.filter(year=year, administration=administration).exists():
        errors["year"] = [
            _("{unit} already has a plan for {year}.").format(unit=administration, year=year)
        ]
    if errors:
        raise ValidationError(errors)
    plan = AnnualPlan.objects.create(
        year=year, administration=administration, title=title, created_by=by
    )
    require(by, CREATE, plan, _("You may not make plans for {unit}.").format(unit=administration))
    return plan


@transaction.atomic
def add_activity(
    plan: AnnualPlan,
    *,
    by: User,
    title: str,
    area=None,
    goal: str = "",
    owner: User | None = None,
    description: str = "",
    estimated_cost=None,
    effort_hours: int | None = None,
) -> PlannedActivity:
    """Add a planned activity to a plan, with its estimated cost and effort when known."""
    from .estimates import check_estimate

    require(by, CHANGE, plan, _("You may not change this plan."))
    estimated_cost, effort_hours = check_estimate(estimated_cost, effort_hours)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the activity a title.")]})
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": [_("Choose an active person.")]})
    return PlannedActivity.objects.create(
        plan=plan,
        title=title,
        area=area,
        goal=(goal or "").strip(),
        owner=owner,
        description=(description or "").strip(),
        estimated_cost=estimated_cost,
        effort_hours=effort_hours,
    )


@transaction.atomic
def set_activity_status(
    activity: PlannedActivity, *, by: User, version: int, status: str, note: str = ""
) -> PlannedActivity:
    """Follow an activity through the year."""
    require(by, CHANGE, activity, _("You may not change this activity."))
    row = lock(activity, version)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    row.status = status
    row.status_note = (note or "").strip()
    save_new_version(row, "status", "status_note")
    return row


@transaction.atomic
def copy_plan_to_next_year(plan: AnnualPlan, *, by: User) -> AnnualPlan:
    """Next year's plan with the same activities, all planned again (cancelled ones left out).

    The plan itself is only read, so the copy needs no version.
    """
    require(by, CHANGE, plan, _("You may not change this plan."))
    year = plan.year + 1
    if AnnualPlan.objects.filter(year=year, administration=plan.administration).exists():
        raise ValidationError(
            _("{unit} already has a plan for {year}.").format(unit=plan.administration, year=year)
        )
    copy = AnnualPlan.objects.create(
        year=year, administration=plan.administration, title=plan.title, created_by=by
    )
    activities = PlannedActivity.objects.bulk_create(
        PlannedActivity(
            plan=copy,
            title=activity.title,
            description=activity.description,
            area_id=activity.area_id,
            goal=activity.goal,
            owner_id=activity.owner_id,
        )
        for activity in plan.activities.exclude(status=ActivityStatus.CANCELLED)
    )
    log_bulk_created(activities, actor=by)
    return copy
