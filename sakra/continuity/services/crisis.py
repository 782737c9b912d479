"""The crisis log: opening a crisis, its staff, its append-only entries, and closing it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, VIEW
from sakra.core.concurrency import lock, save_new_version
from sakra.incidents.models import OnCallShift

from ..choices import CrisisStatus, EntryKind
from ..models import Crisis, CrisisTemplate, LogEntry, StaffAssignment
from ..querysets import CREATE, WRITE
from .common import stored_text as _text

#: The staff role of the person who opens a crisis without a template.
FIRST_ROLE = "Stabschef"


def _on_duty(user: Any):
    """The administrations `user` is on duty for now (the incidents module's roster)."""
    return OnCallShift.objects.covering().filter(person=user.pk).values("administration")


def may_open_crisis(user: Any) -> bool:
    """The security chief, or a person on duty now."""
    return Crisis.objects.may(user, CREATE) or (user.is_authenticated and _on_duty(user).exists())


def _may_open_at(user: Any, unit: Any) -> bool:
    if Crisis.objects.units_for(user, CREATE).filter(pk=unit.pk).exists():
        return True
    administration = unit.administration
    on_duty = _on_duty(user).filter(administration=administration)
    return administration is not None and on_duty.exists()


@transaction.atomic
def open_crisis(
    *, by: Any, title: str, unit: Any = None, template: CrisisTemplate | None = None,
    summary: str = "", sites: Iterable = (), incidents: Iterable = (),
) -> Crisis:  # fmt: skip
    """A new crisis; its opener holds its first staff role from now. A template fills in the
    staff roles and the checklist."""
    if unit is None:
        shift = OnCallShift.objects.covering().filter(person=by.pk).first()
        unit = shift.administration if shift else None
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the crisis concerns.")})
    if not _may_open_at(by, unit):
        raise PermissionDenied(_("Only the security chief or the person on duty opens a crisis."))
    roles = list(template.roles) if template else [FIRST_ROLE]
    crisis = Crisis.objects.create(
        title=_text(title, "title", 200, required=True), unit=unit, template=template,
        opened_by=by, roles=roles or [FIRST_ROLE],
        checklist=[{"item": str(item), "done": False} for item in (template.checklist or [])]
        if template else [],
        summary=_text(summary, "summary", 10000),
    )  # fmt: skip
    crisis.sites.set(list(sites))
    crisis.incidents.set(list(incidents))
    StaffAssignment.objects.create(crisis=crisis, person=by, role=crisis.roles[0])
    return crisis


def _writable(crisis: Crisis, by: Any) -> Crisis:
    if not Crisis.objects.for_user(by, WRITE).filter(pk=crisis.pk).exists():
        raise PermissionDenied(_("Only the crisis's staff writes its log."))
    if not crisis.is_open:
        raise ValidationError(_("The crisis is closed: its log takes no more entries."))
    return crisis


@transaction.atomic
def assign_role(crisis: Crisis, *, by: Any, person: Any, role: str) -> StaffAssignment:
    """`person` holds `role` from now; whoever held it before holds it until now."""
    _writable(crisis, by)
    role = _text(role, "role", 100, required=True)
    if person is None:
        raise ValidationError({"person": _("Choose the person.")})
    now = timezone.now()
    StaffAssignment.objects.filter(crisis=crisis, role=role, ends_at__isnull=True).update(
        ends_at=now
    )
    return StaffAssignment.objects.create(crisis=crisis, person=person, role=role, starts_at=now)


@transaction.atomic
def append_entry(
    crisis: Crisis, *, by: Any, kind: str, text: str, happened_at: datetime.datetime,
    decided_by: str = "", basis: str = "", corrects: LogEntry | None = None,
) -> LogEntry:  # fmt: skip
    """A new entry at the end of the log. It happened when the writer says (earlier is fine,
    the future is not); it was recorded now, by the server's clock, for good."""
    _writable(crisis, by)
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Choose the kind of entry.")})
    if not isinstance(happened_at, datetime.datetime) or timezone.is_naive(happened_at):
        raise ValidationError({"happened_at": _("Give the date and time.")})
    now = timezone.now()
    if happened_at > now:
        raise ValidationError({"happened_at": _("An entry cannot have happened in the future.")})
    decided_by = _text(decided_by, "decided_by", 200)
    basis = _text(basis, "basis", 5000)
    if kind == EntryKind.DECISION and not (decided_by and basis):
        raise ValidationError(
            {"decided_by" if not decided_by else "basis":
             _("A decision names who decided and on what basis.")}
        )  # fmt: skip
    if corrects is not None and corrects.crisis_id != crisis.pk:
        raise ValidationError({"corrects": _("Correct an entry of this crisis's log.")})
    return LogEntry.objects.create(
        crisis=crisis, kind=kind, text=_text(text, "text", 5000, required=True),
        happened_at=happened_at, recorded_at=now, author=by, decided_by=decided_by,
        basis=basis, corrects=corrects,
    )  # fmt: skip


@transaction.atomic
def update_summary(crisis: Crisis, *, by: Any, version: int, summary: str) -> Crisis:
    """The status summary for the next briefing (the log itself is never changed)."""
    _writable(crisis, by)
    row = lock(crisis, version)
    row.summary = _text(summary, "summary", 10000)
    save_new_version(row, "summary")
    return row


@transaction.atomic
def close_crisis(crisis: Crisis, *, by: Any, version: int, evaluation: str) -> Crisis:
    """Close the crisis: the staff stands down, and the evaluation it starts yields actions
    (made on the actions page with the crisis as their source)."""
    if not Crisis.objects.for_user(by, CHANGE).filter(pk=crisis.pk).exists():
        if Crisis.objects.for_user(by, VIEW).filter(pk=crisis.pk).exists():
            raise PermissionDenied(_("The security chief closes a crisis."))
        raise PermissionDenied
    if not crisis.is_open:
        raise ValidationError(_("The crisis is already closed."))
    row = lock(crisis, version)
    now = timezone.now()
    row.status, row.closed_at = CrisisStatus.CLOSED, now
    row.evaluation = _text(evaluation, "evaluation", 10000, required=True)
    save_new_version(row, "status", "closed_at", "evaluation")
    StaffAssignment.objects.filter(crisis=row, ends_at__isnull=True).update(ends_at=now)
    return row
