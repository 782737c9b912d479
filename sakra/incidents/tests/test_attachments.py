import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sakra.accounts.choices import Role
from sakra.incidents.models import Attachment
from sakra.incidents.uploads import safe_name

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (57.0, 40.0, 0.0)}  # GPS IFD
    exif[0x010F] = "Kameratillverkare"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _upload(client, incident, name, content, content_type="application/octet-stream"):
    return client.post(
        reverse("incidents:attachments", args=[incident.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_pdf_and_text_accepted_and_downloaded(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    assert _upload(client, incident, "../../etc/rapport.pdf", PDF).status_code == 302
    assert _upload(client, incident, "noter.txt", "Hej på dig\n".encode()).status_code == 302
    pdf = Attachment.objects.get(content_type="application/pdf")
    assert pdf.original_name == "rapport.pdf"
    assert ".." not in pdf.file.name and pdf.file.name.endswith(".pdf")
    assert "rapport" not in pdf.file.name  # a generated name
    response = client.get(reverse("incidents:attachment", args=[pdf.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert incident.timeline.filter(kind="attachment_added").count() == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),  # exe renamed
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("sida.txt", b"<html><script>alert(1)</script></html>"),
        ("sida.html", b"<html><body>hej</body></html>"),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 100),  # a zip, not a document
        ("tom.txt", b""),
    ],
)
def test_hostile_files_refused(client, org, report, name, content):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    response = _upload(client, incident, name, content)
    assert response.status_code == 422
    assert not Attachment.objects.exists()


def test_oversized_refused(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    big = PDF + b"0" * (10 * 1024 * 1024)
    assert _upload(client, incident, "stor.pdf", big).status_code == 422
    assert not Attachment.objects.exists()


def test_image_metadata_stripped(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    assert _upload(client, incident, "foto.jpeg", original).status_code == 302
    stored = Attachment.objects.get()
    assert stored.original_name == "foto.jpg"
    with stored.file.open("rb") as handle:
        assert not Image.open(handle).getexif()


def test_out_of_scope_download_is_404(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    _upload(client, incident, "a.pdf", PDF)
    client.force_login(org.user(Role.SECURITY_COORDINATOR, unit=org.beta))
    attachment = Attachment.objects.get()
    assert client.get(reverse("incidents:attachment", args=[attachment.pk])).status_code == 404
    api = f"/api/v1/incidents/{incident.pk}/attachments/{attachment.pk}"
    assert client.get(api).status_code == 404


def test_api_upload_and_list(client, org, report):
    incident = report(org.user())
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    url = f"/api/v1/incidents/{incident.pk}/attachments"
    created = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert created.status_code == 201
    bad = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"MZ" + b"\x00" * 100)})
    assert bad.status_code == 422
    assert [a["original_name"] for a in client.get(url).json()] == ["a.pdf"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("../../x.pdf", "x.pdf"), ("C:\\dir\\y.png", "y.png"), ("", "bilaga"), ("\x00\x01", "bilaga")],
)
def test_safe_name(raw, expected):
    assert safe_name(raw) == expected


def test_long_name_keeps_extension():
    name = safe_name("a" * 400 + ".pdf")
    assert len(name) <= 150 and name.endswith(".pdf")
