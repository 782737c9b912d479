"""Reminders once each: an overdue round to its person, a week later to their manager; a remark
past its deadline to the binder's responsible person. "Mina uppgifter" lists rounds due."""

import datetime

import pytest
import time_machine
from django.test import Client

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.fire_safety import services, tasks
from sakra.fire_safety.models import Round

from .factories import make_binder

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def binder(org):
    doer = org.user(Role.EMPLOYEE, home_unit=org.alfa_unit)
    manager = org.user(Role.MANAGER)  # manages Alfa avdelning, above the doer's unit
    with time_machine.travel(D(2024, 1, 10), tick=False):
        document, point = make_binder(
            org.site, org.alfa_unit, org.area, doer, starts_on=D(2024, 1, 1)
        )
    return document, point, doer, manager


def _told(user):
    return Notification.objects.filter(recipient=user).count()


def test_an_overdue_round_reminds_the_person_once_then_the_manager_once(binder):
    _d, _p, doer, manager = binder
    with time_machine.travel(D(2024, 2, 2), tick=False):
        assert tasks.send_round_reminders.call() == 1
        assert tasks.send_round_reminders.call() == 0
    assert (_told(doer), _told(manager)) == (1, 0)
    with time_machine.travel(D(2024, 2, 10), tick=False):
        assert tasks.send_round_reminders.call() == 1
        assert tasks.send_round_reminders.call() == 0
    assert (_told(doer), _told(manager)) == (1, 1)


def test_a_remark_past_its_deadline_reminds_once_and_again_for_a_new_deadline(binder, org):
    document, _p, _doer, _m = binder
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    with time_machine.travel(D(2024, 3, 1), tick=False):
        inspection = services.record_inspection(
            document, by=coordinator, date=D(2024, 2, 1), rescue_service="RTJ",
            remarks=[services.RemarkIn("Brandcellsgräns", D(2024, 2, 20))],
        )  # fmt: skip
        assert tasks.send_remark_reminders.call() == 1
        assert tasks.send_remark_reminders.call() == 0
    assert _told(document.responsible) == 1
    remark = inspection.remarks.get()
    assert remark.reminders.count() == 1


def test_generating_rounds_is_idempotent_as_a_task(binder):
    _d, _point, _doer, _m = binder
    with time_machine.travel(D(2024, 1, 15), tick=False):
        tasks.generate_rounds.call()
        count = Round.objects.count()
        tasks.generate_rounds.call()
    assert Round.objects.count() == count == 2  # January, and February within a month


def test_rounds_due_are_on_mina_uppgifter(binder):
    _d, _p, doer, _m = binder
    client = Client()
    client.force_login(doer)
    with time_machine.travel(D(2024, 1, 20), tick=False):
        page = client.get("/mina-uppgifter/").content.decode()
    assert "Utrymningsvägar och skyltar" in page
