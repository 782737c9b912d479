"""Mass assignment: fields a client has no business setting (`reporter`, `status`, `unit`,
`is_staff`, …) sent along with a valid POST to a form or the API are ignored, never stored.

Each request carries HOSTILE (and the `_id` spellings of the same names) next to the fields
the form or schema asks for; the test then reads the row back and checks that every field not
asked for kept the value the service gives it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.actions.models import Action, ImprovementNeed
from sakra.goals.models import ManualValue
from sakra.incidents.choices import Status
from sakra.incidents.models import Incident, TimelineEntry

from .world import build_world

API = "/api/v1"


def _hostile(org, intruder) -> dict:
    """What an attacker would like to set: someone else's identity, a closed status, another
    unit, privileges, a forged reference and version, a chosen primary key."""
    values = {
        "reporter": intruder.pk,
        "handler": intruder.pk,
        "owner": intruder.pk,
        "created_by": intruder.pk,
        "raised_by": intruder.pk,
        "entered_by": intruder.pk,
        "author": intruder.pk,
        "acknowledged_by": intruder.pk,
        "status": "closed",
        "unit": org.beta_unit.pk,
        "administration": org.beta.pk,
        "area": org.other_area.pk,
        "is_staff": True,
        "is_superuser": True,
        "is_restricted": True,
        "reference": "HACK-1",
        "version": 999,
        "id": 999_999,
        "pk": 999_999,
        "rank": 1,
        "completed_at": "2020-01-01T00:00:00Z",
        "closed_at": "2020-01-01T00:00:00Z",
        "kind": "status_change",
    }
    values.update({f"{name}_id": value for name, value in list(values.items()) if name != "id"})
    return values


def _form_hostile(org, intruder, keep=()) -> dict:
    return {
        k: ("on" if v is True else v) for k, v in _hostile(org, intruder).items() if k not in keep
    }


def _api_post(client, path, body, token):
    return client.post(
        API + path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def _token(user):
    from sakra.accounts.services import create_api_token

    return create_api_token(user, "test")[1]


def _assert_nobody_promoted():
    assert not User.objects.filter(is_staff=True).exists()
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.fixture
def world(org):
    return build_world(org)


@pytest.fixture
def intruder(org):
    return org.user(home_unit=org.beta_unit, full_name="Inkräktare")


def _assert_fresh_incident(incident, reporter):
    assert incident.reporter_id == reporter.pk
    assert incident.status == Status.REPORTED
    assert incident.handler_id != 999_999 and incident.pk != 999_999
    assert incident.reference != "HACK-1" and incident.version == 1
    assert incident.is_restricted is False  # the category decides: fire is not restricted
    assert incident.unit_id != 0 and incident.acknowledged_by_id is None
    assert incident.closed_at is None


@pytest.mark.django_db
def test_report_form_ignores_extra_fields(client, org, world, intruder):
    inside, _outside = world
    reporter = org.user()
    client.force_login(reporter)
    data = {
        **_form_hostile(org, intruder, keep={"unit"}),
        "category": inside.incident.category_id,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "unit": org.alfa_unit.pk,
        "description": "Lampa trasig",
        "people_harmed": "0",
        "idempotency_key": "mass-assignment-1",
    }
    before = set(Incident.objects.values_list("pk", flat=True))
    response = client.post(reverse("incidents:report"), data)
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.exclude(pk__in=before).get()
    _assert_fresh_incident(incident, reporter)
    assert incident.unit_id == org.alfa_unit.pk
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_api_report_ignores_extra_fields(client, org, world, intruder):
    inside, _outside = world
    reporter = org.user()
    body = {
        **_hostile(org, intruder),
        "category_id": inside.incident.category_id,
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "unit_id": org.alfa_unit.pk,
        "description": "Lampa trasig",
    }
    response = _api_post(client, "/incidents", body, _token(reporter))
    assert response.status_code == 201, response.content
    incident = Incident.objects.get(pk=response.json()["id"])
    _assert_fresh_incident(incident, reporter)
    assert incident.unit_id == org.alfa_unit.pk
    _assert_nobody_promoted()


def _unchanged_but(incident, before, *changed):
    incident.refresh_from_db()
    fields = ["reporter_id", "handler_id", "unit_id", "administration_id", "area_id", "status",
              "severity", "is_restricted", "reference", "description", "closed_at",
              "acknowledged_by_id", "category_id"]  # fmt: skip
    for field in fields:
        if field not in changed:
            assert getattr(incident, field) == before[field], field


def _snapshot(incident):
    incident.refresh_from_db()
    return {f.attname: getattr(incident, f.attname) for f in Incident._meta.concrete_fields}


@pytest.mark.django_db
def test_incident_change_forms_ignore_extra_fields(client, org, world, intruder):
    incident = world[0].incident
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    before = _snapshot(incident)
    hostile = _form_hostile(org, intruder, keep={"status", "version"})
    response = client.post(
        reverse("incidents:status", args=[incident.pk]),
        {**hostile, "status": Status.UNDER_INVESTIGATION, "version": before["version"]},
    )
    assert response.status_code == 302
    _unchanged_but(incident, before, "status")
    assert incident.status == Status.UNDER_INVESTIGATION
    before = _snapshot(incident)
    response = client.post(
        reverse("incidents:severity", args=[incident.pk]),
        {**hostile, "severity": 4, "version": before["version"]},
    )
    assert response.status_code == 302
    _unchanged_but(incident, before, "severity")
    response = client.post(
        reverse("incidents:comment", args=[incident.pk]), {**hostile, "text": "Ok"}
    )
    assert response.status_code == 302
    comment = TimelineEntry.objects.filter(incident=incident).latest("pk")
    assert comment.author_id == chief.pk and comment.text == "Ok" and comment.pk != 999_999
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_api_incident_changes_ignore_extra_fields(client, org, world, intruder):
    incident = world[0].incident
    chief = org.user(Role.SECURITY_CHIEF)
    token = _token(chief)
    before = _snapshot(incident)
    body = {
        **_hostile(org, intruder),
        "status": Status.UNDER_INVESTIGATION,
        "version": before["version"],
    }
    response = _api_post(client, f"/incidents/{incident.pk}/status", body, token)
    assert response.status_code == 200, response.content
    _unchanged_but(incident, before, "status")
    before = _snapshot(incident)
    body = {**_hostile(org, intruder), "severity": 4, "version": before["version"]}
    assert _api_post(client, f"/incidents/{incident.pk}/severity", body, token).status_code == 200
    _unchanged_but(incident, before, "severity")
    body = {**_hostile(org, intruder), "text": "Ok"}
    response = _api_post(client, f"/incidents/{incident.pk}/comments", body, token)
    assert response.status_code == 201
    assert TimelineEntry.objects.get(pk=response.json()["id"]).author_id == chief.pk
    _assert_nobody_promoted()


def _assert_fresh_action(action, creator):
    assert action.created_by_id == creator.pk and action.status == "planned"
    assert action.version == 1 and action.pk != 999_999 and action.completed_at is None


@pytest.mark.django_db
def test_action_form_ignores_extra_fields(client, org, world, intruder):
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    data = {
        **_form_hostile(org, intruder, keep={"owner", "unit", "area"}),
        "title": "Nytt lås",
        "owner": chief.email,
        "unit": org.alfa_unit.pk,
        "due_date": (timezone.localdate() + timedelta(30)).isoformat(),
        "priority": "high",
    }
    before = set(Action.objects.values_list("pk", flat=True))
    response = client.post(reverse("actions:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.exclude(pk__in=before).get()
    _assert_fresh_action(action, chief)
    assert action.owner_id == chief.pk and action.unit_id == org.alfa_unit.pk
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_action_change_ignores_extra_fields(client, org, world, intruder):
    action = world[0].action
    owner, title = action.owner_id, action.title
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    hostile = _form_hostile(org, intruder, keep={"version"})
    response = client.post(
        reverse("actions:start", args=[action.pk]), {**hostile, "version": action.version}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress" and action.owner_id == owner and action.title == title
    body = {**_hostile(org, intruder), "version": action.version}
    response = _api_post(client, f"/actions/{action.pk}/complete", body, _token(chief))
    assert response.status_code == 200, response.content
    action.refresh_from_db()
    assert (
        action.status == "done" and action.owner_id == owner and action.unit_id == world[0].unit.pk
    )
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_api_action_and_need_ignore_extra_fields(client, org, world, intruder):
    chief = org.user(Role.SECURITY_CHIEF)
    token = _token(chief)
    body = {
        **_hostile(org, intruder),
        "title": "Nytt lås",
        "owner_id": chief.pk,
        "unit_id": org.alfa_unit.pk,
        "area_id": org.area.pk,
        "due_date": (timezone.localdate() + timedelta(30)).isoformat(),
    }
    response = _api_post(client, "/actions", body, token)
    assert response.status_code == 201, response.content
    _assert_fresh_action(Action.objects.get(pk=response.json()["id"]), chief)
    employee = org.user(Role.EMPLOYEE)
    body = {
        **_hostile(org, intruder),
        "title": "Lampa",
        "description": "Mörkt",
        "unit_id": org.alfa_unit.pk,
    }
    response = _api_post(client, "/improvement-needs", body, _token(employee))
    assert response.status_code == 201, response.content
    need = ImprovementNeed.objects.get(pk=response.json()["id"])
    assert need.raised_by_id == employee.pk and need.rank is None and need.version == 1
    assert need.status == ImprovementNeed._meta.get_field("status").default
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_goal_value_form_ignores_extra_fields(client, org, world, intruder):
    indicator = world[0].indicator
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    year = timezone.localdate().year - 1
    hostile = _form_hostile(org, intruder)
    hostile.update({"indicator": world[1].indicator.pk, "indicator_id": world[1].indicator.pk})
    response = client.post(
        reverse("goals:indicator", args=[indicator.pk]),
        {**hostile, "year": year, "value": "3", "source": "Pärmen"},
    )
    assert response.status_code == 302
    value = ManualValue.objects.get()
    assert value.indicator_id == indicator.pk and value.entered_by_id == chief.pk
    assert value.pk != 999_999
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_goal_form_ignores_extra_fields(client, org, intruder):
    from sakra.goals.models import Goal

    owner = org.user(Role.AREA_OWNER)
    client.force_login(owner)
    hostile = {**_form_hostile(org, intruder), "is_active": "", "version": "99",
               "area_id": org.other_area.pk, "administration_id": org.beta.pk}  # fmt: skip
    data = {"title": "Färre hot", "scope": f"area-{org.area.pk}", "start_year": 2025,
            "end_year": 2028, "owner": owner.email, "priority": "high"}  # fmt: skip
    assert client.post(reverse("goals:create"), {**hostile, **data}).status_code == 302
    goal = Goal.objects.get()
    assert (goal.area, goal.administration, goal.is_active, goal.version) == (
        org.area,
        None,
        True,
        1,
    )
    _assert_nobody_promoted()


@pytest.mark.django_db
def test_own_profile_cannot_be_changed_by_post(client, org, intruder):
    user = org.user(Role.EMPLOYEE, full_name="Anna Andersson")
    client.force_login(user)
    data = {**_form_hostile(org, intruder), "full_name": "Hacker", "email": "h@example.se"}
    response = client.post(reverse("accounts:me"), data)
    assert response.status_code in (200, 405)
    user.refresh_from_db()
    assert (user.full_name, user.is_staff, user.is_superuser) == ("Anna Andersson", False, False)
    _assert_nobody_promoted()
