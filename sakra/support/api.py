"""Support at /api/v1/support/: thin operations over the services, rows from `for_user()`.

Errors come from `sakra.core.api_shared` (declared with `**ERRORS`): 404 out of scope or
missing, 403 not allowed, 409 a stale `version`, 422 bad input keyed by field.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from sakra.accounts.models import User
from sakra.core.access import CHANGE, VIEW
from sakra.core.api_shared import ERRORS, Integer, text
from sakra.organisation.models import SecurityArea, Site, Unit

from . import services
from .contacts import contacts_for
from .models import Absence, SupportRequest

router = Router(tags=["support"])

UrgencyIn = Literal["low", "normal", "high"]
HelpedIn = Literal["yes", "partly", "no"]


class PersonOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    source: str
    away_until: datetime.date | None


class AreaContactsOut(Schema):
    area_id: int
    area_code: str
    area_name: str
    contact: PersonOut | None
    stands_in_for: PersonOut | None
    substitute: PersonOut | None
    named: bool
    others: list[PersonOut]
    owner: PersonOut | None


class RequestOut(Schema):
    id: int
    asker_id: int
    unit_id: int
    site_id: int | None
    area_id: int
    question: str
    urgency: str
    status: str
    team_id: int | None
    assignee_id: int | None
    manager_level: str
    due_on: datetime.date
    answer: str
    routine_reference: str
    answered_at: datetime.datetime | None
    helped: str
    time_acceptable: bool | None
    version: int
    created_at: datetime.datetime


class AskIn(Schema):
    unit_id: Integer
    area_id: Integer
    site_id: Integer | None = None
    question: text(5000)
    urgency: UrgencyIn = "normal"


class AssignIn(Schema):
    version: Integer
    assignee_id: Integer


class AnswerIn(Schema):
    version: Integer
    answer: text(10000)
    routine_reference: text(500) = ""


class RequestVersionIn(Schema):
    version: Integer


class RatingIn(Schema):
    version: Integer
    helped: HelpedIn
    time_acceptable: bool
    comment: text(1000) = ""


class TimeIn(Schema):
    spent_on: datetime.date
    hours: Decimal = Field(..., ge=Decimal("0.25"), le=Decimal("24"), decimal_places=2)
    note: text(300) = ""


class TimeOut(Schema):
    id: int
    request_id: int
    person_id: int
    spent_on: datetime.date
    hours: Decimal


class AbsenceIn(Schema):
    #: Someone else's absence (a coordinator, the chief, within their scope); empty: one's own.
    person_id: Integer | None = None
    starts_on: datetime.date
    ends_on: datetime.date
    note: text(200) = ""


class AbsenceOut(Schema):
    id: int
    person_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    note: str
    created_by_id: int | None
    is_cancelled: bool
    version: int


class AbsenceVersionIn(Schema):
    version: Integer


def _one(model, pk, field: str):
    row = model.objects.filter(pk=pk).first() if pk is not None else None
    if row is None and pk is not None:
        raise ValidationError({field: _("Choose one that exists.")})
    return row


def _request(request, request_id: int) -> SupportRequest:
    return get_object_or_404(SupportRequest.objects.for_user(request.auth, VIEW), pk=request_id)


@router.get("/support/contacts", response={200: list[AreaContactsOut], **ERRORS})
def contacts(request, unit_id: Integer | None = None):
    """Whom the unit turns to per security area (the person's home unit by default)."""
    unit = request.auth.home_unit
    if unit_id is not None:
        unit = get_object_or_404(services.units_to_ask_for(request.auth), pk=unit_id)
    if unit is None:
        return []
    return [
        {
            "area_id": entry.area.pk,
            "area_code": entry.area.code,
            "area_name": entry.area.name,
            "contact": entry.contact,
            "stands_in_for": entry.stands_in_for,
            "substitute": entry.substitute,
            "named": entry.named,
            "others": entry.others,
            "owner": entry.owner,
        }
        for entry in contacts_for(unit)
    ]


@router.get("/support/requests", response=list[RequestOut])
@paginate
def list_requests(request):
    return SupportRequest.objects.for_user(request.auth, VIEW).order_by("-created_at", "-pk")


@router.post("/support/requests", response={201: RequestOut, **ERRORS})
def ask(request, payload: AskIn):
    """Ask for support; acute events go to the incidents' acute channel, not here."""
    created = services.ask(
        by=request.auth,
        unit=_one(Unit, payload.unit_id, "unit"),
        area=_one(SecurityArea, payload.area_id, "area"),
        site=_one(Site, payload.site_id, "site"),
        question=payload.question,
        urgency=payload.urgency,
    )
    return Status(201, created)


@router.get("/support/requests/{request_id}", response={200: RequestOut, **ERRORS})
def get_request(request, request_id: int):
    return _request(request, request_id)


@router.post("/support/requests/{request_id}/assign", response={200: RequestOut, **ERRORS})
def assign(request, request_id: int, payload: AssignIn):
    return services.assign(
        _request(request, request_id),
        by=request.auth,
        version=payload.version,
        assignee=_one(User, payload.assignee_id, "assignee"),
    )


@router.post("/support/requests/{request_id}/answer", response={200: RequestOut, **ERRORS})
def answer(request, request_id: int, payload: AnswerIn):
    return services.answer(_request(request, request_id), by=request.auth, **payload.dict())


@router.post("/support/requests/{request_id}/close", response={200: RequestOut, **ERRORS})
def close(request, request_id: int, payload: RequestVersionIn):
    return services.close(_request(request, request_id), by=request.auth, version=payload.version)


@router.post("/support/requests/{request_id}/rating", response={200: RequestOut, **ERRORS})
def rate(request, request_id: int, payload: RatingIn):
    """The asker closes the request with their rating; only once it is answered."""
    return services.rate(_request(request, request_id), by=request.auth, **payload.dict())


@router.post("/support/requests/{request_id}/time", response={201: TimeOut, **ERRORS})
def record_time(request, request_id: int, payload: TimeIn):
    entry = services.record_time(_request(request, request_id), by=request.auth, **payload.dict())
    return Status(201, entry)


@router.get("/support/absences", response=list[AbsenceOut])
@paginate
def list_absences(request):
    """Coming absences one may see: one's own, and a coordinator's or the chief's in scope."""
    return (
        Absence.objects.for_user(request.auth, VIEW)
        .filter(is_cancelled=False, ends_on__gte=timezone.localdate())
        .order_by("starts_on", "pk")
    )


@router.post("/support/absences", response={201: AbsenceOut, **ERRORS})
def record_absence(request, payload: AbsenceIn):
    """An absence of one's own, or (a coordinator, the chief) of someone in scope: the
    substitute shows meanwhile."""
    data = payload.dict()
    person_id = data.pop("person_id")
    person = request.auth if person_id is None else _one(User, person_id, "person")
    absence = services.record_absence(by=request.auth, person=person, **data)
    return Status(201, absence)


@router.post("/support/absences/{absence_id}/cancel", response={200: AbsenceOut, **ERRORS})
def cancel_absence(request, absence_id: int, payload: AbsenceVersionIn):
    absence = get_object_or_404(Absence.objects.for_user(request.auth, CHANGE), pk=absence_id)
    return services.cancel_absence(absence, by=request.auth, version=payload.version)
