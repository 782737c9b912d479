"""The pages: the tree, a document with its versions and diff, the workflow through forms, and
query counts that stay constant as the rows grow."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.documents import services
from sakra.documents.models import Document
from sakra.testing import count_queries

from .factories import forum, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


def _many(chief, org, n):
    guideline = make_document(chief, title="Riktlinjer", kind="guideline", areas=[org.area])
    for i in range(n):
        make_document(
            chief, title=f"Rutin {i} om brand", parent=guideline, areas=[org.area],
            review_months=1 if i % 2 == 0 else 24,
        )  # fmt: skip


@pytest.mark.parametrize("path", ["/styrdokument/", "/styrdokument/granskning/", "/sok/?q=brand"])
def test_list_pages_use_a_constant_number_of_queries(client, org, chief, path):
    client.force_login(org.user(Role.MANAGER))
    _many(chief, org, 1)
    client.get(path)
    with count_queries() as one:
        assert client.get(path).status_code == 200
    _many(chief, org, 21)
    with count_queries() as many:
        assert client.get(path).status_code == 200
    # The search counts its hits only when they fill the page (one query more, once).
    extra = 1 if path.startswith("/sok/") else 0
    assert len(one) <= len(many) <= len(one) + extra, [q["sql"][:120] for q in many]


def test_the_tree_shows_the_chain_and_the_local_supplement(client, org, chief):
    policy = make_document(chief, title="Säkerhetspolicy", kind="policy")
    routine = make_document(chief, title="Rutin vid hot och våld", parent=policy)
    make_document(chief, title="Lokalt tillägg Alfa", supplements=routine, unit=org.alfa)
    client.force_login(org.user(Role.EMPLOYEE))
    body = client.get("/styrdokument/").content.decode()
    assert body.index("Säkerhetspolicy") < body.index("Rutin vid hot och våld")
    assert body.index("Rutin vid hot och våld") < body.index("Lokalt tillägg Alfa")
    detail = client.get(routine.get_absolute_url()).content.decode()
    assert "Lokalt tillägg Alfa" in detail


def test_the_workflow_through_the_pages(client, org, chief, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(chief)
    response = client.post(
        "/styrdokument/nytt/",
        {"title": "Rutin för larm", "kind": "routine", "audience": "all", "review_months": "24",
         "body": "# Larma\n\n<script>alert(1)</script> Ring 112."},
    )  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get(title="Rutin för larm")
    page = client.get(document.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    client.post(
        f"/styrdokument/{document.pk}/remiss/",
        {
            "version": document.version,
            "reply_by": (timezone.localdate() + datetime.timedelta(9)).isoformat(),
            "recipient_unit": org.alfa.pk,
            "recipient_role": "manager",
        },
    )
    document.refresh_from_db()
    assert document.status == "consultation"
    response = client.post(
        f"/styrdokument/{document.pk}/faststall/",
        {
            "version": document.version,
            "forum": forum().pk,
            "decided_on": timezone.localdate().isoformat(),
            "paragraph": "§ 9",
            "registry_number": "RS 2026/9",
            "recipient_unit": org.alfa.pk,
            "recipient_role": "",
            "acknowledge_by": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "adopted"
    employee = org.user(Role.EMPLOYEE, home_unit=org.alfa_unit)
    # Recipients were chosen at adoption; a person added later is not one.
    assert not document.current.recipients.filter(user=employee).exists()
    stale = client.post(f"/styrdokument/{document.pk}/granskad/", {"version": 1, "note": "x"})
    assert stale.status_code == 409


def test_versions_diff_and_acknowledgements_page(client, org, chief, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    manager = org.user(Role.MANAGER)
    document = make_document(
        chief, body="Rad ett\nRad två", recipients=[(org.alfa_dept, Role.MANAGER)]
    )
    first = document.current
    services.edit_draft(document, by=chief, version=document.version, body="Rad ett\nRad tre")
    document.refresh_from_db()
    second = services.adopt(document, by=chief, version=document.version, forum=forum(),
                            decided_on=timezone.localdate())  # fmt: skip
    client.force_login(manager)
    page = client.get(f"/styrdokument/versioner/{second.pk}/").content.decode()
    assert "<del>- Rad två</del>" in page and "<ins>+ Rad tre</ins>" in page
    assert client.get(f"/styrdokument/versioner/{first.pk}/").status_code == 200
    assert client.post(f"/styrdokument/versioner/{first.pk}/last/").status_code == 302
    assert client.get(f"/styrdokument/versioner/{first.pk}/kvittenser/").status_code == 404
    client.force_login(chief)
    page = client.get(f"/styrdokument/versioner/{first.pk}/kvittenser/").content.decode()
    assert manager.full_name in page


def test_a_file_that_is_not_a_document_is_refused_on_the_page(
    client, org, chief, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(chief)
    response = client.post(
        "/styrdokument/nytt/",
        {"title": "R", "kind": "routine", "audience": "all", "review_months": "24",
         "attachment": SimpleUploadedFile("r.pdf", b"MZ\x90\x00 not a pdf")},
    )  # fmt: skip
    assert response.status_code == 422
    assert not Document.objects.filter(title="R").exists()
