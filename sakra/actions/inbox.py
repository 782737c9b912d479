"""Actions and improvement needs, as sections of "Mina uppgifter"."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import VIEW
from sakra.core.hooks import InboxItem, InboxSection

from .choices import OPEN_STATUSES, ActionStatus
from .models import Action, ImprovementNeed
from .querysets import DECIDE

SHOWN = 5


def _section(key, title, rows, url, make_item) -> InboxSection:
    # Two queries a section, whatever the number of rows.
    latest = list(rows[:SHOWN])
    return InboxSection(
        key=key, title=title, items=[make_item(row) for row in latest], count=rows.count(), url=url
    )


def sections(user) -> list[InboxSection]:
    today = timezone.localdate()
    mine = Action.objects.for_user(user, VIEW).filter(owner=user)
    list_url = reverse("actions:list")

    def action_item(action):
        return InboxItem(
            title=action.title,
            url=action.get_absolute_url(),
            detail=action.get_status_display(),
            due=action.due_date,
            overdue=action.status in OPEN_STATUSES and action.due_date < today,
        )

    result = [
        _section(
            "actions",
            _("Actions I own"),
            mine.filter(status__in=OPEN_STATUSES).order_by("due_date", "pk"),
            f"{list_url}?owner={user.pk}",
            action_item,
        ),
        _section(
            "effect-checks",
            _("Done actions whose effect I should check"),
            mine.filter(status=ActionStatus.DONE, was_effective__isnull=True),
            f"{list_url}?owner={user.pk}&status={ActionStatus.DONE}",
            action_item,
        ),
    ]
    if ImprovementNeed.objects.may(user, DECIDE):
        result.append(
            _section(
                "board-queue",
                _("Improvement needs awaiting the security board"),
                ImprovementNeed.objects.for_user(user, DECIDE).awaiting_board(),
                reverse("actions:board-queue"),
                lambda need: InboxItem(
                    title=need.title,
                    url=need.get_absolute_url(),
                    detail=need.get_status_display(),
                ),
            )
        )
    return result
