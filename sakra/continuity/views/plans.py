"""The continuity plans' pages: the list, a plan, its card, and the backups of its dependencies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.pdf import pdf_response
from sakra.core.views import render_form, submit
from sakra.risks.models import CriticalDependency, MatrixVersion

from .. import services
from ..choices import IMPACT_STEPS
from ..forms import BackupForm, PlanEditForm, PlanForm
from ..models import ContinuityPlan, DependencyBackup
from ..querysets import CREATE
from ..services.plans import FIELDS, derived_tolerance
from .common import PER_PAGE


def _plan(request, pk: int, action: str = VIEW) -> ContinuityPlan:
    return get_object_or_404(
        ContinuityPlan.objects.for_user(request.user, action).with_backups(), pk=pk
    )


# --- continuity plans -----------------------------------------------------------------------


@login_required
def index(request):
    """The plans in the viewer's scope with their outcome; three queries whatever the length."""
    rows = ContinuityPlan.objects.for_user(request.user, VIEW).with_backups()
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "may_create": ContinuityPlan.objects.may(request.user, CREATE),
        "today": timezone.localdate(),
    }
    return render(request, "continuity/index.html", context)


def _plan_context(plan: ContinuityPlan) -> dict:
    scale = MatrixVersion.objects.current().consequence_labels
    return {
        "plan": plan,
        "impacts": [
            (label, scale[step - 1] if step and step <= len(scale) else "", step)
            for _hours, label, step in plan.impacts()
        ],
        "derived": derived_tolerance(
            {name: getattr(plan, name) for _hours, name, _label in IMPACT_STEPS}, scale
        ),
        "checks": plan.checks(),
        "today": timezone.localdate(),
    }


@login_required
def plan(request, pk: int):
    plan = _plan(request, pk)
    context = _plan_context(plan)
    context["may_change"] = can(request.user, CHANGE, plan)
    context["may_record"] = CriticalDependency.objects.may(request.user, CHANGE)
    return render(request, "continuity/plan.html", context)


@login_required
def plan_pdf(request, pk: int):
    """The plan as a one-page card for the binder on the ward."""
    plan = _plan(request, pk)
    return pdf_response(
        "continuity/plan_card.html", _plan_context(plan), request=request,
        name=f"kontinuitetsplan-{plan.pk}",
    )  # fmt: skip


@login_required
def plan_create(request):
    if not ContinuityPlan.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user, initial={"responsible": request.user})
    created = submit(form, lambda data: services.create_plan(by=request.user, **data))
    if created:
        messages.success(request, _("The continuity plan is saved."))
        return redirect(created)
    return render_form(request, "continuity/plan_form.html", {"form": form})


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request, pk, CHANGE)
    initial = {name: getattr(plan, name) for name in FIELDS}
    initial["version"] = plan.version
    form = PlanEditForm(request.POST or None, user=request.user, initial=initial)
    if submit(form, lambda data: services.update_plan(plan, by=request.user, **data)):
        messages.success(request, _("The continuity plan is saved."))
        return redirect(plan)
    return render_form(request, "continuity/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def backup(request, pk: int):
    """How long a dependency's backup lasts, for every plan that relies on it."""
    dependency = get_object_or_404(CriticalDependency.objects.for_user(request.user, VIEW), pk=pk)
    form = BackupForm(request.POST)
    if submit(form, lambda data: services.record_backup(dependency, by=request.user, **data)):
        messages.success(request, _("The backup is recorded."))
        back = (
            ContinuityPlan.objects.for_user(request.user, VIEW)
            .filter(service=dependency.service_id)
            .first()
        )
        return redirect(back or "continuity:index")
    existing = DependencyBackup.objects.filter(dependency=dependency).first()
    context = {"form": form, "dependency": dependency, "backup": existing}
    return render_form(request, "continuity/backup_form.html", context)
