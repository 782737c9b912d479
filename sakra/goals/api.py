"""Goals and indicator values, with the same status rule as the pages."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from sakra.organisation.models import Unit

from . import services
from .models import Goal, Indicator
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
        rows.append(ValueOut(year=year, value=a.value, status=a.status.value, planned=a.planned))
    first_a = assess(indicator, values, first, today)
    return ValuesOut(
        indicator_id=indicator.pk,
        unit_id=within.pk if within else None,
        baseline_value=first_a.baseline,
        target=first_a.target,
        values=rows,
    )
