"""Unread notifications, as a section of "Mina uppgifter"."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sakra.core.hooks import InboxItem, InboxSection

from .models import Notification


def sections(user) -> list[InboxSection]:
    unread = Notification.objects.for_user(user).unread()
    latest = list(unread[:5])
    count = len(latest) if len(latest) < 5 else unread.count()
    items = [InboxItem(title=n.subject, url=n.url or reverse("accounts:me"), detail=n.body[:140])
             for n in latest]  # fmt: skip
    return [InboxSection(key="notifications", title=_("Notifications"), items=items, count=count)]
