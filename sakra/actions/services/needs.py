"""Improvement needs: anyone raises one, and the security board is told."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.accounts.services import notify

from ..models import ImprovementNeed
from ..notifications import NEED_RAISED
from .common import TITLE_MAX, too_long


@transaction.atomic
def raise_improvement_need(
    *,
    by: User,
    title: str,
    description: str,
    unit=None,
    site=None,
    area=None,
) -> ImprovementNeed:
    """Anyone but an auditor may raise a need (for their own unit unless they name one); the
    board is told."""
    if by.reads_only:
        raise PermissionDenied(_("An auditor reads; needs are raised by employees."))
    errors: dict[str, list[str]] = {}
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        errors["title"] = [_("Say what needs improving.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [too_long(TITLE_MAX)]
    if not description:
        errors["description"] = [_("Say why the improvement is needed.")]
    if errors:
        raise ValidationError(errors)
    need = ImprovementNeed.objects.create(
        title=title,
        description=description,
        unit=unit or by.home_unit,
        site=site,
        area=area,
        raised_by=by,
    )
    board = User.objects.holding(Role.BOARD_MEMBER).exclude(pk=by.pk)
    notify(
        board,
        NEED_RAISED(title=title),
        url=need.get_absolute_url(),
        email=False,
    )
    return need
