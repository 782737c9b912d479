"""The risks' periodic work: a risk whose review date has come reminds its owner once (then it
shows as overdue on "Mina uppgifter" until it is reviewed and gets a new date); the RSA's next
deadline of the mandate-period cycle reminds the security chiefs once, `cycle.REMIND_DAYS`
before it (it stays on their "Mina uppgifter" until it is met)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.accounts.services import notify

from . import cycle
from .choices import CycleStep
from .models import CycleReminder, Risk
from .notifications import CONFIDENTIAL_REVIEW, CYCLE_FOLLOW_UP, CYCLE_REPORT, REVIEW


@task()
def send_review_reminders() -> int:
    """Idempotent: each review date reminds once (the date it reminded for is stored)."""
    today = timezone.localdate()
    due = (
        Risk.objects.live()
        .filter(review_date__lte=today, owner__is_active=True)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("review_date")))
        .select_related("owner", "analysis")
    )
    sent = 0
    for risk in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                Risk.objects.filter(pk=risk.pk, review_date=risk.review_date)
                .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("review_date")))
                .update(reminded_for=risk.review_date)
            )
            if not claimed:
                continue  # another worker sent it
            # A confidential analysis's risk is not named in a notification or an e-mail.
            message = (
                CONFIDENTIAL_REVIEW() if risk.analysis.is_confidential else REVIEW(title=risk.title)
            )
            notify([risk.owner], message, url=risk.get_absolute_url())
            sent += 1
    return sent


@task()
def send_cycle_reminder() -> int:
    """Idempotent: the reminder row of a deadline is claimed once (a unique step and date)."""
    today = timezone.localdate()
    found = cycle.next_open(today)
    if found is None:
        return 0
    deadline, row = found
    if today < deadline.due - datetime.timedelta(days=cycle.REMIND_DAYS):
        return 0
    chiefs = list(
        User.objects.active()
        .filter(role_assignments__role=Role.SECURITY_CHIEF)
        .distinct()
        .order_by("pk")
    )
    try:
        with transaction.atomic():
            CycleReminder.objects.create(step=deadline.step, due=deadline.due)
            if deadline.step == CycleStep.REPORT:
                message = CYCLE_REPORT(period=str(row.period), due=f"{deadline.due:%Y-%m-%d}")
            else:
                message = CYCLE_FOLLOW_UP(year=deadline.year, due=f"{deadline.due:%Y-%m-%d}")
            notify(chiefs, message, url=reverse("risks:cycle"))
    except IntegrityError:
        return 0  # another worker reminded of it
    return len(chiefs)


PERIODIC = [send_review_reminders, send_cycle_reminder]
