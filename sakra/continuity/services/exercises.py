"""Exercises and training: planning an exercise, recording its evaluation, and each person's
training for a security role.

A year whose annual report is approved is closed (`sakra.core.hooks.year_is_closed`): an
exercise dated in it can no longer be added, moved into it, or changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import RoleAssignment
from sakra.core.access import CHANGE, VIEW, can
from sakra.core.concurrency import lock, save_changes, save_new_version
from sakra.core.hooks import year_is_closed

from ..choices import SECURITY_ROLES, ExerciseKind, ExerciseStatus
from ..models import ContinuityPlan, Exercise, TrainingRecord
from ..querysets import CREATE
from .common import a_date, a_person, not_in_future, refuse_unknown, stored_text, whole_number

PLAN_FIELDS = ["title", "kind", "area", "date", "scenario", "plan", "participant_roles"]
EVALUATION_FIELDS = ["participants", "participant_roles", "worked_well", "did_not_work",
                     "recovery_hours"]  # fmt: skip


def refuse_closed_year(day: datetime.date, field: str = "date") -> None:
    if year_is_closed(day.year):
        raise ValidationError({field: _(
            "{year} is closed: its annual report is approved, so no exercise can be added to it "
            "or changed in it."
        ).format(year=day.year)})  # fmt: skip


def _plan_fields(data: dict, by: Any) -> dict:
    refuse_unknown(data, PLAN_FIELDS)
    if data.get("kind") not in ExerciseKind.values:
        raise ValidationError({"kind": _("Choose the kind of exercise.")})
    if data.get("area") is None:
        raise ValidationError({"area": _("Choose the security area.")})
    day = a_date(data.get("date"), "date")
    refuse_closed_year(day)
    plan = data.get("plan")
    if plan is not None and not (
        ContinuityPlan.objects.for_user(by, VIEW).filter(pk=plan.pk).exists()
    ):
        raise ValidationError({"plan": _("Choose a continuity plan in your scope.")})
    return {
        "title": stored_text(data.get("title"), "title", 200, required=True),
        "kind": data["kind"],
        "area": data["area"],
        "date": day,
        "scenario": stored_text(data.get("scenario"), "scenario", 5000, required=True),
        "plan": plan,
        "participant_roles": stored_text(data.get("participant_roles"), "participant_roles", 2000),
    }


@transaction.atomic
def plan_exercise(*, by: Any, unit: Any, **data: Any) -> Exercise:
    """A planned exercise of a unit in a security area (refused in a closed year)."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit that holds the exercise.")})
    cleaned = _plan_fields(data, by)
    exercise = Exercise.objects.create(unit=unit, created_by=by, **cleaned)
    if not can(by, CREATE, exercise):  # the unit and the area together decide
        raise PermissionDenied(_("You may not plan exercises here."))
    return exercise


def _changeable(exercise: Exercise, by: Any) -> None:
    if not can(by, CHANGE, exercise):
        raise PermissionDenied
    refuse_closed_year(exercise.date)


@transaction.atomic
def update_exercise(exercise: Exercise, *, by: Any, version: int, **data: Any) -> Exercise:
    _changeable(exercise, by)
    cleaned = _plan_fields(data, by)
    row = lock(exercise, version)
    if row.is_held:
        not_in_future(cleaned["date"], "date", _("A held exercise cannot be dated in the future."))
    save_changes(row, cleaned)
    if not can(by, CHANGE, row):  # moved out of the person's scope
        raise PermissionDenied(_("You may not move the exercise there."))
    return row


@transaction.atomic
def record_evaluation(exercise: Exercise, *, by: Any, version: int, **data: Any) -> Exercise:
    """The exercise was held: who took part, what worked and what did not, and how long recovery
    took (compared with the exercised plan's tolerable interruption). The evaluation's actions
    are made on the actions page with the exercise as their source."""
    _changeable(exercise, by)
    refuse_unknown(data, EVALUATION_FIELDS)
    not_in_future(
        exercise.date, "date", _("The exercise is dated in the future: it is not held yet.")
    )
    participants = whole_number(
        data.get("participants"), "participants",
        not_a_number=_("Give the number of participants."),
        below_zero=_("The number of participants cannot be below zero."),
    )  # fmt: skip
    recovery = whole_number(
        data.get("recovery_hours"), "recovery_hours", required=False,
        not_a_number=_("Give the recovery time in whole hours."),
        below_zero=_("A recovery time cannot be below zero."),
    )  # fmt: skip
    worked_well = stored_text(data.get("worked_well"), "worked_well", 5000, required=True)
    did_not_work = stored_text(data.get("did_not_work"), "did_not_work", 5000, required=True)
    roles = stored_text(data.get("participant_roles"), "participant_roles", 2000)
    row = lock(exercise, version)
    row.status, row.participants, row.participant_roles = ExerciseStatus.HELD, participants, roles
    row.worked_well, row.did_not_work, row.recovery_hours = worked_well, did_not_work, recovery
    fields = ["status", "participants", "participant_roles", "worked_well", "did_not_work",
              "recovery_hours"]  # fmt: skip
    save_new_version(row, *fields)
    return row


# --- training ---------------------------------------------------------------------------------


@transaction.atomic
def add_training(
    *, by: Any, person: Any, role: str, course: str, completed_on: Any, valid_until: Any = None
) -> TrainingRecord:
    """A training `person` has done for a security role."""
    person = a_person(person, "person", _("Choose the person who did the training."))
    if role not in SECURITY_ROLES:
        raise ValidationError({"role": _("Choose one of the security roles.")})
    completed_on = a_date(completed_on, "completed_on")
    not_in_future(completed_on, "completed_on", _("A training cannot be completed in the future."))
    valid_until = a_date(valid_until, "valid_until", required=False)
    if valid_until is not None and valid_until < completed_on:
        raise ValidationError(
            {"valid_until": _("A training cannot stop counting before it was done.")}
        )
    record = TrainingRecord.objects.create(
        person=person, role=role, course=stored_text(course, "course", 200, required=True),
        completed_on=completed_on, valid_until=valid_until, created_by=by,
    )  # fmt: skip
    if not can(by, CREATE, record):
        raise PermissionDenied(_("You may not record training for this person."))
    return record


@dataclass(frozen=True)
class RoleCoverage:
    """How many of the people holding a security role have a valid training for it."""

    role: str
    label: str
    holders: int
    trained: int

    @property
    def share(self) -> int | None:
        return round(100 * self.trained / self.holders) if self.holders else None


def holding(role: str, unit_path: str | None = None) -> Q:
    """The users (as a condition on User) who hold `role`, within a unit subtree when given."""
    held = RoleAssignment.objects.filter(user=OuterRef("pk"), role=role)
    if unit_path is not None:
        held = held.filter(unit__path__startswith=unit_path)
    return Q(Exists(held))


def trained(role: str, day: datetime.date) -> Q:
    """The users (as a condition on User) with a training for `role` valid on `day`."""
    records = TrainingRecord.objects.filter(person=OuterRef("pk"), role=role).valid_on(day)
    return Q(Exists(records))


def role_coverage(day: datetime.date | None = None) -> list[RoleCoverage]:
    """Per security role, the active people holding it anywhere and those of them whose
    training for it is valid on `day` (today): one grouped query over the role assignments. A
    count, whoever looks."""
    day = day or timezone.localdate()
    valid = TrainingRecord.objects.filter(person=OuterRef("user"), role=OuterRef("role"))
    rows = (
        RoleAssignment.objects.filter(role__in=SECURITY_ROLES, user__is_active=True)
        .order_by()
        .values("role")
        .annotate(
            holders=Count("user", distinct=True),
            trained=Count("user", distinct=True, filter=Q(Exists(valid.valid_on(day)))),
        )
    )
    counts = {row["role"]: (row["holders"], row["trained"]) for row in rows}
    return [RoleCoverage(role, role.label, *counts.get(role, (0, 0))) for role in SECURITY_ROLES]
