"""The statistics page: incidents per area and category, a year against the year before and
the baseline year, per administration, with the trend; the same as XLSX."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sakra.core.access import CHANGE
from sakra.core.exports import export_response
from sakra.core.forms import SafeInputMixin
from sakra.organisation.forms import PickerSelect
from sakra.organisation.models import SecurityArea, Site, Unit

from ..choices import Counted
from ..elsewhere import figures_for
from ..models import FigureReportedElsewhere
from ..statistics import FIRST_YEAR, Selection, check_year, gather, may_see_statistics


class StatisticsForm(SafeInputMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False)
    baseline_year = forms.IntegerField(label=gettext_lazy("Baseline year"), required=False)
    area = forms.ModelChoiceField(
        label=gettext_lazy("Security area"), queryset=SecurityArea.objects.active(),
        required=False, empty_label=gettext_lazy("All"),
    )  # fmt: skip
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("organisation unit", "Administration"),
        queryset=Unit.objects.administrations().filter(is_active=True),
        required=False, empty_label=gettext_lazy("All"),
    )  # fmt: skip
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"), queryset=Site.objects.all(), required=False,
        widget=PickerSelect("site", filter=True),
    )  # fmt: skip
    counted = forms.ChoiceField(
        label=gettext_lazy("Count"), choices=Counted.choices, required=False,
        help_text=gettext_lazy("Near misses are counted apart from events."),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        for name, default in (("year", timezone.localdate().year), ("baseline_year", FIRST_YEAR)):
            try:
                cleaned[name] = check_year(cleaned.get(name) or default, name)
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


#: The trend chart's drawing area (SVG user units) and the room left for labels.
WIDTH, HEIGHT, LABEL = 640, 220, 24


def _chart(trend: list[tuple[int, int]]) -> list[dict]:
    """Each year's bar: its place and height in the chart (the template draws it)."""
    highest = max((n for _year, n in trend), default=0) or 1
    step = WIDTH / max(len(trend), 1)
    plot = HEIGHT - 2 * LABEL
    bars = []
    for index, (year, n) in enumerate(trend):
        height = round(plot * n / highest, 1)
        bars.append({
            "year": year, "n": n, "x": round(index * step + step * 0.15, 1),
            "width": round(step * 0.7, 1), "y": round(LABEL + plot - height, 1),
            "height": height, "middle": round(index * step + step / 2, 1),
        })  # fmt: skip
    return bars


@login_required
def statistics(request, fmt: str | None = None):
    if not may_see_statistics(request.user):
        raise Http404
    defaults = {"year": timezone.localdate().year, "baseline_year": FIRST_YEAR}
    form = StatisticsForm(request.GET or None, initial=defaults)
    valid = form.is_valid() if form.is_bound else False
    data = form.cleaned_data if valid else {}
    selection = Selection(
        year=data.get("year") or timezone.localdate().year,
        baseline_year=data.get("baseline_year") or FIRST_YEAR,
        area=data.get("area"),
        administration=data.get("administration"),
        site=data.get("site"),
        counted=Counted(data.get("counted") or Counted.EVENTS),
    )
    result = gather(selection)
    if fmt is not None:
        headers = [_("Security area"), _("Category"), *map(str, selection.years)]
        rows = ([str(line.area), str(line.category), *line.counts.values()]
                for line in result.lines)  # fmt: skip
        return export_response(
            fmt, name=f"statistik-{selection.year}", sheet=_("Statistics"), headers=headers,
            rows=rows,
        )  # fmt: skip
    context = {
        "form": form,
        "stats": result,
        "elsewhere": figures_for(
            selection.year,
            years=selection.years,
            area=selection.area,
            administration=selection.administration,
        ),
        "may_record_elsewhere": FigureReportedElsewhere.objects.may(request.user, CHANGE),
        "years": selection.years,
        "counted": selection.counted.label,
        "chart": _chart(result.trend),
        "query": request.GET.urlencode(),
        "status": 422 if form.is_bound and not valid else 200,
    }
    return render(request, "incidents/statistics.html", context, status=context["status"])
