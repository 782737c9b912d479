"""The risks' periodic work: a risk whose review date has come reminds its owner once (then it
shows as overdue on "Mina uppgifter" until it is reviewed and gets a new date)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from sakra.accounts.services import notify

from .models import Risk
from .notifications import CONFIDENTIAL_REVIEW, REVIEW


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


PERIODIC = [send_review_reminders]
