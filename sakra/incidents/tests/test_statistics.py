"""The statistics page: events per area and category equal the list's counts, the same for
everyone who may read incidents through a role, dismissed reports left out."""

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sakra.accounts.choices import Role
from sakra.incidents import services
from sakra.incidents.choices import DismissalKind, Status
from sakra.incidents.models import LOCAL_ZONE

URL = reverse("incidents:statistics")


def _at(year: int, month: int = 6) -> datetime:
    return datetime(year, month, 10, 12, tzinfo=LOCAL_ZONE)


@pytest.fixture
def spread(org, fire, threat, report):
    """2019: 2 fires; 2025: 3 fires (one of them a duplicate) and 1 threat, in two
    administrations."""
    reporter = org.user()
    made = [report(reporter, occurred_at=_at(2019)), report(reporter, occurred_at=_at(2019, 7))]
    made += [report(reporter, occurred_at=_at(2025, m)) for m in (2, 3, 4)]
    made.append(report(org.user(unit=org.beta_unit), category=threat, unit=org.beta_unit,
                       occurred_at=_at(2025)))  # fmt: skip
    duplicate = made[4]
    services.change_status(
        duplicate, by=org.user(Role.SECURITY_COORDINATOR), status=Status.DISMISSED,
        version=duplicate.version, reason="Samma", dismissal_kind=DismissalKind.DUPLICATE,
        duplicate_of=made[3],
    )  # fmt: skip
    return made


def _listed(client, url: str) -> int:
    page = client.get(url).content.decode()
    return int(re.search(r"(\d+) (?:avvikelse|avvikelser) hittades", page).group(1))


def test_each_number_equals_the_list_it_links_to(client, org, spread):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response = client.get(URL, {"year": 2025, "baseline_year": 2019})
    assert response.status_code == 200
    stats = response.context["stats"]
    fire_line = next(line for line in stats.lines if line.category.code == "t-brand")
    assert fire_line.counts == {2019: 2, 2024: 0, 2025: 2}  # the duplicate is not an event
    assert fire_line.change == 2
    for line in stats.lines:
        for _year, n, url in line.cells:
            if n:
                assert _listed(client, url) == n
    assert [(unit.name, n) for unit, n, _url in stats.per_administration] == [
        ("Alfa förvaltning", 2), ("Beta förvaltning", 1)
    ]  # fmt: skip
    for _unit, n, url in stats.per_administration:
        assert _listed(client, url) == n
    assert dict(stats.trend)[2025] == 3


def test_a_manager_sees_the_regions_figures_and_an_employee_is_not_offered_them(
    client, org, spread
):
    client.force_login(org.user(Role.MANAGER))
    stats = client.get(URL, {"year": 2025}).context["stats"]
    assert stats.totals[2025] == 3  # Beta's threat too: a count carries no personal data
    client.force_login(org.user())
    assert client.get(URL).status_code == 404
    assert client.get("/api/v1/incidents/statistics").status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_a_site_is_counted_from_the_incidents(client, org, spread):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    stats = client.get(URL, {"year": 2025, "site": org.site.pk}).context["stats"]
    assert stats.totals[2025] == 3


def test_bad_years_are_refused_with_a_message(client, org, spread):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    response = client.get(URL, {"year": 1850})
    assert response.status_code == 422
    assert "Välj ett år från 2019" in response.content.decode()
    api = client.get("/api/v1/incidents/statistics", {"year": 1850})
    assert api.status_code == 422
    assert client.get("/api/v1/incidents/statistics", {"area": 10**9}).status_code == 422


def test_the_api_and_the_excel_file_say_the_same(client, org, spread):
    client.force_login(org.user(Role.SECURITY_CHIEF))
    body = client.get("/api/v1/incidents/statistics", {"year": 2025}).json()
    fire_line = next(line for line in body["lines"] if line["category_code"] == "t-brand")
    assert fire_line["counts"] == {"2019": 2, "2024": 0, "2025": 2}
    response = client.get(reverse("incidents:statistics-xlsx") + "?year=2025")
    assert response.status_code == 200
    sheet = load_workbook(filename=__import__("io").BytesIO(b"".join(response.streaming_content
                          if response.streaming else [response.content]))).active  # fmt: skip
    rows = {row[1]: row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Brand"] == (2, 0, 2)


@pytest.mark.parametrize("reports", [1, 25])
def test_the_page_reads_a_constant_number_of_queries(client, org, fire, report, reports):
    reporter = org.user()
    for n in range(reports):
        report(reporter, occurred_at=_at(2019 + n % 7), description=f"Brand {n}")
    client.force_login(org.user(Role.SECURITY_CHIEF))
    client.get(URL)  # the session and the user are read once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"year": 2025}).status_code == 200
    assert len(queries) <= 12, [q["sql"] for q in queries]
