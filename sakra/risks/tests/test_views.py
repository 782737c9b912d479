"""The list pages read a constant number of queries as rows grow; reminders go once; the
overdue risks show on "Mina uppgifter"; the export carries the viewer's rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.risks import services, tasks
from sakra.risks.models import Risk

from .factories import make_analysis, make_risk

pytestmark = pytest.mark.django_db

LISTS = ["/risker/", "/risker/register/", "/risker/omvarldsbevakning/", "/risker/karta/"]


def _grow(org, chief, n):
    for i in range(n):
        analysis = make_analysis(org.alfa_unit, org.area, by=chief, title=f"Analys {i}",
                                 participants=[chief])  # fmt: skip
        make_risk(analysis, org.area, chief, by=chief, title=f"Risk {i}",
                  likelihood=1 + i % 5, consequence=1 + (i * 3) % 5)  # fmt: skip
        services.create_note(by=chief, noted_on=timezone.localdate(), source=f"Källa {i}",
                             summary="Läget", areas=[org.area])  # fmt: skip


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_read_a_constant_number_of_queries(org, url):
    chief = org.user(Role.SECURITY_CHIEF)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    _grow(org, chief, 1)
    client = Client()
    client.force_login(coordinator)
    client.get(url)  # caches (content types, sessions) warmed
    one = _queries(client, url)
    _grow(org, chief, 24)
    assert _queries(client, url) == one


def test_the_export_holds_the_viewers_rows(org):
    chief = org.user(Role.SECURITY_CHIEF)
    _grow(org, chief, 2)
    other = make_analysis(org.beta_unit, org.other_area, by=chief, title="Beta")
    make_risk(other, org.other_area, chief, by=chief, title="Betarisk")
    client = Client()
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    body = client.get("/risker/register/export.csv").getvalue().decode()
    assert "Risk 0" in body and "Betarisk" not in body


def test_a_review_date_reminds_once_and_then_shows_as_overdue(org):
    chief = org.user(Role.SECURITY_CHIEF)
    owner = org.user(Role.MANAGER)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    risk = make_risk(analysis, org.area, owner, by=chief,
                     review_date=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
    assert tasks.send_review_reminders.call() == 1
    assert tasks.send_review_reminders.call() == 0
    assert Notification.objects.filter(recipient=owner, subject__contains=risk.title).count() == 1
    client = Client()
    client.force_login(owner)
    assert risk.title in client.get("/mina-uppgifter/").content.decode()
    # A new review date reminds again, once.
    services.update_risk(risk, by=chief, version=risk.version,
                         review_date=timezone.localdate())  # fmt: skip
    assert tasks.send_review_reminders.call() == 1
    assert Risk.objects.get(pk=risk.pk).reminded_for == timezone.localdate()


def test_a_confidential_risk_is_not_named_in_its_reminder(org):
    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief, confidential=True)
    make_risk(analysis, org.area, chief, by=chief, title="Hemligt namn på risk",
              review_date=timezone.localdate())  # fmt: skip
    assert tasks.send_review_reminders.call() == 1
    assert not Notification.objects.filter(subject__contains="Hemligt namn").exists()


def test_the_pdf_and_word_reports_have_the_eight_parts(org):
    import io

    from docx import Document
    from pypdf import PdfReader

    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief, title="RSA")
    make_risk(analysis, org.area, chief, by=chief)
    client = Client()
    client.force_login(chief)
    pdf = client.get(f"/risker/{analysis.pk}/rapport.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    word = Document(io.BytesIO(client.get(f"/risker/{analysis.pk}/rapport.docx").content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == 8
    for number in range(1, 9):
        assert f"{number}. " in text
    assert "Sida 1" in text


def test_the_report_reads_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    from sakra.risks import report

    chief = org.user(Role.SECURITY_CHIEF)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    for i in range(15):
        make_risk(analysis, org.area, chief, by=chief, title=f"R{i}")
    with django_assert_max_num_queries(8):
        report.gather(analysis)


def test_the_analysis_names_its_participants_by_address_one_a_line(org):
    chief = org.user(Role.SECURITY_CHIEF)
    anna, bo = org.user(), org.user()
    analysis = make_analysis(org.alfa_unit, org.area, by=chief, participants=[anna])
    client = Client()
    client.force_login(chief)
    url = f"/risker/{analysis.pk}/andra/"
    page = client.get(url).content.decode()
    assert f"\n{anna.email}</textarea>" in page
    data = {
        "version": analysis.version, "title": analysis.title, "area": org.area.pk,
        "period_start": analysis.period_start.isoformat(),
        "period_end": analysis.period_end.isoformat(), "method": "Workshop",
        "participants": f"{anna.email}\nokand@example.se\nfel-adress",
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "okand@example.se" in body and "fel-adress" in body
    assert list(analysis.participants.all()) == [anna]
    data["participants"] = f"{bo.email}\n{anna.email.upper()}\n{bo.email}"
    assert client.post(url, data).status_code == 302
    assert set(analysis.participants.all()) == {anna, bo}


def test_the_risk_form_is_filled_in_with_the_owners_address(org):
    chief = org.user(Role.SECURITY_CHIEF)
    owner = org.user(Role.AREA_OWNER)
    analysis = make_analysis(org.alfa_unit, org.area, by=chief)
    risk = make_risk(analysis, org.area, owner, by=chief)
    client = Client()
    client.force_login(chief)
    page = client.get(f"/risker/risk/{risk.pk}/andra/").content.decode()
    assert f'type="email" name="owner" value="{owner.email}"' in page
