"""The planning dialogue, assignments from state authorities and their reminder, the yearly
snapshots of the indicators, and the estimated cost and effort summed for the budget process."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.actions import services as action_services
from sakra.core.concurrency import StaleVersion
from sakra.governance import services, tasks
from sakra.governance.choices import (
    AssignmentStatus,
    ForumKind,
    PlanningState,
    SubmissionStatus,
)
from sakra.governance.models import Forum, IndicatorSnapshot, PlanSubmission, StateAssignment

from .factories import make_gov

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


@pytest.fixture
def plan(org, chief):
    return action_services.create_plan(
        by=chief, year=2027, administration=org.alfa, title="Verksamhetsplan"
    )


# --- the planning dialogue ---------------------------------------------------------------


def test_the_dialogue_submit_comment_resubmit_agree(org, chief, plan):
    coordinator, board = org.user(Role.SECURITY_COORDINATOR), org.user(Role.BOARD_MEMBER)
    Forum.objects.create(name="Säkerhetsledningen", kind=ForumKind.SECURITY_BOARD)
    row = services.submit_plan(plan, by=coordinator, note="Fokus på hot och våld")
    assert row.status == SubmissionStatus.SUBMITTED
    with pytest.raises(ValidationError):  # not twice before the board has answered
        services.submit_plan(plan, by=coordinator, version=row.version)
    row = services.comment_plan(row, by=board, version=row.version, comment="Lägg till budget")
    assert row.status == SubmissionStatus.COMMENTED
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    row = services.submit_plan(plan, by=coordinator, note="Med budget", version=row.version)
    assert row.status == SubmissionStatus.SUBMITTED and row.board_comment == "Lägg till budget"
    row = services.agree_plan(row, by=board, version=row.version)
    assert row.status == SubmissionStatus.AGREED and row.agreed_on == timezone.localdate()
    # The agreement is the security board's decision: the one decision record.
    assert row.decision.forum.kind == ForumKind.SECURITY_BOARD
    with pytest.raises(ValidationError):
        services.comment_plan(row, by=board, version=row.version, comment="Sent")
    with pytest.raises(ValidationError):
        services.submit_plan(plan, by=coordinator, version=row.version)


def test_who_submits_and_who_reviews(org, chief, plan):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    beta_head = org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.beta)
    with pytest.raises(PermissionDenied):
        services.submit_plan(plan, by=beta_head)
    with pytest.raises(PermissionDenied):  # the chief reviews, the administration submits
        services.submit_plan(plan, by=chief)
    row = services.submit_plan(plan, by=head)
    with pytest.raises(PermissionDenied):
        services.comment_plan(row, by=head, version=row.version, comment="Själv")
    with pytest.raises(StaleVersion):
        services.agree_plan(row, by=chief, version=row.version + 1)
    with pytest.raises(ValidationError):  # a comment is written, not empty
        services.comment_plan(row, by=chief, version=row.version, comment="  ")
    with pytest.raises(ValidationError):
        services.comment_plan(row, by=chief, version=row.version, comment="HEMLIG uppgift")


def test_the_plans_state_per_administration(org, chief, plan):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    rows = {row.administration: row for row in services.planning_overview(chief, 2027)}
    assert rows[org.alfa].state == PlanningState.NOT_SUBMITTED
    assert rows[org.beta].state == PlanningState.NO_PLAN
    assert org.region not in rows and org.alfa_dept not in rows
    services.submit_plan(plan, by=head)
    [mine] = services.planning_overview(head, 2027)
    assert (mine.administration, mine.state, mine.may_submit) == (
        org.alfa, PlanningState.SUBMITTED, False,
    )  # fmt: skip
    assert services.planning_overview(org.user(Role.EMPLOYEE), 2027) == []


# --- assignments from state authorities --------------------------------------------------


def _assignment(org, chief, *, deadline_in=10, responsible=None):
    today = timezone.localdate()
    return services.record_assignment(
        by=chief, authority="MSB", title="Redovisa krisberedskap", administration=org.alfa,
        responsible=responsible or chief, received_on=today,
        deadline=today + datetime.timedelta(days=deadline_in),
    )  # fmt: skip


def test_an_assignment_is_recorded_and_followed(org, chief):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    row = _assignment(org, chief, responsible=coordinator)
    row = services.update_assignment(
        row, by=coordinator, version=row.version, status=AssignmentStatus.REPORTED, note="Klart"
    )
    assert row.completed_on == timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.update_assignment(
            row, by=org.user(Role.SECURITY_COORDINATOR, unit=org.beta), version=row.version,
            status=AssignmentStatus.IN_PROGRESS,
        )  # fmt: skip


def test_an_assignment_refuses_bad_input(org, chief):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.record_assignment(
            by=chief, authority="MSB", title="Rapport", administration=org.alfa,
            responsible=chief, received_on=today, deadline=today - datetime.timedelta(days=1),
        )  # fmt: skip
    assert "deadline" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_assignment(
            by=org.user(Role.SECURITY_COORDINATOR), authority="MSB", title="Rapport",
            administration=org.beta, responsible=chief, received_on=today, deadline=today,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.record_assignment(
            by=chief, authority="", title="Rapport", administration=org.alfa,
            responsible=chief, received_on=today, deadline=today,
        )  # fmt: skip


def test_the_reminder_is_sent_once_before_the_deadline(org, chief):
    soon = _assignment(org, chief, deadline_in=5)
    _assignment(org, chief, deadline_in=60)  # too early to remind
    assert tasks.send_assignment_reminders.call() == 1
    assert tasks.send_assignment_reminders.call() == 0  # idempotent
    assert Notification.objects.filter(recipient=chief).count() == 1
    # The authority moves the deadline: one reminder for the new one.
    soon.refresh_from_db()
    services.update_assignment(
        soon, by=chief, version=soon.version, status=AssignmentStatus.IN_PROGRESS,
        deadline=soon.deadline + datetime.timedelta(days=3),
    )  # fmt: skip
    assert tasks.send_assignment_reminders.call() == 1
    done = StateAssignment.objects.get(pk=soon.pk)
    services.update_assignment(
        done, by=chief, version=done.version, status=AssignmentStatus.REPORTED,
        deadline=done.deadline + datetime.timedelta(days=1),
    )  # fmt: skip
    assert tasks.send_assignment_reminders.call() == 0  # reported: nothing to remind of


# --- snapshots ---------------------------------------------------------------------------


def _indicator(chief, org):
    from sakra.goals import services as goals

    goal = goals.create_goal(
        owner=chief, title="Färre bränder", start_year=2019, end_year=2030, area=org.area
    )
    indicator = goals.create_indicator(
        goal=goal, title="Bränder", kind="manual", baseline_year=2019, target_year=2030,
        target_value=Decimal("0.5"), baseline_value=10, source="Räkning",
    )  # fmt: skip
    goals.record_manual_value(indicator, by=chief, year=2025, value=6, source="Räkning")
    return indicator


def test_a_closed_year_is_kept_once_and_reproduced(org, chief):
    from sakra.goals import services as goals

    indicator = _indicator(chief, org)
    assert services.take_snapshot(by=chief, year=2025) == 1
    [row] = IndicatorSnapshot.objects.filter(year=2025)
    assert (row.value, row.baseline_value, row.target) == (6, 10, 5)
    # The data change afterwards; the year's snapshot does not.
    goals.record_manual_value(indicator, by=chief, year=2025, value=9, source="Rättat")
    assert services.take_snapshot(by=chief, year=2025) == 0
    assert IndicatorSnapshot.objects.get(year=2025).value == 6


def test_the_current_years_snapshot_is_replaced_until_the_year_ends(org, chief):
    _indicator(chief, org)
    year = timezone.localdate().year
    services.take_snapshot(by=chief, year=year)
    first = IndicatorSnapshot.objects.get(year=year)
    services.take_snapshot(by=chief, year=year)
    assert IndicatorSnapshot.objects.get(year=year).taken_at >= first.taken_at
    assert IndicatorSnapshot.objects.filter(year=year).count() == 1


def test_the_year_end_task_is_idempotent(org, chief):
    _indicator(chief, org)
    last_year = timezone.localdate().year - 1
    assert tasks.snapshot_indicators_at_year_end.call() == 1
    assert tasks.snapshot_indicators_at_year_end.call() == 0
    assert IndicatorSnapshot.objects.filter(year=last_year).count() == 1


def test_a_snapshot_taken_in_december_is_replaced_after_new_year(org, chief, monkeypatch):
    _indicator(chief, org)
    year = timezone.localdate().year
    services.take_snapshot(by=chief, year=year)
    later = timezone.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(timezone, "localdate", lambda *a: later.date())
    assert tasks.snapshot_indicators_at_year_end.call() == 1
    assert IndicatorSnapshot.objects.final(year).count() == 1


def test_only_the_chief_takes_a_snapshot_and_not_of_a_future_year(org, chief):
    with pytest.raises(PermissionDenied):
        services.take_snapshot(by=org.user(Role.AREA_OWNER), year=2025)
    with pytest.raises(ValidationError):
        services.take_snapshot(by=chief, year=timezone.localdate().year + 1)


# --- cost, effort and the budget summary -------------------------------------------------


def test_estimates_sum_per_area_and_year_with_funding_and_priorities(org, chief):
    from sakra.goals import services as goals

    gov = make_gov(org.alfa, org.area, chief, year=2028)
    activity = action_services.add_activity(
        gov.annual_plan, by=chief, title="Övning", area=org.area, estimated_cost=20_000,
        effort_hours=16,
    )  # fmt: skip
    action = action_services.create_action(
        by=chief, title="Larmknapp", owner=chief, due_date=datetime.date(2027, 6, 1),
        unit=org.alfa_unit, area=org.area,
    )  # fmt: skip
    action_services.estimate(action, by=chief, version=action.version, estimated_cost=5_000)
    goals.create_goal(
        owner=chief, title="Viktigt", start_year=2026, end_year=2027, area=org.area,
        priority="high",
    )  # fmt: skip
    lines = {(line.year, line.area): line for line in services.budget_summary(chief)}
    line = lines[2027, org.area]
    assert (line.planned_cost, line.planned_hours, line.action_cost) == (20_000, 16, 5_000)
    assert line.estimated_cost == 25_000 and line.high_priority_goals == 1
    funded = lines[2028, org.area]
    assert funded.funded_cost == 100_000 and [name for _pk, name in funded.funding]
    assert activity.plan.year == 2027 and funded.high_priority_goals == 0
    assert services.budget_summary(org.user(Role.EMPLOYEE)) == []


def test_a_negative_cost_or_effort_is_refused_everywhere(org, chief):
    gov = make_gov(org.alfa, org.area, chief)
    with pytest.raises(ValidationError) as error:
        action_services.add_activity(gov.annual_plan, by=chief, title="Övning", estimated_cost=-1)
    assert "estimated_cost" in error.value.message_dict
    action = action_services.create_action(
        by=chief, title="Lås", owner=chief, due_date=timezone.localdate(), unit=org.alfa_unit
    )
    for bad in ({"estimated_cost": -5}, {"estimated_cost": "1.5"}, {"effort_hours": -1},
                {"estimated_cost": "NaN"}, {"estimated_cost": 10**15}):  # fmt: skip
        with pytest.raises(ValidationError):
            action_services.estimate(action, by=chief, version=action.version, **bad)
    with pytest.raises(PermissionDenied):
        action_services.estimate(
            action, by=org.user(Role.EMPLOYEE), version=action.version, estimated_cost=1
        )
    assert PlanSubmission.objects.count() == 1  # the factory's, nothing else
