"""The annual report's pages, thin: rows from for_user(), changes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import VIEW
from sakra.core.exports import filename
from sakra.core.prints import newest
from sakra.core.views import print_job as core_print_job
from sakra.core.views import render_form, submit

from . import output, prints, services
from .choices import ChapterStatus, ReportStatus
from .forms import CreateForm, DecisionForm, NarrativeForm, SummaryForm
from .models import AnnualReport, Chapter
from .querysets import APPROVE, WRITE

CONTENT_TYPES = {"pdf": "application/pdf", "docx": output.DOCX, "xlsx": output.XLSX}


def _report(request, pk: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.for_user(request.user, VIEW).select_related(
            "administration", "decision", "decision__forum", "previous"
        ),
        pk=pk,
    )


@login_required
def index(request):
    if not AnnualReport.objects.may(request.user):
        raise PermissionDenied
    may_create = AnnualReport.objects.may(request.user, APPROVE)
    form = CreateForm(request.POST if request.method == "POST" and may_create else None)
    if request.method == "POST" and not may_create:
        raise PermissionDenied
    report = submit(form, lambda data: services.create_report(by=request.user, **data))
    if report:
        messages.success(request, _("The draft report was created."))
        return redirect(report)
    reports = AnnualReport.objects.for_user(request.user).select_related("administration")
    return render_form(
        request, "reports/index.html", {"reports": reports, "form": form if may_create else None}
    )


@login_required
def detail(request, pk: int):
    report = _report(request, pk)
    facts = services.current_facts(report)
    chapters = list(report.chapters.select_related("area", "submitted_by"))
    writable = set(
        Chapter.objects.for_user(request.user, WRITE)
        .filter(report=report)
        .values_list("pk", flat=True)
    )
    for chapter in chapters:
        chapter.writable = chapter.pk in writable and report.status == ReportStatus.DRAFT
    may_approve = AnnualReport.objects.for_user(request.user, APPROVE).filter(pk=report.pk).exists()
    context = output.context(report, facts, chapters)
    context.update(
        {
            "chapters": chapters,
            "may_approve": may_approve,
            "problems": services.approval_problems(report)
            if report.status == ReportStatus.DRAFT
            else [],
            "newer": AnnualReport.objects.filter(previous=report).first(),
            "job": newest(prints.ANNUAL_REPORT, report),
            "summary_form": SummaryForm(
                initial={
                    "version": report.version,
                    "summary": report.summary,
                    "conclusions": report.conclusions,
                }
            ),
            "decision_form": DecisionForm(initial={"version": report.version}),
            "submitted": ChapterStatus.SUBMITTED,
        }
    )
    return render(request, "reports/detail.html", context)


@login_required
def chapter(request, pk: int):
    """The area owner writes the chapter's narrative beside its facts, and submits it."""
    row = get_object_or_404(
        Chapter.objects.for_user(request.user, WRITE).select_related("report", "area"), pk=pk
    )
    form = NarrativeForm(
        request.POST or None, initial={"version": row.version, "narrative": row.narrative}
    )
    call = services.submit_chapter if "submit" in request.POST else None

    def save(data):
        written = services.write_chapter(
            row, by=request.user, version=data["version"], narrative=data["narrative"]
        )
        if call:
            written = call(written, by=request.user, version=written.version)
        return written

    if submit(form, save):
        messages.success(request, _("The chapter was submitted.") if call else _("Saved."))
        return redirect(row.report)
    facts = services.current_facts(row.report)
    item = next((c for c in facts["chapters"] if c["area_id"] == row.area_id), None)
    context = {"chapter": row, "form": form, "report": row.report, "facts": facts}
    if item is not None:
        context["item"] = output.context(row.report, {**facts, "chapters": [item]}, [row])["items"][
            0
        ]
    return render_form(request, "reports/chapter.html", context)


def _chief_report(request, pk: int) -> AnnualReport:
    report = _report(request, pk)
    if not AnnualReport.objects.for_user(request.user, APPROVE).filter(pk=pk).exists():
        raise PermissionDenied
    return report


@login_required
@require_POST
def summary(request, pk: int):
    report = _chief_report(request, pk)
    form = SummaryForm(request.POST)
    if submit(form, lambda data: services.write_summary(report, by=request.user, **data)):
        messages.success(request, _("Saved."))
        return redirect(report)
    return render_form(request, "reports/form.html", {"form": form, "report": report})


@login_required
@require_POST
def approve(request, pk: int):
    report = _chief_report(request, pk)
    form = SummaryForm(request.POST)  # only its version is read
    form.fields["summary"].required = form.fields["conclusions"].required = False
    if submit(
        form, lambda data: services.approve_report(report, by=request.user, version=data["version"])
    ):
        messages.success(request, _("The report was approved; its figures are frozen."))
        return redirect(report)
    return render_form(request, "reports/form.html", {"form": form, "report": report})


@login_required
@require_POST
def decision(request, pk: int):
    report = _chief_report(request, pk)
    form = DecisionForm(request.POST)

    def record(data):
        assignments = []
        if data.get("assignment"):
            assignments.append(
                services.Assignment(
                    data["assignment"], data["assignment_owner"], data["assignment_due"]
                )
            )
        return services.record_board_decision(
            report,
            by=request.user,
            version=data["version"],
            forum=data["forum"],
            decided_on=data["decided_on"],
            paragraph=data["paragraph"],
            registry_number=data["registry_number"],
            text=data["text"],
            assignments=assignments,
            recipient_units=list(data["recipient_units"]),
            recipient_role=data["recipient_role"],
        )

    if submit(form, record):
        messages.success(request, _("The board's decision was recorded."))
        return redirect(report)
    return render_form(request, "reports/form.html", {"form": form, "report": report})


@login_required
@require_POST
def new_version(request, pk: int):
    report = _chief_report(request, pk)
    form = SummaryForm(request.POST)
    new = submit(
        form,
        lambda data: services.start_new_version(report, by=request.user, version=data["version"]),
    )
    if new:
        messages.success(request, _("A new version was started; the approved one is kept."))
        return redirect(new)
    return render_form(request, "reports/form.html", {"form": form, "report": report})


@login_required
def download(request, pk: int, fmt: str):
    """The report as DOCX or XLSX at once; the PDF comes from the worker (`print`)."""
    report = _report(request, pk)
    facts = services.current_facts(report)
    if fmt == "docx":
        content = output.docx(report, facts, list(report.chapters.select_related("area")))
    elif fmt == "xlsx":
        content = output.xlsx(facts)
    else:
        raise Http404
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = filename(f"sakerhetsberattelse-{report.year}", fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def print_job(request, pk: int):
    """POST: ask the worker for the PDF. GET: its progress (core's fragment, polled by htmx)."""
    report = _report(request, pk)
    return core_print_job(request, prints.ANNUAL_REPORT, report, url=request.path)
