"""Indicator kinds computed from the risk register, for the goals module's registry: risks
above the acceptable level, risks past their review date, analyses approved in the year (per
area: seed 003 reports risk analyses per security area every year), and the share of the
regional RSA's actions done (seed 000's "regionövergripande RSA med åtgärdsarbete", typed in
by hand before).

One truth per goal: a value counts every row in the indicator's own scope (its unit subtree and
the goal's area), confidential analyses included, whoever looks; the rows behind it are listed
per viewer by the risk register, where a confidential analysis's risks are never listed to
those who may not read them. One aggregate query per kind, with a count per indicator and year.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.actions.choices import ActionStatus
from sakra.actions.models import Action
from sakra.goals.kinds import IndicatorKind, Values, register, scope_unit

from .choices import AnalysisKind, AnalysisStatus
from .models import Risk, RiskAnalysis

DONE = (ActionStatus.DONE, ActionStatus.VERIFIED_EFFECTIVE)


def _selection(indicator, within, analysis: str = "analysis__", area: str = "area_id") -> Q:
    selection = Q()
    unit = scope_unit(indicator, within)
    if unit is not None:
        selection &= Q(**{f"{analysis}unit__path__startswith": unit.path})
    if indicator.goal.area_id:
        selection &= Q(**{area: indicator.goal.area_id})
    return selection


def _in_force(year: int, analysis: str = "analysis__") -> Q:
    return Q(
        **{f"{analysis}period_start__year__lte": year, f"{analysis}period_end__year__gte": year}
    )


class _RiskKind(IndicatorKind):
    rows_noun = _("risks")
    list_params: tuple[tuple[str, str], ...] = ()

    def rows(self):
        raise NotImplementedError

    def condition(self, year: int) -> Q:
        raise NotImplementedError

    def compute(self, user, indicators, years, within=None) -> Values:
        years = list(years)
        aggregates = {
            f"i{indicator.pk}_{year}": Count(
                "pk", filter=_selection(indicator, within) & self.condition(year)
            )
            for indicator in indicators
            for year in years
        }
        values: Values = {indicator.pk: {} for indicator in indicators}
        if not aggregates:
            return values
        row = self.rows().aggregate(**aggregates)
        this_year = timezone.localdate().year
        for indicator in indicators:
            for year in years:
                if year <= this_year:
                    values[indicator.pk][year] = Decimal(row[f"i{indicator.pk}_{year}"])
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        params = list(self.list_params)
        if indicator.goal.area_id:
            params.append(("area", str(indicator.goal.area_id)))
        return f"{reverse('risks:risks')}?{urlencode(params)}"


class RisksAboveAcceptable(_RiskKind):
    """Risks above the acceptable level in the analyses in force in the year (not archived)."""

    key = "risks_above_acceptable"
    label = _("Risks above the acceptable level")
    list_params = (("above", "on"),)

    def rows(self):
        return Risk.objects.exclude(analysis__status=AnalysisStatus.ARCHIVED).filter(
            current_level__gt=F("analysis__matrix__acceptable_level")
        )

    def condition(self, year: int) -> Q:
        return _in_force(year)


class RisksPastReview(_RiskKind):
    """Risks whose review date fell in the year and has passed without a new review."""

    key = "risks_past_review"
    label = _("Risks past their review date")
    list_params = (("past_review", "on"),)

    def rows(self):
        return Risk.objects.exclude(analysis__status=AnalysisStatus.ARCHIVED).past_review()

    def condition(self, year: int) -> Q:
        return Q(review_date__year=year)


class RsaActionsDone(IndicatorKind):
    """The share (%) of the actions that treat the regional RSA's risks, due by the end of the
    year, that are done."""

    key = "rsa_actions_done"
    label = _("Share of the RSA's actions done (%)")
    rows_noun = _("actions")

    def compute(self, user, indicators, years, within=None) -> Values:
        years = list(years)
        values: Values = {indicator.pk: {} for indicator in indicators}
        risks = Risk.objects.filter(
            analysis__kind=AnalysisKind.REGIONAL_RSA,
        ).exclude(analysis__status=AnalysisStatus.ARCHIVED)
        aggregates = {}
        for indicator in indicators:
            selection = _selection(indicator, within)
            for year in years:
                ids = risks.filter(selection & _in_force(year)).values("pk")
                due = Q(source_id__in=ids, due_date__year__lte=year)
                aggregates[f"d{indicator.pk}_{year}"] = Count("pk", filter=due)
                aggregates[f"n{indicator.pk}_{year}"] = Count("pk", filter=due & Q(status__in=DONE))
        if not aggregates:
            return values
        row = (
            Action.objects.filter(source_type=ContentType.objects.get_for_model(Risk))
            .exclude(status=ActionStatus.CANCELLED)
            .aggregate(**aggregates)
        )
        for indicator in indicators:
            for year in years:
                due = row[f"d{indicator.pk}_{year}"]
                if due:
                    share = Decimal(100 * row[f"n{indicator.pk}_{year}"]) / Decimal(due)
                    values[indicator.pk][year] = share.quantize(Decimal("0.1"))
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        return reverse("risks:index")


class AnalysesApproved(IndicatorKind):
    """Risk analyses approved in the year, in the indicator's unit subtree and, for a goal of
    an area, in that area (seed 003's risk analyses per security area). An analysis approved
    in the year counts even if it has been archived since; confidential ones are counted."""

    key = "analyses_approved"
    label = _("Risk analyses approved in the year")
    rows_noun = _("analyses")

    def compute(self, user, indicators, years, within=None) -> Values:
        years = list(years)
        values: Values = {indicator.pk: {} for indicator in indicators}
        aggregates = {
            f"i{indicator.pk}_{year}": Count(
                "pk",
                filter=_selection(indicator, within, analysis="", area="area_id")
                & Q(approved_at__year=year),
            )
            for indicator in indicators
            for year in years
        }
        if not aggregates:
            return values
        row = RiskAnalysis.objects.filter(approved_at__isnull=False).aggregate(**aggregates)
        this_year = timezone.localdate().year
        for indicator in indicators:
            for year in years:
                if year <= this_year:
                    values[indicator.pk][year] = Decimal(row[f"i{indicator.pk}_{year}"])
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        params = [("approved", str(year))]
        if indicator.goal.area_id:
            params.append(("area", str(indicator.goal.area_id)))
        return f"{reverse('risks:index')}?{urlencode(params)}"


register(RisksAboveAcceptable())
register(RisksPastReview())
register(RsaActionsDone())
register(AnalysesApproved())
