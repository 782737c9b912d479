"""The planning dialogue, assignments from state authorities, indicator snapshots and the
budget summary: thin pages, rows from `for_user()`, every change through a service."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.validation import parse_id
from sakra.core.views import submit

from .. import services
from ..choices import PlanningState, SubmissionStatus
from ..forms import (
    AgreePlanForm,
    AssignmentForm,
    AssignmentStatusForm,
    CommentPlanForm,
    SnapshotForm,
    SubmitPlanForm,
)
from ..models import IndicatorSnapshot, PlanSubmission, StateAssignment
from ..querysets import RECORD, REVIEW, SNAPSHOT, SUBMIT
from . import PER_PAGE, _form_page


def _year(request, default: int) -> int:
    year = parse_id(request.GET.get("ar"))
    return year if year is not None and 2000 <= year <= 2100 else default


# --- the planning dialogue ---------------------------------------------------------------


@login_required
def planning(request):
    """Each administration's plan for the year and where it stands in the dialogue."""
    year = _year(request, timezone.localdate().year)
    rows = services.planning_overview(request.user, year)
    counts = Counter(row.state for row in rows)
    context = {
        "year": year,
        "previous": year - 1,
        "next": year + 1,
        "rows": rows,
        "counts": [(state.label, counts[state]) for state in PlanningState if counts[state]],
    }
    return render(request, "governance/planning.html", context)


@login_required
def planning_submit(request, pk: int):
    """Submit an administration's plan (again, after the board's comment)."""
    from sakra.actions.models import AnnualPlan

    plans = AnnualPlan.objects.for_user(request.user, VIEW).filter(
        administration__in=PlanSubmission.objects.units_for(request.user, SUBMIT)
    )
    plan = get_object_or_404(plans.select_related("administration"), pk=pk)
    existing = PlanSubmission.objects.filter(plan=plan).first()
    initial = {"version": existing.version, "note": existing.note} if existing else {}
    form = SubmitPlanForm(request.POST or None, initial=initial)
    row = submit(form, lambda data: services.submit_plan(plan, by=request.user, **data))
    if row:
        messages.success(request, _("The plan is submitted to the security board."))
        return redirect(row)
    return _form_page(
        request,
        form,
        title=_("Submit the plan to the planning dialogue"),
        back=plan,
        intro=_("The security board's comment: {comment}").format(comment=existing.board_comment)
        if existing and existing.board_comment
        else "",
    )


def _submission(request, pk, action=VIEW):
    return get_object_or_404(
        PlanSubmission.objects.for_user(request.user, action).select_related(
            "plan__administration", "submitted_by", "commented_by", "agreed_by", "decision"
        ),
        pk=pk,
    )


@login_required
def submission(request, pk: int):
    row = _submission(request, pk)
    may_review = row.status != SubmissionStatus.AGREED and can(request.user, REVIEW, row)
    may_resubmit = (
        row.status == SubmissionStatus.COMMENTED
        and PlanSubmission.objects.units_for(request.user, SUBMIT)
        .filter(pk=row.plan.administration_id)
        .exists()
    )
    context = {"submission": row, "may_review": may_review, "may_resubmit": may_resubmit}
    return render(request, "governance/submission.html", context)


@login_required
def submission_comment(request, pk: int):
    row = _submission(request, pk, REVIEW)
    form = CommentPlanForm(
        request.POST or None, initial={"version": row.version, "comment": row.board_comment}
    )
    if submit(form, lambda data: services.comment_plan(row, by=request.user, **data)):
        messages.success(request, _("The comment is sent to the administration."))
        return redirect(row)
    return _form_page(request, form, title=_("Comment on the plan"), back=row)


@login_required
def submission_agree(request, pk: int):
    row = _submission(request, pk, REVIEW)
    form = AgreePlanForm(request.POST or None, initial={"version": row.version})
    if submit(form, lambda data: services.agree_plan(row, by=request.user, **data)):
        messages.success(request, _("The plan is agreed."))
        return redirect(row)
    return _form_page(request, form, title=_("Agree the plan"), back=row)


# --- requirements and assignments from state authorities ---------------------------------


@login_required
def assignments(request):
    rows = StateAssignment.objects.for_user(request.user, VIEW).select_related(
        "administration", "area", "responsible"
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "today": timezone.localdate(),
        "may_add": StateAssignment.objects.may(request.user, RECORD),
    }
    return render(request, "governance/assignments.html", context)


@login_required
def assignment_create(request):
    from ..forms import _administrations

    units = StateAssignment.objects.units_for(request.user, RECORD).filter(
        pk__in=_administrations().values("pk")
    )
    if not units.exists():
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, units=units)
    row = submit(form, lambda data: services.record_assignment(by=request.user, **data))
    if row:
        messages.success(request, _("The assignment is recorded."))
        return redirect(row)
    return _form_page(request, form, title=_("New assignment from a state authority"), back=None)


def _assignment(request, pk, action=VIEW):
    return get_object_or_404(
        StateAssignment.objects.for_user(request.user, action).select_related(
            "administration", "area", "responsible"
        ),
        pk=pk,
    )


@login_required
def assignment(request, pk: int):
    row = _assignment(request, pk)
    context = {"assignment": row, "may_change": can(request.user, CHANGE, row)}
    return render(request, "governance/assignment.html", context)


@login_required
def assignment_update(request, pk: int):
    row = _assignment(request, pk, CHANGE)
    form = AssignmentStatusForm(
        request.POST or None,
        initial={"version": row.version, "status": row.status, "note": row.status_note},
    )
    if submit(form, lambda data: services.update_assignment(row, by=request.user, **data)):
        messages.success(request, _("The status is saved."))
        return redirect(row)
    return _form_page(request, form, title=_("Status of the assignment"), back=row)


# --- snapshots of the indicators ---------------------------------------------------------


@login_required
def snapshots(request):
    """A year's snapshot of the computed indicators, as its report read them."""
    years = services.snapshot_years()
    year = _year(request, years[0] if years else timezone.localdate().year)
    rows = IndicatorSnapshot.objects.for_user(request.user, VIEW).filter(year=year)
    may_take = IndicatorSnapshot.objects.may_region_wide(request.user, SNAPSHOT)
    context = {
        "year": year,
        "years": years,
        "rows": rows,
        "form": SnapshotForm(initial={"year": timezone.localdate().year}) if may_take else None,
    }
    return render(request, "governance/snapshots.html", context)


@login_required
@require_POST
def snapshot_take(request):
    if not IndicatorSnapshot.objects.may_region_wide(request.user, SNAPSHOT):
        raise PermissionDenied
    form = SnapshotForm(request.POST)
    written = submit(form, lambda data: services.take_snapshot(by=request.user, **data))
    if written is not None:
        messages.success(
            request,
            _("{count} indicators are kept for {year}.").format(
                count=written, year=form.cleaned_data["year"]
            ),
        )
        return redirect(f"{reverse('governance:snapshots')}?ar={form.cleaned_data['year']}")
    return _form_page(request, form, title=_("Take a snapshot of the indicators"), back=None)


# --- the budget process ------------------------------------------------------------------


@login_required
def budget(request):
    """Per area and year: estimated cost and effort, funding and high-priority goals."""
    year = parse_id(request.GET.get("ar"))
    year = year if year is not None and 2000 <= year <= 2100 else None
    context = {"rows": services.budget_summary(request.user, year), "year": year}
    return render(request, "governance/funding_summary.html", context)
