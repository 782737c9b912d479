"""Goals and indicator values, with the same status rule as the pages; goals and indicators
set and kept through the same services as the pages.

Errors: 404 out of scope or missing; 403 not allowed (a scope you may not set goals for); 409
someone changed the row since it was read (send the `version` you read); 422 bad input.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from sakra.core.access import CHANGE
from sakra.core.api_shared import ERRORS, Integer, text
from sakra.organisation.models import Unit

from . import services
from .models import FIRST_YEAR, LAST_YEAR, Goal, Indicator
from .status import assess

router = Router(tags=["goals"])


class IndicatorOut(Schema):
    id: int
    title: str
    kind: str
    direction: str
    baseline_year: int
    target_year: int
    target_type: str
    target_value: Decimal
    year: int
    value: Decimal | None
    baseline_value: Decimal | None
    target: Decimal | None
    planned: Decimal | None
    status: str
    preliminary: bool


class GoalOut(Schema):
    id: int
    title: str
    statement: str
    parent_id: int | None
    area_id: int | None
    administration_id: int | None
    owner_id: int
    start_year: int
    end_year: int
    indicators: list[IndicatorOut]


class ValueOut(Schema):
    year: int
    value: Decimal | None
    status: str
    planned: Decimal | None
    #: The current, unfinished year: a count so far, its status judged on a forecast.
    preliminary: bool = False


class ValuesOut(Schema):
    indicator_id: int
    unit_id: int | None
    baseline_value: Decimal | None
    target: Decimal | None
    values: list[ValueOut]


class ValuesQuery(Schema):
    from_year: int | None = None
    to_year: int | None = None
    unit: int | None = None


def _indicator_out(view) -> IndicatorOut:
    i, a = view.indicator, view.assessment
    return IndicatorOut(
        id=i.pk,
        title=i.title,
        kind=i.kind,
        direction=i.direction,
        baseline_year=i.baseline_year,
        target_year=i.target_year,
        target_type=i.target_type,
        target_value=i.target_value,
        year=a.year,
        value=a.value,
        baseline_value=a.baseline,
        target=a.target,
        planned=a.planned,
        status=a.status.value,
        preliminary=a.preliminary,
    )


@router.get("/goals", response=list[GoalOut], summary="Goals with their indicators' standing")
def list_goals(request, year: int | None = Query(None, ge=1900, le=9999)):
    # Bounded: a year past the date range answered 500 (found by schemathesis).
    views = services.dashboard(
        request.auth, Goal.objects.for_user(request.auth).active(), year=year
    )
    return [
        GoalOut(
            id=v.goal.pk,
            title=v.goal.title,
            statement=v.goal.statement,
            parent_id=v.goal.parent_id,
            area_id=v.goal.area_id,
            administration_id=v.goal.administration_id,
            owner_id=v.goal.owner_id,
            start_year=v.goal.start_year,
            end_year=v.goal.end_year,
            indicators=[_indicator_out(iv) for iv in v.indicators],
        )
        for v in views
    ]


@router.get(
    "/indicators/{indicator_id}/values",
    response=ValuesOut,
    summary="An indicator's values per year, optionally within a unit subtree",
)
def indicator_values(request, indicator_id: int, query: Query[ValuesQuery]):
    indicator = get_object_or_404(Indicator.objects.for_user(request.auth), pk=indicator_id)
    within = None
    if query.unit is not None:
        within = get_object_or_404(Unit.objects.for_user(request.auth), pk=query.unit)
    today = timezone.localdate()
    first = query.from_year or indicator.baseline_year
    last = query.to_year or today.year
    if not (1900 <= first <= last <= date.max.year) or last - first > 100:
        raise HttpError(422, "from_year must not be after to_year, and at most 100 years apart.")
    years = list(range(first, last + 1))
    values = services.compute_values(request.auth, [indicator], years, within).get(indicator.pk, {})
    # The baseline is always the baseline year's value, even when it lies outside from..to.
    if indicator.baseline_year not in values:
        values.update(
            services.compute_values(
                request.auth, [indicator], [indicator.baseline_year], within
            ).get(indicator.pk, {})
        )
    rows = []
    for year in years:
        a = assess(indicator, values, year, today)
        rows.append(
            ValueOut(
                year=year,
                value=a.value,
                status=a.status.value,
                planned=a.planned,
                preliminary=a.preliminary,
            )
        )
    first_a = assess(indicator, values, first, today)
    return ValuesOut(
        indicator_id=indicator.pk,
        unit_id=within.pk if within else None,
        baseline_value=first_a.baseline,
        target=first_a.target,
        values=rows,
    )


# --- goals and indicators set and kept ---------------------------------------------------

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Amount = Annotated[Decimal, Field(ge=0, le=999_999_999, max_digits=12, decimal_places=3)]
PriorityIn = Literal["high", "medium", "low"]


class GoalIn(Schema):
    """A goal's scope is its area and administration: neither for the region's own goals."""

    title: text(200)
    statement: text(5000) = ""
    area_id: Integer | None = None
    administration_id: Integer | None = None
    owner_id: Integer | None = None
    parent_id: Integer | None = None
    start_year: Year
    end_year: Year
    priority: PriorityIn = "medium"
    counts_near_misses: bool = False


class GoalChangeIn(Schema):
    """Only the fields sent are changed."""

    version: Integer
    title: text(200) | None = None
    statement: text(5000) | None = None
    area_id: Integer | None = None
    administration_id: Integer | None = None
    owner_id: Integer | None = None
    parent_id: Integer | None = None
    start_year: Year | None = None
    end_year: Year | None = None
    priority: PriorityIn | None = None
    counts_near_misses: bool | None = None


class GoalVersionIn(Schema):
    version: Integer


class GoalSavedOut(Schema):
    id: int
    version: int
    title: str
    statement: str
    parent_id: int | None
    area_id: int | None
    administration_id: int | None
    owner_id: int
    start_year: int
    end_year: int
    priority: str
    counts_near_misses: bool
    is_active: bool


class IndicatorIn(Schema):
    title: text(200)
    kind: text(40)
    direction: Literal["lower", "higher"] = "lower"
    baseline_year: Year
    target_year: Year
    target_type: Literal["absolute", "relative"] = "relative"
    target_value: Amount
    criteria: dict[str, Any] = {}
    position: Annotated[int, Field(ge=0, le=32767)] = 0
    #: Only for a typed-in series: the baseline year's value, and where it comes from.
    baseline_value: Amount | None = None
    source: text(300) = ""


class IndicatorChangeIn(Schema):
    """Only the fields sent are changed."""

    version: Integer
    title: text(200) | None = None
    kind: text(40) | None = None
    direction: Literal["lower", "higher"] | None = None
    baseline_year: Year | None = None
    target_year: Year | None = None
    target_type: Literal["absolute", "relative"] | None = None
    target_value: Amount | None = None
    criteria: dict[str, Any] | None = None
    position: Annotated[int, Field(ge=0, le=32767)] | None = None


class IndicatorSavedOut(Schema):
    id: int
    version: int
    goal_id: int
    title: str
    kind: str
    direction: str
    baseline_year: int
    target_year: int
    target_type: str
    target_value: Decimal
    criteria: dict[str, Any]
    position: int


class ManualValueIn(Schema):
    year: Year
    value: Amount
    source: text(300)
    note: text(300) = ""


class ManualValueOut(Schema):
    indicator_id: int
    year: int
    value: Decimal
    source: str
    note: str
    entered_by_id: int


def _changes(payload: Schema) -> dict:
    # A field left out is not changed; a field sent as null is (e.g. no parent goal any more).
    return payload.dict(exclude_unset=True, exclude={"version"})


@router.post("/goals", response={201: GoalSavedOut, **ERRORS}, summary="Set a new goal")
def create_goal(request, payload: GoalIn):
    fields = payload.dict()
    fields["owner_id"] = fields["owner_id"] or request.auth.pk
    return Status(201, services.create_goal(by=request.auth, **fields))


@router.post("/goals/{goal_id}", response={200: GoalSavedOut, **ERRORS}, summary="Change a goal")
def update_goal(request, goal_id: int, payload: GoalChangeIn):
    goal = get_object_or_404(Goal.objects.for_user(request.auth, CHANGE), pk=goal_id)
    if _changes(payload).get("owner_id", 0) is None:
        raise HttpError(422, "A goal always has an owner.")
    return services.update_goal(goal, by=request.auth, version=payload.version, **_changes(payload))


@router.post(
    "/goals/{goal_id}/archive", response={200: GoalSavedOut, **ERRORS}, summary="Archive a goal"
)
def archive_goal(request, goal_id: int, payload: GoalVersionIn):
    goal = get_object_or_404(Goal.objects.for_user(request.auth, CHANGE), pk=goal_id)
    return services.archive_goal(goal, by=request.auth, version=payload.version)


@router.post(
    "/goals/{goal_id}/indicators",
    response={201: IndicatorSavedOut, **ERRORS},
    summary="Add an indicator to a goal",
)
def create_indicator(request, goal_id: int, payload: IndicatorIn):
    goal = get_object_or_404(Goal.objects.for_user(request.auth, CHANGE), pk=goal_id)
    return Status(201, services.create_indicator(goal=goal, by=request.auth, **payload.dict()))


@router.post(
    "/indicators/{indicator_id}",
    response={200: IndicatorSavedOut, **ERRORS},
    summary="Change an indicator",
)
def update_indicator(request, indicator_id: int, payload: IndicatorChangeIn):
    indicator = get_object_or_404(Indicator.objects.for_user(request.auth, CHANGE), pk=indicator_id)
    changes = _changes(payload)
    if any(value is None for value in changes.values()):
        raise HttpError(422, "Leave out a field you do not change; none of these may be null.")
    return services.update_indicator(indicator, by=request.auth, version=payload.version, **changes)


@router.post(
    "/indicators/{indicator_id}/values",
    response={201: ManualValueOut, **ERRORS},
    summary="Type in a year's value of a typed-in (manual) indicator",
)
def record_value(request, indicator_id: int, payload: ManualValueIn):
    indicator = get_object_or_404(Indicator.objects.for_user(request.auth, CHANGE), pk=indicator_id)
    return Status(201, services.record_manual_value(indicator, by=request.auth, **payload.dict()))
