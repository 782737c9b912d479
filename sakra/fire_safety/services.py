"""Every change to SBA's rows: one transaction each, the acting person as `by=`, a required
`version` for a change to an existing row, an audit entry (the models are registered with
django-auditlog; bulk paths write theirs through `sakra.core.audit`), notifications on commit.

Bad input raises `ValidationError` keyed by field; a stale version `StaleVersion`; a person
without the right `PermissionDenied`. Pages and the API only call these.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, can
from sakra.core.audit import log_bulk_created
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import check_stored_text
from sakra.incidents.uploads import check_upload

from .choices import AssignmentRole, Outcome, RemarkKind, RemarkStatus, RoundStatus
from .models import (
    SECTION_FIELDS,
    ChecklistItem,
    ChecklistTemplate,
    ControlPoint,
    FireDocument,
    FireDocumentVersion,
    FireInspection,
    Remark,
    Round,
    RoundComment,
    RoundResult,
    SiteAssignment,
)
from .querysets import EDIT_TEMPLATES, INSPECT
from .schedule import next_period_start, periods

#: Days the site's responsible person gets to deal with a deviation found in a round.
DEVIATION_ACTION_DAYS = 30
#: How far ahead the worker generates rounds, so the coming ones can be seen and planned.
GENERATE_AHEAD_DAYS = 31
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})


def _require(by: Any, action: str, obj: Any, message: str) -> None:
    if not can(by, action, obj):
        raise PermissionDenied(message)


def _text(value: str, field: str, *, required: bool = False, limit: int | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {field: _("Keep it to at most {limit} characters.").format(limit=limit)}
        )
    try:
        return check_stored_text(value) if value else value
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _not_future(day: Any, field: str) -> datetime.date:
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("Give a date.")})
    if day > timezone.localdate():
        raise ValidationError(
            {field: _("{date} has not come yet: record what has been done.").format(date=day)}
        )
    return day


# --- the binder --------------------------------------------------------------------------


def _snapshot(document: FireDocument, by: Any) -> None:
    FireDocumentVersion.objects.create(
        document=document,
        number=document.version,
        sections={name: getattr(document, name) for name in SECTION_FIELDS},
        next_review=document.next_review,
        changed_by=by,
    )


@transaction.atomic
def create_document(
    *, by: Any, site, unit, area, responsible, next_review: datetime.date, **sections: str
) -> FireDocument:
    """A site's binder, for a unit `by` may change SBA rows in; its first version is kept."""
    if FireDocument.objects.filter(site=site).exists():
        raise ValidationError(
            {"site": _("This site already has its fire-protection documentation.")}
        )
    document = FireDocument(
        site=site, unit=unit, area=area, responsible=responsible, next_review=next_review
    )
    for name in SECTION_FIELDS:
        setattr(document, name, _text(sections.get(name, ""), name))
    document.save()
    _require(by, CHANGE, document, _("You may not keep the fire protection of this unit."))
    _snapshot(document, by)
    return document


@transaction.atomic
def update_document(
    document: FireDocument, *, by: Any, version: int, next_review=None, responsible=None,
    **sections: str,
) -> FireDocument:  # fmt: skip
    """Change the binder's sections; each save is kept as a version with who and when."""
    _require(by, CHANGE, document, _("You may not change this documentation."))
    row = lock(document, version)
    changed = []
    for name in SECTION_FIELDS:
        if name in sections:
            setattr(row, name, _text(sections[name], name))
            changed.append(name)
    if next_review is not None:
        row.next_review = next_review
        changed.append("next_review")
    if responsible is not None:
        row.responsible = responsible
        changed.append("responsible")
    save_new_version(row, *changed)
    _snapshot(row, by)
    return row


@transaction.atomic
def assign_person(
    document: FireDocument, *, by: Any, user, role: str, valid_from: datetime.date,
    valid_to: datetime.date | None = None,
) -> SiteAssignment:  # fmt: skip
    """Make `user` the site's fire safety coordinator, deputy or controller for a time."""
    _require(by, CHANGE, document, _("You may not change this documentation."))
    if user is None or not user.is_active:
        raise ValidationError({"user": _("Name a person who works here.")})
    if role not in AssignmentRole.values:
        raise ValidationError({"role": _("Choose the person's part in SBA.")})
    if not isinstance(valid_from, datetime.date):
        raise ValidationError({"valid_from": _("Give a date.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The assignment cannot end before it starts.")})
    return SiteAssignment.objects.create(
        site=document.site, user=user, role=role, valid_from=valid_from, valid_to=valid_to
    )


@transaction.atomic
def end_assignment(
    assignment: SiteAssignment, *, by: Any, version: int, valid_to: datetime.date
) -> SiteAssignment:
    """End an assignment on `valid_to`, the last day it holds (or move its end); kept, so who
    did the rounds of a period can still be read."""
    document = FireDocument.objects.get(site=assignment.site_id)
    _require(by, CHANGE, document, _("You may not change this documentation."))
    if not isinstance(valid_to, datetime.date):
        raise ValidationError({"valid_to": _("Give a date.")})
    row = lock(assignment, version)
    if valid_to < row.valid_from:
        raise ValidationError({"valid_to": _("The assignment cannot end before it starts.")})
    row.valid_to = valid_to
    save_new_version(row, "valid_to")
    return row


# --- checklists ----------------------------------------------------------------------------


def _set_items(template: ChecklistTemplate, texts: Sequence[str]) -> None:
    """The checklist's active items become `texts` in that order; an item no longer listed is
    kept inactive, because results of past rounds refer to it."""
    texts = [_text(text, "items", limit=300) for text in texts]
    texts = [text for text in texts if text]
    if not texts:
        raise ValidationError({"items": _("A checklist needs at least one item.")})
    existing = {item.text: item for item in template.items.all()}
    for position, text in enumerate(texts, start=1):
        item = existing.pop(text, None) or ChecklistItem(template=template, text=text)
        item.position, item.is_active = position, True
        item.save()
    for item in existing.values():
        if item.is_active:
            item.is_active = False
            item.save(update_fields=["is_active"])


@transaction.atomic
def create_checklist(*, by: Any, name: str, area, items: Sequence[str]) -> ChecklistTemplate:
    template = ChecklistTemplate(name=_text(name, "name", required=True, limit=200), area=area)
    template.save()
    _require(by, EDIT_TEMPLATES, template, _("Only the area's owner may edit its checklists."))
    _set_items(template, items)
    return template


@transaction.atomic
def update_checklist(
    template: ChecklistTemplate, *, by: Any, version: int, name: str, items: Sequence[str]
) -> ChecklistTemplate:
    """Rename the checklist and set its items; rounds already done keep what they checked."""
    _require(by, EDIT_TEMPLATES, template, _("Only the area's owner may edit its checklists."))
    row = lock(template, version)
    row.name = _text(name, "name", required=True, limit=200)
    save_new_version(row, "name")
    _set_items(row, items)
    return row


# --- the control plan and its rounds --------------------------------------------------------


@transaction.atomic
def add_control_point(
    document: FireDocument, *, by: Any, title: str, checklist: ChecklistTemplate,
    frequency: str, starts_on: datetime.date, performer=None,
) -> ControlPoint:  # fmt: skip
    _require(by, CHANGE, document, _("You may not change this documentation."))
    return ControlPoint.objects.create(
        document=document,
        title=_text(title, "title", required=True, limit=200),
        checklist=checklist,
        frequency=frequency,
        starts_on=starts_on,
        performer=performer,
    )


@transaction.atomic
def change_control_point(
    point: ControlPoint, *, by: Any, version: int, frequency: str | None = None,
    performer: Any = ..., title: str | None = None, is_active: bool | None = None,
    today: datetime.date | None = None,
) -> ControlPoint:  # fmt: skip
    """Change a line of the control plan. The round of the period under way is kept as it is;
    from the next period on, the new schedule applies and the rounds generated ahead under
    the old one are cancelled (the worker then generates the new ones)."""
    _require(by, CHANGE, point.document, _("You may not change this documentation."))
    today = today or timezone.localdate()
    row = lock(point, version)
    changed = []
    if title is not None:
        row.title = _text(title, "title", required=True, limit=200)
        changed.append("title")
    if performer is not ...:
        row.performer = performer
        changed.append("performer")
        # Rounds not yet begun go to the new person; one under way stays with whoever has it.
        row.rounds.filter(status=RoundStatus.PLANNED, period_start__gt=today).update(
            assigned_to=performer or row.document.responsible
        )
    if (frequency is not None and frequency != row.frequency) or is_active is False:
        resume = max(row.starts_on, next_period_start(row.frequency, today))
        row.rounds.filter(status=RoundStatus.PLANNED, period_start__gte=resume).update(
            status=RoundStatus.CANCELLED
        )
        if frequency is not None and frequency != row.frequency:
            row.frequency, row.starts_on = frequency, resume
            changed += ["frequency", "starts_on"]
    if is_active is not None:
        row.is_active = is_active
        changed.append("is_active")
    save_new_version(row, *changed)
    return row


@transaction.atomic
def generate_rounds(*, until: datetime.date, points: Iterable[ControlPoint] | None = None) -> int:
    """The rounds of every active control point for the periods that begin on or before
    `until`, each created once (run it again and nothing changes). The system is the actor."""
    rows = ControlPoint.objects.active().select_related("document")
    if points is not None:
        rows = rows.filter(pk__in=[point.pk for point in points])
    latest = dict(
        Round.objects.filter(control_point__in=rows)
        .exclude(status=RoundStatus.CANCELLED)
        .values("control_point")
        .annotate(last=Max("due_date"))
        .values_list("control_point", "last")
    )
    new = []
    for point in rows.iterator(chunk_size=2000):
        start = point.starts_on
        if point.pk in latest:
            start = max(start, latest[point.pk] + datetime.timedelta(days=1))
        assignee = point.performer_id or point.document.responsible_id
        new.extend(
            Round(
                control_point=point,
                document_id=point.document_id,
                period_start=first,
                due_date=last,
                assigned_to_id=assignee,
            )
            for first, last in periods(point.frequency, start, until)
        )
    created = Round.objects.bulk_create(new, batch_size=2000)
    log_bulk_created(created, actor=None, source="control plan")
    return len(created)


# --- doing a round -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """What the person recorded for one checklist item."""

    item: ChecklistItem
    outcome: str
    comment: str = ""
    photo: Any = None


def _deviation_action(result: RoundResult):
    """The action a deviation gives rise to, created BY THE SYSTEM on behalf of the round: the
    person doing the round need not be allowed to create actions. Owned by the site's
    responsible person and linked both ways (the action's source is the result)."""
    from sakra.actions.services import create_action

    round_ = result.round
    document = round_.document
    return create_action(
        source=result,
        title=_("Deviation at {site}: {item}").format(site=document.site, item=result.item)[:200],
        description=result.comment,
        owner=document.responsible,
        due_date=timezone.localdate() + datetime.timedelta(days=DEVIATION_ACTION_DAYS),
        by=None,
        unit=document.unit,
        area=document.area,
    )


def _store_photo(result: RoundResult, photo) -> None:
    clean = check_upload(photo)
    if clean.content_type not in PHOTO_TYPES:
        raise ValidationError({"photo": _("A photo must be a JPG or PNG image.")})
    name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{clean.extension}"
    result.photo.save(name, ContentFile(clean.content), save=False)
    result.photo_type = clean.content_type


@transaction.atomic
def record_round(
    round_: Round, *, by: Any, version: int, results: Sequence[ItemResult],
    performed_on: datetime.date | None = None, finish: bool = False, note: str | None = None,
) -> Round:  # fmt: skip
    """Record item results on a round; pause it (finish=False) or finish it.

    A finished round is not changed again, only commented on. A deviation creates its action
    at once (once per item). Finishing needs every active item answered and the day it was
    done, never a day to come.
    """
    _require(by, INSPECT, round_, _("You may not do this round."))
    row = lock(round_, version)
    if row.status == RoundStatus.FINISHED:
        raise ValidationError(_("This round is finished: it can only be commented on."))
    if row.status == RoundStatus.CANCELLED:
        raise ValidationError(_("This round was cancelled when the control plan changed."))
    if performed_on is not None:
        _not_future(performed_on, "performed_on")
    if row.period_start > timezone.localdate():
        raise ValidationError(_("This round's period has not begun yet."))
    items = {item.pk: item for item in row.control_point.checklist.items.all()}
    existing = {result.item_id: result for result in row.results.all()}
    for entry in results:
        if entry.item.pk not in items:
            raise ValidationError(_("That item is not on this round's checklist."))
        if entry.outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Choose OK, deviation or not applicable.")})
        result = existing.get(entry.item.pk) or RoundResult(round=row, item=entry.item)
        result.outcome = entry.outcome
        result.comment = _text(entry.comment, "comment")
        result.recorded_by, result.recorded_at = by, timezone.now()
        if entry.photo:
            _store_photo(result, entry.photo)
        result.save()
        existing[entry.item.pk] = result
        if result.outcome == Outcome.DEVIATION and result.action_id is None:
            result.action = _deviation_action(result)
            result.save(update_fields=["action"])
    if note is not None:
        row.note = _text(note, "note")
    fields = ["status", "note"]
    row.status = RoundStatus.PAUSED
    if finish:
        missing = [item for pk, item in items.items() if item.is_active and pk not in existing]
        if missing:
            raise ValidationError(
                _("Answer every item before finishing: {items}.").format(
                    items=", ".join(item.text for item in missing)
                )
            )
        if performed_on is None:
            raise ValidationError({"performed_on": _("Give the day the round was done.")})
        row.status, row.performed_on = RoundStatus.FINISHED, performed_on
        row.finished_at, row.finished_by = timezone.now(), by
        fields += ["performed_on", "finished_at", "finished_by"]
    save_new_version(row, *fields)
    return row


@transaction.atomic
def comment_round(round_: Round, *, by: Any, text: str) -> RoundComment:
    """A comment on a round, finished or not, by someone who may do the round."""
    _require(by, INSPECT, round_, _("You may not comment on this round."))
    return RoundComment.objects.create(
        round=round_, author=by, text=_text(text, "text", required=True)
    )


# --- the rescue service's inspections --------------------------------------------------------


@dataclass(frozen=True)
class RemarkIn:
    text: str
    deadline: datetime.date | None
    kind: str = RemarkKind.REMARK


def _remark(inspection: FireInspection, entry: RemarkIn) -> Remark:
    if not isinstance(entry.deadline, datetime.date):
        raise ValidationError(
            {"deadline": _("A remark needs the deadline the rescue service gave.")}
        )
    if entry.kind not in RemarkKind.values:
        raise ValidationError({"kind": _("Choose remark or injunction.")})
    # The deadline is kept as given, even when it has passed: the action service's "not in
    # the past" rule is for deadlines Sakra's users set, not for the rescue service's.
    return Remark.objects.create(
        inspection=inspection,
        kind=entry.kind,
        text=_text(entry.text, "text", required=True),
        deadline=entry.deadline,
    )


@transaction.atomic
def record_inspection(
    document: FireDocument, *, by: Any, date: datetime.date, rescue_service: str,
    reference: str = "", report=None, remarks: Sequence[RemarkIn] = (),
) -> FireInspection:  # fmt: skip
    """An inspection by the rescue service, with its report (PDF) and its remarks."""
    _require(by, CHANGE, document, _("You may not change this documentation."))
    inspection = FireInspection(
        document=document,
        date=_not_future(date, "date"),
        rescue_service=_text(rescue_service, "rescue_service", required=True, limit=200),
        reference=_text(reference, "reference", limit=100),
        recorded_by=by,
    )
    if report:
        clean = check_upload(report)
        if clean.content_type != "application/pdf":
            raise ValidationError({"report": _("The inspection report must be a PDF.")})
        name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"
        inspection.report.save(name, ContentFile(clean.content), save=False)
    inspection.save()
    for entry in remarks:
        _remark(inspection, entry)
    return inspection


@transaction.atomic
def add_remark(inspection: FireInspection, *, by: Any, entry: RemarkIn) -> Remark:
    _require(by, CHANGE, inspection, _("You may not change this inspection."))
    return _remark(inspection, entry)


@transaction.atomic
def set_remark_status(
    remark: Remark, *, by: Any, version: int, status: str, note: str = ""
) -> Remark:
    """Open, done or disputed (the region contests it with the rescue service)."""
    _require(by, CHANGE, remark, _("You may not change this remark."))
    if status not in RemarkStatus.values:
        raise ValidationError({"status": _("Choose open, done or disputed.")})
    row = lock(remark, version)
    note = _text(note, "status_note")
    if status == RemarkStatus.DISPUTED and not note:
        raise ValidationError({"status_note": _("Say why the remark is disputed.")})
    row.status, row.status_note = status, note
    save_new_version(row, "status", "status_note")
    return row
