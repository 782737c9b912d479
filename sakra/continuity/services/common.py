"""What the continuity services share."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.validation import MAX_INTEGER, check_date, check_stored_text


def stored_text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    """Free text for a field: trimmed, at most `limit` characters, no classification marking;
    refusals keyed by `field` (the services are called by the API as well as the forms)."""
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep it to at most {limit} characters.").format(limit=limit)}
        )
    try:
        return check_stored_text(value) if value else value
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def whole_number(
    value: Any, field: str, *, required: bool = True, not_a_number: str = "",
    below_zero: str = "",
) -> int | None:  # fmt: skip
    """A whole number of 0 or more for `field` (None when allowed and not given), refused with
    the caller's message for text, fractions, booleans, negatives and numbers past the
    database's range."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: not_a_number or _("Give a whole number.")})
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: not_a_number or _("Give a whole number.")})
    if value < 0:
        raise ValidationError({field: below_zero or _("Give a whole number, 0 or more.")})
    if value > MAX_INTEGER:
        raise ValidationError({field: _("The number is too large.")})
    return value


def a_date(value: Any, field: str, *, required: bool = True) -> datetime.date | None:
    """A date (not a date and time) within the years the system takes, or None when allowed."""
    if value is None:
        if required:
            raise ValidationError({field: _("Give a date.")})
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ValidationError({field: _("Give a date.")})
    try:
        check_date(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return value


def not_in_future(value: datetime.date | None, field: str, message: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: message})


def a_person(value: Any, field: str, message: str, *, required: bool = True) -> Any:
    """An active person of Sakra for `field`, or None when allowed."""
    if value is None:
        if required:
            raise ValidationError({field: message})
        return None
    if not getattr(value, "is_active", False):
        raise ValidationError({field: _("Choose an active person.")})
    return value


def refuse_unknown(data: dict, fields: Iterable[str]) -> None:
    """A programming error, not bad input: a caller passed a field the service does not take."""
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
