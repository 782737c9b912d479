"""Reminders about due dates, and escalation of overdue actions to the owner's managers."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from sakra.accounts.choices import Role
from sakra.accounts.models import RoleAssignment
from sakra.accounts.notifications import Message
from sakra.accounts.services import managers_covering, notify

from .choices import OPEN_STATUSES, ReminderKind
from .models import Action, ActionReminder
from .notifications import DUE_SOON, DUE_TODAY, OVERDUE

REMIND_DAYS_BEFORE = 7


def _candidates(kind: str, today: datetime.date):
    due = {
        ReminderKind.WEEK_BEFORE: {
            "due_date__gt": today,
            "due_date__lte": today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            # The owner was told of a brand-new action a moment ago; no reminder on top.
            "created_at__lte": timezone.now() - datetime.timedelta(days=1),
        },
        ReminderKind.DUE_TODAY: {"due_date": today},
        ReminderKind.OVERDUE: {"due_date__lt": today},
    }[kind]
    sent = ActionReminder.objects.filter(
        action=OuterRef("pk"), kind=kind, due_date=OuterRef("due_date")
    )
    return (
        Action.objects.filter(status__in=OPEN_STATUSES, owner__is_active=True, **due)
        .exclude(Exists(sent))
        .select_related("owner__home_unit", "unit")
    )


def _managers_of(action: Action, managers: list[RoleAssignment]) -> list:
    """Managers whose unit subtree covers the owner's home unit or the action's unit."""
    paths = [action.unit.path]
    if action.owner.home_unit_id:
        paths.append(action.owner.home_unit.path)
    return managers_covering(paths, managers, exclude=action.owner_id)


def _message(kind: str, action: Action) -> Message:
    date = action.due_date.isoformat()
    if kind == ReminderKind.WEEK_BEFORE:
        return DUE_SOON(date=date, title=action.title)
    if kind == ReminderKind.DUE_TODAY:
        return DUE_TODAY(title=action.title)
    return OVERDUE(title=action.title, owner=action.owner.full_name, date=date)


def _send(kind: str, action: Action, managers: list[RoleAssignment]) -> bool:
    """Record the reminder and notify, once; a concurrent worker's duplicate is dropped."""
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, kind=kind, due_date=action.due_date)
            recipients = [action.owner]
            if kind == ReminderKind.OVERDUE:
                recipients += _managers_of(action, managers)
            notify(recipients, _message(kind, action), url=action.get_absolute_url())
    except IntegrityError:
        return False
    return True


@task()
def send_action_reminders() -> int:
    """A week before, on the day, and once overdue (escalated); never twice per due date."""
    today = timezone.localdate()
    managers = list(
        RoleAssignment.objects.filter(
            role=Role.MANAGER, unit__isnull=False, user__is_active=True
        ).select_related("user", "unit")
    )
    sent = 0
    for kind in (ReminderKind.OVERDUE, ReminderKind.DUE_TODAY, ReminderKind.WEEK_BEFORE):
        for action in _candidates(kind, today).iterator(chunk_size=500):
            sent += _send(kind, action, managers)
    return sent


PERIODIC = [send_action_reminders]
