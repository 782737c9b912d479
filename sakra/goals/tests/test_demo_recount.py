"""The demo region's fire goal, recounted as an analyst would: events, not reports.

The figures are counted here straight from the incidents, with the status rule written out by
hand, so a fault in the indicator code cannot make the test agree with itself."""

from decimal import Decimal

import pytest

from sakra.accounts import demo as accounts_demo
from sakra.goals import demo as goals_demo
from sakra.goals import services
from sakra.goals.models import Goal
from sakra.incidents import demo as incidents_demo
from sakra.incidents import summary
from sakra.incidents.choices import DismissalKind, Status
from sakra.incidents.models import Incident
from sakra.organisation import demo as organisation_demo

pytestmark = pytest.mark.django_db

FIRE_GOAL = "Antalet bränder ska halveras till 2022 jämfört med 2019"


@pytest.fixture
def demo_region():
    for module in (organisation_demo, accounts_demo, incidents_demo, goals_demo):
        module.load()


def _by_hand(counts: dict[int, int], year: int) -> str:
    """Seed 000's rule for "halve by 2022 against 2019", written out: a straight path."""
    baseline, target = Decimal(counts[2019]), Decimal(counts[2019]) / 2
    if year == 2019:
        return "baseline"
    if counts[year] <= target:
        return "achieved"
    if year == 2022:
        return "not_achieved"
    planned = baseline + (target - baseline) * Decimal(year - 2019) / 3
    return "on_track" if counts[year] <= planned.quantize(Decimal("0.01")) else "at_risk"


def test_the_fire_goal_counts_events_and_its_statuses_follow(demo_region):
    reports = Incident.objects.filter(category__code="brand")
    events = {
        year: reports.filter(occurred_year=year).exclude(status=Status.DISMISSED).count()
        for year in range(2019, 2023)
    }
    assert (events[2019], events[2022]) == (11, 3)  # the recount of issue 14
    # Every dismissed demo report names the event it duplicates.
    dismissed = Incident.objects.filter(status=Status.DISMISSED)
    assert dismissed.exists()
    assert not dismissed.exclude(dismissal_kind=DismissalKind.DUPLICATE).exists()
    assert not dismissed.filter(duplicate_of__isnull=True).exists()
    assert not dismissed.filter(duplicate_of__status=Status.DISMISSED).exists()
    assert summary.differences() == []

    goal = Goal.objects.get(title=FIRE_GOAL)
    employee = Incident.objects.filter(reporter__isnull=False).first().reporter
    for year in range(2019, 2023):
        (view,) = services.dashboard(employee, Goal.objects.filter(pk=goal.pk), year=year)
        fires = next(i for i in view.indicators if i.indicator.kind == "incident_count")
        assert fires.assessment.value == events[year], year
        assert fires.assessment.status == _by_hand(events, year), year
    # What the recount found: both years between are really at risk.
    assert [_by_hand(events, year) for year in (2020, 2021)] == ["at_risk", "at_risk"]
