"""Rounds due, as a section of "Mina uppgifter"."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.hooks import InboxItem, InboxSection

from .models import Round
from .querysets import INSPECT

SHOWN = 5


def sections(user) -> list[InboxSection]:
    """The open rounds assigned to `user` whose period has begun; two queries."""
    today = timezone.localdate()
    rows = (
        Round.objects.for_user(user, INSPECT)
        .due(today)
        .filter(assigned_to=user)
        .select_related("document__site", "control_point")
        .order_by("due_date", "pk")
    )
    count = rows.count()
    if not count:
        return []
    items = [
        InboxItem(
            title=str(round_.control_point),
            url=round_.get_absolute_url(),
            detail=str(round_.document.site),
            due=round_.due_date,
            overdue=round_.due_date < today,
        )
        for round_ in rows[:SHOWN]
    ]
    return [
        InboxSection(
            key="fire-rounds",
            title=_("Self-inspections to do"),
            items=items,
            count=count,
            url=f"{reverse('fire_safety:rounds')}?mine=1",
        )
    ]
