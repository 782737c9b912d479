"""The document's life: draft, consultation, adoption with its decision, distribution and
acknowledgement, review; and the refusals."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.core.access import VIEW
from sakra.core.concurrency import StaleVersion
from sakra.documents import services
from sakra.documents.choices import Audience, DocumentStatus, ReviewKind, VersionState
from sakra.documents.models import Document, DocumentVersion, add_months
from sakra.governance.models import Decision

from .factories import forum, make_document

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


def _pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _docx(text="Brandskyddspärmen ska finnas på varje avdelning.") -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


def test_consultation_adoption_distribution_and_acknowledgement(org, chief):
    manager = org.user(Role.MANAGER)
    document = services.create_document(
        by=chief,
        title="Rutin vid hot och våld",
        kind="routine",
        body="# Larma\n\nRing 112.",
        areas=[org.area],
        unit=org.alfa,
    )
    assert document.status == DocumentStatus.DRAFT
    assert not Document.objects.for_user(manager, VIEW).filter(pk=document.pk).exists()
    services.send_on_consultation(
        document,
        by=chief,
        version=document.version,
        reply_by=TODAY() + datetime.timedelta(14),
        recipients=[(org.alfa, Role.MANAGER)],
        message="Synpunkter?",
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.CONSULTATION
    # The manager it was sent to reads the draft and replies; the owner is told.
    assert Document.objects.for_user(manager, VIEW).filter(pk=document.pk).exists()
    services.record_reply(document, by=manager, text="Lägg till larmnumret till vakten.")
    assert document.owner.notifications.filter(subject__contains="hot och våld").exists()
    version = services.adopt(
        document,
        by=chief,
        version=document.version,
        forum=forum(),
        decided_on=TODAY(),
        paragraph="§ 7",
        registry_number="RS 2026/12",
        distribute_to=[(org.alfa_dept, Role.MANAGER)],
        acknowledge_by=TODAY() + datetime.timedelta(30),
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.ADOPTED and document.current == version
    assert isinstance(version.decision, Decision) and version.decision.paragraph == "§ 7"
    assert "<h2>Larma</h2>" in version.html and len(version.content_hash) == 64
    assert document.next_review == add_months(TODAY(), 24)
    assert list(version.recipients.values_list("user", flat=True)) == [manager.pk]
    services.acknowledge(version, by=manager)
    services.acknowledge(version, by=manager)  # once
    assert version.acknowledgements.count() == 1
    with pytest.raises(PermissionDenied):
        services.acknowledge(version, by=org.user(Role.EMPLOYEE))


def test_a_new_version_keeps_the_old_one_readable_and_one_draft_at_a_time(org, chief):
    document = make_document(chief, body="Första.")
    first = document.current
    services.edit_draft(document, by=chief, version=document.version, body="Andra.")
    document.refresh_from_db()
    with pytest.raises(StaleVersion):
        services.edit_draft(document, by=chief, version=document.version - 1, body="x")
    services.edit_draft(document, by=chief, version=document.version, body="Andra, rättad.")
    document.refresh_from_db()
    assert document.versions.filter(state__in=[VersionState.DRAFT]).count() == 1
    services.adopt(document, by=chief, version=document.version, forum=forum(), decided_on=TODAY())
    first.refresh_from_db()
    assert first.state == VersionState.SUPERSEDED and first.html
    assert document.versions.count() == 2


def test_a_document_cannot_become_its_own_ancestor(org, chief):
    policy = make_document(chief, title="Säkerhetspolicy", kind="policy")
    guideline = make_document(chief, title="Riktlinjer", kind="guideline", parent=policy)
    routine = make_document(chief, title="Rutin", parent=guideline)
    for parent in (policy, routine):
        target = policy if parent is routine else routine
        with pytest.raises(ValidationError) as refused:
            services.update_details(
                target if parent is routine else policy,
                by=chief,
                version=(target if parent is routine else policy).version,
                title="x",
                kind="policy",
                parent=routine if parent is routine else policy,
            )
        assert "parent" in refused.value.error_dict


def test_an_uploaded_file_is_a_real_pdf_or_docx_and_no_zip_bomb(org, chief, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = SimpleUploadedFile("rutin.pdf", b"hello, not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.create_document(by=chief, title="R", kind="routine", upload=text)
    assert "attachment" in refused.value.error_dict
    png = SimpleUploadedFile(
        "r.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.create_document(by=chief, title="R", kind="routine", upload=png)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * (101 * 1024 * 1024))
    upload = SimpleUploadedFile("bomb.docx", bomb.getvalue())
    with pytest.raises(ValidationError) as refused:
        services.create_document(by=chief, title="R", kind="routine", upload=upload)
    assert "attachment" in refused.value.error_dict


def test_an_uploaded_file_version_is_adopted_and_a_second_file_version_too(
    org, chief, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = services.create_document(
        by=chief,
        title="Rutin Brandskyddspärmen",
        kind="routine",
        upload=SimpleUploadedFile("pärm.docx", _docx()),
    )
    first = services.adopt(
        document, by=chief, version=document.version, forum=forum(), decided_on=TODAY()
    )
    assert first.attachment_type.endswith("document") and first.content_hash
    document.refresh_from_db()
    services.edit_draft(
        document,
        by=chief,
        version=document.version,
        upload=SimpleUploadedFile("ny.pdf", _pdf()),
        change_summary="Ny pärm",
    )
    document.refresh_from_db()
    second = services.adopt(
        document, by=chief, version=document.version, forum=forum(), decided_on=TODAY()
    )
    assert second.attachment_type == "application/pdf" and second.content_hash != first.content_hash


def test_the_attachment_text_is_read_by_the_worker_into_the_search(org, chief, settings, tmp_path):
    from sakra.documents.tasks import extract_attachment_text

    settings.MEDIA_ROOT = tmp_path
    document = services.create_document(
        by=chief, title="Pärmen", kind="routine", upload=SimpleUploadedFile("p.docx", _docx())
    )
    version = document.versions.get()
    assert not version.attachment_read  # not read in the request
    extract_attachment_text.call(version.pk)
    document.refresh_from_db()
    assert "brandskyddspärmen ska finnas" in document.search_text


def test_reviewed_no_change_restarts_the_clock_from_the_review(org, chief):
    document = make_document(chief, review_months=12)
    event = services.mark_reviewed(document, by=chief, version=document.version, note="Aktuell")
    document.refresh_from_db()
    assert event.kind == ReviewKind.NO_CHANGE and event.in_time
    assert document.next_review == add_months(TODAY(), 12)


def test_only_keepers_change_and_the_audience_reads(org, chief):
    employee, manager = org.user(Role.EMPLOYEE), org.user(Role.MANAGER)
    for_managers = make_document(chief, title="Chefsstöd", audience=Audience.MANAGERS)
    assert Document.objects.for_user(manager, VIEW).filter(pk=for_managers.pk).exists()
    assert not Document.objects.for_user(employee, VIEW).filter(pk=for_managers.pk).exists()
    with pytest.raises(PermissionDenied):
        services.edit_draft(for_managers, by=manager, version=for_managers.version, body="x")
    with pytest.raises(PermissionDenied):
        services.create_document(by=manager, title="x", kind="routine")
    assert DocumentVersion.objects.for_user(employee, VIEW).count() == 0


def test_marked_text_is_refused(org, chief):
    with pytest.raises(ValidationError):
        services.create_document(by=chief, title="R", kind="routine", body="HEMLIG enligt 15 kap.")


def test_people_named_at_adoption_receive_it_once_beside_a_unit_and_role(org, chief):
    named = org.user(Role.EMPLOYEE, home_unit=org.beta_unit)  # outside the unit chosen
    manager = org.user(Role.MANAGER)
    gone = org.user(Role.EMPLOYEE)
    gone.is_active = False
    gone.save()
    document = make_document(chief, adopt=False)
    services.adopt(
        document, by=chief, version=document.version, forum=forum(),
        decided_on=timezone.localdate(), distribute_to=[(org.alfa_dept, Role.MANAGER)],
        people=[named, manager, gone], acknowledge_by=timezone.localdate(),
    )  # fmt: skip
    document.refresh_from_db()
    recipients = set(document.current.recipients.values_list("user", flat=True))
    assert recipients == {named.pk, manager.pk}  # the manager once; no inactive person
    assert named.notifications.filter(kind="documents.adopted-to-confirm").count() == 1


def test_the_api_refuses_an_unknown_person_and_changes_nothing(client, org, chief):
    document = make_document(chief, adopt=False)
    client.force_login(chief)
    response = client.post(
        f"/api/v1/documents/{document.pk}/adopt",
        {"version": document.version, "forum_id": forum().pk,
         "decided_on": timezone.localdate().isoformat(), "people_ids": [999_999]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422 and "people_ids" in response.content.decode()
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.DRAFT
