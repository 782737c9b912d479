"""Governance's pages: thin, rows from `for_user()`, every change through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE, VIEW, can
from sakra.core.views import render_form, submit

from .. import exports, services
from ..choices import UNMET_STATUSES, OccurrenceStatus
from ..forms import (
    AcknowledgeForm,
    AdoptForm,
    AssessForm,
    ControlForm,
    DecisionForm,
    DeficiencyForm,
    DistributeForm,
    FundedActivityForm,
    FundingForm,
    MeetingForm,
    MinutesForm,
    PerformForm,
    PlanForm,
    RequirementForm,
    SupersedeForm,
)
from ..models import (
    Acknowledgement,
    ControlOccurrence,
    ControlPlan,
    Decision,
    Forum,
    FundedActivity,
    FundingSource,
    Meeting,
    Requirement,
    RoleMandate,
)
from ..querysets import DECIDE, PERFORM

PER_PAGE = 50
FORM_PAGE = "governance/form.html"


def _form_page(request, form, *, title, back, intro=""):
    return render_form(
        request, FORM_PAGE, {"form": form, "title": title, "back": back, "intro": intro}
    )


# --- forums, meetings, decisions -----------------------------------------------------------


@login_required
def index(request):
    """The forums with their latest meeting and how many decisions they have taken."""
    forums = (
        Forum.objects.for_user(request.user, VIEW)
        .filter(is_active=True)
        .select_related("administration")
        .annotate(meeting_count=Count("meetings", distinct=True))
        .order_by("administration__path", "name")
    )
    return render(request, "governance/index.html", {"forums": forums})


@login_required
def forum(request, pk: int):
    forum = get_object_or_404(
        Forum.objects.for_user(request.user, VIEW).select_related("administration"), pk=pk
    )
    context = {
        "forum": forum,
        "members": forum.members.select_related("user"),
        "meetings": forum.meetings.annotate(decision_count=Count("decisions"))[:50],
        "may_decide": can(request.user, DECIDE, forum),
    }
    return render(request, "governance/forum.html", context)


@login_required
def meeting_create(request, pk: int):
    forum = get_object_or_404(Forum.objects.for_user(request.user, DECIDE), pk=pk)
    form = MeetingForm(request.POST or None)
    meeting = submit(form, lambda data: services.hold_meeting(by=request.user, forum=forum, **data))
    if meeting:
        messages.success(request, _("The meeting is recorded."))
        return redirect(meeting)
    return _form_page(request, form, title=_("New meeting"), back=forum)


def _meeting(request, pk, action=VIEW):
    return get_object_or_404(
        Meeting.objects.for_user(request.user, action).select_related("forum"), pk=pk
    )


def _meeting_decisions(meeting):
    return meeting.decisions.select_related("responsible").order_by("paragraph", "pk")


@login_required
def meeting(request, pk: int):
    meeting = _meeting(request, pk)
    context = {
        "meeting": meeting,
        "decisions": _meeting_decisions(meeting),
        "may_decide": can(request.user, DECIDE, meeting),
    }
    return render(request, "governance/meeting.html", context)


@login_required
def meeting_minutes(request, pk: int):
    meeting = _meeting(request, pk, DECIDE)
    form = MinutesForm(
        request.POST or None,
        initial={"version": meeting.version, "agenda": meeting.agenda, "minutes": meeting.minutes},
    )
    if submit(form, lambda data: services.write_minutes(meeting, by=request.user, **data)):
        messages.success(request, _("The minutes are saved."))
        return redirect(meeting)
    return _form_page(request, form, title=_("Agenda and minutes"), back=meeting)


@login_required
def meeting_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    return exports.minutes_pdf(request, meeting, list(_meeting_decisions(meeting)))


@login_required
def meeting_docx(request, pk: int):
    meeting = _meeting(request, pk)
    return exports.minutes_docx(meeting, list(_meeting_decisions(meeting)))


@login_required
def decision_create(request, pk: int):
    meeting = _meeting(request, pk, DECIDE)
    form = DecisionForm(request.POST or None)
    decision = submit(
        form, lambda data: services.decide_at_meeting(meeting, by=request.user, **data)
    )
    if decision:
        messages.success(request, _("The decision is recorded."))
        return redirect(decision)
    return _form_page(request, form, title=_("New decision"), back=meeting)


@login_required
def decisions(request):
    """Every decision, newest first; those sent to the viewer and not acknowledged marked."""
    waiting = Decision.objects.unacknowledged_by(request.user).filter(pk=OuterRef("pk"))
    rows = (
        Decision.objects.for_user(request.user, VIEW)
        .select_related("forum", "responsible")
        .annotate(waiting=Exists(waiting))
    )
    if request.GET.get("mine") == "1":
        rows = rows.filter(waiting=True)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/decisions.html", {"page_obj": page})


def _decision(request, pk, action=VIEW):
    return get_object_or_404(
        Decision.objects.for_user(request.user, action).select_related(
            "forum", "meeting", "responsible"
        ),
        pk=pk,
    )


@login_required
def decision(request, pk: int):
    decision = _decision(request, pk)
    acknowledged = {
        row.user_id: row
        for row in Acknowledgement.objects.filter(decision=decision).select_related("user")
    }
    reached = list(services.recipients_of(decision))
    context = {
        "decision": decision,
        "recipients": decision.recipients.select_related("unit", "user"),
        "reached": [(user, acknowledged.get(user.pk)) for user in reached],
        "acknowledged": acknowledged.values(),
        "may_decide": can(request.user, DECIDE, decision),
        "to_acknowledge": request.user.pk not in acknowledged
        and services.is_recipient(request.user, decision),
        "acknowledge_form": AcknowledgeForm(),
    }
    return render(request, "governance/decision.html", context)


@login_required
def decision_distribute(request, pk: int):
    decision = _decision(request, pk, DECIDE)
    form = DistributeForm(request.POST or None, initial={"version": decision.version})
    if submit(form, lambda data: services.distribute_decision(decision, by=request.user, **data)):
        messages.success(request, _("The decision has been sent."))
        return redirect(decision)
    return _form_page(
        request,
        form,
        title=_("Send the decision"),
        back=decision,
        intro=_(
            "A role with administrations: the holders of the role there. A role alone: its "
            "holders everywhere. Administrations alone: their heads and managers."
        ),
    )


@login_required
@require_POST
def decision_acknowledge(request, pk: int):
    decision = _decision(request, pk)
    form = AcknowledgeForm(request.POST)
    if submit(form, lambda data: services.acknowledge_decision(decision, by=request.user)):
        messages.success(request, _("You have acknowledged the decision."))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect(decision)


@login_required
def mandates(request):
    """The mandate of every role of the role list, and of every forum."""
    written = {row.role: row for row in RoleMandate.objects.select_related("decision__forum")}
    roles = [(value, label, written.get(value)) for value, label in Role.choices]
    forums = Forum.objects.for_user(request.user, VIEW).filter(is_active=True).exclude(mandate="")
    return render(request, "governance/mandates.html", {"roles": roles, "forums": forums})


# --- statutory requirements ----------------------------------------------------------------


@login_required
def requirements(request):
    rows = (
        Requirement.objects.for_user(request.user, VIEW).current().select_related("area", "owner")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "may_add": Requirement.objects.may(request.user, CHANGE)}
    return render(request, "governance/requirements.html", context)


@login_required
def requirements_unmet(request):
    """Per security area, the current requirements not (yet) met: for the annual report."""
    rows = (
        Requirement.objects.for_user(request.user, VIEW)
        .current()
        .filter(status__in=UNMET_STATUSES)
        .select_related("area", "owner")
        .order_by("area__position", "area__name_sv", "reference")
    )
    areas: dict = {}
    for row in rows:
        areas.setdefault(row.area, []).append(row)
    return render(request, "governance/requirements_unmet.html", {"areas": areas.items()})


@login_required
def requirement_create(request):
    areas = Requirement.objects.areas_for(request.user, CHANGE)
    if not areas.exists():
        raise PermissionDenied
    form = RequirementForm(request.POST or None, areas=areas)
    row = submit(form, lambda data: services.add_requirement(by=request.user, **data))
    if row:
        messages.success(request, _("The requirement is recorded."))
        return redirect(row)
    return _form_page(request, form, title=_("New requirement"), back=None)


def _requirement(request, pk, action=VIEW):
    return get_object_or_404(
        Requirement.objects.for_user(request.user, action).select_related(
            "area", "owner", "supersedes"
        ),
        pk=pk,
    )


@login_required
def requirement(request, pk: int):
    requirement = _requirement(request, pk)
    history = []
    previous = requirement.supersedes
    while previous is not None and len(history) < 20:
        history.append(previous)
        previous = previous.supersedes
    context = {
        "requirement": requirement,
        "history": history,
        "newer": Requirement.objects.filter(supersedes=requirement).first(),
        "may_change": requirement.is_current and can(request.user, CHANGE, requirement),
    }
    return render(request, "governance/requirement.html", context)


@login_required
def requirement_assess(request, pk: int):
    requirement = _requirement(request, pk, CHANGE)
    form = AssessForm(
        request.POST or None,
        initial={
            "version": requirement.version,
            "status": requirement.status,
            "how_met": requirement.how_met,
        },
    )
    if submit(form, lambda data: services.assess_requirement(requirement, by=request.user, **data)):
        messages.success(request, _("The assessment is saved."))
        return redirect(requirement)
    return _form_page(request, form, title=_("Assess the requirement"), back=requirement)


@login_required
def requirement_supersede(request, pk: int):
    requirement = _requirement(request, pk, CHANGE)
    form = SupersedeForm(
        request.POST or None,
        initial={
            "version": requirement.version,
            "law": requirement.law,
            "requirement_text": requirement.requirement,
            "how_met": requirement.how_met,
        },
    )
    row = submit(
        form, lambda data: services.supersede_requirement(requirement, by=request.user, **data)
    )
    if row:
        messages.success(request, _("The new version of the requirement is recorded."))
        return redirect(row)
    return _form_page(
        request,
        form,
        title=_("The law has changed"),
        back=requirement,
        intro=_("The requirement as it was is kept; the new one is to be assessed again."),
    )


# --- internal control ----------------------------------------------------------------------


@login_required
def plans(request):
    rows = (
        ControlPlan.objects.for_user(request.user, VIEW)
        .select_related("administration")
        .annotate(control_count=Count("controls", distinct=True))
        .order_by("-year", "administration__path", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "may_add": ControlPlan.objects.may(request.user, CHANGE)}
    return render(request, "governance/plans.html", context)


@login_required
def plan_create(request):
    units = ControlPlan.objects.units_for(request.user, CHANGE).filter(
        pk__in=PlanForm().fields["administration"].queryset.values("pk")
    )
    if not units.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, units=units)
    plan = submit(form, lambda data: services.create_control_plan(by=request.user, **data))
    if plan:
        messages.success(request, _("The plan is created. Add its controls, then adopt it."))
        return redirect(plan)
    return _form_page(request, form, title=_("New internal control plan"), back=None)


def _plan(request, pk, action=VIEW):
    return get_object_or_404(
        ControlPlan.objects.for_user(request.user, action).select_related("administration"),
        pk=pk,
    )


@login_required
def plan(request, pk: int):
    plan = _plan(request, pk)
    occurrences = ControlOccurrence.objects.for_user(request.user, VIEW).order_by("due_on", "pk")
    controls = (
        plan.controls.select_related("area", "owner")
        .prefetch_related(Prefetch("occurrences", queryset=occurrences))
        .order_by("area__position", "title", "pk")
    )
    areas: dict = {}
    for control in controls:
        areas.setdefault(control.area, []).append(control)
    may_change = can(request.user, CHANGE, plan)
    context = {
        "plan": plan,
        "areas": areas.items(),
        "may_change": may_change,
        "adopt_form": AdoptForm(initial={"version": plan.version}) if may_change else None,
    }
    return render(request, "governance/plan.html", context)


@login_required
def control_add(request, pk: int):
    plan = _plan(request, pk, CHANGE)
    form = ControlForm(request.POST or None)
    if submit(form, lambda data: services.add_control(plan, by=request.user, **data)):
        messages.success(request, _("The control is added."))
        return redirect(plan)
    return _form_page(request, form, title=_("New control"), back=plan)


@login_required
@require_POST
def plan_adopt(request, pk: int):
    plan = _plan(request, pk, CHANGE)
    form = AdoptForm(request.POST)
    if submit(form, lambda data: services.adopt_plan(plan, by=request.user, **data)):
        messages.success(request, _("The plan is adopted and the year's controls are planned."))
        return redirect(plan)
    return _form_page(request, form, title=_("Adopt the plan"), back=plan)


def _occurrence(request, pk, action=VIEW):
    return get_object_or_404(
        ControlOccurrence.objects.for_user(request.user, action).with_related(), pk=pk
    )


@login_required
def occurrence(request, pk: int):
    """One occurrence of a control: perform it (or say it is a known deficiency)."""
    occurrence = _occurrence(request, pk)
    may_perform = occurrence.status != OccurrenceStatus.PERFORMED and can(
        request.user, PERFORM, occurrence
    )
    form = None
    if may_perform:
        form = PerformForm(request.POST or None, initial={"version": occurrence.version})
        if submit(form, lambda data: services.perform_control(occurrence, by=request.user, **data)):
            messages.success(request, _("The control is recorded."))
            return redirect(occurrence)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "occurrence": occurrence,
        "control": occurrence.control,
        "form": form,
        "deficiency_form": DeficiencyForm(initial={"version": occurrence.version})
        if may_perform
        else None,
    }
    return render_form(request, "governance/occurrence.html", context)


@login_required
@require_POST
def occurrence_deficiency(request, pk: int):
    occurrence = _occurrence(request, pk, PERFORM)
    form = DeficiencyForm(request.POST)
    if submit(
        form, lambda data: services.mark_known_deficiency(occurrence, by=request.user, **data)
    ):
        messages.success(request, _("The known deficiency is recorded."))
        return redirect(occurrence)
    return _form_page(request, form, title=_("Known deficiency"), back=occurrence)


# --- resources -----------------------------------------------------------------------------


@login_required
def funding_list(request):
    rows = FundingSource.objects.for_user(request.user, VIEW).annotate(
        activity_count=Count("activities")
    )
    context = {
        "rows": rows,
        "may_add": FundingSource.objects.may_region_wide(request.user, CHANGE),
    }
    return render(request, "governance/funding_list.html", context)


@login_required
def funding_create(request):
    if not FundingSource.objects.may_region_wide(request.user, CHANGE):
        raise PermissionDenied
    form = FundingForm(request.POST or None)
    row = submit(form, lambda data: services.record_funding(by=request.user, **data))
    if row:
        messages.success(request, _("The funding source is recorded."))
        return redirect(row)
    return _form_page(request, form, title=_("New funding source"), back=None)


def _funding(request, pk, action=VIEW):
    return get_object_or_404(FundingSource.objects.for_user(request.user, action), pk=pk)


@login_required
def funding(request, pk: int):
    funding = _funding(request, pk)
    activities = (
        FundedActivity.objects.for_user(request.user, VIEW)
        .filter(funding=funding)
        .select_related("administration", "area")
    )
    context = {
        "funding": funding,
        "activities": activities,
        "may_change": can(request.user, CHANGE, funding),
    }
    return render(request, "governance/funding.html", context)


@login_required
def funding_activity(request, pk: int):
    funding = _funding(request, pk, CHANGE)
    form = FundedActivityForm(request.POST or None)
    if submit(form, lambda data: services.add_funded_activity(funding, by=request.user, **data)):
        messages.success(request, _("The activity is added."))
        return redirect(funding)
    return _form_page(request, form, title=_("New funded activity"), back=funding)
