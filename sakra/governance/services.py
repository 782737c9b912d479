"""Every change to governance's rows: one transaction each, the acting person as `by=`, a
required `version` for a change to an existing row, an audit entry (auditlog)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.core.validation import check_stored_text

from .models import Decision, Forum


@transaction.atomic
def record_decision(
    *,
    by: Any,
    forum: Forum,
    decided_on: datetime.date,
    title: str,
    text: str = "",
    paragraph: str = "",
    registry_number: str = "",
    responsible: Any = None,
    deadline: datetime.date | None = None,
) -> Decision:
    """Record a decision of `forum`. The caller has checked that `by` may decide what the
    decision is about (a document's owner, the chief approving an RSA): other apps call this
    from their own services, in their own transaction, and point at the row it returns."""
    if forum is None or not isinstance(forum, Forum):
        raise ValidationError({"forum": _("Choose the forum that decided.")})
    if not isinstance(decided_on, datetime.date):
        raise ValidationError({"decided_on": _("Give the date of the decision.")})
    if deadline is not None and deadline < decided_on:
        raise ValidationError({"deadline": _("The deadline cannot come before the decision.")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what was decided.")})
    fields = {"title": title, "text": text, "paragraph": paragraph,
              "registry_number": registry_number}  # fmt: skip
    for field, value in fields.items():
        try:
            fields[field] = check_stored_text(value.strip()) if value else ""
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    return Decision.objects.create(
        forum=forum, decided_on=decided_on, responsible=responsible, deadline=deadline,
        created_by=by, **fields,
    )  # fmt: skip
