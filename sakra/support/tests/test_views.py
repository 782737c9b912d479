"""Support's pages: "Var vänder jag mig?" as the start page of those who are not security staff,
the request's way through the pages, and lists in a constant number of queries."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.organisation.choices import UnitKind
from sakra.support import services
from sakra.support.choices import Helped, RequestStatus
from sakra.support.models import ContactOverride, SupportRequest
from sakra.testing import count_queries, make_unit

from .factories import make_request, make_team

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "lands"),
    [
        (None, "/stod/"),
        (Role.EMPLOYEE, "/stod/"),
        (Role.MANAGER, "/stod/"),
        (Role.HEAD_OF_ADMINISTRATION, "/stod/"),
        (Role.SECURITY_COORDINATOR, "/mina-uppgifter/"),
        (Role.SECURITY_PARTNER, "/mina-uppgifter/"),
        (Role.SECURITY_CHIEF, "/mina-uppgifter/"),
        (Role.AUDITOR, "/mina-uppgifter/"),
    ],
)
def test_the_start_page(org, role, lands):
    response = _client(org.user(role)).get("/")
    assert response.status_code == 302 and response["Location"] == lands


def test_where_do_i_turn_shows_the_acute_channel_first_and_the_substitute(org):
    chief = org.user(Role.SECURITY_CHIEF)
    primary = org.user(full_name="Petra Primär", phone="035-100")
    substitute = org.user(full_name="Sam Ersättare", phone="035-200")
    services.name_contact(by=chief, unit=org.alfa, area=org.area, primary=primary,
                          substitute=substitute)  # fmt: skip
    today = timezone.localdate()
    services.record_absence(by=primary, person=primary, starts_on=today, ends_on=today)
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    page = _client(manager).get("/stod/").content.decode()
    assert page.index("/rapportera/") < page.index("Sam Ersättare")
    assert "035-200" in page and "Petra Primär" in page
    assert "/mina-uppgifter/" in page
    assert page.count('action="/sok/"') == 2  # the header's search and the routines'


def test_the_request_through_the_pages(org):
    partner = org.user(Role.SECURITY_PARTNER)
    make_team(administrations=[org.alfa], members=[partner])
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    asker = _client(manager)
    assert "/rapportera/" in asker.get("/stod/fragor/ny/").content.decode()
    response = asker.post("/stod/fragor/ny/", {
        "area": org.area.pk, "unit": org.alfa_unit.pk, "question": "Hur gör vi?",
        "urgency": "normal",
    })  # fmt: skip
    request = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/stod/fragor/{request.pk}/"
    handler = _client(partner)
    url = f"/stod/fragor/{request.pk}/"
    assert handler.post(f"{url}tilldela/", {"assign-version": 1,
                        "assign-assignee": partner.pk}).status_code == 302  # fmt: skip
    assert (
        handler.post(f"{url}svara/", {"answer-version": 1, "answer-answer": "x"}).status_code == 409
    )
    assert handler.post(f"{url}svara/", {"answer-version": 2, "answer-answer": "Så här",
                        "answer-routine_reference": "Rutin X"}).status_code == 302  # fmt: skip
    assert handler.post(f"{url}tid/", {"time-spent_on": timezone.localdate().isoformat(),
                        "time-hours": "1.5"}).status_code == 302  # fmt: skip
    assert handler.post(f"{url}betyg/", {"rate-version": 3, "rate-helped": "yes",
                        "rate-time_acceptable": "yes"}).status_code == 403  # fmt: skip
    assert (
        asker.post(f"{url}svara/", {"answer-version": 3, "answer-answer": "x"}).status_code == 403
    )
    page = asker.get(url).content.decode()
    assert "Så här" in page and "Rutin X" in page
    assert asker.post(f"{url}betyg/", {"rate-version": 3, "rate-helped": "yes",
                      "rate-time_acceptable": "no"}).status_code == 302  # fmt: skip
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED and request.helped == Helped.YES
    assert request.time_acceptable is False
    # A partner may not create actions (the actions module's rule); the chief may.
    assert handler.post(f"{url}atgard/", {}).status_code == 403
    action = _client(org.user(Role.SECURITY_CHIEF)).post(f"{url}atgard/", {
        "action-title": "Larmknapp", "action-owner": manager.pk,
        "action-due_date": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
    })  # fmt: skip
    assert action.status_code == 302
    assert "Larmknapp" in handler.get(url).content.decode()


def test_asking_for_another_unit_is_refused_on_the_page(org):
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    response = _client(manager).post("/stod/fragor/ny/", {
        "area": org.area.pk, "unit": org.beta_unit.pk, "question": "?", "urgency": "normal",
    })  # fmt: skip
    assert response.status_code == 422
    assert not SupportRequest.objects.exists()


def test_absences_on_the_page(org):
    person = org.user()
    client = _client(person)
    today = timezone.localdate()
    bad = client.post("/stod/franvaro/", {"starts_on": today.isoformat(),
                      "ends_on": (today - datetime.timedelta(1)).isoformat()})  # fmt: skip
    assert bad.status_code == 422
    assert client.post("/stod/franvaro/", {"starts_on": today.isoformat(),
                       "ends_on": today.isoformat()}).status_code == 302  # fmt: skip
    absence = person.support_absences.get()
    url = f"/stod/franvaro/{absence.pk}/avbryt/"
    assert _client(org.user()).post(url, {"version": absence.version}).status_code == 404
    # Asked first: the page, then the cancelling with the version it showed.
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": absence.version}).status_code == 302
    absence.refresh_from_db()
    assert absence.is_cancelled
    assert client.get(url).status_code == 404  # cancelled once: nothing left to cancel


def test_a_coordinator_enters_and_cancels_someone_elses_absence(org):
    coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.alfa)
    person = org.user(home_unit=org.alfa_unit)
    outsider = org.user(home_unit=org.beta_unit)
    client = _client(coordinator)
    today = timezone.localdate().isoformat()
    assert b'name="person"' in client.get("/stod/franvaro/").content
    assert b'name="person"' not in _client(person).get("/stod/franvaro/").content
    response = client.post("/stod/franvaro/", {"person": outsider.email, "starts_on": today,
                                                "ends_on": today})  # fmt: skip
    assert response.status_code == 403  # out of scope: refused, nothing stored
    assert not outsider.support_absences.exists()
    response = client.post("/stod/franvaro/", {"person": person.email, "starts_on": today,
                                                "ends_on": today, "note": "Kurs"})  # fmt: skip
    assert response.status_code == 302
    absence = person.support_absences.get()
    assert absence.created_by == coordinator
    stale = client.post(f"/stod/franvaro/{absence.pk}/avbryt/", {"version": absence.version + 1})
    assert stale.status_code == 409
    assert client.post(f"/stod/franvaro/{absence.pk}/avbryt/",
                       {"version": absence.version}).status_code == 302  # fmt: skip
    absence.refresh_from_db()
    assert absence.is_cancelled and absence.version == 2


def test_named_contacts_are_kept_in_the_app(org):
    coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.alfa)
    primary = org.user(home_unit=org.alfa_unit)
    substitute = org.user(home_unit=org.alfa_unit)
    client = _client(coordinator)
    assert client.get("/stod/kontakter/").status_code == 200
    assert _client(org.user(Role.MANAGER, unit=org.alfa_unit)).get(
        "/stod/kontakter/").status_code == 403  # fmt: skip
    outside = client.post("/stod/kontakter/ny/", {"unit": org.beta_unit.pk, "area": org.area.pk,
                                                  "primary": primary.email})  # fmt: skip
    assert outside.status_code == 403
    same = client.post("/stod/kontakter/ny/", {"unit": org.alfa_unit.pk, "area": org.area.pk,
                                               "primary": primary.email,
                                               "substitute": primary.email})  # fmt: skip
    assert same.status_code == 422
    unknown = client.post("/stod/kontakter/ny/", {"unit": org.alfa_unit.pk,
                                                  "primary": "ingen@example.org"})  # fmt: skip
    assert unknown.status_code == 422
    created = client.post("/stod/kontakter/ny/", {"unit": org.alfa_unit.pk, "area": org.area.pk,
                                                  "primary": primary.email,
                                                  "substitute": substitute.email})  # fmt: skip
    assert created.status_code == 302
    contact = ContactOverride.objects.get()
    assert (contact.primary, contact.substitute) == (primary, substitute)
    assert primary.full_name in client.get("/stod/kontakter/").content.decode()
    edit = f"/stod/kontakter/{contact.pk}/andra/"
    assert client.post(edit, {"version": contact.version, "primary": substitute.email,
                              "substitute": primary.email}).status_code == 302  # fmt: skip
    contact.refresh_from_db()
    assert (contact.primary, contact.substitute, contact.version) == (substitute, primary, 2)
    remove = f"/stod/kontakter/{contact.pk}/ta-bort/"
    assert client.get(remove).status_code == 200  # asks first
    assert ContactOverride.objects.exists()
    assert client.post(remove, {"version": 1}).status_code == 409
    assert client.post(remove, {"version": 2}).status_code == 302
    assert not ContactOverride.objects.exists()
    entries = LogEntry.objects.get_for_model(ContactOverride).filter(object_pk=str(contact.pk))
    assert entries.filter(action=LogEntry.Action.DELETE).exists()


def test_the_contacts_page_in_a_constant_number_of_queries(org):
    chief = org.user(Role.SECURITY_CHIEF)
    client = _client(chief)
    client.get("/stod/kontakter/")

    def add_rows(n):
        for _ in range(n):
            unit = make_unit(org.alfa_unit, "Enhet", UnitKind.UNIT)
            services.name_contact(by=chief, unit=unit, area=org.area, primary=org.user(),
                                  substitute=org.user())  # fmt: skip

    add_rows(1)
    one = _queries(client, "/stod/kontakter/")
    add_rows(49)
    assert _queries(client, "/stod/kontakter/") == one


def _queries(client, url):
    # The header counts unread notifications only when there are some: not this page's rows.
    Notification.objects.all().delete()
    with count_queries() as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/stod/", "/stod/fragor/", "/stod/uppfoljning/",
                                 "/stod/franvaro/", "/mina-uppgifter/"])  # fmt: skip
def test_pages_in_a_constant_number_of_queries(org, url):
    partner = org.user(Role.SECURITY_PARTNER)
    make_team(administrations=[org.alfa], members=[partner], lead=partner)
    chief = org.user(Role.SECURITY_CHIEF)
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    today = timezone.localdate()

    def add_rows():
        request = make_request(org, asker=manager)
        request = services.answer(request, by=partner, answer="Svar", version=request.version)
        services.record_time(request, by=partner, spent_on=today, hours=1)
        services.rate(request, by=manager, helped=Helped.YES, time_acceptable=True,
                      version=request.version)  # fmt: skip
        make_request(org, asker=manager)
        person = org.user(Role.SECURITY_PARTNER)
        services.record_absence(by=chief, person=person, starts_on=today, ends_on=today)

    add_rows()
    clients = [_client(user) for user in (manager, partner, chief)]
    for client in clients:
        client.get(url)  # the session's first request writes it
    first = [_queries(client, url) for client in clients]
    for _n in range(20):
        add_rows()
    assert [_queries(client, url) for client in clients] == first


def test_closing_without_a_rating_asks_for_the_box_to_be_ticked(org):
    # A checkbox, not a script's confirm(): the Content-Security-Policy blocks inline handlers.
    chief = org.user(Role.SECURITY_CHIEF)
    support_request = make_request(org)
    url = f"/stod/fragor/{support_request.pk}/stang/"
    client = _client(chief)
    page = client.get(f"/stod/fragor/{support_request.pk}/").content.decode()
    assert "onsubmit" not in page and 'name="close-confirm"' in page
    refused = client.post(url, {"close-version": support_request.version})
    assert refused.status_code == 422
    assert "Kryssa i rutan" in refused.content.decode()
    support_request.refresh_from_db()
    assert support_request.status != RequestStatus.CLOSED
    closed = client.post(url, {"close-version": support_request.version, "close-confirm": "on"})
    assert closed.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.CLOSED
