"""Indicator kinds computed from SBA's rows, for the goals module's registry (seed 000's
"uppföljning av genomförda egenkontroller enligt SBA" and "uppföljning av anmärkningar från
räddningstjänstens tillsyner").

A goal's figure is the same for everyone who may see the goal: it is computed over the
indicator's own scope (its unit subtree and the goal's area), not over the viewer's rows; the
list a figure links to is the viewer's.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.actions.choices import OPEN_STATUSES
from sakra.goals.kinds import IndicatorKind, Values, register

from .choices import Outcome, RoundStatus
from .models import Remark, Round, RoundResult


class _SbaKind(IndicatorKind):
    #: The lookup from the counted rows to their binder.
    document = "document__"
    #: The date whose year a row is counted in.
    year_field = ""
    list_name = "fire_safety:rounds"
    list_params: tuple[tuple[str, str], ...] = ()

    def rows(self):
        raise NotImplementedError

    def _selection(self, indicator) -> Q:
        selection = Q()
        if indicator.unit_id:
            selection &= Q(**{f"{self.document}unit__path__startswith": indicator.unit.path})
        if indicator.goal.area_id:
            selection &= Q(**{f"{self.document}area_id": indicator.goal.area_id})
        return selection

    def _counts(self, indicators, years, within, **aggregates):
        rows = self.rows().filter(**{f"{self.year_field}__year__in": list(years)})
        if within is not None:
            rows = rows.filter(**{f"{self.document}unit__path__startswith": within.path})
        return (
            rows.order_by()
            .annotate(year=ExtractYear(self.year_field))
            .values("year")
            .annotate(**aggregates)
        )

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        counts = {f"i{i.pk}": Count("pk", filter=self._selection(i)) for i in indicators}
        for row in self._counts(indicators, years, within, **counts):
            for indicator in indicators:
                values[indicator.pk][row["year"]] = Decimal(row[f"i{indicator.pk}"])
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        params = [*self.list_params, ("year", str(year))]
        units = [u for u in (indicator.unit if indicator.unit_id else None, within) if u]
        if units:
            params.append(("unit", max(units, key=lambda unit: len(unit.path)).pk))
        return f"{reverse(self.list_name)}?{urlencode(params)}"


class RoundsOnTime(_SbaKind):
    """The share of the rounds due in the year (periods ended) that were done by their due
    date; a year whose periods have not ended yet has no value."""

    key = "fire_rounds_on_time"
    label = _("Self-inspections under SBA done on time (%)")
    year_field = "due_date"

    def rows(self):
        return Round.objects.exclude(status=RoundStatus.CANCELLED).filter(
            due_date__lt=timezone.localdate()
        )

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        on_time = Q(status=RoundStatus.FINISHED, performed_on__lte=F("due_date"))
        aggregates = {}
        for indicator in indicators:
            selection = self._selection(indicator)
            aggregates[f"d{indicator.pk}"] = Count("pk", filter=selection)
            aggregates[f"n{indicator.pk}"] = Count("pk", filter=selection & on_time)
        for row in self._counts(indicators, years, within, **aggregates):
            for indicator in indicators:
                due = row[f"d{indicator.pk}"]
                if due:
                    share = Decimal(100 * row[f"n{indicator.pk}"]) / Decimal(due)
                    values[indicator.pk][row["year"]] = share.quantize(Decimal("0.1"))
        return values


class OpenDeviations(_SbaKind):
    """Deviations found in the year's rounds whose action is still open."""

    key = "fire_open_deviations"
    label = _("Deviations from self-inspections still open")
    document = "round__document__"
    year_field = "round__due_date"
    list_params = (("deviations", "1"),)

    def rows(self):
        return RoundResult.objects.filter(
            outcome=Outcome.DEVIATION, action__status__in=OPEN_STATUSES
        )


class RemarksPastDeadline(_SbaKind):
    """Remarks of the rescue service's inspections, open past their deadline, by the
    deadline's year."""

    key = "fire_remarks_past_deadline"
    label = _("Remarks from the rescue service's inspections open past their deadline")
    counts_events = False
    document = "inspection__document__"
    year_field = "deadline"
    list_name = "fire_safety:inspections"
    list_params = (("past_deadline", "1"),)

    def rows(self):
        return Remark.objects.past_deadline()


register(RoundsOnTime())
register(OpenDeviations())
register(RemarksPastDeadline())
