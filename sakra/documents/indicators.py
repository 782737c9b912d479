"""The documents' indicator kind for goals: the share of reviews done in time.

A review is an adoption of a new version or "reviewed, no change" (`ReviewEvent`); it was in
time when it came on or before the review date then in force (`due_on`). A review without a
date in force (a document's first adoption) is not counted. The figure is computed over the
indicator's own scope (its unit subtree and the goal's area), the same for everyone who may
see the goal.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, register, scope_unit

from .models import ReviewEvent


class ReviewedInTime(IndicatorKind):
    key = "documents_reviewed_in_time"
    label = _("Governing documents reviewed in time (%)")
    rows_noun = _("reviews")

    def _selection(self, indicator, within) -> Q:
        selection = Q()
        unit = scope_unit(indicator, within)
        if unit is not None:
            selection &= Q(document__unit__path__startswith=unit.path)
        if indicator.goal.area_id:
            selection &= Q(document__areas=indicator.goal.area_id)
        return selection

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        aggregates = {}
        in_time = Q(reviewed_on__lte=F("due_on"))
        for indicator in indicators:
            selection = self._selection(indicator, within)
            aggregates[f"d{indicator.pk}"] = Count("pk", filter=selection, distinct=True)
            aggregates[f"n{indicator.pk}"] = Count("pk", filter=selection & in_time, distinct=True)
        rows = (
            ReviewEvent.objects.filter(due_on__isnull=False, reviewed_on__year__in=list(years))
            .order_by()
            .annotate(year=ExtractYear("reviewed_on"))
            .values("year")
            .annotate(**aggregates)
        )
        for row in rows:
            for indicator in indicators:
                due = row[f"d{indicator.pk}"]
                if due:
                    share = Decimal(100 * row[f"n{indicator.pk}"]) / Decimal(due)
                    values[indicator.pk][row["year"]] = share.quantize(Decimal("0.1"))
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        return reverse("documents:due")


register(ReviewedInTime())
