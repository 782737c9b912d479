"""The action indicator kinds count what the action list shows for the same link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions.choices import ActionStatus
from sakra.actions.models import Action
from sakra.goals import services as goals
from sakra.goals.kinds import get_kind
from sakra.goals.models import Goal


@pytest.mark.parametrize("kind", ["actions_overdue", "actions_verified_effective"])
def test_value_equals_the_rows_behind_it(client, org, kind):
    chief = org.user(Role.SECURITY_CHIEF)
    owner = org.user(Role.MANAGER)
    today = timezone.localdate()
    year = today.year
    make = Action.objects.create
    for days, status in (
        (-10, ActionStatus.PLANNED),
        (-5, ActionStatus.IN_PROGRESS),
        (-3, ActionStatus.VERIFIED_EFFECTIVE),
        (20, ActionStatus.PLANNED),
    ):
        due = today + timedelta(days=days)
        if due.year != year:
            due = today
        effect = {"was_effective": True, "effect_checked_at": today} if days == -3 else {}
        make(
            title="Å",
            owner=owner,
            unit=org.alfa_unit,
            area=org.area,
            due_date=due,
            status=status,
            created_by=chief,
            **effect,
        )
    goal = goals.create_goal(
        owner=chief, title="Åtgärder", start_year=year - 1, end_year=year + 1, area=org.area
    )
    indicator = goals.create_indicator(
        goal=goal,
        title="T",
        kind=kind,
        baseline_year=year - 1,
        target_year=year + 1,
        target_type="absolute",
        target_value=0,
    )
    (view,) = goals.dashboard(chief, Goal.objects.all(), year=year)[0].indicators
    client.force_login(chief)
    page = client.get(get_kind(kind).rows_url(indicator, year)).content.decode()
    rows = len(re.findall(r'href="/atgarder/\d+/"', page))
    assert view.values[year] == rows
    assert rows > 0
