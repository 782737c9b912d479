"""One truth per goal: a goal's value and status are computed over its own scope, the same for
everyone who may see it; the rows behind it are listed per viewer, who is told when they may
read fewer of them than the number counts."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.goals import services
from sakra.goals.models import Goal
from sakra.goals.rows import rows_link
from sakra.incidents.choices import Severity
from sakra.incidents.models import IncidentCategory
from sakra.incidents.services import report_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def fire(org):
    return IncidentCategory.objects.create(
        code="t-brand", name_sv="Brand", name_en="Fire", area=org.other_area,
        default_severity=Severity.MODERATE,
    )  # fmt: skip


def _report(org, fire, year, unit):
    occurred = timezone.make_aware(datetime(year, 6, 1, 12))
    report_incident(
        by=org.user(home_unit=unit), category=fire, occurred_at=occurred, unit=unit, site=org.site,
        description="Brand i soprummet",
    )  # fmt: skip


def _fire_goal(org, **scope):
    goal = services.create_goal(
        owner=org.user(Role.SECURITY_CHIEF), title="Färre bränder", start_year=2019,
        end_year=2022, **scope,
    )  # fmt: skip
    return services.create_indicator(
        goal=goal, title="Bränder", kind="incident_count", baseline_year=2019, target_year=2022,
        target_value=Decimal("0.5"), criteria={"categories": ["t-brand"]},
    )  # fmt: skip


@pytest.fixture
def fires(org, fire):
    # 2019: 4 (3 in Alfa, 1 in Beta); 2021: 3 (1 in Alfa, 2 in Beta).
    for year, unit in [(2019, org.alfa_unit)] * 3 + [(2019, org.beta_unit), (2021, org.alfa_unit)]:
        _report(org, fire, year, unit)
    for _ in range(2):
        _report(org, fire, 2021, org.beta_unit)


def _standing(user, year):
    (goal_view,) = services.dashboard(user, Goal.objects.all(), year=year)
    (view,) = goal_view.indicators
    return view.assessment.value, view.assessment.status


def test_an_employee_and_the_chief_see_the_same_region_goal(org, fires):
    _fire_goal(org)
    viewers = [org.user(), org.user(Role.MANAGER), org.user(Role.SECURITY_CHIEF),
               org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.beta)]  # fmt: skip
    standings = {_standing(viewer, 2021) for viewer in viewers}
    # 3 against a path from 4 to 2: 2.67 planned for 2021, so at risk, for everyone.
    assert standings == {(Decimal(3), "at_risk")}


def test_an_administration_goal_counts_its_administration(org, fires):
    _fire_goal(org, administration=org.alfa)
    assert _standing(org.user(Role.SECURITY_CHIEF), 2019) == (Decimal(3), "baseline")
    assert _standing(org.user(), 2021) == (Decimal(1), "achieved")  # 3 halved is 1.5


def test_the_list_says_when_the_viewer_reads_fewer_rows(client, org, fires):
    indicator = _fire_goal(org)
    link = rows_link(indicator, 2021)
    manager = org.user(Role.MANAGER)  # reads Alfa's incidents: 1 of 3
    client.force_login(manager)
    page = client.get(link).content.decode()
    assert "Du ser 1 av 3 avvikelser; resten ligger utanför din behörighet." in page
    # A filter changed by hand is not the goal's selection: nothing is compared.
    assert "Du ser" not in client.get(link + "&q=soprummet").content.decode()
    client.force_login(org.user(Role.SECURITY_CHIEF))
    assert "Du ser" not in client.get(link).content.decode()


def test_the_goal_page_links_the_number_to_its_marked_list(client, org, fires):
    indicator = _fire_goal(org)
    client.force_login(org.user())
    page = client.get(reverse("goals:goal", args=[indicator.goal_id]) + "?year=2021")
    assert f"indikator={indicator.pk}&amp;ar=2021" in page.content.decode()


def test_the_api_carries_the_preliminary_flag_of_the_current_year(client, org, fire, fires):
    this_year = timezone.localdate().year
    _report(org, fire, this_year, org.alfa_unit)
    indicator = _fire_goal(org)
    client.force_login(org.user())
    url = f"/api/v1/indicators/{indicator.pk}/values?from_year={this_year - 1}"
    rows = client.get(url).json()["values"]
    assert [row["preliminary"] for row in rows] == [False, True]


def test_the_area_dashboard_keeps_figures_within_your_scope_labelled(client, org, fires):
    _fire_goal(org, area=org.other_area)
    client.force_login(org.user(Role.HEAD_OF_ADMINISTRATION))
    url = reverse("goals:area", args=[org.other_area.code]) + "?year=2021"
    own = client.get(url).content.decode()
    assert ">3</a>" in own and "Inom din behörighet" not in own.split("<strong>")[0]
    within = client.get(f"{url}&inom={org.alfa.pk}").content.decode()
    assert ">1</a>" in within and f"räknade inom {org.alfa.name}" in within
    assert client.get(f"{url}&inom={org.alfa_unit.pk}").status_code == 404  # not an administration
