import datetime

import time_machine

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.actions.choices import ActionStatus, ReminderKind
from sakra.actions.models import ActionReminder
from sakra.actions.tasks import PERIODIC, send_action_reminders

from .helpers import make_action

DUE = datetime.date(2027, 3, 15)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, 0), tick=False)


def subjects(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_reminders_a_week_before_on_the_day_and_escalated_once(org):
    owner = org.user(home_unit=org.alfa_unit)
    manager = org.user(Role.MANAGER)  # manager of Alfa avdelning, above the owner's unit
    beta_manager = org.user(Role.MANAGER, unit=org.beta)
    action = make_action(org, owner, due_date=DUE)
    assert send_action_reminders in PERIODIC

    with at(DUE - datetime.timedelta(days=8)):
        assert send_action_reminders.call() == 0
    with at(DUE - datetime.timedelta(days=7)):
        assert send_action_reminders.call() == 1
        assert send_action_reminders.call() == 0  # the worker runs every minute
    with at(DUE - datetime.timedelta(days=3)):
        assert send_action_reminders.call() == 0
    with at(DUE):
        assert send_action_reminders.call() == 1
        assert send_action_reminders.call() == 0
    assert len(subjects(owner)) == 2 and subjects(manager) == []
    with at(DUE + datetime.timedelta(days=1)):
        assert send_action_reminders.call() == 1
    with at(DUE + datetime.timedelta(days=5)):
        assert send_action_reminders.call() == 0
    assert len(subjects(owner)) == 3
    [escalation] = subjects(manager)
    assert action.title in escalation
    assert subjects(beta_manager) == []
    assert set(ActionReminder.objects.values_list("kind", flat=True)) == set(ReminderKind.values)


def test_a_new_due_date_gets_new_reminders_and_closed_actions_none(org):
    owner = org.user()
    action = make_action(org, owner, due_date=DUE)
    closed = make_action(org, owner, due_date=DUE, status=ActionStatus.CANCELLED, cancel_reason="x")
    with at(DUE):
        assert send_action_reminders.call() == 1
        action.due_date = DUE + datetime.timedelta(days=1)
        action.save()
    with at(DUE + datetime.timedelta(days=1)):
        assert send_action_reminders.call() == 1
    assert not ActionReminder.objects.filter(action=closed).exists()


def test_the_owner_who_is_a_manager_escalates_to_the_manager_above(org):
    boss = org.user(Role.MANAGER, unit=org.alfa)
    owner = org.user(Role.MANAGER, unit=org.alfa_unit)
    make_action(org, owner, due_date=DUE)
    with at(DUE + datetime.timedelta(days=2)):
        assert send_action_reminders.call() == 1
    assert len(subjects(boss)) == 1
    assert len(subjects(owner)) == 1


def test_no_week_reminder_for_an_action_created_today(org):
    owner = org.user()
    with at(DUE - datetime.timedelta(days=3)):
        make_action(org, owner, due_date=DUE)
        assert send_action_reminders.call() == 0
    with at(DUE - datetime.timedelta(days=2)):
        assert send_action_reminders.call() == 1
