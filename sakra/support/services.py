"""Every change to support's rows: one transaction each, the acting person as `by=`, a required
`version` for a change to an existing row, an audit entry (the models are registered with
django-auditlog), notifications on commit through `sakra.accounts.services.notify`.

Bad input raises `ValidationError` keyed by field; a stale version `StaleVersion`; a person
without the right `PermissionDenied`. Pages and the API only call these.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.accounts.services import notify
from sakra.actions import services as actions
from sakra.core.access import CHANGE, can, scopes_covering
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import check_stored_text
from sakra.organisation.choices import UnitKind

from .choices import WAITING_STATUSES, Helped, ManagerLevel, RequestStatus, Urgency
from .contacts import ancestor_paths, route
from .models import Absence, ContactOverride, SupportRequest, SupportSettings, TeamMember, TimeEntry
from .notifications import ANSWERED, ASSIGNED, NEW_REQUEST
from .querysets import ASK, HANDLE
from .workdays import add_working_days, working_days_between

#: How far back a partner may record time spent.
TIME_BACK_DAYS = 366


def _text(value: Any, field: str, *, required: bool = False, limit: int = 5000) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep it to at most {limit} characters.").format(limit=limit)}
        )
    try:
        return check_stored_text(value) if value else value
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _handle(by: Any, request: SupportRequest) -> None:
    if not can(by, HANDLE, request):
        raise PermissionDenied(_("You may not handle this support request."))


# --- asking ------------------------------------------------------------------------------


def units_to_ask_for(user: Any):
    """The units `user` may ask for: their home unit and the subtrees they manage."""
    from sakra.organisation.models import Unit

    units = SupportRequest.objects.units_for(user, ASK)
    if getattr(user, "home_unit_id", None):
        units = units | Unit.objects.filter(pk=user.home_unit_id)
    return units.filter(is_active=True)


def manager_level(user: Any, unit) -> str:
    """First-line when the asker manages a unit at the bottom of the tree covering `unit`,
    higher when they manage above that (a department, an administration); read from the roles
    they hold when they ask, so later reorganisations do not rewrite the figures."""
    level = ManagerLevel.NOT_MANAGER
    for scope in scopes_covering(user, unit.path, (Role.HEAD_OF_ADMINISTRATION, Role.MANAGER)):
        if scope.role == Role.HEAD_OF_ADMINISTRATION:
            return ManagerLevel.HIGHER
        if scope.role == Role.MANAGER:
            if scope.unit_kind != UnitKind.UNIT:
                return ManagerLevel.HIGHER
            level = ManagerLevel.FIRST_LINE
    return level


def _notify_queue(request: SupportRequest) -> None:
    if request.team_id is None:
        return
    members = [
        m.user
        for m in TeamMember.objects.filter(
            team=request.team_id, user__is_active=True
        ).select_related("user")
    ]
    notify(
        members,
        NEW_REQUEST(area=request.area, unit=request.unit),
        body=request.question[:300],
        url=request.get_absolute_url(),
    )


@transaction.atomic
def ask(
    *, by: Any, unit, area, question: str, site=None, urgency: str = Urgency.NORMAL
) -> SupportRequest:
    """A manager's question, routed to the team serving the site or the administration, due in
    the region's number of working days."""
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Choose how soon you need an answer.")})
    if not units_to_ask_for(by).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("You can ask for support only for your own unit.")})
    if site is not None and not unit.sites.filter(pk=site.pk).exists():
        raise ValidationError({"site": _("The unit does not work at this site.")})
    administration = next(
        (
            u
            for u in unit.__class__.objects.filter(path__in=ancestor_paths(unit))
            if u.kind == UnitKind.ADMINISTRATION
        ),
        None,
    )
    today = timezone.localdate()
    request = SupportRequest.objects.create(
        asker=by,
        unit=unit,
        administration=administration,
        site=site,
        area=area,
        question=_text(question, "question", required=True),
        urgency=urgency,
        manager_level=manager_level(by, unit),
        team=route(unit, site),
        due_on=add_working_days(today, SupportSettings.response_target()),
    )
    _notify_queue(request)
    return request


# --- handling ----------------------------------------------------------------------------


@transaction.atomic
def assign(request: SupportRequest, *, by: Any, assignee, version: int) -> SupportRequest:
    """Give the request to a person who may handle it (often oneself)."""
    _handle(by, request)
    if assignee is None or not can(assignee, HANDLE, request):
        raise ValidationError({"assignee": _("This person cannot handle the request.")})
    row = lock(request, version)
    if row.status not in WAITING_STATUSES:
        raise ValidationError(_("Only a request waiting for an answer can be assigned."))
    row.assignee, row.status = assignee, RequestStatus.ASSIGNED
    save_new_version(row, "assignee", "status")
    if assignee.pk != getattr(by, "pk", None):
        notify([assignee], ASSIGNED(area=row.area, unit=row.unit), url=row.get_absolute_url())
    return row


@transaction.atomic
def answer(
    request: SupportRequest, *, by: Any, answer: str, version: int, routine_reference: str = ""
) -> SupportRequest:
    """The partner's answer, with the routine that answers it when there is one; the asker is
    told and asked whether it helped."""
    _handle(by, request)
    row = lock(request, version)
    if row.status == RequestStatus.CLOSED:
        raise ValidationError(_("The request is closed."))
    row.answer = _text(answer, "answer", required=True, limit=10000)
    row.routine_reference = _text(routine_reference, "routine_reference", limit=500)
    row.status = RequestStatus.ANSWERED
    row.answered_by = by
    if row.answered_at is None:  # the first answer is what the target measures
        row.answered_at = timezone.now()
        row.answer_working_days = working_days_between(
            timezone.localdate(row.created_at), timezone.localdate(row.answered_at)
        )
    if row.assignee_id is None:
        row.assignee = by
    save_new_version(
        row,
        "answer",
        "routine_reference",
        "status",
        "answered_by",
        "answered_at",
        "assignee",
        "answer_working_days",
    )
    notify([row.asker], ANSWERED(), url=row.get_absolute_url())
    return row


@transaction.atomic
def close(request: SupportRequest, *, by: Any, version: int) -> SupportRequest:
    """A handler closes an answered request the asker has not closed (or one that needs no
    answer); the asker may still rate it afterwards."""
    _handle(by, request)
    row = lock(request, version)
    if row.status == RequestStatus.CLOSED:
        raise ValidationError(_("The request is closed already."))
    row.status, row.closed_at = RequestStatus.CLOSED, timezone.now()
    save_new_version(row, "status", "closed_at")
    return row


@transaction.atomic
def rate(
    request: SupportRequest,
    *,
    by: Any,
    helped: str,
    time_acceptable: bool,
    version: int,
    comment: str = "",
) -> SupportRequest:
    """The asker closes the request saying whether they got the help they needed, and whether
    the time it took was acceptable. Only the asker, only once answered, only once."""
    if getattr(by, "pk", None) != request.asker_id:
        raise PermissionDenied(_("Only the person who asked rates the support."))
    if helped not in Helped.values:
        raise ValidationError({"helped": _("Say whether you got the help you needed.")})
    if not isinstance(time_acceptable, bool):
        raise ValidationError({"time_acceptable": _("Say whether the time was acceptable.")})
    row = lock(request, version)
    if row.answered_at is None:
        raise ValidationError({"helped": _("The request has not been answered yet.")})
    if row.rated_at is not None:
        raise ValidationError({"helped": _("You have rated this support already.")})
    row.helped, row.time_acceptable = helped, time_acceptable
    row.rating_comment = _text(comment, "comment", limit=1000)
    row.rated_at = timezone.now()
    if row.status != RequestStatus.CLOSED:
        row.status, row.closed_at = RequestStatus.CLOSED, row.rated_at
    save_new_version(
        row, "helped", "time_acceptable", "rating_comment", "rated_at", "status", "closed_at"
    )
    return row


@transaction.atomic
def record_time(
    request: SupportRequest, *, by: Any, spent_on: datetime.date, hours: Any, note: str = ""
) -> TimeEntry:
    """Time spent by the partner: the hours per administration and area each month."""
    _handle(by, request)
    today = timezone.localdate()
    if not isinstance(spent_on, datetime.date):
        raise ValidationError({"spent_on": _("Give a date.")})
    if spent_on > today or spent_on < today - datetime.timedelta(days=TIME_BACK_DAYS):
        raise ValidationError({"spent_on": _("Give a day within the past year.")})
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Give the hours as a number.")}) from None
    if not Decimal("0.25") <= hours <= Decimal("24"):
        raise ValidationError({"hours": _("Give between a quarter of an hour and 24 hours.")})
    return TimeEntry.objects.create(
        request=request,
        person=by,
        spent_on=spent_on,
        hours=hours,
        note=_text(note, "note", limit=300),
    )


def create_action(
    request: SupportRequest,
    *,
    by: Any,
    title: str,
    owner,
    due_date: datetime.date,
    description: str = "",
):
    """An action caused by the request (its source links back to it), for the request's unit."""
    _handle(by, request)
    return actions.create_action(
        by=by,
        source=request,
        title=title,
        owner=owner,
        due_date=due_date,
        unit=request.unit,
        area=request.area,
        description=description,
    )


# --- contacts ----------------------------------------------------------------------------


def may_enter_absences_for_others(user: Any) -> bool:
    """Whether `user` holds a role that enters other people's absences (a coordinator, the
    chief): their absence form names the person."""
    return Absence.objects.may(user, CHANGE)


@transaction.atomic
def record_absence(
    *, by: Any, person, starts_on: datetime.date, ends_on: datetime.date, note: str = ""
) -> Absence:
    """`person` is away from `starts_on` to `ends_on`, both days included: entered by the
    person, or by a coordinator for someone in their scope."""
    if person is None:
        raise ValidationError({"person": _("Name the person who is away.")})
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise ValidationError({"starts_on": _("Give the first and the last day away.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("An absence cannot end before it starts.")})
    if ends_on - starts_on > datetime.timedelta(days=366):
        raise ValidationError({"ends_on": _("Enter an absence of at most a year.")})
    absence = Absence(
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
        note=_text(note, "note", limit=200),
    )
    absence.save()
    # Checked on the saved row, through the one access path (the person's home unit in the
    # coordinator's scope); refusing rolls the row back with the transaction.
    if not can(by, CHANGE, absence):
        raise PermissionDenied(_("You may not enter absences for this person."))
    return absence


@transaction.atomic
def cancel_absence(absence: Absence, *, by: Any, version: int) -> Absence:
    """Cancel an absence: the person shows as a contact again. Kept, marked cancelled."""
    if not can(by, CHANGE, absence):
        raise PermissionDenied(_("You may not change this absence."))
    row = lock(absence, version)
    if row.is_cancelled:
        raise ValidationError(_("The absence is cancelled already."))
    row.is_cancelled = True
    save_new_version(row, "is_cancelled")
    return row


def _contact_people(primary, substitute) -> None:
    if primary is None:
        raise ValidationError({"primary": _("Name the contact person.")})
    if not primary.is_active:
        raise ValidationError({"primary": _("The contact person has left: name someone else.")})
    if substitute is not None and not substitute.is_active:
        raise ValidationError({"substitute": _("The substitute has left: name someone else.")})
    if substitute is not None and substitute.pk == primary.pk:
        raise ValidationError({"substitute": _("The substitute must be another person.")})


@transaction.atomic
def name_contact(
    *, by: Any, unit=None, area=None, primary, substitute=None, note: str = ""
) -> ContactOverride:
    """Name the contact (and substitute) for a unit subtree and/or an area."""
    if unit is None and area is None:
        raise ValidationError({"unit": _("Choose a unit, an area or both.")})
    _contact_people(primary, substitute)
    if ContactOverride.objects.filter(unit=unit, area=area).exists():
        raise ValidationError({"unit": _("This unit and area already have a named contact.")})
    row = ContactOverride(
        unit=unit,
        area=area,
        primary=primary,
        substitute=substitute,
        note=_text(note, "note", limit=300),
    )
    row.save()
    if not can(by, CHANGE, row):
        raise PermissionDenied(_("You may not name contacts here."))
    return row


@transaction.atomic
def change_contact(
    contact: ContactOverride, *, by: Any, version: int, primary, substitute=None, note: str = ""
) -> ContactOverride:
    """Name another contact or substitute for the same unit and area."""
    if not can(by, CHANGE, contact):
        raise PermissionDenied(_("You may not name contacts here."))
    _contact_people(primary, substitute)
    row = lock(contact, version)
    row.primary, row.substitute = primary, substitute
    row.note = _text(note, "note", limit=300)
    save_new_version(row, "primary", "substitute", "note")
    return row


@transaction.atomic
def remove_contact(contact: ContactOverride, *, by: Any, version: int) -> ContactOverride:
    """Take the named contact away: the unit and area fall back to the contact above it, or to
    the contacts derived from roles. The audit log keeps the row as it was."""
    if not can(by, CHANGE, contact):
        raise PermissionDenied(_("You may not name contacts here."))
    row = lock(contact, version)
    row.delete()
    return row
