"""Risks past their review date, as a section of "Mina uppgifter"."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import VIEW
from sakra.core.hooks import InboxItem, InboxSection

from .models import Risk

SHOWN = 5


def sections(user) -> list[InboxSection]:
    """The risks `user` owns whose review date has passed; two queries."""
    today = timezone.localdate()
    rows = (
        Risk.objects.for_user(user, VIEW)
        .live()
        .past_review(today)
        .filter(owner=user)
        .select_related("analysis")
        .order_by("review_date", "pk")
    )
    count = rows.count()
    if not count:
        return []
    items = [
        InboxItem(
            title=risk.title,
            url=risk.get_absolute_url(),
            detail=risk.analysis.title,
            due=risk.review_date,
            overdue=True,
        )
        for risk in rows[:SHOWN]
    ]
    return [
        InboxSection(
            key="risk-reviews",
            title=_("Risks to review"),
            items=items,
            count=count,
            url=f"{reverse('risks:risks')}?mine=on&past_review=on",
        )
    ]
