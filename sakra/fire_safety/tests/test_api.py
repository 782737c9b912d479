"""SBA's API: a round recorded and finished, a stale version, a marking refused, a tillsyn
with a late remark, and nothing outside the caller's scope."""

import pytest
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.fire_safety.models import Round

from .factories import make_binder

pytestmark = pytest.mark.django_db


@pytest.fixture
def binder(org):
    manager = org.user(Role.MANAGER)
    document, point = make_binder(org.site, org.alfa_unit, org.area, manager)
    return document, point, manager


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_round_recorded_and_finished_through_the_api(binder):
    _d, point, manager = binder
    round_ = Round.objects.get(control_point=point)
    client = _client(manager)
    detail = client.get(f"/api/v1/fire-safety/rounds/{round_.pk}").json()
    items = [item["id"] for item in detail["checklist"]]
    url = f"/api/v1/fire-safety/rounds/{round_.pk}/results"
    body = {
        "version": detail["version"],
        "results": [{"item_id": items[0], "outcome": "deviation", "comment": "Pall"}]
        + [{"item_id": pk, "outcome": "ok"} for pk in items[1:]],
        "performed_on": timezone.localdate().isoformat(),
        "finish": True,
    }
    stale = client.post(url, {**body, "version": 99}, content_type="application/json")
    assert stale.status_code == 409
    marked = {**body, "results": [{"item_id": items[0], "outcome": "ok", "comment": "HEMLIG"}]}
    assert client.post(url, marked, content_type="application/json").status_code == 422
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "finished"
    assert data["results"][0]["action_id"] is not None
    again = client.post(url, {**body, "version": data["version"]}, content_type="application/json")
    assert again.status_code == 422  # finished: only comments
    comment = client.post(
        f"/api/v1/fire-safety/rounds/{round_.pk}/comments", {"text": "Flyttad"},
        content_type="application/json",
    )  # fmt: skip
    assert comment.status_code == 201


def test_a_tillsyn_with_a_late_remark_and_scope(binder, org):
    document, _p, _m = binder
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    client = _client(coordinator)
    body = {
        "date": "2026-01-10",
        "rescue_service": "Räddningstjänsten Syd",
        "remarks": [{"text": "Skylt saknas", "deadline": "2026-02-01", "kind": "injunction"}],
    }
    url = f"/api/v1/fire-safety/documents/{document.pk}/inspections"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    remark = response.json()["remarks"][0]
    assert remark["deadline"] == "2026-02-01" and remark["past_deadline"]
    no_deadline = {**body, "remarks": [{"text": "Skylt saknas"}]}
    assert client.post(url, no_deadline, content_type="application/json").status_code == 422
    listed = client.get("/api/v1/fire-safety/remarks?past_deadline=true").json()
    assert [row["id"] for row in listed["items"]] == [remark["id"]]
    stranger = _client(org.user(Role.SECURITY_COORDINATOR, unit=org.beta))
    assert stranger.get(f"/api/v1/fire-safety/documents/{document.pk}").status_code == 404
    assert stranger.get("/api/v1/fire-safety/remarks").json()["count"] == 0


def test_the_api_literals_are_the_choices():
    from typing import get_args

    from sakra.fire_safety import api
    from sakra.fire_safety.choices import Outcome, RemarkKind, RemarkStatus

    assert set(get_args(api.OutcomeIn)) == set(Outcome.values)
    assert set(get_args(api.RemarkKindIn)) == set(RemarkKind.values)
    assert set(get_args(api.StatusValue)) == set(RemarkStatus.values)
