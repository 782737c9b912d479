"""A database that cannot write (SQLite's disk full, a read-only database, busy beyond its
timeout): the person gets a 503 that says so, nothing is half-written, and the same report
goes through once the database can write again."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from sakra.incidents.models import Incident, IncidentCategory, TimelineEntry

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own faults")


@pytest.fixture
def form(org):
    category = IncidentCategory.objects.create(code="t-brand", name_sv="Brand", name_en="Fire",
                                               area=org.other_area)  # fmt: skip
    return {
        "category": category.pk,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "site": org.site.pk,
        "unit": org.alfa_unit.pk,
        "description": "Rökutveckling i soprummet",
        "immediate_measures": "",
        "people_harmed": "0",
        "idempotency_key": "storage-key-1",
    }


@contextmanager
def _pragma(name: str, on: str, off: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name} = {on}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name} = {off}")


def _read_only():
    return _pragma("query_only", "ON", "OFF")


@contextmanager
def _disk_full():
    """SQLite's own words when the disk is full, on the report's last write (its audit event,
    after the incident and the year's count): whether a real full disk fails the first write
    or none depends on the free space the worker's earlier tests left in the pages, so it is
    raised here, where it proves the most (what was already written must go too)."""

    def full(execute, sql, params, many, context):
        if sql.startswith("INSERT") and "auditlog_logentry" in sql:
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(full):
        yield


def _counts():
    return Incident.objects.count(), TimelineEntry.objects.count()


def _refused_then_accepted(client, org, form, fault):
    client.force_login(org.user())
    before = _counts()
    with fault():
        response = client.post(reverse("incidents:report"), form)
    assert response.status_code == 503
    html = response.content.decode()
    assert "Inget av det du skickade sparades" in html
    assert _counts() == before  # nothing half-written
    response = client.post(reverse("incidents:report"), form)
    assert response.status_code == 302
    assert Incident.objects.count() == before[0] + 1


def test_read_only_database_refuses_with_a_sentence(client, org, form):
    _refused_then_accepted(client, org, form, _read_only)


def test_sqlite_disk_full_refuses_with_a_sentence(client, org, form):
    _refused_then_accepted(client, org, form, _disk_full)


def test_the_api_answers_503_in_its_error_shape(client, org, form):
    client.force_login(org.user())
    body = {
        "category_id": form["category"],
        "occurred_at": timezone.now().replace(microsecond=0).isoformat(),
        "unit_id": org.alfa_unit.pk,
        "site_id": org.site.pk,
        "description": "Vattenläcka i serverrummet",
    }
    before = _counts()
    with _read_only():
        response = client.post("/api/v1/incidents", body, content_type="application/json")
    assert response.status_code == 503
    assert "skrivskyddad" in response.json()["detail"]
    assert _counts() == before
