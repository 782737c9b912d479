"""The risk pages: thin, rows from `for_user()`, every change through a service (`submit`)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can, with_allowed
from sakra.core.exports import export_response
from sakra.core.views import render_form, submit
from sakra.incidents.models import Incident
from sakra.organisation.models import SecurityArea

from .. import heatmap, services
from ..choices import AnalysisKind
from ..filters import RiskFilter
from ..forms import (
    AnalysisEditForm,
    AnalysisForm,
    ApproveForm,
    NoteForm,
    RiskEditForm,
    RiskForm,
    StatusForm,
)
from ..models import CriticalService, MatrixVersion, Risk, RiskAnalysis, ScanningNote
from ..querysets import APPROVE, CONTENT, CREATE

PER_PAGE = 50
#: Incidents of a risk's categories shown on the risk (the newest, from the last year).
INCIDENTS_SHOWN = 20
EXPORT_FORMATS = ("xlsx", "csv")


def _analysis(request, pk: int, action: str = VIEW) -> RiskAnalysis:
    return get_object_or_404(
        RiskAnalysis.objects.for_user(request.user, action).select_related(
            "unit", "site", "area", "matrix", "decision__forum", "approved_by"
        ),
        pk=pk,
    )


def _risk(request, pk: int, action: str = VIEW) -> Risk:
    return get_object_or_404(
        Risk.objects.for_user(request.user, action).select_related(
            "analysis__matrix", "analysis__unit", "area", "owner", "note"
        ),
        pk=pk,
    )


# --- analyses -------------------------------------------------------------------------------


@login_required
def index(request):
    """The analyses in the viewer's scope; a confidential one the viewer may not read shows
    its title and status only. Three queries for the page, whatever its length."""
    rows = with_allowed(
        RiskAnalysis.objects.for_user(request.user, VIEW)
        .select_related("unit", "area")
        .annotate(risk_count=Count("risks")),
        request.user,
        [CONTENT],
    ).order_by("-period_start", "title", "pk")
    # `?approved=2026`: the analyses approved in a year (an indicator's rows).
    approved = request.GET.get("approved", "")
    valid = approved.isascii() and approved.isdigit() and len(approved) == 4
    year = int(approved) if valid else None
    area = request.GET.get("area", "")
    if year is not None:
        rows = rows.filter(approved_at__year=year)
        if area.isascii() and area.isdigit():
            rows = rows.filter(area_id=int(area))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page_obj": page, "may_create": RiskAnalysis.objects.may(request.user, CREATE),
               "approved_year": year,
               "query": query.urlencode() if year else ""}  # fmt: skip
    return render(request, "risks/index.html", context)


@login_required
def analysis(request, pk: int):
    """An analysis: its heat map, risks, critical services and approval. A confidential one's
    content is shown only to its readers, and every such read is logged."""
    analysis = _analysis(request, pk)
    if not can(request.user, CONTENT, analysis):
        return render(request, "risks/analysis_existence.html", {"analysis": analysis})
    services.log_read(analysis)
    risks = list(analysis.risks.select_related("area", "owner").order_by("-current_level", "pk"))
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk.current_likelihood, risk.current_consequence)
        counts[key] = counts.get(key, 0) + 1
    may_change = can(request.user, CHANGE, analysis)
    is_rsa = analysis.kind == AnalysisKind.REGIONAL_RSA
    newer = MatrixVersion.objects.current()
    context = {
        "is_rsa": is_rsa,
        "preparedness": services.preparedness_of(analysis) if is_rsa else [],
        "follow_ups": list(analysis.follow_ups.order_by("year")) if is_rsa else [],
        "newer_matrix": newer if newer.number > analysis.matrix.number else None,
        "analysis": analysis,
        "matrix": analysis.matrix,
        "risks": risks,
        "heat_map": heatmap.build(analysis.matrix, counts, _("Current risk levels")),
        "participants": analysis.participants.order_by("full_name"),
        "services": CriticalService.objects.filter(analysis=analysis)
        .select_related("unit")
        .prefetch_related("dependencies"),
        "problems": services.approval_problems(analysis),
        "stale": services.approval_is_stale(analysis),
        "may_change": may_change,
        "may_approve": can(request.user, APPROVE, analysis),
        "status_form": StatusForm(initial={"version": analysis.version}) if may_change else None,
    }
    return render(request, "risks/analysis.html", context)


@login_required
def analysis_create(request):
    if not RiskAnalysis.objects.may(request.user, CREATE):
        raise PermissionDenied
    today = timezone.localdate()
    form = AnalysisForm(
        request.POST or None,
        user=request.user,
        initial={"period_start": today, "period_end": today.replace(month=12, day=31)},
    )
    created = submit(form, lambda data: services.create_analysis(by=request.user, **data))
    if created:
        messages.success(request, _("The analysis is created as a draft."))
        return redirect(created)
    return render_form(request, "risks/analysis_form.html", {"form": form})


@login_required
def analysis_edit(request, pk: int):
    analysis = _analysis(request, pk, CHANGE)
    fields = ["title", "site", "area", "period_start", "period_end", "is_confidential",
              "method", "responsibility", "preparedness", "vulnerabilities"]  # fmt: skip
    initial = {name: getattr(analysis, name) for name in fields}
    initial.update(version=analysis.version, participants=list(analysis.participants.all()))
    form = AnalysisEditForm(request.POST or None, initial=initial)
    if submit(form, lambda data: services.update_analysis(analysis, by=request.user, **data)):
        messages.success(request, _("The analysis is saved."))
        return redirect(analysis)
    return render_form(request, "risks/analysis_form.html", {"form": form, "analysis": analysis})


@login_required
@require_POST
def analysis_status(request, pk: int):
    analysis = _analysis(request, pk, CHANGE)
    form = StatusForm(request.POST)
    if submit(form, lambda data: services.change_status(analysis, by=request.user, **data)):
        messages.success(request, _("The status is changed."))
        return redirect(analysis)
    return render_form(request, "risks/status_form.html", {"form": form, "analysis": analysis})


@login_required
def analysis_approve(request, pk: int):
    """Approve with the forum's decision; the page lists what stands in the way."""
    analysis = _analysis(request, pk, APPROVE)
    form = ApproveForm(
        request.POST or None,
        initial={"version": analysis.version, "decided_on": timezone.localdate()},
    )
    if submit(form, lambda data: services.approve_analysis(analysis, by=request.user, **data)):
        messages.success(request, _("The analysis is approved."))
        return redirect(analysis)
    context = {"form": form, "analysis": analysis,
               "problems": services.approval_problems(analysis)}  # fmt: skip
    return render_form(request, "risks/approve_form.html", context)


# --- risks ------------------------------------------------------------------------------------


def _risk_rows(request):
    filter_form = RiskFilter(request.GET)
    rows = filter_form.apply(Risk.objects.for_user(request.user, VIEW).for_list(), request.user)
    return filter_form, rows.order_by("-current_level", "title", "pk")


@login_required
def risks(request):
    """The risk register in the viewer's scope with filters; confidential rows' reads logged."""
    filter_form, rows = _risk_rows(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    services.log_reads(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filter_form, "page_obj": page, "query": query.urlencode(),
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "risks/risks.html", context)


@login_required
def risks_export(request, fmt: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _filter, rows = _risk_rows(request)
    rows = list(rows[:10000])
    services.log_reads(request.user, rows)
    headers = [_("Title"), _("Analysis"), _("Unit"), _("Security area"), _("Inherent level"),
               _("Current level"), _("Residual level"), _("Treatment"), _("Owner"),
               _("Review date")]  # fmt: skip
    return export_response(
        fmt, name="risker", sheet=_("Risks"), headers=headers,
        rows=(
            [risk.title, risk.analysis.title, risk.analysis.unit.name, str(risk.area),
             risk.inherent_level, risk.current_level, risk.residual_level or "",
             risk.get_treatment_display(), risk.owner.full_name, risk.review_date]
            for risk in rows
        ),
    )  # fmt: skip


@login_required
def risk(request, pk: int):
    """A risk: its three assessments, treatment, actions, and the incidents of its categories
    in the last year (a reason to revisit it)."""
    risk = _risk(request, pk)
    services.log_read(risk.analysis)
    matrix = risk.analysis.matrix
    since = timezone.now() - datetime.timedelta(days=365)
    categories = list(risk.categories.all())
    incidents = (
        Incident.objects.for_user(request.user, VIEW)
        .filter(category__in=categories, occurred_at__gte=since)
        .select_related("category", "unit")
        .order_by("-occurred_at", "pk")
    )
    assessments = [
        (_("Inherent"), risk.inherent_likelihood, risk.inherent_consequence, risk.inherent_level),
        (_("Current"), risk.current_likelihood, risk.current_consequence, risk.current_level),
        (_("Residual (planned)"), risk.residual_likelihood, risk.residual_consequence,
         risk.residual_level),
    ]  # fmt: skip
    context = {
        "risk": risk,
        "matrix": matrix,
        "assessments": [
            {
                "title": title,
                "likelihood": matrix.likelihood_labels[lik - 1] if lik else "",
                "consequence": matrix.consequence_labels[con - 1] if con else "",
                "level": level,
                "label": matrix.level_label(level),
                "acceptable": matrix.is_acceptable(level),
            }
            for title, lik, con, level in assessments
        ],
        "categories": categories,
        "incidents": incidents[:INCIDENTS_SHOWN],
        "incident_count": incidents.count() if categories else 0,
        "may_change": can(request.user, CHANGE, risk),
        "today": timezone.localdate(),
    }
    return render(request, "risks/risk.html", context)


@login_required
def risk_create(request, pk: int):
    """A new risk in the analysis; `?note=<id>` starts it from a scanning note."""
    analysis = _analysis(request, pk, CHANGE)
    note = None
    note_id = request.GET.get("note", "")
    if note_id.isascii() and note_id.isdigit():
        note = ScanningNote.objects.for_user(request.user, VIEW).filter(pk=note_id).first()
    initial = {"owner": request.user, "area": analysis.area}
    if note is not None:
        initial.update(title=note.source, scenario=note.summary)
    form = RiskForm(request.POST or None, matrix=analysis.matrix, initial=initial)
    created = submit(
        form, lambda data: services.create_risk(analysis, by=request.user, note=note, **data)
    )
    if created:
        messages.success(request, _("The risk is added."))
        return redirect(created)
    context = {"form": form, "analysis": analysis, "note": note}
    return render_form(request, "risks/risk_form.html", context)


@login_required
def risk_edit(request, pk: int):
    risk = _risk(request, pk, CHANGE)
    names = ["title", "area", "scenario", "cause", "consequences", "treatment", "justification",
             "acceptance_expires", "owner", "review_date"] + [
        f"{step}_{axis}" for step in services.STEPS for axis in ("likelihood", "consequence")
    ]  # fmt: skip
    initial = {name: getattr(risk, name) for name in names}
    initial.update(version=risk.version, categories=list(risk.categories.all()))
    form = RiskEditForm(request.POST or None, matrix=risk.analysis.matrix, initial=initial)
    if submit(form, lambda data: services.update_risk(risk, by=request.user, **data)):
        messages.success(request, _("The risk is saved."))
        return redirect(risk)
    context = {"form": form, "analysis": risk.analysis, "risk": risk}
    return render_form(request, "risks/risk_form.html", context)


@login_required
def heat_map(request):
    """The region's heat map, per area: every risk of the analyses the viewer may know of is
    counted (confidential ones too, as numbers only); none is listed here."""
    area = None
    area_id = request.GET.get("area", "")
    if area_id.isascii() and area_id.isdigit():
        area = SecurityArea.objects.filter(pk=area_id).first()
    rows = Risk.objects.filter(
        analysis__in=RiskAnalysis.objects.for_user(request.user, VIEW).open().values("pk")
    )
    if area is not None:
        rows = rows.filter(area=area)
    matrix = MatrixVersion.objects.current()
    title = str(area) if area else _("All security areas")
    context = {
        "heat_map": heatmap.build(matrix, heatmap.counts(rows), title),
        "areas": SecurityArea.objects.active(),
        "area": area,
        "matrix": matrix,
    }
    return render(request, "risks/heat_map.html", context)


# --- environmental scanning -----------------------------------------------------------------


@login_required
def notes(request):
    rows = (
        ScanningNote.objects.for_user(request.user, VIEW)
        .select_related("created_by")
        .prefetch_related("areas")
        .annotate(risk_count=Count("risks"))
        .order_by("-noted_on", "-pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    analyses = (
        RiskAnalysis.objects.for_user(request.user, CHANGE).open().order_by("-period_start")[:20]
        if ScanningNote.objects.may(request.user, CREATE)
        else []
    )
    context = {"page_obj": page, "may_create": ScanningNote.objects.may(request.user, CREATE),
               "analyses": analyses}  # fmt: skip
    return render(request, "risks/notes.html", context)


@login_required
def note_create(request):
    if not ScanningNote.objects.may(request.user, CREATE):
        raise PermissionDenied
    form = NoteForm(request.POST or None, initial={"noted_on": timezone.localdate()})
    if submit(form, lambda data: services.create_note(by=request.user, **data)):
        messages.success(request, _("The note is saved."))
        return redirect("risks:notes")
    return render_form(request, "risks/note_form.html", {"form": form})


@login_required
def report(request, pk: int, fmt: str):
    """The analysis's report (for the RSA: the eight parts of MSBFS 2015:4) as PDF or DOCX."""
    from .. import report as rsa_report

    analysis = _analysis(request, pk, CONTENT)
    services.log_read(analysis)
    data = rsa_report.gather(analysis)
    if fmt == "pdf":
        return rsa_report.pdf_response(request, data)
    if fmt == "docx":
        return rsa_report.docx_response(data)
    raise Http404
