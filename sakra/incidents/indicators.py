"""Indicator kinds computed from incidents, registered with the goals module's registry."""

from collections import Counter
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, register, scope_unit
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import Unit

from . import summary
from .handling_indicators import KINDS as HANDLING_KINDS
from .models import Incident, IncidentCategory, IncidentYearlyCount

#: Unit kinds whose subtree the summary can count: the region and its administrations.
SUMMARISED = (UnitKind.REGION, UnitKind.ADMINISTRATION)


def _codes(indicator) -> list[str]:
    criteria = indicator.criteria if isinstance(indicator.criteria, dict) else {}
    codes = criteria.get("categories")
    return [code for code in codes if isinstance(code, str)] if isinstance(codes, list) else []


def _within(queryset, within):
    if within is None:
        return queryset
    if within.kind == UnitKind.ADMINISTRATION:
        return queryset.filter(administration=within)  # indexed, no join
    return queryset.filter(unit__path__startswith=within.path)


def counts_near_misses(indicator) -> bool:
    """Whether the indicator's goal counts near misses too; by default a goal counts events."""
    return bool(indicator.goal.counts_near_misses)


class IncidentCount(IndicatorKind):
    """Incidents of chosen categories per year, in the goal's scope (a unit subtree, the goal's
    administration) or at a site: every incident there, whoever looks (one truth per goal).
    Events only, unless the goal counts near misses too (`Goal.counts_near_misses`)."""

    key = "incident_count"
    label = _("Number of incidents of chosen categories")
    counts_events = True
    rows_noun = _("incidents")

    def clean(self, indicator) -> None:
        codes = _codes(indicator)
        if not codes:
            raise ValidationError({"criteria": _("Choose at least one incident category.")})
        known = set(IncidentCategory.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := sorted(set(codes) - known):
            raise ValidationError(
                {"criteria": _("Unknown categories: {codes}.").format(codes=", ".join(unknown))}
            )

    def _live_counts(self, user, indicators, within, group, **filters) -> Counter:
        """(group value, indicator id) -> count over the incidents, one FILTER per indicator."""
        # Ids, not a join on the codes: a million incidents are then filtered without a join.
        codes = {code for indicator in indicators for code in _codes(indicator)}
        category_ids = dict(
            IncidentCategory.objects.filter(code__in=codes).values_list("code", "pk")
        )
        aggregates = {}
        for indicator in indicators:
            condition = Q(category_id__in=[category_ids.get(code) for code in _codes(indicator)])
            if indicator.site_id:
                condition &= Q(site_id=indicator.site_id)
            if (unit := scope_unit(indicator)) is not None:
                condition &= Q(unit__path__startswith=unit.path)
            if not counts_near_misses(indicator):
                condition &= Q(is_near_miss=False)
            aggregates[f"i{indicator.pk}"] = Count("pk", filter=condition)
        rows = _within(Incident.objects.counted(), within).filter(**filters)
        counts: Counter = Counter()
        for row in rows.order_by().values(group).annotate(**aggregates):
            for indicator in indicators:
                counts[row[group], indicator.pk] += row[f"i{indicator.pk}"]
        return counts

    def _summary_counts(self, view, indicators, within, group, **filters) -> Counter:
        """The same counts read off the summary: SQL sums per category (and administration,
        where an indicator or the grouping needs it), and each indicator adds up its own
        categories. One plain GROUP BY is far cheaper to build and run than a FILTER per
        indicator."""
        per_category: dict[str, list] = {}
        for indicator in indicators:
            for code in set(_codes(indicator)):
                per_category.setdefault(code, []).append(indicator)
        in_administration = {
            indicator.pk: unit.pk
            for indicator in indicators
            if (unit := scope_unit(indicator)) is not None and unit.kind == UnitKind.ADMINISTRATION
        }
        # The codes are joined in (19 categories against a few thousand summary rows), which
        # spares a query to look their ids up first.
        columns = [group, "category__code"]
        if in_administration and group != "administration":
            columns.append("administration_id")
        columns.append("is_near_miss")  # the summary keeps near misses apart
        parts = []
        if view.summary is not None:
            parts.append((IncidentYearlyCount.objects.filter(view.summary), Sum("count")))
        if view.personal is not None:
            parts.append((Incident.objects.counted().filter(view.personal), Count("pk")))
        counts: Counter = Counter()
        seen = set()
        for queryset, total in parts:
            rows = _within(queryset, within).filter(**filters)
            for key, code, *rest, near_miss, n in (
                rows.order_by().values_list(*columns).annotate(n=total)
            ):
                seen.add(key)
                administration = rest[0] if rest else key
                for indicator in per_category.get(code, ()):
                    if near_miss and not counts_near_misses(indicator):
                        continue
                    unit = in_administration.get(indicator.pk)
                    if unit is None or unit == administration:
                        counts[key, indicator.pk] += n
        # As in the live count: a year (or administration) with any incident at all
        # has a value for every indicator, zero included; one without has no value at all.
        for key in seen:
            for indicator in indicators:
                counts[key, indicator.pk] += 0
        return counts

    def _access(self, user, indicators, within) -> summary.Access | None:
        """The whole summary, when every number asked for can be read off it (the user is the
        viewer, and narrows nothing)."""
        if within is not None and within.kind != UnitKind.ADMINISTRATION:
            return None
        for indicator in indicators:
            unit = scope_unit(indicator)
            if indicator.site_id or (unit is not None and unit.kind not in SUMMARISED):
                return None
        # Every incident, whoever looks: the figure is the goal's, not the viewer's.
        return summary.Access(summary=Q(pk__isnull=False), personal=None)

    def _counts(self, user, indicators, within, group: str, **filters) -> Counter:
        """(group value, indicator id) -> count, from the summary where it can be used."""
        view = self._access(user, indicators, within)
        if view is None:
            return self._live_counts(user, indicators, within, group, **filters)
        return self._summary_counts(view, indicators, within, group, **filters)

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        if not indicators:
            return values
        years = list(years)
        counts = self._counts(user, indicators, within, "occurred_year", occurred_year__in=years)
        for (year, pk), n in counts.items():
            values[pk][year] = Decimal(n)
        return values

    def breakdown(self, user, indicator, year) -> list[dict]:
        counts = self._counts(user, [indicator], None, "administration", occurred_year=year)
        per_unit = {unit: n for (unit, _pk), n in counts.items() if n}
        administrations = Unit.objects.filter(pk__in=per_unit).order_by("name")
        return [
            {
                "administration": unit,
                "value": Decimal(per_unit[unit.pk]),
                "url": self.rows_url(indicator, year, unit),
            }
            for unit in administrations
        ]

    def rows_url(self, indicator, year, within=None) -> str:
        params = [("category", code) for code in _codes(indicator)]
        params += [("occurred_from", f"{year}-01-01"), ("occurred_to", f"{year}-12-31")]
        params.append(("events", "true"))
        if not counts_near_misses(indicator):
            params.append(("near_miss", "false"))
        unit = scope_unit(indicator, within)
        if unit is not None:
            params.append(("unit", unit.pk))
        if indicator.site_id:
            params.append(("site", indicator.site_id))
        return f"{reverse('incidents:list')}?{urlencode(params)}"


for _kind in (IncidentCount(), *HANDLING_KINDS):
    register(_kind)
