"""The incident-count indicator kind: computed in SQL, and the list it links to agrees."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.goals import services as goals
from sakra.goals.kinds import get_kind
from sakra.goals.models import Goal
from sakra.incidents.models import Incident


@pytest.fixture
def fire_goal(org):
    return goals.create_goal(
        owner=org.user(Role.SECURITY_CHIEF), title="Färre bränder", start_year=2019, end_year=2022
    )


def _indicator(goal, **fields):
    definition = {
        "title": "Bränder",
        "kind": "incident_count",
        "baseline_year": 2019,
        "target_year": 2022,
        "target_value": Decimal("0.5"),
        "criteria": {"categories": ["t-brand"]},
    }
    return goals.create_indicator(goal=goal, **{**definition, **fields})


def _at(year):
    return timezone.make_aware(timezone.datetime(year, 6, 1, 12))


def test_counts_per_year_and_links_to_the_same_number(client, org, fire, threat, report, fire_goal):
    reporter = org.user()
    for year, n in ((2019, 4), (2021, 2), (2022, 1)):
        for _ in range(n):
            report(reporter, category=fire, occurred_at=_at(year))
    report(reporter, category=threat, occurred_at=_at(2021))
    report(reporter, category=fire, occurred_at=_at(2021), unit=org.beta_unit)
    indicator = _indicator(fire_goal, unit=org.alfa)
    chief = org.user(Role.SECURITY_CHIEF)
    (view,) = goals.dashboard(chief, Goal.objects.all(), year=2021)[0].indicators
    assert view.values == {2019: 4, 2021: 2, 2022: 1}
    assert view.assessment.status == "achieved"  # 2 meets the target 4 × 0.5 a year early
    client.force_login(chief)
    url = get_kind("incident_count").rows_url(indicator, 2021)
    page = client.get(url).content.decode()
    assert "2 avvikelser hittades" in page


def test_empty_or_unknown_categories_are_refused(fire_goal):
    for criteria in (
        {},
        {"categories": []},
        {"categories": ["finns-inte"]},
        {"categories": "brand"},
    ):
        with pytest.raises(ValidationError) as caught:
            _indicator(fire_goal, criteria=criteria)
        assert "criteria" in caught.value.message_dict


def test_a_goal_counts_its_whole_scope_whoever_looks(org, fire, report, fire_goal):
    """One truth per goal: the manager, who may read one of the two, sees the chief's 2."""
    report(org.user(), category=fire, occurred_at=_at(2020), unit=org.alfa_unit)
    report(org.user(), category=fire, occurred_at=_at(2020), unit=org.beta_unit)
    _indicator(fire_goal)
    for viewer in (org.user(Role.MANAGER), org.user(Role.SECURITY_CHIEF), org.user()):
        (view,) = goals.dashboard(viewer, Goal.objects.all(), year=2020)[0].indicators
        assert view.values[2020] == 2
    assert Incident.objects.count() == 2


def test_dashboard_queries_do_not_grow_with_incidents(
    client, org, fire, report, fire_goal, django_assert_max_num_queries
):
    _indicator(fire_goal)
    report(org.user(), category=fire, occurred_at=_at(2020))
    client.force_login(org.user(Role.SECURITY_CHIEF))
    with django_assert_max_num_queries(15) as first:
        client.get("/mal/")
    for _ in range(30):
        report(org.user(), category=fire, occurred_at=_at(2021))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/mal/")


def test_a_dashboard_card_shows_a_new_report_at_once_and_in_each_language(
    client, org, fire, report, fire_goal
):
    """The cards are kept per process by what they show (goals/cards.py): a new figure is a
    new card, and nothing rendered in one language is shown in the other."""
    _indicator(fire_goal, unit=org.alfa)
    client.force_login(org.user(Role.SECURITY_CHIEF))
    url = reverse("goals:administration", args=[org.alfa.pk]) + "?year=2021"
    report(org.user(), category=fire, occurred_at=_at(2021))
    first = client.get(url).content.decode()
    assert ">1</a>" in first and "Ansvarig:" in first
    report(org.user(), category=fire, occurred_at=_at(2021))
    second = client.get(url).content.decode()
    assert ">2</a>" in second and ">1</a>" not in second
    client.cookies.load({"django_language": "en"})
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Owner:" in english and "Ansvarig:" not in english
