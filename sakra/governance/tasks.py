"""Governance's periodic work, enqueued by the worker once a minute; each job idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from sakra.accounts.services import notify

from .models import IndicatorSnapshot, StateAssignment
from .notifications import ASSIGNMENT_DUE

#: An assignment from a state authority is reminded this many days before its deadline.
REMIND_DAYS_BEFORE = 14


@task()
def send_assignment_reminders() -> int:
    """Once per deadline, the person responsible for an open assignment is reminded within two
    weeks before it. The row's `reminded_for` is the claim: a conditional update that only one
    worker wins, and a moved deadline reminds again."""
    today = timezone.localdate()
    due = (
        StateAssignment.objects.open()
        .filter(
            deadline__gte=today,
            deadline__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            responsible__is_active=True,
        )
        .exclude(reminded_for=F("deadline"))
        .select_related("responsible")
    )
    sent = 0
    for row in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                StateAssignment.objects.filter(pk=row.pk, deadline=row.deadline)
                .exclude(reminded_for=row.deadline)
                .update(reminded_for=row.deadline)
            )
            if not claimed:
                continue  # another worker sent it
            notify(
                [row.responsible],
                ASSIGNMENT_DUE(
                    title=row.title, authority=row.authority, date=row.deadline.isoformat()
                ),
                url=row.get_absolute_url(),
            )
        sent += 1
    return sent


@task()
def snapshot_indicators_at_year_end() -> int:
    """From 1 January, the year just ended is kept once (a second run finds it taken after
    the year closed); a snapshot taken during that year is replaced by the final one."""
    from .services import take_snapshot

    last_year = timezone.localdate().year - 1
    if IndicatorSnapshot.objects.final(last_year).exists():
        return 0
    return take_snapshot(by=None, year=last_year)


PERIODIC = [send_assignment_reminders, snapshot_indicators_at_year_end]
