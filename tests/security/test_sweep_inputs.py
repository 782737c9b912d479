"""What the independent sweep found in the input paths (issue #16, 5–8), held on both
databases: the API's text is the forms' text, awareness never in the future, bounded cursors,
and notification subjects that fit their column."""

from __future__ import annotations

import base64
import json
import unicodedata
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.actions.models import Action, ImprovementNeed
from sakra.incidents.models import Incident, IncidentCategory, TimelineEntry

pytestmark = pytest.mark.django_db

API = "/api/v1"
NFD = "Hot och va\u030ald i va\u0308ntrummet"


@pytest.fixture
def category(org):
    return IncidentCategory.objects.create(
        code="s-brand", name_sv="Brand", name_en="Fire", area=org.area
    )


def _post(client, path, body):
    return client.post(API + path, json.dumps(body), content_type="application/json")


def _report(org, category, **overrides):
    return {
        "category_id": category.pk, "unit_id": org.alfa_unit.pk, "description": "Rök",
        "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(), **overrides,
    }  # fmt: skip


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_api_text_is_stored_in_nfc_like_the_forms(org, category):
    chief = org.user(Role.SECURITY_CHIEF)
    client = _client(chief)
    created = _post(client, "/incidents", _report(org, category, description=NFD))
    assert created.status_code == 201, created.content
    incident = Incident.objects.get(pk=created.json()["id"])
    assert incident.description == unicodedata.normalize("NFC", NFD)
    assert _post(client, f"/incidents/{incident.pk}/comments", {"text": NFD}).status_code == 201
    assert TimelineEntry.objects.get(incident=incident, kind="comment").text != NFD
    action = _post(client, "/actions", {
        "title": NFD, "description": NFD, "owner_id": chief.pk, "unit_id": org.alfa_unit.pk,
        "due_date": (timezone.localdate() + timedelta(30)).isoformat(), "area_id": org.area.pk,
        "priority": "medium",
    })  # fmt: skip
    assert action.status_code == 201, action.content
    assert Action.objects.get(pk=action.json()["id"]).title == unicodedata.normalize("NFC", NFD)
    need = _post(client, "/improvement-needs", {
        "title": NFD, "description": NFD, "unit_id": org.alfa_unit.pk, "area_id": org.area.pk,
    })  # fmt: skip
    assert need.status_code == 201, need.content
    stored = ImprovementNeed.objects.get(pk=need.json()["id"])
    assert stored.title == unicodedata.normalize("NFC", NFD)


@pytest.mark.parametrize(
    "value", ["Rök\x1b[2J", "Rök\x85x", "Rök\x9b31m", "\u2067hot\u2069", "a\u202eb", "\x00"]
)
def test_api_refuses_what_the_forms_refuse(org, category, value):
    client = _client(org.user(Role.SECURITY_CHIEF))
    response = _post(client, "/incidents", _report(org, category, description=value))
    assert response.status_code == 422
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "aware_at",
    [
        lambda: (timezone.now() + timedelta(days=2)).isoformat(),  # in the future
        lambda: "2099-01-01T00:00:00+01:00",
        lambda: "9999-12-31T23:59:59",  # answered 500
        lambda: (timezone.now() - timedelta(days=3)).isoformat(),  # before it happened
    ],
    ids=["future", "2099", "9999", "before"],
)
def test_awareness_is_not_in_the_future_nor_before_the_event(org, category, aware_at):
    client = _client(org.user())
    response = _post(client, "/incidents", _report(org, category, aware_at=aware_at()))
    assert response.status_code == 422, response.content
    assert "aware_at" in json.dumps(response.json()["errors"])
    assert not Incident.objects.exists()


def test_a_huge_occurrence_date_is_refused(org, category):
    client = _client(org.user())
    response = _post(client, "/incidents", _report(org, category, occurred_at="9999-12-31T23:59"))
    assert response.status_code == 422


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00"])
def test_a_cursor_out_of_range_is_not_a_500(org, category, moment):
    client = _client(org.user(Role.SECURITY_CHIEF))
    cursor = base64.urlsafe_b64encode(f"{moment}|1".encode()).decode().rstrip("=")
    assert client.get(f"{API}/incidents", {"after": cursor}).status_code == 200
    cursor = base64.urlsafe_b64encode(b"2026-01-01T00:00:00|99999999999999999999").decode()
    assert client.get(f"{API}/incidents", {"after": cursor}).status_code == 200


def test_a_long_title_fits_the_notification_subject(org):
    """A 200-character action title for another person and a 180-character need title
    overflowed the 200-character subject (500 on PostgreSQL): the subject is cut."""
    chief = org.user(Role.SECURITY_CHIEF)
    owner = org.user(Role.MANAGER)
    board = org.user(Role.BOARD_MEMBER)
    client = _client(chief)
    action = _post(client, "/actions", {
        "title": "å" * 200, "description": "x", "owner_id": owner.pk,
        "unit_id": org.alfa_unit.pk, "area_id": org.area.pk, "priority": "medium",
        "due_date": (timezone.localdate() + timedelta(30)).isoformat(),
    })  # fmt: skip
    assert action.status_code == 201, action.content
    need = _post(client, "/improvement-needs", {
        "title": "ö" * 180, "description": "x", "unit_id": org.alfa_unit.pk,
        "area_id": org.area.pk,
    })  # fmt: skip
    assert need.status_code == 201, need.content
    subjects = list(Notification.objects.values_list("subject", flat=True))
    assert any("å" * 150 in s for s in subjects) and any("ö" * 150 in s for s in subjects)
    assert all(len(s) <= 200 for s in subjects)
    assert Notification.objects.filter(recipient=board).exists()


def test_a_body_over_the_size_limit_answers_the_api_error_body(org, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    client = _client(org.user())
    response = _post(client, "/incidents", {"description": "å" * 5_000})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str) and response.json()["errors"] == {}


def test_a_search_typed_in_nfd_is_searched_in_nfc(org, monkeypatch):
    from sakra.core import search

    asked = []

    class Provider:
        key, label = "x", "X"

        def search(self, user, query):
            asked.append(query.text)
            return search.SearchResult(key="x", label="X", hits=[], count=0)

    monkeypatch.setattr(search, "providers", lambda: [Provider()])
    search.search(org.user(), "va\u0308ntrum")
    assert asked == ["väntrum"]


def test_the_handler_operation_tells_no_user_ids(org, category):
    """An unknown id and an existing person who may not handle it get the same answer, from
    someone who may and from someone who may not change the incident (a user-id oracle)."""
    from sakra.incidents.services import report_incident

    incident, _ = report_incident(
        by=org.user(), category=category, occurred_at=timezone.now() - timedelta(hours=1),
        unit=org.alfa_unit, description="Rök",
    )  # fmt: skip
    existing = org.user()  # no role: may not handle it
    for actor in (org.user(Role.SECURITY_CHIEF), org.user(Role.MANAGER)):
        client = _client(actor)
        answers = set()
        for handler_id in (existing.pk, 999_999):
            response = _post(client, f"/incidents/{incident.pk}/handler",
                             {"handler_id": handler_id, "version": incident.version})  # fmt: skip
            answers.add((response.status_code, json.dumps(response.json(), sort_keys=True)))
        assert len(answers) == 1, answers


def test_the_auditor_reads_and_files_nothing(org, category):
    """Least privilege: an account holding only the auditor's role files no report and raises
    no need, on the pages or the API; an auditor who is also an employee files as one."""
    auditor = org.user(Role.AUDITOR)
    client = _client(auditor)
    assert client.get("/rapportera/").status_code == 403
    assert client.get("/atgarder/behov/nytt/").status_code == 403
    assert _post(client, "/incidents", _report(org, category)).status_code == 403
    need = {"title": "Ljus", "description": "Mörkt", "unit_id": org.alfa_unit.pk}
    assert _post(client, "/improvement-needs", need).status_code == 403
    assert not Incident.objects.exists() and not ImprovementNeed.objects.exists()
    assert "/rapportera/" not in client.get("/avvikelser/").content.decode()
    from sakra.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=auditor, role=Role.EMPLOYEE, unit=org.alfa_unit)
    client = _client(type(auditor).objects.get(pk=auditor.pk))
    assert _post(client, "/incidents", _report(org, category)).status_code == 201
