"""Every change to an annual report: one transaction each, the acting person as `by=`, the
version the change was made from, an audit entry (auditlog).

Draft → each area owner writes and submits their chapter → the security chief approves (the
facts are frozen) → the regional board's decision is recorded in governance (one Decision
record), its assignments become actions, the protocol extract is distributed. A correction
is a new version that keeps the approved one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.actions.services import create_action
from sakra.core.access import CHANGE, can
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import check_stored_text
from sakra.governance.services import distribute_decision, record_decision
from sakra.incidents.statistics import FIRST_YEAR
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import SecurityArea, Unit

from . import facts
from .choices import ChapterStatus, ReportStatus
from .models import AnnualReport, Chapter
from .querysets import APPROVE, WRITE

#: The longest narrative, summary or conclusions (a chapter of a board paper).
MAX_TEXT = 20_000


def _text(value: str, field: str) -> str:
    try:
        value = check_stored_text((value or "").strip())
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("At most {n} characters.").format(n=MAX_TEXT)})
    return value


def _require_chief(by, report: AnnualReport | None = None) -> None:
    allowed = (
        can(by, APPROVE, report) if report is not None else AnnualReport.objects.may(by, APPROVE)
    )
    if not allowed:
        raise PermissionDenied(_("Only the security chief keeps the annual report."))


def _require_draft(report: AnnualReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError({"status": _("The report is approved: start a new version.")})


def current_facts(report: AnnualReport) -> dict:
    """The frozen facts of an approved report; the data's facts of a draft."""
    if report.facts is not None:
        return report.facts
    return facts.gather(report.year, report.administration)


@transaction.atomic
def create_report(*, by: Any, year: int, administration: Unit | None = None) -> AnnualReport:
    """A draft report of `year` with a chapter per active security area."""
    _require_chief(by)
    last = timezone.localdate().year
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= last:
        message = _("Choose a year from {first} to {last}.").format(first=FIRST_YEAR, last=last)
        raise ValidationError({"year": message})
    if administration is not None and administration.kind != UnitKind.ADMINISTRATION:
        raise ValidationError({"administration": _("Choose an administration.")})
    if AnnualReport.objects.filter(year=year, administration=administration).exists():
        raise ValidationError(
            {"year": _("This report exists already; correct it with a new version.")}
        )
    report = AnnualReport.objects.create(year=year, administration=administration, created_by=by)
    Chapter.objects.bulk_create(
        Chapter(report=report, area=area) for area in SecurityArea.objects.filter(is_active=True)
    )
    return report


@transaction.atomic
def write_summary(
    report: AnnualReport, *, by: Any, version: int, summary: str, conclusions: str
) -> AnnualReport:
    """The security chief's summary and conclusions."""
    _require_chief(by, report)
    row = lock(report, version)
    _require_draft(row)
    row.summary, row.conclusions = _text(summary, "summary"), _text(conclusions, "conclusions")
    save_new_version(row, "summary", "conclusions")
    return row


def _writable_chapter(chapter: Chapter, by: Any, version: int) -> Chapter:
    if not Chapter.objects.for_user(by, WRITE).filter(pk=chapter.pk).exists():
        raise PermissionDenied(_("Only the owner of the security area writes its chapter."))
    row = lock(chapter, version)
    _require_draft(row.report)
    return row


@transaction.atomic
def write_chapter(chapter: Chapter, *, by: Any, version: int, narrative: str) -> Chapter:
    """The area owner's narrative; a submitted chapter changed goes back to being written."""
    row = _writable_chapter(chapter, by, version)
    row.narrative = _text(narrative, "narrative")
    row.status, row.submitted_at, row.submitted_by = ChapterStatus.DRAFT, None, None
    save_new_version(row, "narrative", "status", "submitted_at", "submitted_by")
    return row


@transaction.atomic
def submit_chapter(chapter: Chapter, *, by: Any, version: int) -> Chapter:
    """The area owner hands the chapter to the security chief."""
    row = _writable_chapter(chapter, by, version)
    if not row.narrative:
        raise ValidationError({"narrative": _("Write the chapter's narrative first.")})
    row.status, row.submitted_at, row.submitted_by = ChapterStatus.SUBMITTED, timezone.now(), by
    save_new_version(row, "status", "submitted_at", "submitted_by")
    return row


def approval_problems(report: AnnualReport) -> list[str]:
    """What stands in the way of approval (for the page and the service alike)."""
    problems = []
    waiting = [
        str(c.area)
        for c in report.chapters.select_related("area")
        if c.status != ChapterStatus.SUBMITTED
    ]
    if waiting:
        problems.append(_("Chapters not submitted: {areas}.").format(areas=", ".join(waiting)))
    if not report.summary or not report.conclusions:
        problems.append(_("Write the summary and the conclusions."))
    return problems


@transaction.atomic
def approve_report(report: AnnualReport, *, by: Any, version: int) -> AnnualReport:
    """The security chief approves: the facts are frozen as they stand now, for good."""
    _require_chief(by, report)
    row = lock(report, version)
    _require_draft(row)
    if problems := approval_problems(row):
        raise ValidationError({"status": problems})
    row.facts = facts.gather(row.year, row.administration)
    row.status, row.approved_at, row.approved_by = ReportStatus.APPROVED, timezone.now(), by
    save_new_version(row, "facts", "status", "approved_at", "approved_by")
    return row


@dataclass(frozen=True)
class Assignment:
    """One assignment of the board's decision: it becomes an action."""

    title: str
    owner: Any
    due_date: datetime.date


@transaction.atomic
def record_board_decision(
    report: AnnualReport,
    *,
    by: Any,
    version: int,
    forum: Any,
    decided_on: datetime.date,
    paragraph: str = "",
    registry_number: str = "",
    text: str = "",
    assignments: list[Assignment] = (),
    recipient_units=(),
    recipient_role: str = "",
) -> AnnualReport:
    """The regional board's decision on the approved report, recorded as governance's one
    Decision; each assignment becomes an action with its owner and deadline, and the protocol
    extract is distributed to the units (their management) or the role given."""
    _require_chief(by, report)
    row = lock(report, version)
    if row.status != ReportStatus.APPROVED:
        raise ValidationError({"status": _("The board decides on an approved report.")})
    decision = record_decision(
        by=by,
        forum=forum,
        decided_on=decided_on,
        paragraph=paragraph,
        registry_number=registry_number,
        text=text,
        title=_("Annual security report {year}").format(year=row.year),
    )
    region = Unit.objects.get_first_root_node()
    for assignment in assignments:
        if assignment.due_date < decided_on:
            raise ValidationError({"assignments": _("A deadline cannot come before the decision.")})
        create_action(
            by=by,
            source=decision,
            title=assignment.title,
            owner=assignment.owner,
            due_date=assignment.due_date,
            unit=row.administration or region,
            description=_("Assignment of the regional board's decision {paragraph}")
            .format(paragraph=paragraph)
            .strip(),
        )
    if recipient_units or recipient_role:
        decision = distribute_decision(
            decision, by=by, version=decision.version, units=recipient_units, role=recipient_role
        )
    row.status, row.decision = ReportStatus.DECIDED, decision
    save_new_version(row, "status", "decision")
    return row


@transaction.atomic
def start_new_version(report: AnnualReport, *, by: Any, version: int) -> AnnualReport:
    """A correction of an approved report: a new draft with the same texts; the approved one
    is kept as it was."""
    _require_chief(by, report)
    row = lock(report, version)
    if row.status == ReportStatus.DRAFT:
        raise ValidationError({"status": _("A draft is corrected as it is.")})
    if AnnualReport.objects.filter(previous=row).exists():
        raise ValidationError({"status": _("A newer version exists already.")})
    new = AnnualReport.objects.create(
        year=row.year,
        administration=row.administration,
        number=row.number + 1,
        previous=row,
        summary=row.summary,
        conclusions=row.conclusions,
        created_by=by,
    )
    Chapter.objects.bulk_create(
        Chapter(report=new, area_id=chapter.area_id, narrative=chapter.narrative)
        for chapter in row.chapters.all()
    )
    save_new_version(row)  # the old one's "newer version" link changes what its page offers
    return new


def may_change(user, report: AnnualReport) -> bool:
    return can(user, CHANGE, report)
