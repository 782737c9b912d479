"""Closed years: a year whose annual report of the whole region is approved (core asks this
through `sakra.core.hooks.year_is_closed`)."""

from .choices import FROZEN_STATUSES
from .models import AnnualReport


def closed_years() -> frozenset[int]:
    return frozenset(
        AnnualReport.objects.filter(administration__isnull=True, status__in=FROZEN_STATUSES)
        .values_list("year", flat=True)
        .distinct()
    )
