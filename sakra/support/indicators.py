"""Indicator kinds computed from support requests, for goals (seed 004 measures whether
managers got the support they needed): the share of rated requests where the asker got the
help they needed, and the share of requests answered within the response-time target.

One truth per goal: computed over the indicator's own scope (its unit subtree and the goal's
area), from every request there, whoever looks.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, register, scope_unit

from .choices import Helped
from .models import SupportRequest


class _SupportShare(IndicatorKind):
    """A percentage per year of requests asked that year: `numerator` of `denominator`."""

    rows_noun = _("support requests")

    def denominator(self) -> Q:
        raise NotImplementedError

    def numerator(self) -> Q:
        raise NotImplementedError

    def _selection(self, indicator, within) -> Q:
        selection = Q()
        unit = scope_unit(indicator, within)
        if unit is not None:
            selection &= Q(unit__path__startswith=unit.path)
        if indicator.goal.area_id:
            selection &= Q(area_id=indicator.goal.area_id)
        return selection

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        aggregates = {}
        for indicator in indicators:
            selection = self._selection(indicator, within) & self.denominator()
            aggregates[f"d{indicator.pk}"] = Count("pk", filter=selection)
            aggregates[f"n{indicator.pk}"] = Count("pk", filter=selection & self.numerator())
        rows = (
            SupportRequest.objects.filter(created_at__year__in=list(years))
            .annotate(year=ExtractYear("created_at"), answered_date=TruncDate("answered_at"))
            .order_by()
            .values("year")
            .annotate(**aggregates)
        )
        for row in rows:
            for indicator in indicators:
                whole = row[f"d{indicator.pk}"]
                if whole:
                    share = Decimal(100 * row[f"n{indicator.pk}"]) / Decimal(whole)
                    values[indicator.pk][row["year"]] = share.quantize(Decimal("0.1"))
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        return reverse("support:follow-up") + f"?ar={year}"


class ShareHelped(_SupportShare):
    key = "support_share_helped"
    label = _("Support requests where the manager got the help needed (%)")

    def denominator(self) -> Q:
        return Q(rated_at__isnull=False)

    def numerator(self) -> Q:
        return Q(helped=Helped.YES)


class ShareAnsweredInTime(_SupportShare):
    key = "support_share_answered_in_time"
    label = _("Support requests answered within the response-time target (%)")

    def denominator(self) -> Q:
        # Unanswered past the target counts as late already.
        return Q(answered_at__isnull=False) | Q(due_on__lt=timezone.localdate())

    def numerator(self) -> Q:
        return Q(answered_date__lte=F("due_on"))


register(ShareHelped())
register(ShareAnsweredInTime())
