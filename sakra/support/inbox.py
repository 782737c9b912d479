"""Support requests as sections of "Mina uppgifter": those assigned to me, my team's queue
waiting for someone, and my own answered requests waiting for my rating."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import VIEW
from sakra.core.hooks import InboxItem, InboxSection

from .choices import RequestStatus
from .models import SupportRequest
from .querysets import HANDLE

SHOWN = 5


def _section(key, title, rows, url, today) -> list[InboxSection]:
    count = rows.count()
    if not count:
        return []
    items = [
        InboxItem(
            title=str(row),
            url=row.get_absolute_url(),
            detail=f"{row.area.name}, {row.unit.name}",
            due=row.due_on if row.answered_at is None else None,
            overdue=row.answered_at is None and row.due_on < today,
        )
        for row in rows.select_related("area", "unit")[:SHOWN]
    ]
    return [InboxSection(key=key, title=title, items=items, count=count, url=url)]


def sections(user) -> list[InboxSection]:
    """Three sections, two queries each at most."""
    today = timezone.localdate()
    listing = reverse("support:requests")
    mine = (
        SupportRequest.objects.for_user(user, HANDLE)
        .waiting()
        .filter(assignee=user)
        .order_by("due_on", "pk")
    )
    queue = (
        SupportRequest.objects.for_user(user, HANDLE)
        .filter(status=RequestStatus.OPEN, assignee__isnull=True, team__members__user=user)
        .order_by("due_on", "pk")
    )
    to_rate = (
        SupportRequest.objects.for_user(user, VIEW)
        .filter(asker=user, status=RequestStatus.ANSWERED, rated_at__isnull=True)
        .order_by("answered_at", "pk")
    )
    return [
        *_section(
            "support-mine",
            _("Support requests waiting for me"),
            mine,
            f"{listing}?visa=tilldelade",
            today,
        ),
        *_section("support-queue", _("My team's queue"), queue, f"{listing}?visa=kon", today),
        *_section("support-rate", _("Answers to rate"), to_rate, f"{listing}?visa=mina", today),
    ]
