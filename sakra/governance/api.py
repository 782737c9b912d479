"""Governance at /api/v1/governance/: thin operations over the services, rows from
`for_user()`. Errors come from `sakra.core.api_shared` (declared with `**ERRORS`)."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sakra.accounts.models import User
from sakra.core.access import VIEW
from sakra.core.api_shared import ERRORS, Integer
from sakra.core.api_shared import text as limited
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .models import (
    ControlOccurrence,
    ControlPlan,
    Decision,
    Forum,
    FundedActivity,
    FundingSource,
    Meeting,
    Requirement,
)
from .querysets import DECIDE

router = Router(tags=["governance"])

StatusIn = Literal["not_assessed", "met", "partly_met", "not_met"]
ResultIn = Literal["ok", "remarks", "deficient", "maintained"]
RoleIn = Literal[
    "", "employee", "manager", "head_of_administration", "security_coordinator",
    "security_partner", "area_owner", "security_chief", "board_member", "auditor",
]  # fmt: skip


def _found(queryset, pk: int, field: str, message: str):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: message})
    return row


def _person(pk: int | None, field: str):
    if pk is None:
        return None
    return _found(User.objects.filter(is_active=True), pk, field, _("Not a known person."))


class ForumOut(Schema):
    id: int
    name: str
    kind: str
    administration_id: int | None
    mandate: str
    version: int


class DecisionOut(Schema):
    id: int
    forum_id: int
    meeting_id: int | None
    decided_on: datetime.date
    paragraph: str
    registry_number: str
    title: str
    text: str
    responsible_id: int | None
    deadline: datetime.date | None
    version: int


class DecisionIn(Schema):
    title: limited(200)
    text: limited(20000) = ""
    paragraph: limited(20) = ""
    registry_number: limited(40) = ""
    responsible_id: Integer | None = None
    deadline: datetime.date | None = None


class DistributionIn(Schema):
    version: Integer
    unit_ids: list[Integer] = []
    role: RoleIn = ""
    person_ids: list[Integer] = []


class AcknowledgementOut(Schema):
    decision_id: int
    user_id: int
    acknowledged_at: datetime.datetime


class RequirementOut(Schema):
    id: int
    area_id: int
    reference: str
    law: str
    requirement: str
    owner_id: int | None
    how_met: str
    status: str
    is_current: bool
    supersedes_id: int | None
    version: int


class RequirementIn(Schema):
    area_id: Integer
    reference: limited(40)
    law: limited(200)
    requirement: limited(500)
    owner_id: Integer | None = None
    how_met: limited(5000) = ""
    status: StatusIn = "not_assessed"


class AssessmentIn(Schema):
    version: Integer
    status: StatusIn
    how_met: limited(5000) = ""


class OccurrenceOut(Schema):
    id: int
    control_id: int
    control: str
    due_on: datetime.date
    method: str
    status: str
    performed_on: datetime.date | None
    recorded_at: datetime.datetime | None
    result: str
    remarks: str
    version: int

    @staticmethod
    def resolve_control(row) -> str:
        return row.control.title


class PlanOut(Schema):
    id: int
    year: int
    administration_id: int
    title: str
    status: str
    occurrences: list[OccurrenceOut]
    version: int


class PerformIn(Schema):
    version: Integer
    performed_on: datetime.date
    result: ResultIn
    remarks: limited(5000) = ""
    raise_action: bool = False


class FundingOut(Schema):
    id: int
    name: str
    granted_by: str
    amount: int
    start_year: int
    end_year: int
    version: int


class ActivityIn(Schema):
    title: limited(200)
    administration_id: Integer
    area_id: Integer | None = None
    year: Integer
    estimated_cost: Integer
    effort_hours: Integer | None = None


class ActivityOut(Schema):
    id: int
    funding_id: int
    title: str
    administration_id: int
    area_id: int | None
    year: int
    estimated_cost: int
    effort_hours: int | None


@router.get("/governance/forums", response=list[ForumOut])
@paginate
def list_forums(request):
    return Forum.objects.for_user(request.auth, VIEW)


@router.get("/governance/decisions", response=list[DecisionOut])
@paginate
def list_decisions(request):
    return Decision.objects.for_user(request.auth, VIEW)


@router.get("/governance/decisions/{decision_id}", response={200: DecisionOut, **ERRORS})
def get_decision(request, decision_id: int):
    return get_object_or_404(Decision.objects.for_user(request.auth, VIEW), pk=decision_id)


@router.post("/governance/meetings/{meeting_id}/decisions", response={201: DecisionOut, **ERRORS})
def decide(request, meeting_id: int, payload: DecisionIn):
    meeting = get_object_or_404(Meeting.objects.for_user(request.auth, DECIDE), pk=meeting_id)
    data = payload.dict()
    responsible = _person(data.pop("responsible_id"), "responsible_id")
    decision = services.decide_at_meeting(meeting, by=request.auth, responsible=responsible, **data)
    return Status(201, decision)


@router.post(
    "/governance/decisions/{decision_id}/recipients", response={200: DecisionOut, **ERRORS}
)
def distribute(request, decision_id: int, payload: DistributionIn):
    decision = get_object_or_404(Decision.objects.for_user(request.auth, DECIDE), pk=decision_id)
    units = list(Unit.objects.filter(pk__in=payload.unit_ids))
    people = list(User.objects.filter(pk__in=payload.person_ids, is_active=True))
    if len(units) != len(set(payload.unit_ids)):
        raise ValidationError({"unit_ids": _("Not a known unit.")})
    if len(people) != len(set(payload.person_ids)):
        raise ValidationError({"person_ids": _("Not a known person.")})
    return services.distribute_decision(
        decision, by=request.auth, version=payload.version, units=units, role=payload.role,
        people=people,
    )  # fmt: skip


@router.post(
    "/governance/decisions/{decision_id}/acknowledge",
    response={201: AcknowledgementOut, **ERRORS},
)
def acknowledge(request, decision_id: int):
    decision = get_object_or_404(Decision.objects.for_user(request.auth, VIEW), pk=decision_id)
    return Status(201, services.acknowledge_decision(decision, by=request.auth))


@router.get("/governance/requirements", response=list[RequirementOut])
@paginate
def list_requirements(request):
    return Requirement.objects.for_user(request.auth, VIEW).current()


@router.post("/governance/requirements", response={201: RequirementOut, **ERRORS})
def add_requirement(request, payload: RequirementIn):
    data = payload.dict()
    area = _found(
        SecurityArea.objects.all(), data.pop("area_id"), "area_id", _("Not a known area.")
    )
    owner = _person(data.pop("owner_id"), "owner_id")
    row = services.add_requirement(by=request.auth, area=area, owner=owner, **data)
    return Status(201, row)


@router.post(
    "/governance/requirements/{requirement_id}/assessment",
    response={200: RequirementOut, **ERRORS},
)
def assess(request, requirement_id: int, payload: AssessmentIn):
    row = get_object_or_404(Requirement.objects.for_user(request.auth, VIEW), pk=requirement_id)
    return services.assess_requirement(row, by=request.auth, **payload.dict())


@router.get("/governance/control-plans/{plan_id}", response={200: PlanOut, **ERRORS})
def get_plan(request, plan_id: int):
    plan = get_object_or_404(ControlPlan.objects.for_user(request.auth, VIEW), pk=plan_id)
    plan.occurrences = list(
        ControlOccurrence.objects.for_user(request.auth, VIEW)
        .filter(control__plan=plan)
        .select_related("control")
    )
    return plan


@router.post(
    "/governance/control-occurrences/{occurrence_id}/result",
    response={200: OccurrenceOut, **ERRORS},
)
def perform(request, occurrence_id: int, payload: PerformIn):
    row = get_object_or_404(
        ControlOccurrence.objects.for_user(request.auth, VIEW).select_related("control"),
        pk=occurrence_id,
    )
    return services.perform_control(row, by=request.auth, **payload.dict())


@router.get("/governance/funding", response=list[FundingOut])
@paginate
def list_funding(request):
    return FundingSource.objects.for_user(request.auth, VIEW)


@router.post("/governance/funding/{funding_id}/activities", response={201: ActivityOut, **ERRORS})
def add_activity(request, funding_id: int, payload: ActivityIn):
    funding = get_object_or_404(FundingSource.objects.for_user(request.auth, VIEW), pk=funding_id)
    data = payload.dict()
    administration = _found(
        Unit.objects.all(), data.pop("administration_id"), "administration_id",
        _("Not a known unit."),
    )  # fmt: skip
    area_id = data.pop("area_id")
    area = (
        None
        if area_id is None
        else _found(SecurityArea.objects.all(), area_id, "area_id", _("Not a known area."))
    )
    row: FundedActivity = services.add_funded_activity(
        funding, by=request.auth, administration=administration, area=area, **data
    )
    return Status(201, row)
