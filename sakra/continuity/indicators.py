"""Indicator kinds computed from continuity's rows, for the goals module's registry: the share of
critical services whose continuity plan was exercised in the year, the training coverage of a
security role, and the wartime organisation's posts placed and told (counted per
administration in the breakdown).

One truth per goal: a value counts every row in the indicator's own scope (`scope_unit()`),
whoever looks; the rows behind it are listed per viewer by the page `rows_url()` leads to. One
aggregate query per kind, a count per indicator and year. A year still to come has no value;
the state of a year gone by is read from the dates the rows carry (when an exercise was held,
a post created, a person told, a training done and valid), the people holding a role as they
hold it today (role assignments keep no history).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakra.accounts.models import User
from sakra.goals.kinds import IndicatorKind, Values, register, scope_unit
from sakra.organisation.choices import UnitKind
from sakra.organisation.models import Unit
from sakra.risks.models import CriticalService

from .choices import SECURITY_ROLES, ExerciseStatus
from .models import Exercise, WartimePost
from .services.exercises import holding, trained


def _share(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(Decimal("0.1"))


def _past(years) -> list[int]:
    """The years that have begun: a year to come has no value yet."""
    this_year = timezone.localdate().year
    return [year for year in years if year <= this_year]


def _as_of(year: int) -> datetime.date:
    """The day a year's state is read on: its last day, or today in the current year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def _within(unit, lookup: str) -> Q:
    return Q(**{f"{lookup}path__startswith": unit.path}) if unit is not None else Q()


def _fill(values: Values, indicators, years, row: dict) -> Values:
    for indicator in indicators:
        for year in years:
            share = _share(row[f"n{indicator.pk}_{year}"], row[f"d{indicator.pk}_{year}"])
            if share is not None:
                values[indicator.pk][year] = share
    return values


class PlansExercised(IndicatorKind):
    """Of the critical services in scope (those registered by the year's end), the share whose
    continuity plan had an exercise held in the year."""

    key = "continuity_plans_exercised"
    label = gettext_lazy("Critical services whose continuity plan was exercised in the year (%)")
    rows_noun = gettext_lazy("exercises")

    def compute(self, user, indicators, years, within=None) -> Values:
        years = _past(years)
        values: Values = {indicator.pk: {} for indicator in indicators}
        aggregates = {}
        for indicator in indicators:
            scope = _within(scope_unit(indicator, within), "unit__")
            for year in years:
                held = Exercise.objects.filter(
                    plan__service=OuterRef("pk"), status=ExerciseStatus.HELD, date__year=year
                )
                existing = scope & Q(created_at__date__lte=datetime.date(year, 12, 31))
                aggregates[f"d{indicator.pk}_{year}"] = Count("pk", filter=existing)
                aggregates[f"n{indicator.pk}_{year}"] = Count(
                    "pk", filter=existing & Q(Exists(held))
                )
        if not aggregates:
            return values
        return _fill(values, indicators, years, CriticalService.objects.aggregate(**aggregates))

    def rows_url(self, indicator, year, within=None) -> str:
        return f"{reverse('continuity:exercises')}?ar={year}"


class TrainingCoverage(IndicatorKind):
    """Of the active people holding a security role (in scope), the share whose training for
    that role is valid at the year's end (today, in the current year). The role is the
    criteria's "role"."""

    key = "continuity_training_coverage"
    label = gettext_lazy("People in a security role with valid training for it (%)")
    rows_noun = gettext_lazy("training records")

    @staticmethod
    def _role(indicator) -> str:
        criteria = indicator.criteria if isinstance(indicator.criteria, dict) else {}
        role = criteria.get("role")
        return role if role in SECURITY_ROLES else ""

    def clean(self, indicator) -> None:
        if not self._role(indicator):
            roles = ", ".join(str(role.value) for role in SECURITY_ROLES)
            raise ValidationError(
                {"criteria": _('Give the role as "role" in the criteria: one of {roles}.').format(
                    roles=roles
                )}
            )  # fmt: skip

    def compute(self, user, indicators, years, within=None) -> Values:
        years = _past(years)
        values: Values = {indicator.pk: {} for indicator in indicators}
        aggregates = {}
        for indicator in indicators:
            role = self._role(indicator)
            if not role:
                continue
            unit = scope_unit(indicator, within)
            holders = holding(role, unit.path if unit is not None else None)
            for year in years:
                aggregates[f"d{indicator.pk}_{year}"] = Count("pk", filter=holders)
                aggregates[f"n{indicator.pk}_{year}"] = Count(
                    "pk", filter=holders & trained(role, _as_of(year))
                )
        if not aggregates:
            return values
        counted = [i for i in indicators if self._role(i)]
        row = User.objects.filter(is_active=True).aggregate(**aggregates)
        return _fill(values, counted, years, row)

    def rows_url(self, indicator, year, within=None) -> str:
        return reverse("continuity:training")


class _WartimeShare(IndicatorKind):
    """A share of the wartime organisation's posts in scope that existed by the year's end."""

    rows_noun = gettext_lazy("wartime posts")

    def denominator(self, year: int) -> Q:
        raise NotImplementedError

    def numerator(self, year: int) -> Q:
        raise NotImplementedError

    def _aggregates(self, prefix: str, scope: Q, years) -> dict:
        aggregates = {}
        for year in years:
            existing = scope & Q(created_at__date__lte=datetime.date(year, 12, 31))
            whole = existing & self.denominator(year)
            aggregates[f"d{prefix}_{year}"] = Count("pk", filter=whole)
            aggregates[f"n{prefix}_{year}"] = Count("pk", filter=whole & self.numerator(year))
        return aggregates

    def compute(self, user, indicators, years, within=None) -> Values:
        years = _past(years)
        values: Values = {indicator.pk: {} for indicator in indicators}
        aggregates = {}
        for indicator in indicators:
            scope = _within(scope_unit(indicator, within), "plan__unit__")
            aggregates.update(self._aggregates(str(indicator.pk), scope, years))
        if not aggregates:
            return values
        return _fill(values, indicators, years, WartimePost.objects.aggregate(**aggregates))

    def breakdown(self, user, indicator, year) -> list[dict]:
        """Per administration in the indicator's scope that has posts: its share."""
        if year not in _past([year]):
            return []
        unit = scope_unit(indicator)
        administrations = Unit.objects.filter(kind=UnitKind.ADMINISTRATION)
        if unit is not None:
            step = unit.steplen
            above = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
            administrations = administrations.filter(
                Q(path__startswith=unit.path) | Q(path__in=above)
            )
        administrations = list(administrations.order_by("name"))
        aggregates = {}
        for administration in administrations:
            scope = _within(unit, "plan__unit__") & _within(administration, "plan__unit__")
            aggregates.update(self._aggregates(str(administration.pk), scope, [year]))
        if not aggregates:
            return []
        row = WartimePost.objects.aggregate(**aggregates)
        rows = []
        for administration in administrations:
            key = f"{administration.pk}_{year}"
            share = _share(row[f"n{key}"], row[f"d{key}"])
            if share is not None:
                rows.append({"administration": administration, "value": share,
                             "url": self.rows_url(indicator, year, administration)})  # fmt: skip
        return rows

    def rows_url(self, indicator, year, within=None) -> str:
        return reverse("continuity:civil")


class WartimePostsPlaced(_WartimeShare):
    key = "wartime_posts_placed"
    label = gettext_lazy("Wartime posts with a person placed (%)")

    def denominator(self, year: int) -> Q:
        return Q()

    def numerator(self, year: int) -> Q:
        return Q(person__isnull=False)


class WartimePostsInformed(_WartimeShare):
    key = "wartime_posts_informed"
    label = gettext_lazy("People placed in the wartime organisation who have been told (%)")

    def denominator(self, year: int) -> Q:
        return Q(person__isnull=False)

    def numerator(self, year: int) -> Q:
        return Q(informed_on__lte=datetime.date(year, 12, 31))


for _kind in (PlansExercised(), TrainingCoverage(), WartimePostsPlaced(), WartimePostsInformed()):
    register(_kind)
