"""Pages of the annual plans: the list, a new plan, a plan with its activities, the copy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.views import form_status, render_form, submit

from .. import services
from ..choices import ActivityStatus
from ..forms import ActivityForm, ActivityStatusForm, PlanForm
from ..models import AnnualPlan, PlannedActivity
from ..querysets import CREATE
from .common import errors_as_messages, estimate_page


@login_required
def plan_list(request):
    plans = AnnualPlan.objects.for_user(request.user, VIEW).select_related("administration")
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    may_plan = AnnualPlan.objects.may(request.user, CREATE)
    return render(request, "actions/plan_list.html", {"page_obj": page, "may_plan": may_plan})


@login_required
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if not form.fields["administration"].queryset.exists():
        raise PermissionDenied

    def create(data):
        try:
            return services.create_plan(by=request.user, **data)
        except PermissionDenied as exc:
            raise ValidationError({"administration": [str(exc)]}) from exc

    if plan := submit(form, create):
        messages.success(request, _("The plan is created. Now add its activities."))
        return redirect(plan)
    return render_form(request, "actions/plan_form.html", {"form": form})


def _plan_page(request, plan, *, form=None, status=200):
    activities = PlannedActivity.objects.for_user(request.user, VIEW).filter(plan=plan)
    changeable = set(
        PlannedActivity.objects.for_user(request.user, CHANGE)
        .filter(plan=plan)
        .values_list("pk", flat=True)
    )
    rows = [
        (activity, activity.pk in changeable)
        for activity in activities.select_related("area", "owner")
    ]
    return render(
        request,
        "actions/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "form": form or ActivityForm(),
            "can_change": can(request.user, CHANGE, plan),
            "statuses": ActivityStatus.choices,
        },
        status=status,
    )


def _plan(request, pk, action=VIEW):
    return get_object_or_404(
        AnnualPlan.objects.for_user(request.user, action).select_related("administration"), pk=pk
    )


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    form = ActivityForm(request.POST or None)
    if request.method == "POST":
        if not can(request.user, CHANGE, plan):
            raise Http404
        if submit(form, lambda data: services.add_activity(plan, by=request.user, **data)):
            messages.success(request, _("The activity is added."))
            return redirect(plan)
    return _plan_page(request, plan, form=form, status=form_status(form))


@login_required
@require_POST
def activity_status(request, pk: int):
    activity = get_object_or_404(PlannedActivity.objects.for_user(request.user, CHANGE), pk=pk)
    form = ActivityStatusForm(request.POST)
    if submit(form, lambda data: services.set_activity_status(activity, by=request.user, **data)):
        messages.success(request, _("The status is saved."))
        return redirect(activity.plan)
    plan = AnnualPlan.objects.for_user(request.user, VIEW).filter(pk=activity.plan_id).first()
    if plan is None:
        # An area owner works on their area's activities without reading the whole plan.
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return render(request, "400.html", {"message": message}, status=form_status(form))
    errors_as_messages(request, form)
    return _plan_page(request, plan, status=form_status(form))


@login_required
@require_POST
def plan_copy(request, pk: int):
    plan = _plan(request, pk, CHANGE)
    try:
        copy = services.copy_plan_to_next_year(plan, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _plan_page(request, plan, status=422)
    messages.success(request, _("The plan is copied to {year}.").format(year=copy.year))
    return redirect(copy)


@login_required
def activity_estimate(request, pk: int):
    """An activity's estimated cost and effort; an area owner who may change the activity
    but not read its plan goes back to the summary of the budget process."""
    from django.urls import reverse

    activity = get_object_or_404(
        PlannedActivity.objects.for_user(request.user, CHANGE).select_related("plan"), pk=pk
    )
    readable = AnnualPlan.objects.for_user(request.user, VIEW).filter(pk=activity.plan_id)
    url = activity.plan.get_absolute_url() if readable.exists() else reverse("actions:plan-list")
    return estimate_page(request, activity, back_url=url, done_url=url)
