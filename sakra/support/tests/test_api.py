"""Support's API: contacts, asking, answering, rating only by the asker once answered, time
and absences; out of scope 404."""

import pytest
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.support.models import SupportRequest

from .factories import make_team

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(f"/api/v1{url}", body, content_type="application/json")


def test_ask_answer_and_rate_through_the_api(org):
    partner = org.user(Role.SECURITY_PARTNER)
    make_team(administrations=[org.alfa], members=[partner])
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    asker = _client(manager)
    body = {"unit_id": org.alfa_unit.pk, "area_id": org.area.pk, "question": "Hur?"}
    assert _post(asker, "/support/requests", {**body, "urgency": "acute"}).status_code == 422
    assert _post(asker, "/support/requests", {**body, "question": "HEMLIG"}).status_code == 422
    outside = _post(asker, "/support/requests", {**body, "unit_id": org.beta_unit.pk})
    assert outside.status_code == 422 and "unit" in outside.json()["errors"]
    missing = _post(asker, "/support/requests", {**body, "area_id": 999999})
    assert missing.status_code == 422 and "area" in missing.json()["errors"]
    created = _post(asker, "/support/requests", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["team_id"] is not None and data["manager_level"] == "first_line"
    rid = data["id"]
    rating = {"version": data["version"], "helped": "yes", "time_acceptable": True}
    early = _post(asker, f"/support/requests/{rid}/rating", rating)
    assert early.status_code == 422  # not answered yet
    handler = _client(partner)
    answered = _post(handler, f"/support/requests/{rid}/answer",
                     {"version": data["version"], "answer": "Så här"})  # fmt: skip
    assert answered.status_code == 200
    version = answered.json()["version"]
    assert _post(handler, f"/support/requests/{rid}/rating", {**rating, "version": version}
                 ).status_code == 403  # fmt: skip
    time = {"spent_on": timezone.localdate().isoformat(), "hours": "1.25"}
    assert _post(handler, f"/support/requests/{rid}/time", time).status_code == 201
    assert _post(asker, f"/support/requests/{rid}/time", time).status_code == 403
    rated = _post(asker, f"/support/requests/{rid}/rating", {**rating, "version": version})
    assert rated.status_code == 200 and rated.json()["status"] == "closed"
    beta = _client(org.user(Role.SECURITY_PARTNER, unit=org.beta))
    assert beta.get(f"/api/v1/support/requests/{rid}").status_code == 404
    assert beta.get("/api/v1/support/requests").json()["count"] == 0
    assert asker.get("/api/v1/support/requests").json()["count"] == 1
    assert SupportRequest.objects.get().helped == "yes"


def test_contacts_and_absences_through_the_api(org):
    partner = org.user(Role.SECURITY_PARTNER, full_name="Pia Partner")
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    client = _client(manager)
    contacts = client.get("/api/v1/support/contacts").json()
    entry = next(e for e in contacts if e["area_id"] == org.area.pk)
    assert entry["contact"]["name"] == "Pia Partner"
    assert client.get(f"/api/v1/support/contacts?unit_id={org.beta_unit.pk}").status_code == 404
    today = timezone.localdate().isoformat()
    away = _client(partner)
    bad = _post(away, "/support/absences", {"starts_on": today, "ends_on": "2000-01-01"})
    assert bad.status_code == 422 and "ends_on" in bad.json()["errors"]
    assert _post(away, "/support/absences", {"starts_on": today, "ends_on": today}
                 ).status_code == 201  # fmt: skip
    entry = next(e for e in client.get("/api/v1/support/contacts").json()
                 if e["area_id"] == org.area.pk)  # fmt: skip
    assert entry["contact"] is not None and entry["contact"]["away_until"] == today


def test_a_coordinator_enters_and_cancels_an_absence_through_the_api(org):
    coordinator = _client(org.user(Role.SECURITY_COORDINATOR, unit=org.alfa))
    person = org.user(home_unit=org.alfa_unit)
    outsider = org.user(home_unit=org.beta_unit)
    today = timezone.localdate().isoformat()
    body = {"starts_on": today, "ends_on": today}
    assert _post(coordinator, "/support/absences",
                 {**body, "person_id": outsider.pk}).status_code == 403  # fmt: skip
    missing = _post(coordinator, "/support/absences", {**body, "person_id": 999999})
    assert missing.status_code == 422 and "person" in missing.json()["errors"]
    # Someone else's absence needs a coordinator's role: a colleague may not.
    colleague = _client(org.user(home_unit=org.alfa_unit))
    assert _post(colleague, "/support/absences",
                 {**body, "person_id": person.pk}).status_code == 403  # fmt: skip
    created = _post(coordinator, "/support/absences", {**body, "person_id": person.pk})
    assert created.status_code == 201, created.content
    absence = created.json()
    assert absence["person_id"] == person.pk and absence["version"] == 1
    listed = coordinator.get("/api/v1/support/absences").json()
    assert [row["id"] for row in listed["items"]] == [absence["id"]]
    assert _client(outsider).get("/api/v1/support/absences").json()["count"] == 0
    url = f"/support/absences/{absence['id']}/cancel"
    assert _post(_client(outsider), url, {"version": 1}).status_code == 404
    assert _post(coordinator, url, {"version": 2}).status_code == 409
    cancelled = _post(coordinator, url, {"version": 1})
    assert cancelled.status_code == 200 and cancelled.json()["is_cancelled"] is True
    assert _post(coordinator, url, {"version": 2}).status_code == 422
