"""The kind every region needs where no data exists yet: a typed-in series."""

from django.utils.translation import gettext_lazy as _

from .kinds import IndicatorKind, Values, register
from .models import ManualValue


class ManualSeries(IndicatorKind):
    key = "manual"
    label = _("Manually entered series")
    is_manual = True

    def compute(self, user, indicators, years, within=None) -> Values:
        values: Values = {indicator.pk: {} for indicator in indicators}
        rows = ManualValue.objects.filter(indicator__in=indicators, year__in=list(years))
        for indicator_id, year, value in rows.values_list("indicator_id", "year", "value"):
            values[indicator_id][year] = value
        return values


register(ManualSeries())
