"""Goal dashboards: per area, per administration, and one indicator in detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .cards import render_cards
from .charts import trend_svg
from .forms import ManualValueForm, YearForm
from .models import Goal, Indicator


def _year(request) -> int:
    form = YearForm(request.GET)
    return (form.is_valid() and form.cleaned_data["year"]) or timezone.localdate().year


def _page(request, template, goals, *, within=None, charts=True, **context):
    year = _year(request)
    views = services.dashboard(request.user, goals, year=year, within=within)
    for goal_view in views:
        for view in goal_view.indicators:
            if charts:
                view.chart = trend_svg(view, f"chart-{view.indicator.pk}")
            view.url = f"{view.indicator.get_absolute_url()}?year={year}"
            view.rows_url = view.indicator.kind_definition.rows_url(view.indicator, year, within)
    cards = render_cards(views, year, charts)
    context.update(cards=cards, year=year, within=within)
    return render(request, template, context)


@login_required
def index(request):
    goals = Goal.objects.for_user(request.user).active().select_related("area", "administration")
    return _page(
        request,
        "goals/index.html",
        goals,
        charts=False,  # the overview is the tables; each dashboard draws the trends
        areas=SecurityArea.objects.for_user(request.user).active(),
        administrations=Unit.objects.for_user(request.user).administrations(),
    )


@login_required
def area(request, code):
    area = get_object_or_404(SecurityArea.objects.for_user(request.user), code=code)
    goals = Goal.objects.for_user(request.user).active().filter(area=area)
    return _page(request, "goals/dashboard.html", goals, heading=area.name, area=area)


@login_required
def administration(request, pk):
    unit = get_object_or_404(Unit.objects.for_user(request.user).administrations(), pk=pk)
    # The region's and the areas' goals, counted within this administration, and its own goals.
    goals = (
        Goal.objects.for_user(request.user)
        .active()
        .filter(Q(administration__isnull=True) | Q(administration=unit))
    )
    return _page(request, "goals/dashboard.html", goals, within=unit, heading=unit.name)


@login_required
def goal(request, pk):
    goal = get_object_or_404(Goal.objects.for_user(request.user), pk=pk)
    return _page(request, "goals/goal.html", Goal.objects.filter(pk=goal.pk), goal=goal)


@login_required
def indicator(request, pk):
    indicator = get_object_or_404(Indicator.objects.for_user(request.user).with_goal(), pk=pk)
    year = _year(request)
    view = services.indicator_view(request.user, indicator, year)
    kind = indicator.kind_definition
    view.chart = trend_svg(view, f"chart-{indicator.pk}")
    rows = [
        {"year": y, "value": v, "url": kind.rows_url(indicator, y) if v is not None else ""}
        for y, v in view.series
    ]
    can_change = Indicator.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
    form = None
    if kind.is_manual and can_change:
        form = ManualValueForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_manual_value(indicator, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The value was saved."))
                return redirect(indicator.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "goals/indicator.html",
        {
            "indicator": indicator,
            "view": view,
            "rows": rows,
            "breakdown": kind.breakdown(request.user, indicator, year),
            "year": year,
            "form": form,
            "manual": indicator.manual.select_related("entered_by") if kind.is_manual else [],
        },
    )
