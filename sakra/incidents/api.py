"""/api/v1/incidents: report (idempotent), list with the page's filters, handle, follow."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import File, Query, Router, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile
from pydantic import Field

from sakra.accounts.models import User
from sakra.organisation.models import Site, Unit

from . import services
from .filters import IncidentFilter
from .models import Attachment, Incident, IncidentCategory
from .privacy import personal_data_withheld, redact_timeline, withhold_personal_data
from .views.common import keyset_page

router = Router(tags=["incidents"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    area_id: int
    default_severity: int
    is_restricted: bool
    allows_anonymous: bool


class IncidentIn(Schema):
    category_id: int
    occurred_at: datetime
    unit_id: int
    site_id: int | None = None
    description: str = Field(max_length=5000)
    immediate_measures: str = Field("", max_length=5000)
    people_harmed: int = Field(0, ge=0)
    police_reported: bool = False
    is_acute: bool = False
    anonymous: bool = False
    aware_at: datetime | None = None


class ObligationOut(Schema):
    id: int
    code: str
    authority: str
    title: str
    due_at: datetime
    without_delay: bool
    reported_at: datetime | None
    authority_reference: str
    is_overdue: bool

    @staticmethod
    def resolve_code(obj):
        return obj.obligation.code

    @staticmethod
    def resolve_authority(obj):
        return obj.obligation.authority

    @staticmethod
    def resolve_title(obj):
        return obj.obligation.title

    @staticmethod
    def resolve_without_delay(obj):
        return obj.obligation.without_delay


class IncidentSummaryOut(Schema):
    id: int
    reference: str
    category_id: int
    area_id: int
    unit_id: int
    administration_id: int | None
    site_id: int | None
    occurred_at: datetime
    aware_at: datetime
    occurred_date: date
    occurred_year: int
    description: str
    immediate_measures: str
    people_harmed: int
    police_reported: bool
    is_acute: bool
    severity: int
    status: str
    handler_id: int | None
    reporter_id: int | None
    is_restricted: bool
    dismissed_reason: str
    acknowledged_at: datetime | None
    acknowledged_by_id: int | None
    escalated_at: datetime | None
    closed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_reporter_id(obj, context):
        # Who reported a restricted incident is not told through the acute channel (privacy.py).
        if personal_data_withheld(context["request"].auth, obj):
            return None
        return obj.reporter_id


class IncidentOut(IncidentSummaryOut):
    obligations: list[ObligationOut]

    @staticmethod
    def resolve_obligations(obj):
        return list(obj.obligations.select_related("obligation"))


class IncidentPageOut(Schema):
    items: list[IncidentSummaryOut]
    next_cursor: str | None


class IncidentQuery(Schema):
    q: str | None = None
    status: str | None = None
    area: int | None = None
    category: list[str] | None = Field(
        None, description="Category codes (repeat the parameter for several)."
    )
    administration: int | None = None
    unit: int | None = Field(None, description="A unit; its whole subtree is included.")
    site: int | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None
    severity: int | None = Field(None, description="At least this severity (1–4).")
    acute: bool | None = None
    overdue: bool | None = None
    sort: str = Field("newest", pattern="^(newest|oldest)$")
    after: str | None = Field(None, description="The next_cursor of the previous page.")
    limit: int = Field(50, ge=1, le=200)


class StatusIn(Schema):
    status: str
    version: int
    reason: str = ""


class HandlerIn(Schema):
    handler_id: int
    version: int


class SeverityIn(Schema):
    severity: int
    version: int


class CommentIn(Schema):
    text: str = Field(max_length=5000)


class ObligationReportedIn(Schema):
    version: int
    reported_at: datetime | None = None
    authority_reference: str = Field("", max_length=100)


class TimelineOut(Schema):
    id: int
    kind: str
    author_id: int | None
    created_at: datetime
    text: str
    data: dict


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by_id: int | None
    created_at: datetime


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _errors(exc: ValidationError) -> ErrorOut:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    first = next(iter(errors.values()))[0]
    return ErrorOut(detail=first, errors=errors)


def _run(call, ok_status: int = 200):
    """Map the services' errors onto HTTP: 422 bad input, 409 stale, 403 not allowed."""
    try:
        return Reply(ok_status, call())
    except services.StaleVersion as exc:
        return Reply(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Reply(422, _errors(exc))
    except PermissionDenied:
        return Reply(403, ErrorOut(detail=gettext("You may not do this.")))


def _incident(request, pk: int) -> Incident:
    return get_object_or_404(Incident.objects.for_user(request.auth), pk=pk)


@router.get("/incident-categories", response=list[CategoryOut], summary="The category catalogue")
def categories(request):
    return list(IncidentCategory.objects.active())


@router.post(
    "/incidents",
    response={201: IncidentOut, 200: IncidentOut, 409: ErrorOut, 422: ErrorOut},
    summary="Report an incident (send an Idempotency-Key header to make retries safe)",
)
def create_incident(request, payload: IncidentIn):
    key = request.headers.get("Idempotency-Key", "")
    try:
        incident, created = services.report_incident(
            request.auth,
            category=IncidentCategory.objects.filter(pk=payload.category_id).first(),
            occurred_at=_aware(payload.occurred_at),
            unit=Unit.objects.filter(pk=payload.unit_id).first(),
            site=Site.objects.filter(pk=payload.site_id).first() if payload.site_id else None,
            description=payload.description,
            immediate_measures=payload.immediate_measures,
            people_harmed=payload.people_harmed,
            police_reported=payload.police_reported,
            is_acute=payload.is_acute,
            anonymous=payload.anonymous,
            aware_at=_aware(payload.aware_at),
            idempotency_key=key,
        )
    except services.IdempotencyConflict as exc:
        return Reply(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Reply(422, _errors(exc))
    return Reply((201 if created else 200), incident)


@router.get(
    "/incidents",
    response={200: IncidentPageOut, 422: ErrorOut},
    summary="Incidents you may see, filtered, newest first, in keyset pages",
)
def list_incidents(request, filters: Query[IncidentQuery]):
    params = filters.dict(exclude_none=True)
    data = {k: v for k, v in params.items() if k not in {"sort", "after", "limit"}}
    data = {k: ("true" if v is True else "false" if v is False else v) for k, v in data.items()}
    filterset = IncidentFilter(data, queryset=Incident.objects.for_user(request.auth))
    if not filterset.is_valid():
        errors = {f: [str(m) for m in ms] for f, ms in filterset.errors.items()}
        return Reply(422, ErrorOut(detail=gettext("Invalid filter."), errors=errors))
    rows, next_cursor = keyset_page(
        filterset.qs, filters.after, newest_first=filters.sort != "oldest", size=filters.limit
    )
    services.log_reads(request.auth, rows)  # the page carries the descriptions
    withhold_personal_data(request.auth, rows)
    return Reply(200, {"items": rows, "next_cursor": next_cursor})


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="One incident")
def get_incident(request, incident_id: int):
    incident = _incident(request, incident_id)
    services.log_read(incident)
    return incident


_CHANGE_RESPONSES = {200: IncidentOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/incidents/{incident_id}/status", response=_CHANGE_RESPONSES, summary="Change the status"
)
def change_status(request, incident_id: int, payload: StatusIn):
    incident = _incident(request, incident_id)
    return _run(
        lambda: services.change_status(
            incident, request.auth, payload.status, version=payload.version, reason=payload.reason
        )
    )


@router.post(
    "/incidents/{incident_id}/handler", response=_CHANGE_RESPONSES, summary="Assign the handler"
)
def assign_handler(request, incident_id: int, payload: HandlerIn):
    incident = _incident(request, incident_id)
    handler = get_object_or_404(User, pk=payload.handler_id, is_active=True)
    return _run(
        lambda: services.assign_handler(incident, request.auth, handler, version=payload.version)
    )


@router.post(
    "/incidents/{incident_id}/severity", response=_CHANGE_RESPONSES, summary="Change the severity"
)
def change_severity(request, incident_id: int, payload: SeverityIn):
    incident = _incident(request, incident_id)
    return _run(
        lambda: services.change_severity(
            incident, request.auth, payload.severity, version=payload.version
        )
    )


@router.post(
    "/incidents/{incident_id}/acknowledge",
    response=_CHANGE_RESPONSES,
    summary="Acknowledge an acute report",
)
def acknowledge(request, incident_id: int):
    incident = _incident(request, incident_id)
    return _run(lambda: services.acknowledge(incident, request.auth))


@router.post(
    "/incidents/{incident_id}/obligations/{obligation_id}",
    response=_CHANGE_RESPONSES,
    summary="Record that an authority was told",
)
def record_obligation(request, incident_id: int, obligation_id: int, payload: ObligationReportedIn):
    incident = _incident(request, incident_id)
    obligation = get_object_or_404(incident.obligations, pk=obligation_id)

    def call():
        services.record_obligation_reported(
            obligation, request.auth, version=payload.version,
            reported_at=_aware(payload.reported_at),
            authority_reference=payload.authority_reference,
        )  # fmt: skip
        return Incident.objects.get(pk=incident.pk)

    return _run(call)


@router.get("/incidents/{incident_id}/timeline", response=list[TimelineOut], summary="The timeline")
def timeline(request, incident_id: int):
    incident = _incident(request, incident_id)
    services.log_read(incident)
    return redact_timeline(request.auth, incident, list(incident.timeline.all()))


@router.post(
    "/incidents/{incident_id}/comments",
    response={201: TimelineOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Add a comment to the timeline",
)
def add_comment(request, incident_id: int, payload: CommentIn):
    incident = _incident(request, incident_id)
    return _run(lambda: services.add_comment(incident, request.auth, payload.text), 201)


@router.get(
    "/incidents/{incident_id}/attachments",
    response=list[AttachmentOut],
    summary="The incident's attachments",
)
def attachments(request, incident_id: int):
    incident = _incident(request, incident_id)
    return list(Attachment.objects.for_user(request.auth).filter(incident=incident))


@router.post(
    "/incidents/{incident_id}/attachments",
    response={201: AttachmentOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Attach a file (PDF, JPG, PNG, DOCX, XLSX, TXT; at most 10 MB)",
)
def add_attachment(request, incident_id: int, file: File[UploadedFile]):
    incident = _incident(request, incident_id)
    return _run(lambda: services.add_attachment(incident, request.auth, file), 201)


@router.get(
    "/incidents/{incident_id}/attachments/{attachment_id}",
    summary="Download an attachment",
    response={200: None},
)
def download_attachment(request, incident_id: int, attachment_id: int):
    attachment = get_object_or_404(
        # `incident__pk`, not `incident_id`: only the former turns an id past the database's
        # integers into "no such row" (a 404) instead of a 500.
        Attachment.objects.for_user(request.auth),
        pk=attachment_id,
        incident__pk=incident_id,
    )
    services.log_read(attachment.incident)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response
