"""A disruption of critical supply records the supply and how long it lasted: at reporting
(form, API) or later by the handler, by the same rules (issue 15)."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.incidents import corrections
from sakra.incidents.choices import TimelineKind
from sakra.incidents.disruptions import check_disruption, lasted
from sakra.incidents.models import Incident, IncidentCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def power(org):
    return IncidentCategory.objects.create(
        code="t-el", name_sv="Elavbrott", name_en="Power cut", area=org.other_area,
        supply="electricity",
    )  # fmt: skip


def test_the_duration_is_worked_out_from_start_and_end_rounded_up():
    start = timezone.now() - timedelta(hours=5)
    assert lasted(start, start + timedelta(hours=4, minutes=1)) == Decimal("4.1")
    assert lasted(start, start + timedelta(hours=4)) == Decimal("4.0")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"started_at": "later", "ended_at": "earlier"}, "disruption_ended_at"),
        ({"ended_at": "future"}, "disruption_ended_at"),
        ({"hours": Decimal("-1")}, "disruption_hours"),
        ({"hours": "many"}, "disruption_hours"),
        ({"hours": "nan"}, "disruption_hours"),  # it quantizes, then refuses to compare
        ({"hours": "Infinity"}, "disruption_hours"),
        ({"hours": Decimal("99999")}, "disruption_hours"),
        ({"ended_at": "earlier", "hours": Decimal("40")}, "disruption_hours"),
        ({"supply": "staff"}, "supply"),
        ({"supply": "", "hours": Decimal("2")}, "supply"),
    ],
)
def test_bad_disruptions_are_refused_by_field(values, field):
    now = timezone.now()
    moments = {"later": now - timedelta(hours=1), "earlier": now - timedelta(hours=2),
               "future": now + timedelta(days=1)}  # fmt: skip
    values = {k: moments.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    values.setdefault("supply", "water")
    with pytest.raises(ValidationError) as refused:
        check_disruption(occurred_at=now - timedelta(hours=3), **values)
    assert field in refused.value.message_dict


def test_the_category_names_the_supply_and_the_handler_fills_in_the_end(org, power, report):
    occurred = timezone.now() - timedelta(hours=6)
    incident = report(org.user(), category=power, occurred_at=occurred)
    assert (incident.supply, incident.disruption_started_at) == ("electricity", occurred)
    assert incident.disruption_hours is None
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    corrections.record_disruption(
        incident, by=coordinator, ended_at=occurred + timedelta(hours=5),
        version=incident.version,
    )  # fmt: skip
    incident.refresh_from_db()
    assert incident.disruption_hours == 5
    post = incident.timeline.get(kind=TimelineKind.DISRUPTION_RECORDED)
    assert post.data["hours"] == "5.0" and post.author == coordinator


def test_the_form_and_the_page_record_a_disruption(client, org, fire):
    client.force_login(org.user())
    started = timezone.localtime() - timedelta(hours=3)
    data = {
        "category": fire.pk, "occurred_at": started.strftime("%Y-%m-%dT%H:%M"),
        "unit": org.alfa_unit.pk, "description": "Kylan slutade fungera", "people_harmed": "0",
        "idempotency_key": "disruption-1", "supply": "heating_cooling",
        "disruption_hours": "2.5",
    }  # fmt: skip
    assert client.post(reverse("incidents:report"), data).status_code == 302
    incident = Incident.objects.get()
    assert (incident.supply, incident.disruption_hours) == ("heating_cooling", Decimal("2.5"))
    refused = client.post(
        reverse("incidents:report"), {**data, "supply": "staff", "idempotency_key": "disruption-2"}
    )
    assert refused.status_code == 422
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    client.force_login(coordinator)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Störd kritisk försörjning" in page
    assert "2,5 timmar" in page or "2.5 timmar" in page
    url = reverse("incidents:disruption", args=[incident.pk])
    ended = (started + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(url, {"supply": "heating_cooling", "disruption_ended_at": ended,
                               "version": incident.version})  # fmt: skip
    assert answer.status_code == 302
    incident.refresh_from_db()
    assert incident.disruption_hours == 1
    stale = client.post(url, {"supply": "water", "version": 1})
    assert stale.status_code == 409


def test_the_api_reports_and_records_a_disruption(client, org, power):
    client.force_login(org.user())
    occurred = timezone.now().replace(microsecond=0) - timedelta(hours=4)
    body = {
        "category_id": power.pk, "occurred_at": occurred.isoformat(), "unit_id": org.alfa_unit.pk,
        "description": "Strömavbrott", "disruption_ended_at": timezone.now().isoformat(),
    }  # fmt: skip
    created = client.post("/api/v1/incidents", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["supply"] == "electricity"
    assert Decimal(str(created.json()["disruption_hours"])) >= 4
    incident = Incident.objects.get()
    path = f"/api/v1/incidents/{incident.pk}/disruption"
    change = {"supply": "water", "disruption_hours": 3, "disruption_ended_at": None,
              "version": incident.version}  # fmt: skip
    client.force_login(org.user(Role.SECURITY_COORDINATOR, unit=org.beta))
    assert client.post(path, json.dumps(change), content_type="application/json").status_code == 404
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    answer = client.post(path, json.dumps(change), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["disruption_hours"] in (3, "3.0", 3.0)
    bad = client.post(path, json.dumps({**change, "disruption_hours": -2, "version": 2}),
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    items = client.get("/api/v1/incidents", {"supply": "water"}).json()["items"]
    assert [item["id"] for item in items] == [incident.pk]
