"""What the continuity services share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sakra.core.validation import check_stored_text


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
