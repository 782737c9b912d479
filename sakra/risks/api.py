"""Risks at /api/v1/risks/: thin operations over the services, rows from `for_user()`.

Errors come from `sakra.core.api_shared` (declared with `**ERRORS`): 404 out of scope or
missing, 403 not allowed, 409 a stale `version`, 422 bad input keyed by field. A confidential
analysis the caller may only know of answers with its title and status, its content empty; a
read of its content is logged as on the pages.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from sakra.accounts.models import User
from sakra.core.access import CHANGE, VIEW, can
from sakra.core.api_shared import ERRORS, Integer, SearchText, text
from sakra.governance.models import Forum
from sakra.incidents.models import IncidentCategory
from sakra.organisation.models import SecurityArea, Site, Unit

from . import services
from .choices import AnalysisKind, DependencyKind
from .filters import RiskFilter
from .models import (
    CriticalDependency,
    CriticalService,
    MatrixVersion,
    PreparednessIndicator,
    Risk,
    RiskAnalysis,
    RsaFollowUp,
)
from .querysets import APPROVE, CONTENT

router = Router(tags=["risks"])

KindIn = Literal["regional_rsa", "unit", "change", "threats"]
TreatmentIn = Literal["", "accept", "reduce", "transfer", "avoid"]
Step = Integer


class AnalysisOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    unit_id: int
    area_id: int | None
    site_id: int | None
    period_start: datetime.date
    period_end: datetime.date
    is_confidential: bool
    content_visible: bool = True
    decision_id: int | None
    version: int


class AnalysisDetailOut(AnalysisOut):
    method: str | None = None
    responsibility: str | None = None
    preparedness: str | None = None
    vulnerabilities: str | None = None
    participant_ids: list[Integer] | None = None
    matrix_version: int | None = None


class AnalysisIn(Schema):
    title: text(200)
    kind: KindIn
    unit_id: int
    period_start: datetime.date
    period_end: datetime.date
    area_id: int | None = None
    site_id: int | None = None
    is_confidential: bool = False
    participant_ids: list[Integer] = []
    method: text(20000) = ""
    responsibility: text(20000) = ""
    preparedness: text(20000) = ""
    vulnerabilities: text(20000) = ""


class AnalysisUpdateIn(Schema):
    version: Integer
    title: text(200) | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    is_confidential: bool | None = None
    participant_ids: list[Integer] | None = None
    method: text(20000) | None = None
    responsibility: text(20000) | None = None
    preparedness: text(20000) | None = None
    vulnerabilities: text(20000) | None = None


class RiskOut(Schema):
    id: int
    analysis_id: int
    title: str
    scenario: str
    cause: str
    consequences: str
    area_id: int
    category_ids: list[int]
    inherent_likelihood: int
    inherent_consequence: int
    inherent_level: int
    current_likelihood: int
    current_consequence: int
    current_level: int
    residual_likelihood: int | None
    residual_consequence: int | None
    residual_level: int | None
    treatment: str
    justification: str
    acceptance_expires: datetime.date | None
    owner_id: int
    review_date: datetime.date
    note_id: int | None
    version: int

    @staticmethod
    def resolve_category_ids(risk) -> list[int]:
        return [category.pk for category in risk.categories.all()]


class _RiskFields(Schema):
    scenario: text(5000) | None = None
    cause: text(5000) | None = None
    consequences: text(5000) | None = None
    category_ids: list[Integer] | None = None
    current_likelihood: Step | None = None
    current_consequence: Step | None = None
    residual_likelihood: Step | None = None
    residual_consequence: Step | None = None
    treatment: TreatmentIn | None = None
    justification: text(5000) | None = None
    acceptance_expires: datetime.date | None = None
    review_date: datetime.date | None = None


class RiskIn(_RiskFields):
    title: text(200)
    area_id: int
    owner_id: int
    inherent_likelihood: Step
    inherent_consequence: Step


class RiskUpdateIn(_RiskFields):
    version: Integer
    title: text(200) | None = None
    area_id: int | None = None
    owner_id: int | None = None
    inherent_likelihood: Step | None = None
    inherent_consequence: Step | None = None


class RiskFilters(Schema):
    q: SearchText | None = None
    area: int | None = None
    kind: KindIn | None = None
    above: bool = False
    past_review: bool = False
    mine: bool = False


def _row(model, pk, field: str, queryset=None):
    if pk is None:
        return None
    row = (queryset if queryset is not None else model.objects.all()).filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: _("No such choice.")})
    return row


def _people(ids, field: str) -> list:
    people = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(people) != len(set(ids)):
        raise ValidationError({field: _("No such choice.")})
    return people


def _detail(request, analysis: RiskAnalysis) -> dict:
    data = AnalysisOut.from_orm(analysis).dict()
    if not can(request.auth, CONTENT, analysis):
        data["content_visible"] = False
        return data
    services.log_read(analysis)
    return {
        **data,
        "method": analysis.method,
        "responsibility": analysis.responsibility,
        "preparedness": analysis.preparedness,
        "vulnerabilities": analysis.vulnerabilities,
        "participant_ids": list(analysis.participants.values_list("pk", flat=True)),
        "matrix_version": analysis.matrix.number,
    }


def _analysis(request, analysis_id: int, action: str = VIEW) -> RiskAnalysis:
    return get_object_or_404(
        RiskAnalysis.objects.for_user(request.auth, action).select_related("matrix"),
        pk=analysis_id,
    )


@router.get("/risks/analyses", response=list[AnalysisOut])
@paginate
def list_analyses(request):
    """Analyses in scope; a confidential one the caller may only know of shows its title and
    status (`content_visible` false)."""
    return RiskAnalysis.objects.for_user(request.auth, VIEW).order_by("-period_start", "pk")


@router.get("/risks/analyses/{analysis_id}", response={200: AnalysisDetailOut, **ERRORS})
def get_analysis(request, analysis_id: int):
    return _detail(request, _analysis(request, analysis_id))


@router.post("/risks/analyses", response={201: AnalysisDetailOut, **ERRORS})
def create_analysis(request, payload: AnalysisIn):
    data = payload.dict()
    analysis = services.create_analysis(
        by=request.auth,
        unit=_row(Unit, data.pop("unit_id"), "unit_id"),
        area=_row(SecurityArea, data.pop("area_id"), "area_id"),
        site=_row(Site, data.pop("site_id"), "site_id"),
        participants=_people(data.pop("participant_ids"), "participant_ids"),
        **data,
    )
    return Status(201, _detail(request, analysis))


@router.post("/risks/analyses/{analysis_id}", response={200: AnalysisDetailOut, **ERRORS})
def update_analysis(request, analysis_id: int, payload: AnalysisUpdateIn):
    analysis = _analysis(request, analysis_id)
    data = payload.dict(exclude_none=True)
    if "participant_ids" in data:
        data["participants"] = _people(data.pop("participant_ids"), "participant_ids")
    analysis = services.update_analysis(analysis, by=request.auth, **data)
    return _detail(request, analysis)


def _risk_data(data: dict) -> dict:
    if "area_id" in data:
        data["area"] = _row(SecurityArea, data.pop("area_id"), "area_id")
    if "owner_id" in data:
        data["owner"] = _row(User, data.pop("owner_id"), "owner_id", User.objects.active())
    if "category_ids" in data:
        ids = data.pop("category_ids")
        data["categories"] = list(IncidentCategory.objects.filter(pk__in=ids))
        if len(data["categories"]) != len(set(ids)):
            raise ValidationError({"category_ids": _("No such choice.")})
    return data


@router.get("/risks/risks", response={200: list[RiskOut], 422: ERRORS[422]})
@paginate
def list_risks(request, filters: Query[RiskFilters]):
    data = {k: v for k, v in filters.dict().items() if v not in (None, False)}
    form = RiskFilter({k: ("on" if v is True else v) for k, v in data.items()})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    rows = form.apply(
        Risk.objects.for_user(request.auth, VIEW).for_list().prefetch_related("categories"),
        request.auth,
    ).order_by("-current_level", "title", "pk")
    return rows


@router.get("/risks/risks/{risk_id}", response={200: RiskOut, **ERRORS})
def get_risk(request, risk_id: int):
    risk = get_object_or_404(Risk.objects.for_user(request.auth, VIEW).for_list(), pk=risk_id)
    services.log_read(risk.analysis)
    return risk


@router.post("/risks/analyses/{analysis_id}/risks", response={201: RiskOut, **ERRORS})
def create_risk(request, analysis_id: int, payload: RiskIn):
    analysis = _analysis(request, analysis_id)
    data = _risk_data(payload.dict(exclude_none=True))
    return Status(201, services.create_risk(analysis, by=request.auth, **data))


@router.post("/risks/risks/{risk_id}", response={200: RiskOut, **ERRORS})
def update_risk(request, risk_id: int, payload: RiskUpdateIn):
    risk = get_object_or_404(Risk.objects.for_user(request.auth, VIEW), pk=risk_id)
    data = _risk_data(payload.dict(exclude_none=True))
    return services.update_risk(risk, by=request.auth, **data)


# --- status and approval ---------------------------------------------------------------------


class AnalysisStatusIn(Schema):
    version: Integer
    status: Literal["draft", "in_progress", "archived"]


#: Named apart: the decision's own field is called `text`, which hides the helper in the class.
DecisionText = text(5000)


class AnalysisApproveIn(Schema):
    version: Integer
    forum_id: Integer
    decided_on: datetime.date
    paragraph: text(20) = ""
    registry_number: text(40) = ""
    text: DecisionText = ""


class ApprovalProblemsOut(Schema):
    problems: list[str]


@router.post("/risks/analyses/{analysis_id}/status", response={200: AnalysisDetailOut, **ERRORS})
def change_analysis_status(request, analysis_id: int, payload: AnalysisStatusIn):
    analysis = _analysis(request, analysis_id)
    analysis = services.change_status(analysis, by=request.auth, **payload.dict())
    return _detail(request, analysis)


@router.get("/risks/analyses/{analysis_id}/approval", response={200: ApprovalProblemsOut, **ERRORS})
def approval_problems(request, analysis_id: int):
    """What stands in the way of approving the analysis (empty: it can be approved)."""
    analysis = _analysis(request, analysis_id, APPROVE)
    return {"problems": services.approval_problems(analysis)}


@router.post("/risks/analyses/{analysis_id}/approve", response={200: AnalysisDetailOut, **ERRORS})
def approve_analysis(request, analysis_id: int, payload: AnalysisApproveIn):
    """Approve with the deciding forum's decision (recorded in governance); refused with the
    problems while a risk above the acceptable level is untreated."""
    analysis = _analysis(request, analysis_id)
    data = payload.dict()
    forum = _row(Forum, data.pop("forum_id"), "forum_id", Forum.objects.filter(is_active=True))
    analysis = services.approve_analysis(analysis, by=request.auth, forum=forum, **data)
    return _detail(request, analysis)


# --- a new matrix version ---------------------------------------------------------------------


class LevelChangeOut(Schema):
    risk_id: int
    title: str
    inherent: list[int | None]
    current: list[int | None]
    residual: list[int | None]
    changed: bool
    acceptable_before: bool
    acceptable_after: bool


class MatrixPreviewOut(Schema):
    matrix_version: int
    target_version: int
    changed: int
    problems: list[str]
    risks: list[LevelChangeOut]


class MatrixMoveIn(Schema):
    version: Integer
    matrix_version: Integer


@router.get("/risks/analyses/{analysis_id}/matrix", response={200: MatrixPreviewOut, **ERRORS})
def matrix_preview(request, analysis_id: int):
    """Which levels change if the analysis moves to the newest matrix version (before)."""
    analysis = _analysis(request, analysis_id, CHANGE)
    target = MatrixVersion.objects.current()
    preview = services.matrix_changes(analysis, target)
    steps = lambda row: {s["step"]: [s["old"], s["new"]] for s in row["steps"]}  # noqa: E731
    return {
        "matrix_version": analysis.matrix.number, "target_version": target.number,
        "changed": preview["changed"], "problems": preview["problems"],
        "risks": [
            {"risk_id": row["risk"].pk, "title": row["risk"].title, **steps(row),
             "changed": row["changed"], "acceptable_before": row["was_acceptable"],
             "acceptable_after": row["acceptable"]}
            for row in preview["rows"]
        ],
    }  # fmt: skip


@router.post("/risks/analyses/{analysis_id}/matrix", response={200: AnalysisDetailOut, **ERRORS})
def matrix_move(request, analysis_id: int, payload: MatrixMoveIn):
    analysis = _analysis(request, analysis_id)
    matrix = MatrixVersion.objects.filter(number=payload.matrix_version).first()
    if matrix is None:
        raise ValidationError({"matrix_version": _("No such choice.")})
    analysis = services.move_to_matrix(
        analysis, by=request.auth, version=payload.version, matrix=matrix
    )
    return _detail(request, analysis)


# --- crisis preparedness and the follow-up ------------------------------------------------------


class PreparednessOut(Schema):
    indicator_id: int
    indicator: str
    is_active: bool
    fulfilment: str | None = None
    comment: str | None = None
    version: int | None = None


class PreparednessIn(Schema):
    fulfilment: Literal["met", "partly", "not_met"]
    comment: text(5000) = ""
    version: Integer | None = None


class RsaFollowUpOut(Schema):
    id: int
    year: int
    summary: str
    version: int


class RsaFollowUpIn(Schema):
    year: Integer
    summary: text(20000)
    version: Integer | None = None


def _rsa(request, analysis_id: int, action: str) -> RiskAnalysis:
    analysis = _analysis(request, analysis_id, action)
    if analysis.kind != AnalysisKind.REGIONAL_RSA:
        raise Http404
    return analysis


def _preparedness(analysis) -> list[dict]:
    return [
        {"indicator_id": row["indicator"].pk, "indicator": row["indicator"].name,
         "is_active": row["indicator"].is_active,
         **({"fulfilment": row["assessment"].fulfilment, "comment": row["assessment"].comment,
             "version": row["assessment"].version} if row["assessment"] else {})}
        for row in services.preparedness_of(analysis)
    ]  # fmt: skip


@router.get("/risks/analyses/{analysis_id}/preparedness",
            response={200: list[PreparednessOut], **ERRORS})  # fmt: skip
def list_preparedness(request, analysis_id: int):
    """The RSA's assessment against each crisis preparedness indicator of the region."""
    analysis = _rsa(request, analysis_id, CONTENT)
    services.log_read(analysis)
    return _preparedness(analysis)


@router.post("/risks/analyses/{analysis_id}/preparedness/{indicator_id}",
             response={200: list[PreparednessOut], **ERRORS})  # fmt: skip
def assess_preparedness(request, analysis_id: int, indicator_id: int, payload: PreparednessIn):
    """Assess one indicator: without `version` the first time, with it for a change."""
    analysis = _rsa(request, analysis_id, VIEW)
    indicator = get_object_or_404(PreparednessIndicator, pk=indicator_id)
    services.assess_preparedness(analysis, by=request.auth, indicator=indicator, **payload.dict())
    return _preparedness(analysis)


@router.get(
    "/risks/analyses/{analysis_id}/follow-ups", response={200: list[RsaFollowUpOut], **ERRORS}
)
def list_follow_ups(request, analysis_id: int):
    analysis = _rsa(request, analysis_id, CONTENT)
    services.log_read(analysis)
    return list(RsaFollowUp.objects.filter(analysis=analysis).order_by("year"))


@router.post("/risks/analyses/{analysis_id}/follow-ups", response={200: RsaFollowUpOut, **ERRORS})
def record_follow_up(request, analysis_id: int, payload: RsaFollowUpIn):
    """The follow-up of a year: without `version` the first time, with it for a change."""
    analysis = _rsa(request, analysis_id, VIEW)
    return services.record_follow_up(analysis, by=request.auth, **payload.dict())


# --- critical services and dependencies -------------------------------------------------------


class DependencyOut(Schema):
    id: int
    kind: str
    tolerable_outage_hours: int
    description: str
    backup: str
    version: int


class CriticalServiceOut(Schema):
    id: int
    name: str
    unit_id: int
    tolerable_outage_hours: int
    description: str
    backup: str
    dependencies: list[DependencyOut]
    version: int

    @staticmethod
    def resolve_dependencies(service) -> list:
        return list(service.dependencies.all())


Hours = Integer


class CriticalServiceIn(Schema):
    name: text(200)
    unit_id: Integer
    tolerable_outage_hours: Hours
    analysis_id: Integer | None = None
    description: text(5000) = ""
    backup: text(5000) = ""


class CriticalServiceUpdateIn(Schema):
    version: Integer
    name: text(200) | None = None
    unit_id: Integer | None = None
    tolerable_outage_hours: Hours | None = None
    description: text(5000) | None = None
    backup: text(5000) | None = None


class DependencyIn(Schema):
    kind: Literal[tuple(DependencyKind.values)]  # type: ignore[valid-type]
    tolerable_outage_hours: Hours
    description: text(5000) = ""
    backup: text(5000) = ""


class DependencyUpdateIn(Schema):
    version: Integer
    tolerable_outage_hours: Hours | None = None
    description: text(5000) | None = None
    backup: text(5000) | None = None


def _services(request, action: str = VIEW):
    return CriticalService.objects.for_user(request.auth, action).prefetch_related("dependencies")


@router.get("/risks/critical-services", response=list[CriticalServiceOut])
@paginate
def list_critical_services(request):
    """The critical services in scope with their dependencies (the continuity module's too)."""
    return _services(request).order_by("name", "pk")


@router.get("/risks/critical-services/{service_id}", response={200: CriticalServiceOut, **ERRORS})
def get_critical_service(request, service_id: int):
    return get_object_or_404(_services(request), pk=service_id)


@router.post("/risks/critical-services", response={201: CriticalServiceOut, **ERRORS})
def create_critical_service(request, payload: CriticalServiceIn):
    data = payload.dict()
    analyses = RiskAnalysis.objects.for_user(request.auth, VIEW)
    service = services.add_critical_service(
        by=request.auth,
        unit=_row(Unit, data.pop("unit_id"), "unit_id"),
        analysis=_row(RiskAnalysis, data.pop("analysis_id"), "analysis_id", analyses),
        **data,
    )
    return Status(201, get_object_or_404(_services(request), pk=service.pk))


@router.post("/risks/critical-services/{service_id}", response={200: CriticalServiceOut, **ERRORS})
def update_critical_service(request, service_id: int, payload: CriticalServiceUpdateIn):
    service = get_object_or_404(_services(request), pk=service_id)
    data = payload.dict(exclude_none=True)
    if "unit_id" in data:
        data["unit"] = _row(Unit, data.pop("unit_id"), "unit_id")
    services.update_critical_service(service, by=request.auth, **data)
    return get_object_or_404(_services(request), pk=service.pk)


@router.post("/risks/critical-services/{service_id}/dependencies",
             response={201: CriticalServiceOut, **ERRORS})  # fmt: skip
def add_dependency(request, service_id: int, payload: DependencyIn):
    service = get_object_or_404(_services(request), pk=service_id)
    services.add_dependency(service, by=request.auth, **payload.dict())
    return Status(201, get_object_or_404(_services(request), pk=service.pk))


@router.post("/risks/dependencies/{dependency_id}", response={200: DependencyOut, **ERRORS})
def update_dependency(request, dependency_id: int, payload: DependencyUpdateIn):
    dependency = get_object_or_404(
        CriticalDependency.objects.for_user(request.auth, VIEW), pk=dependency_id
    )
    return services.update_dependency(
        dependency, by=request.auth, **payload.dict(exclude_none=True)
    )
