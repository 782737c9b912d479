"""SBA's pages: the binder, a round done in the browser, tillsyn, follow-up; lists in a
constant number of queries."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.fire_safety import services
from sakra.fire_safety.choices import Outcome, RoundStatus
from sakra.fire_safety.models import FireDocument, Remark, Round
from sakra.organisation.models import Site
from sakra.testing import count_queries

from .factories import make_binder

pytestmark = pytest.mark.django_db


@pytest.fixture
def binder(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    manager = org.user(Role.MANAGER)
    document, point = make_binder(org.site, org.alfa_unit, org.area, manager)
    return document, point, manager


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_page_renders_for_the_coordinator(binder, org):
    document, point, _m = binder
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    inspection = services.record_inspection(
        document, by=coordinator, date=timezone.localdate(), rescue_service="RTJ",
        remarks=[services.RemarkIn("Skylt saknas", timezone.localdate())],
    )  # fmt: skip
    round_ = Round.objects.get(control_point=point)
    client = _client(coordinator)
    for url in [
        "/brandskydd/",
        f"/brandskydd/{document.pk}/",
        f"/brandskydd/{document.pk}/andra/",
        f"/brandskydd/{document.pk}/kontrollpunkter/ny/",
        f"/brandskydd/{document.pk}/tillsyn/ny/",
        "/brandskydd/egenkontroller/",
        "/brandskydd/egenkontroller/?state=overdue&mine=on&year=2026",
        f"/brandskydd/egenkontroller/{round_.pk}/",
        "/brandskydd/tillsyn/",
        "/brandskydd/tillsyn/?past_deadline=on",
        f"/brandskydd/tillsyn/{inspection.pk}/",
        "/brandskydd/uppfoljning/",
        "/brandskydd/checklistor/",
        f"/brandskydd/checklistor/{point.checklist_id}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_round_paused_then_finished_in_the_browser(binder):
    _d, point, manager = binder
    round_ = Round.objects.get(control_point=point)
    items = list(point.checklist.items.all())
    client = _client(manager)
    url = f"/brandskydd/egenkontroller/{round_.pk}/"
    response = client.post(
        url,
        {
            "version": round_.version,
            f"outcome_{items[0].pk}": Outcome.DEVIATION,
            f"comment_{items[0].pk}": "Pall i korridoren",
            "pause": "1",
        },
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PAUSED
    assert round_.results.get().action.owner == manager
    # Finishing without every item answered: refused, on the page, nothing finished.
    response = client.post(
        url, {"version": round_.version, "performed_on": timezone.localdate(), "finish": "1"}
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {
            "version": round_.version,
            f"outcome_{items[1].pk}": Outcome.OK,
            "performed_on": timezone.localdate(),
            "finish": "1",
        },
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.FINISHED
    # A finished round takes a comment, not a change.
    assert client.post(url, {"version": round_.version}).status_code == 403
    assert client.post(f"{url}kommentar/", {"text": "Pallen flyttad"}).status_code == 302
    assert "Pallen flyttad" in client.get(url).content.decode()


def test_a_round_dated_in_the_future_is_refused(binder):
    _d, point, manager = binder
    round_ = Round.objects.get(control_point=point)
    items = point.checklist.items.all()
    data = {"version": round_.version, "finish": "1"}
    data.update({f"outcome_{item.pk}": Outcome.OK for item in items})
    data["performed_on"] = timezone.localdate() + datetime.timedelta(days=1)
    assert (
        _client(manager).post(f"/brandskydd/egenkontroller/{round_.pk}/", data).status_code == 422
    )
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PLANNED


def test_a_stale_round_answers_409(binder):
    _d, point, manager = binder
    round_ = Round.objects.get(control_point=point)
    response = _client(manager).post(
        f"/brandskydd/egenkontroller/{round_.pk}/", {"version": round_.version + 1, "pause": "1"}
    )
    assert response.status_code == 409


def test_the_area_owner_edits_a_checklist_and_a_manager_may_not(binder, org):
    _d, point, manager = binder
    owner = org.user(Role.AREA_OWNER)
    checklist = point.checklist
    url = f"/brandskydd/checklistor/{checklist.pk}/"
    data = {"version": checklist.version, "name": "Ny", "items": "Ett\nTvå\nTre"}
    assert _client(manager).post(url, data).status_code == 403
    assert _client(owner).post(url, data).status_code == 302
    assert [i.text for i in checklist.items.filter(is_active=True)] == ["Ett", "Två", "Tre"]


def test_a_remark_without_a_deadline_is_refused_on_the_page(binder, org):
    document, _p, _m = binder
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    inspection = services.record_inspection(
        document, by=coordinator, date=timezone.localdate(), rescue_service="RTJ"
    )
    url = f"/brandskydd/tillsyn/{inspection.pk}/"
    response = _client(coordinator).post(url, {"kind": "remark", "text": "Skylt saknas"})
    assert response.status_code == 422
    assert not Remark.objects.exists()


def _binders(org, n, start=0):
    manager = org.user(Role.MANAGER)
    for i in range(start, start + n):
        site = Site.objects.create(code=f"s-{i}", name=f"Plats {i}")
        document, _point = make_binder(site, org.alfa_unit, org.area, manager)
        services.record_inspection(
            document, by=document.versions.get().changed_by, date=timezone.localdate(),
            rescue_service="RTJ", remarks=[services.RemarkIn("Skylt", timezone.localdate())],
        )  # fmt: skip
    return org.user(Role.SECURITY_COORDINATOR)


@pytest.mark.parametrize(
    "url",
    [
        "/brandskydd/",
        "/brandskydd/egenkontroller/",
        "/brandskydd/tillsyn/",
        "/brandskydd/uppfoljning/",
    ],
)
def test_list_pages_run_the_same_queries_for_1_and_50_rows(org, url):
    coordinator = _binders(org, 1)
    client = _client(coordinator)
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    _binders(org, 49, start=1)
    assert FireDocument.objects.count() == 50
    with count_queries() as fifty:
        response = client.get(url)
    assert response.status_code == 200
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


def test_the_binder_prints_as_a_pdf_and_fetches_nothing(binder, org):
    from pypdf import PdfReader

    document, _point, manager = binder
    # Text people wrote may carry an image address: the PDF is made without fetching it.
    FireDocument.objects.filter(pk=document.pk).update(
        building_description='Två plan. <img src="http://169.254.169.254/latest">',
        training_plan="Utrymningsövning varje höst.",
    )
    response = _client(manager).get(f"/brandskydd/{document.pk}/parm.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "brandskyddsparm-" in response["Content-Disposition"]
    import io

    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Brandskyddsdokumentation" in text and org.site.name in text
    assert "Utrymningsövning varje höst." in text
    assert "169.254.169.254" in text  # shown as the text it is, never fetched
    assert "Sida 1 av" in text


def test_the_pdf_refuses_every_address_but_inline_data():
    from sakra.core.pdf import url_fetcher

    fetcher = url_fetcher()
    for url in ("http://example.org/x.png", "file:///etc/passwd", "https://10.0.0.1/"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"
