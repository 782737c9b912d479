"""SBA's periodic work: rounds generated from the control plans, reminders about overdue
rounds (the person once, then their manager once) and about remarks past their deadline."""

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

from . import services
from .choices import OPEN_ROUND_STATUSES, RemarkStatus, ReminderKind
from .models import Remark, RemarkReminder, Round, RoundReminder
from .notifications import REMARK_OVERDUE, ROUND_ESCALATED, ROUND_OVERDUE

#: The manager hears of an overdue round this many days after the person was reminded.
ESCALATE_AFTER_DAYS = 7


def _once(record, recipients, message: Message, url: str) -> bool:
    """Save the once-only record and notify; a reminder already sent is not sent again."""
    try:
        with transaction.atomic():
            record.save()
            notify(recipients, message, url=url)
    except IntegrityError:
        return False
    return True


def _unsent(kind: str):
    return ~Exists(RoundReminder.objects.filter(round=OuterRef("pk"), kind=kind))


@task()
def generate_rounds() -> int:
    """Idempotent: the rounds of the periods beginning within a month, each created once."""
    ahead = datetime.timedelta(days=services.GENERATE_AHEAD_DAYS)
    return services.generate_rounds(until=timezone.localdate() + ahead)


@task()
def send_round_reminders() -> int:
    """An overdue round reminds its person once; a week later, still open, their manager once."""
    today = timezone.localdate()
    overdue = Round.objects.filter(
        status__in=OPEN_ROUND_STATUSES, due_date__lt=today, assigned_to__is_active=True
    ).select_related("assigned_to__home_unit", "document__site", "document__unit", "control_point")
    sent = 0
    for round_ in overdue.filter(_unsent(ReminderKind.PERSON)).iterator(chunk_size=500):
        sent += _once(
            RoundReminder(round=round_, kind=ReminderKind.PERSON),
            [round_.assigned_to],
            ROUND_OVERDUE(
                title=round_.control_point,
                site=round_.document.site,
                date=round_.due_date.isoformat(),
            ),
            round_.get_absolute_url(),
        )
    managers = list(
        RoleAssignment.objects.filter(
            role=Role.MANAGER, unit__isnull=False, user__is_active=True
        ).select_related("user", "unit")
    )
    escalate = overdue.filter(
        Exists(
            RoundReminder.objects.filter(
                round=OuterRef("pk"),
                kind=ReminderKind.PERSON,
                sent_at__lte=timezone.now() - datetime.timedelta(days=ESCALATE_AFTER_DAYS),
            )
        ),
        _unsent(ReminderKind.MANAGER),
    )
    for round_ in escalate.iterator(chunk_size=500):
        person = round_.assigned_to
        paths = [round_.document.unit.path]
        if person.home_unit_id:
            paths.append(person.home_unit.path)
        sent += _once(
            RoundReminder(round=round_, kind=ReminderKind.MANAGER),
            managers_covering(paths, managers, exclude=person.pk),
            ROUND_ESCALATED(
                title=round_.control_point,
                site=round_.document.site,
                person=person.full_name,
                date=round_.due_date.isoformat(),
            ),
            round_.get_absolute_url(),
        )
    return sent


@task()
def send_remark_reminders() -> int:
    """A remark open past its deadline reminds the binder's responsible person, once per
    deadline (a new deadline is reminded again)."""
    today = timezone.localdate()
    rows = (
        Remark.objects.filter(status=RemarkStatus.OPEN, deadline__lt=today)
        .exclude(
            Exists(
                RemarkReminder.objects.filter(remark=OuterRef("pk"), deadline=OuterRef("deadline"))
            )
        )
        .select_related("inspection__document__responsible", "inspection__document__site")
    )
    sent = 0
    for remark in rows.iterator(chunk_size=500):
        document = remark.inspection.document
        sent += _once(
            RemarkReminder(remark=remark, deadline=remark.deadline),
            [document.responsible],
            REMARK_OVERDUE(
                site=document.site, text=remark.text[:200], date=remark.deadline.isoformat()
            ),
            remark.get_absolute_url(),
        )
    return sent


PERIODIC = [generate_rounds, send_round_reminders, send_remark_reminders]
