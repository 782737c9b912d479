"""What one report costs the database (issue 19: "a report in ≤ 8 statements").

Counted as production runs them: the report's transaction is the outermost there, so the
savepoints that the test's own transaction adds are left out, and the e-mail task enqueued after
commit is counted. The API's report (what `bench/floor.py` posts) runs 18:

- the person (1: the bearer token with its person; 2: their roles, for "an auditor files
  nothing"), the category (3) and the unit (4) the report names;
- the unit's administration (5) and the coordinator in scope who handles it (6);
- the year's reference (7: the sequence row locked, 8: raised);
- the incident (9), the yearly summary raised in place (10), the category's reporting duties
  read (11) and inserted (12), the audit entries of the incident and its duties in one insert
  (13);
- the handler's timeline line (14), notification (15) and e-mail in the outbox (16); the
  unit's managers asked whether to tell them (17);
- after commit, the e-mail task enqueued (18).

The answer's duties (for the API's body) are read once more: 19 in the request. Each of these
is a row the report must write, or a rule it must read; fewer needs one statement to do the
work of several (a PostgreSQL-only CTE, or a memo of the catalogue), which the house style does
not take for a few milliseconds (docs/performance.md, "The floor per request").
"""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.services import create_api_token
from sakra.incidents.models import Incident

pytestmark = pytest.mark.django_db

#: The statements of one report through the API, the answer's included (see above).
API_REPORT = 19
#: The same report through the form: the session and the person with their roles (2); the
#: form's home unit and its sites (the suggestions), the categories (for the anonymous help
#: text) and the chosen one, the chosen unit (5); the report from its administration on (13,
#: as above), the receipt remembered in the session (1) and the e-mail task (1).
FORM_REPORT = 22


def statements(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
    ]


@pytest.fixture
def handled(org):
    """A coordinator in scope: the report gets a handler, a timeline line and a notification."""
    return org.user(Role.SECURITY_COORDINATOR)


def test_a_report_through_the_api_runs_a_fixed_number_of_statements(
    client, org, fire, handled, django_capture_on_commit_callbacks
):
    _token, secret = create_api_token(org.user(Role.EMPLOYEE), "phone")
    payload = {
        "category_id": fire.pk,
        "unit_id": org.alfa_unit.pk,
        "description": "Stöld av mobiltelefon",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
    }
    counts = []
    for key in ("first", "second"):  # the second: no first-time work (the year's rows exist)
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            answer = client.post(
                "/api/v1/incidents",
                json.dumps(payload),
                content_type="application/json",
                headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key},
            )
        assert answer.status_code == 201, answer.content
        counts.append(len(statements(captured.captured_queries)))
    assert counts[1] == API_REPORT, "\n".join(statements(captured.captured_queries))
    assert Incident.objects.get(pk=answer.json()["id"]).handler == handled


def test_a_retried_report_is_found_by_its_key_and_creates_nothing(client, org, fire, handled):
    _token, secret = create_api_token(org.user(Role.EMPLOYEE), "phone")
    payload = {
        "category_id": fire.pk,
        "unit_id": org.alfa_unit.pk,
        "description": "Stöld av mobiltelefon",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
    }

    def post(body: dict, key: str = "once"):
        headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": key}
        body = json.dumps(body)
        return client.post("/api/v1/incidents", body, "application/json", headers=headers)

    first, again = post(payload), post(payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert post({**payload, "description": "Något annat"}).status_code == 409
    assert Incident.objects.count() == 1
    # The rolled-back attempts left the year's numbering where it was.
    assert post(payload, key="next").json()["reference"].endswith("000002")


def test_a_report_through_the_form_runs_a_fixed_number_of_statements(
    client, org, fire, handled, django_capture_on_commit_callbacks
):
    client.force_login(org.user(Role.EMPLOYEE))
    counts = []
    for key in ("first", "second"):
        form = {
            "category": fire.pk,
            "unit": org.alfa_unit.pk,
            "description": "Stöld av mobiltelefon",
            "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "people_harmed": 0,
            "idempotency_key": key,
        }
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            answer = client.post("/rapportera/", form)
        assert answer.status_code == 302, answer.content[:500]
        counts.append(len(statements(captured.captured_queries)))
    assert counts[1] == FORM_REPORT, "\n".join(statements(captured.captured_queries))
