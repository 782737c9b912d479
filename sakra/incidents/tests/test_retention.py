"""Retention (gallring): what is removed, what stays, what a legal hold and an open case stop."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.core.concurrency import StaleVersion
from sakra.incidents import retention, services
from sakra.incidents.choices import DismissalKind, Status, TimelineKind
from sakra.incidents.models import Attachment, Incident, IncidentCategory, TimelineEntry
from sakra.incidents.retention import add_months, apply_retention, plan, remove_personal_data
from sakra.incidents.tasks import apply_retention as retention_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATISTICS = (
    "reference", "category_id", "area_id", "unit_id", "administration_id", "site_id",
    "occurred_at", "aware_at", "occurred_date", "occurred_year", "status", "severity",
    "people_harmed", "police_reported", "is_acute", "is_restricted", "handler_id",
    "acknowledged_at", "closed_at", "created_at",
)  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def close(org):
    """Close an incident through the service, then move its closing `months` back in time."""
    chief = org.user(Role.SECURITY_CHIEF)

    def make(incident, months, status=Status.DISMISSED):
        incident = services.change_status(
            incident, by=chief, status=status, version=incident.version,
            reason="Ingen åtgärd: Anna", dismissal_kind=DismissalKind.NOT_SECURITY,
        )  # fmt: skip
        closed_at = add_months(timezone.now(), -months)
        Incident.objects.filter(pk=incident.pk).update(closed_at=closed_at)
        incident.refresh_from_db()
        return incident

    return make


def _statistics(incident):
    incident.refresh_from_db()
    return {name: getattr(incident, name) for name in STATISTICS}


def test_months_are_calendar_months():
    assert add_months(datetime(2026, 3, 31, tzinfo=UTC), -1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 1, 15, tzinfo=UTC), -36) == datetime(2023, 1, 15, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 30, tzinfo=UTC), 3) == datetime(2027, 2, 28, tzinfo=UTC)


def test_dry_run_lists_the_due_and_the_held_and_changes_nothing(org, report, close, fire):
    due = close(report(org.user(), description="Anna Svensson hotades"), 40)
    held = close(report(org.user()), 40)
    Incident.objects.filter(pk=held.pk).update(legal_hold=True, legal_hold_reason="Polisen")
    recent = close(report(org.user()), 30)
    before = list(Incident.objects.order_by("pk").values())
    entries = LogEntry.objects.count()

    items = {item.reference: item for item in plan()}
    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert set(items) == {due.reference, held.reference}
    assert items[held.reference].legal_hold and not items[due.reference].legal_hold
    assert items[due.reference].retention_months == 36
    assert items[due.reference].age_months(timezone.now()) == 40
    text = out.getvalue()
    assert due.reference in text and held.reference in text and recent.reference not in text
    assert "Dry run: 1 incidents would have their personal data removed; 1 due" in text
    assert "Polisen" not in text  # the hold's reason is free text: not printed to logs
    assert list(Incident.objects.order_by("pk").values()) == before
    assert LogEntry.objects.count() == entries


def test_apply_removes_exactly_the_due_and_keeps_the_event(
    org, report, close, fire, threat, django_capture_on_commit_callbacks
):
    reporter = org.user(Role.EMPLOYEE)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    due = report(
        reporter, description="Per Persson slog Anna", immediate_measures="Ringde Kalle",
        idempotency_key="k1",
    )  # fmt: skip
    services.add_comment(due, by=reporter, text="Jag heter Lisa och såg allt")
    services.add_comment(due, by=coordinator, text="Pratade med Lisa")
    services.add_attachment(due, by=reporter, uploaded=SimpleUploadedFile("lisa_intyg.pdf", PDF))
    due = close(due, 37)
    stats = _statistics(due)
    assert Notification.objects.filter(recipient=reporter).exists()
    not_yet = close(report(reporter, description="Inte än"), 35)
    open_old = report(reporter, description="Öppen sedan länge")
    Incident.objects.filter(pk=open_old.pk).update(created_at=timezone.now() - timedelta(days=3000))
    IncidentCategory.objects.filter(pk=threat.pk).update(retention_months=60)
    threat_case = close(report(reporter, category=threat, description="Hot mot Ola"), 40)
    kept_forever = IncidentCategory.objects.create(
        code="t-bevaras", name_sv="Bevaras", name_en="Preserved", area=org.area,
        retention_months=None,
    )  # fmt: skip
    preserved = close(report(reporter, category=kept_forever, description="Bevaras"), 200)
    file_name = Attachment.objects.get(incident=due).file.name
    storage = Attachment._meta.get_field("file").storage
    assert storage.exists(file_name)

    with django_capture_on_commit_callbacks(execute=True):
        result = apply_retention()

    assert (result.removed, result.held) == (1, 0)
    due.refresh_from_db()
    assert due.personal_data_removed_at is not None
    assert due.reporter_id is None
    assert (due.description, due.immediate_measures, due.dismissed_reason) == ("", "", "")
    assert (due.idempotency_key, due.request_hash) == ("", "")
    assert _statistics(due) == stats
    comments = due.timeline.filter(kind=TimelineKind.COMMENT)
    assert [c.text for c in comments] == ["", ""]
    assert [c.author_id for c in comments] == [None, coordinator.pk]  # the reporter's, then staff's
    assert not due.timeline.exclude(text="").filter(text__icontains="Lisa").exists()
    assert due.timeline.filter(kind=TimelineKind.STATUS_CHANGE).get().text == ""
    assert due.timeline.filter(kind=TimelineKind.ASSIGNMENT).exclude(text="").exists()
    removed = due.timeline.get(kind=TimelineKind.PERSONAL_DATA_REMOVED)
    assert removed.data["retention_months"] == 36 and removed.data["files_deleted"] == 1
    attachment = Attachment.objects.get(incident=due)
    assert attachment.original_name == "" and attachment.uploaded_by_id is None
    assert attachment.size == len(PDF)  # the metadata stays
    assert not storage.exists(file_name)
    assert not Notification.objects.filter(recipient=reporter, url=due.get_absolute_url()).exists()
    for other in (not_yet, open_old, threat_case, preserved):
        other.refresh_from_db()
        assert other.personal_data_removed_at is None and other.reporter_id == reporter.pk
        assert other.description


def test_audit_entry_names_the_fields_never_their_values(org, report, close):
    incident = close(report(org.user(), description="Anna Svensson, 19850101-1234"), 40)
    since = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    apply_retention()
    new = list(LogEntry.objects.filter(pk__gt=since))
    assert len(new) == 1
    entry = new[0]
    assert entry.object_id == incident.pk and entry.action == LogEntry.Action.UPDATE
    assert entry.actor is None  # the system
    assert entry.changes["description"] == [retention.REMOVED, ""]
    assert entry.changes["reporter"] == [retention.REMOVED, None]
    assert entry.additional_data["retention"]["retention_months"] == 36
    assert "Anna" not in str(entry.changes) + str(entry.additional_data)


def test_second_run_changes_nothing(org, report, close):
    close(report(org.user()), 40)
    assert apply_retention().removed == 1
    entries, timeline = LogEntry.objects.count(), TimelineEntry.objects.count()
    assert apply_retention().removed == 0
    assert (LogEntry.objects.count(), TimelineEntry.objects.count()) == (entries, timeline)


def test_legal_hold_stops_removal_until_lifted(org, report, close):
    chief = org.user(Role.SECURITY_CHIEF)
    incident = close(report(org.user()), 40)
    incident = retention.set_legal_hold(
        incident, by=chief, reason="Förundersökning K-123", version=incident.version
    )
    assert (incident.legal_hold_set_by, incident.legal_hold_reason) == (
        chief,
        "Förundersökning K-123",
    )
    result = apply_retention()
    assert (result.removed, result.held) == (0, 1)
    incident.refresh_from_db()
    assert incident.personal_data_removed_at is None and incident.description
    hold_log = LogEntry.objects.get_for_object(incident).filter(changes__has_key="legal_hold")
    assert hold_log.exists()
    retention.lift_legal_hold(incident, by=chief, reason="Nedlagd", version=incident.version)
    assert apply_retention().removed == 1
    incident.refresh_from_db()
    assert incident.legal_hold_reason == ""
    texts = incident.timeline.filter(kind=TimelineKind.LEGAL_HOLD).values_list("text", flat=True)
    assert list(texts) == ["", ""]


def test_a_hold_set_after_the_plan_wins(org, report, close):
    incident = close(report(org.user()), 40)
    ids = [item.pk for item in plan()]
    Incident.objects.filter(pk=incident.pk).update(legal_hold=True)
    assert ids == [incident.pk]
    assert remove_personal_data(incident.pk) is False
    incident.refresh_from_db()
    assert incident.personal_data_removed_at is None


def test_who_may_set_a_legal_hold(org, report, close):
    incident = report(org.user())
    outsiders = [org.user(role) for role in (Role.EMPLOYEE, Role.SECURITY_PARTNER, Role.AUDITOR)]
    for user in [*outsiders, org.user(Role.SECURITY_COORDINATOR, unit=org.beta)]:
        with pytest.raises(PermissionDenied):
            retention.set_legal_hold(incident, by=user, reason="x", version=incident.version)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    with pytest.raises(ValidationError) as exc:
        retention.set_legal_hold(incident, by=coordinator, reason="  ", version=incident.version)
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        retention.set_legal_hold(
            incident, by=coordinator, reason="HEMLIG", version=incident.version
        )
    with pytest.raises(StaleVersion):
        retention.set_legal_hold(incident, by=coordinator, reason="x", version=incident.version + 1)
    incident.refresh_from_db()
    assert not incident.legal_hold
    incident = retention.set_legal_hold(
        incident, by=coordinator, reason="x", version=incident.version
    )
    with pytest.raises(ValidationError):
        retention.set_legal_hold(incident, by=coordinator, reason="x", version=incident.version)


def test_nothing_to_hold_or_add_after_removal(org, report, close):
    chief = org.user(Role.SECURITY_CHIEF)
    incident = close(report(org.user()), 40)
    apply_retention()
    incident.refresh_from_db()
    with pytest.raises(ValidationError):
        retention.set_legal_hold(incident, by=chief, reason="x", version=incident.version)
    with pytest.raises(ValidationError) as exc:
        services.add_comment(incident, by=chief, text="Anna ringde")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.add_attachment(incident, by=chief, uploaded=SimpleUploadedFile("a.pdf", PDF))
    assert not incident.timeline.filter(kind=TimelineKind.COMMENT).exists()


def test_batches_stay_small_and_a_limit_is_kept(org, report, close, monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 2)
    reporter = org.user()
    incidents = [close(report(reporter, description=f"Händelse {n}"), 40) for n in range(5)]
    assert apply_retention(limit=3).removed == 3
    with CaptureQueriesContext(connection) as queries:
        assert apply_retention().removed == 2
    id_lookups = [
        q["sql"] for q in queries.captured_queries
        if q["sql"].startswith('SELECT "incidents_incident"."id" AS "pk" FROM')
    ]  # fmt: skip
    assert id_lookups and all("LIMIT 2" in sql for sql in id_lookups)
    assert Incident.objects.filter(personal_data_removed_at__isnull=False).count() == len(incidents)


def test_plan_reads_in_one_query_at_any_size(org, report, close, django_assert_num_queries):
    reporter = org.user()
    close(report(reporter), 40)
    with CaptureQueriesContext(connection) as one:
        assert len(list(plan())) == 1
    for n in range(6):
        close(report(reporter, description=f"Händelse {n}"), 40)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(list(plan())) == 7


def test_command_applies_and_reports(org, report, close):
    close(report(org.user()), 40)
    out = StringIO()
    call_command("apply_retention", "--apply", stdout=out)
    assert "Removed the personal data of 1 incidents" in out.getvalue()
    assert Incident.objects.filter(personal_data_removed_at__isnull=False).count() == 1


def test_nightly_task_only_when_enabled_and_in_its_hour(org, report, close, settings):
    close(report(org.user()), 40)
    settings.SAKRA_RETENTION_HOUR = 2
    night = datetime(2027, 6, 1, 2, 30, tzinfo=timezone.get_current_timezone())
    settings.SAKRA_RETENTION_ENABLED = False
    with time_machine.travel(night, tick=False):
        assert retention_task.call() == 0
    settings.SAKRA_RETENTION_ENABLED = True
    with time_machine.travel(night - timedelta(hours=2), tick=False):
        assert retention_task.call() == 0
    with time_machine.travel(night, tick=False):
        assert retention_task.call() == 1


def test_catalogue_periods(org):
    from sakra.incidents.catalogue import RETENTION_MONTHS, retention_months

    assert retention_months("brand") == 36
    assert retention_months("hot-vald-personal") == RETENTION_MONTHS["hot-vald-personal"] == 120


# The page ---------------------------------------------------------------------------------


def _hold(client, incident, hold="1", **extra):
    data = {"version": incident.version, "hold": hold, "reason": "Polisutredning", "confirm": "on"}
    data.update(extra)
    return client.post(reverse("incidents:legal-hold", args=[incident.pk]), data)


def test_page_sets_and_lifts_a_hold_with_confirmation(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_CHIEF))
    form = client.get(incident.get_absolute_url()).content.decode()
    assert 'name="hold" value="1"' in form and 'name="confirm"' in form
    response = _hold(client, incident, confirm="")
    assert response.status_code == 422
    incident.refresh_from_db()
    assert not incident.legal_hold
    assert _hold(client, incident).status_code == 302
    incident.refresh_from_db()
    assert incident.legal_hold
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Polisutredning" in page and 'name="hold" value="0"' in page
    assert _hold(client, incident, hold="0", reason="Klart").status_code == 302
    incident.refresh_from_db()
    assert not incident.legal_hold


def test_page_permissions(client, org, report):
    incident = report(org.user())
    response = _hold(client, incident)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(org.user(Role.MANAGER))
    assert _hold(client, incident).status_code == 403
    client.force_login(org.user(Role.SECURITY_COORDINATOR, unit=org.beta))
    assert _hold(client, incident).status_code == 404
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    assert _hold(client, incident).status_code == 302
    incident.refresh_from_db()
    assert incident.legal_hold


def test_page_after_removal(client, org, report, close):
    incident = close(report(org.user(), description="Anna Svensson"), 40)
    chief = org.user(Role.SECURITY_CHIEF)
    services.add_attachment(incident, by=chief, uploaded=SimpleUploadedFile("anna.pdf", PDF))
    apply_retention()  # the file stays until the commit: the page must not serve it even so
    client.force_login(chief)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Anna" not in page and "anna.pdf" not in page
    assert 'action="' + reverse("incidents:comment", args=[incident.pk]) not in page
    attachment = Attachment.objects.get(incident=incident)
    assert client.get(reverse("incidents:attachment", args=[attachment.pk])).status_code == 404


def test_plan_page_lists_the_due_in_the_users_scope(client, org, report, close):
    alfa = close(report(org.user(), description="Anna"), 40)
    beta = close(report(org.user(home_unit=org.beta_unit), unit=org.beta_unit), 40)
    Incident.objects.filter(pk=beta.pk).update(legal_hold=True, legal_hold_reason="Polisen K-9")
    close(report(org.user()), 10)
    url = reverse("incidents:retention")
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    page = client.get(url).content.decode()
    assert alfa.reference in page and beta.reference not in page
    assert url in page  # in the menu
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response = client.get(url)
    page = response.content.decode()
    assert alfa.reference in page and beta.reference in page
    assert "Anna" not in page and "K-9" not in page
    assert response.context["counts"] == {"due": 1, "held": 1}
    assert Incident.objects.filter(personal_data_removed_at__isnull=False).count() == 0
    client.force_login(org.user(Role.MANAGER))
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("incidents:list")).content.decode()
    client.logout()
    assert "/login/" in client.get(url)["Location"]


def test_plan_page_query_count_constant(client, org, report, close, django_assert_max_num_queries):
    reporter = org.user()
    close(report(reporter), 40)
    client.force_login(org.user(Role.SECURITY_CHIEF))
    url = reverse("incidents:retention")
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    for n in range(10):
        close(report(reporter, description=f"Händelse {n}"), 40)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).context["counts"]["due"] == 11


def test_the_audit_viewer_shows_the_removal(client, org, report, close):
    incident = close(report(org.user(), description="Anna Svensson"), 40)
    apply_retention()
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response = client.get(reverse("accounts:audit-trail"), {"q": incident.reference})
    assert response.status_code == 200
    assert retention.REMOVED in response.content.decode()
    export = client.get(reverse("accounts:audit-trail-csv"))
    assert export.status_code == 200


def test_search_no_longer_finds_the_removed_text(client, org, report, close):
    incident = close(report(org.user(), description="Svensson bröt sig in"), 40)
    client.force_login(org.user(Role.SECURITY_CHIEF))

    def found():
        response = client.get(reverse("incidents:list"), {"q": "Svensson"})
        return {i.reference for i in response.context["incidents"]}

    assert found() == {incident.reference}
    apply_retention()
    assert found() == set()


def test_plan_page_names_the_category_in_the_readers_language(client, org, report, close):
    incident = close(report(org.user()), 40)
    client.force_login(org.user(Role.SECURITY_CHIEF))
    url = reverse("incidents:retention")
    swedish = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert incident.category.name_sv in swedish
    assert incident.category.name_en in english and incident.category.name_sv not in english
