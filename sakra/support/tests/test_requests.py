"""Support requests: routing by site before administration, the target in working days, the
way through assigned, answered and closed, the rating only by the asker, and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.actions.models import Action
from sakra.core.concurrency import StaleVersion
from sakra.support import services
from sakra.support.choices import Helped, ManagerLevel, RequestStatus
from sakra.support.models import SupportRequest, SupportSettings, TimeEntry
from sakra.support.workdays import add_working_days

from .factories import make_request, make_team

pytestmark = pytest.mark.django_db


def test_routed_to_the_team_serving_the_site_before_the_administration(org):
    org.alfa_unit.sites.add(org.site, org.other_site)
    by_site = make_team("Site team", sites=[org.site])
    by_administration = make_team("Administration team", administrations=[org.alfa])
    assert make_request(org, site=org.site).team == by_site
    assert make_request(org, site=org.other_site).team == by_administration
    assert make_request(org).team == by_administration


def test_a_site_served_is_served_even_when_its_administration_is_not(org):
    """Närsjukvården only in Kungsbacka: Beta is not served, its unit at the site is."""
    org.beta_unit.sites.add(org.site, org.other_site)
    team = make_team("Team", administrations=[org.alfa], sites=[org.site])
    assert make_request(org, unit=org.beta_unit, site=org.site).team == team
    unrouted = make_request(org, unit=org.beta_unit, site=org.other_site)
    assert unrouted.team is None


def test_inactive_teams_are_not_routed_to(org):
    team = make_team("Old", administrations=[org.alfa])
    team.is_active = False
    team.save()
    assert make_request(org).team is None


def test_due_in_the_regions_working_days(org, monkeypatch):
    midsummer_week = datetime.date(2026, 6, 18)
    monkeypatch.setattr(timezone, "localdate", lambda *args: midsummer_week)
    assert make_request(org).due_on == datetime.date(2026, 6, 23)  # Thu + 2: Mon, Tue
    SupportSettings.objects.create(response_days=5)
    assert make_request(org).due_on == add_working_days(midsummer_week, 5)


def test_the_team_is_told_of_a_new_request(org):
    member = org.user()
    make_team(administrations=[org.alfa], members=[member])
    make_request(org)
    assert Notification.objects.filter(recipient=member).count() == 1


def test_manager_level_read_from_the_tree(org):
    first_line = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    higher = org.user(Role.MANAGER, unit=org.alfa_dept, home_unit=org.alfa_dept)
    head = org.user(Role.HEAD_OF_ADMINISTRATION, home_unit=org.alfa)
    employee = org.user(home_unit=org.alfa_unit)
    assert make_request(org, asker=first_line).manager_level == ManagerLevel.FIRST_LINE
    assert make_request(org, asker=higher).manager_level == ManagerLevel.HIGHER
    assert make_request(org, asker=head).manager_level == ManagerLevel.HIGHER
    assert make_request(org, asker=employee).manager_level == ManagerLevel.NOT_MANAGER


def test_asking_for_a_unit_outside_ones_own_is_refused(org):
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    for unit in (org.beta_unit, org.alfa_unit2, org.alfa):
        with pytest.raises(ValidationError) as refused:
            services.ask(by=manager, unit=unit, area=org.area, question="?")
        assert "unit" in refused.value.message_dict
    # The manager of a department asks for any unit below it.
    higher = org.user(Role.MANAGER, unit=org.alfa_dept, home_unit=org.alfa_dept)
    services.ask(by=higher, unit=org.alfa_unit2, area=org.area, question="?")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"question": "  "}, "question"),
        ({"question": "Det här är HEMLIG information"}, "question"),
        ({"question": "x" * 5001}, "question"),
        ({"urgency": "acute"}, "urgency"),
        ({"site": "other"}, "site"),
    ],
)
def test_bad_questions_are_refused(org, change, field):
    manager = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    data = {"unit": org.alfa_unit, "area": org.area, "question": "Hur gör vi?"}
    data.update(change)
    if data.get("site") == "other":
        data["site"] = org.other_site  # the unit does not work there
    with pytest.raises(ValidationError) as refused:
        services.ask(by=manager, **data)
    assert field in refused.value.message_dict
    assert not SupportRequest.objects.exists()


def _answered(org, partner=None):
    partner = partner or org.user(Role.SECURITY_PARTNER)
    request = make_request(org)
    request = services.assign(request, by=partner, assignee=partner, version=request.version)
    request = services.answer(
        request, by=partner, answer="Så här", routine_reference="/dokument/12/",
        version=request.version,
    )  # fmt: skip
    return request, partner


def test_the_way_through_assigned_answered_rated(org):
    request, _partner = _answered(org)
    assert request.status == RequestStatus.ANSWERED
    assert request.answer_working_days == 0 and request.answered_on_time
    assert request.routine_url == "/dokument/12/"
    assert Notification.objects.filter(recipient=request.asker).exists()
    asker = request.asker
    rated = services.rate(request, by=asker, helped=Helped.YES, time_acceptable=True,
                          version=request.version, comment="Bra")  # fmt: skip
    assert rated.status == RequestStatus.CLOSED and rated.closed_at is not None
    with pytest.raises(ValidationError):
        services.rate(rated, by=asker, helped=Helped.NO, time_acceptable=False,
                      version=rated.version)  # fmt: skip


def test_only_the_asker_rates_and_only_once_answered(org):
    request = make_request(org)
    with pytest.raises(ValidationError) as refused:
        services.rate(request, by=request.asker, helped=Helped.YES, time_acceptable=True,
                      version=request.version)  # fmt: skip
    assert "helped" in refused.value.message_dict
    request, partner = _answered(org)
    for someone in (partner, org.user(Role.SECURITY_CHIEF), org.user(Role.MANAGER)):
        with pytest.raises(PermissionDenied):
            services.rate(request, by=someone, helped=Helped.YES, time_acceptable=True,
                          version=request.version)  # fmt: skip
    with pytest.raises(ValidationError):
        services.rate(request, by=request.asker, helped="maybe", time_acceptable=True,
                      version=request.version)  # fmt: skip


def test_a_stale_version_is_refused(org):
    request, partner = _answered(org)
    with pytest.raises(StaleVersion):
        services.answer(request, by=partner, answer="Igen", version=request.version - 1)


def test_handling_needs_the_right_in_scope(org):
    request = make_request(org)
    for outsider in (
        org.user(Role.SECURITY_PARTNER, unit=org.beta),
        org.user(Role.MANAGER),
        org.user(Role.AUDITOR),
        request.asker,
    ):
        with pytest.raises(PermissionDenied):
            services.answer(request, by=outsider, answer="x", version=request.version)


def test_a_team_member_from_another_administration_handles_the_queue(org):
    lent = org.user(Role.SECURITY_PARTNER, unit=org.beta, home_unit=org.beta_unit)
    make_team(administrations=[org.alfa], members=[lent])
    request = make_request(org)
    assert SupportRequest.objects.for_user(lent).filter(pk=request.pk).exists()
    request = services.assign(request, by=lent, assignee=lent, version=request.version)
    assert request.assignee == lent


def test_assigning_to_someone_who_cannot_handle_it_is_refused(org):
    request = make_request(org)
    partner = org.user(Role.SECURITY_PARTNER)
    with pytest.raises(ValidationError):
        services.assign(request, by=partner, assignee=org.user(), version=request.version)


def test_time_spent_and_an_action_from_the_request(org):
    request, partner = _answered(org)
    entry = services.record_time(request, by=partner, spent_on=timezone.localdate(), hours="1.5")
    assert entry.hours == Decimal("1.50")
    for hours in ("0", "25", "abc", "-1"):
        with pytest.raises(ValidationError):
            services.record_time(request, by=partner, spent_on=timezone.localdate(), hours=hours)
    with pytest.raises(ValidationError):
        services.record_time(request, by=partner, spent_on=timezone.localdate()
                             + datetime.timedelta(days=1), hours=1)  # fmt: skip
    assert TimeEntry.objects.count() == 1
    chief = org.user(Role.SECURITY_CHIEF)
    action = services.create_action(
        request, by=chief, title="Larmknapp", owner=request.asker,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    assert action.source == request and action.unit == request.unit
    assert Action.objects.count() == 1


def test_a_handler_closes_and_the_asker_may_still_rate(org):
    request, partner = _answered(org)
    closed = services.close(request, by=partner, version=request.version)
    assert closed.status == RequestStatus.CLOSED
    rated = services.rate(closed, by=closed.asker, helped=Helped.PARTLY, time_acceptable=False,
                          version=closed.version)  # fmt: skip
    assert rated.helped == Helped.PARTLY
