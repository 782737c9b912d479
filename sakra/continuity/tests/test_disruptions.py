"""A disruption of critical supply, reported as an incident, that lasted longer than a plan
tolerates flags the plan, on its page and in the list, with links for those who may open the
incidents (issue 24's missing flag, issue 15)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.incidents import corrections
from sakra.incidents.choices import Severity
from sakra.incidents.models import IncidentCategory
from sakra.incidents.services import change_status, report_incident
from sakra.risks.choices import DependencyKind
from sakra.testing import count_queries, make_user

from ..disruptions import exceeded
from ..models import ContinuityPlan
from .factories import make_plan, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def power(org):
    return IncidentCategory.objects.create(
        code="t-el", name_sv="Störning i elförsörjningen", name_en="Power cut",
        area=org.other_area, default_severity=Severity.HIGH, supply="electricity",
    )  # fmt: skip


def _disruption(org, category, hours, *, unit=None, **extra):
    ended = timezone.now() - timedelta(hours=1)
    incident, _created = report_incident(
        by=org.user(), category=category, occurred_at=ended - timedelta(hours=hours),
        unit=unit or org.alfa_unit, description="Strömavbrott i hus 3",
        disruption_ended_at=ended, **extra,
    )  # fmt: skip
    return incident


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_disruption_longer_than_the_tolerance_flags_the_plan(org, chief, power):
    plan = make_plan(org.alfa_unit, chief, tolerable_hours=4)  # depends on electricity
    short = _disruption(org, power, 3)
    assert short.disruption_hours == 3 and short.supply == "electricity"
    assert exceeded(ContinuityPlan.objects.filter(pk=plan.pk), chief) == {}
    long = _disruption(org, power, 6)
    flagged = exceeded(ContinuityPlan.objects.select_related("unit").filter(pk=plan.pk), chief)
    assert [item.reference for item in flagged[plan.pk].shown] == [long.reference]
    page = _client(chief).get(plan.get_absolute_url()).content.decode()
    assert long.reference in page and long.get_absolute_url() in page
    assert short.reference not in page
    listing = _client(chief).get(reverse("continuity:index")).content.decode()
    assert long.get_absolute_url() in listing


def test_only_supplies_the_plan_depends_on_in_its_unit_and_events_count(org, chief, power):
    plan = make_plan(org.alfa_unit, chief, tolerable_hours=4)
    water = IncidentCategory.objects.create(
        code="t-vatten", name_sv="Vattenavbrott", name_en="Water cut", area=org.other_area,
        supply="water",
    )  # fmt: skip
    _disruption(org, water, 10)  # the service does not depend on water
    _disruption(org, power, 10, unit=org.beta_unit)  # another administration
    _disruption(org, power, 10, is_near_miss=True)  # it did not happen
    dismissed = _disruption(org, power, 10)
    change_status(
        dismissed, by=chief, status="dismissed", version=dismissed.version, reason="Dubblett",
        dismissal_kind="mistake",
    )  # fmt: skip
    plans = ContinuityPlan.objects.select_related("unit").filter(pk=plan.pk)
    assert exceeded(plans, chief) == {}
    # Going on, its end not yet recorded: it flags the plan once it has lasted longer than the
    # plan tolerates, as ongoing; the handler records the end, and its real duration counts.
    ongoing, _created = report_incident(
        by=org.user(), category=power, occurred_at=timezone.now() - timedelta(hours=8),
        unit=org.alfa_unit, description="Strömavbrott, pågår",
    )  # fmt: skip
    assert ongoing.disruption_hours is None
    [item] = exceeded(plans, chief)[plan.pk].shown
    assert (item.reference, item.ongoing) == (ongoing.reference, True) and item.hours >= 8
    corrections.record_disruption(
        ongoing, by=chief, supply="electricity",
        ended_at=ongoing.occurred_at + timedelta(hours=3), version=ongoing.version,
    )  # fmt: skip
    assert exceeded(plans, chief) == {}  # three hours: within the tolerance
    # A closed incident whose end nobody recorded is not compared.
    forgotten, _created = report_incident(
        by=org.user(), category=power, occurred_at=timezone.now() - timedelta(hours=9),
        unit=org.alfa_unit, description="Strömavbrott, slut aldrig registrerat",
    )  # fmt: skip
    for status in ("under_investigation", "actions_decided", "closed"):
        forgotten = change_status(forgotten, by=chief, status=status, version=forgotten.version)
    assert exceeded(plans, chief) == {}


def test_the_flag_is_the_plans_and_the_links_are_per_viewer(org, chief, power):
    """The plan's responsible person reads the plan, not the incident: the flag shows, counted,
    without its reference or link."""
    owner = make_user(home_unit=org.alfa_unit)
    plan = make_plan(org.alfa_unit, chief, tolerable_hours=4)
    ContinuityPlan.objects.filter(pk=plan.pk).update(responsible=owner)
    long = _disruption(org, power, 6)
    page = _client(owner).get(plan.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert long.reference not in html and long.get_absolute_url() not in html
    assert "1 avvikelse till som du inte får öppna" in html


def test_the_plans_pages_take_as_many_queries_for_1_and_50_plans(org, chief, power):
    client = _client(org.user(Role.SECURITY_COORDINATOR))
    service = make_service(org.alfa_unit, chief, kinds=(DependencyKind.ELECTRICITY,))
    plan = make_plan(org.alfa_unit, chief, service=service, tolerable_hours=4)
    _disruption(org, power, 6)
    urls = [reverse("continuity:index"), plan.get_absolute_url()]

    def queries(url):
        with count_queries() as counted:
            assert client.get(url).status_code == 200
        return len(counted)

    one = [queries(url) for url in urls]
    for n in range(49):
        make_plan(org.alfa_unit, chief, service=service, tolerable_hours=4, title=f"Plan {n}")
        _disruption(org, power, 5 + n % 3)
    assert [queries(url) for url in urls] == one
