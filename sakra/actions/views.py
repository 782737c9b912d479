"""Pages of the action register, the improvement needs and the security board. Thin views:
rows come from `for_user()`, every change goes through services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW
from sakra.core.forms import parse_id
from sakra.core.hooks import inbox_sections

from . import exports, services
from .choices import AWAITING_BOARD, ActivityStatus
from .filters import ActionFilter, NeedFilter
from .forms import (
    ActionForm,
    ActivityForm,
    ActivityStatusForm,
    CancelForm,
    DecisionForm,
    EffectForm,
    FollowUpForm,
    MeetingForm,
    NeedForm,
    PlanForm,
    PlannedActionFormSet,
    VersionForm,
)
from .models import Action, AnnualPlan, BoardMeeting, ImprovementNeed, PlannedActivity
from .querysets import CREATE, DECIDE, VERIFY


def _apply_errors(form, exc: ValidationError) -> None:
    """Service errors land on the form's fields where the field exists, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _allowed(user, action_name: str, obj) -> bool:
    return type(obj)._default_manager.for_user(user, action_name).filter(pk=obj.pk).exists()


# --- Mina uppgifter ----------------------------------------------------------------------


@login_required
def my_tasks(request):
    """Everything waiting for the person, from every module."""
    sections = inbox_sections(request.user)
    total = sum(section.count for section in sections)
    return render(request, "actions/my_tasks.html", {"sections": sections, "total": total})


# --- the action register -----------------------------------------------------------------


def _filtered(request):
    rows = Action.objects.for_user(request.user, VIEW).with_related()
    return ActionFilter(request.GET or None, queryset=rows)


@login_required
def action_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": query.urlencode(),
            "may_create": services.may_create_actions(request.user),
        },
    )


@login_required
def action_export(request, fmt: str):
    rows = _filtered(request).qs.order_by("due_date", "pk").iterator(chunk_size=500)
    return exports.as_xlsx(rows) if fmt == "xlsx" else exports.as_csv(rows)


def _source_from(request, user):
    """The source named in `?source=<type>-<id>` when the person may see it."""
    token = request.GET.get("source") or request.POST.get("source") or ""
    type_text, _sep, object_text = token.partition("-")
    type_id, object_id = parse_id(type_text), parse_id(object_text)
    if type_id is None or object_id is None:
        return None, ""
    content_type = ContentType.objects.filter(pk=type_id).first()
    model = content_type.model_class() if content_type else None
    manager = getattr(model, "_default_manager", None)
    if manager is None or not hasattr(manager, "for_user"):
        raise Http404
    source = manager.for_user(user, VIEW).filter(pk=object_id).first()
    if source is None:
        raise Http404
    return source, token


@login_required
def action_create(request):
    if not services.may_create_actions(request.user):
        raise PermissionDenied
    source, token = _source_from(request, request.user)
    initial = {}
    if source is not None:
        initial = {"unit": getattr(source, "unit", None), "area": getattr(source, "area", None)}
    form = ActionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(
                source=source, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("The action was created and its owner told."))
            return redirect(action)
    return render(
        request,
        "actions/action_form.html",
        {"form": form, "source": source, "source_token": token, "title": _("New action")},
    )


@login_required
def action_detail(request, pk: int):
    action = get_object_or_404(
        Action.objects.for_user(request.user, VIEW)
        .with_related()
        .select_related("follows_up", "effect_checked_by", "created_by"),
        pk=pk,
    )
    follow_ups = Action.objects.for_user(request.user, VIEW).filter(follows_up=action)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "source": services.visible_source(request.user, action),
            "follow_ups": follow_ups,
            "can_change": _allowed(request.user, CHANGE, action),
            "can_verify": _allowed(request.user, VERIFY, action),
        },
    )


_TRANSITIONS = {
    "start": (services.start_action, _("The action is started.")),
    "complete": (services.complete_action, _("The action is done. Now check its effect.")),
}


@login_required
@require_POST
def action_transition(request, pk: int, name: str):
    action = get_object_or_404(Action.objects.for_user(request.user, CHANGE), pk=pk)
    service, done = _TRANSITIONS[name]
    form = VersionForm(request.POST)
    if not form.is_valid():
        # A version that is no number was not sent by our page: refuse, never skip the check.
        messages.error(request, _("The form could not be read. Reload the page and try again."))
        return redirect(action)
    try:
        service(action, by=request.user, version=form.cleaned_data["version"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.ConcurrentEditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(done))
    return redirect(action)


def _action_form_page(request, pk, action_name, form_class, handle, template, title):
    action = get_object_or_404(Action.objects.for_user(request.user, action_name), pk=pk)
    form = form_class(request.POST or None, initial={"version": action.version})
    if request.method == "POST" and form.is_valid():
        try:
            result = handle(action, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except services.ConcurrentEditError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(result)
    return render(request, template, {"form": form, "action": action, "title": title})


@login_required
def action_effect(request, pk: int):
    def handle(action, data):
        result = services.record_effect(
            action,
            by=request.user,
            was_effective=data["was_effective"],
            note=data["note"],
            checked_on=data["checked_on"],
            version=data["version"],
        )
        messages.success(request, _("The effect check is recorded."))
        return result

    return _action_form_page(
        request, pk, VERIFY, EffectForm, handle, "actions/action_step.html", _("Check the effect")
    )


@login_required
def action_cancel(request, pk: int):
    def handle(action, data):
        result = services.cancel_action(
            action, by=request.user, reason=data["reason"], version=data["version"]
        )
        messages.success(request, _("The action is cancelled."))
        return result

    return _action_form_page(
        request, pk, CHANGE, CancelForm, handle, "actions/action_step.html", _("Cancel the action")
    )


@login_required
def action_follow_up(request, pk: int):
    def handle(action, data):
        result = services.create_follow_up(action, by=request.user, **data)
        messages.success(request, _("The follow-up action was created."))
        return result

    return _action_form_page(
        request,
        pk,
        CHANGE,
        FollowUpForm,
        handle,
        "actions/action_step.html",
        _("New follow-up action"),
    )


# --- improvement needs and the security board --------------------------------------------


def _is_board(user) -> bool:
    return services._is_board(user)


@login_required
def need_list(request):
    rows = ImprovementNeed.objects.for_user(request.user, VIEW).select_related(
        "raised_by", "unit", "area"
    )
    filterset = NeedFilter(request.GET or None, queryset=rows)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/need_list.html",
        {"filter": filterset, "page_obj": page, "is_board": _is_board(request.user)},
    )


@login_required
def need_create(request):
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.raise_improvement_need(raised_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The security board will look at your need."))
            return redirect(need)
    return render(request, "actions/need_form.html", {"form": form})


@login_required
def need_detail(request, pk: int):
    need = get_object_or_404(
        ImprovementNeed.objects.for_user(request.user, VIEW).select_related(
            "raised_by", "unit", "site", "area"
        ),
        pk=pk,
    )
    decisions = need.decisions.select_related("meeting")
    return render(
        request,
        "actions/need_detail.html",
        {
            "need": need,
            "decisions": decisions,
            "source_actions": services.actions_for(request.user, need),
            "is_board": _is_board(request.user),
        },
    )


def _require_board(user) -> None:
    if not _is_board(user):
        raise PermissionDenied


@login_required
def board_queue(request):
    """The board's queue: rank the needs that await a decision."""
    _require_board(request.user)
    needs = (
        ImprovementNeed.objects.for_user(request.user, DECIDE)
        .filter(status__in=AWAITING_BOARD)
        .select_related("raised_by", "unit", "area")
    )
    if request.method == "POST":
        ranks = []
        for need in needs:
            rank = parse_id(request.POST.get(f"rank-{need.pk}"))
            if rank is not None:
                ranks.append((rank, need.pk))
        try:
            services.rank_needs(by=request.user, ordered=[pk for _r, pk in sorted(ranks)])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The queue is ranked."))
        return redirect("actions:board-queue")
    meetings = BoardMeeting.objects.for_user(request.user, VIEW)[:5]
    return render(request, "actions/board_queue.html", {"needs": needs, "meetings": meetings})


@login_required
def meeting_list(request):
    _require_board(request.user)
    meetings = BoardMeeting.objects.for_user(request.user, VIEW)
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    return render(request, "actions/meeting_list.html", {"page_obj": page})


@login_required
def meeting_create(request):
    _require_board(request.user)
    form = MeetingForm(request.POST or None, initial={"attendees": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.hold_meeting(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting is recorded. Now record its decisions."))
            return redirect(meeting)
    return render(request, "actions/meeting_form.html", {"form": form})


def _meeting(request, pk):
    return get_object_or_404(BoardMeeting.objects.for_user(request.user, VIEW), pk=pk)


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    needs = ImprovementNeed.objects.for_user(request.user, DECIDE).filter(status__in=AWAITING_BOARD)
    form = DecisionForm(
        request.POST or None, needs=needs, initial={"need": request.GET.get("need")}
    )
    formset = PlannedActionFormSet(request.POST or None, prefix="actions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        planned = [services.PlannedAction(**row) for row in formset.cleaned_data if row]
        try:
            services.record_decision(
                by=request.user,
                meeting=meeting,
                need=form.cleaned_data["need"],
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                actions=planned,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(meeting)
    return render(
        request,
        "actions/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "decisions": _decisions(meeting),
            "form": form,
            "formset": formset,
            "has_needs": needs.exists(),
        },
    )


def _decisions(meeting):
    return meeting.decisions.select_related("need", "need__raised_by").prefetch_related(
        "actions__owner"
    )


@login_required
def meeting_minutes(request, pk: int):
    """The minutes of a meeting, for printing."""
    meeting = _meeting(request, pk)
    return render(
        request,
        "actions/meeting_minutes.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "decisions": _decisions(meeting),
        },
    )


# --- annual plans --------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("administration", str(exc))
        else:
            messages.success(request, _("The plan is created. Now add its activities."))
            return redirect(plan)
    return render(request, "actions/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(
        AnnualPlan.objects.for_user(request.user, VIEW).select_related("administration"), pk=pk
    )
    can_change = _allowed(request.user, CHANGE, plan)
    form = ActivityForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            try:
                services.add_activity(plan, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The activity is added."))
                return redirect(plan)
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
            "form": form,
            "can_change": can_change,
            "statuses": ActivityStatus.choices,
        },
    )


@login_required
@require_POST
def activity_status(request, pk: int):
    activity = get_object_or_404(PlannedActivity.objects.for_user(request.user, CHANGE), pk=pk)
    form = ActivityStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_activity_status(
                activity,
                by=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.ConcurrentEditError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The status is saved."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect(activity.plan)


@login_required
@require_POST
def plan_copy(request, pk: int):
    plan = get_object_or_404(AnnualPlan.objects.for_user(request.user, CHANGE), pk=pk)
    try:
        copy = services.copy_plan_to_next_year(plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(plan)
    messages.success(request, _("The plan is copied to {year}.").format(year=copy.year))
    return redirect(copy)
