"""A document's file through the API: attached to the draft by multipart (the same checks as
the page, the document's version as the edit lock) and downloaded by whoever may read the
version; out of scope is 404, anonymous 401."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sakra.accounts.choices import Role
from sakra.documents.models import Document, DocumentVersion

from .factories import make_document

pytestmark = pytest.mark.django_db
API = "/api/v1/documents"
PDF = b"%PDF-1.4\n%%EOF\n"


def _attach(client, document, content=PDF, name="rutin.pdf", version=None):
    return client.post(
        f"{API}/{document.pk}/draft/file",
        {
            "version": document.version if version is None else version,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_a_file_is_attached_to_the_draft_and_read_back(client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chief = org.user(Role.SECURITY_CHIEF)
    document = make_document(chief, adopt=False, body="# Larma\n\nRing 112.")
    client.force_login(chief)
    response = _attach(client, document)
    assert response.status_code == 200, response.content
    draft = DocumentVersion.objects.get(pk=response.json()["id"])
    assert draft.attachment and draft.body == "# Larma\n\nRing 112."  # the Markdown is kept
    download = client.get(f"{API}/versions/{draft.pk}/file")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # The version it was sent with is now stale: the second send is refused and changes nothing.
    stale = _attach(client, document, name="annan.pdf")
    assert stale.status_code == 409
    draft.refresh_from_db()
    assert draft.attachment_name == "rutin.pdf"


def test_a_file_that_is_no_document_is_refused_with_a_message(client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chief = org.user(Role.SECURITY_CHIEF)
    document = make_document(chief, adopt=False)
    client.force_login(chief)
    response = _attach(client, document, content=b"MZ\x90\x00 not a pdf", name="r.pdf")
    assert response.status_code == 422
    assert not Document.objects.get(pk=document.pk).versions.exclude(attachment="").exists()


def test_out_of_scope_is_404_and_anonymous_401(client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chief = org.user(Role.SECURITY_CHIEF)
    document = make_document(chief, adopt=False)
    client.force_login(chief)
    draft_id = _attach(client, document).json()["id"]
    document.refresh_from_db()
    client.logout()
    assert _attach(client, document).status_code == 401
    assert client.get(f"{API}/versions/{draft_id}/file").status_code == 401
    client.force_login(org.user(Role.EMPLOYEE))  # a draft is not for all staff
    assert _attach(client, document).status_code == 404
    assert client.get(f"{API}/versions/{draft_id}/file").status_code == 404
