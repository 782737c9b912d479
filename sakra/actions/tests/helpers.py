"""Small builders for the actions tests."""

import datetime

from django.utils import timezone

from sakra.actions.models import Action


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_action(org, owner, **kwargs) -> Action:
    """An action row written directly (past due dates included), bypassing the service."""
    kwargs.setdefault("title", "Byt lås i entrén")
    kwargs.setdefault("unit", org.alfa_unit)
    kwargs.setdefault("due_date", in_days(14))
    return Action.objects.create(owner=owner, **kwargs)
