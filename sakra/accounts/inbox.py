"""Unread notifications, as a section of "Mina uppgifter"."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sakra.core.hooks import InboxItem, InboxSection

from .models import Notification


def sections(user) -> list[InboxSection]:
    unread = Notification.objects.for_user(user).unread()
    latest = list(unread[:5])
    count = len(latest) if len(latest) < 5 else unread.count()
    items = []
    for notification in latest:
        subject, body = notification.worded()  # in the reader's language
        url = notification.url or reverse("accounts:me")
        items.append(InboxItem(title=subject, url=url, detail=body[:140]))
    return [InboxSection(key="notifications", title=_("Notifications"), items=items, count=count)]
