"""Who sees what (issue 3): per role, in and out of scope, restricted reports."""

import pytest
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.core.access import CHANGE
from sakra.incidents.models import Incident
from sakra.incidents.querysets import ACKNOWLEDGE


def visible(user):
    return set(Incident.objects.for_user(user).values_list("pk", flat=True))


@pytest.fixture
def incidents(org, report, threat):
    """A plain and a restricted report in Alfa, a plain one in Beta, an acute threat in Alfa."""
    reporter = org.user(Role.EMPLOYEE)
    return {
        "reporter": reporter,
        "alfa": report(reporter),
        "alfa_threat": report(reporter, category=threat, description="Hot i väntrummet"),
        "beta": report(org.user(home_unit=org.beta_unit), unit=org.beta_unit),
        "acute_threat": report(org.user(), category=threat, is_acute=True),
    }


def test_reporter_sees_own_only(org, incidents):
    assert visible(incidents["reporter"]) == {incidents["alfa"].pk, incidents["alfa_threat"].pk}
    assert visible(org.user(Role.EMPLOYEE)) == set()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.MANAGER, {"alfa"}),
        (Role.HEAD_OF_ADMINISTRATION, {"alfa"}),
        # The handling of restricted reports, not their personal data (privacy.py).
        (Role.AUDITOR, {"alfa", "alfa_threat", "acute_threat"}),
        (Role.SECURITY_COORDINATOR, {"alfa", "alfa_threat", "acute_threat"}),
        (Role.SECURITY_PARTNER, {"alfa", "acute_threat"}),
        (Role.SECURITY_CHIEF, {"alfa", "alfa_threat", "beta", "acute_threat"}),
        (Role.BOARD_MEMBER, set()),
    ],
)
def test_roles_in_scope(org, incidents, role, expected):
    assert visible(org.user(role)) == {incidents[name].pk for name in expected}


def test_area_owner_sees_their_area_including_restricted(org, incidents):
    # org.area is the threats' area; the plain reports are in org.other_area.
    owner = org.user(Role.AREA_OWNER)
    assert visible(owner) == {incidents["alfa_threat"].pk, incidents["acute_threat"].pk}


def test_out_of_scope_coordinator_sees_nothing_of_alfa(org, incidents):
    beta_coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    assert visible(beta_coordinator) == {incidents["beta"].pk}


def test_handler_sees_restricted_they_handle(org, incidents):
    partner = org.user(Role.SECURITY_PARTNER)
    threat = incidents["alfa_threat"]
    assert threat.pk not in visible(partner)
    Incident.objects.filter(pk=threat.pk).update(handler=partner)
    assert threat.pk in visible(partner)
    assert Incident.objects.for_user(partner, CHANGE).filter(pk=threat.pk).exists()


def test_acknowledge_only_acute(org, incidents):
    partner = org.user(Role.SECURITY_PARTNER)
    assert set(Incident.objects.for_user(partner, ACKNOWLEDGE).values_list("pk", flat=True)) == {
        incidents["acute_threat"].pk
    }


def test_anonymous_user_sees_nothing(incidents):
    from django.contrib.auth.models import AnonymousUser

    assert not Incident.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        (Role.MANAGER, "alfa", 200),
        (Role.MANAGER, "alfa_threat", 404),
        (Role.MANAGER, "beta", 404),
        (Role.SECURITY_COORDINATOR, "alfa_threat", 200),
        (Role.AUDITOR, "alfa", 200),
        (Role.AUDITOR, "beta", 404),
        (Role.SECURITY_PARTNER, "acute_threat", 200),
        (Role.SECURITY_CHIEF, "beta", 200),
        (Role.EMPLOYEE, "alfa", 404),
    ],
)
def test_detail_view_per_role(client, org, incidents, role, name, status):
    client.force_login(org.user(role))
    response = client.get(reverse("incidents:detail", args=[incidents[name].pk]))
    assert response.status_code == status


def test_detail_of_restricted_is_logged(client, org, incidents):
    from auditlog.models import LogEntry

    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    threat = incidents["alfa_threat"]
    client.get(reverse("incidents:detail", args=[threat.pk]))
    entry = LogEntry.objects.get(object_pk=str(threat.pk), action=LogEntry.Action.ACCESS)
    assert entry.actor == chief


def test_an_export_logs_each_restricted_incident_it_carries(client, org, incidents):
    from auditlog.models import LogEntry

    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    response = client.get(reverse("incidents:export-csv"))
    b"".join(response.streaming_content)  # the rows are logged as they are written
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=chief)
    restricted = {str(i.pk) for i in incidents.values() if getattr(i, "is_restricted", False)}
    assert restricted and set(reads.values_list("object_pk", flat=True)) == restricted
    assert all(entry.changes == {"read": "list"} for entry in reads)


def test_a_region_wide_chief_who_also_coordinates_one_administration_keeps_every_roster(
    client, org
):
    """The roster form offered only Beta: the region-wide scope was an empty Q(), which
    Django drops from an OR with Beta's subtree."""
    from sakra.accounts.models import RoleAssignment

    chief = org.user(Role.SECURITY_CHIEF)  # held at the root unit: region-wide
    RoleAssignment.objects.create(user=chief, role=Role.SECURITY_COORDINATOR, unit=org.beta)
    client.force_login(chief)
    offered = client.get(reverse("incidents:roster")).context["form"].fields["administration"]
    assert {org.alfa, org.beta} <= set(offered.queryset)
