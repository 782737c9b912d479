import json

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.services import create_api_token
from sakra.incidents.choices import Status
from sakra.incidents.models import Incident

API = "/api/v1"


def _body(org, category, **overrides):
    body = {
        "category_id": category.pk,
        "occurred_at": timezone.now().replace(microsecond=0).isoformat(),
        "unit_id": org.alfa_unit.pk,
        "site_id": org.site.pk,
        "description": "Vattenläcka i serverrummet",
    }
    body.update(overrides)
    return body


def _post(client, path, body, **headers):
    return client.post(API + path, json.dumps(body), content_type="application/json", **headers)


def test_api_needs_auth(client, db):
    assert client.get(f"{API}/incidents").status_code == 401
    assert _post(client, "/incidents", {}).status_code == 401


def test_create_idempotent_and_conflict(client, org, fire):
    client.force_login(org.user())
    body = _body(org, fire)
    first = _post(client, "/incidents", body, HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == 201
    again = _post(client, "/incidents", body, HTTP_IDEMPOTENCY_KEY="abc")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    changed = _post(client, "/incidents", {**body, "description": "x"}, HTTP_IDEMPOTENCY_KEY="abc")
    assert changed.status_code == 409
    assert Incident.objects.count() == 1
    assert first.json()["reference"].startswith("AVV-")
    assert first.json()["obligations"][0]["code"] == "gdpr-imy"


def test_create_refuses_marking_and_bad_input(client, org, fire):
    client.force_login(org.user())
    response = _post(client, "/incidents", _body(org, fire, description="HEMLIG uppgift"))
    assert response.status_code == 422
    # Refused by the schema, before the service: the field named as the body's path.
    assert "HEMLIG" in response.json()["errors"]["body.payload.description"][0]
    assert _post(client, "/incidents", _body(org, fire, unit_id=999999)).status_code == 422
    assert _post(client, "/incidents", _body(org, fire, people_harmed=-1)).status_code == 422
    # Beyond the column on both databases (2**31 on PostgreSQL, 2**63 on SQLite): 422, no 500.
    for number in (2**31, 2**63, 10**30):
        refused = _post(client, "/incidents", _body(org, fire, people_harmed=number))
        assert refused.status_code == 422, number
        assert "body.payload.people_harmed" in refused.json()["errors"]
    # The key reaches a query: NUL there was a 500 on PostgreSQL.
    keyed = _post(client, "/incidents", _body(org, fire), HTTP_IDEMPOTENCY_KEY="a\x00b")
    assert keyed.status_code == 422 and "idempotency_key" in keyed.json()["errors"]
    assert Incident.objects.count() == 0


def test_the_service_refuses_a_marking_on_every_path(org, fire):
    """The service checks too (the import and any other caller), with the same message."""
    from django.core.exceptions import ValidationError

    from sakra.incidents import services

    with pytest.raises(ValidationError) as refused:
        services.report_incident(
            by=org.user(), category=fire, occurred_at=timezone.now(), unit=org.alfa_unit,
            description="Se bilaga, KVALIFICERAT HEMLIG",
        )  # fmt: skip
    assert "KVALIFICERAT HEMLIG" in refused.value.message_dict["description"][0]
    assert Incident.objects.count() == 0


def test_bearer_token(client, org, fire):
    user = org.user()
    _token, plain = create_api_token(user, "test")
    response = _post(client, "/incidents", _body(org, fire), HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 201
    incident = Incident.objects.get()
    assert incident.reporter == user
    # The audit trail names the token's owner, though the API authenticated after the middleware.
    entry = LogEntry.objects.get_for_object(incident).get(action=LogEntry.Action.CREATE)
    assert entry.actor == user


@pytest.mark.parametrize(
    ("role", "in_scope", "status"),
    [
        (Role.MANAGER, True, 200),
        (Role.MANAGER, False, 404),
        (Role.AUDITOR, True, 200),
        (Role.SECURITY_COORDINATOR, False, 404),
        (Role.EMPLOYEE, True, 404),
    ],
)
def test_detail_per_role(client, org, report, role, in_scope, status):
    incident = report(org.user())
    user = org.user(role) if in_scope else org.user(role, unit=org.beta)
    client.force_login(user)
    assert client.get(f"{API}/incidents/{incident.pk}").status_code == status
    assert client.get(f"{API}/incidents/{incident.pk}/timeline").status_code == status


def test_list_filters_pages_and_scope(client, org, report, django_assert_max_num_queries):
    reporter = org.user()
    for n in range(5):
        report(reporter, description=f"Brand {n}", is_acute=n == 0)
    report(org.user(home_unit=org.beta_unit), unit=org.beta_unit)
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    with django_assert_max_num_queries(6):
        page = client.get(f"{API}/incidents", {"limit": 3}).json()
    assert len(page["items"]) == 3 and page["next_cursor"]
    rest = client.get(f"{API}/incidents", {"limit": 3, "after": page["next_cursor"]}).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    acute = client.get(f"{API}/incidents", {"acute": "true"}).json()
    assert len(acute["items"]) == 1
    refused = client.get(f"{API}/incidents", {"status": "nonsense"})
    # The filter's refusal in the body every 422 has: a sentence, and messages by field.
    assert refused.status_code == 422
    assert isinstance(refused.json()["detail"], str) and "status" in refused.json()["errors"]


def test_transitions_and_stale_409(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    url = f"/incidents/{incident.pk}/status"
    ok = _post(client, url, {"status": Status.UNDER_INVESTIGATION, "version": 1})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _post(client, url, {"status": Status.ACTIONS_DECIDED, "version": 1})
    assert stale.status_code == 409 and stale.json()["errors"] == {}
    # A change without a version is refused, never applied over whatever is there.
    unversioned = _post(client, url, {"status": Status.ACTIONS_DECIDED})
    assert unversioned.status_code == 422 and "body.payload.version" in unversioned.json()["errors"]
    for change, body in (("severity", {"severity": 4}), ("handler", {"handler_id": 1})):
        assert _post(client, f"/incidents/{incident.pk}/{change}", body).status_code == 422
    bad = _post(client, url, {"status": Status.CLOSED, "version": 2})
    assert bad.status_code == 422
    sev = _post(client, f"/incidents/{incident.pk}/severity", {"severity": 4, "version": 2})
    assert sev.status_code == 200
    comment = _post(client, f"/incidents/{incident.pk}/comments", {"text": "Åtgärdat"})
    assert comment.status_code == 201
    obligation = incident.obligations.get()
    recorded = _post(
        client,
        f"/incidents/{incident.pk}/obligations/{obligation.pk}",
        {"version": 3, "authority_reference": "IMY-9"},
    )
    assert recorded.status_code == 200
    assert recorded.json()["obligations"][0]["authority_reference"] == "IMY-9"
    kinds = [e["kind"] for e in client.get(f"{API}/incidents/{incident.pk}/timeline").json()]
    assert "comment" in kinds and "obligation_reported" in kinds


def test_auditor_cannot_change_via_api(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.AUDITOR))
    response = _post(
        client, f"/incidents/{incident.pk}/status", {"status": "under_investigation", "version": 1}
    )
    assert response.status_code == 403
    assert _post(client, f"/incidents/{incident.pk}/comments", {"text": "x"}).status_code == 403


def test_acknowledge_and_handler_via_api(client, org, report, threat):
    partner = org.user(Role.SECURITY_PARTNER)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    incident = report(org.user(), category=threat, is_acute=True)
    client.force_login(partner)
    assert _post(client, f"/incidents/{incident.pk}/acknowledge", {}).status_code == 200
    assert _post(client, f"/incidents/{incident.pk}/acknowledge", {}).status_code == 422
    client.force_login(coordinator)
    response = _post(
        client, f"/incidents/{incident.pk}/handler", {"handler_id": partner.pk, "version": 1}
    )
    assert response.status_code == 200 and response.json()["handler_id"] == partner.pk


def test_categories_and_openapi(client, org, fire):
    client.force_login(org.user())
    assert client.get(f"{API}/incident-categories").json()[0]["code"] == fire.code
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/incidents" in schema["paths"]
    assert "occurred_year" in json.dumps(schema["components"]["schemas"]["IncidentOut"])


@pytest.mark.parametrize(
    "path",
    ["/incidents/{pk}", "/incidents/{pk}/timeline", "/incidents/{pk}/attachments"],
)
def test_every_read_operation_out_of_scope_is_404_and_anonymous_401(client, org, report, path):
    incident = report(org.user())
    url = API + path.format(pk=incident.pk)
    assert client.get(url).status_code == 401
    client.force_login(org.user(Role.SECURITY_CHIEF, unit=org.beta))
    assert client.get(url).status_code == 404
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/incidents/{pk}/status", {"status": "under_investigation", "version": 1}),
        ("/incidents/{pk}/severity", {"severity": 3, "version": 1}),
        ("/incidents/{pk}/handler", {"handler_id": 1, "version": 1}),
        ("/incidents/{pk}/acknowledge", {}),
        ("/incidents/{pk}/comments", {"text": "x"}),
        ("/incidents/{pk}/obligations/{ob}", {"version": 1}),
    ],
)
def test_every_change_operation_out_of_scope_is_404(client, org, report, path, body):
    incident = report(org.user())
    url = path.format(pk=incident.pk, ob=incident.obligations.get().pk)
    assert _post(client, url, body).status_code == 401
    client.force_login(org.user(Role.SECURITY_COORDINATOR, unit=org.beta))
    assert _post(client, url, body).status_code == 404
    assert Incident.objects.get().version == 1


def test_list_query_count_constant(client, org, report, django_assert_max_num_queries):
    reporter = org.user()
    report(reporter)
    client.force_login(org.user(Role.SECURITY_CHIEF))
    with django_assert_max_num_queries(10) as one:
        client.get(f"{API}/incidents")
    for n in range(49):
        report(reporter, description=f"Rad {n}")
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(f"{API}/incidents").json()["items"]) == 50
