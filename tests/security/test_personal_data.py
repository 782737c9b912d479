"""Field-level access: the personal data of a restricted incident (threats, violence) reaches
only those who handle it. The security partner sees an acute one through the acute channel,
to help at once: what happened and where, but not who reported it and not its files
(docs/user/incidents.md, "Vem ser vad"). Every other role without the incident in its
handling scope gets the same 404 as for a missing one, and finds it in no list or export."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.accounts.services import create_api_token
from sakra.accounts.tasks import send_notification_emails
from sakra.incidents.choices import Severity
from sakra.incidents.models import IncidentCategory
from sakra.incidents.services import add_attachment, assign_handler, report_incident

REPORTER = "Vera Rapportör"
FILE = "vittnesmal-vera.pdf"
API = "/api/v1"


@pytest.fixture
def acute_threat(org, django_capture_on_commit_callbacks):
    threat = IncidentCategory.objects.create(
        code="hot-pd", name_sv="Hot", name_en="Threat", area=org.area,
        default_severity=Severity.HIGH, is_restricted=True,
    )  # fmt: skip
    partner = org.user(Role.SECURITY_PARTNER)
    reporter = org.user(full_name=REPORTER)
    with django_capture_on_commit_callbacks(execute=True):
        incident, _ = report_incident(
            by=reporter, category=threat, occurred_at=timezone.now() - timedelta(minutes=5),
            unit=org.alfa_unit, site=org.site, description="Patienten hotade med kniv",
            is_acute=True,
        )  # fmt: skip
    chief = org.user(Role.SECURITY_CHIEF)
    pdf = SimpleUploadedFile(FILE, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = add_attachment(incident, by=chief, uploaded=pdf)
    assert incident.is_restricted and incident.is_acute
    return incident, attachment, partner, reporter


def _clients(user):
    page = Client()
    page.force_login(user)
    token = create_api_token(user, "test")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    return page, api


def _exports(page) -> str:
    csv = page.get(reverse("incidents:export-csv"))
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    xlsx = page.get(reverse("incidents:export-xlsx"))
    book = load_workbook(BytesIO(b"".join(xlsx.streaming_content)))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    return text + cells


def test_the_partner_helps_without_learning_who_reported(org, acute_threat):
    incident, attachment, partner, _reporter = acute_threat
    page, api = _clients(partner)

    html = page.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert incident.reference in html and "Patienten hotade" in html  # what happened: shown
    assert REPORTER not in html and FILE not in html
    assert page.get(reverse("incidents:attachment", args=[attachment.pk])).status_code == 404
    assert incident.reference in page.get(reverse("incidents:list")).content.decode()
    assert REPORTER not in page.get(reverse("incidents:list")).content.decode()
    assert REPORTER not in _exports(page)

    one = api.get(f"{API}/incidents/{incident.pk}").json()
    assert one["description"] and one["reporter_id"] is None
    rows = api.get(f"{API}/incidents").json()["items"]
    assert [row["reporter_id"] for row in rows if row["id"] == incident.pk] == [None]
    assert api.get(f"{API}/incidents/{incident.pk}/attachments").json() == []
    download = f"{API}/incidents/{incident.pk}/attachments/{attachment.pk}"
    assert api.get(download).status_code == 404
    timeline = api.get(f"{API}/incidents/{incident.pk}/timeline").content.decode()
    assert REPORTER not in timeline and FILE not in timeline

    acknowledged = api.post(f"{API}/incidents/{incident.pk}/acknowledge")
    assert acknowledged.status_code == 200 and acknowledged.json()["reporter_id"] is None
    html = page.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert REPORTER not in html  # acknowledging is helping, not handling


def test_the_acute_alert_names_neither_reporter_nor_what_happened(org, acute_threat):
    _incident, _attachment, partner, _reporter = acute_threat
    alerts = Notification.objects.filter(recipient=partner)
    assert alerts.exists()
    for alert in alerts:
        text = f"{alert.subject} {alert.body} {alert.url}"
        assert REPORTER not in text and "kniv" not in text
    # The e-mails are sent by the worker; run its task here to read what leaves the system.
    send_notification_emails.call([alert.pk for alert in alerts])
    assert mail.outbox
    for message in mail.outbox:
        assert REPORTER not in message.subject + message.body and "kniv" not in message.body


@pytest.mark.parametrize(
    "role", [Role.SECURITY_CHIEF, Role.SECURITY_COORDINATOR, Role.AREA_OWNER, "handler", "self"]
)
def test_those_who_handle_it_see_the_reporter(org, acute_threat, role):
    incident, attachment, partner, reporter = acute_threat
    if role == "handler":
        chief = org.user(Role.SECURITY_CHIEF)
        incident = assign_handler(incident, by=chief, handler=partner, version=incident.version)
        user = partner
    else:
        user = reporter if role == "self" else org.user(role)
    page, api = _clients(user)
    html = page.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert REPORTER in html
    assert api.get(f"{API}/incidents/{incident.pk}").json()["reporter_id"] == reporter.pk
    if role != "self":
        assert FILE in html
        assert page.get(reverse("incidents:attachment", args=[attachment.pk])).status_code == 200


@pytest.mark.parametrize(
    "role",
    # The auditor sees that the report exists and its handling, without its personal data:
    # tests/security/test_restricted_fields.py walks every path for that.
    [Role.EMPLOYEE, Role.MANAGER, Role.HEAD_OF_ADMINISTRATION, Role.BOARD_MEMBER],
)
def test_other_roles_find_no_trace_of_it(org, acute_threat, role):
    incident, attachment, _partner, _reporter = acute_threat
    page, api = _clients(org.user(role))
    assert page.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
    assert page.get(reverse("incidents:attachment", args=[attachment.pk])).status_code == 404
    assert incident.reference not in page.get(reverse("incidents:list")).content.decode()
    exported = _exports(page)
    assert incident.reference not in exported and REPORTER not in exported
    assert api.get(f"{API}/incidents/{incident.pk}").status_code == 404
    assert api.get(f"{API}/incidents/{incident.pk}/timeline").status_code == 404
    assert incident.pk not in [row["id"] for row in api.get(f"{API}/incidents").json()["items"]]
