"""The follow-up per manager level, administration and team, and the two indicator kinds for
goals: computed over the goal's own scope, the same for every viewer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.goals import services as goals
from sakra.support import reports, services
from sakra.support.choices import Helped, ManagerLevel
from sakra.support.models import SupportRequest

from .factories import make_request, make_team

pytestmark = pytest.mark.django_db


def _rated(org, asker, helped, *, late=False):
    partner = org.user(Role.SECURITY_PARTNER, unit=org.region)
    request = make_request(org, asker=asker, unit=asker.home_unit)
    if late:
        SupportRequest.objects.filter(pk=request.pk).update(
            due_on=timezone.localdate() - datetime.timedelta(days=3)
        )
        request.refresh_from_db()
    request = services.answer(request, by=partner, answer="Svar", version=request.version)
    return services.rate(request, by=asker, helped=helped, time_acceptable=not late,
                         version=request.version)  # fmt: skip


def test_follow_up_per_manager_level(org):
    make_team("Team", administrations=[org.alfa])
    first_line = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    higher = org.user(Role.MANAGER, unit=org.alfa_dept, home_unit=org.alfa_dept)
    _rated(org, first_line, Helped.YES)
    _rated(org, first_line, Helped.NO, late=True)
    _rated(org, higher, Helped.YES)
    make_request(org, asker=first_line)  # not answered yet
    rows = SupportRequest.objects.all()
    year = timezone.localdate().year
    lines = {line.label: line for line in reports.summary(rows, year, "manager_level")}
    first = lines[str(ManagerLevel.FIRST_LINE.label)]
    assert (first.asked, first.answered, first.on_time, first.rated) == (3, 2, 1, 2)
    assert first.share_helped == Decimal(50) and first.share_on_time == Decimal(50)
    assert lines[str(ManagerLevel.HIGHER.label)].share_helped == Decimal(100)
    (team,) = reports.summary(rows, year, "team__name")
    assert team.label == "Team" and team.asked == 4
    (administration,) = reports.summary(rows, year, "administration__name")
    assert administration.label == org.alfa.name


def test_indicator_kinds_over_the_goals_scope(org):
    first_line = org.user(Role.MANAGER, unit=org.alfa_unit, home_unit=org.alfa_unit)
    _rated(org, first_line, Helped.YES)
    _rated(org, first_line, Helped.NO, late=True)
    beta = org.user(Role.MANAGER, unit=org.beta_unit, home_unit=org.beta_unit)
    _rated(org, beta, Helped.NO)  # outside the goal's administration
    chief = org.user(Role.SECURITY_CHIEF)
    year = timezone.localdate().year
    goal = goals.create_goal(owner=chief, title="Stöd", start_year=year - 1, end_year=year + 1,
                             administration=org.alfa)  # fmt: skip
    helped = goals.create_indicator(goal=goal, title="Fick stöd", kind="support_share_helped",
                                    baseline_year=year - 1, target_year=year + 1,
                                    target_value=90)  # fmt: skip
    in_time = goals.create_indicator(goal=goal, title="I tid",
                                     kind="support_share_answered_in_time",
                                     baseline_year=year - 1, target_year=year + 1,
                                     target_value=90)  # fmt: skip
    for viewer in (chief, first_line, org.user()):
        values = goals.compute_values(viewer, [helped, in_time], [year])
        assert values[helped.pk][year] == Decimal("50.0")
        assert values[in_time.pk][year] == Decimal("50.0")
