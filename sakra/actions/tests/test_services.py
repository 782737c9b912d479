import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sakra.accounts.choices import Role
from sakra.accounts.models import Notification
from sakra.actions import services
from sakra.actions.choices import ActionStatus, DecisionKind, NeedStatus
from sakra.actions.models import Action, BoardDecision, ImprovementNeed
from sakra.core.concurrency import StaleVersion

from .helpers import in_days, make_action


def test_create_action_with_a_source_notifies_the_owner_and_is_audited(org):
    coordinator, owner = org.user(Role.SECURITY_COORDINATOR), org.user()
    source = org.alfa_unit2  # any row will do as a source; a unit has a unit of its own
    action = services.create_action(
        source=source, title="  Byt lås  ", owner=owner, due_date=in_days(7),
        by=coordinator, area=org.area,
    )  # fmt: skip
    assert action.title == "Byt lås"
    assert action.source == source
    assert action.unit == org.alfa_unit  # the owner's home unit: a unit has no `unit`
    assert action.status == ActionStatus.PLANNED
    assert Notification.objects.filter(recipient=owner).count() == 1
    assert LogEntry.objects.get_for_object(action).count() == 1
    assert list(services.actions_for(coordinator, source)) == [action]
    assert list(services.actions_for(org.user(), source)) == []


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"due_date": -1}, "due_date", "har redan passerat"),
        ({"owner": 999999}, "owner", "finns inte som person"),
        ({"owner": "inactive"}, "owner", "inte längre aktiv"),
        ({"title": "  "}, "title", "Ge åtgärden en rubrik"),
    ],
)
def test_create_action_refuses_bad_input_and_changes_nothing(org, change, field, message):
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    kwargs = {"title": "Byt lås", "owner": org.user(), "due_date": in_days(3)}
    if "due_date" in change:
        kwargs["due_date"] = in_days(change["due_date"])
    elif change.get("owner") == "inactive":
        kwargs["owner"] = org.user(is_active=False)
    else:
        kwargs.update(change)
    with pytest.raises(ValidationError) as error:
        services.create_action(by=coordinator, **kwargs)
    assert message in " ".join(error.value.message_dict[field])
    assert Action.objects.count() == 0
    assert Notification.objects.count() == 0


def test_create_action_outside_the_creators_scope_is_refused(org):
    manager = org.user(Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.create_action(
            title="X", owner=org.user(), due_date=in_days(3), by=manager,
            unit=org.beta_unit,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # an employee creates no actions, even their own
        employee = org.user(Role.EMPLOYEE)
        services.create_action(title="X", owner=employee, due_date=in_days(3), by=employee)
    assert Action.objects.count() == 0


def test_the_pgsa_cycle_start_done_effective(org):
    owner = org.user()
    action = make_action(org, owner)
    action = services.start_action(action, by=owner, version=1)
    assert (action.status, action.version) == (ActionStatus.IN_PROGRESS, 2)
    action = services.complete_action(action, by=owner, version=2)
    assert action.status == ActionStatus.DONE and action.awaits_effect_check
    action = services.record_effect(
        action, by=owner, version=3, was_effective=True, note="Inga fler larm"
    )
    assert action.status == ActionStatus.VERIFIED_EFFECTIVE
    assert action.effect_checked_by == owner
    assert action.effect_checked_at == in_days(0)


def test_a_stale_version_is_refused(org):
    owner = org.user()
    action = make_action(org, owner)
    services.start_action(action, by=owner, version=1)
    with pytest.raises(StaleVersion, match="Ladda om"):
        services.complete_action(action, by=owner, version=1)
    with pytest.raises(TypeError):  # no version is never "whatever is there"
        services.complete_action(action, by=owner, version=None)
    assert Action.objects.get().status == ActionStatus.IN_PROGRESS


def test_effect_only_on_done_and_only_by_owner_coordinator_or_chief(org):
    owner, manager = org.user(), org.user(Role.MANAGER)
    action = make_action(org, owner)
    with pytest.raises(ValidationError, match="genomförd"):
        services.record_effect(action, by=owner, version=1, was_effective=True)
    services.complete_action(action, by=manager, version=1)
    with pytest.raises(PermissionDenied):
        services.record_effect(action, by=manager, version=2, was_effective=True)
    with pytest.raises(ValidationError) as error:
        services.record_effect(action, by=owner, version=2, was_effective=False, note="")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.record_effect(
            action, by=owner, version=2, was_effective=True, checked_on=in_days(1)
        )
    assert Action.objects.get().was_effective is None
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    action = services.record_effect(
        action, by=coordinator, version=2, was_effective=False, note="Larmet går"
    )
    assert action.status == ActionStatus.DONE and action.was_effective is False
    follow_up = services.create_follow_up(
        action, by=owner, title="Nytt larm", owner=owner, due_date=in_days(30)
    )
    assert follow_up.follows_up == action
    assert follow_up.unit == action.unit


def test_follow_up_only_of_an_ineffective_action(org):
    owner = org.user()
    action = make_action(org, owner)
    with pytest.raises(ValidationError, match="otillräcklig"):
        services.create_follow_up(action, by=owner, title="X", owner=owner, due_date=in_days(3))
    assert Action.objects.count() == 1


def test_a_cycle_of_follow_ups_is_refused_and_nothing_changes(org):
    owner = org.user()
    first = make_action(org, owner, title="Första")
    second = make_action(org, owner, title="Andra", follows_up=first)
    third = make_action(org, owner, title="Tredje", follows_up=second)
    with pytest.raises(ValidationError) as error:
        services.link_follow_up(first, follows_up=third, by=owner, version=1)
    assert "cirkel" in error.value.message_dict["follows_up"][0]
    with pytest.raises(ValidationError):
        services.link_follow_up(first, follows_up=first, by=owner, version=1)
    first.refresh_from_db()
    assert first.follows_up is None and first.version == 1
    other = make_action(org, owner, title="Fristående")
    linked = services.link_follow_up(other, follows_up=third, by=owner, version=1)
    assert linked.follows_up == third


def test_cancel_needs_a_reason(org):
    owner, manager = org.user(), org.user(Role.MANAGER)
    action = make_action(org, owner)
    with pytest.raises(ValidationError) as error:
        services.cancel_action(action, by=manager, version=1, reason=" ")
    assert "reason" in error.value.message_dict
    action = services.cancel_action(action, by=manager, version=1, reason="Enheten läggs ned")
    assert action.status == ActionStatus.CANCELLED
    assert Notification.objects.filter(recipient=owner).exists()
    with pytest.raises(ValidationError):
        services.start_action(action, by=owner, version=2)


def test_out_of_scope_users_change_nothing(org):
    action = make_action(org, org.user(), unit=org.alfa_unit)
    beta_manager = org.user(Role.MANAGER, unit=org.beta)
    auditor = org.user(Role.AUDITOR)
    for user in (beta_manager, auditor):
        with pytest.raises(PermissionDenied):
            services.start_action(action, by=user, version=1)
    assert Action.objects.get().status == ActionStatus.PLANNED


def test_board_turns_a_need_into_an_action_at_a_meeting(org):
    employee, board, owner = org.user(), org.user(Role.BOARD_MEMBER), org.user(Role.MANAGER)
    need = services.raise_improvement_need(
        by=employee, title="Bättre skalskydd", description="Dörren står öppen", area=org.area
    )
    assert need.unit == employee.home_unit and need.status == NeedStatus.NEW
    assert Notification.objects.filter(recipient=board).exists()
    other = services.raise_improvement_need(by=employee, title="B", description="C")

    def versions():
        return dict(ImprovementNeed.objects.values_list("pk", "version"))

    services.rank_needs(by=board, ordered=[other, need], versions=versions())
    need.refresh_from_db()
    assert (need.rank, need.status) == (2, NeedStatus.QUEUED)
    seen = versions()
    services.rank_needs(by=board, ordered=[need], versions=seen)  # the whole new order
    other.refresh_from_db()
    assert other.rank is None and other.status == NeedStatus.QUEUED
    with pytest.raises(StaleVersion), transaction.atomic():  # the order just saved moved on
        services.rank_needs(by=board, ordered=[other, need], versions=seen)
    services.rank_needs(by=board, ordered=[other, need], versions=versions())
    need.refresh_from_db()
    meeting = services.hold_meeting(by=board, date=in_days(0), attendees=[board])
    with pytest.raises(StaleVersion), transaction.atomic():
        services.record_decision(
            by=board, meeting=meeting, need=need, version=need.version - 1, kind="defer"
        )
    decision = services.record_decision(
        by=board, meeting=meeting, need=need, version=need.version, kind=DecisionKind.ACCEPT,
        actions=[services.PlannedAction(title="Nytt lås", owner=owner, due_date=in_days(60))],
    )  # fmt: skip
    action = decision.actions.get()
    assert action.source == need and action.area == org.area
    need.refresh_from_db()
    assert need.status == NeedStatus.ACCEPTED and need.rank is None
    # The board follows the action it created; the raiser learns of the decision.
    assert Action.objects.for_user(board).filter(pk=action.pk).exists()
    assert Notification.objects.filter(recipient=employee, url=need.get_absolute_url()).exists()
    with pytest.raises(ValidationError, match="redan fattat beslut"):
        services.record_decision(
            by=board, meeting=meeting, need=need, version=need.version, kind=DecisionKind.DEFER
        )


def test_bad_decisions_change_nothing(org):
    board = org.user(Role.BOARD_MEMBER)
    need = services.raise_improvement_need(by=org.user(), title="A", description="B")
    meeting = services.hold_meeting(by=board, date=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            by=board, meeting=meeting, need=need, version=1, kind=DecisionKind.REJECT
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.record_decision(
            by=board, meeting=meeting, need=need, version=1, kind=DecisionKind.ACCEPT
        )
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            by=board, meeting=meeting, need=need, version=1, kind=DecisionKind.ACCEPT,
            actions=[services.PlannedAction(title="X", owner=999999, due_date=in_days(3))],
        )  # fmt: skip
    assert "Åtgärd 1" in error.value.message_dict["actions"][0]
    assert BoardDecision.objects.count() == 0 and Action.objects.count() == 0
    assert ImprovementNeed.objects.get().status == NeedStatus.NEW
    with pytest.raises(PermissionDenied):
        services.record_decision(
            by=org.user(Role.MANAGER),
            meeting=meeting,
            need=need,
            version=1,
            kind=DecisionKind.DEFER,
        )
    with pytest.raises(PermissionDenied):
        services.hold_meeting(by=org.user(Role.MANAGER), date=in_days(0))
    with pytest.raises(PermissionDenied):
        services.rank_needs(by=org.user(Role.MANAGER), ordered=[need], versions={need.pk: 1})
    decision = services.record_decision(
        by=board,
        meeting=meeting,
        need=need,
        version=1,
        kind=DecisionKind.REJECT,
        reason="Ingen budget",
    )
    assert decision.need.status == NeedStatus.REJECTED


def test_an_ineffective_effect_check_can_spawn_its_follow_up_at_once(org):
    owner = org.user()
    action = make_action(org, owner, status=ActionStatus.DONE)
    services.record_effect(
        action, by=owner, version=1, was_effective=False, note="Dörren står fortfarande öppen",
        follow_up=services.PlannedAction(title="Dörrstängare", owner=owner, due_date=in_days(20)),
    )  # fmt: skip
    assert Action.objects.get(follows_up=action).title == "Dörrstängare"
    other = make_action(org, owner, status=ActionStatus.DONE)
    with pytest.raises(ValidationError):  # a bad follow-up undoes the effect check too
        services.record_effect(
            other, by=owner, version=1, was_effective=False, note="Nej",
            follow_up=services.PlannedAction(title="X", owner=owner, due_date=in_days(-1)),
        )  # fmt: skip
    other.refresh_from_db()
    assert other.was_effective is None and other.version == 1


def test_the_system_creates_an_action_on_its_own_behalf_audited_as_the_system(org):
    """`by=None` (a fire-safety round, a task): no permission check, and the audit entry names
    no person, even inside someone's request; that person is named again afterwards."""
    from sakra.testing import in_request

    person, owner = org.user(Role.EMPLOYEE), org.user()
    with in_request(person):
        action = services.create_action(
            by=None, source=org.alfa_unit2, title="Egenkontroll försenad", owner=owner,
            due_date=in_days(14),
        )  # fmt: skip
        later = make_action(org, owner, title="Efteråt")
    entry = LogEntry.objects.get_for_object(action).get()
    assert entry.actor is None and action.created_by is None
    assert LogEntry.objects.get_for_object(later).get().actor == person
    assert Notification.objects.filter(recipient=owner, url=action.get_absolute_url()).exists()


def test_the_source_hears_of_each_state_change_when_its_model_listens(org, monkeypatch):
    """`tell_source`: a source whose model has `action_changed` hears every change in the
    changing transaction; one without it (a unit here) hears nothing and nothing breaks."""
    from sakra.actions.choices import ActionChange
    from sakra.organisation.models import Unit

    heard = []
    coordinator, owner = org.user(Role.SECURITY_COORDINATOR), org.user()
    action = services.create_action(
        source=org.alfa_unit2, title="Byt lås", owner=owner, due_date=in_days(7), by=coordinator
    )
    monkeypatch.setattr(
        Unit, "action_changed", lambda self, a, change, *, by: heard.append((self, change, by)),
        raising=False,
    )  # fmt: skip
    action = services.start_action(action, by=owner, version=action.version)
    action = services.complete_action(action, by=owner, version=action.version)
    services.record_effect(action, by=coordinator, version=action.version, was_effective=True)
    assert heard == [
        (org.alfa_unit2, ActionChange.STARTED, owner),
        (org.alfa_unit2, ActionChange.COMPLETED, owner),
        (org.alfa_unit2, ActionChange.EFFECTIVE, coordinator),
    ]
    unsourced = make_action(org, owner)
    services.cancel_action(unsourced, by=owner, version=unsourced.version, reason="Behövs inte")
    assert len(heard) == 3
