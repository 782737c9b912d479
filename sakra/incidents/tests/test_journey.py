"""The issue's "done when": an acute threat from a phone to the chief's export."""

import csv
import io
from datetime import timedelta

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.incidents.choices import Status
from sakra.incidents.models import Incident, OnCallShift


def test_acute_threat_from_report_to_export(client, org, threat):
    employee = org.user(Role.EMPLOYEE)
    partner = org.user(Role.SECURITY_PARTNER)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    chief = org.user(Role.SECURITY_CHIEF)
    now = timezone.now()
    OnCallShift.objects.create(
        person=partner, administration=org.alfa, starts_at=now - timedelta(hours=2),
        ends_at=now + timedelta(hours=6),
    )  # fmt: skip

    # The employee reports from the phone-sized form.
    client.force_login(employee)
    form = client.get(reverse("incidents:report"))
    assert 'name="viewport"' in form.content.decode()
    response = client.post(
        reverse("incidents:report"),
        {
            "category": threat.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "unit": org.alfa_unit.pk, "site": org.site.pk,
            "description": "Besökare hotar personal i receptionen",
            "people_harmed": "0", "is_acute": "on", "idempotency_key": "journey",
        },
    )  # fmt: skip
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.is_acute and incident.is_restricted and incident.handler == coordinator

    # The partner on duty is told at once, in the app and by e-mail after commit.
    alert = Notification.objects.get(recipient=partner)
    assert alert.send_email and incident.reference in alert.subject
    client.force_login(partner)
    client.post(reverse("incidents:acknowledge", args=[incident.pk]))
    incident.refresh_from_db()
    assert incident.acknowledged_by == partner

    # The coordinator handles it, reports it to Arbetsmiljöverket and closes it.
    client.force_login(coordinator)
    for version, status in enumerate([Status.UNDER_INVESTIGATION, Status.ACTIONS_DECIDED], start=1):
        reply = client.post(
            reverse("incidents:status", args=[incident.pk]), {"status": status, "version": version}
        )
        assert reply.status_code == 302
    duty = incident.obligations.get()
    reply = client.post(
        reverse("incidents:obligation", args=[incident.pk, duty.pk]),
        {"version": 3, "authority_reference": "AV 2026/1"},
    )
    assert reply.status_code == 302
    reply = client.post(
        reverse("incidents:status", args=[incident.pk]), {"status": Status.CLOSED, "version": 4}
    )
    assert reply.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.CLOSED

    # The chief finds it in the list and the export; the export read is logged.
    client.force_login(chief)
    listed = client.get(reverse("incidents:list"), {"acute": "true", "status": "closed"})
    assert [i.pk for i in listed.context["incidents"]] == [incident.pk]
    export = client.get(reverse("incidents:export-csv"), {"acute": "true"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][0] == incident.reference
    assert LogEntry.objects.filter(
        object_pk=str(incident.pk), action=LogEntry.Action.ACCESS, actor=chief
    ).exists()
    # A manager of the unit never sees the restricted report.
    client.force_login(org.user(Role.MANAGER))
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
