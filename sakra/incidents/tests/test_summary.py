"""The yearly summary equals the live counts, and dashboards read the same numbers from it."""

import random
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from sakra.accounts.choices import Role
from sakra.goals import services as goals
from sakra.goals.kinds import get_kind
from sakra.incidents import summary
from sakra.incidents.importer import import_incidents
from sakra.incidents.models import LOCAL_ZONE, Incident, IncidentYearlyCount

YEARS = range(2019, 2024)


@pytest.fixture
def scattered(org, fire, threat, report):
    """Forty reports over five years, both administrations, restricted and acute among them."""
    rng = random.Random(7)
    reporters = [org.user(), org.user()]
    for n in range(40):
        report(
            rng.choice(reporters),
            category=rng.choice([fire, threat]),
            unit=rng.choice([org.alfa_unit, org.alfa_unit2, org.beta_unit]),
            occurred_at=datetime(
                rng.choice(YEARS), rng.randint(1, 12), 28, 23, 30, tzinfo=LOCAL_ZONE
            ),
            is_acute=n % 7 == 0,
            description=f"Händelse {n}",
        )
    return reporters


def _indicator(org, **fields):
    goal = goals.create_goal(
        owner=org.user(Role.SECURITY_CHIEF), title="Färre händelser", start_year=2019, end_year=2023
    )
    definition = {
        "title": "Bränder och hot",
        "kind": "incident_count",
        "baseline_year": 2019,
        "target_year": 2023,
        "target_value": Decimal("0.5"),
        "criteria": {"categories": ["t-brand", "t-hot"]},
    }
    return goals.create_indicator(goal=goal, **{**definition, **fields})


def test_reports_keep_the_summary_equal_to_the_incidents(scattered):
    assert Incident.objects.count() == 40
    assert summary.differences() == []


def test_a_year_is_the_swedish_year(org, fire, report):
    # 23:30 UTC on New Year's Eve is already the new year in Sweden.
    report(org.user(), category=fire, occurred_at=datetime(2021, 12, 31, 23, 30, tzinfo=UTC))
    assert list(IncidentYearlyCount.objects.values_list("occurred_year", "count")) == [(2022, 1)]


def test_a_failed_report_leaves_no_count_behind(org, report):
    with pytest.raises(RuntimeError), transaction.atomic():
        report(org.user())
        raise RuntimeError("the transaction rolls back")
    assert not IncidentYearlyCount.objects.exists()


def test_imported_incidents_are_counted(org, fire, tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "external_id,category,occurred_at,unit,description\n"
        f"old-1,t-brand,2020-03-01 10:00,{org.alfa_unit.code},Brand i förråd\n"
        f"old-2,t-brand,2020-03-02 10:00,{org.beta_unit.code},Brand i kök\n",
        encoding="utf-8",
    )
    assert import_incidents(path).created == 2
    assert summary.differences() == []
    assert IncidentYearlyCount.objects.count() == 2


def test_rebuild_and_check_command(scattered, capsys):
    IncidentYearlyCount.objects.filter(pk=IncidentYearlyCount.objects.first().pk).delete()
    with pytest.raises(CommandError, match="differs"):
        call_command("rebuild_incident_summary", "--check")
    call_command("rebuild_incident_summary")
    call_command("rebuild_incident_summary", "--check")
    assert "equals" in capsys.readouterr().out


def test_duplicate_keys_from_a_race_are_summed(scattered):
    row = IncidentYearlyCount.objects.first()
    IncidentYearlyCount.objects.filter(pk=row.pk).update(count=row.count - 1)
    IncidentYearlyCount.objects.create(
        **{field: getattr(row, field) for field in summary.KEY}, count=1
    )
    assert summary.differences() == []


def _users(org):
    """One user per way of seeing incidents, including scopes the summary cannot read."""
    return {
        "chief": org.user(Role.SECURITY_CHIEF),
        "coordinator": org.user(Role.SECURITY_COORDINATOR),
        "head": org.user(Role.HEAD_OF_ADMINISTRATION),
        "partner": org.user(Role.SECURITY_PARTNER),
        "area owner": org.user(Role.AREA_OWNER),
        "region-wide head": org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.region),
        "manager (a unit: live)": org.user(Role.MANAGER),
        "auditor": org.user(Role.AUDITOR),
    }


def test_summary_access_is_none_below_administrations(org):
    assert summary.access(org.user(Role.MANAGER)) is None
    assert summary.access(org.user(Role.SECURITY_COORDINATOR)) is not None


@pytest.mark.parametrize("place", ["region", "alfa", "beta"])
def test_dashboard_values_from_the_summary_equal_live_counts(org, scattered, monkeypatch, place):
    kind = get_kind("incident_count")
    within = {"region": None, "alfa": org.alfa, "beta": org.beta}[place]
    indicators = [_indicator(org), _indicator(org, unit=org.alfa)]
    users = _users(org)
    # Reporters and handlers also see rows outside their roles' scopes.
    users["reporter"] = scattered[0]
    users["beta handler"] = org.user()
    Incident.objects.filter(pk=Incident.objects.filter(administration=org.beta).first().pk).update(
        handler=users["beta handler"]
    )
    users["coordinator who reported"] = org.user(Role.SECURITY_COORDINATOR)
    for administration in (org.alfa, org.beta):  # inside and outside the role's scope
        rows = Incident.objects.filter(administration=administration).values_list("pk", flat=True)
        Incident.objects.filter(pk__in=list(rows[:3])).update(
            reporter=users["coordinator who reported"]
        )
    for name, user in users.items():
        fast = kind.compute(user, indicators, YEARS, within)
        fast_breakdown = kind.breakdown(user, indicators[0], 2021)
        with monkeypatch.context() as patched:
            patched.setattr(summary, "access", lambda user: None)
            live = kind.compute(user, indicators, YEARS, within)
            live_breakdown = kind.breakdown(user, indicators[0], 2021)
        assert fast == live, name
        assert fast_breakdown == live_breakdown, name
    assert any(value for value in fast[indicators[0].pk].values())


def test_dashboards_read_the_summary_not_the_incidents(org, scattered, django_assert_num_queries):
    kind = get_kind("incident_count")
    indicator = _indicator(org)
    chief = org.user(Role.SECURITY_CHIEF)
    # The summary alone (the categories' codes joined in): the viewer narrows nothing.
    with django_assert_num_queries(1) as captured:
        kind.compute(chief, [indicator], YEARS)
    assert '"incidents_incident"' not in captured.captured_queries[-1]["sql"]


@pytest.mark.parametrize("page", ["goals:index", "goals:administration", "goals:area"])
def test_dashboard_query_count_stays_within_ten_as_incidents_grow(
    client, org, fire, report, page, django_assert_max_num_queries
):
    indicator = _indicator(org, criteria={"categories": ["t-brand"]})
    type(indicator.goal).objects.filter(pk=indicator.goal_id).update(area=fire.area)
    args = {
        "goals:index": [],
        "goals:administration": [org.alfa.pk],
        "goals:area": [fire.area.code],
    }[page]
    client.force_login(org.user(Role.SECURITY_COORDINATOR))
    reporter = org.user()
    report(reporter, occurred_at=datetime(2021, 5, 1, 12, tzinfo=LOCAL_ZONE))
    with django_assert_max_num_queries(10) as one:
        assert client.get(reverse(page, args=args)).status_code == 200
    for n in range(49):
        report(reporter, occurred_at=datetime(2019 + n % 5, 5, 1, 12, tzinfo=LOCAL_ZONE))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse(page, args=args)).status_code == 200
