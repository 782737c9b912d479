"""A restricted report's hidden fields stay hidden on every path (issue #16, #17).

One acute restricted report carries a distinct marker in every field privacy.py hides: the
reporter (name, address, id), the description, the immediate measures, a comment, a file's
name, the dismissal reason. The acute-channel partner and the auditor then read it through
every path: the page, the API (detail, list, timeline, attachments), the exports, the audit
trail (page and CSV) and their notifications. What each may not see must appear nowhere; the
handler, for contrast, sees every marker on the page (so the test can fail).
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.incidents import services
from sakra.incidents.choices import DismissalKind, Severity, Status
from sakra.incidents.models import Incident, IncidentCategory, ReportingObligation

pytestmark = pytest.mark.django_db

MARKERS = {
    "reporter_name": "Rapportör Hemligsson",
    "reporter_email": "hemligsson.rapportor@example.se",
    "description": "BESKRIVNINGXQ1",
    "immediate_measures": "ÅTGÄRDXQ2",
    "comment": "KOMMENTARXQ3",
    "file_name": "namnfilXQ4",
    "dismissed_reason": "AVSKRIVENXQ5",
}
#: What each reader may not see; the partner helps through the acute channel and so reads
#: what happened, the auditor sees the handling only.
PERSONAL = ["reporter_name", "reporter_email", "comment", "file_name", "dismissed_reason"]
HIDDEN = {
    "partner": PERSONAL,
    "auditor": [*PERSONAL, "description", "immediate_measures"],
}


@pytest.fixture
def world(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    category = IncidentCategory.objects.create(
        code="x-hot", name_sv="Hot", name_en="Threat", area=org.area,
        default_severity=Severity.HIGH, is_restricted=True,
    )  # fmt: skip
    category.obligations.set(ReportingObligation.objects.filter(code="av-serious-incident"))
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    partner = org.user(Role.SECURITY_PARTNER)
    auditor = org.user(Role.AUDITOR, unit=org.region)  # region-wide: the trail is theirs to read
    chief = org.user(Role.SECURITY_CHIEF)
    reporter = org.user(full_name=MARKERS["reporter_name"], email=MARKERS["reporter_email"])
    client = Client()
    client.force_login(reporter)
    # Reported through the page, so the audit trail names the reporter as its actor.
    response = client.post(
        reverse("incidents:report"),
        {
            "category": category.pk,
            "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "unit": org.alfa_unit.pk,
            "description": MARKERS["description"],
            "immediate_measures": MARKERS["immediate_measures"],
            "people_harmed": 0,
            "is_acute": "on",
            "idempotency_key": "x-restricted-fields",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    incident = Incident.objects.get(description=MARKERS["description"])
    services.add_comment(incident, by=reporter, text=MARKERS["comment"])
    client.post(
        reverse("incidents:attachments", args=[incident.pk]),
        {"file": SimpleUploadedFile(f"{MARKERS['file_name']}.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    assert incident.attachments.filter(original_name__contains=MARKERS["file_name"]).exists()
    incident.refresh_from_db()
    services.change_status(
        incident, by=chief, status=Status.DISMISSED, version=incident.version,
        reason=MARKERS["dismissed_reason"], dismissal_kind=DismissalKind.NOT_SECURITY,
    )  # fmt: skip
    # The people's directory is not the report: the entry that created the reporter's account
    # names them wherever they report, and is left out of what is walked here.
    LogEntry.objects.get_for_object(reporter).delete()
    return {
        "incident": Incident.objects.get(pk=incident.pk),
        "reporter": reporter,
        "readers": {"partner": partner, "auditor": auditor, "handler": coordinator},
    }


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    )  # fmt: skip


def _paths(incident) -> dict[str, str]:
    pk = incident.pk
    return {
        "page": reverse("incidents:detail", args=[pk]),
        "api detail": f"/api/v1/incidents/{pk}",
        "api list": "/api/v1/incidents",
        "api timeline": f"/api/v1/incidents/{pk}/timeline",
        "api attachments": f"/api/v1/incidents/{pk}/attachments",
        "export csv": reverse("incidents:export-csv"),
        "export xlsx": reverse("incidents:export-xlsx"),
        "audit page": reverse("accounts:audit-trail"),
        "audit csv": reverse("accounts:audit-trail-csv"),
    }


def _read(client, path: str) -> tuple[int, str]:
    response = client.get(path)
    if response.status_code != 200:
        return response.status_code, ""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if path.endswith(".xlsx"):
        return 200, _xlsx_text(content)
    return 200, content.decode("utf-8")


@pytest.mark.parametrize("reader", ["partner", "auditor"])
def test_every_path_hides_every_hidden_field(world, reader):
    incident, user = world["incident"], world["readers"][reader]
    client = Client()
    client.force_login(user)
    problems, read = [], []
    for name, path in _paths(incident).items():
        status, text = _read(client, path)
        if status != 200:
            # Only the audit trail is not for the partner at all.
            assert name.startswith("audit") and reader == "partner", f"{name}: {status}"
            continue
        read.append(name)
        for field in HIDDEN[reader]:
            if MARKERS[field] in text:
                problems.append(f"{name} shows {field}")
        if name.startswith("api") and f'"reporter_id": {world["reporter"].pk}' in text:
            problems.append(f"{name} names the reporter's id")
        if name == "api timeline" and f'"author_id": {world["reporter"].pk}' in text:
            problems.append(f"{name} names the reporter as an author")
    notifications = " ".join(
        f"{n.subject} {n.body}" for n in Notification.objects.filter(recipient=user)
    )
    for field in HIDDEN[reader]:
        if MARKERS[field] in notifications:
            problems.append(f"notifications show {field}")
    assert not problems, problems
    # The reader did reach the report on every path the role has (not a 404 everywhere).
    assert {"page", "api detail", "api list", "api timeline", "export csv"} <= set(read)
    if reader == "auditor":
        assert {"audit page", "audit csv"} <= set(read)


def test_the_handler_sees_every_marker(world):
    client = Client()
    client.force_login(world["readers"]["handler"])
    page = client.get(reverse("incidents:detail", args=[world["incident"].pk])).content.decode()
    for field in ("reporter_name", "description", "immediate_measures", "comment",
                  "file_name", "dismissed_reason"):  # fmt: skip
        assert MARKERS[field] in page, field


def test_the_auditor_sees_the_handling_of_a_restricted_report(world):
    """Least privilege: that it exists, its category, unit, status, duties and timeline."""
    incident = world["incident"]
    client = Client()
    client.force_login(world["readers"]["auditor"])
    page = client.get(reverse("incidents:detail", args=[incident.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert incident.reference in text and "Hot" in text and str(incident.unit) in text
    assert "Arbetsmiljöverket" in text  # the authority duty
    body = client.get(f"/api/v1/incidents/{incident.pk}").json()
    assert body["status"] == Status.DISMISSED and body["description"] == ""
    assert body["obligations"] and body["reporter_id"] is None
    kinds = [e["kind"] for e in client.get(f"/api/v1/incidents/{incident.pk}/timeline").json()]
    assert "comment" in kinds and "status_change" in kinds


def test_every_read_by_the_auditor_is_logged(world):
    incident = world["incident"]
    auditor = world["readers"]["auditor"]
    client = Client()
    client.force_login(auditor)
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=auditor, object_pk=str(incident.pk)
    )
    for path in (
        reverse("incidents:detail", args=[incident.pk]),
        f"/api/v1/incidents/{incident.pk}",
        f"/api/v1/incidents/{incident.pk}/timeline",
        f"/api/v1/incidents/{incident.pk}/attachments",
    ):
        before = reads.count()
        assert client.get(path).status_code == 200
        assert reads.count() == before + 1, path


def test_reading_the_attachment_list_is_logged(world):
    """Every other read path left an entry; the list of files did not (issue #16, 4)."""
    incident = world["incident"]
    coordinator = world["readers"]["handler"]
    client = Client()
    client.force_login(coordinator)
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=coordinator)
    before = reads.count()
    names = client.get(f"/api/v1/incidents/{incident.pk}/attachments").json()
    assert [MARKERS["file_name"] in a["original_name"] for a in names] == [True]
    assert reads.count() == before + 1


def test_the_chief_reads_the_whole_audit_trail(world):
    """Those who may read the personal data read it in the trail too (the rule can fail)."""
    from sakra.accounts.models import RoleAssignment

    client = Client()
    client.force_login(world["readers"]["handler"])  # not a reader of the trail
    assert client.get(reverse("accounts:audit-trail")).status_code == 403
    client.force_login(RoleAssignment.objects.get(role=Role.SECURITY_CHIEF).user)
    text = client.get(reverse("accounts:audit-trail")).content.decode()
    assert MARKERS["reporter_email"] in text and MARKERS["file_name"] in text


@pytest.mark.parametrize(
    "query", [{"actor": "Hemligsson"}, {"obj": MARKERS["file_name"]}], ids=["person", "name"]
)
def test_a_search_of_the_trail_does_not_count_what_its_rows_hide(world, query):
    """Searching the trail for the reporter or a file name found the hidden rows: their count
    told the auditor what the rows hid."""
    from sakra.accounts.models import RoleAssignment

    client = Client()
    client.force_login(world["readers"]["auditor"])
    page = client.get(reverse("accounts:audit-trail"), query)
    assert page.status_code == 200 and not page.context["page"].object_list
    client.force_login(RoleAssignment.objects.get(role=Role.SECURITY_CHIEF).user)
    assert client.get(reverse("accounts:audit-trail"), query).context["page"].object_list


def test_the_auditor_cannot_find_a_restricted_report_by_its_words(world):
    """The auditor sees the report but not its account: a search by its words must not find
    it (the list and the API), while the handler finds it."""
    incident = world["incident"]
    words = {"q": MARKERS["description"]}
    client = Client()
    client.force_login(world["readers"]["auditor"])
    assert incident.reference not in client.get(reverse("incidents:list"), words).content.decode()
    assert client.get("/api/v1/incidents", words).json()["items"] == []
    assert client.get("/api/v1/incidents").json()["items"]  # it is listed without a search
    client.force_login(world["readers"]["handler"])
    assert [i["id"] for i in client.get("/api/v1/incidents", words).json()["items"]] == [
        incident.pk
    ]
