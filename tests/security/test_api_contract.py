"""The API's answers that schemathesis found undocumented or failing, kept as quick tests that
run with every `make test` (the fuzzing itself runs in its own CI step)."""

import pytest
from django.test import Client

from sakra.accounts.choices import Role
from sakra.config.api import api

API = "/api/v1"
HUGE = "238421632463369421193216"  # past every database's integers


@pytest.fixture
def client(org):
    client = Client()
    client.force_login(org.user(Role.SECURITY_CHIEF))
    return client


def test_every_operation_documents_its_refusals():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert 401 in codes, (method, path)
            if method != "get":
                assert 403 in codes, (method, path)
            if "{" in path:
                assert 404 in codes, (method, path)
            if operation.get("requestBody"):
                assert {400, 422} <= codes, (method, path)


@pytest.mark.parametrize(
    "url, field",
    [
        ("/sites?limit=201", "query.limit"),
        (f"/sites?offset={HUGE}", "query.offset"),
        (f"/goals?year=-{HUGE}", "query.year"),
        ("/incidents?limit=0", "query.limit"),
    ],
)
def test_input_outside_the_schema_is_a_422_with_the_field(client, url, field):
    response = client.get(API + url)
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str) and field in body["errors"]


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.post(f"{API}/incidents", data=b"\x00", content_type="application/json")
    assert response.status_code == 400 and isinstance(response.json()["detail"], str)


def test_an_id_past_the_database_integers_is_a_404(client):
    assert client.get(f"{API}/incidents/{HUGE}/attachments/1").status_code == 404
    assert client.get(f"{API}/incidents/1/attachments/{HUGE}").status_code == 404
    assert client.get(f"{API}/incidents/{HUGE}").status_code == 404


def test_a_post_without_credentials_is_refused_as_documented(db):
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/incidents", data="{}", content_type="application/json"
    )
    assert response.status_code in (401, 403) and isinstance(response.json()["detail"], str)
