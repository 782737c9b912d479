"""Reminders past the target: the assignee once, a working day later the team lead once."""

import datetime

import pytest
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.support import services
from sakra.support.choices import ReminderKind
from sakra.support.models import SupportReminder, SupportRequest
from sakra.support.tasks import send_support_reminders

from .factories import make_request, make_team

pytestmark = pytest.mark.django_db


def _late(org, *, assignee=True):
    lead, member = org.user(), org.user(Role.SECURITY_PARTNER)
    make_team(administrations=[org.alfa], lead=lead, members=[member])
    request = make_request(org)
    if assignee:
        request = services.assign(request, by=member, assignee=member, version=request.version)
    SupportRequest.objects.filter(pk=request.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    Notification.objects.all().delete()
    return request, member, lead


def test_the_assignee_then_the_lead_each_once(org):
    request, member, lead = _late(org)
    assert send_support_reminders.call() == 1
    assert send_support_reminders.call() == 0  # idempotent
    assert list(Notification.objects.values_list("recipient", flat=True)) == [member.pk]
    # A working day later (however the calendar falls), the lead hears of it once.
    SupportReminder.objects.filter(kind=ReminderKind.ASSIGNEE).update(
        sent_at=timezone.now() - datetime.timedelta(days=6)
    )
    assert send_support_reminders.call() == 1
    assert send_support_reminders.call() == 0
    assert Notification.objects.filter(recipient=lead).count() == 1
    assert SupportReminder.objects.filter(request=request).count() == 2


def test_unassigned_reminds_the_teams_members(org):
    _request, member, _lead = _late(org, assignee=False)
    assert send_support_reminders.call() == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_answered_or_not_yet_due_is_not_reminded(org):
    request, member, _lead = _late(org)
    services.answer(request, by=member, answer="Svar", version=request.version)
    make_request(org)  # due in two working days
    assert send_support_reminders.call() == 0
    assert not SupportReminder.objects.exists()
