"""Governance's services: decisions and their distribution, acknowledgement, requirements
superseded, the internal control plan's year, funding; and what each refuses."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sakra.accounts.choices import Role
from sakra.actions.models import Action
from sakra.core.concurrency import StaleVersion
from sakra.governance import services
from sakra.governance.choices import (
    ControlFrequency,
    ControlResult,
    OccurrenceStatus,
    RequirementStatus,
)
from sakra.governance.models import Acknowledgement, Decision, Requirement

from .factories import make_gov

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(org):
    return org.user(Role.SECURITY_CHIEF)


@pytest.fixture
def gov(org, chief):
    return make_gov(org.alfa, org.area, chief)


# --- decisions ---------------------------------------------------------------------------


def test_record_decision_keeps_its_signature(gov, chief):
    decision = services.record_decision(
        by=chief, forum=gov.forum, decided_on=timezone.localdate(), title="Antas",
        text="", paragraph="§ 2", registry_number="RS-1", responsible=chief,
        deadline=timezone.localdate(),
    )  # fmt: skip
    assert decision.meeting is None and decision.created_by == chief


def test_a_decision_without_a_forum_is_refused(chief):
    with pytest.raises(ValidationError) as error:
        services.record_decision(by=chief, forum=None, decided_on=timezone.localdate(), title="X")
    assert "forum" in error.value.message_dict


def test_a_meeting_of_another_forum_is_refused(gov, chief, org):
    other = make_gov(org.beta, org.other_area, chief)
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            by=chief, forum=gov.forum, decided_on=timezone.localdate(), title="X",
            meeting=other.meeting,
        )  # fmt: skip
    assert "meeting" in error.value.message_dict


def test_a_decision_is_recorded_at_its_meeting(gov):
    assert gov.decision.meeting == gov.meeting
    assert gov.decision.decided_on == gov.meeting.held_on
    assert gov.decision.get_absolute_url().startswith("/styrning/beslut/")


def test_only_the_forums_editors_record_meetings(gov, org):
    outside = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with pytest.raises(PermissionDenied):
        services.hold_meeting(by=outside, forum=gov.forum, held_on=timezone.localdate())
    inside = org.user(Role.SECURITY_COORDINATOR)
    assert services.hold_meeting(by=inside, forum=gov.forum, held_on=timezone.localdate())


def test_minutes_need_the_current_version(gov, chief):
    meeting = services.write_minutes(
        gov.meeting, by=chief, version=gov.meeting.version, agenda="1.", minutes="Mötet öppnas"
    )
    with pytest.raises(StaleVersion):
        services.write_minutes(gov.meeting, by=chief, version=1, agenda="", minutes="Gammalt")
    assert meeting.minutes == "Mötet öppnas"


def test_a_classification_marking_is_refused_in_a_decision(gov, chief):
    with pytest.raises(ValidationError) as error:
        services.decide_at_meeting(gov.meeting, by=chief, title="Ok", text="HEMLIG uppgift")
    assert "text" in error.value.message_dict


# --- distribution and acknowledgement ------------------------------------------------------


def test_distribution_reaches_the_role_in_the_administration_and_not_beyond(gov, org, chief):
    head_alfa = org.user(Role.HEAD_OF_ADMINISTRATION)
    head_beta = org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.beta)
    decision = services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, units=[org.alfa],
        role=Role.HEAD_OF_ADMINISTRATION,
    )  # fmt: skip
    assert list(services.recipients_of(decision)) == [head_alfa]
    assert services.is_recipient(head_alfa, decision)
    assert not services.is_recipient(head_beta, decision)
    assert head_alfa.notifications.filter(url=decision.get_absolute_url()).exists()


def test_a_role_alone_reaches_its_holders_everywhere(gov, org, chief):
    heads = {
        org.user(Role.HEAD_OF_ADMINISTRATION),
        org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.beta),
    }
    decision = services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, role=Role.HEAD_OF_ADMINISTRATION
    )
    assert set(services.recipients_of(decision)) == heads


def test_a_unit_alone_reaches_its_management_and_people_by_name(gov, org, chief):
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    named = org.user()
    decision = services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, units=[org.alfa], people=[named]
    )
    assert set(services.recipients_of(decision)) == {head, named}
    assert not services.is_recipient(coordinator, decision)


def test_distribution_needs_someone_and_a_role_of_the_list(gov, chief):
    with pytest.raises(ValidationError):
        services.distribute_decision(gov.decision, by=chief, version=gov.decision.version)
    with pytest.raises(ValidationError):
        services.distribute_decision(
            gov.decision, by=chief, version=gov.decision.version, role="king"
        )


def test_distribution_out_of_scope_is_refused(gov, org):
    outside = org.user(Role.HEAD_OF_ADMINISTRATION, unit=org.beta)
    with pytest.raises(PermissionDenied):
        services.distribute_decision(
            gov.decision, by=outside, version=gov.decision.version, people=[outside]
        )


def test_a_recipient_acknowledges_once_and_finds_it_in_the_inbox(gov, org, chief):
    from sakra.governance.inbox import sections

    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, role=Role.HEAD_OF_ADMINISTRATION
    )
    [section] = [s for s in sections(head) if s.key == "decisions-to-acknowledge"]
    assert section.count == 1 and section.items[0].url == gov.decision.get_absolute_url()
    services.acknowledge_decision(gov.decision, by=head)
    assert not [s for s in sections(head) if s.key == "decisions-to-acknowledge"]
    with pytest.raises(ValidationError):
        services.acknowledge_decision(gov.decision, by=head)
    assert Acknowledgement.objects.filter(decision=gov.decision).count() == 1


def test_an_acknowledgement_by_someone_not_among_the_recipients_is_refused(gov, org, chief):
    services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, role=Role.HEAD_OF_ADMINISTRATION
    )
    for stranger in (org.user(Role.SECURITY_COORDINATOR), org.user(), chief):
        with pytest.raises(PermissionDenied):
            services.acknowledge_decision(gov.decision, by=stranger)
    assert not Acknowledgement.objects.exists()


def test_a_decision_starts_actions_linked_both_ways(gov, chief):
    from sakra.actions.services import actions_for, create_action

    action = create_action(
        source=gov.decision, title="Inför rutinen", owner=chief,
        due_date=timezone.localdate() + datetime.timedelta(days=10), by=chief,
        unit=gov.forum.administration,
    )  # fmt: skip
    assert list(actions_for(chief, gov.decision)) == [action]
    assert action.source == gov.decision


def test_role_mandates_are_kept_by_the_chief(org, chief):
    mandate = services.set_role_mandate(
        by=chief, role=Role.SECURITY_COORDINATOR, text="Samordnar säkerhetsarbetet."
    )
    assert str(mandate) == str(Role.SECURITY_COORDINATOR.label)
    coordinator = org.user(Role.SECURITY_COORDINATOR)
    assert services.mandates_for(coordinator) == [mandate]
    assert services.mandates_for(org.user(Role.MANAGER)) == []
    with pytest.raises(PermissionDenied):
        services.set_role_mandate(by=coordinator, role=Role.MANAGER, text="X")


# --- requirements ---------------------------------------------------------------------


def test_a_changed_law_supersedes_the_requirement(gov, chief):
    old = gov.requirement
    new = services.supersede_requirement(
        old, by=chief, version=old.version, law="LSO (2003:778) i lydelse 2026",
        requirement_text="Skäligt brandskydd och dokumentation.",
    )  # fmt: skip
    old.refresh_from_db()
    assert not old.is_current and old.requirement == "Skäligt brandskydd i byggnader."
    assert new.reference == old.reference and new.supersedes == old
    assert new.status == RequirementStatus.NOT_ASSESSED
    with pytest.raises(ValidationError):
        services.assess_requirement(old, by=chief, version=old.version, status="met")
    assert list(Requirement.objects.current().filter(reference=old.reference)) == [new]


def test_the_area_owner_keeps_only_their_area(gov, org):
    owner = org.user(Role.AREA_OWNER)
    req = services.assess_requirement(
        gov.requirement, by=owner, version=gov.requirement.version, status="met", how_met="Pärm"
    )
    assert req.status == "met"
    other = org.user(Role.AREA_OWNER, area=org.other_area)
    with pytest.raises(PermissionDenied):
        services.assess_requirement(req, by=other, version=req.version, status="not_met")
    with pytest.raises(PermissionDenied):
        services.add_requirement(by=other, area=org.area, reference="X-1", law="L", requirement="R")


def test_a_reference_is_current_once(gov, chief, org):
    with pytest.raises(ValidationError):
        services.add_requirement(
            by=chief, area=org.area, reference=gov.requirement.reference, law="L",
            requirement="R",
        )  # fmt: skip


# --- internal control ------------------------------------------------------------------


def test_due_dates_stay_inside_the_year():
    assert services.due_dates(2026, ControlFrequency.YEARLY) == [datetime.date(2026, 12, 31)]
    quarters = services.due_dates(2028, ControlFrequency.QUARTERLY)
    assert quarters == [datetime.date(2028, m, d) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    months = services.due_dates(2028, ControlFrequency.MONTHLY)
    assert months[1] == datetime.date(2028, 2, 29) and len(months) == 12
    assert {d.year for d in months} == {2028}


def test_adopting_generates_the_year_freezing_the_method(org, chief):
    gov = make_gov(org.alfa, org.area, chief, year=timezone.localdate().year - 1)
    assert gov.control.occurrences.count() == 4
    done = gov.occurrence
    services.perform_control(
        done, by=chief, version=done.version, performed_on=done.due_on, result=ControlResult.OK
    )
    changed = services.change_control_method(
        gov.control, by=chief, version=gov.control.version, method="Prova larmet och sirenen"
    )
    assert changed == 3
    done.refresh_from_db()
    assert done.method == "Prova larmet"
    with pytest.raises(ValidationError):
        services.adopt_plan(gov.plan, by=chief, version=gov.plan.version)


def test_the_performed_on_date_decides_the_plan_year(org, chief):
    last_year = timezone.localdate().year - 1
    gov = make_gov(org.alfa, org.area, chief, year=last_year)
    occurrence = gov.control.occurrences.order_by("-due_on").first()
    assert occurrence.due_on == datetime.date(last_year, 12, 31)
    # Done on New Year's Day: it belongs to the new year's plan, whenever it is written down.
    with pytest.raises(ValidationError) as error:
        services.perform_control(
            occurrence, by=chief, version=occurrence.version,
            performed_on=datetime.date(last_year + 1, 1, 1), result=ControlResult.OK,
        )  # fmt: skip
    assert "performed_on" in error.value.message_dict
    # Done on New Year's Eve and recorded today (in the new year): last year's plan.
    row = services.perform_control(
        occurrence, by=chief, version=occurrence.version,
        performed_on=datetime.date(last_year, 12, 31), result=ControlResult.OK,
    )  # fmt: skip
    assert row.performed_on.year == last_year and row.recorded_at.year == last_year + 1


def test_a_remark_becomes_an_action(org, chief):
    gov = make_gov(org.alfa, org.area, chief, year=timezone.localdate().year - 1)
    owner = org.user(Role.SECURITY_COORDINATOR)
    occurrence = gov.occurrence
    with pytest.raises(ValidationError):
        services.perform_control(
            occurrence, by=chief, version=occurrence.version,
            performed_on=occurrence.due_on, result=ControlResult.REMARKS,
        )  # fmt: skip
    services.perform_control(
        occurrence, by=chief, version=occurrence.version, performed_on=occurrence.due_on,
        result=ControlResult.REMARKS, remarks="Larmet hördes inte i korridoren",
        raise_action=True, action_owner=owner,
    )  # fmt: skip
    action = Action.objects.get()
    assert action.source == occurrence and action.owner == owner
    assert action.unit == org.alfa and action.area == org.area


def test_the_control_owner_performs_and_others_may_not(org, chief):
    gov = make_gov(org.alfa, org.area, chief, year=timezone.localdate().year - 1)
    stranger = org.user(Role.SECURITY_COORDINATOR, unit=org.beta)
    with pytest.raises(PermissionDenied):
        services.perform_control(
            gov.occurrence, by=stranger, version=gov.occurrence.version,
            performed_on=gov.occurrence.due_on, result=ControlResult.OK,
        )  # fmt: skip


def test_maintenance_only_and_known_deficiency(org, chief):
    gov = make_gov(org.alfa, org.area, chief, year=timezone.localdate().year - 1)
    upkeep = services.add_control(
        gov.plan, by=chief, area=org.area, title="Byt batterier", risk="Larmet tystnar",
        method="Byt", frequency=ControlFrequency.YEARLY, owner=chief, maintenance_only=True,
    )  # fmt: skip
    occurrence = upkeep.occurrences.get()  # the adopted plan generated it at once
    row = services.perform_control(
        occurrence, by=chief, version=occurrence.version, performed_on=occurrence.due_on,
        result="",
    )  # fmt: skip
    assert row.result == ControlResult.MAINTAINED
    other = gov.occurrence
    with pytest.raises(ValidationError):
        services.mark_known_deficiency(other, by=chief, version=other.version, note=" ")
    row = services.mark_known_deficiency(
        other, by=chief, version=other.version, note="Larmet byts ut i vår"
    )
    assert row.status == OccurrenceStatus.KNOWN_DEFICIENCY


# --- resources ----------------------------------------------------------------------------


def test_a_negative_cost_or_amount_is_refused(gov, chief, org):
    with pytest.raises(ValidationError) as error:
        services.add_funded_activity(
            gov.funding, by=chief, title="X", administration=org.alfa,
            year=gov.funding.start_year, estimated_cost=-1,
        )  # fmt: skip
    assert "estimated_cost" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.record_funding(
            by=chief, name="X", amount=Decimal("-5"), start_year=2023, end_year=2025
        )
    assert "amount" in error.value.message_dict


def test_an_activity_outside_the_funding_period_is_refused(gov, chief, org):
    with pytest.raises(ValidationError) as error:
        services.add_funded_activity(
            gov.funding, by=chief, title="X", administration=org.alfa,
            year=gov.funding.end_year + 1, estimated_cost=1,
        )  # fmt: skip
    assert "year" in error.value.message_dict


def test_only_the_chief_records_funding(org):
    with pytest.raises(PermissionDenied):
        services.record_funding(
            by=org.user(Role.HEAD_OF_ADMINISTRATION), name="X", amount=1, start_year=2023,
            end_year=2025,
        )  # fmt: skip


def test_the_summary_is_per_viewer(gov, org, chief):
    make_gov(org.beta, org.other_area, chief)
    head = org.user(Role.HEAD_OF_ADMINISTRATION)
    [row] = services.summary(head)
    assert row["cost"] == 100_000 and row["area_id"] == org.area.pk
    assert len(services.summary(chief)) == 2


def test_decisions_are_public_documents(gov, org):
    assert Decision.objects.for_user(org.user(), "view").filter(pk=gov.decision.pk).exists()


@pytest.mark.parametrize(
    "place", ["anywhere", "region", "alfa", "alfa_dept", "beta"], ids=lambda place: place
)
def test_who_finds_a_decision_is_who_it_was_sent_to(gov, org, chief, place):
    """The inbox's question (is this person a recipient?) and the distribution's (who are
    the recipients?) are asked from two ends; they must give the same people, for holders
    at the root, in an area only, in a subtree and outside it."""
    holders = [
        org.user(Role.SECURITY_COORDINATOR, unit=org.region),
        org.user(Role.SECURITY_COORDINATOR, unit=None, area=org.area),
        org.user(Role.SECURITY_COORDINATOR, unit=org.alfa),
        org.user(Role.SECURITY_COORDINATOR, unit=org.alfa_unit),
        org.user(Role.SECURITY_COORDINATOR, unit=org.beta),
        org.user(Role.MANAGER, unit=org.alfa_dept),
    ]
    units = [] if place == "anywhere" else [getattr(org, place)]
    decision = services.distribute_decision(
        gov.decision, by=chief, version=gov.decision.version, units=units,
        role=Role.SECURITY_COORDINATOR,
    )  # fmt: skip
    sent_to = set(services.recipients_of(decision))
    assert {user for user in holders if services.is_recipient(user, decision)} == sent_to
    assert sent_to  # each place reaches somebody, so the comparison says something
