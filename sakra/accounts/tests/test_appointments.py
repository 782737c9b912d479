"""Roles appointed in the app: access follows on the next request, ends when the role ends."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.appointments import services
from sakra.accounts.appointments.coverage import coverage
from sakra.accounts.choices import Role
from sakra.accounts.models import Notification, RoleAppointment, RoleAssignment
from sakra.core.access import VIEW
from sakra.organisation.models import SecurityArea

TODAY = timezone.localdate


def appoint(org, chief, person, **overrides):
    values = {
        "user": person,
        "role": Role.SECURITY_COORDINATOR,
        "unit": org.beta,
        "starts_on": TODAY(),
        "reason": "Ny samordnare efter omorganisation",
    }
    values.update(overrides)
    return services.appoint_role(by=chief, **values)


def test_the_chief_appoints_a_coordinator_and_access_follows_on_the_next_request(org, client):
    chief, person = org.user(Role.SECURITY_CHIEF), org.user(home_unit=org.beta_unit)
    client.force_login(person)
    assert client.get(reverse("incidents:retention")).status_code == 403
    appointment = appoint(org, chief, person)
    assert appointment.assignment.role == Role.SECURITY_COORDINATOR
    assert Notification.objects.filter(recipient=person).exists()
    assert client.get(reverse("incidents:retention")).status_code == 200  # the next request
    services.end_role(
        appointment, by=chief, version=appointment.version, ends_on=TODAY(), reason="Slutar"
    )
    assert not RoleAssignment.objects.filter(user=person).exists()
    response = client.get(reverse("incidents:retention"))
    assert response.status_code in (302, 403)  # the session ended with the role


def test_a_future_appointment_starts_on_its_day(org):
    chief, person = org.user(Role.SECURITY_CHIEF), org.user()
    later = TODAY() + timedelta(days=3)
    appointment = appoint(org, chief, person, starts_on=later, ends_on=later + timedelta(days=2))
    assert appointment.assignment is None
    assert services.sync_all(TODAY()) == 0
    assert services.sync_all(later) == 1 and services.sync_all(later) == 0
    assert RoleAssignment.objects.filter(user=person, role=Role.SECURITY_COORDINATOR).exists()
    assert services.sync_all(later + timedelta(days=2)) == 1
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_an_area_owner_is_set_on_the_area(org):
    chief, person = org.user(Role.SECURITY_CHIEF), org.user()
    appoint(org, chief, person, role=Role.AREA_OWNER, unit=None, area=org.other_area)
    assert SecurityArea.objects.get(pk=org.other_area.pk).owner == person


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit": "alfa_unit"}, "unit"),
        ({"role": Role.AREA_OWNER, "unit": None}, "area"),
        ({"role": Role.BOARD_MEMBER}, "unit"),
        ({"role": Role.SECURITY_CHIEF}, "role"),
        ({"ends_on": "yesterday"}, "ends_on"),
    ],
)
def test_a_wrong_scope_is_refused(org, overrides, field):
    chief = org.user(Role.SECURITY_CHIEF)
    if overrides.get("unit") == "alfa_unit":
        overrides["unit"] = org.alfa_unit
    if overrides.get("ends_on") == "yesterday":
        overrides["ends_on"] = TODAY() - timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        appoint(org, chief, org.user(), **overrides)
    assert field in refused.value.message_dict
    assert not RoleAppointment.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_CHIEF])
def test_only_the_chief_appoints(org, role):
    with pytest.raises(PermissionDenied):
        appoint(org, org.user(role), org.user())


def test_the_overview_names_places_without_holders(org):
    org.area.owner = org.user()
    org.area.save()
    org.user(Role.SECURITY_COORDINATOR, unit=org.alfa)
    administrations, areas = coverage()
    missing = {str(row.place): row.missing for row in administrations + areas}
    assert missing[str(org.alfa)] == "" and missing[str(org.beta)]
    assert missing[str(org.area)] == "" and missing[str(org.other_area)]


def test_the_pages_appoint_and_end(org, client):
    chief, person = org.user(Role.SECURITY_CHIEF), org.user(email="ny@example.se")
    client.force_login(chief)
    assert client.get(reverse("accounts:roles")).status_code == 200
    response = client.post(
        reverse("accounts:appoint"),
        {
            "user": "ny@example.se",
            "role": Role.SECURITY_PARTNER,
            "unit": org.alfa.pk,
            "starts_on": TODAY().isoformat(),
            "reason": "Förstärkning",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appointment = RoleAppointment.objects.get(user=person)
    assert appointment.appointed_by == chief
    page = client.get(reverse("accounts:roles")).content.decode()
    assert person.full_name in page
    response = client.post(
        reverse("accounts:end-role", args=[appointment.pk]),
        {"version": appointment.version, "ends_on": TODAY().isoformat(), "reason": "Klart"},
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert RoleAppointment.objects.for_user(person, VIEW).filter(pk=appointment.pk).exists()


def test_the_worker_starts_and_ends_appointments_every_minute():
    from sakra.accounts.tasks import send_due_emails, start_and_end_appointments
    from sakra.core.hooks import periodic_tasks

    assert {start_and_end_appointments, send_due_emails} <= set(periodic_tasks())


def test_every_appointment_is_reachable_a_page_at_a_time(org, client):
    """A region appoints hundreds over the years: the list pages through them all, newest
    first, and says how many there are (it stopped silently at 200)."""
    chief = org.user(Role.SECURITY_CHIEF)
    people = [org.user() for _ in range(3)]
    RoleAppointment.objects.bulk_create(
        RoleAppointment(user=people[n % 3], role=Role.SECURITY_PARTNER, unit=org.alfa,
                        starts_on=TODAY() - timedelta(days=n), reason=f"Skäl {n}")
        for n in range(60)
    )  # fmt: skip
    client.force_login(chief)
    first = client.get(reverse("accounts:roles")).content.decode()
    assert "Förordnanden (60)" in first and "Sida 1 av 2" in first
    assert "Skäl 0<" in first and "Skäl 49<" in first and "Skäl 50<" not in first
    second = client.get(reverse("accounts:roles"), {"page": 2}).content.decode()
    assert "Skäl 50<" in second and "Skäl 59<" in second and "Skäl 0<" not in second
