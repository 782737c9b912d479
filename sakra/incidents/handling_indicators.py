"""Indicator kinds on how incidents are handled, not only how many there are (issue 14).

Each is computed over the goal's scope (one truth per goal) for the events of a year (by the
year they happened; dismissed reports are not events), in one bounded query per kind, and
links to the rows it counts.

- share closed within N days (`criteria: {"days": N}`; optionally `"categories"`),
- median days from the region becoming aware to closed,
- share of authority notifications (IMY, NIS2, Arbetsmiljöverket) made by their deadline,
- share of acute reports acknowledged within the escalation time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, scope_unit

from .choices import Status
from .models import Incident, IncidentCategory, IncidentObligation

HUNDRED = Decimal(100)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None  # nothing to measure that year: no value, not 0 %
    return (HUNDRED * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _criteria(indicator) -> dict:
    return indicator.criteria if isinstance(indicator.criteria, dict) else {}


def _category_codes(indicator) -> list[str]:
    codes = _criteria(indicator).get("categories") or []
    return [code for code in codes if isinstance(code, str)] if isinstance(codes, list) else []


def _clean_categories(indicator) -> None:
    codes = _category_codes(indicator)
    known = set(IncidentCategory.objects.filter(code__in=codes).values_list("code", flat=True))
    if unknown := sorted(set(codes) - known):
        raise ValidationError(
            {"criteria": _("Unknown categories: {codes}.").format(codes=", ".join(unknown))}
        )


class _HandlingKind(IndicatorKind):
    """Events of a year in the goal's scope (and its area, and chosen categories)."""

    #: The lookup from the counted row to the incident ("" for the incident itself).
    incident = ""

    def _on(self, lookup: str) -> str:
        return f"{self.incident}__{lookup}" if self.incident else lookup

    def selection(self, indicator, within=None) -> Q:
        condition = ~Q(**{self._on("status"): Status.DISMISSED})
        if (unit := scope_unit(indicator, within)) is not None:
            condition &= Q(**{self._on("unit__path__startswith"): unit.path})
        if indicator.goal.area_id:
            condition &= Q(**{self._on("area_id"): indicator.goal.area_id})
        if codes := _category_codes(indicator):
            condition &= Q(**{self._on("category__code__in"): codes})
        if indicator.site_id:
            condition &= Q(**{self._on("site_id"): indicator.site_id})
        return condition

    def clean(self, indicator) -> None:
        _clean_categories(indicator)

    def rows_url(self, indicator, year, within=None) -> str:
        params = [("category", code) for code in _category_codes(indicator)]
        params += [("occurred_from", f"{year}-01-01"), ("occurred_to", f"{year}-12-31")]
        params.append(("events", "true"))
        if (unit := scope_unit(indicator, within)) is not None:
            params.append(("unit", unit.pk))
        if indicator.goal.area_id:
            params.append(("area", indicator.goal.area_id))
        if indicator.site_id:
            params.append(("site", indicator.site_id))
        params += self.extra_params(indicator)
        return f"{reverse('incidents:list')}?{urlencode(params)}"

    def extra_params(self, indicator) -> list[tuple[str, str]]:
        return []

    def _shares(self, indicators, years, within, rows, numerator) -> Values:
        """Per indicator and year: numerator ÷ all, as a percentage, in one GROUP BY."""
        aggregates = {}
        for indicator in indicators:
            selected = self.selection(indicator, within)
            aggregates[f"a{indicator.pk}"] = Count("pk", filter=selected)
            aggregates[f"n{indicator.pk}"] = Count("pk", filter=selected & numerator(indicator))
        values: Values = {indicator.pk: {} for indicator in indicators}
        year = self._on("occurred_year")
        rows = rows.filter(**{f"{year}__in": list(years)}).order_by().values(year)
        for row in rows.annotate(**aggregates):
            for indicator in indicators:
                share = _percent(row[f"n{indicator.pk}"], row[f"a{indicator.pk}"])
                if share is not None:
                    values[indicator.pk][row[year]] = share
        return values


class ClosedWithinDays(_HandlingKind):
    key = "incidents_closed_within_days"
    label = _("Share of incidents closed within N days (%)")
    rows_noun = _("incidents")

    def _days(self, indicator) -> int:
        days = _criteria(indicator).get("days")
        return days if isinstance(days, int) and not isinstance(days, bool) else 0

    def clean(self, indicator) -> None:
        if not 1 <= self._days(indicator) <= 365:
            raise ValidationError(
                {"criteria": _('Give the number of days, 1–365, as "days" in the criteria.')}
            )
        super().clean(indicator)

    def compute(self, user, indicators, years, within=None) -> Values:
        def closed_in_time(indicator) -> Q:
            return Q(
                status=Status.CLOSED,
                closed_at__lte=F("aware_at") + timedelta(days=self._days(indicator)),
            )

        return self._shares(indicators, years, within, Incident.objects.all(), closed_in_time)


class MedianDaysToClose(_HandlingKind):
    key = "incidents_median_days_to_close"
    label = _("Median days from report to closed")
    rows_noun = _("incidents")

    def compute(self, user, indicators, years, within=None) -> Values:
        # The durations of the closed events of the asked years in the indicators' scopes,
        # read once (two columns); the median is taken here, the same on both databases.
        selection = Q()
        for indicator in indicators:
            selection |= self.selection(indicator, within)
        rows = (
            Incident.objects.filter(selection, status=Status.CLOSED, occurred_year__in=list(years))
            .order_by()
            .values_list("pk", "occurred_year", "aware_at", "closed_at", "unit__path",
                         "area_id", "category__code", "site_id")
        )  # fmt: skip
        days: dict[tuple[int, int], list[float]] = defaultdict(list)
        scopes = {i.pk: (scope_unit(i, within), i) for i in indicators}
        for _pk, year, aware, closed, path, area, code, site in rows:
            for pk, (unit, indicator) in scopes.items():
                if unit is not None and not path.startswith(unit.path):
                    continue
                if indicator.goal.area_id and area != indicator.goal.area_id:
                    continue
                if (codes := _category_codes(indicator)) and code not in codes:
                    continue
                if indicator.site_id and site != indicator.site_id:
                    continue
                days[pk, year].append((closed - aware).total_seconds() / 86400)
        values: Values = {indicator.pk: {} for indicator in indicators}
        for (pk, year), durations in days.items():
            values[pk][year] = Decimal(str(round(median(durations), 1)))
        return values

    def extra_params(self, indicator) -> list[tuple[str, str]]:
        return [("status", Status.CLOSED)]


class NotificationsOnTime(_HandlingKind):
    key = "incidents_notifications_on_time"
    label = _("Share of authority notifications made by their deadline (%)")
    rows_noun = _("incidents")
    incident = "incident"

    def compute(self, user, indicators, years, within=None) -> Values:
        def on_time(_indicator) -> Q:
            return Q(reported_at__isnull=False, reported_at__lte=F("due_at"))

        rows = IncidentObligation.objects.all()
        return self._shares(indicators, years, within, rows, on_time)


class AcuteAcknowledgedInTime(_HandlingKind):
    key = "incidents_acute_acknowledged_in_time"
    label = _("Share of acute reports acknowledged within the escalation time (%)")
    rows_noun = _("incidents")

    def compute(self, user, indicators, years, within=None) -> Values:
        minutes = settings.SAKRA_ACUTE_ESCALATION_MINUTES

        def in_time(_indicator) -> Q:
            return Q(acknowledged_at__lte=F("aware_at") + timedelta(minutes=minutes))

        return self._shares(
            indicators, years, within, Incident.objects.filter(is_acute=True), in_time
        )

    def extra_params(self, indicator) -> list[tuple[str, str]]:
        return [("acute", "true")]


KINDS = (ClosedWithinDays(), MedianDaysToClose(), NotificationsOnTime(), AcuteAcknowledgedInTime())
