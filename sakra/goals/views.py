"""Goal dashboards: per area, per administration, and one indicator in detail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, can
from sakra.core.validation import parse_id
from sakra.core.views import render_form, submit
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .cards import render_cards
from .charts import trend_svg
from .coverage import coverage as build_coverage
from .forms import (
    INDICATOR_INITIAL,
    ArchiveForm,
    GoalChangeForm,
    GoalForm,
    IndicatorChangeForm,
    ManualValueForm,
    NewIndicatorForm,
    YearForm,
    goal_initial,
)
from .models import Goal, Indicator
from .querysets import CREATE
from .rows import rows_link


def _year(request) -> int:
    form = YearForm(request.GET)
    return (form.is_valid() and form.cleaned_data["year"]) or timezone.localdate().year


def _page(request, template, goals, *, within=None, charts=True, titled=True, **context):
    year = _year(request)
    views = services.dashboard(request.user, goals, year=year, within=within)
    for goal_view in views:
        for view in goal_view.indicators:
            if charts:
                view.chart = trend_svg(view, f"chart-{view.indicator.pk}")
            view.url = f"{view.indicator.get_absolute_url()}?year={year}"
            view.rows_url = rows_link(view.indicator, year, within)
    cards = render_cards(views, year, charts, titled)
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
        may_create=Goal.objects.may(request.user, CREATE),
        coverage_url=reverse("goals:coverage"),
    )


@login_required
def area(request, code):
    area = get_object_or_404(SecurityArea.objects.for_user(request.user), code=code)
    goals = Goal.objects.for_user(request.user).active().filter(area=area)
    # The goals' own figures, or, asked for, the same goals counted within one administration
    # ("within your scope"), labelled as such on the page.
    administrations = Unit.objects.for_user(request.user).administrations().order_by("name")
    within = None
    if (pk := parse_id(request.GET.get("inom"))) is not None:
        within = get_object_or_404(administrations, pk=pk)
    return _page(
        request,
        "goals/dashboard.html",
        goals,
        within=within,
        heading=area.name,
        area=area,
        administrations=administrations,
    )


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
    return _page(
        request,
        "goals/goal.html",
        Goal.objects.filter(pk=goal.pk),
        titled=False,
        goal=goal,
        can_change=can(request.user, CHANGE, goal),
    )


@login_required
def indicator(request, pk):
    indicator = get_object_or_404(Indicator.objects.for_user(request.user).with_goal(), pk=pk)
    year = _year(request)
    view = services.indicator_view(request.user, indicator, year)
    kind = indicator.kind_definition
    view.chart = trend_svg(view, f"chart-{indicator.pk}")
    rows = [
        {"year": y, "value": v, "url": rows_link(indicator, y) if v is not None else ""}
        for y, v in view.series
    ]
    can_change = can(request.user, CHANGE, indicator)
    form = None
    if kind.is_manual and can_change:
        form = ManualValueForm(request.POST or None)
        if submit(
            form, lambda data: services.record_manual_value(indicator, by=request.user, **data)
        ):
            messages.success(request, _("The value was saved."))
            return redirect(indicator.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "indicator": indicator,
        "view": view,
        "rows": rows,
        "breakdown": kind.breakdown(request.user, indicator, year),
        "year": year,
        "form": form,
        "can_change": can_change,
        "manual": indicator.manual.select_related("entered_by") if kind.is_manual else [],
    }
    return render_form(request, "goals/indicator.html", context)


# --- goals and indicators edited in the app ------------------------------------------------


@login_required
def new_goal(request):
    if not Goal.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = GoalForm(request.POST or None, user=request.user)
    goal = submit(form, lambda data: services.create_goal(by=request.user, **data))
    if goal is not None:
        messages.success(request, _("The goal was created. Give it an indicator to measure it."))
        return redirect(goal.get_absolute_url())
    context = {"form": form, "heading": _("New goal"), "back": reverse("goals:index")}
    return render_form(request, "goals/form.html", context)


@login_required
def edit_goal(request, pk):
    goal = get_object_or_404(Goal.objects.for_user(request.user, CHANGE), pk=pk)
    form = GoalChangeForm(
        request.POST or None, user=request.user, goal=goal, initial=goal_initial(goal)
    )
    done = submit(
        form,
        lambda data: services.update_goal(
            goal, by=request.user, version=data.pop("version"), **data
        ),
    )
    if done is not None:
        messages.success(request, _("The goal was saved."))
        return redirect(goal.get_absolute_url())
    context = {"form": form, "heading": _("Change the goal"), "back": goal.get_absolute_url()}
    return render_form(request, "goals/form.html", context)


@login_required
@require_POST
def archive_goal(request, pk):
    goal = get_object_or_404(Goal.objects.for_user(request.user, CHANGE), pk=pk)
    form = ArchiveForm(request.POST)
    if submit(form, lambda data: services.archive_goal(goal, by=request.user, **data)):
        messages.success(request, _("The goal was archived. It no longer shows on the dashboards."))
        return redirect("goals:index")
    context = {"form": form, "goal": goal, "heading": _("Archive the goal")}
    return render_form(request, "goals/archive.html", context)


@login_required
def new_indicator(request, pk):
    goal = get_object_or_404(Goal.objects.for_user(request.user, CHANGE), pk=pk)
    form = NewIndicatorForm(request.POST or None)
    indicator = submit(
        form, lambda data: services.create_indicator(goal=goal, by=request.user, **data)
    )
    if indicator is not None:
        messages.success(request, _("The indicator was added."))
        return redirect(indicator.get_absolute_url())
    context = {
        "form": form,
        "heading": _("New indicator for {goal}").format(goal=goal),
        "back": goal.get_absolute_url(),
    }
    return render_form(request, "goals/form.html", context)


@login_required
def edit_indicator(request, pk):
    indicator = get_object_or_404(Indicator.objects.for_user(request.user, CHANGE), pk=pk)
    initial = {name: getattr(indicator, name) for name in INDICATOR_INITIAL}
    form = IndicatorChangeForm(request.POST or None, initial=initial)
    done = submit(
        form,
        lambda data: services.update_indicator(
            indicator, by=request.user, version=data.pop("version"), **data
        ),
    )
    if done is not None:
        messages.success(request, _("The indicator was saved."))
        return redirect(indicator.get_absolute_url())
    context = {
        "form": form,
        "heading": _("Change the indicator"),
        "back": indicator.get_absolute_url(),
    }
    return render_form(request, "goals/form.html", context)


@login_required
def coverage(request):
    year = _year(request)
    goals = Goal.objects.for_user(request.user).active()
    grid = build_coverage(request.user, goals, year=year)
    return render(request, "goals/coverage.html", {"coverage": grid, "year": year})
