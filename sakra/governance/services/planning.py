"""The February planning dialogue, and requirements and assignments from state authorities."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE, VIEW
from sakra.core.concurrency import lock, save_new_version

from ..choices import (
    AssignmentStatus,
    ForumKind,
    PlanningState,
    SubmissionStatus,
)
from ..models import Forum, PlanSubmission, StateAssignment
from ..notifications import PLAN_AGREED, PLAN_COMMENTED
from ..querysets import RECORD, REVIEW, SUBMIT
from .common import clean_texts, require, require_text, require_version
from .decisions import record_decision

# --- the planning dialogue ---------------------------------------------------------------


@transaction.atomic
def submit_plan(plan: Any, *, by: Any, note: str = "", version: int | None = None):
    """Submit an administration's annual plan to the security board. The first time there is
    no version; after the board's comment the revised plan is submitted again with the
    version of the submission it answers. An agreed plan stays agreed."""
    from sakra.organisation.choices import UnitKind

    if plan is None:
        raise ValidationError({"plan": _("Choose the plan.")})
    units = PlanSubmission.objects.units_for(by, SUBMIT)
    if not units.filter(pk=plan.administration_id).exists():
        raise PermissionDenied(_("You may not submit the plans of this administration."))
    if plan.administration.kind != UnitKind.ADMINISTRATION:
        raise ValidationError({"plan": _("Only an administration's plan is submitted.")})
    fields = clean_texts(note=note)
    existing = PlanSubmission.objects.filter(plan=plan).first()
    now = timezone.now()
    if existing is None:
        return PlanSubmission.objects.create(
            plan=plan, note=fields["note"], submitted_at=now, submitted_by=by
        )
    row = lock(existing, require_version(version))
    if row.status == SubmissionStatus.AGREED:
        raise ValidationError(_("The plan is already agreed."))
    if row.status == SubmissionStatus.SUBMITTED:
        raise ValidationError(_("The plan is already submitted; the board has not commented."))
    row.status, row.note, row.submitted_at, row.submitted_by = (
        SubmissionStatus.SUBMITTED, fields["note"], now, by,
    )  # fmt: skip
    save_new_version(row, "status", "note", "submitted_at", "submitted_by")
    return row


def _reviewed(submission: PlanSubmission, by: Any, version: int) -> PlanSubmission:
    require(by, REVIEW, submission, _("Only the security board reviews the plans."))
    row = lock(submission, require_version(version))
    if row.status == SubmissionStatus.AGREED:
        raise ValidationError(_("The plan is already agreed."))
    return row


def _tell_submitter(row: PlanSubmission, kind) -> None:
    from sakra.accounts.services import notify

    if row.submitted_by_id and row.submitted_by.is_active:
        notify([row.submitted_by], kind(plan=str(row.plan)), url=row.get_absolute_url())


@transaction.atomic
def comment_plan(submission: PlanSubmission, *, by: Any, version: int, comment: str):
    """The board's comment: the administration revises the plan and submits it again."""
    row = _reviewed(submission, by, version)
    fields = clean_texts(board_comment=comment)
    require_text(fields, "board_comment", _("Write the board's comment."))
    row.status, row.board_comment = SubmissionStatus.COMMENTED, fields["board_comment"]
    row.commented_at, row.commented_by = timezone.now(), by
    save_new_version(row, "status", "board_comment", "commented_at", "commented_by")
    _tell_submitter(row, PLAN_COMMENTED)
    return row


@transaction.atomic
def agree_plan(submission: PlanSubmission, *, by: Any, version: int, comment: str = ""):
    """The board agrees the plan. Where the region has a security board forum, the agreement
    is recorded as its decision (the one decision record)."""
    row = _reviewed(submission, by, version)
    fields = clean_texts(board_comment=comment)
    today = timezone.localdate()
    board = Forum.objects.filter(kind=ForumKind.SECURITY_BOARD, is_active=True).first()
    if board is not None:
        row.decision = record_decision(
            by=by, forum=board, decided_on=today,
            title=_("Planning dialogue {year}: {plan} agreed").format(
                year=row.plan.year, plan=row.plan.administration
            )[:200],
            text=fields["board_comment"],
        )  # fmt: skip
    if fields["board_comment"]:
        row.board_comment = fields["board_comment"]
    row.status, row.agreed_on, row.agreed_by = SubmissionStatus.AGREED, today, by
    save_new_version(row, "status", "board_comment", "agreed_on", "agreed_by", "decision")
    _tell_submitter(row, PLAN_AGREED)
    return row


@dataclass
class PlanningRow:
    """One administration in the planning dialogue of a year."""

    administration: Any
    plan: Any
    submission: PlanSubmission | None
    state: PlanningState
    may_submit: bool


def planning_overview(user: Any, year: int) -> list[PlanningRow]:
    """Every administration `user` may follow in the dialogue of `year`, with its plan and
    where it stands: three queries, whatever the number of administrations."""
    from sakra.actions.models import AnnualPlan
    from sakra.organisation.choices import UnitKind

    administrations = list(
        PlanSubmission.objects.units_for(user, VIEW)
        .filter(kind=UnitKind.ADMINISTRATION)
        .order_by("path")
    )
    plans = {
        plan.administration_id: plan
        for plan in AnnualPlan.objects.for_user(user, VIEW).filter(
            year=year, administration__in=administrations
        )
    }
    submissions = {
        row.plan.administration_id: row
        for row in PlanSubmission.objects.for_user(user, VIEW)
        .filter(plan__year=year)
        .select_related("plan")
    }
    submit_units = set(
        PlanSubmission.objects.units_for(user, SUBMIT)
        .filter(kind=UnitKind.ADMINISTRATION)
        .values_list("pk", flat=True)
    )
    rows = []
    for unit in administrations:
        plan, submission = plans.get(unit.pk), submissions.get(unit.pk)
        if submission is not None:
            state = PlanningState(submission.status)
        elif plan is not None:
            state = PlanningState.NOT_SUBMITTED
        else:
            state = PlanningState.NO_PLAN
        may_submit = (
            plan is not None
            and unit.pk in submit_units
            and state in (PlanningState.NOT_SUBMITTED, PlanningState.COMMENTED)
        )
        rows.append(PlanningRow(unit, plan, submission, state, may_submit))
    return rows


# --- requirements and assignments from state authorities ---------------------------------


def _dates(received_on: Any, deadline: Any) -> None:
    if not isinstance(received_on, datetime.date):
        raise ValidationError({"received_on": _("Give the date it was received.")})
    if not isinstance(deadline, datetime.date):
        raise ValidationError({"deadline": _("Give the deadline.")})
    if deadline < received_on:
        raise ValidationError({"deadline": _("The deadline cannot come before it was received.")})


@transaction.atomic
def record_assignment(
    *, by: Any, authority: str, title: str, administration: Any, responsible: Any,
    received_on: datetime.date, deadline: datetime.date, area: Any = None, reference: str = "",
    description: str = "",
) -> StateAssignment:  # fmt: skip
    """A requirement or assignment from a state authority, with its deadline and who answers
    for it, placed in the administration that answers (or the region)."""
    if administration is None:
        raise ValidationError({"administration": _("Choose the administration.")})
    if responsible is None:
        raise ValidationError({"responsible": _("Choose who is responsible.")})
    if by is not None:
        units = StateAssignment.objects.units_for(by, RECORD)
        if not units.filter(pk=administration.pk).exists():
            raise PermissionDenied(
                _("You may not record assignments for {unit}.").format(unit=administration)
            )
    _dates(received_on, deadline)
    fields = clean_texts(
        StateAssignment, authority=authority, title=title, reference=reference,
        description=description,
    )  # fmt: skip
    require_text(fields, "authority", _("Name the authority."))
    require_text(fields, "title", _("Say what the assignment is."))
    return StateAssignment.objects.create(
        administration=administration, area=area, responsible=responsible,
        received_on=received_on, deadline=deadline, created_by=by, **fields,
    )  # fmt: skip


@transaction.atomic
def update_assignment(
    assignment: StateAssignment, *, by: Any, version: int, status: str, note: str = "",
    deadline: datetime.date | None = None,
) -> StateAssignment:  # fmt: skip
    """Its status and a note; a deadline moved by the authority. Reported (or withdrawn), it
    is done: the date is kept."""
    require(by, CHANGE, assignment, _("You may not change this assignment."))
    row = lock(assignment, require_version(version))
    if status not in AssignmentStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if deadline is not None:
        _dates(row.received_on, deadline)
        row.deadline = deadline
    fields = clean_texts(status_note=note)
    row.status, row.status_note = status, fields["status_note"]
    done = status in (AssignmentStatus.REPORTED, AssignmentStatus.WITHDRAWN)
    row.completed_on = (row.completed_on or timezone.localdate()) if done else None
    save_new_version(row, "status", "status_note", "deadline", "completed_on")
    return row
