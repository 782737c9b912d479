"""Decisions sent to the person and not yet acknowledged, and internal controls due, as
sections of "Mina uppgifter"."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import VIEW
from sakra.core.hooks import InboxItem, InboxSection

from .choices import OccurrenceStatus, PlanStatus, SubmissionStatus
from .models import ControlOccurrence, Decision, PlanSubmission, StateAssignment
from .querysets import PERFORM, REVIEW

SHOWN = 5
#: A control shows up this many days before it is due.
AHEAD_DAYS = 31


def _decisions(user) -> list[InboxSection]:
    rows = Decision.objects.unacknowledged_by(user).select_related("forum")
    count = rows.count()
    if not count:
        return []
    items = [
        InboxItem(
            title=decision.title,
            url=decision.get_absolute_url(),
            detail=str(decision),
            due=decision.deadline,
        )
        for decision in rows[:SHOWN]
    ]
    return [
        InboxSection(
            key="decisions-to-acknowledge",
            title=_("Decisions to acknowledge"),
            items=items,
            count=count,
            url=f"{reverse('governance:decisions')}?mine=1",
        )
    ]


def _controls(user) -> list[InboxSection]:
    today = timezone.localdate()
    rows = (
        ControlOccurrence.objects.for_user(user, PERFORM)
        .filter(
            control__owner=user,
            status=OccurrenceStatus.PLANNED,
            control__plan__status=PlanStatus.ADOPTED,
            due_on__lte=today + datetime.timedelta(days=AHEAD_DAYS),
        )
        .with_related()
        .order_by("due_on", "pk")
    )
    count = rows.count()
    if not count:
        return []
    items = [
        InboxItem(
            title=str(row.control),
            url=row.get_absolute_url(),
            detail=str(row.control.plan),
            due=row.due_on,
            overdue=row.due_on < today,
        )
        for row in rows[:SHOWN]
    ]
    return [
        InboxSection(
            key="internal-controls",
            title=_("Internal controls to perform"),
            items=items,
            count=count,
            url=reverse("governance:plans"),
        )
    ]


def _plans_to_review(user) -> list[InboxSection]:
    """For the security board: plans submitted and waiting for its comment or agreement."""
    if not PlanSubmission.objects.may(user, REVIEW):
        return []
    rows = (
        PlanSubmission.objects.for_user(user, REVIEW)
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("plan__administration")
        .order_by("submitted_at", "pk")
    )
    shown = list(rows[:SHOWN])
    if not shown:
        return []
    count = len(shown) if len(shown) < SHOWN else rows.count()
    items = [
        InboxItem(
            title=str(row.plan.administration),
            url=row.get_absolute_url(),
            detail=str(row.plan),
        )
        for row in shown
    ]
    return [
        InboxSection(
            key="plans-to-review",
            title=_("Plans in the planning dialogue to review"),
            items=items,
            count=count,
            url=reverse("governance:planning"),
        )
    ]


def _assignments(user) -> list[InboxSection]:
    """The open assignments from state authorities the person is responsible for."""
    today = timezone.localdate()
    rows = (
        StateAssignment.objects.for_user(user, VIEW)
        .open()
        .filter(responsible=user, deadline__lte=today + datetime.timedelta(days=AHEAD_DAYS))
        .order_by("deadline", "pk")
    )
    shown = list(rows[:SHOWN])
    if not shown:
        return []
    count = len(shown) if len(shown) < SHOWN else rows.count()
    items = [
        InboxItem(
            title=row.title,
            url=row.get_absolute_url(),
            detail=row.authority,
            due=row.deadline,
            overdue=row.deadline < today,
        )
        for row in shown
    ]
    return [
        InboxSection(
            key="state-assignments",
            title=_("Assignments from state authorities"),
            items=items,
            count=count,
            url=reverse("governance:assignments"),
        )
    ]


def sections(user) -> list[InboxSection]:
    """A count and a page for each of the first two sections; the last two read their page
    first and count only when it is full (one query each for the few rows they usually have)."""
    return _decisions(user) + _controls(user) + _plans_to_review(user) + _assignments(user)
