"""Creating a site's binder and keeping its assignments in the app (no longer only in the admin):
in scope, with the version and the audit entry, asked before an assignment is ended; the
assignment page in a constant number of queries."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.fire_safety import services
from sakra.fire_safety.choices import AssignmentRole
from sakra.fire_safety.models import FireDocument, FireDocumentVersion, Round, SiteAssignment
from sakra.testing import count_queries

from .factories import make_binder

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _create(client, org, **changes):
    data = {"site": org.site.pk, "unit": org.alfa_unit.pk, "area": org.area.pk,
            "responsible": org.user().email,
            "next_review": (TODAY + datetime.timedelta(300)).isoformat(), **changes}  # fmt: skip
    return client.post("/brandskydd/ny/", data)


def test_a_coordinator_creates_a_binder_for_a_unit_in_scope(org):
    coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.alfa)
    client = _client(coordinator)
    assert client.get("/brandskydd/ny/").status_code == 200
    assert "/brandskydd/ny/" in client.get("/brandskydd/").content.decode()
    assert _client(org.user(Role.MANAGER)).get("/brandskydd/ny/").status_code == 403
    assert _create(client, org, unit=org.beta_unit.pk).status_code == 403
    assert _create(client, org, responsible="ingen@example.org").status_code == 422
    assert not FireDocument.objects.exists()
    response = _create(client, org)
    assert response.status_code == 302
    document = FireDocument.objects.get()
    assert response["Location"] == f"/brandskydd/{document.pk}/andra/"
    assert FireDocumentVersion.objects.filter(document=document, changed_by=coordinator).exists()
    again = _create(client, org)  # one binder a site
    assert again.status_code == 422 and FireDocument.objects.count() == 1


def test_assignments_are_kept_on_the_binder(org):
    manager = org.user(Role.MANAGER, unit=org.alfa_unit)
    document, point = make_binder(org.site, org.alfa_unit, org.area, manager)
    coordinator = org.user(Role.SECURITY_COORDINATOR, unit=org.alfa)
    deputy = org.user(home_unit=org.beta_unit)  # lent from elsewhere: reaches the site this way
    client = _client(coordinator)
    url = f"/brandskydd/{document.pk}/uppdrag/"
    assert _client(manager).get(url).status_code == 200
    refused = _client(manager).post(url, {"user": deputy.email, "role": "deputy",
                                          "valid_from": TODAY.isoformat()})  # fmt: skip
    assert refused.status_code == 403
    yesterday = (TODAY - datetime.timedelta(1)).isoformat()
    new = {"user": deputy.email, "role": "deputy", "valid_from": TODAY.isoformat()}
    backwards = client.post(url, {**new, "valid_to": yesterday})
    assert backwards.status_code == 422 and not SiteAssignment.objects.exists()
    assert _client(deputy).get(f"/brandskydd/{document.pk}/").status_code == 404
    assert client.post(url, {"user": deputy.email, "role": "deputy",
                             "valid_from": TODAY.isoformat()}).status_code == 302  # fmt: skip
    assignment = SiteAssignment.objects.get()
    assert (assignment.user, assignment.role, assignment.valid_to) == (
        deputy, AssignmentRole.DEPUTY, None)  # fmt: skip
    # The assignment gives the deputy the site's binder and its rounds.
    assert _client(deputy).get(f"/brandskydd/{document.pk}/").status_code == 200
    round_ = Round.objects.filter(control_point=point).first()
    assert _client(deputy).get(f"/brandskydd/egenkontroller/{round_.pk}/").status_code == 200
    end = f"/brandskydd/uppdrag/{assignment.pk}/avsluta/"
    assert _client(manager).get(end).status_code == 404
    assert client.get(end).status_code == 200  # asks first
    early = client.post(end, {"version": 1, "valid_to": yesterday})
    assert early.status_code == 422
    assert client.post(end, {"version": 2, "valid_to": TODAY.isoformat()}).status_code == 409
    ended = client.post(end, {"version": 1, "valid_to": TODAY.isoformat()})
    assert ended.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.valid_to, assignment.version) == (TODAY, 2)
    assert LogEntry.objects.get_for_object(assignment).filter(
        action=LogEntry.Action.UPDATE).exists()  # fmt: skip


def test_an_ended_assignment_no_longer_opens_the_site(org):
    manager = org.user(Role.MANAGER, unit=org.alfa_unit)
    document, _point = make_binder(org.site, org.alfa_unit, org.area, manager)
    chief = org.user(Role.SECURITY_CHIEF)
    deputy = org.user(home_unit=org.beta_unit)
    start = TODAY - datetime.timedelta(10)
    assignment = services.assign_person(document, by=chief, user=deputy, role="deputy",
                                        valid_from=start)  # fmt: skip
    services.end_assignment(assignment, by=chief, version=1,
                            valid_to=TODAY - datetime.timedelta(1))  # fmt: skip
    assert _client(deputy).get(f"/brandskydd/{document.pk}/").status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.end_assignment(assignment, by=manager, version=2, valid_to=TODAY)


def test_the_assignment_page_in_a_constant_number_of_queries(org):
    chief = org.user(Role.SECURITY_CHIEF)
    document, _point = make_binder(org.site, org.alfa_unit, org.area, chief)
    client = _client(chief)
    url = f"/brandskydd/{document.pk}/uppdrag/"
    client.get(url)

    def add(n):
        for _ in range(n):
            services.assign_person(document, by=chief, user=org.user(), role="controller",
                                   valid_from=TODAY)  # fmt: skip

    def queries():
        Notification.objects.all().delete()
        with count_queries() as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    one = queries()
    add(49)
    assert queries() == one
