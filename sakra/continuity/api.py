"""Continuity at /api/v1/continuity/: plans with their outcome, and a crisis's log, read and
appended to. There is no operation that changes or removes a log entry (and the database
refuses both); a correction is a new entry with `corrects_id`.

Errors come from `sakra.core.api_shared` (declared with `**ERRORS`)."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sakra.core.access import VIEW
from sakra.core.api_shared import ERRORS, Integer, text

from . import services
from .models import ContinuityPlan, Crisis

router = Router(tags=["continuity"])

EntryKindIn = Literal["event", "decision", "measure"]


class ContinuityCheckOut(Schema):
    dependency_id: int
    kind: str
    backup_lasts_hours: int | None
    outcome: str


class ContinuityPlanOut(Schema):
    id: int
    title: str
    service_id: int | None
    unit_id: int
    tolerable_hours: int
    review_date: datetime.date
    outcome: str
    version: int


class ContinuityPlanDetailOut(ContinuityPlanOut):
    minimum_level: str
    what_continues: str
    alternatives: str
    resources: str
    contacts: str
    responsible_id: int
    impact_1h: int | None
    impact_4h: int | None
    impact_1d: int | None
    impact_3d: int | None
    impact_1w: int | None
    dependencies: list[ContinuityCheckOut]


class LogEntryOut(Schema):
    id: int
    kind: str
    text: str
    happened_at: datetime.datetime
    recorded_at: datetime.datetime
    author_id: int
    decided_by: str
    basis: str
    corrects_id: int | None


class LogEntryIn(Schema):
    kind: EntryKindIn
    text: text(5000)
    happened_at: datetime.datetime
    decided_by: text(200) = ""
    basis: text(5000) = ""
    corrects_id: Integer | None = None


@router.get("/continuity/plans", response=list[ContinuityPlanOut])
@paginate
def list_plans(request):
    """Plans in scope with their outcome (met, not met, unknown)."""
    return ContinuityPlan.objects.for_user(request.auth, VIEW).with_backups()


@router.get(
    "/continuity/plans/{continuity_plan_id}", response={200: ContinuityPlanDetailOut, **ERRORS}
)
def get_plan(request, continuity_plan_id: int):
    plan = get_object_or_404(
        ContinuityPlan.objects.for_user(request.auth, VIEW).with_backups(), pk=continuity_plan_id
    )
    plan.dependencies = [
        {"dependency_id": dependency.pk, "kind": dependency.kind, "outcome": outcome,
         "backup_lasts_hours": backup.lasts_hours if backup else None}
        for dependency, backup, outcome in plan.checks()
    ]  # fmt: skip
    return plan


def _crisis(request, crisis_id: int) -> Crisis:
    return get_object_or_404(Crisis.objects.for_user(request.auth, VIEW), pk=crisis_id)


@router.get("/continuity/crises/{crisis_id}/log", response={200: list[LogEntryOut], **ERRORS})
@paginate
def crisis_log(request, crisis_id: int):
    """The log in the order things happened (then as recorded)."""
    return _crisis(request, crisis_id).entries.in_order()


@router.post("/continuity/crises/{crisis_id}/log", response={201: LogEntryOut, **ERRORS})
def append_entry(request, crisis_id: int, payload: LogEntryIn):
    crisis = _crisis(request, crisis_id)
    data = payload.dict()
    corrects_id = data.pop("corrects_id")
    corrects = None
    if corrects_id is not None:
        corrects = crisis.entries.filter(pk=corrects_id).first()
        if corrects is None:
            raise ValidationError({"corrects_id": _("Correct an entry of this crisis's log.")})
    entry = services.append_entry(crisis, by=request.auth, corrects=corrects, **data)
    return Status(201, entry)
