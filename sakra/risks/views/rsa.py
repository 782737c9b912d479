"""The regional RSA's own pages: the region's critical services and their dependencies, the
assessment of crisis preparedness against the region's indicators, the yearly follow-up, the
mandate-period cycle, and moving a draft to a new matrix version after a preview."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.views import form_status, render_form, submit

from .. import cycle, services
from ..choices import AnalysisKind, AnalysisStatus
from ..forms import (
    CriticalServiceEditForm,
    CriticalServiceForm,
    DependencyEditForm,
    DependencyForm,
    FollowUpForm,
    MatrixMoveForm,
    PreparednessForm,
)
from ..models import (
    CriticalDependency,
    CriticalService,
    MatrixVersion,
    PreparednessIndicator,
    RiskAnalysis,
)
from ..querysets import CONTENT, CREATE

PER_PAGE = 50
SERVICE_FIELDS = ("name", "analysis", "tolerable_outage_hours", "description", "backup")


# --- critical services ----------------------------------------------------------------------


def _service(request, pk: int, action: str = VIEW) -> CriticalService:
    return get_object_or_404(
        CriticalService.objects.for_user(request.user, action).select_related("unit", "analysis"),
        pk=pk,
    )


@login_required
def critical_services(request):
    """The critical services in the viewer's scope with their dependencies: three queries
    (the page, its count, the dependencies of its services), whatever its length."""
    rows = (
        CriticalService.objects.for_user(request.user, VIEW)
        .select_related("unit")
        .prefetch_related("dependencies")
        .order_by("name", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "may_create": CriticalService.objects.may(request.user, CREATE)}
    return render(request, "risks/services.html", context)


@login_required
def critical_service(request, pk: int):
    service = _service(request, pk)
    # The analysis that describes it is named only to those who may know of it.
    analysis = (
        RiskAnalysis.objects.for_user(request.user, VIEW).filter(pk=service.analysis_id).first()
        if service.analysis_id
        else None
    )
    context = {
        "service": service,
        "analysis": analysis,
        "dependencies": list(service.dependencies.order_by("kind", "pk")),
        "may_change": can(request.user, CHANGE, service),
    }
    return render(request, "risks/service.html", context)


@login_required
def service_create(request):
    if not CriticalService.objects.may(request.user, CREATE):
        raise PermissionDenied
    initial = {}
    analysis_id = request.GET.get("analys", "")
    if analysis_id.isascii() and analysis_id.isdigit():
        initial["analysis"] = analysis_id
    form = CriticalServiceForm(request.POST or None, user=request.user, initial=initial)
    created = submit(form, lambda data: services.add_critical_service(by=request.user, **data))
    if created:
        messages.success(request, _("The critical service is saved."))
        return redirect("risks:service", created.pk)
    return render_form(request, "risks/service_form.html", {"form": form})


@login_required
def service_edit(request, pk: int):
    service = _service(request, pk, CHANGE)
    initial = {name: getattr(service, name) for name in SERVICE_FIELDS}
    initial.update(unit=service.unit, version=service.version)
    form = CriticalServiceEditForm(request.POST or None, user=request.user, initial=initial)
    call = lambda data: services.update_critical_service(service, by=request.user, **data)  # noqa: E731
    if submit(form, call):
        messages.success(request, _("The critical service is saved."))
        return redirect("risks:service", service.pk)
    return render_form(request, "risks/service_form.html", {"form": form, "service": service})


@login_required
def dependency_create(request, pk: int):
    service = _service(request, pk, CHANGE)
    form = DependencyForm(request.POST or None)
    if submit(form, lambda data: services.add_dependency(service, by=request.user, **data)):
        messages.success(request, _("The dependency is saved."))
        return redirect("risks:service", service.pk)
    return render_form(request, "risks/dependency_form.html", {"form": form, "service": service})


@login_required
def dependency_edit(request, pk: int):
    dependency = get_object_or_404(
        CriticalDependency.objects.for_user(request.user, CHANGE).select_related("service"), pk=pk
    )
    initial = {"version": dependency.version, "description": dependency.description,
               "backup": dependency.backup,
               "tolerable_outage_hours": dependency.tolerable_outage_hours}  # fmt: skip
    form = DependencyEditForm(request.POST or None, initial=initial)
    call = lambda data: services.update_dependency(dependency, by=request.user, **data)  # noqa: E731
    if submit(form, call):
        messages.success(request, _("The dependency is saved."))
        return redirect("risks:service", dependency.service_id)
    context = {"form": form, "service": dependency.service, "dependency": dependency}
    return render_form(request, "risks/dependency_form.html", context)


# --- crisis preparedness --------------------------------------------------------------------


def preparedness_rows(analysis: RiskAnalysis, forms: dict | None = None) -> list[dict]:
    """The RSA's assessments (`services.preparedness_of`), each with its form when given."""
    rows = services.preparedness_of(analysis)
    if forms is None:
        return rows
    for row in rows:
        assessment = row["assessment"]
        row["form"] = forms.get(row["indicator"].pk) or PreparednessForm(
            initial={"fulfilment": assessment.fulfilment, "comment": assessment.comment,
                     "version": assessment.version} if assessment else {},
            auto_id=f"id_{row['indicator'].pk}_%s",
        )  # fmt: skip
    return rows


def _rsa(request, pk: int, action: str) -> RiskAnalysis:
    analysis = get_object_or_404(
        RiskAnalysis.objects.for_user(request.user, action).select_related("matrix"), pk=pk
    )
    if analysis.kind != AnalysisKind.REGIONAL_RSA:
        raise Http404
    return analysis


def _preparedness_page(request, analysis, forms=None):
    may_change = can(request.user, CHANGE, analysis) and analysis.status != AnalysisStatus.ARCHIVED
    context = {
        "analysis": analysis,
        "rows": preparedness_rows(analysis, (forms or {}) if may_change else None),
        "may_change": may_change,
    }
    status = form_status(*(forms or {}).values())
    return render(request, "risks/preparedness.html", context, status=status)


@login_required
def preparedness(request, pk: int):
    """The RSA's assessment of crisis preparedness against the region's indicators."""
    analysis = _rsa(request, pk, CONTENT)
    services.log_read(analysis)
    return _preparedness_page(request, analysis)


@login_required
@require_POST
def preparedness_assess(request, pk: int, indicator: int):
    analysis = _rsa(request, pk, CHANGE)
    row = get_object_or_404(PreparednessIndicator.objects.filter(is_active=True), pk=indicator)
    form = PreparednessForm(request.POST, auto_id=f"id_{row.pk}_%s")
    call = lambda data: services.assess_preparedness(  # noqa: E731
        analysis, by=request.user, indicator=row, **data
    )
    if submit(form, call):
        messages.success(request, _("The assessment is saved."))
        return redirect("risks:preparedness", analysis.pk)
    return _preparedness_page(request, analysis, {row.pk: form})


# --- the yearly follow-up -------------------------------------------------------------------


@login_required
def follow_up(request, pk: int):
    """Record (or change) the RSA's follow-up of a year of its mandate period."""
    analysis = _rsa(request, pk, CHANGE)
    period = cycle.period_of(analysis.period_start.year)
    existing = {row.year: row for row in analysis.follow_ups.all()}
    year = request.POST.get("year") or request.GET.get("ar") or ""
    year = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None
    if year is None:
        this_year = timezone.localdate().year
        year = min(max(this_year, period.follow_up_years[0]), period.last_year)
    initial = {"year": year}
    if year in existing:
        initial.update(summary=existing[year].summary, version=existing[year].version)
    form = FollowUpForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.record_follow_up(analysis, by=request.user, **data)):
        messages.success(request, _("The follow-up is saved."))
        return redirect(analysis)
    context = {"form": form, "analysis": analysis, "period": period}
    return render_form(request, "risks/follow_up_form.html", context)


# --- the mandate-period cycle ---------------------------------------------------------------


@login_required
def cycle_page(request):
    """The previous, current and next mandate period: each one's RSA and its deadlines. The
    deadlines are the region's (one truth); an RSA is linked for those who may know of it."""
    periods = cycle.around()
    rows = cycle.status(periods)
    visible = set(
        cycle.in_periods(RiskAnalysis.objects.for_user(request.user, VIEW), periods).values_list(
            "pk", flat=True
        )
    )
    context = {"rows": rows, "visible": visible, "today": timezone.localdate(),
               "may_create": RiskAnalysis.objects.may(request.user, CREATE)}  # fmt: skip
    return render(request, "risks/cycle.html", context)


# --- a new matrix version -------------------------------------------------------------------


@login_required
def matrix_move(request, pk: int):
    """Which levels change if the analysis moves to the newest matrix version; moved on
    confirmation (a draft or an analysis in progress only)."""
    analysis = get_object_or_404(
        RiskAnalysis.objects.for_user(request.user, CHANGE).select_related("matrix"), pk=pk
    )
    target = MatrixVersion.objects.current()
    form = MatrixMoveForm(
        request.POST or None, initial={"version": analysis.version, "matrix": target.number}
    )
    if submit(form, lambda data: services.move_to_matrix(analysis, by=request.user, **data)):
        messages.success(request, _("The analysis is assessed under the new version."))
        return redirect(analysis)
    context = {
        "form": form,
        "analysis": analysis,
        "target": target,
        "preview": services.matrix_changes(analysis, target)
        if target.number > analysis.matrix.number
        else None,
        "movable": analysis.status in (AnalysisStatus.DRAFT, AnalysisStatus.IN_PROGRESS),
    }
    return render_form(request, "risks/matrix_move.html", context)
