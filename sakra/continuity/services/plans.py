"""Continuity plans and the backups of the dependencies they rely on."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.concurrency import lock, save_changes, save_new_version
from sakra.risks.models import CriticalDependency, CriticalService, MatrixVersion

from ..choices import IMPACT_STEPS
from ..models import ContinuityPlan, DependencyBackup
from ..querysets import CREATE
from .common import stored_text

TEXTS = {"title": 200, "what_continues": 5000, "minimum_level": 5000, "alternatives": 10000,
         "resources": 5000, "contacts": 5000}  # fmt: skip
REQUIRED = {"title", "minimum_level"}
IMPACTS = [name for _hours, name, _label in IMPACT_STEPS]
FIELDS = [*TEXTS, "service", "tolerable_hours", *IMPACTS, "responsible", "review_date"]


def _text(value: Any, field: str) -> str:
    return stored_text(value, field, TEXTS[field], required=field in REQUIRED)


def severe_step(scale: list) -> int:
    """The first step of the regional consequence scale that no service may reach within its
    tolerance: the scale's middle ("Allvarlig" on the default five steps)."""
    return (len(scale) + 2) // 2


def derived_tolerance(impacts: dict[str, int | None], scale: list) -> int | None:
    """The longest interruption the impact over time allows: the first time step whose
    consequence is severe, None when none is."""
    for hours, name, _label in IMPACT_STEPS:
        step = impacts.get(name)
        if isinstance(step, int) and step >= severe_step(scale):
            return hours
    return None


def check_tolerance(tolerable_hours: Any, impacts: dict[str, int | None]) -> int | None:
    """Validate the impact over time against the scale and the tolerance against the impact;
    the longest interruption the impact allows (None when it never becomes severe)."""
    if isinstance(tolerable_hours, bool) or not isinstance(tolerable_hours, int):
        raise ValidationError({"tolerable_hours": _("Give the number of hours.")})
    if tolerable_hours < 0:
        raise ValidationError({"tolerable_hours": _("An interruption cannot be below zero.")})
    scale = MatrixVersion.objects.current().consequence_labels
    previous = 0
    derived = None
    for hours, name, label in IMPACT_STEPS:
        step = impacts.get(name)
        if step is None:
            continue
        if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= len(scale):
            raise ValidationError(
                {name: _("Choose a step of the consequence scale (1 to {n}).").format(n=len(scale))}
            )
        if step < previous:
            raise ValidationError(
                {name: _("The consequence cannot fall as the interruption goes on.")}
            )
        previous = step
        if derived is None and step >= severe_step(scale):
            derived = hours
            if tolerable_hours > hours:
                raise ValidationError({"tolerable_hours": _(
                    "The consequence is “{consequence}” after {time}: the tolerable interruption "
                    "cannot be longer than {hours} hours."
                ).format(consequence=scale[step - 1], time=label, hours=hours)})  # fmt: skip
    return derived


def _clean(data: dict, by: Any) -> dict:
    unknown = set(data) - set(FIELDS) - {"unit"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    cleaned = {name: _text(data.get(name), name) for name in TEXTS if name in data}
    service = data.get("service")
    services = CriticalService.objects.for_user(by, VIEW)
    if service is not None and not services.filter(pk=service.pk).exists():
        raise ValidationError({"service": _("Choose a critical service in your scope.")})
    if data.get("responsible") is None:
        raise ValidationError({"responsible": _("Name the person responsible for the plan.")})
    if not isinstance(data.get("review_date"), datetime.date):
        raise ValidationError({"review_date": _("Give a date.")})
    impacts = {name: data.get(name) for name in IMPACTS}
    check_tolerance(data.get("tolerable_hours"), impacts)
    cleaned.update(impacts, service=service, tolerable_hours=data["tolerable_hours"],
                   responsible=data["responsible"], review_date=data["review_date"])  # fmt: skip
    return cleaned


@transaction.atomic
def create_plan(*, by: Any, unit: Any = None, **data: Any) -> ContinuityPlan:
    """A new plan for a critical service (placed at its unit) or for a unit."""
    service = data.get("service")
    unit = unit or (service.unit if service is not None else None)
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the plan is for.")})
    plan = ContinuityPlan(unit=unit, created_by=by, **_clean(data, by))
    plan.save()
    if not can(by, CREATE, plan):
        raise PermissionDenied(_("You may not make continuity plans here."))
    return plan


@transaction.atomic
def update_plan(plan: ContinuityPlan, *, by: Any, version: int, **data: Any) -> ContinuityPlan:
    if not can(by, CHANGE, plan):
        raise PermissionDenied
    cleaned = _clean(data, by)
    row = lock(plan, version)
    save_changes(row, cleaned)
    return row


@transaction.atomic
def record_backup(
    dependency: CriticalDependency, *, by: Any, lasts_hours: int | None,
    checked_on: datetime.date | None = None, version: int | None = None,
) -> DependencyBackup:  # fmt: skip
    """How long the dependency's backup lasts, once for every plan that relies on it; the first
    record takes no version, a change names the one it was made from."""
    if not CriticalDependency.objects.for_user(by, CHANGE).filter(pk=dependency.pk).exists():
        raise PermissionDenied
    if lasts_hours is not None and (isinstance(lasts_hours, bool) or lasts_hours < 0):
        raise ValidationError({"lasts_hours": _("A backup cannot last below zero hours.")})
    existing = DependencyBackup.objects.filter(dependency=dependency).first()
    if existing is None:
        return DependencyBackup.objects.create(
            dependency=dependency, lasts_hours=lasts_hours, checked_on=checked_on
        )
    if version is None:
        raise ValidationError({"version": _("The backup is already recorded: reload the page.")})
    row = lock(existing, version)
    row.lasts_hours, row.checked_on = lasts_hours, checked_on
    save_new_version(row, "lasts_hours", "checked_on")
    return row
