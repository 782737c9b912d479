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
