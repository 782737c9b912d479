"""Managers in the loop (seed 004): told of their unit's reports, at each report or in a daily
digest, never of a restricted one they may not read; their unit's open incidents in "Mina
uppgifter"; the choice on Min sida."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification, OutboxEmail
from sakra.core.concurrency import StaleVersion
from sakra.core.hooks import inbox_sections
from sakra.incidents.choices import FollowFrequency
from sakra.incidents.following import services as following
from sakra.incidents.following.models import FollowDigest, FollowSetting
from sakra.incidents.models import LOCAL_ZONE
from sakra.testing import count_queries


def _unit_notes(user):
    return Notification.objects.filter(recipient=user, kind="incidents.in-your-unit")


@pytest.fixture
def manager(org):
    """The manager of Alfa avdelning (the demo's Akutkliniken: a department with units)."""
    return org.user(Role.MANAGER, email="chef@example.se")


def test_a_manager_is_told_of_a_report_in_their_unit(org, manager, report):
    reporter = org.user(Role.EMPLOYEE)
    incident = report(reporter)
    note = _unit_notes(manager).get()
    assert note.args["reference"] == incident.reference
    assert note.url == reverse("incidents:detail", args=[incident.pk])
    # Where and what kind, never what happened or who reported it.
    assert "Rökutveckling" not in note.subject + note.body
    assert reporter.full_name not in note.subject + note.body
    assert not note.send_email  # e-mail only when they choose it


def test_no_notification_for_a_restricted_report_outside_their_access(org, manager, report,
                                                                      threat):  # fmt: skip
    report(org.user(Role.EMPLOYEE), category=threat)
    assert not _unit_notes(manager).exists()


def test_no_notification_for_another_unit_or_to_the_reporting_manager(org, manager, report):
    report(org.user(Role.EMPLOYEE, home_unit=org.beta_unit), unit=org.beta_unit)
    report(manager)  # they know of their own report
    assert not _unit_notes(manager).exists()


def test_a_manager_who_chose_e_mail_gets_it_and_one_who_chose_none_nothing(org, manager, report):
    other = org.user(Role.MANAGER, email="chef2@example.se")
    FollowSetting.objects.create(user=manager, by_email=True)
    FollowSetting.objects.create(user=other, frequency=FollowFrequency.NONE)
    report(org.user(Role.EMPLOYEE))
    note = _unit_notes(manager).get()
    assert note.send_email and OutboxEmail.objects.filter(notification=note).exists()
    assert not _unit_notes(other).exists()


def test_a_digest_manager_is_not_told_at_each_report(org, manager, report):
    FollowSetting.objects.create(user=manager, frequency=FollowFrequency.DIGEST)
    report(org.user(Role.EMPLOYEE))
    assert not _unit_notes(manager).exists()


def _at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=LOCAL_ZONE)


def test_the_daily_digest_is_sent_once(org, manager, report, threat):
    FollowSetting.objects.create(user=manager, frequency=FollowFrequency.DIGEST, by_email=True)
    reporter = org.user(Role.EMPLOYEE)
    first, second = report(reporter), report(reporter)
    report(reporter, category=threat)  # restricted: not theirs to read
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    assert following.send_digests(_at(tomorrow, 5)) == 0  # before the hour
    assert following.send_digests(_at(tomorrow, 7)) == 1
    # The worker enqueues it every minute, and two workers may run it: one digest a day.
    assert following.send_digests(_at(tomorrow, 8)) == 0
    assert following.send_digest(FollowSetting.objects.get(user=manager), today) is False
    note = Notification.objects.get(recipient=manager, kind="incidents.digest")
    assert note.args["count"] == 2 and note.send_email
    assert first.reference in note.body and second.reference in note.body
    digest = FollowDigest.objects.get(user=manager)
    assert (digest.day, digest.count) == (today, 2)


def test_a_day_without_reports_records_the_digest_and_tells_nothing(org, manager):
    FollowSetting.objects.create(user=manager, frequency=FollowFrequency.DIGEST)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert following.send_digests(_at(tomorrow, 7)) == 0
    assert FollowDigest.objects.filter(user=manager, count=0).exists()
    assert not Notification.objects.filter(recipient=manager).exists()


def test_my_tasks_show_the_unit_open_incidents_to_its_manager_only(org, manager, report, threat):
    reporter = org.user(Role.EMPLOYEE)
    seen = report(reporter)
    report(reporter, category=threat)
    report(org.user(Role.EMPLOYEE, home_unit=org.beta_unit), unit=org.beta_unit)
    section = {s.key: s for s in inbox_sections(manager)}["incidents-unit"]
    assert section.count == 1 and seen.reference in section.items[0].title
    assert "incidents-unit" not in {s.key for s in inbox_sections(reporter)}
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    assert "incidents-unit" not in {s.key for s in inbox_sections(coordinator)}


def test_my_tasks_section_queries_do_not_grow(org, manager, report):
    reporter = org.user(Role.EMPLOYEE)
    for _ in range(6):  # past the five shown: the sections count from here on
        report(reporter)
    manager = type(manager).objects.get(pk=manager.pk)
    with count_queries() as few:
        inbox_sections(manager)
    for _ in range(14):
        report(reporter)
    manager = type(manager).objects.get(pk=manager.pk)
    with count_queries() as many:
        inbox_sections(manager)
    assert len(many) == len(few)


def test_the_manager_sets_the_preference_on_min_sida(client, org, manager):
    client.force_login(manager)
    page = client.get(reverse("accounts:me"))
    assert reverse("incidents:follow-settings") in page.content.decode()
    url = reverse("incidents:follow-settings")
    assert client.get(url).status_code == 200
    answer = client.post(url, {"version": 1, "frequency": "digest", "by_email": "on"})
    assert answer.status_code == 302
    setting = FollowSetting.objects.get(user=manager)
    assert (setting.frequency, setting.by_email, setting.version) == ("digest", True, 1)
    stale = client.post(url, {"version": 1, "frequency": "none"})
    assert stale.status_code == 302  # the row was version 1: this is its next version
    assert FollowSetting.objects.get(user=manager).version == 2
    assert client.post(url, {"version": 1, "frequency": "each"}).status_code == 409
    assert client.post(url, {"version": 2, "frequency": "sometimes"}).status_code == 422


def test_a_stale_first_save_is_refused(org, manager):
    with pytest.raises(StaleVersion):
        following.set_follow_setting(by=manager, frequency="each", by_email=False, version=3)


@pytest.mark.parametrize(
    "role",
    [
        Role.EMPLOYEE,
        Role.HEAD_OF_ADMINISTRATION,
        Role.SECURITY_COORDINATOR,
        Role.SECURITY_PARTNER,
        Role.AREA_OWNER,
        Role.SECURITY_CHIEF,
        Role.BOARD_MEMBER,
        Role.AUDITOR,
    ],
)
def test_other_roles_have_no_such_preference(client, org, role):
    user = org.user(role)
    client.force_login(user)
    url = reverse("incidents:follow-settings")
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": 1, "frequency": "none"}).status_code == 403
    assert url not in client.get(reverse("accounts:me")).content.decode()


def test_anonymous_is_sent_to_log_in(client, db):
    answer = client.get(reverse("incidents:follow-settings"))
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_the_worker_sends_the_digests():
    from sakra.core.hooks import periodic_tasks
    from sakra.incidents.tasks import send_manager_digests

    assert send_manager_digests in periodic_tasks()
