"""Governance's pages: every page renders, acknowledgement through the page, the minutes as
PDF and DOCX, and each list page in a constant number of queries."""

import io

import pytest
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.governance import services
from sakra.governance.choices import ControlFrequency
from sakra.governance.models import Acknowledgement
from sakra.testing import count_queries

from .factories import make_gov

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


@pytest.fixture
def gov(org, chief):
    return make_gov(org.alfa, org.area, chief)


def test_every_page_renders_for_the_chief(gov, chief):
    client = _client(chief)
    pages = [
        "/styrning/",
        f"/styrning/forum/{gov.forum.pk}/",
        f"/styrning/forum/{gov.forum.pk}/moten/nytt/",
        f"/styrning/moten/{gov.meeting.pk}/",
        f"/styrning/moten/{gov.meeting.pk}/protokoll/",
        f"/styrning/moten/{gov.meeting.pk}/beslut/nytt/",
        "/styrning/beslut/",
        "/styrning/beslut/?mine=1",
        f"/styrning/beslut/{gov.decision.pk}/",
        f"/styrning/beslut/{gov.decision.pk}/expediera/",
        "/styrning/uppdrag/",
        "/styrning/krav/",
        "/styrning/krav/ej-uppfyllda/",
        "/styrning/krav/nytt/",
        f"/styrning/krav/{gov.requirement.pk}/",
        f"/styrning/krav/{gov.requirement.pk}/bedom/",
        f"/styrning/krav/{gov.requirement.pk}/ersatt/",
        "/styrning/internkontroll/",
        "/styrning/internkontroll/ny/",
        f"/styrning/internkontroll/{gov.plan.pk}/",
        f"/styrning/internkontroll/{gov.plan.pk}/kontroller/ny/",
        f"/styrning/internkontroll/kontroll/{gov.occurrence.pk}/",
        "/styrning/resurser/",
        "/styrning/resurser/ny/",
        "/styrning/resurser/sammanstallning/",
        f"/styrning/resurser/{gov.funding.pk}/",
        f"/styrning/resurser/{gov.funding.pk}/aktiviteter/ny/",
        f"/styrning/planeringsdialog/?ar={gov.annual_plan.year}",
        f"/styrning/planeringsdialog/{gov.submission.pk}/",
        f"/styrning/planeringsdialog/{gov.submission.pk}/kommentar/",
        f"/styrning/planeringsdialog/{gov.submission.pk}/overens/",
        "/styrning/statliga-uppdrag/",
        "/styrning/statliga-uppdrag/nytt/",
        f"/styrning/statliga-uppdrag/{gov.assignment.pk}/",
        f"/styrning/statliga-uppdrag/{gov.assignment.pk}/status/",
        "/styrning/indikatorer/",
        "/styrning/resurser/sammanstallning/?ar=2026",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_a_recipient_acknowledges_on_the_page_and_a_stranger_cannot(gov, org, chief):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, role=Role.HEAD_OF_ADMINISTRATION
    )
    url = f"/styrning/beslut/{gov.decision.pk}/"
    page = _client(head).get(url).content.decode()
    assert "kvittera" in page
    assert _client(head).post(f"{url}kvittera/").status_code == 302
    assert _client(org.user()).post(f"{url}kvittera/").status_code == 403
    assert list(Acknowledgement.objects.values_list("user", flat=True)) == [head.pk]
    listed = _client(chief).get(url).content.decode()
    assert head.full_name in listed


def test_my_tasks_lists_the_decision_to_acknowledge(gov, org, chief):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, units=[org.alfa]
    )
    page = _client(head).get("/mina-uppgifter/").content.decode()
    assert gov.decision.title in page


def test_a_decision_out_of_a_form_is_recorded_at_the_meeting(gov, chief):
    response = _client(chief).post(
        f"/styrning/moten/{gov.meeting.pk}/beslut/nytt/",
        {"paragraph": "§ 2", "title": "Inför larmrutinen", "text": "Beslutas",
         "responsible": chief.email, "deadline": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert gov.meeting.decisions.count() == 2


def test_an_unknown_responsible_is_refused(gov, chief):
    response = _client(chief).post(
        f"/styrning/moten/{gov.meeting.pk}/beslut/nytt/",
        {"title": "X", "text": "Y", "responsible": "nobody@example.se"},
    )
    assert response.status_code == 422


def test_a_negative_cost_is_refused_on_the_page(gov, org, chief):
    response = _client(chief).post(
        f"/styrning/resurser/{gov.funding.pk}/aktiviteter/ny/",
        {"title": "X", "administration": org.alfa.pk, "year": timezone.localdate().year,
         "estimated_cost": "-100"},
    )  # fmt: skip
    assert response.status_code == 422
    assert gov.funding.activities.count() == 1


def test_the_minutes_as_pdf_and_docx(gov, chief):
    from docx import Document
    from pypdf import PdfReader

    client = _client(chief)
    pdf = client.get(f"/styrning/moten/{gov.meeting.pk}/protokoll.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ny rutin för larm" in text
    docx = client.get(f"/styrning/moten/{gov.meeting.pk}/protokoll.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert any("Ny rutin för larm" in p for p in paragraphs)


def _queries(client, url) -> int:
    with count_queries() as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def _grow(org, chief, n, start=0):
    for i in range(start, start + n):
        gov = make_gov(org.alfa, org.area, chief, year=2001 + i)
        services.add_control(
            gov.plan, by=chief, area=org.area, title="Extra", risk="R", method="M",
            frequency=ControlFrequency.MONTHLY, owner=chief,
        )  # fmt: skip
        services.distribute_decision(
            gov.decision, by=chief, version=gov.decision.version, role=Role.SECURITY_CHIEF
        )


LISTS = [
    "/styrning/",
    "/styrning/beslut/",
    "/styrning/beslut/?mine=1",
    "/styrning/uppdrag/",
    "/styrning/krav/",
    "/styrning/krav/ej-uppfyllda/",
    "/styrning/internkontroll/",
    "/styrning/resurser/",
    "/styrning/resurser/sammanstallning/",
    "/styrning/planeringsdialog/?ar=2001",
    "/styrning/statliga-uppdrag/",
    "/styrning/indikatorer/",
]


def test_list_pages_take_a_constant_number_of_queries(org, chief):
    client = _client(chief)
    _grow(org, chief, 1)
    few = {url: _queries(client, url) for url in LISTS}
    _grow(org, chief, 21, start=1)
    many = {url: _queries(client, url) for url in LISTS}
    assert many == few


def test_detail_lists_take_a_constant_number_of_queries(org, chief):
    """A plan's controls and occurrences, a funding's activities, a forum's meetings."""
    client = _client(chief)
    gov = make_gov(org.alfa, org.area, chief)

    def urls():
        return [
            f"/styrning/internkontroll/{gov.plan.pk}/",
            f"/styrning/resurser/{gov.funding.pk}/",
            f"/styrning/forum/{gov.forum.pk}/",
            f"/styrning/beslut/{gov.decision.pk}/",
        ]

    few = [_queries(client, url) for url in urls()]
    for i in range(21):
        services.add_control(
            gov.plan, by=chief, area=org.area, title=f"K{i}", risk="R", method="M",
            frequency=ControlFrequency.QUARTERLY, owner=chief,
        )  # fmt: skip
        services.add_funded_activity(
            gov.funding, by=chief, title=f"A{i}", administration=org.alfa,
            year=gov.funding.start_year, estimated_cost=i,
        )  # fmt: skip
        services.hold_meeting(by=chief, forum=gov.forum, held_on=timezone.localdate())
        org.user(Role.HEAD_OF_ADMINISTRATION)
    gov.decision.refresh_from_db()
    services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, role=Role.HEAD_OF_ADMINISTRATION
    )
    many = [_queries(client, url) for url in urls()]
    # The decision page gains its recipients' table (one query, whatever its length).
    assert many[:3] == few[:3]
    assert many[3] <= few[3] + 2


def test_the_planning_dialogue_through_the_pages(org, chief):
    """A head submits the plan, the board comments, the head submits again, the board agrees;
    the overview shows the state, a negative cost on the plan's activity is refused."""
    from sakra.actions.services import create_plan
    from sakra.governance.models import PlanSubmission

    plan = create_plan(by=chief, year=2027, administration=org.alfa, title="Plan")
    head, board = _client(org.user(Role.HEAD_OF_ADMINISTRATION)), _client(chief)
    url = f"/styrning/planeringsdialog/plan/{plan.pk}/lamna-in/"
    assert head.post(url, {"note": "Vår plan"}).status_code == 302
    row = PlanSubmission.objects.get(plan=plan)
    comment = f"/styrning/planeringsdialog/{row.pk}/kommentar/"
    assert head.get(comment).status_code == 404  # the administration does not review itself
    assert board.post(comment, {"version": row.version, "comment": "Mer"}).status_code == 302
    row.refresh_from_db()
    assert head.post(url, {"note": "Ny", "version": row.version}).status_code == 302
    row.refresh_from_db()
    agree = f"/styrning/planeringsdialog/{row.pk}/overens/"
    assert board.post(agree, {"version": row.version - 1}).status_code == 409
    assert board.post(agree, {"version": row.version}).status_code == 302
    page = head.get("/styrning/planeringsdialog/?ar=2027").content.decode()
    assert "Fastställd" in page or "Agreed" in page
    activity = plan.activities.create(title="Övning")
    response = board.post(
        f"/atgarder/verksamhetsplaner/aktivitet/{activity.pk}/kostnad/",
        {"version": activity.version, "estimated_cost": "-1"},
    )
    assert response.status_code == 422
