"""/api/v1/incidents: report (idempotent), list with the page's filters, handle, follow."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Query, Router, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile
from pydantic import Field

from sakra.accounts.models import User
from sakra.core.api_shared import ERRORS, ErrorOut, Integer, SearchText, text
from sakra.core.views import stored_file
from sakra.organisation.models import Site, Unit

from . import corrections, services, statistics
from .filters import IncidentFilter
from .models import Attachment, Incident, IncidentCategory
from .privacy import redact_timeline, shown, withhold_personal_data
from .views.common import keyset_page

router = Router(tags=["incidents"])


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    area_id: int
    default_severity: int
    is_restricted: bool
    allows_anonymous: bool


class IncidentIn(Schema):
    category_id: Integer
    occurred_at: datetime
    unit_id: Integer
    site_id: Integer | None = None
    description: text(5000)
    immediate_measures: text(5000) = ""
    people_harmed: Integer = Field(0, ge=0)
    police_reported: bool = False
    is_acute: bool = False
    anonymous: bool = False
    aware_at: datetime | None = None
    is_near_miss: bool = Field(False, description="A near miss: it could have happened, did not.")
    supply: text(30) = Field("", description="The critical supply disrupted (a disruption).")
    disruption_started_at: datetime | None = None
    disruption_ended_at: datetime | None = None
    disruption_hours: Decimal | None = Field(None, ge=0, le=87600)


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
    is_due_now: bool = Field(
        description="A duty without delay, within the region's grace: due now, not yet overdue."
    )

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
    is_near_miss: bool
    supply: str
    disruption_started_at: datetime | None
    disruption_ended_at: datetime | None
    disruption_hours: Decimal | None
    severity: int
    status: str
    handler_id: int | None
    reporter_id: int | None
    is_restricted: bool
    dismissed_reason: str
    dismissal_kind: str
    duplicate_of_id: int | None
    acknowledged_at: datetime | None
    acknowledged_by_id: int | None
    escalated_at: datetime | None
    closed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    # What the reader may not see of a restricted incident is blank (privacy.py's one rule).
    @staticmethod
    def resolve_reporter_id(obj, context):
        return shown(context["request"].auth, obj, "reporter_id", None)

    @staticmethod
    def resolve_description(obj, context):
        return shown(context["request"].auth, obj, "description")

    @staticmethod
    def resolve_immediate_measures(obj, context):
        return shown(context["request"].auth, obj, "immediate_measures")

    @staticmethod
    def resolve_dismissed_reason(obj, context):
        return shown(context["request"].auth, obj, "dismissed_reason")


class IncidentOut(IncidentSummaryOut):
    obligations: list[ObligationOut]

    @staticmethod
    def resolve_obligations(obj):
        return list(obj.obligations.select_related("obligation"))


class IncidentPageOut(Schema):
    items: list[IncidentSummaryOut]
    next_cursor: str | None


class IncidentQuery(Schema):
    q: SearchText | None = None
    status: SearchText | None = None
    area: Integer | None = None
    category: list[SearchText] | None = Field(
        None, description="Category codes (repeat the parameter for several)."
    )
    administration: Integer | None = None
    unit: Integer | None = Field(None, description="A unit; its whole subtree is included.")
    site: Integer | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None
    severity: int | None = Field(None, description="At least this severity (1–4).")
    acute: bool | None = None
    overdue: bool | None = None
    events: bool | None = Field(
        None,
        description="Only counted reports (true: dismissed reports left out, as goals "
        "count; false: only the dismissed).",
    )
    near_miss: bool | None = Field(
        None, description="true: only near misses; false: only events (as goals count)."
    )
    supply: SearchText | None = Field(None, description="Disruptions of this critical supply.")
    sort: str = Field("newest", pattern="^(newest|oldest)$")
    after: SearchText | None = Field(None, description="The next_cursor of the previous page.")
    limit: int = Field(50, ge=1, le=200)


class StatusIn(Schema):
    status: text(50)
    version: int
    reason: text(2000) = ""
    dismissal_kind: text(20) = Field(
        "", description="When dismissing: duplicate, not_security or mistake."
    )
    duplicate_of_id: Integer | None = Field(
        None, description="When dismissing as a duplicate: the incident it duplicates."
    )
    confirm_open_obligations: bool = Field(
        False,
        description="When closing while an authority duty is not recorded as reported: close "
        "without it (else 422 naming the duties). Kept on the timeline.",
    )


class HandlerIn(Schema):
    handler_id: Integer
    version: int


class SeverityIn(Schema):
    severity: Integer
    version: int


class CategoryIn(Schema):
    category_id: Integer
    version: int


class AwarenessIn(Schema):
    aware_at: datetime
    version: int


class NearMissIn(Schema):
    is_near_miss: bool
    version: int


class DisruptionIn(Schema):
    supply: text(30) = Field("", description="Empty: not a disruption of critical supply.")
    disruption_started_at: datetime | None = None
    disruption_ended_at: datetime | None = None
    disruption_hours: Decimal | None = Field(None, ge=0, le=87600)
    version: int


class CommentIn(Schema):
    text: text(5000)


class ObligationReportedIn(Schema):
    version: int
    reported_at: datetime | None = None
    authority_reference: text(100) = ""


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


def _incident(request, pk: int) -> Incident:
    return get_object_or_404(Incident.objects.for_user(request.auth), pk=pk)


@router.get("/incident-categories", response=list[CategoryOut], summary="The category catalogue")
def categories(request):
    return list(IncidentCategory.objects.active())


@router.post(
    "/incidents",
    response={201: IncidentOut, 200: IncidentOut, **ERRORS},
    summary="Report an incident (send an Idempotency-Key header to make retries safe)",
)
def create_incident(request, payload: IncidentIn):
    """201 for a new report, 200 for a replay of the same key and report; 409 for the same key
    with a different report."""
    key = request.headers.get("Idempotency-Key", "")
    try:
        incident, created = services.report_incident(
            by=request.auth,
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
            is_near_miss=payload.is_near_miss,
            supply=payload.supply,
            disruption_started_at=_aware(payload.disruption_started_at),
            disruption_ended_at=_aware(payload.disruption_ended_at),
            disruption_hours=payload.disruption_hours,
        )
    except services.IdempotencyConflict as exc:
        # Not a stale version and not bad input: the key names another report. Same body.
        return Reply(409, ErrorOut(detail=str(exc)))
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
    filterset = IncidentFilter(
        data, queryset=Incident.objects.for_user(request.auth), request=request
    )
    if not filterset.is_valid():
        # The filter's refusals in the body every 422 has.
        raise ValidationError({f: list(ms) for f, ms in filterset.errors.items()})
    rows, next_cursor = keyset_page(
        filterset.qs, filters.after, newest_first=filters.sort != "oldest", size=filters.limit
    )
    services.log_reads(request.auth, rows)  # the page carries the descriptions
    withhold_personal_data(request.auth, rows)
    return Reply(200, {"items": rows, "next_cursor": next_cursor})


class StatisticsQuery(Schema):
    year: Integer | None = Field(None, description="The year (default: this year).")
    baseline_year: Integer | None = Field(None, description="The baseline year (default 2019).")
    area: Integer | None = None
    administration: Integer | None = None
    site: Integer | None = None
    counted: SearchText | None = Field(
        None, description="events (default), near_misses or both: near misses are counted apart."
    )


class StatisticsLineOut(Schema):
    area_code: str
    area: str
    category_code: str
    category: str
    counts: dict[int, int]
    change: int


class AdministrationCountOut(Schema):
    administration_id: int
    administration: str
    count: int


class YearCountOut(Schema):
    year: int
    count: int


class StatisticsOut(Schema):
    year: int
    baseline_year: int
    counted: str
    years: list[int]
    lines: list[StatisticsLineOut]
    totals: dict[int, int]
    per_administration: list[AdministrationCountOut]
    trend: list[YearCountOut]


@router.get(
    "/incidents/statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Events per security area and category, a year against the year before and the "
    "baseline year (dismissed reports left out; the region's figures)",
)
def incident_statistics(request, filters: Query[StatisticsQuery]):
    if not statistics.may_see_statistics(request.auth):
        raise Http404
    result = statistics.gather(statistics.selection_from(**filters.dict()))
    selection = result.selection
    return {
        "year": selection.year,
        "baseline_year": selection.baseline_year,
        "counted": selection.counted.value,
        "years": selection.years,
        "lines": [
            {"area_code": line.area.code, "area": str(line.area),
             "category_code": line.category.code, "category": str(line.category),
             "counts": line.counts, "change": line.change}
            for line in result.lines
        ],
        "totals": result.totals,
        "per_administration": [
            {"administration_id": unit.pk, "administration": unit.name, "count": n}
            for unit, n, _url in result.per_administration
        ],
        "trend": [{"year": year, "count": n} for year, n in result.trend],
    }  # fmt: skip


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="One incident")
def get_incident(request, incident_id: int):
    incident = _incident(request, incident_id)
    services.log_read(incident)
    return incident


_CHANGE_RESPONSES = {200: IncidentOut, **ERRORS}


@router.post(
    "/incidents/{incident_id}/status", response=_CHANGE_RESPONSES, summary="Change the status"
)
def change_status(request, incident_id: int, payload: StatusIn):
    incident = _incident(request, incident_id)
    # An id the person may not read is refused by the service like a missing one (422).
    original = Incident.objects.filter(pk=payload.duplicate_of_id).first()
    return services.change_status(
        incident, by=request.auth, status=payload.status, version=payload.version,
        reason=payload.reason, dismissal_kind=payload.dismissal_kind, duplicate_of=original,
        confirm_open_obligations=payload.confirm_open_obligations,
    )  # fmt: skip


@router.post(
    "/incidents/{incident_id}/handler", response=_CHANGE_RESPONSES, summary="Assign the handler"
)
def assign_handler(request, incident_id: int, payload: HandlerIn):
    incident = _incident(request, incident_id)
    # An unknown person is refused by the service like one who may not handle it (422), so the
    # answer does not tell which user ids exist.
    handler = User.objects.filter(pk=payload.handler_id, is_active=True).first()
    return services.assign_handler(
        incident, by=request.auth, handler=handler, version=payload.version
    )


@router.post(
    "/incidents/{incident_id}/severity", response=_CHANGE_RESPONSES, summary="Change the severity"
)
def change_severity(request, incident_id: int, payload: SeverityIn):
    incident = _incident(request, incident_id)
    return services.change_severity(
        incident, by=request.auth, severity=payload.severity, version=payload.version
    )


@router.post(
    "/incidents/{incident_id}/category",
    response=_CHANGE_RESPONSES,
    summary="Change the category (the authority duties follow it; a reported one stays)",
)
def change_category(request, incident_id: int, payload: CategoryIn):
    incident = _incident(request, incident_id)
    category = IncidentCategory.objects.filter(pk=payload.category_id).first()
    return corrections.change_category(
        incident, by=request.auth, category=category, version=payload.version
    )


@router.post(
    "/incidents/{incident_id}/awareness",
    response=_CHANGE_RESPONSES,
    summary="Correct when the region became aware (the duties not yet reported follow it)",
)
def correct_awareness(request, incident_id: int, payload: AwarenessIn):
    incident = _incident(request, incident_id)
    return corrections.correct_awareness(
        incident, by=request.auth, aware_at=_aware(payload.aware_at), version=payload.version
    )


@router.post(
    "/incidents/{incident_id}/near-miss",
    response=_CHANGE_RESPONSES,
    summary="Mark the report as a near miss or as an event (counted apart)",
)
def mark_near_miss(request, incident_id: int, payload: NearMissIn):
    incident = _incident(request, incident_id)
    return corrections.mark_near_miss(
        incident, by=request.auth, is_near_miss=payload.is_near_miss, version=payload.version
    )


@router.post(
    "/incidents/{incident_id}/disruption",
    response=_CHANGE_RESPONSES,
    summary="Record the critical supply disrupted and how long (the end may come later)",
)
def record_disruption(request, incident_id: int, payload: DisruptionIn):
    incident = _incident(request, incident_id)
    return corrections.record_disruption(
        incident, by=request.auth, supply=payload.supply,
        started_at=_aware(payload.disruption_started_at),
        ended_at=_aware(payload.disruption_ended_at), hours=payload.disruption_hours,
        version=payload.version,
    )  # fmt: skip


@router.post(
    "/incidents/{incident_id}/acknowledge",
    response=_CHANGE_RESPONSES,
    summary="Acknowledge an acute report",
)
def acknowledge(request, incident_id: int):
    incident = _incident(request, incident_id)
    return services.acknowledge(incident, by=request.auth)


@router.post(
    "/incidents/{incident_id}/obligations/{obligation_id}",
    response=_CHANGE_RESPONSES,
    summary="Record that an authority was told",
)
def record_obligation(request, incident_id: int, obligation_id: int, payload: ObligationReportedIn):
    incident = _incident(request, incident_id)
    obligation = get_object_or_404(incident.obligations, pk=obligation_id)
    services.record_obligation_reported(
        obligation, by=request.auth, version=payload.version,
        reported_at=_aware(payload.reported_at),
        authority_reference=payload.authority_reference,
    )  # fmt: skip
    return Incident.objects.get(pk=incident.pk)


@router.get("/incidents/{incident_id}/timeline", response=list[TimelineOut], summary="The timeline")
def timeline(request, incident_id: int):
    incident = _incident(request, incident_id)
    services.log_read(incident)
    return redact_timeline(request.auth, incident, list(incident.timeline.all()))


@router.post(
    "/incidents/{incident_id}/comments",
    response={201: TimelineOut, **ERRORS},
    summary="Add a comment to the timeline",
)
def add_comment(request, incident_id: int, payload: CommentIn):
    incident = _incident(request, incident_id)
    return Reply(201, services.add_comment(incident, by=request.auth, text=payload.text))


@router.get(
    "/incidents/{incident_id}/attachments",
    response=list[AttachmentOut],
    summary="The incident's attachments",
)
def attachments(request, incident_id: int):
    incident = _incident(request, incident_id)
    services.log_read(incident)  # the list names the files: a read like any other
    return list(Attachment.objects.for_user(request.auth).filter(incident=incident))


@router.post(
    "/incidents/{incident_id}/attachments",
    response={201: AttachmentOut, **ERRORS},
    summary="Attach a file (PDF, JPG, PNG, DOCX, XLSX, TXT; at most 10 MB)",
)
def add_attachment(request, incident_id: int, file: File[UploadedFile]):
    incident = _incident(request, incident_id)
    return Reply(201, services.add_attachment(incident, by=request.auth, uploaded=file))


@router.get(
    "/incidents/{incident_id}/attachments/{attachment_id}",
    summary="Download an attachment",
    response={200: None},
)
def download_attachment(request, incident_id: int, attachment_id: int):
    attachment = get_object_or_404(
        # `incident__pk`, not `incident_id`: only the former turns an id past the database's
        # integers into "no such row" (a 404) instead of a 500.
        Attachment.objects.for_user(request.auth).select_related("incident"),
        pk=attachment_id,
        incident__pk=incident_id,
    )
    if attachment.incident.personal_data_removed_at is not None:
        raise Http404  # removed by retention, as on the page
    services.log_read(attachment.incident)
    return stored_file(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
