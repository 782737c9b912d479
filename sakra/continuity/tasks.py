"""Continuity's periodic work: a plan whose review date has come reminds its responsible person
once per review date (a new date reminds again)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from sakra.accounts.services import notify

from .models import ContinuityPlan, PlanReviewReminder
from .notifications import PLAN_REVIEW


@task()
def send_review_reminders() -> int:
    """Idempotent: the (plan, review date) row is the claim, so two workers send one."""
    due = (
        ContinuityPlan.objects.due_for_review(timezone.localdate())
        .filter(responsible__is_active=True)
        .exclude(
            Exists(
                PlanReviewReminder.objects.filter(
                    plan=OuterRef("pk"), review_date=OuterRef("review_date")
                )
            )
        )
        .select_related("responsible")
    )
    sent = 0
    for plan in due.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                PlanReviewReminder.objects.create(plan=plan, review_date=plan.review_date)
                notify(
                    [plan.responsible], PLAN_REVIEW(title=plan.title), url=plan.get_absolute_url()
                )
        except IntegrityError:
            continue  # another worker sent it
        sent += 1
    return sent


PERIODIC = [send_review_reminders]
