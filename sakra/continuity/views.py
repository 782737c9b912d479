"""The continuity pages: thin, rows from `for_user()`, every change through a service."""

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

from . import services
from .choices import IMPACT_STEPS
from .forms import (
    BackupForm,
    CloseForm,
    CrisisForm,
    EntryForm,
    PlanEditForm,
    PlanForm,
    StaffForm,
    SummaryForm,
)
from .models import ContinuityPlan, Crisis, DependencyBackup
from .querysets import CREATE, WRITE
from .services.plans import FIELDS, derived_tolerance

PER_PAGE = 50


def _plan(request, pk: int, action: str = VIEW) -> ContinuityPlan:
    return get_object_or_404(
        ContinuityPlan.objects.for_user(request.user, action).with_backups(), pk=pk
    )


def _crisis(request, pk: int, action: str = VIEW) -> Crisis:
    """The crisis when the person may read it (404 otherwise), and 403 when they read it but
    may not take `action` (the auditor reads, changes nothing)."""
    crisis = get_object_or_404(
        Crisis.objects.for_user(request.user, VIEW).select_related("unit", "opened_by"), pk=pk
    )
    if action != VIEW and not can(request.user, action, crisis):
        raise PermissionDenied
    return crisis


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


# --- the crisis log -------------------------------------------------------------------------


@login_required
def crises(request):
    rows = Crisis.objects.for_user(request.user, VIEW).select_related("unit")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "may_open": services.may_open_crisis(request.user)}
    return render(request, "continuity/crises.html", context)


@login_required
def crisis_open(request):
    if not services.may_open_crisis(request.user):
        raise PermissionDenied
    form = CrisisForm(request.POST or None, user=request.user)
    crisis = submit(form, lambda data: services.open_crisis(by=request.user, **data))
    if crisis:
        messages.success(request, _("The crisis is open. You hold its first staff role."))
        return redirect(crisis)
    return render_form(request, "continuity/crisis_form.html", {"form": form})


def _crisis_page(request, crisis, *, entry_form=None, staff_form=None, summary_form=None,
                 close_form=None):  # fmt: skip
    may_write = crisis.is_open and can(request.user, WRITE, crisis)
    may_close = crisis.is_open and can(request.user, CHANGE, crisis)
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    context = {
        "crisis": crisis,
        "entries": crisis.entries.in_order(),
        "staff": crisis.staff.select_related("person"),
        "may_write": may_write,
        "may_close": may_close,
        "entry_form": entry_form or (EntryForm(crisis=crisis, initial={"happened_at": now})
                                     if may_write else None),
        "staff_form": staff_form or (StaffForm() if may_write else None),
        "summary_form": summary_form or (
            SummaryForm(initial={"summary": crisis.summary, "version": crisis.version})
            if may_write else None),
        "close_form": close_form or (CloseForm(initial={"version": crisis.version})
                                     if may_close else None),
    }  # fmt: skip
    form = next((f for f in (entry_form, staff_form, summary_form, close_form) if f), None)
    return render_form(request, "continuity/crisis.html", context, form=form)


@login_required
def crisis(request, pk: int):
    return _crisis_page(request, _crisis(request, pk))


def _post_to_crisis(request, pk: int, *, action: str, form_class, call, done: str, slot: str):
    """One of the crisis page's forms through its service; refused, the page comes back with
    that form and its errors."""
    crisis = _crisis(request, pk, action)
    extra = {"crisis": crisis} if form_class is EntryForm else {}
    form = form_class(request.POST, **extra)
    if submit(form, lambda data: call(crisis, by=request.user, **data)):
        messages.success(request, done)
        return redirect(crisis)
    return _crisis_page(request, crisis, **{slot: form})


@login_required
@require_POST
def crisis_entry(request, pk: int):
    return _post_to_crisis(
        request, pk, action=WRITE, form_class=EntryForm, call=services.append_entry,
        done=_("The entry is in the log."), slot="entry_form",
    )  # fmt: skip


@login_required
@require_POST
def crisis_staff(request, pk: int):
    return _post_to_crisis(
        request, pk, action=WRITE, form_class=StaffForm, call=services.assign_role,
        done=_("The staff role is assigned."), slot="staff_form",
    )  # fmt: skip


@login_required
@require_POST
def crisis_summary(request, pk: int):
    return _post_to_crisis(
        request, pk, action=WRITE, form_class=SummaryForm, call=services.update_summary,
        done=_("The status summary is saved."), slot="summary_form",
    )  # fmt: skip


@login_required
@require_POST
def crisis_close(request, pk: int):
    return _post_to_crisis(
        request, pk, action=CHANGE, form_class=CloseForm, call=services.close_crisis,
        done=_("The crisis is closed. Add the evaluation's actions."), slot="close_form",
    )  # fmt: skip


@login_required
def crisis_pdf(request, pk: int):
    """The log in the order things happened, with both times and the author of each entry."""
    crisis = _crisis(request, pk)
    context = {
        "crisis": crisis,
        "entries": crisis.entries.in_order(),
        "staff": crisis.staff.select_related("person"),
        "today": timezone.localdate(),
    }
    return pdf_response(
        "continuity/crisis_log_pdf.html", context, request=request, name=f"stabslogg-{crisis.pk}"
    )
