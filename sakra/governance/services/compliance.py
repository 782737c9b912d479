"""The statutory requirements register and the internal control plan of a year."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.core.concurrency import lock, save_new_version

from ..choices import (
    OCCURRENCES_PER_YEAR,
    ControlFrequency,
    ControlResult,
    OccurrenceStatus,
    PlanStatus,
    RequirementStatus,
)
from ..models import Control, ControlOccurrence, ControlPlan, Requirement
from ..querysets import PERFORM
from .common import clean_texts, require, require_text, require_version

#: Days an action raised from a control's remark has, by default.
ACTION_DAYS = 30


# --- statutory requirements -------------------------------------------------------------


def _check_status(status: str) -> None:
    if status not in RequirementStatus.values:
        raise ValidationError({"status": _("Choose a status.")})


@transaction.atomic
def add_requirement(
    *,
    by: Any,
    area: Any,
    reference: str,
    law: str,
    requirement: str,
    owner: Any = None,
    how_met: str = "",
    status: str = RequirementStatus.NOT_ASSESSED,
) -> Requirement:
    """A requirement of a law or regulation on `area`, under a stable `reference`."""
    if area is None:
        raise ValidationError({"area": _("Choose the security area.")})
    if by is not None and not Requirement.objects.areas_for(by, CHANGE).filter(pk=area.pk).exists():
        raise PermissionDenied(_("You may not keep the requirements of this area."))
    _check_status(status)
    fields = clean_texts(
        Requirement, reference=reference, law=law, requirement=requirement, how_met=how_met
    )
    require_text(fields, "reference", _("Give the requirement a reference."))
    require_text(fields, "law", _("Name the law or regulation."))
    require_text(fields, "requirement", _("Write the requirement in a sentence."))
    if Requirement.objects.current().filter(reference=fields["reference"]).exists():
        raise ValidationError({"reference": _("A current requirement already has this reference.")})
    return Requirement.objects.create(
        area=area, owner=owner, status=status, created_by=by, **fields
    )


@transaction.atomic
def assess_requirement(
    requirement: Requirement, *, by: Any, version: int, status: str, how_met: str = "",
    owner: Any = None,
) -> Requirement:  # fmt: skip
    """How the requirement is met and its status; a superseded requirement is history."""
    require(by, CHANGE, requirement, _("You may not keep this requirement."))
    row = lock(requirement, require_version(version))
    if not row.is_current:
        raise ValidationError(_("This requirement has been superseded: assess the current one."))
    _check_status(status)
    fields = clean_texts(how_met=how_met)
    row.status, row.how_met = status, fields["how_met"]
    if owner is not None:
        row.owner = owner
    save_new_version(row, "status", "how_met", "owner")
    return row


@transaction.atomic
def supersede_requirement(
    requirement: Requirement, *, by: Any, version: int, law: str, requirement_text: str,
    how_met: str | None = None,
) -> Requirement:  # fmt: skip
    """A changed law: a new current row under the same reference, the old one kept as it was
    (no longer current). The new one is to be assessed again."""
    require(by, CHANGE, requirement, _("You may not keep this requirement."))
    old = lock(requirement, require_version(version))
    if not old.is_current:
        raise ValidationError(_("This requirement has already been superseded."))
    fields = clean_texts(
        Requirement,
        law=law,
        requirement=requirement_text,
        how_met=old.how_met if how_met is None else how_met,
    )
    require_text(fields, "law", _("Name the law or regulation."))
    require_text(fields, "requirement", _("Write the requirement in a sentence."))
    old.is_current = False
    save_new_version(old, "is_current")
    return Requirement.objects.create(
        area=old.area, reference=old.reference, owner=old.owner, supersedes=old,
        status=RequirementStatus.NOT_ASSESSED, created_by=by, **fields,
    )  # fmt: skip


# --- the internal control plan -----------------------------------------------------------


@transaction.atomic
def create_control_plan(*, by: Any, year: int, administration: Any, title: str) -> ControlPlan:
    """A draft plan of `administration` (or of the region, placed at the region) for `year`."""
    if administration is None:
        raise ValidationError({"administration": _("Choose the administration.")})
    if not ControlPlan.objects.units_for(by, CHANGE).filter(pk=administration.pk).exists():
        raise PermissionDenied(_("You may not make plans for {unit}.").format(unit=administration))
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    fields = clean_texts(ControlPlan, title=title)
    require_text(fields, "title", _("Give the plan a title."))
    if ControlPlan.objects.filter(year=year, administration=administration).exists():
        raise ValidationError({"year": _("This administration already has a plan for that year.")})
    return ControlPlan.objects.create(
        year=year, administration=administration, created_by=by, **fields
    )


def due_dates(year: int, frequency: str) -> list[datetime.date]:
    """The last day of each period of `year`: 31 December for a yearly control, the end of
    each quarter for a quarterly one. All inside the year."""
    count = OCCURRENCES_PER_YEAR[ControlFrequency(frequency)]
    months = [12 * (k + 1) // count for k in range(count)]
    return [datetime.date(year, m, calendar.monthrange(year, m)[1]) for m in months]


def _generate(control: Control, year: int) -> int:
    existing = set(control.occurrences.values_list("due_on", flat=True))
    rows = [
        ControlOccurrence(control=control, due_on=due, method=control.method)
        for due in due_dates(year, control.frequency)
        if due not in existing
    ]
    ControlOccurrence.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def add_control(
    plan: ControlPlan, *, by: Any, area: Any, title: str, risk: str, method: str,
    frequency: str, owner: Any, maintenance_only: bool = False,
) -> Control:  # fmt: skip
    """A control of the plan; added to an adopted plan, its occurrences follow at once."""
    require(by, CHANGE, plan, _("You may not change this plan."))
    if area is None:
        raise ValidationError({"area": _("Choose the security area.")})
    if owner is None:
        raise ValidationError({"owner": _("Choose who performs the control.")})
    if frequency not in ControlFrequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    fields = clean_texts(Control, title=title, risk=risk, method=method)
    require_text(fields, "title", _("Say what is controlled."))
    require_text(fields, "risk", _("Name the risk the control guards against."))
    require_text(fields, "method", _("Describe how the control is done."))
    control = Control.objects.create(
        plan=plan, area=area, frequency=frequency, owner=owner,
        maintenance_only=bool(maintenance_only), **fields,
    )  # fmt: skip
    if plan.is_adopted:
        _generate(control, plan.year)
    return control


@transaction.atomic
def change_control_method(control: Control, *, by: Any, version: int, method: str) -> int:
    """A new method for the control: only occurrences not yet performed take it (what was
    done was done by the old one). Returns how many occurrences changed."""
    require(by, CHANGE, control, _("You may not change this control."))
    row = lock(control, require_version(version))
    fields = clean_texts(method=method)
    require_text(fields, "method", _("Describe how the control is done."))
    row.method = fields["method"]
    save_new_version(row, "method")
    return row.occurrences.filter(status=OccurrenceStatus.PLANNED).update(method=row.method)


@transaction.atomic
def adopt_plan(plan: ControlPlan, *, by: Any, version: int) -> ControlPlan:
    """Adopt the plan: every control's occurrences for the whole year are generated, each
    freezing the control's method."""
    require(by, CHANGE, plan, _("You may not adopt this plan."))
    row = lock(plan, require_version(version))
    if row.is_adopted:
        raise ValidationError(_("The plan is already adopted."))
    controls = list(row.controls.all())
    if not controls:
        raise ValidationError(_("Add the plan's controls before adopting it."))
    row.status, row.adopted_on, row.adopted_by = PlanStatus.ADOPTED, timezone.localdate(), by
    save_new_version(row, "status", "adopted_on", "adopted_by")
    for control in controls:
        _generate(control, row.year)
    return row


def _remark_action(occurrence: ControlOccurrence, remarks: str, owner: Any):
    """The action a remark becomes, created by the system on the control's behalf (the one
    who performs it need not be allowed to create actions) and linked both ways."""
    from sakra.actions.services import create_action

    control = occurrence.control
    return create_action(
        source=occurrence,
        title=_("Remark in internal control: {control}").format(control=control.title)[:200],
        description=remarks,
        owner=owner or control.owner,
        due_date=timezone.localdate() + datetime.timedelta(days=ACTION_DAYS),
        by=None,
        unit=control.plan.administration,
        area=control.area,
    )


@transaction.atomic
def perform_control(
    occurrence: ControlOccurrence, *, by: Any, version: int, performed_on: datetime.date,
    result: str, remarks: str = "", raise_action: bool = False, action_owner: Any = None,
) -> ControlOccurrence:  # fmt: skip
    """Record a performed control. `performed_on` (not when it is written down) decides the
    plan year: a control done on 2 January belongs to the new year's plan, not this one's.
    A maintenance-only control records only that the upkeep was done. A remark may become an
    action at once."""
    require(by, PERFORM, occurrence, _("You may not perform this control."))
    row = lock(occurrence, require_version(version))
    control = row.control
    year = control.plan.year
    if row.status == OccurrenceStatus.PERFORMED:
        raise ValidationError(_("This control has already been performed."))
    if not isinstance(performed_on, datetime.date):
        raise ValidationError({"performed_on": _("Give the date the control was performed.")})
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": _("The date cannot be in the future.")})
    if performed_on.year != year:
        raise ValidationError(
            {
                "performed_on": _(
                    "Performed in {performed}, it belongs to that year's plan, not to {year}'s."
                ).format(performed=performed_on.year, year=year)
            }
        )
    if control.maintenance_only:
        result = ControlResult.MAINTAINED
    elif result not in ControlResult.values or result == ControlResult.MAINTAINED:
        raise ValidationError({"result": _("Choose what the control found.")})
    fields = clean_texts(remarks=remarks)
    if result in (ControlResult.REMARKS, ControlResult.DEFICIENT) and not fields["remarks"]:
        raise ValidationError({"remarks": _("Write down the remarks.")})
    if raise_action and not fields["remarks"]:
        raise ValidationError({"remarks": _("An action needs the remark it comes from.")})
    row.status, row.performed_on, row.result = OccurrenceStatus.PERFORMED, performed_on, result
    row.remarks, row.recorded_at, row.recorded_by = fields["remarks"], timezone.now(), by
    save_new_version(row, "status", "performed_on", "result", "remarks", "recorded_at",
                     "recorded_by")  # fmt: skip
    if raise_action:
        _remark_action(row, fields["remarks"], action_owner)
    return row


@transaction.atomic
def mark_known_deficiency(
    occurrence: ControlOccurrence, *, by: Any, version: int, note: str
) -> ControlOccurrence:
    """The control cannot be met for now, for a known reason: said once, instead of a dummy
    check that only clears a warning."""
    require(by, PERFORM, occurrence, _("You may not perform this control."))
    row = lock(occurrence, require_version(version))
    if row.status == OccurrenceStatus.PERFORMED:
        raise ValidationError(_("This control has already been performed."))
    fields = clean_texts(deficiency_note=note)
    if not fields["deficiency_note"]:
        raise ValidationError({"note": _("Say what the known deficiency is.")})
    row.status, row.deficiency_note = OccurrenceStatus.KNOWN_DEFICIENCY, fields["deficiency_note"]
    row.recorded_at, row.recorded_by = timezone.now(), by
    save_new_version(row, "status", "deficiency_note", "recorded_at", "recorded_by")
    return row
