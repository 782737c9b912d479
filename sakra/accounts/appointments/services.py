"""Appointing and ending roles in the app: one transaction, an audit entry, a notification."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import check_stored_text
from sakra.organisation.choices import UnitKind

from ..choices import Role
from ..models import RoleAssignment, User
from ..notifications import APPOINTED, ROLE_ENDS, each_language
from ..services import notify
from .models import RoleAppointment

APPOINT = "appoint"

#: The roles the security chief appoints, and the scope each is held in.
APPOINTABLE = {
    Role.SECURITY_COORDINATOR: "administration",
    Role.SECURITY_PARTNER: "administration",
    Role.AREA_OWNER: "area",
    Role.BOARD_MEMBER: "region",
}


def _check_scope(role: str, unit, area) -> None:
    scope = APPOINTABLE.get(role)
    if scope is None:
        raise ValidationError({"role": _("This role is not appointed here.")})
    if scope == "administration" and (unit is None or unit.kind != UnitKind.ADMINISTRATION):
        raise ValidationError({"unit": _("Choose an administration.")})
    if scope == "area" and area is None:
        raise ValidationError({"area": _("Choose a security area.")})
    if scope == "region" and (unit is None or not unit.is_root()):
        raise ValidationError({"unit": _("The board is appointed for the region.")})


def _running(appointment: RoleAppointment, today: datetime.date) -> bool:
    # `ends_on` is the first day without the role: ending it today takes it away at once.
    return appointment.starts_on <= today and (
        appointment.ends_on is None or today < appointment.ends_on
    )


def sync(appointment: RoleAppointment, today: datetime.date | None = None) -> bool:
    """Make the role assignment exist exactly while the appointment runs; True if it changed."""
    today = today or timezone.localdate()
    if _running(appointment, today) and appointment.assignment_id is None:
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=appointment.user,
            role=appointment.role,
            unit=appointment.unit,
            area=appointment.area,
        )
        appointment.assignment = assignment
        RoleAppointment.objects.filter(pk=appointment.pk).update(assignment=assignment)
        if appointment.role == Role.AREA_OWNER and appointment.area.owner_id is None:
            appointment.area.owner = appointment.user
            appointment.area.save(update_fields=["owner"])
        return True
    if not _running(appointment, today) and appointment.assignment_id is not None:
        assignment = appointment.assignment
        RoleAppointment.objects.filter(pk=appointment.pk).update(assignment=None)
        appointment.assignment = None
        assignment.delete()  # the signal ends the holder's sessions
        area = appointment.area
        if appointment.role == Role.AREA_OWNER and area.owner_id == appointment.user_id:
            area.owner = None
            area.save(update_fields=["owner"])
        return True
    return False


@transaction.atomic
def appoint_role(
    *,
    by: User,
    user: User,
    role: str,
    unit=None,
    area=None,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    reason: str,
) -> RoleAppointment:
    """Appoint `user` to `role` in a scope from `starts_on` (to `ends_on`); they are told."""
    if not RoleAppointment.objects.may(by, APPOINT):
        raise PermissionDenied
    _check_scope(role, unit, area)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    if not user.is_active:
        raise ValidationError({"user": _("The person's account is disabled.")})
    reason = check_stored_text(reason)
    appointment = RoleAppointment.objects.create(
        user=user,
        role=role,
        unit=unit,
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        appointed_by=by,
    )
    sync(appointment)
    notify(
        [user],
        APPOINTED(
            role=each_language(lambda: Role(role).label.lower()),
            scope=each_language(lambda: _scope_text(appointment)),
            start=starts_on.isoformat(),
            reason=reason,
        ),
        url=reverse("accounts:me"),
    )
    return appointment


@transaction.atomic
def end_role(
    appointment: RoleAppointment, *, by: User, version: int, ends_on: datetime.date, reason: str
) -> RoleAppointment:
    """End an appointment on `ends_on` (the first day without the role); they are told."""
    if not RoleAppointment.objects.may(by, APPOINT):
        raise PermissionDenied
    row = lock(appointment, version)
    if ends_on < row.starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    row.ends_on, row.ended_by, row.end_reason = ends_on, by, check_stored_text(reason)
    save_new_version(row, "ends_on", "ended_by", "end_reason")
    sync(row)
    notify(
        [row.user],
        ROLE_ENDS(
            role=each_language(lambda: Role(row.role).label.lower()),
            scope=each_language(lambda: _scope_text(row)),
            end=ends_on.isoformat(),
            reason=row.end_reason,
        ),
        url=reverse("accounts:me"),
    )
    return row


def sync_all(today: datetime.date | None = None) -> int:
    """Start and end the appointments whose dates have come; idempotent (a periodic job)."""
    changed = 0
    rows = RoleAppointment.objects.select_related("user", "unit", "area", "assignment")
    for appointment in rows.filter(
        assignment__isnull=True, starts_on__lte=today or timezone.localdate()
    ):
        with transaction.atomic():
            changed += sync(appointment, today)
    for appointment in rows.filter(assignment__isnull=False, ends_on__isnull=False):
        with transaction.atomic():
            changed += sync(appointment, today)
    return changed


def _scope_text(appointment: RoleAppointment) -> str:
    return " · ".join(str(p) for p in (appointment.unit, appointment.area) if p is not None)
