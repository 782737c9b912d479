"""What the continuity pages share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sakra.core.access import VIEW, can
from sakra.core.validation import FIRST_YEAR, LAST_YEAR, parse_id

#: Rows a list shows a page.
PER_PAGE = 50


def year_asked(request, param: str = "ar") -> int:
    """The year of `?ar=` when it is one the system takes, else this year."""
    year = parse_id(request.GET.get(param))
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        return year
    return timezone.localdate().year


def scoped_object(request, queryset, pk: int, action: str = VIEW):
    """The row when the person may read it (404 otherwise, as for a row that does not exist),
    and 403 when they read it but may not take `action` (the auditor reads, changes nothing)."""
    row = get_object_or_404(queryset.for_user(request.user, VIEW), pk=pk)
    if action != VIEW and not can(request.user, action, row):
        raise PermissionDenied
    return row
