"""Near misses (tillbud, issue 15): reported as such, corrected by the handler, filtered in the
list and the API, counted apart in the summary and the statistics, and left out of a goal that
counts events."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.concurrency import StaleVersion
from sakra.goals import services as goals
from sakra.goals.kinds import get_kind
from sakra.incidents import corrections, summary
from sakra.incidents.choices import Counted, TimelineKind
from sakra.incidents.models import Incident, IncidentYearlyCount
from sakra.incidents.statistics import gather, selection_from

API = "/api/v1"


def _form(org, category, **overrides):
    return {
        "category": category.pk,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "unit": org.alfa_unit.pk,
        "description": "Nästan brand i soprummet",
        "people_harmed": "0",
        "idempotency_key": "near-miss-form",
        **overrides,
    }


@pytest.fixture
def mixed(org, report):
    """Two events and one near miss of the fire category, this year, in Alfa."""
    reporter = org.user()
    return [report(reporter), report(reporter), report(reporter, is_near_miss=True)]


def _goal_indicator(org, *, counts_near_misses=False, **fields):
    year = timezone.localdate().year
    goal = goals.create_goal(
        owner=org.user(Role.SECURITY_CHIEF), title="Färre bränder", start_year=year - 1,
        end_year=year + 1, counts_near_misses=counts_near_misses,
    )  # fmt: skip
    return goals.create_indicator(
        goal=goal, title="Bränder", kind="incident_count", baseline_year=year - 1,
        target_year=year + 1, target_value=Decimal("0.5"), criteria={"categories": ["t-brand"]},
        **fields,
    )  # fmt: skip


def test_a_near_miss_is_reported_from_the_form_and_shown_as_one(client, org, fire):
    client.force_login(org.user())
    response = client.post(reverse("incidents:report"), _form(org, fire, is_near_miss="on"))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.is_near_miss
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Tillbud: räknas skilt från händelser" in page


def test_the_summary_keeps_near_misses_apart_and_equal_to_the_incidents(mixed):
    rows = dict(
        IncidentYearlyCount.objects.values_list("is_near_miss", "count").order_by("is_near_miss")
    )
    assert rows == {False: 2, True: 1}
    assert summary.differences() == []
    assert list(Incident.objects.events()) != list(Incident.objects.counted())
    assert Incident.objects.near_misses().count() == 1


def test_the_handler_marks_a_report_a_near_miss_and_the_count_moves(org, mixed):
    event = mixed[0]
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    corrections.mark_near_miss(event, by=coordinator, is_near_miss=True, version=event.version)
    assert summary.differences() == []
    assert Incident.objects.near_misses().count() == 2
    post = event.timeline.get(kind=TimelineKind.NEAR_MISS_CORRECTED)
    assert post.data == {"from": False, "to": True} and post.author == coordinator
    with pytest.raises(StaleVersion):
        corrections.mark_near_miss(event, by=coordinator, is_near_miss=False, version=1)
    with pytest.raises(Exception):  # noqa: B017 - the reporter handles nothing (404/403 path)
        corrections.mark_near_miss(event, by=event.reporter, is_near_miss=False, version=2)


def test_the_handler_corrects_it_on_the_page(client, org, mixed):
    near_miss = mixed[2]
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    url = reverse("incidents:near-miss", args=[near_miss.pk])
    answer = client.post(url, {"is_near_miss": "0", "version": near_miss.version})
    assert answer.status_code == 302
    near_miss.refresh_from_db()
    assert not near_miss.is_near_miss
    assert client.post(url, {"is_near_miss": "1", "version": 1}).status_code == 409
    assert client.post(url, {"is_near_miss": "x", "version": 2}).status_code == 422


def test_the_list_and_the_api_filter_near_misses(client, org, mixed):
    chief = org.user(Role.SECURITY_CHIEF)
    client.force_login(chief)
    near_miss = mixed[2]
    page = client.get(reverse("incidents:list"), {"near_miss": "true"}).content.decode()
    assert near_miss.reference in page and mixed[0].reference not in page
    page = client.get(reverse("incidents:list"), {"near_miss": "false"}).content.decode()
    assert near_miss.reference not in page and mixed[0].reference in page
    items = client.get(f"{API}/incidents", {"near_miss": "true"}).json()["items"]
    assert [item["reference"] for item in items] == [near_miss.reference]
    assert items[0]["is_near_miss"] is True


def test_the_api_reports_and_corrects_a_near_miss(client, org, fire):
    client.force_login(org.user())
    body = {
        "category_id": fire.pk, "occurred_at": timezone.now().replace(microsecond=0).isoformat(),
        "unit_id": org.alfa_unit.pk, "description": "Nästan vattenskada", "is_near_miss": True,
    }  # fmt: skip
    created = client.post(f"{API}/incidents", json.dumps(body), content_type="application/json")
    assert created.status_code == 201 and created.json()["is_near_miss"] is True
    incident = Incident.objects.get()
    path = f"{API}/incidents/{incident.pk}/near-miss"
    change = {"is_near_miss": False, "version": incident.version}
    # The reporter may read their report but not correct it.
    assert client.post(path, json.dumps(change), content_type="application/json").status_code in (
        403,
        404,
    )
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    answer = client.post(path, json.dumps(change), content_type="application/json")
    assert answer.status_code == 200 and answer.json()["is_near_miss"] is False
    client.force_login(org.user(Role.SECURITY_COORDINATOR, unit=org.beta))
    assert client.post(path, json.dumps(change), content_type="application/json").status_code == 404


@pytest.mark.parametrize("path", ["summary", "live"])
def test_a_goal_counting_events_leaves_the_near_miss_out(org, mixed, path):
    """The summary path (a region-wide goal) and the live path (a unit's) agree."""
    year = timezone.localdate().year
    unit = {"summary": {}, "live": {"unit": org.alfa_unit}}[path]
    events = _goal_indicator(org, **unit)
    both = _goal_indicator(org, counts_near_misses=True, **unit)
    values = get_kind("incident_count").compute(org.user(), [events, both], [year])
    assert values[events.pk][year] == 2
    assert values[both.pk][year] == 3
    assert "near_miss=false" in get_kind("incident_count").rows_url(events, year)
    assert "near_miss" not in get_kind("incident_count").rows_url(both, year)


def test_the_statistics_count_events_and_near_misses_apart(client, org, mixed):
    year = timezone.localdate().year
    counts = {
        counted: gather(selection_from(year=year, counted=counted)).totals[year]
        for counted in Counted.values
    }
    assert counts == {"events": 2, "near_misses": 1, "both": 3}
    client.force_login(org.user(Role.SECURITY_CHIEF))
    answer = client.get(f"{API}/incidents/statistics", {"counted": "near_misses"}).json()
    assert answer["totals"][str(year)] == 1 and answer["counted"] == "near_misses"
    assert client.get(f"{API}/incidents/statistics", {"counted": "x"}).status_code == 422
    page = client.get(reverse("incidents:statistics"), {"counted": "near_misses"})
    assert page.status_code == 200
    assert "near_miss=true" in page.content.decode()


def test_the_export_says_which_reports_are_near_misses(client, org, mixed):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    text = b"".join(client.get(reverse("incidents:export-csv")).streaming_content)
    header, *rows = csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";")
    column = header.index("Tillbud")
    marked = {row[0]: row[column] for row in rows}
    assert marked == {mixed[0].reference: "Nej", mixed[1].reference: "Nej",
                      mixed[2].reference: "Ja"}  # fmt: skip


def test_a_dismissed_near_miss_is_counted_nowhere(org, mixed):
    from sakra.incidents import services

    near_miss = mixed[2]
    services.change_status(
        near_miss, by=org.user(Role.SECURITY_CHIEF), status="dismissed", version=near_miss.version,
        reason="Fel", dismissal_kind="mistake",
    )  # fmt: skip
    assert summary.differences() == []
    assert not Incident.objects.near_misses().exists()
    assert timezone.now() - near_miss.created_at < timedelta(minutes=5)
