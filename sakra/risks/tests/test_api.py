"""The API: create, read and update through the services; bad input answers 422 by field."""

import pytest
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role

from .factories import make_analysis, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(org):
    client = Client()
    client.force_login(org.user(Role.SECURITY_CHIEF))
    return client


def _post(client, path, body):
    return client.post(f"/api/v1{path}", body, content_type="application/json")


def test_create_an_analysis_and_a_risk_and_update_it(org, client):
    today = timezone.localdate().isoformat()
    created = _post(client, "/risks/analyses", {
        "title": "RSA", "kind": "regional_rsa", "unit_id": org.region.pk,
        "period_start": today, "period_end": today,
    })  # fmt: skip
    assert created.status_code == 201, created.content
    analysis_id = created.json()["id"]
    risk = _post(client, f"/risks/analyses/{analysis_id}/risks", {
        "title": "Elavbrott", "area_id": org.area.pk,
        "owner_id": created.wsgi_request.user.pk, "inherent_likelihood": 5,
        "inherent_consequence": 4,
    })  # fmt: skip
    assert risk.status_code == 201 and risk.json()["current_level"] == 4
    updated = _post(client, f"/risks/risks/{risk.json()['id']}", {
        "version": risk.json()["version"], "current_likelihood": 1, "current_consequence": 1,
    })  # fmt: skip
    assert updated.status_code == 200 and updated.json()["current_level"] == 1
    listed = client.get("/api/v1/risks/risks?above=true").json()
    assert listed["count"] == 0


@pytest.mark.parametrize("value", [0, 6])
def test_a_step_outside_the_matrix_answers_422(org, client, value):
    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    answer = _post(client, f"/risks/analyses/{analysis.pk}/risks", {
        "title": "X", "area_id": org.area.pk, "owner_id": chief.pk,
        "inherent_likelihood": value, "inherent_consequence": 2,
    })  # fmt: skip
    assert answer.status_code == 422
    assert "inherent_likelihood" in answer.content.decode()


def test_accepting_above_the_level_without_justification_answers_422(org, client):
    chief = org.user(Role.SECURITY_CHIEF)
    risk = make_risk(make_analysis(org.alfa_unit, org.area, by=chief), org.area, chief, by=chief)
    answer = _post(client, f"/risks/risks/{risk.pk}", {
        "version": risk.version, "current_likelihood": 5, "current_consequence": 5,
        "treatment": "accept",
    })  # fmt: skip
    assert answer.status_code == 422 and "justification" in answer.content.decode()
    stale = _post(client, f"/risks/risks/{risk.pk}", {"version": risk.version + 3, "title": "Y"})
    assert stale.status_code == 409


def test_approval_through_the_api_names_what_stands_in_the_way(org, client):
    from sakra.governance.models import Forum

    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    risk = make_risk(analysis, org.area, chief, by=chief, likelihood=5, consequence=5)
    forum = Forum.objects.create(name="Regionstyrelsen", kind="political")
    problems = client.get(f"/api/v1/risks/analyses/{analysis.pk}/approval").json()["problems"]
    assert len(problems) == 1 and risk.title in problems[0]
    body = {"version": analysis.version, "forum_id": forum.pk,
            "decided_on": timezone.localdate().isoformat(), "paragraph": "§ 3"}  # fmt: skip
    refused = _post(client, f"/risks/analyses/{analysis.pk}/approve", body)
    assert refused.status_code == 422 and "risks" in refused.json()["errors"]
    _post(client, f"/risks/risks/{risk.pk}", {"version": risk.version, "treatment": "reduce"})
    approved = _post(client, f"/risks/analyses/{analysis.pk}/approve", body)
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and approved.json()["decision_id"]
    stale = _post(client, f"/risks/analyses/{analysis.pk}/approve", body)
    assert stale.status_code == 409


def test_critical_services_and_the_matrix_preview_through_the_api(org, client):
    created = _post(client, "/risks/critical-services", {
        "name": "Akut sjukvård", "unit_id": org.alfa_unit.pk, "tolerable_outage_hours": 0,
    })  # fmt: skip
    assert created.status_code == 201, created.content
    service = created.json()
    added = _post(client, f"/risks/critical-services/{service['id']}/dependencies", {
        "kind": "electricity", "tolerable_outage_hours": 0, "backup": "Reservkraft",
    })  # fmt: skip
    assert added.status_code == 201 and added.json()["dependencies"][0]["kind"] == "electricity"
    bad = _post(client, "/risks/critical-services", {
        "name": "X", "unit_id": org.alfa_unit.pk, "tolerable_outage_hours": -1,
    })  # fmt: skip
    assert bad.status_code == 422
    listed = client.get("/api/v1/risks/critical-services").json()
    assert [row["name"] for row in listed["items"]] == ["Akut sjukvård"]
    analysis = make_analysis(org.alfa_unit, org.area, by=org.user(Role.SECURITY_CHIEF))
    preview = client.get(f"/api/v1/risks/analyses/{analysis.pk}/matrix").json()
    assert preview["matrix_version"] == preview["target_version"] == 1
