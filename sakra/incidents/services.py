"""State changes of incidents: one transaction each, audited, side effects after commit.

Every service takes the acting person as the keyword `by=`. Every change that overwrites
something takes the version the person saw (`sakra.core.concurrency.lock`); a stale one raises
`StaleVersion` instead of overwriting. Append-only changes (comments, attachments,
acknowledgement) need no version: they cannot overwrite anything. Free text is refused when it
carries a classification marking here, not only in the forms, so the API and the import refuse
it too.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from contextlib import nullcontext
from datetime import datetime, timedelta

from auditlog.context import disable_auditlog
from auditlog.signals import accessed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment, User
from sakra.accounts.services import notify
from sakra.core import audit
from sakra.core.access import CHANGE
from sakra.core.audit import log_bulk_created
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import MAX_INTEGER, check_date, check_stored_text, check_text
from sakra.organisation.models import Unit

from . import deadlines, notifications, summary
from .catalogue import load_catalogue  # noqa: F401 - where callers have found it
from .choices import TRANSITIONS, DismissalKind, Severity, Status, TimelineKind
from .disruptions import check_disruption
from .following import services as following
from .models import (
    LOCAL_ZONE,
    Attachment,
    Incident,
    IncidentCategory,
    IncidentObligation,
    IncidentSequence,
    OnCallShift,
    TimelineEntry,
)
from .querysets import ACKNOWLEDGE, COMMENT
from .uploads import check_upload


class IdempotencyConflict(Exception):
    """The same idempotency key was used before with a different report (not a stale version:
    nothing was overwritten, the second report is refused)."""

    def __init__(self):
        super().__init__(gettext("This idempotency key was already used for a different report."))


#: Handlers are people who may be given an incident to handle.
HANDLER_ROLES = (Role.SECURITY_COORDINATOR, Role.SECURITY_CHIEF, Role.SECURITY_PARTNER)


def checked_text(field: str, value: str) -> str:
    """Stored free text checked (safe characters, NFC, no classification marking), its refusal
    tied to `field`."""
    try:
        return check_stored_text(value or "")
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from None


def checked_key(key: str) -> str:
    try:
        return check_text(key)
    except ValidationError as exc:
        raise ValidationError({"idempotency_key": exc.error_list}) from None


def ancestor_paths(unit: Unit) -> list[str]:
    """The paths of `unit` and every unit above it."""
    return [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]


def holders_in_scope(role: str | tuple[str, ...], unit: Unit, area_id: int | None = None):
    """Role assignments of `role` (or roles) whose scope covers `unit` (and `area_id`), most
    specific first."""
    roles = (role,) if isinstance(role, str) else role
    return (
        RoleAssignment.objects.filter(role__in=roles, user__is_active=True)
        .filter(Q(unit__isnull=True) | Q(unit__path__in=ancestor_paths(unit)))
        .filter(Q(area__isnull=True) | Q(area_id=area_id))
        .select_related("user")
        .order_by(F("unit__depth").desc(nulls_last=True), "user_id")
    )


def people_in_scope(role: str, unit: Unit, area_id: int | None = None) -> list[User]:
    return list({a.user_id: a.user for a in holders_in_scope(role, unit, area_id)}.values())


def allocate_reference(moment: datetime) -> str:
    """The next reference of the year, e.g. AVV-2026-000123; the year's row is locked meanwhile.

    Call inside a transaction. On PostgreSQL the row lock serialises concurrent reports; on
    SQLite the IMMEDIATE transaction does.
    """
    return allocate_references([moment])[0]


def allocate_references(moments: list[datetime]) -> list[str]:
    """References for many incidents at once, in the order given: one locked update a year."""
    years = [timezone.localtime(moment, LOCAL_ZONE).year for moment in moments]
    next_number = {}
    for year, count in sorted(Counter(years).items()):
        sequence = IncidentSequence.objects.select_for_update().filter(year=year).first()
        if sequence is None:
            try:
                with transaction.atomic():
                    IncidentSequence.objects.create(year=year)
            except IntegrityError:
                pass  # another report created the year's row first
            sequence = IncidentSequence.objects.select_for_update().get(year=year)
        next_number[year] = sequence.last_number + 1
        sequence.last_number += count
        sequence.save(update_fields=["last_number"])
    references = []
    for year in years:
        references.append(f"AVV-{year}-{next_number[year]:06d}")
        next_number[year] += 1
    return references


def _request_hash(fields: dict) -> str:
    canonical = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _find_replay(by, key: str, anonymous: bool):
    if not key:
        return None
    if anonymous:
        return Incident.objects.filter(reporter__isnull=True, idempotency_key=key).first()
    return Incident.objects.filter(reporter=by, idempotency_key=key).first()


def _replay(existing: Incident, request_hash: str) -> tuple[Incident, bool]:
    if existing.request_hash != request_hash:
        raise IdempotencyConflict()
    return existing, False


def _moment_errors(occurred_at, aware_at) -> list[tuple[str, str]]:
    """Awareness starts the regulators' clocks (IMY's 72 hours): never in the future, never
    before the event, and both within the dates every path accepts (a year 9999 overflowed)."""
    if occurred_at is None:
        return [("occurred_at", _("Enter when it happened."))]
    errors = []
    for field, moment in (("occurred_at", occurred_at), ("aware_at", aware_at)):
        try:
            if moment is not None:
                check_date(moment)
        except ValidationError as exc:
            errors.append((field, exc.messages[0]))
    if errors:
        return errors
    soon = timezone.now() + timedelta(minutes=5)
    if occurred_at > soon:
        return [("occurred_at", _("The time cannot be in the future."))]
    if aware_at is not None and aware_at > soon:
        return [("aware_at", _("The region cannot become aware in the future."))]
    if aware_at is not None and aware_at < occurred_at:
        return [("aware_at", _("The region cannot become aware before it happened."))]
    return []


def validate_report(*, by, category, occurred_at, aware_at, unit, site, description,
                    immediate_measures, people_harmed, anonymous,
                    imported=False) -> None:  # fmt: skip
    """The rules of a report, shared by the form, the API and the import; `by` is the person
    reporting (None for an imported row)."""
    errors: dict[str, list] = {}
    for field, text in (("description", description), ("immediate_measures", immediate_measures)):
        try:
            checked_text(field, text)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not (description or "").strip():
        errors.setdefault("description", []).append(_("Describe what happened."))
    if category is None or not category.is_active:
        errors.setdefault("category", []).append(_("Choose a category."))
    elif anonymous and not imported and not category.allows_anonymous:
        errors.setdefault("anonymous", []).append(
            _("Reports in this category cannot be anonymous.")
        )
    if unit is None or not unit.is_active:
        errors.setdefault("unit", []).append(_("Choose the unit where it happened."))
    if site is not None and not site.is_active:
        errors.setdefault("site", []).append(_("Choose an active site."))
    if people_harmed is None or not 0 <= people_harmed <= MAX_INTEGER:
        errors.setdefault("people_harmed", []).append(
            _("Enter a number of people from 0 to {limit}.").format(limit=MAX_INTEGER)
        )
    for field, message in _moment_errors(occurred_at, aware_at):
        errors.setdefault(field, []).append(message)
    if by is None and not anonymous and not imported:
        errors.setdefault("__all__", []).append(_("A report needs a reporter."))
    if errors:
        raise ValidationError(errors)


def report_incident(
    *,
    by: User | None,
    category: IncidentCategory,
    occurred_at: datetime,
    unit: Unit,
    description: str,
    site=None,
    immediate_measures: str = "",
    people_harmed: int = 0,
    police_reported: bool = False,
    is_acute: bool = False,
    anonymous: bool = False,
    aware_at: datetime | None = None,
    idempotency_key: str = "",
    severity: int | None = None,
    is_near_miss: bool = False,
    supply: str = "",
    disruption_started_at: datetime | None = None,
    disruption_ended_at: datetime | None = None,
    disruption_hours=None,
) -> tuple[Incident, bool]:
    """Register the report of `by`; returns (incident, created). A replay returns the first
    incident. An anonymous report stores nobody, and its audit entry names nobody. A near miss
    (it could have happened) is marked as such; a disruption of critical supply records the
    supply and how long it lasted (disruptions.py).

    Raises ValidationError (nothing saved) or IdempotencyConflict.
    """
    if by is not None and by.reads_only:
        raise PermissionDenied(gettext("An auditor reads; reports are filed by employees."))
    description, immediate_measures = (
        (description or "").strip(),
        (immediate_measures or "").strip(),
    )
    # A header reaches the query below: NUL would fail there on PostgreSQL (a 500).
    idempotency_key = checked_key((idempotency_key or "").strip()[:100])
    validate_report(
        by=by, category=category, occurred_at=occurred_at, aware_at=aware_at,
        unit=unit, site=site, description=description, immediate_measures=immediate_measures,
        people_harmed=people_harmed, anonymous=anonymous,
    )  # fmt: skip
    disruption = check_disruption(
        category=category, supply=supply, started_at=disruption_started_at,
        ended_at=disruption_ended_at, hours=disruption_hours, occurred_at=occurred_at,
    )  # fmt: skip
    description, immediate_measures = (
        check_stored_text(description),
        check_stored_text(immediate_measures),
    )  # in NFC, as every stored text
    request_hash = _request_hash(
        {
            "category": category.pk, "occurred_at": occurred_at.isoformat(), "unit": unit.pk,
            "site": site.pk if site else None, "description": description,
            "immediate_measures": immediate_measures, "people_harmed": people_harmed,
            "police_reported": police_reported, "is_acute": is_acute, "anonymous": anonymous,
            "aware_at": aware_at.isoformat() if aware_at else None, "severity": severity,
            # Only when given: a report without them hashes as it did before they existed.
            **({"is_near_miss": True} if is_near_miss else {}),
            **({"disruption": {k: str(v) for k, v in disruption.fields().items()}}
               if disruption.supply else {}),
        }
    )  # fmt: skip
    # A replay is found by the idempotency constraints when its incident is inserted (and the
    # transaction rolled back), not looked up first: one statement less on every report, for
    # a retry that is rare.
    try:
        # An anonymous report leaves no name or address in the audit trail either: auditlog
        # would record the signed-in sender, so nothing is left to auditlog's signals here.
        with transaction.atomic(), disable_auditlog() if anonymous else nullcontext():
            incident = _create_incident(
                reporter=None if anonymous else by,
                category=category, occurred_at=occurred_at, aware_at=aware_at or timezone.now(),
                unit=unit, site=site, description=description,
                immediate_measures=immediate_measures, people_harmed=people_harmed,
                police_reported=police_reported, is_acute=is_acute,
                severity=severity or category.default_severity,
                idempotency_key=idempotency_key, request_hash=request_hash,
                is_near_miss=bool(is_near_miss), **disruption.fields(),
            )  # fmt: skip
    except IntegrityError:
        # The key was used before (a retry, or a concurrent replay that won the race): answer
        # with its incident.
        if existing := _find_replay(by, idempotency_key, anonymous):
            return _replay(existing, request_hash)
        raise
    return incident, True


def _create_incident(*, category, aware_at, unit, is_acute, **fields) -> Incident:
    administration = unit.administration
    handler_assignment = holders_in_scope(Role.SECURITY_COORDINATOR, unit, category.area_id).first()
    with disable_auditlog():  # its entry is written below, with its duties' in one insert
        incident = Incident.objects.create(
            reference=allocate_reference(aware_at),
            category=category,
            area_id=category.area_id,
            unit=unit,
            administration=administration,
            aware_at=aware_at,
            is_acute=is_acute,
            is_restricted=category.is_restricted,
            handler=handler_assignment.user if handler_assignment else None,
            **fields,
        )
    summary.count_in([incident])
    duties = deadlines.new_duties(incident, category.obligations.filter(is_active=True))
    reporter = fields.get("reporter")
    # The reporter's entries, or, for an anonymous report, entries that name nobody.
    log_bulk_created(
        [incident, *duties], actor=reporter, source="" if reporter else "anonymous report"
    )
    url = reverse("incidents:detail", args=[incident.pk])
    if incident.handler is not None:
        TimelineEntry.objects.create(
            incident=incident,
            kind=TimelineKind.ASSIGNMENT,
            text=gettext("Assigned to {name} (default handler).").format(name=incident.handler),
            data={"handler": incident.handler_id},
        )
        notify(
            [incident.handler],
            notifications.REPORTED(reference=incident.reference, category=category, unit=unit),
            url=url,
            email=not is_acute,
        )
    if is_acute:
        _alert_acute(incident, url)
    # The unit's managers, as each chose (following/).
    following.tell_managers(incident, told=[fields.get("reporter"), incident.handler])
    return incident


def _alert_acute(incident: Incident, url: str) -> None:
    """The acute channel: the partners on duty, or every partner in scope when nobody is."""
    now = timezone.now()
    on_duty = [
        shift.person
        for shift in OnCallShift.objects.covering(now)
        .filter(administration=incident.administration, person__is_active=True)
        .select_related("person")
    ]
    recipients = on_duty or people_in_scope(Role.SECURITY_PARTNER, incident.unit, incident.area_id)
    if incident.handler is not None:
        recipients = [*recipients, incident.handler]
    # The e-mail says where and what kind, never the description: it leaves the system.
    notify(
        recipients,
        notifications.ACUTE(
            category=incident.category, unit=incident.unit, reference=incident.reference
        ),
        url=url,
    )
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.NOTIFICATION_SENT,
        created_at=now,
        text=gettext("Acute alert sent to {names}.").format(
            names=", ".join(str(person) for person in recipients) or "–"
        ),
        data={
            "recipients": [person.pk for person in recipients],
            "reason": "on_call" if on_duty else "partners_in_scope",
        },
    )


def permitted(incident: Incident, by: User, action: str) -> None:
    """PermissionDenied unless `by` may take `action` on the incident."""
    if not Incident.objects.for_user(by, action).filter(pk=incident.pk).exists():
        raise PermissionDenied


def _locked(incident: Incident, by: User, action: str, version: int) -> Incident:
    """The incident, locked for the transaction, if `by` may take `action` and saw `version`."""
    permitted(incident, by, action)
    return lock(incident, version)


def _locked_unversioned(incident: Incident, by: User, action: str) -> Incident:
    """The incident, locked, for a change that only adds (it cannot overwrite anything)."""
    permitted(incident, by, action)
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _dismiss(incident: Incident, *, by: User, reason: str, kind: str,
             duplicate_of: Incident | None) -> None:  # fmt: skip
    if not reason:
        raise ValidationError({"reason": _("Give the reason for dismissing the incident.")})
    if kind not in DismissalKind.values:
        raise ValidationError(
            {
                "dismissal_kind": _(
                    "Say why it is dismissed: a duplicate, not a security matter "
                    "or reported by mistake."
                )
            }
        )
    if kind == DismissalKind.DUPLICATE:
        original = (
            Incident.objects.for_user(by).filter(pk=getattr(duplicate_of, "pk", None)).first()
        )
        if original is None or original.pk == incident.pk:
            raise ValidationError(
                {"duplicate_of": _("Name the report this one duplicates (its reference).")}
            )
        if original.status == Status.DISMISSED:
            raise ValidationError(
                {"duplicate_of": _("{reference} is dismissed itself: name the report it "
                                   "duplicates.").format(reference=original.reference)}
            )  # fmt: skip
        incident.duplicate_of = original
    else:
        incident.duplicate_of = None
    incident.dismissed_reason, incident.dismissal_kind = reason, kind


@transaction.atomic
def change_status(
    incident: Incident,
    *,
    by: User,
    status: str,
    version: int,
    reason: str = "",
    dismissal_kind: str = "",
    duplicate_of: Incident | None = None,
    confirm_open_obligations: bool = False,
) -> Incident:
    """Move the incident to `status` along the allowed transitions.

    A dismissal needs a reason and its kind; a duplicate names the report it duplicates (one
    the person may read, not itself and not a dismissed one). A dismissed report is not an
    event: it leaves the yearly summary here, and comes back when it is taken up again.
    Closing while an authority duty is not recorded as reported needs
    `confirm_open_obligations`; the refusal names the duties, and the timeline keeps them."""
    incident = _locked(incident, by, CHANGE, version)
    old = incident.status
    if status not in TRANSITIONS.get(old, ()):
        new = Status(status).label if status in Status.values else status
        message = _("“{old}” cannot change to “{new}”.").format(old=Status(old).label, new=new)
        raise ValidationError({"status": message})
    reason = checked_text("reason", (reason or "").strip())
    data = {"from": old, "to": status}
    if status == Status.CLOSED:
        data.update(deadlines.confirm_closing(incident, confirmed=confirm_open_obligations))
    if status == Status.DISMISSED:
        _dismiss(incident, by=by, reason=reason, kind=dismissal_kind, duplicate_of=duplicate_of)
    elif old == Status.DISMISSED:
        if incident.personal_data_removed_at is not None:
            raise ValidationError(
                {"status": _("The report's personal data has been removed: it stays dismissed.")}
            )
        incident.dismissed_reason, incident.dismissal_kind, incident.duplicate_of = "", "", None
    incident.status = status
    if status == Status.DISMISSED:
        summary.count_out([incident])
    elif old == Status.DISMISSED:
        summary.count_in([incident])
    incident.closed_at = timezone.now() if status in (Status.CLOSED, Status.DISMISSED) else None
    save_new_version(
        incident, "status", "dismissed_reason", "dismissal_kind", "duplicate_of", "closed_at"
    )
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.STATUS_CHANGE,
        author=by,
        text=reason,
        data=data,
    )
    if incident.reporter_id and status in (Status.CLOSED, Status.DISMISSED):
        notify(
            [incident.reporter],
            notifications.STATUS(reference=incident.reference, status=Status(status).label),
            url=reverse("incidents:detail", args=[incident.pk]),
            email=False,
        )
    return incident


def handler_candidates(incident: Incident) -> list[User]:
    """The people who may be made handler: coordinators, partners and chiefs covering it."""
    people = {
        assignment.user_id: assignment.user
        for assignment in holders_in_scope(HANDLER_ROLES, incident.unit, incident.area_id)
    }
    return sorted(people.values(), key=lambda p: (p.full_name, p.pk))


@transaction.atomic
def assign_handler(incident: Incident, *, by: User, handler: User | None,
                   version: int) -> Incident:  # fmt: skip
    """Give the incident to `handler`; None (an unknown person) is refused like anyone else
    who may not handle it, so the answer does not tell which people exist."""
    incident = _locked(incident, by, CHANGE, version)
    if handler is None or handler.pk not in {p.pk for p in handler_candidates(incident)}:
        raise ValidationError(
            {"handler": _("Choose a coordinator, partner or chief who covers this incident.")}
        )
    old = incident.handler_id
    if old == handler.pk:
        return incident  # already theirs: no new version, no timeline line, no notification
    incident.handler = handler
    save_new_version(incident, "handler")
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.ASSIGNMENT,
        author=by,
        text=gettext("Assigned to {name}.").format(name=handler),
        data={"from": old, "to": handler.pk},
    )
    if handler.pk != by.pk:
        notify(
            [handler],
            notifications.ASSIGNED(reference=incident.reference),
            url=reverse("incidents:detail", args=[incident.pk]),
        )
    return incident


@transaction.atomic
def change_severity(incident: Incident, *, by: User, severity: int, version: int) -> Incident:
    incident = _locked(incident, by, CHANGE, version)
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Unknown severity.")})
    old = incident.severity
    incident.severity = severity
    save_new_version(incident, "severity")
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.SEVERITY_CHANGE,
        author=by,
        data={"from": old, "to": severity},
    )
    return incident


def _refuse_after_retention(incident: Incident, field: str) -> None:
    # New text on a cleared incident would outlive the retention that cleared it.
    if incident.personal_data_removed_at is not None:
        raise ValidationError(
            {field: _("The personal data of this incident has been removed; it takes no new "
                      "comments or files.")}
        )  # fmt: skip


@transaction.atomic
def add_comment(incident: Incident, *, by: User, text: str) -> TimelineEntry:
    incident = _locked_unversioned(incident, by, COMMENT)
    _refuse_after_retention(incident, "text")
    text = checked_text("text", (text or "").strip())
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    return TimelineEntry.objects.create(
        incident=incident, kind=TimelineKind.COMMENT, author=by, text=text
    )


@transaction.atomic
def acknowledge(incident: Incident, *, by: User) -> Incident:
    """A partner (or the chief) takes on an acute report; recorded once on the timeline."""
    incident = _locked_unversioned(incident, by, ACKNOWLEDGE)
    if not incident.is_acute:
        raise ValidationError(_("Only acute reports are acknowledged."))
    if incident.acknowledged_at is not None:
        raise ValidationError(
            _("Already acknowledged by {name}.").format(name=incident.acknowledged_by)
        )
    incident.acknowledged_at, incident.acknowledged_by = timezone.now(), by
    incident.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.ACKNOWLEDGEMENT,
        author=by,
        text=gettext("{name} has acknowledged the acute report.").format(name=by),
    )
    return incident


@transaction.atomic
def record_obligation_reported(obligation: IncidentObligation, *, by: User, version: int,
                               reported_at: datetime | None = None,
                               authority_reference: str = "") -> IncidentObligation:  # fmt: skip
    """The handler records when an authority was told, and the authority's reference."""
    incident = _locked(obligation.incident, by, CHANGE, version)
    obligation = IncidentObligation.objects.select_for_update().get(
        pk=obligation.pk, incident=incident
    )
    if obligation.reported_at is not None:
        raise ValidationError(_("This obligation has already been recorded as reported."))
    reported_at = reported_at or timezone.now()
    if reported_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"reported_at": _("The time cannot be in the future.")})
    authority_reference = checked_text(
        "authority_reference", (authority_reference or "").strip()[:100]
    )
    obligation.reported_at, obligation.reported_by = reported_at, by
    obligation.authority_reference = authority_reference
    obligation.save(update_fields=["reported_at", "reported_by", "authority_reference"])
    save_new_version(incident)
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.OBLIGATION_REPORTED,
        author=by,
        text=gettext("{obligation} reported to {authority}.").format(
            obligation=obligation.obligation.title, authority=obligation.obligation.authority
        ),
        data={
            "obligation": obligation.obligation.code,
            "reported_at": reported_at.isoformat(),
            "authority_reference": authority_reference,
            "late": reported_at > obligation.due_at,
        },
    )
    return obligation


@transaction.atomic
def add_attachment(incident: Incident, *, by: User, uploaded) -> Attachment:
    """Attach a checked, cleaned file under a generated name; the uploader's name is a label."""
    incident = _locked_unversioned(incident, by, COMMENT)
    _refuse_after_retention(incident, "file")
    clean = check_upload(uploaded)
    stored_name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{clean.extension}"
    attachment = Attachment(
        incident=incident,
        original_name=clean.original_name,
        content_type=clean.content_type,
        size=len(clean.content),
        sha256=hashlib.sha256(clean.content).hexdigest(),
        uploaded_by=by,
    )
    attachment.file.save(stored_name, ContentFile(clean.content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    TimelineEntry.objects.create(
        incident=incident,
        kind=TimelineKind.ATTACHMENT_ADDED,
        author=by,
        text=clean.original_name,
        data={"attachment": attachment.pk, "size": attachment.size},
    )
    return attachment


def log_read(incident: Incident) -> None:
    """Every read of a restricted incident goes to the access log (who, when)."""
    if incident.is_restricted:
        accessed.send(Incident, instance=incident)


def log_reads(user: User, incidents) -> None:
    """One access-log entry per restricted incident in a list or export, in one insert."""
    audit.log_reads(
        [incident for incident in incidents if incident.is_restricted], actor=user, how="list"
    )


@transaction.atomic
def add_on_call_shift(*, by: User, person: User, administration: Unit, starts_at: datetime,
                      ends_at: datetime) -> OnCallShift:  # fmt: skip
    if not OnCallShift.objects.units_for(by, CHANGE).filter(pk=administration.pk).exists():
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift must end after it starts.")})
    if not RoleAssignment.objects.filter(user=person, role=Role.SECURITY_PARTNER).exists():
        raise ValidationError({"person": _("Only security partners can be on call.")})
    return OnCallShift.objects.create(
        person=person,
        administration=administration,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
    )


@transaction.atomic
def escalate_unacknowledged(minutes: int, now: datetime | None = None) -> int:
    """Acute reports nobody acknowledged within `minutes` go to the security chief, once each."""
    now = now or timezone.now()
    waiting = (
        Incident.objects.awaiting_acknowledgement()
        .filter(escalated_at__isnull=True, created_at__lte=now - timedelta(minutes=minutes))
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("unit", "category")
    )
    count = 0
    for incident in waiting:
        chiefs = people_in_scope(Role.SECURITY_CHIEF, incident.unit, incident.area_id)
        # Escalated after the worker was down: the delay goes on the timeline, for whoever
        # follows the incident up.
        late = (now - incident.created_at - timedelta(minutes=minutes)) // timedelta(minutes=1)
        late = late if late >= ESCALATION_LATE_MINUTES else 0
        notify(
            chiefs,
            notifications.ESCALATED(reference=incident.reference, minutes=minutes),
            url=reverse("incidents:detail", args=[incident.pk]),
        )
        incident.escalated_at = now
        incident.save(update_fields=["escalated_at", "updated_at"])  # audited, unlike update()
        data = {"recipients": [c.pk for c in chiefs], "reason": "escalation", "minutes": minutes}
        if late:
            data["late_minutes"] = late
        TimelineEntry.objects.create(
            incident=incident,
            kind=TimelineKind.NOTIFICATION_SENT,
            created_at=now,
            text=escalation_text(", ".join(str(c) for c in chiefs) or "–", data),
            data=data,
        )
        count += 1
    return count


#: An escalation this many minutes after it was due counts as late (the worker was down):
#: more than the periodic jobs' minute and a worker's back-off.
ESCALATION_LATE_MINUTES = 3


def escalation_text(names: str, data: dict) -> str:
    """The timeline's line for an escalation, with its delay when it came late."""
    text = gettext("Escalated to {names}: not acknowledged within {minutes} minutes.").format(
        names=names, minutes=data.get("minutes", 15)
    )
    if data.get("late_minutes"):
        late = gettext("Sent {late} minutes late: background jobs were not running.")
        text += " " + late.format(late=data["late_minutes"])
    return text
