"""Indicator kinds computed from the action register, for the goals module's registry."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, register, scope_unit

from .choices import OPEN_STATUSES, ActionStatus
from .models import Action


class _ActionCount(IndicatorKind):
    """Actions due in a year that meet a condition; within the goal's scope (the indicator's
    unit subtree, the goal's administration and security area, when they have them), every
    action there, whoever looks (one truth per goal)."""

    list_params: tuple[tuple[str, str], ...] = ()

    def condition(self) -> Q:
        raise NotImplementedError

    def _selection(self, indicator) -> Q:
        selection = self.condition()
        if (unit := scope_unit(indicator)) is not None:
            selection &= Q(unit__path__startswith=unit.path)
        if indicator.goal.area_id:
            selection &= Q(area_id=indicator.goal.area_id)
        return selection

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        rows = Action.objects.filter(due_date__year__in=list(years))
        if within is not None:
            rows = rows.filter(unit__path__startswith=within.path)
        counts = {f"i{i.pk}": Count("pk", filter=self._selection(i)) for i in indicators}
        for row in (
            rows.order_by().annotate(year=ExtractYear("due_date")).values("year").annotate(**counts)
        ):
            for indicator in indicators:
                values[indicator.pk][row["year"]] = Decimal(row[f"i{indicator.pk}"])
        return values

    def rows_url(self, indicator, year, within=None) -> str:
        params = [*self.list_params, ("due_from", f"{year}-01-01"), ("due_to", f"{year}-12-31")]
        if (unit := scope_unit(indicator, within)) is not None:
            params.append(("unit", unit.pk))
        if indicator.goal.area_id:
            params.append(("area", indicator.goal.area_id))
        return f"{reverse('actions:list')}?{urlencode(params)}"


class OverdueActions(_ActionCount):
    key = "actions_overdue"
    rows_noun = _("actions")
    label = _("Actions overdue (due in the year, still open)")
    list_params = (("overdue", "true"),)

    def condition(self) -> Q:
        return Q(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())


class EffectiveActions(_ActionCount):
    key = "actions_verified_effective"
    rows_noun = _("actions")
    label = _("Actions verified effective (due in the year)")
    list_params = (("status", ActionStatus.VERIFIED_EFFECTIVE),)

    def condition(self) -> Q:
        return Q(status=ActionStatus.VERIFIED_EFFECTIVE)


register(OverdueActions())
register(EffectiveActions())
