"""Indicator kinds computed from the action register, for the goals module's registry."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.goals.kinds import IndicatorKind, Values, register

from .choices import OPEN_STATUSES, ActionStatus
from .models import Action


class _ActionCount(IndicatorKind):
    """Actions due in a year that meet a condition; within the indicator's unit subtree and the
    goal's security area, when they have them."""

    list_params: tuple[tuple[str, str], ...] = ()

    def condition(self) -> Q:
        raise NotImplementedError

    def _selection(self, indicator) -> Q:
        selection = self.condition()
        if indicator.unit_id:
            selection &= Q(unit__path__startswith=indicator.unit.path)
        if indicator.goal.area_id:
            selection &= Q(area_id=indicator.goal.area_id)
        return selection

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        rows = Action.objects.for_user(user).filter(due_date__year__in=list(years))
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
        units = [u for u in (indicator.unit if indicator.unit_id else None, within) if u]
        if units:
            params.append(("unit", max(units, key=lambda unit: len(unit.path)).pk))
        if indicator.goal.area_id:
            params.append(("area", indicator.goal.area_id))
        return f"{reverse('actions:list')}?{urlencode(params)}"


class OverdueActions(_ActionCount):
    key = "actions_overdue"
    label = _("Actions overdue (due in the year, still open)")
    list_params = (("overdue", "true"),)

    def condition(self) -> Q:
        return Q(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())


class EffectiveActions(_ActionCount):
    key = "actions_verified_effective"
    label = _("Actions verified effective (due in the year)")
    list_params = (("status", ActionStatus.VERIFIED_EFFECTIVE),)

    def condition(self) -> Q:
        return Q(status=ActionStatus.VERIFIED_EFFECTIVE)


register(OverdueActions())
register(EffectiveActions())
