"""The next retention run as a page: the dry run for the chief and the coordinators."""

from itertools import islice

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from ..models import Incident
from ..querysets import LEGAL_HOLD
from ..retention import due_incidents, plan

SHOWN = 200


def can_see_retention_plan(user) -> bool:
    """Those who may set a legal hold somewhere: they decide what retention must leave alone."""
    return Incident.objects.may(user, LEGAL_HOLD)


@never_cache
@login_required
def retention_plan(request):
    if not can_see_retention_plan(request.user):
        raise PermissionDenied
    now = timezone.now()
    mine = Incident.objects.for_user(request.user, LEGAL_HOLD)
    counts = due_incidents(now, mine).aggregate(
        due=Count("pk", filter=Q(legal_hold=False)), held=Count("pk", filter=Q(legal_hold=True))
    )
    rows = list(islice(plan(now, mine), SHOWN))
    context = {
        "rows": [(row, row.age_months(now)) for row in rows],
        "counts": counts,
        "truncated": counts["due"] + counts["held"] > len(rows),
        "enabled": settings.SAKRA_RETENTION_ENABLED,
        "hour": settings.SAKRA_RETENTION_HOUR,
    }
    return render(request, "incidents/retention.html", context)
