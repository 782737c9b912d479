"""The continuity plans' pages: the list, a plan, its card, and the backups of its dependencies."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.pdf import pdf_response
from sakra.core.views import render_form, submit
from sakra.risks.models import CriticalDependency, MatrixVersion

from .. import services
from ..choices import IMPACT_STEPS, Outcome
from ..disruptions import Exceeded, exceeded
from ..forms import BackupForm, PlanEditForm, PlanForm
from ..models import ContinuityPlan, DependencyBackup
from ..models.plans import backup_outcome, plan_outcome
from ..querysets import CREATE
from ..services.plans import FIELDS, derived_tolerance
from .common import PER_PAGE


def _plan(request, pk: int, action: str = VIEW) -> ContinuityPlan:
    return get_object_or_404(
        ContinuityPlan.objects.for_user(request.user, action).with_backups(), pk=pk
    )


# --- continuity plans -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One row of the plans' list as the page shows it; the template writes it (escaped)."""

    url: str
    title: str
    service: str
    unit: str
    tolerable_hours: int
    outcome: str
    review_date: str
    due: bool
    #: Disruptions of critical supply that lasted longer than the plan tolerates (issue 24).
    disruptions: Exceeded | None = None


def plan_rows(plans, user=None) -> list[PlanRow]:
    """The page's rows worked out once: the plans' columns with their unit's and service's
    names, and one query for the backups of the page's services (instead of the prefetched
    services, dependencies and backups as objects, and an include a row)."""
    plans = list(plans)
    lasts: dict[int, list] = {}
    services = {plan.service_id for plan in plans if plan.service_id is not None}
    for service, hours in CriticalDependency.objects.filter(service__in=services).values_list(
        "service_id", "continuity_backup__lasts_hours"
    ):
        lasts.setdefault(service, []).append(hours)
    marker = "2147483647"
    before, _sep, after = reverse("continuity:plan", args=[marker]).partition(marker)
    today = timezone.localdate()
    flagged = exceeded(plans, user) if user is not None else {}
    rows = []
    for plan in plans:
        hours = lasts.get(plan.service_id, ())
        outcomes = {backup_outcome(lasting, plan.tolerable_hours) for lasting in hours}
        rows.append(PlanRow(
            url=f"{before}{plan.pk}{after}", title=plan.title,
            service=plan.service_name or "\u2013", unit=plan.unit_name,
            tolerable_hours=plan.tolerable_hours, outcome=plan_outcome(outcomes),
            review_date=plan.review_date.isoformat(), due=plan.review_date <= today,
            disruptions=flagged.get(plan.pk),
        ))  # fmt: skip
    return rows


@login_required
def index(request):
    """The plans in the viewer's scope with their outcome; a constant number of queries."""
    rows = (
        ContinuityPlan.objects.for_user(request.user, VIEW)
        .only("pk", "title", "service_id", "tolerable_hours", "review_date")
        .annotate(
            unit_name=F("unit__name"), unit_path=F("unit__path"), service_name=F("service__name")
        )
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = plan_rows(page.object_list, request.user)
    context = {
        "page_obj": page,
        "may_create": ContinuityPlan.objects.may(request.user, CREATE),
        "outcomes": {outcome.value: outcome.label for outcome in Outcome},
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
    context["disruptions"] = exceeded([plan], request.user).get(plan.pk)
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
