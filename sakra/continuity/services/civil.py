"""Civil defence: a unit's plan for heightened alert, the posts of its wartime organisation and
the people placed in them, and the counts per administration that goals read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, can
from sakra.core.concurrency import lock, save_new_version
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import Unit

from ..choices import WartimePlanState
from ..models import WartimePlan, WartimePost
from ..querysets import CREATE
from .common import a_date, a_person, not_in_future, refuse_unknown, stored_text

PLAN_FIELDS = ["state", "adopted_on", "review_date", "notes", "responsible"]
POST_FIELDS = ["title", "person", "informed_on", "note"]


def _plan_fields(data: dict) -> dict:
    refuse_unknown(data, PLAN_FIELDS)
    state = data.get("state") or WartimePlanState.DRAFT
    if state not in WartimePlanState.values:
        raise ValidationError({"state": _("Choose the state of the plan.")})
    adopted_on = a_date(data.get("adopted_on"), "adopted_on", required=False)
    not_in_future(adopted_on, "adopted_on", _("A plan cannot be adopted in the future."))
    if state != WartimePlanState.DRAFT and adopted_on is None:
        raise ValidationError({"adopted_on": _("Give the day the plan was adopted.")})
    return {
        "state": state,
        "adopted_on": adopted_on,
        "review_date": a_date(data.get("review_date"), "review_date", required=False),
        "notes": stored_text(data.get("notes"), "notes", 5000),
        "responsible": a_person(
            data.get("responsible"), "responsible", _("Name the person responsible for the plan.")
        ),
    }


@transaction.atomic
def create_wartime_plan(*, by: Any, unit: Any, **data: Any) -> WartimePlan:
    """The plan for heightened alert of a unit (one per unit)."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the plan is for.")})
    if not WartimePlan.objects.units_for(by, CREATE).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not make plans for heightened alert here."))
    if WartimePlan.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": _("The unit already has a plan for heightened alert.")})
    return WartimePlan.objects.create(unit=unit, created_by=by, **_plan_fields(data))


@transaction.atomic
def update_wartime_plan(plan: WartimePlan, *, by: Any, version: int, **data: Any) -> WartimePlan:
    if not can(by, CHANGE, plan):
        raise PermissionDenied
    cleaned = _plan_fields(data)
    row = lock(plan, version)
    for name, value in cleaned.items():
        setattr(row, name, value)
    save_new_version(row, *cleaned)
    return row


def _post_fields(data: dict) -> dict:
    refuse_unknown(data, POST_FIELDS)
    person = a_person(data.get("person"), "person", "", required=False)
    informed_on = a_date(data.get("informed_on"), "informed_on", required=False)
    if informed_on is not None and person is None:
        raise ValidationError(
            {"informed_on": _("Name the person placed before recording that they were told.")}
        )
    not_in_future(informed_on, "informed_on", _("Nobody can have been told in the future."))
    return {
        "title": stored_text(data.get("title"), "title", 200, required=True),
        "person": person,
        "informed_on": informed_on,
        "note": stored_text(data.get("note"), "note", 300),
    }


@transaction.atomic
def add_post(plan: WartimePlan, *, by: Any, **data: Any) -> WartimePost:
    """A post of the unit's wartime organisation, vacant or with the person placed in it."""
    if not can(by, CHANGE, plan):
        raise PermissionDenied
    return WartimePost.objects.create(plan=plan, **_post_fields(data))


@transaction.atomic
def update_post(post: WartimePost, *, by: Any, version: int, **data: Any) -> WartimePost:
    """Place a person in the post (or leave it vacant) and record when they were told; a new
    person has not been told until a day is given again."""
    if not can(by, CHANGE, post):
        raise PermissionDenied
    cleaned = _post_fields(data)
    row = lock(post, version)
    for name, value in cleaned.items():
        setattr(row, name, value)
    save_new_version(row, *cleaned)
    return row


# --- the counts per administration ------------------------------------------------------------


@dataclass(frozen=True)
class AdministrationCount:
    """The wartime organisation of one administration, as counted."""

    administration: Unit
    plans: int
    adopted: int
    posts: int
    placed: int
    informed: int


def post_conditions(prefix: str = "") -> dict[str, Q]:
    """The counts a post adds to, as conditions on WartimePost (`prefix` leads to a post)."""
    return {
        "posts": Q(),
        "placed": Q(**{f"{prefix}person__isnull": False}),
        "informed": Q(**{f"{prefix}person__isnull": False, f"{prefix}informed_on__isnull": False}),
    }


def administration_counts(plans, posts) -> list[AdministrationCount]:
    """Per administration that has a plan among `plans`: its plans and adopted ones, and among
    `posts` its posts, the placed ones and those whose person was told. Three queries whatever
    the number of rows (the administrations, then one aggregate each over plans and posts)."""
    administrations = list(Unit.objects.filter(kind=UnitKind.ADMINISTRATION).order_by("name"))
    if not administrations:
        return []
    adopted = ~Q(state=WartimePlanState.DRAFT)
    plan_aggregates = {}
    for a in administrations:
        within = Q(unit__path__startswith=a.path)
        plan_aggregates[f"p{a.pk}"] = Count("pk", filter=within)
        plan_aggregates[f"a{a.pk}"] = Count("pk", filter=within & adopted)
    plan_counts = plans.order_by().aggregate(**plan_aggregates)
    aggregates = {}
    for a in administrations:
        within = Q(plan__unit__path__startswith=a.path)
        for key, condition in post_conditions().items():
            aggregates[f"{key}{a.pk}"] = Count("pk", filter=within & condition)
    post_counts = posts.order_by().aggregate(**aggregates)
    return [
        AdministrationCount(
            administration=a,
            plans=plan_counts[f"p{a.pk}"],
            adopted=plan_counts[f"a{a.pk}"],
            posts=post_counts[f"posts{a.pk}"],
            placed=post_counts[f"placed{a.pk}"],
            informed=post_counts[f"informed{a.pk}"],
        )
        for a in administrations
        if plan_counts[f"p{a.pk}"]
    ]
