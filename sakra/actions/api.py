"""The action register and improvement needs at /api/v1/: thin, rows from `for_user()`.

Operations call one service and let it raise; the API answers (sakra.config.api): 404 out
of scope or missing; 403 not allowed; 409 someone changed the row since it was read (send
the `version` you read: it is required); 422 bad input, with messages keyed by field.
"""

import datetime
from typing import Annotated, Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from sakra.core.access import VIEW
from sakra.core.api_shared import ERRORS, Integer, SearchText, text
from sakra.core.validation import MAX_INTEGER
from sakra.organisation.models import SecurityArea, Site, Unit

from . import services
from .filters import ActionFilter, NeedFilter
from .models import Action, ImprovementNeed

router = Router(tags=["actions"])

PriorityIn = Literal["low", "medium", "high"]
#: The version of the row the change was made from: required, so a change never overwrites.
Version = Annotated[int, Field(ge=1, le=MAX_INTEGER)]


class ActionOut(Schema):
    id: int
    title: str
    description: str
    owner_id: int
    owner_name: str
    unit_id: int
    area_id: int | None
    due_date: datetime.date
    priority: str
    status: str
    overdue: bool
    cancel_reason: str
    source_type: str | None
    source_id: int | None
    follows_up_id: int | None
    completed_at: datetime.datetime | None
    effect_checked_at: datetime.date | None
    effect_checked_by_id: int | None
    was_effective: bool | None
    effect_note: str
    version: int
    created_by_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_owner_name(action) -> str:
        return action.owner.full_name

    @staticmethod
    def resolve_overdue(action) -> bool:
        return action.is_overdue

    @staticmethod
    def resolve_source_type(action) -> str | None:
        if action.source_type_id is None:
            return None
        return f"{action.source_type.app_label}.{action.source_type.model}"


class ActionFilters(Schema):
    status: SearchText | None = None
    owner: Integer | None = None
    unit: Integer | None = None
    area: Integer | None = None
    priority: SearchText | None = None
    source_type: SearchText | None = None  # "app_label.model", e.g. "incidents.incident"
    overdue: bool | None = None
    q: SearchText | None = None


class ActionIn(Schema):
    title: text(200)
    description: text(5000) = ""
    owner_id: Integer
    due_date: datetime.date
    unit_id: Integer | None = None
    area_id: Integer | None = None
    priority: PriorityIn = "medium"
    #: "app_label.model" of the row that caused the action, e.g. "incidents.incident".
    source_type: Annotated[SearchText, StringConstraints(max_length=100)] | None = None
    source_id: Integer | None = None


class VersionIn(Schema):
    version: Version


class EffectIn(VersionIn):
    was_effective: bool
    note: text(5000) = ""
    checked_on: datetime.date | None = None


class CancelIn(VersionIn):
    reason: text(2000)


class FollowUpIn(Schema):
    title: text(200)
    description: text(5000) = ""
    owner_id: Integer
    due_date: datetime.date
    priority: PriorityIn = "medium"


class NeedOut(Schema):
    id: int
    title: str
    description: str
    unit_id: int | None
    site_id: int | None
    area_id: int | None
    raised_by_id: int
    status: str
    rank: int | None
    version: int
    created_at: datetime.datetime


class NeedIn(Schema):
    title: text(200)
    description: text(5000)
    unit_id: Integer | None = None
    site_id: Integer | None = None
    area_id: Integer | None = None


class NeedFilters(Schema):
    status: SearchText | None = None
    area: Integer | None = None


def _filtered(filterset_class, filters: Schema, rows):
    data = {
        key: str(value).lower() if isinstance(value, bool) else value
        for key, value in filters.dict().items()
        if value is not None
    }
    filterset = filterset_class(data, queryset=rows)
    if not filterset.is_valid():
        # The same 422 as every refusal: messages keyed by the filter's name.
        raise ValidationError(
            {
                name: [item["message"] for item in errors.get_json_data()]
                for name, errors in filterset.errors.items()
            }
        )
    return filterset.qs


def _rows(request):
    return Action.objects.for_user(request.auth, VIEW).with_related()


def _action(request, action_id: int) -> Action:
    return get_object_or_404(_rows(request), pk=action_id)


def _reference(model, pk: int | None, field: str, message: str):
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: [message]})
    return row


def _source(request, label: str | None, pk: int | None):
    if label is None and pk is None:
        return None
    problem = ValidationError(
        {"source_type": [_("The source does not exist, or you may not see it.")]}
    )
    app_label, _dot, model_name = (label or "").partition(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
    model = content_type.model_class() if content_type else None
    manager = getattr(model, "_default_manager", None)
    if pk is None or manager is None or not hasattr(manager, "for_user"):
        raise problem
    source = manager.for_user(request.auth, VIEW).filter(pk=pk).first()
    if source is None:
        raise problem
    return source


@router.get("/actions", response=list[ActionOut], summary="List actions in scope")
@paginate
def list_actions(request, filters: Query[ActionFilters]):
    rows = _rows(request)
    if filters.source_type is not None:
        app_label, _dot, model = filters.source_type.partition(".")
        # An unknown type matches nothing rather than being ignored.
        rows = rows.filter(source_type__app_label=app_label, source_type__model=model)
        filters.source_type = None
    return _filtered(ActionFilter, filters, rows)


@router.post("/actions", response={201: ActionOut, **ERRORS}, summary="Create an action")
def create_action(request, payload: ActionIn):
    action = services.create_action(
        by=request.auth,
        source=_source(request, payload.source_type, payload.source_id),
        title=payload.title,
        description=payload.description,
        owner=payload.owner_id,
        due_date=payload.due_date,
        unit=_reference(Unit, payload.unit_id, "unit_id", _("There is no such unit.")),
        area=_reference(
            SecurityArea, payload.area_id, "area_id", _("There is no such security area.")
        ),
        priority=payload.priority,
    )
    return Status(201, _action(request, action.pk))


@router.get("/actions/{action_id}", response={200: ActionOut, **ERRORS}, summary="One action")
def get_action(request, action_id: int):
    return _action(request, action_id)


@router.post("/actions/{action_id}/start", response={200: ActionOut, **ERRORS})
def start_action(request, action_id: int, payload: VersionIn):
    """Planned → in progress."""
    action = services.start_action(
        _action(request, action_id), by=request.auth, version=payload.version
    )
    return _action(request, action.pk)


@router.post("/actions/{action_id}/complete", response={200: ActionOut, **ERRORS})
def complete_action(request, action_id: int, payload: VersionIn):
    """Planned or in progress → done."""
    action = services.complete_action(
        _action(request, action_id), by=request.auth, version=payload.version
    )
    return _action(request, action.pk)


@router.post("/actions/{action_id}/effect", response={200: ActionOut, **ERRORS})
def record_effect(request, action_id: int, payload: EffectIn):
    """Record whether a done action had its intended effect."""
    action = services.record_effect(
        _action(request, action_id),
        by=request.auth,
        version=payload.version,
        was_effective=payload.was_effective,
        note=payload.note,
        checked_on=payload.checked_on,
    )
    return _action(request, action.pk)


@router.post("/actions/{action_id}/cancel", response={200: ActionOut, **ERRORS})
def cancel_action(request, action_id: int, payload: CancelIn):
    """Cancel an open action, with a reason."""
    action = services.cancel_action(
        _action(request, action_id), by=request.auth, version=payload.version, reason=payload.reason
    )
    return _action(request, action.pk)


@router.post("/actions/{action_id}/follow-ups", response={201: ActionOut, **ERRORS})
def create_follow_up(request, action_id: int, payload: FollowUpIn):
    """A follow-up of an action whose effect was found lacking."""
    follow_up = services.create_follow_up(
        _action(request, action_id),
        by=request.auth,
        title=payload.title,
        description=payload.description,
        owner=payload.owner_id,
        due_date=payload.due_date,
        priority=payload.priority,
    )
    return Status(201, _action(request, follow_up.pk))


@router.get("/improvement-needs", response=list[NeedOut], summary="List improvement needs")
@paginate
def list_needs(request, filters: Query[NeedFilters]):
    return _filtered(NeedFilter, filters, ImprovementNeed.objects.for_user(request.auth, VIEW))


@router.post("/improvement-needs", response={201: NeedOut, **ERRORS}, summary="Raise a need")
def raise_need(request, payload: NeedIn):
    need = services.raise_improvement_need(
        by=request.auth,
        title=payload.title,
        description=payload.description,
        unit=_reference(Unit, payload.unit_id, "unit_id", _("There is no such unit.")),
        site=_reference(Site, payload.site_id, "site_id", _("There is no such site.")),
        area=_reference(
            SecurityArea, payload.area_id, "area_id", _("There is no such security area.")
        ),
    )
    return Status(201, need)


@router.get(
    "/improvement-needs/{need_id}",
    response={200: NeedOut, **ERRORS},
    summary="One improvement need",
)
def get_need(request, need_id: int):
    return get_object_or_404(ImprovementNeed.objects.for_user(request.auth, VIEW), pk=need_id)
