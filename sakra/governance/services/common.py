"""What governance's services share: the permission check and stored text."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sakra.core.validation import check_stored_text


def require(user: Any, action_name: str, obj: models.Model, message: str = "") -> None:
    """PermissionDenied unless `for_user()` lets `user` take `action_name` on `obj`."""
    manager = type(obj)._default_manager
    if not manager.for_user(user, action_name).filter(pk=obj.pk).exists():
        raise PermissionDenied(message or _("You may not do this here."))


def clean_texts(model: type[models.Model] | None = None, **fields: str) -> dict[str, str]:
    """Each stored text stripped and checked (classification markings refused) and, given the
    `model`, within its column's length; errors keyed by field."""
    cleaned, errors = {}, {}
    for field, value in fields.items():
        try:
            cleaned[field] = check_stored_text(value.strip()) if value else ""
        except ValidationError as exc:
            errors[field] = exc.messages
            continue
        limit = _max_length(model, field)
        if limit and len(cleaned[field]) > limit:
            errors[field] = [_("Keep it to at most {limit} characters.").format(limit=limit)]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _max_length(model, field: str) -> int | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(field).max_length
    except Exception:  # a form's name for a column under another name
        return None


def require_text(fields: dict[str, str], field: str, message: str) -> None:
    if not fields.get(field):
        raise ValidationError({field: message})


def require_version(version: Any) -> int:
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError(
            {
                "version": _(
                    "The page is missing the version it was read at. Reload it and try again."
                )
            }
        )
    return version
