"""SBA's pages: thin, rows from `for_user()`, every change through a service (`submit`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.pdf import pdf_response
from sakra.core.views import form_status, render_form, stored_file, submit

from . import followup, services
from .choices import OPEN_ROUND_STATUSES, RemarkStatus, RoundStatus
from .filters import RemarkFilter, RoundFilter
from .forms import (
    AssignmentForm,
    ChecklistForm,
    CommentForm,
    ControlPointForm,
    DocumentCreateForm,
    DocumentForm,
    EndAssignmentForm,
    InspectionForm,
    RemarkForm,
    RemarkStatusForm,
    RoundForm,
)
from .models import (
    SECTION_FIELDS,
    SECTIONS,
    ChecklistTemplate,
    FireDocument,
    FireInspection,
    Remark,
    Round,
    RoundResult,
    SiteAssignment,
)
from .querysets import EDIT_TEMPLATES, INSPECT

PER_PAGE = 50


def _year(request) -> int:
    text = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return (
        int(text)
        if text.isascii() and text.isdigit() and 2000 <= int(text) <= this_year
        else this_year
    )


# --- the sites' binders ------------------------------------------------------------------------


@login_required
def index(request):
    """The binders in scope, each with what waits at its site: one query for the page."""
    today = timezone.localdate()
    rows = (
        FireDocument.objects.for_user(request.user, VIEW)
        .select_related("site", "unit", "responsible")
        .annotate(
            rounds_due=Count(
                "rounds",
                filter=Q(rounds__status__in=OPEN_ROUND_STATUSES, rounds__period_start__lte=today),
            ),
            rounds_overdue=Count(
                "rounds",
                filter=Q(rounds__status__in=OPEN_ROUND_STATUSES, rounds__due_date__lt=today),
            ),
        )
        .order_by("site__name", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "today": today,
        "may_create": FireDocument.objects.may(request.user, CHANGE),
    }
    return render(request, "fire_safety/index.html", context)


@login_required
def document_create(request):
    """A new site's binder, for a unit in the person's scope; its sections are written next."""
    if not FireDocument.objects.may(request.user, CHANGE):
        raise PermissionDenied(_("You may not keep fire-protection documentation."))
    form = DocumentCreateForm(request.POST or None)
    document = submit(form, lambda data: services.create_document(by=request.user, **data))
    if document:
        messages.success(request, _("The documentation is created. Write its sections now."))
        return redirect("fire_safety:document-edit", pk=document.pk)
    return render_form(request, "fire_safety/document_create.html", {"form": form})


def _document(request, pk, action=VIEW):
    return get_object_or_404(
        FireDocument.objects.for_user(request.user, action).select_related(
            "site", "unit", "area", "responsible"
        ),
        pk=pk,
    )


@login_required
def document(request, pk: int):
    """A site's binder: its sections, control plan, rounds, inspections and assignments."""
    document = _document(request, pk)
    today = timezone.localdate()
    rounds = (
        Round.objects.for_user(request.user, VIEW)
        .filter(document=document, period_start__lte=today)
        .exclude(status=RoundStatus.CANCELLED)
        .select_related("control_point", "assigned_to")
        .order_by("-due_date", "pk")[:20]
    )
    context = {
        "document": document,
        "may_change": can(request.user, CHANGE, document),
        "points": document.control_points.filter(is_active=True).select_related(
            "checklist", "performer"
        ),
        "rounds": rounds,
        "inspections": document.inspections.annotate(
            open_remarks=Count("remarks", filter=Q(remarks__status=RemarkStatus.OPEN)),
            past_deadline=Count(
                "remarks",
                filter=Q(remarks__status=RemarkStatus.OPEN, remarks__deadline__lt=today),
            ),
        ).order_by("-date", "-pk")[:10],
        "assignments": document.site.fire_assignments.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        ).select_related("user"),
        "versions": document.versions.select_related("changed_by")[:5],
        "today": today,
    }
    return render(request, "fire_safety/document.html", context)


@login_required
def document_pdf(request, pk: int):
    """The binder as a PDF, to print and keep at the site (Rutin Brandskyddspärmen)."""
    document = _document(request, pk)
    today = timezone.localdate()
    context = {
        "document": document,
        "sections": [(heading, getattr(document, name)) for name, heading in SECTIONS],
        "points": document.control_points.filter(is_active=True).select_related(
            "checklist", "performer"
        ),
        "assignments": document.site.fire_assignments.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        ).select_related("user"),
        "inspections": document.inspections.order_by("-date", "-pk")[:5],
        "today": today,
    }
    return pdf_response(
        "fire_safety/binder_pdf.html", context, request=request,
        name=f"brandskyddsparm-{document.site.code or document.pk}",
    )  # fmt: skip


@login_required
def document_edit(request, pk: int):
    document = _document(request, pk, CHANGE)
    initial = {name: getattr(document, name) for name in SECTION_FIELDS}
    form = DocumentForm(
        request.POST or None,
        initial={**initial, "next_review": document.next_review, "version": document.version},
    )
    if submit(
        form,
        lambda data: services.update_document(document, by=request.user, **data),
    ):
        messages.success(request, _("The documentation is saved as a new version."))
        return redirect(document)
    return render_form(
        request, "fire_safety/document_form.html", {"document": document, "form": form}
    )


@login_required
def control_point_add(request, pk: int):
    document = _document(request, pk, CHANGE)
    form = ControlPointForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if submit(form, lambda data: services.add_control_point(document, by=request.user, **data)):
        messages.success(request, _("The control point is added to the control plan."))
        return redirect(document)
    return render_form(
        request, "fire_safety/control_point_form.html", {"document": document, "form": form}
    )


@login_required
def assignments(request, pk: int):
    """The site's fire safety coordinator, deputies and controllers, past and present; those who
    keep the binder add one here."""
    document = _document(request, pk)
    may_change = can(request.user, CHANGE, document)
    form = AssignmentForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("You may not change this documentation."))
    if may_change and submit(
        form, lambda data: services.assign_person(document, by=request.user, **data)
    ):
        messages.success(request, _("The assignment is saved."))
        return redirect("fire_safety:assignments", pk=document.pk)
    rows = (
        SiteAssignment.objects.filter(site=document.site_id)
        .select_related("user")
        .order_by("-valid_from", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "document": document,
        "page_obj": page,
        "form": form if may_change else None,
        "may_change": may_change,
        "today": timezone.localdate(),
    }
    return render(request, "fire_safety/assignments.html", context, status=form_status(form))


@login_required
def assignment_end(request, pk: int):
    """Asks before ending an assignment, with the last day it holds (today by default)."""
    assignment = get_object_or_404(
        SiteAssignment.objects.for_user(request.user, CHANGE).select_related(
            "user", "site__fire_document"
        ),
        pk=pk,
    )
    document = assignment.site.fire_document
    form = EndAssignmentForm(
        request.POST or None,
        initial={"version": assignment.version, "valid_to": timezone.localdate()},
    )
    if submit(form, lambda data: services.end_assignment(assignment, by=request.user, **data)):
        messages.success(request, _("The assignment is ended."))
        return redirect("fire_safety:assignments", pk=document.pk)
    context = {"form": form, "assignment": assignment, "document": document}
    return render_form(request, "fire_safety/assignment_end.html", context)


# --- self-inspection rounds --------------------------------------------------------------------


@login_required
def rounds(request):
    """Rounds due, overdue or done, in the viewer's scope: one query for the page and one count."""
    filter_form = RoundFilter(request.GET)
    rows = filter_form.apply(
        Round.objects.for_user(request.user, VIEW).with_related(), request.user
    ).order_by("due_date", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fire_safety/rounds.html",
        {
            "filter": filter_form,
            "page_obj": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
def round_detail(request, pk: int):
    """The round on a phone: record, pause, finish; a finished round takes comments only."""
    round_ = get_object_or_404(
        Round.objects.for_user(request.user, VIEW)
        .with_related()
        .select_related("control_point__checklist", "document__unit"),
        pk=pk,
    )
    may_do = can(request.user, INSPECT, round_)
    may_inspect = round_.is_open and may_do
    results = {result.item_id: result for result in round_.results.select_related("action")}
    items = [
        item
        for item in round_.control_point.checklist.items.all()
        if item.is_active or item.pk in results
    ]
    form = None
    if may_inspect:
        form = RoundForm(
            request.POST if request.method == "POST" else None,
            request.FILES or None,
            items=items,
            results=results,
            initial={"version": round_.version, "note": round_.note},
        )
        finish = "finish" in request.POST
        done = submit(
            form,
            lambda data: services.record_round(
                round_,
                by=request.user,
                version=data["version"],
                results=form.entries(),
                performed_on=data["performed_on"],
                finish=finish,
                note=data["note"],
            ),
        )
        if done:
            messages.success(
                request,
                _("The round is finished.") if finish else _("Saved. You can go on later."),
            )
            return redirect(done)
    elif request.method == "POST":
        raise PermissionDenied(_("This round cannot be changed."))
    context = {
        "round": round_,
        "form": form,
        "results": [(item, results.get(item.pk)) for item in items],
        "comments": round_.comments.select_related("author"),
        "comment_form": CommentForm() if may_do else None,
        "today": timezone.localdate(),
    }
    return render(request, "fire_safety/round.html", context, status=form_status(form))


@login_required
@require_POST
def round_comment(request, pk: int):
    round_ = get_object_or_404(Round.objects.for_user(request.user, VIEW), pk=pk)
    if not can(request.user, INSPECT, round_):
        raise PermissionDenied(_("You may not comment on this round."))
    form = CommentForm(request.POST)
    if submit(form, lambda data: services.comment_round(round_, by=request.user, **data)):
        return redirect(round_)
    return render_form(request, "fire_safety/comment_form.html", {"round": round_, "form": form})


@never_cache
@login_required
def photo(request, pk: int):
    result = get_object_or_404(RoundResult.objects.for_user(request.user, VIEW), pk=pk)
    extension = "png" if result.photo_type == "image/png" else "jpg"
    return stored_file(
        result.photo, filename=f"foto-{result.pk}.{extension}", content_type=result.photo_type
    )


# --- the rescue service's inspections ------------------------------------------------------------


@login_required
def inspections(request):
    """Remarks of the inspections in scope, open first, deadlines flagged."""
    filter_form = RemarkFilter(request.GET)
    rows = filter_form.apply(
        Remark.objects.for_user(request.user, VIEW).select_related("inspection__document__site")
    ).order_by("status", "deadline", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fire_safety/inspections.html",
        {"filter": filter_form, "page_obj": page, "query": query.urlencode()},
    )


@login_required
def inspection_add(request, pk: int):
    document = _document(request, pk, CHANGE)
    form = InspectionForm(request.POST or None, request.FILES or None)
    inspection = submit(
        form, lambda data: services.record_inspection(document, by=request.user, **data)
    )
    if inspection:
        messages.success(request, _("The inspection is recorded. Add its remarks below."))
        return redirect(inspection)
    return render_form(
        request, "fire_safety/inspection_form.html", {"document": document, "form": form}
    )


@login_required
def inspection(request, pk: int):
    inspection = get_object_or_404(
        FireInspection.objects.for_user(request.user, VIEW).select_related(
            "document__site", "recorded_by"
        ),
        pk=pk,
    )
    may_change = can(request.user, CHANGE, inspection)
    form = RemarkForm(request.POST or None) if may_change else None
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("You may not change this inspection."))
    if form is not None and submit(
        form,
        lambda data: services.add_remark(
            inspection, by=request.user, entry=services.RemarkIn(**data)
        ),
    ):
        messages.success(request, _("The remark is recorded."))
        return redirect(inspection)
    context = {
        "inspection": inspection,
        "remarks": [
            (
                remark,
                RemarkStatusForm(
                    initial={"status": remark.status, "version": remark.version},
                    prefix=f"r{remark.pk}",
                ),
            )
            for remark in inspection.remarks.all()
        ],
        "may_change": may_change,
        "form": form,
    }
    return render(request, "fire_safety/inspection.html", context, status=form_status(form))


@login_required
@require_POST
def remark_status(request, pk: int):
    remark = get_object_or_404(
        Remark.objects.for_user(request.user, VIEW).select_related("inspection"), pk=pk
    )
    if not can(request.user, CHANGE, remark):
        raise PermissionDenied(_("You may not change this remark."))
    form = RemarkStatusForm(request.POST, prefix=f"r{remark.pk}")
    if submit(
        form,
        lambda data: services.set_remark_status(
            remark,
            by=request.user,
            version=data["version"],
            status=data["status"],
            note=data["status_note"],
        ),
    ):
        messages.success(request, _("The remark's status is saved."))
        return redirect(remark)
    return render_form(request, "fire_safety/remark_form.html", {"remark": remark, "form": form})


@never_cache
@login_required
def report(request, pk: int):
    inspection = get_object_or_404(FireInspection.objects.for_user(request.user, VIEW), pk=pk)
    return stored_file(
        inspection.report, filename=f"tillsyn-{inspection.pk}.pdf", content_type="application/pdf"
    )


# --- follow-up and checklists -----------------------------------------------------------------


@login_required
def follow_up(request):
    year = _year(request)
    by_site = followup.lines(request.user, year, "site")
    by_administration = followup.lines(request.user, year, "administration")
    context = {
        "year": year,
        "years": range(timezone.localdate().year, 2018, -1),
        "by_site": by_site,
        "by_administration": by_administration,
        "total": followup.total(_("All in your scope"), by_administration),
    }
    return render(request, "fire_safety/follow_up.html", context)


@login_required
def checklists(request):
    rows = (
        ChecklistTemplate.objects.for_user(request.user, VIEW)
        .annotate(item_count=Count("items", filter=Q(items__is_active=True)))
        .order_by("name", "pk")
    )
    return render(request, "fire_safety/checklists.html", {"checklists": rows})


@login_required
def checklist(request, pk: int):
    template = get_object_or_404(ChecklistTemplate.objects.for_user(request.user, VIEW), pk=pk)
    items = template.items.filter(is_active=True)
    if not can(request.user, EDIT_TEMPLATES, template):
        if request.method == "POST":
            raise PermissionDenied(_("Only the area's owner may edit its checklists."))
        return render(request, "fire_safety/checklist.html", {"template": template, "items": items})
    form = ChecklistForm(
        request.POST or None,
        initial={
            "name": template.name,
            "items": "\n".join(item.text for item in items),
            "version": template.version,
        },
    )
    if submit(
        form,
        lambda data: services.update_checklist(
            template, by=request.user, version=data["version"], name=data["name"],
            items=form.item_lines(),
        ),
    ):  # fmt: skip
        messages.success(request, _("The checklist is saved."))
        return redirect("fire_safety:checklist", pk=template.pk)
    return render_form(
        request, "fire_safety/checklist.html", {"template": template, "items": items, "form": form}
    )
