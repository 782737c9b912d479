"""Pages of the security board: its queue, its meetings, their decisions and minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sakra.core.access import VIEW
from sakra.core.views import form_status, render_form, submit

from .. import services
from ..choices import AWAITING_BOARD
from ..forms import DecisionForm, MeetingForm, PlannedActionFormSet, QueueForm
from ..models import BoardMeeting, ImprovementNeed
from ..querysets import DECIDE


def _require_board(user) -> None:
    if not services.is_board(user):
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
    form = QueueForm(request.POST or None, needs=needs)
    ranked = submit(
        form,
        lambda _data: services.rank_needs(
            by=request.user, ordered=form.ordered(), versions=form.versions()
        ),
    )
    if ranked is not None:
        messages.success(request, _("The queue is ranked."))
        return redirect("actions:board-queue")
    meetings = BoardMeeting.objects.for_user(request.user, VIEW)[:5]
    return render_form(request, "actions/board_queue.html", {"form": form, "meetings": meetings})


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
    if meeting := submit(form, lambda data: services.hold_meeting(by=request.user, **data)):
        messages.success(request, _("The meeting is recorded. Now record its decisions."))
        return redirect(meeting)
    return render_form(request, "actions/meeting_form.html", {"form": form})


def _meeting(request, pk):
    return get_object_or_404(BoardMeeting.objects.for_user(request.user, VIEW), pk=pk)


def _decisions(meeting):
    return meeting.decisions.select_related("need", "need__raised_by").prefetch_related(
        "actions__owner"
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    needs = ImprovementNeed.objects.for_user(request.user, DECIDE).filter(status__in=AWAITING_BOARD)
    form = DecisionForm(
        request.POST or None, needs=needs, initial={"need": request.GET.get("need")}
    )
    formset = PlannedActionFormSet(request.POST or None, prefix="actions")

    def decide(data):
        return services.record_decision(
            by=request.user,
            meeting=meeting,
            need=data["need"],
            version=data["version"],
            kind=data["kind"],
            reason=data["reason"],
            actions=[services.PlannedAction(**row) for row in formset.cleaned_data if row],
        )

    rows_valid = formset.is_valid() if formset.is_bound else True
    if rows_valid and submit(form, decide):
        messages.success(request, _("The decision is recorded."))
        return redirect(meeting)
    if not rows_valid:
        form.is_valid()  # the decision's own errors too, beside the rows'
    status = form_status(form) if rows_valid else 422
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
        status=status,
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
