"""Continuity at /api/v1/continuity/: plans with their outcome, stocks of critical goods and
their counts, the exercise plan of a year and planning an exercise, the plans for heightened
alert with their counts, and a crisis's log, read and appended to. There is no operation that
changes or removes a log entry (and the database refuses both); a correction is a new entry
with `corrects_id`.

Errors come from `sakra.core.api_shared` (declared with `**ERRORS`)."""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sakra.core.access import VIEW
from sakra.core.api_shared import ERRORS, Integer, text
from sakra.core.validation import FIRST_YEAR, LAST_YEAR
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .models import ContinuityPlan, Crisis, Exercise, SupplyStock, WartimePlan
from .services.civil import post_conditions
from .services.supply import stock_days

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


# --- critical supply --------------------------------------------------------------------------


def _days(value: Any) -> int:
    """Days of stock, refused with the services' message (not pydantic's) when not a whole
    number of 0 or more."""
    try:
        return stock_days(value)
    except ValidationError as exc:
        raise PydanticCustomError("stock_days", " ".join(exc.messages)) from None


StockDays = Annotated[int, BeforeValidator(_days)]


class StockOut(Schema):
    id: int
    good: str
    name: str
    unit_id: int
    site_id: int | None
    days_held: int
    target_days: int
    counted_on: datetime.date
    below_target: bool
    supplier: str
    agreement_ends_on: datetime.date | None
    version: int


class StockCountIn(Schema):
    days_held: StockDays
    counted_on: datetime.date
    version: int


@router.get("/continuity/stocks", response=list[StockOut])
@paginate
def list_stocks(request):
    """Stocks of critical goods in scope, with whether each is below its target."""
    return SupplyStock.objects.for_user(request.auth, VIEW)


@router.post("/continuity/stocks/{stock_id}/count", response={200: StockOut, **ERRORS})
def count_stock(request, stock_id: int, payload: StockCountIn):
    """The days of stock held as counted on a day."""
    stock = get_object_or_404(SupplyStock.objects.for_user(request.auth, VIEW), pk=stock_id)
    return services.record_count(stock, by=request.auth, **payload.dict())


# --- exercises --------------------------------------------------------------------------------


class ExerciseOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    date: datetime.date
    unit_id: int
    area_id: int
    plan_id: int | None
    participants: int | None
    recovery_hours: int | None
    recovery_outcome: str
    version: int


class ExerciseDetailOut(ExerciseOut):
    scenario: str
    participant_roles: str
    worked_well: str
    did_not_work: str


class ExerciseIn(Schema):
    title: text(200)
    kind: Literal["tabletop", "functional", "full_scale"]
    unit_id: Integer
    area_id: Integer
    date: datetime.date
    scenario: text(5000)
    plan_id: Integer | None = None
    participant_roles: text(2000) = ""


class ExerciseYear(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR)


@router.get("/continuity/exercises", response=list[ExerciseOut])
@paginate
def list_exercises(request, query: Query[ExerciseYear]):
    """The exercise plan of a year (this year by default): the exercises in scope."""
    year = query.year or timezone.localdate().year
    rows = Exercise.objects.for_user(request.auth, VIEW).in_year(year)
    return rows.select_related("plan")


@router.get("/continuity/exercises/{exercise_id}", response={200: ExerciseDetailOut, **ERRORS})
def get_exercise(request, exercise_id: int):
    rows = Exercise.objects.for_user(request.auth, VIEW).select_related("plan")
    return get_object_or_404(rows, pk=exercise_id)


def _row(model, pk: int | None, field: str, message: str, rows=None):
    if pk is None:
        return None
    row = (rows if rows is not None else model.objects).filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: message})
    return row


@router.post("/continuity/exercises", response={201: ExerciseDetailOut, **ERRORS})
def plan_exercise(request, payload: ExerciseIn):
    """A planned exercise; refused (422) when dated in a closed year."""
    data = payload.dict()
    unit = _row(Unit, data.pop("unit_id"), "unit_id", _("Choose the unit that holds the exercise."))
    area = _row(SecurityArea, data.pop("area_id"), "area_id", _("Choose the security area."))
    plans = ContinuityPlan.objects.for_user(request.auth, VIEW)
    plan = _row(ContinuityPlan, data.pop("plan_id"), "plan_id",
                _("Choose a continuity plan in your scope."), plans)  # fmt: skip
    exercise = services.plan_exercise(by=request.auth, unit=unit, area=area, plan=plan, **data)
    return Status(201, exercise)


# --- civil defence ----------------------------------------------------------------------------


class WartimePlanOut(Schema):
    id: int
    unit_id: int
    state: str
    adopted_on: datetime.date | None
    review_date: datetime.date | None
    posts_count: int
    placed_count: int
    informed_count: int
    version: int


@router.get("/continuity/wartime-plans", response=list[WartimePlanOut])
@paginate
def list_wartime_plans(request):
    """Plans for heightened alert in scope, with their posts counted (no names)."""
    counts = {f"{key}_count": Count("posts", filter=condition)
              for key, condition in post_conditions("posts__").items()}  # fmt: skip
    return WartimePlan.objects.for_user(request.auth, VIEW).annotate(**counts)
