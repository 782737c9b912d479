"""SBA at /api/v1/fire-safety/: thin operations over the services, rows from `for_user()`.

Errors come from `sakra.core.api_shared` (declared with `**ERRORS`): 404 out of scope or
missing, 403 not allowed, 409 a stale `version`, 422 bad input keyed by field.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from sakra.core.access import VIEW
from sakra.core.api_shared import ERRORS, Integer, SearchText, text

from . import services
from .filters import RemarkFilter, RoundFilter
from .models import ChecklistItem, FireDocument, Remark, Round

router = Router(tags=["fire-safety"])

OutcomeIn = Literal["ok", "deviation", "not_applicable"]
RemarkKindIn = Literal["remark", "injunction"]
StatusValue = Literal["open", "done", "disputed"]
StateIn = Literal["due", "overdue", "finished", ""]


class DocumentOut(Schema):
    id: int
    site_id: int
    site_name: str
    unit_id: int
    area_id: int
    responsible_id: int
    responsible_persons: str
    building_description: str
    activity_risks: str
    technical_protection: str
    rescue_conditions: str
    training_plan: str
    next_review: datetime.date
    version: int
    updated_at: datetime.datetime

    @staticmethod
    def resolve_site_name(document) -> str:
        return document.site.name


class DocumentIn(Schema):
    version: Integer
    responsible_persons: text(20000) | None = None
    building_description: text(20000) | None = None
    activity_risks: text(20000) | None = None
    technical_protection: text(20000) | None = None
    rescue_conditions: text(20000) | None = None
    training_plan: text(20000) | None = None
    next_review: datetime.date | None = None


class ResultOut(Schema):
    item_id: int
    item_text: str
    outcome: str
    comment: str
    action_id: int | None

    @staticmethod
    def resolve_item_text(result) -> str:
        return result.item.text


class RoundOut(Schema):
    id: int
    document_id: int
    site_name: str
    control_point: str
    period_start: datetime.date
    due_date: datetime.date
    assigned_to_id: int
    status: str
    overdue: bool
    performed_on: datetime.date | None
    note: str
    version: int

    @staticmethod
    def resolve_site_name(round_) -> str:
        return round_.document.site.name

    @staticmethod
    def resolve_control_point(round_) -> str:
        return round_.control_point.title

    @staticmethod
    def resolve_overdue(round_) -> bool:
        return round_.is_overdue


class RoundDetailOut(RoundOut):
    checklist: list[dict]
    results: list[ResultOut]

    @staticmethod
    def resolve_checklist(round_) -> list[dict]:
        return [
            {"id": item.pk, "text": item.text}
            for item in round_.control_point.checklist.items.all()
            if item.is_active
        ]

    @staticmethod
    def resolve_results(round_) -> list:
        return list(round_.results.select_related("item"))


class RoundFilters(Schema):
    state: StateIn | None = None
    mine: bool = False
    year: int | None = None


class ItemResultIn(Schema):
    item_id: Integer
    outcome: OutcomeIn
    comment: text(2000) = ""


class RoundIn(Schema):
    version: Integer
    results: list[ItemResultIn] = []
    performed_on: datetime.date | None = None
    finish: bool = False
    note: text(5000) | None = None


class RoundCommentIn(Schema):
    text: text(5000)


class CommentOut(Schema):
    id: int
    text: str
    author_id: int
    created_at: datetime.datetime


class RemarkIn(Schema):
    kind: RemarkKindIn = "remark"
    text: text(5000)
    deadline: datetime.date


class RemarkOut(Schema):
    id: int
    inspection_id: int
    kind: str
    text: str
    deadline: datetime.date
    status: str
    status_note: str
    past_deadline: bool
    version: int


class InspectionIn(Schema):
    date: datetime.date
    rescue_service: text(200)
    reference: text(100) = ""
    remarks: list[RemarkIn] = []


class InspectionOut(Schema):
    id: int
    document_id: int
    date: datetime.date
    rescue_service: str
    reference: str
    remarks: list[RemarkOut]
    version: int

    @staticmethod
    def resolve_remarks(inspection) -> list:
        return list(inspection.remarks.all())


class RemarkStatusIn(Schema):
    version: Integer
    status: StatusValue
    note: text(5000) = ""


class RemarkFilters(Schema):
    past_deadline: bool = False
    open: bool = False
    year: int | None = None
    q: SearchText | None = None


def _document(request, document_id: int) -> FireDocument:
    return get_object_or_404(
        FireDocument.objects.for_user(request.auth, VIEW).select_related("site"), pk=document_id
    )


def _round(request, round_id: int) -> Round:
    return get_object_or_404(Round.objects.for_user(request.auth, VIEW).with_related(), pk=round_id)


@router.get("/fire-safety/documents", response=list[DocumentOut])
@paginate
def list_documents(request):
    return FireDocument.objects.for_user(request.auth, VIEW).select_related("site")


@router.get("/fire-safety/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def get_document(request, document_id: int):
    return _document(request, document_id)


@router.post("/fire-safety/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def update_document(request, document_id: int, payload: DocumentIn):
    document = _document(request, document_id)
    changes = payload.dict(exclude_none=True)
    return services.update_document(document, by=request.auth, **changes)


@router.post(
    "/fire-safety/documents/{document_id}/inspections", response={201: InspectionOut, **ERRORS}
)
def record_inspection(request, document_id: int, payload: InspectionIn):
    document = _document(request, document_id)
    inspection = services.record_inspection(
        document,
        by=request.auth,
        date=payload.date,
        rescue_service=payload.rescue_service,
        reference=payload.reference,
        remarks=[services.RemarkIn(r.text, r.deadline, r.kind) for r in payload.remarks],
    )
    return Status(201, inspection)


@router.get("/fire-safety/rounds", response={200: list[RoundOut], 422: ERRORS[422]})
@paginate
def list_rounds(request, filters: Query[RoundFilters]):
    data = {k: v for k, v in filters.dict().items() if v not in (None, False)}
    data.setdefault("state", "due")
    form = RoundFilter(data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    rows = Round.objects.for_user(request.auth, VIEW).with_related()
    return form.apply(rows, request.auth).order_by("due_date", "pk")


@router.get("/fire-safety/rounds/{round_id}", response={200: RoundDetailOut, **ERRORS})
def get_round(request, round_id: int):
    return _round(request, round_id)


@router.post("/fire-safety/rounds/{round_id}/results", response={200: RoundDetailOut, **ERRORS})
def record_round(request, round_id: int, payload: RoundIn):
    """Record item results; `finish: true` finishes the round (every item answered)."""
    round_ = _round(request, round_id)
    items = {
        item.pk: item
        for item in ChecklistItem.objects.filter(template_id=round_.control_point.checklist_id)
    }
    entries = []
    for entry in payload.results:
        if entry.item_id not in items:
            raise ValidationError({"results": _("That item is not on this round's checklist.")})
        entries.append(services.ItemResult(items[entry.item_id], entry.outcome, entry.comment))
    return services.record_round(
        round_,
        by=request.auth,
        version=payload.version,
        results=entries,
        performed_on=payload.performed_on,
        finish=payload.finish,
        note=payload.note,
    )


@router.post("/fire-safety/rounds/{round_id}/comments", response={201: CommentOut, **ERRORS})
def comment_round(request, round_id: int, payload: RoundCommentIn):
    comment = services.comment_round(_round(request, round_id), by=request.auth, text=payload.text)
    return Status(201, comment)


@router.get("/fire-safety/remarks", response=list[RemarkOut])
@paginate
def list_remarks(request, filters: Query[RemarkFilters]):
    data = {k: v for k, v in filters.dict().items() if v not in (None, False)}
    rows = Remark.objects.for_user(request.auth, VIEW)
    if data.pop("q", None):
        rows = rows.filter(text__icontains=filters.q)
    return RemarkFilter(data).apply(rows).order_by("deadline", "pk")


@router.post("/fire-safety/remarks/{remark_id}/status", response={200: RemarkOut, **ERRORS})
def set_remark_status(request, remark_id: int, payload: RemarkStatusIn):
    remark = get_object_or_404(Remark.objects.for_user(request.auth, VIEW), pk=remark_id)
    return services.set_remark_status(
        remark, by=request.auth, version=payload.version, status=payload.status, note=payload.note
    )
