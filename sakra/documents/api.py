"""Governing documents at /api/v1/documents: thin operations over the services, rows from
`for_user()`. Errors come from `sakra.core.api_shared` (declared with `**ERRORS`)."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from sakra.accounts.choices import Role
from sakra.accounts.models import User
from sakra.core.access import CHANGE, VIEW, can
from sakra.core.api_shared import ERRORS, Integer, SearchText, text
from sakra.core.views import stored_file
from sakra.governance.models import Forum
from sakra.organisation.models import SecurityArea, Unit

from . import services
from .models import Document, DocumentVersion
from .search import excerpt, ranked, terms

router = Router(tags=["documents"])

KindIn = Literal["policy", "strategy", "guideline", "routine", "instruction"]
AudienceIn = Literal["all", "managers", "security"]
StatusIn = Literal["draft", "consultation", "adopted", "archived"]
RoleIn = Literal[tuple(Role.values)] | Literal[""]


class GoverningDocumentOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    audience: str
    parent_id: int | None
    supplements_id: int | None
    unit_id: int | None
    owner_id: int
    records_class: str
    review_months: int
    next_review: datetime.date | None
    current_version_id: int | None
    version: int

    @staticmethod
    def resolve_current_version_id(document) -> int | None:
        return document.current_id


class VersionOut(Schema):
    id: int
    document_id: int
    number: int
    state: str
    change_summary: str
    html: str
    content_hash: str
    has_file: bool
    decision_id: int | None
    adopted_on: datetime.date | None
    acknowledge_by: datetime.date | None

    @staticmethod
    def resolve_has_file(version) -> bool:
        return bool(version.attachment)


class DetailsIn(Schema):
    title: text(200)
    kind: KindIn
    audience: AudienceIn = "all"
    parent_id: Integer | None = None
    supplements_id: Integer | None = None
    unit_id: Integer | None = None
    area_ids: list[Integer] = []
    related_ids: list[Integer] = []
    records_class: text(100) = ""
    review_months: Integer = 24


class NewDocumentIn(DetailsIn):
    body: text(200_000) = ""
    change_summary: text(2000) = ""


class UpdateIn(DetailsIn):
    version: Integer


class DraftIn(Schema):
    version: Integer
    body: text(200_000) = ""
    change_summary: text(2000) = ""


class RecipientIn(Schema):
    unit_id: Integer | None = None
    role: RoleIn = ""


class ConsultationIn(Schema):
    version: Integer
    reply_by: datetime.date
    recipients: list[RecipientIn]
    message: text(5000) = ""


class ReplyIn(Schema):
    text: text(20000)
    on_behalf_of: text(200) = ""


class ReplyOut(Schema):
    id: int
    on_behalf_of: str
    text: str
    by_id: int | None
    at: datetime.datetime


class AdoptIn(Schema):
    version: Integer
    forum_id: Integer
    decided_on: datetime.date
    paragraph: text(20) = ""
    registry_number: text(40) = ""
    decision_text: text(5000) = ""
    distribute_to: list[RecipientIn] = []
    #: People sent the document by name, beside those `distribute_to` names.
    people_ids: list[Integer] = []
    acknowledge_by: datetime.date | None = None


class ReviewIn(Schema):
    version: Integer
    reviewed_on: datetime.date | None = None
    note: text(5000) = ""


class ReviewOut(Schema):
    id: int
    kind: str
    reviewed_on: datetime.date
    due_on: datetime.date | None
    note: str


class ReadAcknowledgementOut(Schema):
    user_id: int
    full_name: str
    must_acknowledge: bool
    read_at: datetime.datetime | None


class DocumentFilters(Schema):
    kind: KindIn | None = None
    status: StatusIn | None = None
    area_id: Integer | None = None


class SearchIn(Schema):
    q: SearchText
    kind: KindIn | None = None
    audience: AudienceIn | None = None
    area_id: Integer | None = None


class HitOut(Schema):
    id: int
    title: str
    kind: str
    score: float
    excerpt: str


def _document(request, document_id: int, action: str = VIEW) -> Document:
    return get_object_or_404(Document.objects.for_user(request.auth, action), pk=document_id)


def _version(request, version_id: int) -> DocumentVersion:
    return get_object_or_404(DocumentVersion.objects.for_user(request.auth, VIEW), pk=version_id)


def _details(request, payload: DetailsIn) -> dict:
    readable = Document.objects.for_user(request.auth, VIEW)

    def one(model_rows, pk, field):
        if pk is None:
            return None
        row = model_rows.filter(pk=pk).first()
        if row is None:
            raise ValidationError({field: _("Choose one that exists.")})
        return row

    areas = list(SecurityArea.objects.filter(pk__in=payload.area_ids))
    if len(areas) != len(set(payload.area_ids)):
        raise ValidationError({"area_ids": _("Choose one that exists.")})
    return {
        "title": payload.title,
        "kind": payload.kind,
        "audience": payload.audience,
        "parent": one(readable, payload.parent_id, "parent_id"),
        "supplements": one(readable, payload.supplements_id, "supplements_id"),
        "unit": one(Unit.objects.filter(is_active=True), payload.unit_id, "unit_id"),
        "areas": areas,
        "related": list(readable.filter(pk__in=payload.related_ids)),
        "records_class": payload.records_class,
        "review_months": payload.review_months,
    }


def _people(ids: list[int]) -> list[User]:
    people = list(User.objects.filter(pk__in=set(ids), is_active=True))
    if len(people) != len(set(ids)):
        raise ValidationError({"people_ids": _("Every person must be an active user of Sakra.")})
    return people


def _targets(recipients: list[RecipientIn], field: str) -> list[tuple]:
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[r.unit_id for r in recipients])}
    targets = []
    for recipient in recipients:
        if recipient.unit_id is not None and recipient.unit_id not in units:
            raise ValidationError({field: _("Choose one that exists.")})
        targets.append((units.get(recipient.unit_id), recipient.role))
    return targets


@router.get("/documents", response=list[GoverningDocumentOut])
@paginate
def list_documents(request, filters: Query[DocumentFilters]):
    rows = Document.objects.for_user(request.auth, VIEW)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.area_id is not None:
        rows = rows.filter(areas=filters.area_id)
    return rows.order_by("title", "pk")


@router.post("/documents", response={201: GoverningDocumentOut, **ERRORS})
def create_document(request, payload: NewDocumentIn):
    document = services.create_document(
        by=request.auth,
        body=payload.body,
        change_summary=payload.change_summary,
        **_details(request, payload),
    )
    return Status(201, document)


@router.get("/documents/search", response={200: list[HitOut], 422: ERRORS[422]})
def search_documents(request, filters: Query[SearchIn]):
    """Ranked hits with a plain-text excerpt: the routine a person looks for first."""
    chosen = {"kind": filters.kind or "", "audience": filters.audience or ""}
    if filters.area_id is not None:
        chosen["area"] = str(filters.area_id)
    words = terms(filters.q)
    rows = ranked(request.auth, filters.q, chosen, limit=50)
    return [
        {
            "id": row.pk,
            "title": row.title,
            "kind": row.kind,
            "score": float(row.score),
            "excerpt": "".join(part.text for part in excerpt(row.search_text, words)),
        }
        for row in rows
    ]


@router.get("/documents/{document_id}", response={200: GoverningDocumentOut, **ERRORS})
def get_document(request, document_id: int):
    return _document(request, document_id)


@router.post("/documents/{document_id}", response={200: GoverningDocumentOut, **ERRORS})
def update_document(request, document_id: int, payload: UpdateIn):
    document = _document(request, document_id)
    return services.update_details(
        document, by=request.auth, version=payload.version, **_details(request, payload)
    )


@router.post("/documents/{document_id}/draft", response={200: VersionOut, **ERRORS})
def edit_draft(request, document_id: int, payload: DraftIn):
    """Write the draft's Markdown (a file is attached with `/draft/file`)."""
    document = _document(request, document_id)
    return services.edit_draft(document, by=request.auth, **payload.dict())


@router.post(
    "/documents/{document_id}/draft/file",
    response={200: VersionOut, **ERRORS},
    summary="Attach a PDF or Word file (DOCX) to the draft, replacing any file it had",
)
def attach_draft_file(request, document_id: int, version: Form[Integer], file: File[UploadedFile]):
    """Multipart: the document's `version` (the edit lock, as on the page) and the `file`. The
    draft keeps its Markdown; a document in force gets a new draft."""
    document = _document(request, document_id)
    draft = services.working_version(document)
    return services.edit_draft(
        document,
        by=request.auth,
        version=version,
        body=draft.body if draft else document.current.body if document.current else "",
        change_summary=draft.change_summary if draft else "",
        upload=file,
    )


@router.post("/documents/{document_id}/consultation", response={201: VersionOut, **ERRORS})
def send_on_consultation(request, document_id: int, payload: ConsultationIn):
    document = _document(request, document_id)
    consultation = services.send_on_consultation(
        document,
        by=request.auth,
        version=payload.version,
        reply_by=payload.reply_by,
        message=payload.message,
        recipients=_targets(payload.recipients, "recipients"),
    )
    return Status(201, consultation.version)


@router.post("/documents/{document_id}/replies", response={201: ReplyOut, **ERRORS})
def reply(request, document_id: int, payload: ReplyIn):
    document = _document(request, document_id)
    return Status(201, services.record_reply(document, by=request.auth, **payload.dict()))


@router.post("/documents/{document_id}/adopt", response={201: VersionOut, **ERRORS})
def adopt(request, document_id: int, payload: AdoptIn):
    document = _document(request, document_id)
    forum = Forum.objects.filter(pk=payload.forum_id, is_active=True).first()
    if forum is None:
        raise ValidationError({"forum_id": _("Choose the forum that decided.")})
    version = services.adopt(
        document,
        by=request.auth,
        version=payload.version,
        forum=forum,
        decided_on=payload.decided_on,
        paragraph=payload.paragraph,
        registry_number=payload.registry_number,
        decision_text=payload.decision_text,
        distribute_to=_targets(payload.distribute_to, "distribute_to"),
        people=_people(payload.people_ids),
        acknowledge_by=payload.acknowledge_by,
    )
    return Status(201, version)


@router.post("/documents/{document_id}/review", response={201: ReviewOut, **ERRORS})
def review(request, document_id: int, payload: ReviewIn):
    document = _document(request, document_id)
    return Status(201, services.mark_reviewed(document, by=request.auth, **payload.dict()))


@router.get("/documents/{document_id}/versions", response={200: list[VersionOut], **ERRORS})
def list_versions(request, document_id: int):
    document = _document(request, document_id)
    return list(DocumentVersion.objects.for_user(request.auth, VIEW).filter(document=document))


@router.get("/documents/versions/{version_id}", response={200: VersionOut, **ERRORS})
def get_version(request, version_id: int):
    return _version(request, version_id)


@router.post("/documents/versions/{version_id}/acknowledge", response={201: dict, **ERRORS})
def acknowledge(request, version_id: int):
    row = services.acknowledge(_version(request, version_id), by=request.auth)
    return Status(201, {"version_id": row.version_id, "at": row.at.isoformat()})


@router.get(
    "/documents/versions/{version_id}/file",
    summary="Download the version's attached file",
    response={200: None, 404: ERRORS[404]},
)
def version_file(request, version_id: int):
    row = _version(request, version_id)
    return stored_file(
        row.attachment,
        filename=row.attachment_name or f"dokument-{row.pk}",
        content_type=row.attachment_type,
    )


@router.get(
    "/documents/versions/{version_id}/acknowledgements",
    response={200: list[ReadAcknowledgementOut], **ERRORS},
)
def acknowledgements(request, version_id: int):
    version = _version(request, version_id)
    if not can(request.auth, CHANGE, version.document):
        raise Http404  # the same answer as out of scope: who read it is the keepers' business
    read = dict(version.acknowledgements.values_list("user_id", "at"))
    return [
        {
            "user_id": row.user_id,
            "full_name": row.user.full_name,
            "must_acknowledge": row.must_acknowledge,
            "read_at": read.get(row.user_id),
        }
        for row in version.recipients.select_related("user")
    ]
