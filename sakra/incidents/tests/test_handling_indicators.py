"""Indicators on handling: each value is recounted here from the rows, by hand."""

from datetime import datetime, timedelta
from decimal import Decimal
from statistics import median

import pytest
from django.core.exceptions import ValidationError

from sakra.accounts.choices import Role
from sakra.goals import services as goals
from sakra.goals.kinds import get_kind
from sakra.incidents.choices import DismissalKind, Status
from sakra.incidents.models import LOCAL_ZONE, Incident, IncidentObligation

YEAR = 2024


def _indicator(org, kind, **criteria):
    goal = goals.create_goal(
        owner=org.user(Role.SECURITY_CHIEF), title="Snabb hantering", start_year=2023,
        end_year=2025,
    )  # fmt: skip
    return goals.create_indicator(
        goal=goal, title=kind, kind=kind, baseline_year=2023, target_year=2025,
        target_value=Decimal(90), criteria=criteria,
    )  # fmt: skip


@pytest.fixture
def handled(org, fire, threat, report):
    """Eight events in 2024 closed after 1..8 days, one acute acknowledged late, one dismissed."""
    reporter = org.user()
    rows = []
    for n in range(1, 9):
        incident = report(reporter, occurred_at=datetime(YEAR, 3, n, 8, tzinfo=LOCAL_ZONE),
                          category=threat if n % 2 else fire, is_acute=n <= 2)  # fmt: skip
        rows.append(incident)
    for n, incident in enumerate(rows, start=1):
        Incident.objects.filter(pk=incident.pk).update(
            status=Status.CLOSED, closed_at=incident.aware_at + timedelta(days=n),
            acknowledged_at=incident.aware_at + timedelta(minutes=5 if n == 1 else 40),
        )  # fmt: skip
    dismissed = report(reporter, occurred_at=datetime(YEAR, 4, 1, 8, tzinfo=LOCAL_ZONE))
    Incident.objects.filter(pk=dismissed.pk).update(
        status=Status.DISMISSED, dismissal_kind=DismissalKind.MISTAKE,
        closed_at=dismissed.aware_at + timedelta(hours=1),
    )  # fmt: skip
    return rows


def _value(org, indicator):
    kind = get_kind(indicator.kind)
    return kind.compute(org.user(), [indicator], [YEAR]).get(indicator.pk, {}).get(YEAR)


def test_closed_within_n_days_is_the_share_of_events(org, handled):
    indicator = _indicator(org, "incidents_closed_within_days", days=3)
    events = Incident.objects.filter(occurred_year=YEAR).exclude(status=Status.DISMISSED)
    in_time = [i for i in events if i.closed_at and i.closed_at - i.aware_at <= timedelta(days=3)]
    assert _value(org, indicator) == Decimal(100 * len(in_time) / events.count()).quantize(
        Decimal("0.1")
    )
    assert _value(org, indicator) == Decimal("37.5")  # 3 of 8; the dismissed one is not an event


def test_closed_within_needs_a_number_of_days(org):
    with pytest.raises(ValidationError):
        _indicator(org, "incidents_closed_within_days")
    with pytest.raises(ValidationError):
        _indicator(org, "incidents_closed_within_days", days="3")


def test_median_days_to_close(org, handled):
    indicator = _indicator(org, "incidents_median_days_to_close")
    durations = [
        (i.closed_at - i.aware_at).total_seconds() / 86400
        for i in Incident.objects.filter(status=Status.CLOSED, occurred_year=YEAR)
    ]
    assert _value(org, indicator) == Decimal(str(round(median(durations), 1))) == Decimal("4.5")
    only_fires = _indicator(org, "incidents_median_days_to_close", categories=["t-brand"])
    assert _value(org, only_fires) == Decimal("5.0")  # fires closed after 2, 4, 6, 8 days


def test_notifications_on_time(org, handled):
    obligations = IncidentObligation.objects.filter(incident__occurred_year=YEAR).exclude(
        incident__status=Status.DISMISSED
    )
    first = obligations.order_by("pk").first()
    IncidentObligation.objects.filter(pk=first.pk).update(reported_at=first.due_at)
    late = obligations.order_by("pk")[1]
    IncidentObligation.objects.filter(pk=late.pk).update(
        reported_at=late.due_at + timedelta(hours=1)
    )
    indicator = _indicator(org, "incidents_notifications_on_time")
    expected = Decimal(100 * 1 / obligations.count()).quantize(Decimal("0.1"))
    assert _value(org, indicator) == expected


def test_acute_acknowledged_within_the_escalation_time(org, handled, settings):
    settings.SAKRA_ACUTE_ESCALATION_MINUTES = 15
    indicator = _indicator(org, "incidents_acute_acknowledged_in_time")
    assert _value(org, indicator) == Decimal("50.0")  # 5 minutes and 40 minutes
    settings.SAKRA_ACUTE_ESCALATION_MINUTES = 60
    assert _value(org, indicator) == Decimal("100.0")


def test_a_year_without_events_has_no_value_not_zero(org, handled):
    indicator = _indicator(org, "incidents_closed_within_days", days=3)
    values = get_kind(indicator.kind).compute(org.user(), [indicator], [YEAR - 1])
    assert values[indicator.pk] == {}


def test_each_links_to_the_events_it_counts(client, org, handled):
    indicator = _indicator(org, "incidents_acute_acknowledged_in_time")
    url = get_kind(indicator.kind).rows_url(indicator, YEAR)
    client.force_login(org.user(Role.SECURITY_CHIEF))
    page = client.get(url).content.decode()
    assert "2 avvikelser hittades" in page
