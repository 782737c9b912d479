"""Indicator kinds computed from incidents, registered with the goals module's registry."""

from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, register
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import Unit

from .models import Incident, IncidentCategory


def _codes(indicator) -> list[str]:
    criteria = indicator.criteria if isinstance(indicator.criteria, dict) else {}
    codes = criteria.get("categories")
    return [code for code in codes if isinstance(code, str)] if isinstance(codes, list) else []


def _deepest(*units):
    """The narrower of nested subtrees (both conditions at once), or None for none at all."""
    units = [unit for unit in units if unit is not None]
    return max(units, key=lambda unit: len(unit.path)) if units else None


def _within(queryset, within):
    if within is None:
        return queryset
    if within.kind == UnitKind.ADMINISTRATION:
        return queryset.filter(administration=within)  # indexed, no join
    return queryset.filter(unit__path__startswith=within.path)


class IncidentCount(IndicatorKind):
    """Incidents of chosen categories per year, in a unit subtree or at a site."""

    key = "incident_count"
    label = _("Number of incidents of chosen categories")
    counts_events = True

    def clean(self, indicator) -> None:
        codes = _codes(indicator)
        if not codes:
            raise ValidationError({"criteria": _("Choose at least one incident category.")})
        known = set(IncidentCategory.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := sorted(set(codes) - known):
            raise ValidationError(
                {"criteria": _("Unknown categories: {codes}.").format(codes=", ".join(unknown))}
            )

    def _selection(self, indicator) -> Q:
        condition = Q(category__code__in=_codes(indicator))
        if indicator.unit_id:
            condition &= Q(unit__path__startswith=indicator.unit.path)
        if indicator.site_id:
            condition &= Q(site_id=indicator.site_id)
        return condition

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        if not indicators:
            return values
        counts = {f"i{indicator.pk}": Count("pk", filter=self._selection(indicator))
                  for indicator in indicators}  # fmt: skip
        rows = (
            _within(Incident.objects.for_user(user), within)
            .filter(occurred_year__in=list(years))
            .order_by()
            .values("occurred_year")
            .annotate(**counts)
        )
        for row in rows:
            for indicator in indicators:
                values[indicator.pk][row["occurred_year"]] = Decimal(row[f"i{indicator.pk}"])
        return values

    def breakdown(self, user, indicator, year) -> list[dict]:
        rows = (
            Incident.objects.for_user(user)
            .filter(self._selection(indicator), occurred_year=year)
            .order_by()
            .values("administration")
            .annotate(n=Count("pk"))
        )
        counts = {row["administration"]: row["n"] for row in rows}
        administrations = Unit.objects.filter(pk__in=counts).order_by("name")
        return [
            {
                "administration": unit,
                "value": Decimal(counts[unit.pk]),
                "url": self.rows_url(indicator, year, unit),
            }
            for unit in administrations
        ]

    def rows_url(self, indicator, year, within=None) -> str:
        params = [("category", code) for code in _codes(indicator)]
        params += [("occurred_from", f"{year}-01-01"), ("occurred_to", f"{year}-12-31")]
        unit = _deepest(indicator.unit if indicator.unit_id else None, within)
        if unit is not None:
            params.append(("unit", unit.pk))
        if indicator.site_id:
            params.append(("site", indicator.site_id))
        return f"{reverse('incidents:list')}?{urlencode(params)}"


register(IncidentCount())
