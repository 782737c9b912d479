"""The coverage page: security areas × administrations, goals with their status, gaps marked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.goals import services
from sakra.goals.coverage import coverage
from sakra.goals.models import Goal

pytestmark = pytest.mark.django_db


def _goal(org, title, **scope):
    return services.create_goal(
        owner=org.user(Role.SECURITY_CHIEF), title=title, start_year=2019, end_year=2022, **scope
    )


def test_each_goal_in_its_cell_and_the_empty_cells_are_gaps(org):
    _goal(org, "Hot i Alfa", area=org.area, administration=org.alfa)
    region_goal = _goal(org, "Hot i regionen", area=org.area)
    services.create_indicator(
        goal=region_goal, title="Övningar", kind="manual", baseline_year=2019, target_year=2022,
        target_type="absolute", target_value=3,
    )  # fmt: skip
    _goal(org, "Arkiverat", area=org.other_area).__class__.objects.filter(title="Arkiverat").update(
        is_active=False
    )
    grid = coverage(org.user(), Goal.objects.active(), year=2021)
    assert grid.columns[0] is None and org.alfa in grid.columns and org.beta in grid.columns
    rows = {row.area: row for row in grid.rows}
    assert None not in rows  # no goal without an area: no such row
    area_row = [cell.goals for cell in rows[org.area].cells]
    assert [g.title for g in area_row[0]] == ["Hot i regionen"]
    assert area_row[0][0].indicators[0].status == "Uppgift saknas"  # Swedish by default
    assert [g.title for g in area_row[grid.columns.index(org.alfa)]] == ["Hot i Alfa"]
    assert all(cell.gap for cell in rows[org.other_area].cells)  # archived goals leave a gap
    assert grid.gaps == len(grid.rows) * len(grid.columns) - 2


def test_the_page_is_linked_and_reads_as_many_queries_for_1_and_50_goals(client, org):
    client.force_login(org.user())
    assert reverse("goals:coverage") in client.get(reverse("goals:index")).content.decode()
    goal = _goal(org, "Hot", area=org.area)
    services.create_indicator(
        goal=goal, title="Övningar", kind="manual", baseline_year=2019, target_year=2022,
        target_value=3,
    )  # fmt: skip
    url = reverse("goals:coverage")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and "Lucka" in response.content.decode()
        return len(queries)

    one = count()
    for n in range(49):
        _goal(org, f"Mål {n}", area=org.other_area, administration=org.beta)
    assert count() == one
