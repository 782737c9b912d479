"""Support's periodic work: a request past its response-time target reminds the person
handling it (or, unassigned, the team's members) once, and one working day later, still
unanswered, the team lead once. Idempotent: each reminder is a row that exists once."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from sakra.accounts.notifications import Message
from sakra.accounts.services import notify

from .choices import ReminderKind
from .models import SupportReminder, SupportRequest, TeamMember
from .notifications import PAST_TARGET, STILL_UNANSWERED
from .workdays import add_working_days


def _sent(kind: str, **extra) -> Exists:
    return Exists(SupportReminder.objects.filter(request=OuterRef("pk"), kind=kind, **extra))


def _once(request: SupportRequest, kind: str, recipients, subject: Message) -> bool:
    """Save the once-only record and notify; a reminder already sent is not sent again."""
    if not recipients:
        return False
    try:
        with transaction.atomic():
            SupportReminder.objects.create(request=request, kind=kind)
            notify(recipients, subject, body=request.question[:300], url=request.get_absolute_url())
    except IntegrityError:
        return False
    return True


@task()
def send_support_reminders(today=None) -> int:
    """Requests unanswered past their target: the assignee once, then the team lead once."""
    today = today or timezone.localdate()
    late = SupportRequest.objects.past_target(today).select_related(
        "assignee", "team__lead", "area", "unit"
    )
    sent = 0
    first = list(late.exclude(_sent(ReminderKind.ASSIGNEE))[:1000])
    members: dict[int, list] = {}
    team_ids = {r.team_id for r in first if r.assignee_id is None and r.team_id}
    for member in TeamMember.objects.filter(team__in=team_ids, user__is_active=True).select_related(
        "user"
    ):
        members.setdefault(member.team_id, []).append(member.user)
    for request in first:
        recipients = [request.assignee] if request.assignee_id else members.get(request.team_id, [])
        subject = PAST_TARGET(area=request.area, unit=request.unit)
        sent += _once(request, ReminderKind.ASSIGNEE, recipients, subject)
    for request in late.filter(_sent(ReminderKind.ASSIGNEE)).exclude(_sent(ReminderKind.LEAD))[
        :1000
    ]:
        reminded = request.reminders.get(kind=ReminderKind.ASSIGNEE).sent_at
        if add_working_days(timezone.localdate(reminded), 1) > today:
            continue  # the lead hears of it a working day after the assignee
        lead = request.team.lead if request.team_id and request.team.lead_id else None
        subject = STILL_UNANSWERED(area=request.area, unit=request.unit)
        sent += _once(request, ReminderKind.LEAD, [lead] if lead else [], subject)
    return sent


PERIODIC = [send_support_reminders]
