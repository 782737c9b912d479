"""Civil defence: a unit's plan for heightened alert, the posts of its wartime organisation and
the people placed in them, and the counts per administration that goals read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, can
from sakra.core.concurrency import lock, save_changes
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
    save_changes(row, cleaned)
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
    save_changes(row, cleaned)
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
    `posts` its posts, the placed ones and those whose person was told. A plan belongs to the
    administration whose path begins its unit's path, so each count is one GROUP BY on that
    prefix: three queries whatever the number of rows or administrations."""
    administrations = {
        unit.path: unit for unit in Unit.objects.filter(kind=UnitKind.ADMINISTRATION)
    }
    adopted = ~Q(state=WartimePlanState.DRAFT)
    plan_counts: dict[str, dict] = {}
    post_counts: dict[str, dict] = {}
    # Administrations sit at one depth of the tree (below the region); one prefix length each.
    for length in sorted({len(path) for path in administrations}):
        rows = (
            plans.order_by()
            .annotate(prefix=Substr("unit__path", 1, length))
            .values("prefix")
            .annotate(plans=Count("pk"), adopted=Count("pk", filter=adopted))
        )
        plan_counts.update((row["prefix"], row) for row in rows)
        counts = {key: Count("pk", filter=when) for key, when in post_conditions().items()}
        rows = (
            posts.order_by()
            .annotate(prefix=Substr("plan__unit__path", 1, length))
            .values("prefix")
            .annotate(**counts)
        )
        post_counts.update((row["prefix"], row) for row in rows)
    empty = dict.fromkeys(post_conditions(), 0)
    return sorted(
        (
            AdministrationCount(
                administration=administrations[path],
                plans=row["plans"],
                adopted=row["adopted"],
                **{key: post_counts.get(path, empty)[key] for key in empty},
            )
            for path, row in plan_counts.items()
            if path in administrations
        ),
        key=lambda count: count.administration.name,
    )
