"""Incidents waiting for me, as sections of "Mina uppgifter"."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.core.hooks import InboxItem, InboxSection

from .models import Incident
from .querysets import ACKNOWLEDGE, FOLLOW

LIMIT = 5


def _section(key: str, title: str, queryset, url: str, *, urgent: bool = False) -> InboxSection:
    rows = list(queryset.select_related("category", "unit")[: LIMIT + 1])
    minutes = settings.SAKRA_ACUTE_ESCALATION_MINUTES
    late_before = timezone.now() - timedelta(minutes=minutes)
    count = len(rows) if len(rows) <= LIMIT else queryset.count()
    items = [
        InboxItem(
            title=f"{incident.reference} · {incident.category}",
            url=reverse("incidents:detail", args=[incident.pk]),
            detail=str(incident.unit),
            # Late only once the escalation window has passed without an acknowledgement.
            overdue=incident.is_acute
            and incident.acknowledged_at is None
            and incident.aware_at < late_before,
        )
        for incident in rows[:LIMIT]
    ]
    return InboxSection(key=key, title=title, items=items, count=count, url=url, urgent=urgent)


def sections(user) -> list[InboxSection]:
    result = []
    if Incident.objects.may(user, CHANGE) or user.handled_incidents.exists():
        mine = Incident.objects.for_user(user).open().filter(handler=user).order_by("-occurred_at")
        result.append(
            _section("incidents-handling", _("Incidents I handle"), mine, reverse("incidents:list"))
        )
    if Incident.objects.may(user, ACKNOWLEDGE):
        acute = Incident.objects.for_user(user, ACKNOWLEDGE).awaiting_acknowledgement()
        result.append(
            _section(
                "incidents-acute",
                _("Acute reports awaiting acknowledgement"),
                acute.order_by("created_at"),
                reverse("incidents:list") + "?acute=true&status=reported",
                urgent=True,
            )
        )
    if Incident.objects.may(user, FOLLOW):
        # A manager's unit (seed 004): its open reports, as far as the manager may follow them.
        unit = Incident.objects.for_user(user, FOLLOW).open().order_by("-occurred_at", "-pk")
        result.append(
            _section(
                "incidents-unit",
                _("Open incidents in my unit"),
                unit,
                reverse("incidents:list"),
            )
        )
    return result
