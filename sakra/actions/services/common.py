"""What the services of actions, needs, the board and the plans share."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.models import User

from ..models import Action

TITLE_MAX = Action._meta.get_field("title").max_length


def too_long(limit: int) -> str:
    return _("Keep it to at most {limit} characters.").format(limit=limit)


def require(user: Any, action_name: str, obj: models.Model, message: str) -> None:
    """PermissionDenied unless `for_user()` lets `user` take `action_name` on `obj`."""
    manager = type(obj)._default_manager
    if not manager.for_user(user, action_name).filter(pk=obj.pk).exists():
        raise PermissionDenied(message)


def resolve_user(value: Any) -> User | None:
    """A user, or the user with the id `value`; None when there is none."""
    if value is None or isinstance(value, User):
        return value
    try:
        return User.objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def today() -> datetime.date:
    return timezone.localdate()


def missing_version() -> ValidationError:
    """A change that does not say which version it was made from is refused, never applied."""
    return ValidationError(
        {"version": [_("The page is missing the version it was read at. Reload it and try again.")]}
    )
