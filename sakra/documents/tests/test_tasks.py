"""The review cycle: the owner reminded once 30 days before and once when overdue; the
indicator counts reviews in time; "Mina uppgifter" lists what waits."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.documents import services
from sakra.documents.inbox import sections
from sakra.documents.indicators import ReviewedInTime
from sakra.documents.tasks import send_acknowledgement_reminders, send_review_reminders

from .factories import forum, make_document

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_owner_is_reminded_once_before_and_once_overdue(org):
    chief = org.user(Role.SECURITY_CHIEF)
    with time_machine.travel(D(2024, 1, 10), tick=False):
        document = make_document(chief, review_months=12)  # next review 2025-01-10
    with time_machine.travel(D(2024, 11, 1), tick=False):
        assert send_review_reminders.call() == 0  # more than 30 days ahead
    with time_machine.travel(D(2024, 12, 15), tick=False):
        assert send_review_reminders.call() == 1
        assert send_review_reminders.call() == 0  # once
        assert [s.key for s in sections(chief)] == ["document-reviews"]
    with time_machine.travel(D(2025, 1, 11), tick=False):
        assert send_review_reminders.call() == 1  # overdue, once
        assert send_review_reminders.call() == 0
        assert sections(chief)[0].items[0].overdue
    subjects = list(chief.notifications.values_list("subject", flat=True))
    assert len(subjects) == 2 and all(document.title in s for s in subjects)


def test_reviews_in_time_are_counted_for_the_indicator(org):
    chief = org.user(Role.SECURITY_CHIEF)
    with time_machine.travel(D(2023, 1, 10), tick=False):
        on_time = make_document(chief, title="A", review_months=12)
        late = make_document(chief, title="B", review_months=12)
    with time_machine.travel(D(2024, 1, 5), tick=False):
        services.mark_reviewed(on_time, by=chief, version=on_time.version)
    with time_machine.travel(D(2024, 3, 1), tick=False):
        services.mark_reviewed(late, by=chief, version=late.version)

    class Goal:
        area_id = None
        administration_id = None

    class Indicator:
        pk = 1
        unit_id = None
        goal = Goal()

    values = ReviewedInTime().compute(chief, [Indicator()], [2023, 2024])
    assert values == {1: {2024: Decimal("50.0")}}


def test_a_recipient_sees_what_to_confirm(org):
    chief, manager = org.user(Role.SECURITY_CHIEF), org.user(Role.MANAGER)
    document = make_document(chief, recipients=[(org.alfa_dept, Role.MANAGER)])
    assert [s.key for s in sections(manager)] == ["document-acknowledgements"]
    services.acknowledge(document.current, by=manager)
    assert sections(manager) == []
    assert timezone.localdate()


def test_a_recipient_who_has_not_confirmed_by_the_date_is_reminded_once(org):
    chief = org.user(Role.SECURITY_CHIEF)
    first, second = org.user(Role.MANAGER), org.user(Role.MANAGER)
    with time_machine.travel(D(2025, 3, 3), tick=False):
        document = make_document(chief, recipients=[(org.alfa_dept, Role.MANAGER)])
        assert send_acknowledgement_reminders.call() == 0  # the date is today: not yet
        services.acknowledge(document.current, by=first)
    with time_machine.travel(D(2025, 3, 4), tick=False):
        assert send_acknowledgement_reminders.call() == 1  # the one who has not confirmed
        assert send_acknowledgement_reminders.call() == 0  # once
    reminders = {"kind": "documents.acknowledge-overdue"}
    assert not first.notifications.filter(**reminders).exists()
    [reminder] = second.notifications.filter(**reminders)
    assert document.title in reminder.subject and reminder.url == document.get_absolute_url()


def test_a_replaced_version_is_no_longer_asked_about(org):
    chief, manager = org.user(Role.SECURITY_CHIEF), org.user(Role.MANAGER)
    with time_machine.travel(D(2025, 3, 3), tick=False):
        document = make_document(chief, recipients=[(org.alfa_dept, Role.MANAGER)])
        services.edit_draft(document, by=chief, version=document.version, body="Ny text.")
        document.refresh_from_db()
        services.adopt(
            document, by=chief, version=document.version, forum=forum(),
            decided_on=D(2025, 3, 3), paragraph="§ 13", registry_number="RS 2025/2",
        )  # fmt: skip
    with time_machine.travel(D(2025, 4, 1), tick=False):
        assert send_acknowledgement_reminders.call() == 0
    assert not manager.notifications.filter(kind="documents.acknowledge-overdue").exists()
