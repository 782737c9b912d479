"""Every change to risk rows: one transaction each, the acting person as `by=`, a required
`version` for a change to an existing row, an audit entry (the models are registered with
django-auditlog), notifications on commit.

Bad input raises `ValidationError` keyed by field; a stale version `StaleVersion`; a person
without the right `PermissionDenied`. Pages and the API only call these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from auditlog.signals import accessed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.core import audit
from sakra.core.access import CHANGE, can
from sakra.core.concurrency import StaleVersion, lock, save_new_version
from sakra.core.validation import check_stored_text
from sakra.governance.services import record_decision

from . import cycle
from .choices import (
    TRANSITIONS,
    AnalysisKind,
    AnalysisStatus,
    DependencyKind,
    Fulfilment,
    Treatment,
)
from .models import (
    CriticalDependency,
    CriticalService,
    MatrixVersion,
    PreparednessAssessment,
    PreparednessIndicator,
    Risk,
    RiskAnalysis,
    RsaFollowUp,
    ScanningNote,
)
from .querysets import APPROVE, CREATE

ANALYSIS_TEXTS = {"title": 200, "method": 20000, "responsibility": 20000,
                  "preparedness": 20000, "vulnerabilities": 20000}  # fmt: skip
RISK_TEXTS = {"title": 200, "scenario": 5000, "cause": 5000, "consequences": 5000,
              "justification": 5000}  # fmt: skip
STEPS = ("inherent", "current", "residual")


def _text(value: Any, field: str, *, required: bool = False, limit: int | None = None) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if limit is not None and len(value) > limit:
        raise ValidationError(
            {field: _("Keep it to at most {limit} characters.").format(limit=limit)}
        )
    try:
        return check_stored_text(value) if value else value
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def _date(value: Any, field: str, *, required: bool = True) -> datetime.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Give a date.")})
    return value


# --- reads of confidential analyses --------------------------------------------------------


def log_read(analysis: RiskAnalysis) -> None:
    """Every read of a confidential analysis's content goes to the access log (who, when),
    as restricted incidents' reads do (auditlog's `accessed`)."""
    if analysis.is_confidential:
        accessed.send(RiskAnalysis, instance=analysis)


def log_reads(user: Any, risks: Iterable[Risk]) -> None:
    """One access-log entry per confidential analysis whose risks a list or export showed."""
    analyses = {risk.analysis_id: risk.analysis for risk in risks if risk.analysis.is_confidential}
    audit.log_reads(list(analyses.values()), actor=user, how="list")


# --- analyses --------------------------------------------------------------------------------


def _check_period(start: Any, end: Any) -> None:
    _date(start, "period_start")
    _date(end, "period_end")
    if end < start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})


def _check_one_rsa(period_start: datetime.date, *, other_than: int | None = None) -> None:
    """One regional RSA per mandate period: a second one (not archived) is refused."""
    period = cycle.period_of(period_start.year)
    clash = (
        cycle.rsas()
        .exclude(status=AnalysisStatus.ARCHIVED)
        .filter(period_start__year__gte=period.first_year, period_start__year__lte=period.last_year)
    )
    if other_than is not None:
        clash = clash.exclude(pk=other_than)
    if clash.exists():
        raise ValidationError(
            {"period_start": _("The mandate period {period} already has its RSA.").format(
                period=period)}
        )  # fmt: skip


@transaction.atomic
def create_analysis(
    *, by: Any, title: str, kind: str, unit: Any, period_start: datetime.date,
    period_end: datetime.date, site: Any = None, area: Any = None, participants: Iterable = (),
    is_confidential: bool = False, **texts: str,
) -> RiskAnalysis:  # fmt: skip
    """A new analysis in draft, assessed under the current matrix version."""
    if kind not in AnalysisKind.values:
        raise ValidationError({"kind": _("Choose a kind of analysis.")})
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit the analysis covers.")})
    _check_period(period_start, period_end)
    if kind == AnalysisKind.REGIONAL_RSA:
        _check_one_rsa(period_start)
    unknown = set(texts) - set(ANALYSIS_TEXTS) - {"title"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    analysis = RiskAnalysis(
        title=_text(title, "title", required=True, limit=200), kind=kind, unit=unit, site=site,
        area=area, period_start=period_start, period_end=period_end,
        is_confidential=bool(is_confidential), matrix=MatrixVersion.objects.current(),
        created_by=by,
    )  # fmt: skip
    for name, value in texts.items():
        setattr(analysis, name, _text(value, name, limit=ANALYSIS_TEXTS[name]))
    analysis.save()
    analysis.participants.set(list(participants))
    if not can(by, CREATE, analysis):
        raise PermissionDenied(_("You may not make risk analyses here."))
    return analysis


@transaction.atomic
def update_analysis(analysis: RiskAnalysis, *, by: Any, version: int, **changes: Any
                    ) -> RiskAnalysis:  # fmt: skip
    """Change an analysis's description; an archived analysis is not changed."""
    if not can(by, CHANGE, analysis):
        raise PermissionDenied
    row = lock(analysis, version)
    if row.status == AnalysisStatus.ARCHIVED:
        raise ValidationError(_("An archived analysis is not changed."))
    participants = changes.pop("participants", None)
    fields = []
    for name, value in changes.items():
        if name in ANALYSIS_TEXTS:
            value = _text(value, name, required=name == "title", limit=ANALYSIS_TEXTS[name])
        elif name in ("site", "area", "is_confidential", "period_start", "period_end"):
            pass
        else:
            raise TypeError(f"unknown field {name!r}")
        setattr(row, name, value)
        fields.append(name)
    _check_period(row.period_start, row.period_end)
    if row.kind == AnalysisKind.REGIONAL_RSA and "period_start" in fields:
        _check_one_rsa(row.period_start, other_than=row.pk)
    save_new_version(row, *fields)
    if participants is not None:
        row.participants.set(list(participants))
    return row


@transaction.atomic
def change_status(analysis: RiskAnalysis, *, by: Any, version: int, status: str) -> RiskAnalysis:
    """Draft ↔ in progress, and to archived; approval goes through `approve_analysis`."""
    if not can(by, CHANGE, analysis):
        raise PermissionDenied
    row = lock(analysis, version)
    if status not in TRANSITIONS.get(row.status, set()):
        raise ValidationError({"status": _("The analysis cannot move to that status.")})
    row.status = status
    save_new_version(row, "status")
    return row


def approval_problems(analysis: RiskAnalysis) -> list[str]:
    """Why the analysis cannot be approved yet: risks above the acceptable level untreated,
    or accepted without a justification and an expiry date. Empty when it can."""
    problems = []
    above = analysis.risks.filter(current_level__gt=analysis.matrix.acceptable_level)
    for risk in above.order_by("title", "pk"):
        if not risk.treatment:
            problems.append(
                _("“{risk}” is above the acceptable level and has no treatment.").format(risk=risk)
            )
        elif risk.treatment == Treatment.ACCEPT and not (
            risk.justification and risk.acceptance_expires
        ):
            problems.append(
                _("“{risk}” is accepted above the acceptable level without a justification "
                  "and an expiry date.").format(risk=risk)
            )  # fmt: skip
    return problems


@transaction.atomic
def approve_analysis(
    analysis: RiskAnalysis, *, by: Any, version: int, forum: Any, decided_on: datetime.date,
    paragraph: str = "", registry_number: str = "", text: str = "",
) -> RiskAnalysis:  # fmt: skip
    """Approve the analysis: the decision is recorded in governance and the analysis points at
    it. Refused while a risk above the acceptable level is untreated or accepted without a
    justification and an expiry date."""
    if not can(by, APPROVE, analysis):
        raise PermissionDenied(_("You may not approve this analysis."))
    row = lock(analysis, version)
    if row.status not in (AnalysisStatus.DRAFT, AnalysisStatus.IN_PROGRESS):
        raise ValidationError({"status": _("Only a draft or an analysis in progress is approved.")})
    paragraph = _text(paragraph, "paragraph", limit=20)
    registry_number = _text(registry_number, "registry_number", limit=40)
    problems = approval_problems(row)
    if problems:
        raise ValidationError({"risks": problems})
    decision = record_decision(
        by=by, forum=forum, decided_on=decided_on,
        title=_("Approval of {analysis}").format(analysis=row.title), text=text,
        paragraph=paragraph, registry_number=registry_number,
    )  # fmt: skip
    row.status = AnalysisStatus.APPROVED
    row.decision = decision
    row.approved_by = by
    row.approved_at = timezone.now()
    save_new_version(row, "status", "decision", "approved_by", "approved_at")
    return row


def approval_is_stale(analysis: RiskAnalysis) -> bool:
    """An approval goes stale when a risk of the analysis changed after it."""
    if analysis.approved_at is None:
        return False
    return analysis.risks.filter(updated_at__gt=analysis.approved_at).exists()


# --- risks ------------------------------------------------------------------------------------


def _assess(matrix: MatrixVersion, data: dict, step: str, *, required: bool) -> int | None:
    """The level of a (likelihood, consequence) pair, each checked against the matrix."""
    likelihood, consequence = data.get(f"{step}_likelihood"), data.get(f"{step}_consequence")
    if likelihood is None and consequence is None and not required:
        return None
    rows, columns = matrix.size
    for field, value, size in ((f"{step}_likelihood", likelihood, rows),
                               (f"{step}_consequence", consequence, columns)):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= size:
            raise ValidationError({field: _("Choose a step between 1 and {n}.").format(n=size)})
    return matrix.level(likelihood, consequence)


def _check_treatment(matrix: MatrixVersion, row: Risk) -> None:
    if row.treatment and row.treatment not in Treatment.values:
        raise ValidationError({"treatment": _("Choose a treatment.")})
    if row.treatment == Treatment.ACCEPT and not matrix.is_acceptable(row.current_level):
        if not row.justification:
            raise ValidationError(
                {"justification": _("A risk above the acceptable level is accepted only with "
                                    "a justification.")}
            )  # fmt: skip
        if row.acceptance_expires is None:
            raise ValidationError(
                {"acceptance_expires": _("Accepting a risk above the acceptable level needs an "
                                         "expiry date.")}
            )  # fmt: skip
        if row.acceptance_expires <= timezone.localdate():
            raise ValidationError({"acceptance_expires": _("The expiry date must be ahead.")})


def _apply(row: Risk, matrix: MatrixVersion, data: dict) -> list[str]:
    """Set the risk's fields from `data` (texts checked, levels computed); the changed names."""
    changed = []
    for name, value in data.items():
        if name in RISK_TEXTS:
            value = _text(value, name, required=name == "title", limit=RISK_TEXTS[name])
        elif name == "acceptance_expires" or name == "review_date":
            value = _date(value, name, required=False)
        elif name not in ("treatment", "area", "owner", "note") and not name.endswith(
            ("_likelihood", "_consequence")
        ):
            raise TypeError(f"unknown field {name!r}")
        setattr(row, name, value)
        changed.append(name)
    current = {f"{step}_{axis}": getattr(row, f"{step}_{axis}") for step in STEPS
               for axis in ("likelihood", "consequence")}  # fmt: skip
    row.inherent_level = _assess(matrix, current, "inherent", required=True)
    row.current_level = _assess(matrix, current, "current", required=True)
    row.residual_level = _assess(matrix, current, "residual", required=False)
    if row.area_id is None:
        raise ValidationError({"area": _("Choose the security area.")})
    if row.owner_id is None:
        raise ValidationError({"owner": _("Choose the risk's owner.")})
    _check_treatment(matrix, row)
    if row.review_date is None:
        row.review_date = matrix.review_after(row.current_level)
    return [*changed, "inherent_level", "current_level", "residual_level", "review_date"]


@transaction.atomic
def create_risk(analysis: RiskAnalysis, *, by: Any, categories: Iterable = (), **data: Any
                ) -> Risk:  # fmt: skip
    """A risk in `analysis`; its current assessment defaults to the inherent one and its review
    date from its level."""
    if not can(by, CHANGE, analysis):
        raise PermissionDenied(_("You may not change this analysis."))
    if analysis.status == AnalysisStatus.ARCHIVED:
        raise ValidationError(_("An archived analysis is not changed."))
    for axis in ("likelihood", "consequence"):
        if data.get(f"current_{axis}") is None:
            data[f"current_{axis}"] = data.get(f"inherent_{axis}")
    row = Risk(analysis=analysis, created_by=by)
    _apply(row, analysis.matrix, data)
    row.save()
    row.categories.set(list(categories))
    return row


@transaction.atomic
def update_risk(risk: Risk, *, by: Any, version: int, categories: Iterable | None = None,
                **data: Any) -> Risk:  # fmt: skip
    """Change a risk; levels are computed again under its analysis's matrix version."""
    if not can(by, CHANGE, risk):
        raise PermissionDenied
    row = lock(risk, version)
    analysis = RiskAnalysis.objects.select_related("matrix").get(pk=row.analysis_id)
    if analysis.status == AnalysisStatus.ARCHIVED:
        raise ValidationError(_("An archived analysis is not changed."))
    for axis in ("likelihood", "consequence"):
        # An empty current assessment is the inherent one, as when the risk was created.
        if f"current_{axis}" in data and data[f"current_{axis}"] is None:
            data[f"current_{axis}"] = data.get(f"inherent_{axis}", getattr(row, f"inherent_{axis}"))
    if "review_date" not in data and "current_likelihood" in data:
        row.review_date = None  # a new assessment moves the review date from its level
    fields = _apply(row, analysis.matrix, data)
    save_new_version(row, *fields)
    if categories is not None:
        row.categories.set(list(categories))
    return row


# --- environmental scanning ------------------------------------------------------------------


@transaction.atomic
def create_note(*, by: Any, noted_on: datetime.date, source: str, summary: str,
                areas: Iterable = ()) -> ScanningNote:  # fmt: skip
    if not ScanningNote.objects.may(by, CREATE):
        raise PermissionDenied
    note = ScanningNote.objects.create(
        noted_on=_date(noted_on, "noted_on"),
        source=_text(source, "source", required=True, limit=300),
        summary=_text(summary, "summary", required=True, limit=10000),
        created_by=by,
    )
    note.areas.set(list(areas))
    return note


# --- critical services and dependencies -------------------------------------------------------

#: Tolerable outages are given in hours, up to a year.
MAX_HOURS = 24 * 366


def _hours(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HOURS:
        raise ValidationError(
            {field: _("Give the hours as a whole number from 0 to {n}.").format(n=MAX_HOURS)}
        )
    return value


def _service_analysis(by: Any, analysis: RiskAnalysis | None) -> RiskAnalysis | None:
    """A service is described in an analysis the person may change (or in none)."""
    if analysis is not None and not can(by, CHANGE, analysis):
        raise ValidationError({"analysis": _("Choose an analysis you may change.")})
    return analysis


@transaction.atomic
def add_critical_service(*, by: Any, name: str, unit: Any, tolerable_outage_hours: int,
                         analysis: RiskAnalysis | None = None, description: str = "",
                         backup: str = "") -> CriticalService:  # fmt: skip
    """A critical service of the region, placed at its responsible unit."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the responsible unit.")})
    service = CriticalService.objects.create(
        name=_text(name, "name", required=True, limit=200), unit=unit,
        analysis=_service_analysis(by, analysis),
        tolerable_outage_hours=_hours(tolerable_outage_hours, "tolerable_outage_hours"),
        description=_text(description, "description", limit=5000),
        backup=_text(backup, "backup", limit=5000),
    )  # fmt: skip
    if not can(by, CREATE, service):
        raise PermissionDenied
    return service


@transaction.atomic
def update_critical_service(service: CriticalService, *, by: Any, version: int,
                            **changes: Any) -> CriticalService:  # fmt: skip
    """Change a critical service; moved to another unit only within the person's scope. The
    continuity module reads the same row: its plans follow the change."""
    if not can(by, CHANGE, service):
        raise PermissionDenied
    row = lock(service, version)
    for name, value in changes.items():
        if name == "name":
            value = _text(value, name, required=True, limit=200)
        elif name in ("description", "backup"):
            value = _text(value, name, limit=5000)
        elif name == "tolerable_outage_hours":
            value = _hours(value, name)
        elif name == "analysis":
            if value is not None and value.pk != row.analysis_id:
                value = _service_analysis(by, value)
        elif name == "unit":
            in_scope = CriticalService.objects.units_for(by, CHANGE)
            if value is None or not in_scope.filter(pk=value.pk).exists():
                raise ValidationError({"unit": _("Choose a unit in your own scope.")})
        else:
            raise TypeError(f"unknown field {name!r}")
        setattr(row, name, value)
    save_new_version(row, *changes)
    return row


@transaction.atomic
def add_dependency(service: CriticalService, *, by: Any, kind: str, tolerable_outage_hours: int,
                   description: str = "", backup: str = "") -> CriticalDependency:  # fmt: skip
    """A critical dependency of the service (each kind once)."""
    if not can(by, CHANGE, service):
        raise PermissionDenied
    if kind not in DependencyKind.values:
        raise ValidationError({"kind": _("Choose a kind of dependency.")})
    if service.dependencies.filter(kind=kind).exists():
        raise ValidationError({"kind": _("The service already has this dependency.")})
    return CriticalDependency.objects.create(
        service=service, kind=kind,
        tolerable_outage_hours=_hours(tolerable_outage_hours, "tolerable_outage_hours"),
        description=_text(description, "description", limit=5000),
        backup=_text(backup, "backup", limit=5000),
    )  # fmt: skip


@transaction.atomic
def update_dependency(dependency: CriticalDependency, *, by: Any, version: int,
                      **changes: Any) -> CriticalDependency:  # fmt: skip
    """Change a dependency's tolerable outage, backup or description (its kind stays)."""
    if not can(by, CHANGE, dependency):
        raise PermissionDenied
    row = lock(dependency, version)
    for name, value in changes.items():
        if name in ("description", "backup"):
            value = _text(value, name, limit=5000)
        elif name == "tolerable_outage_hours":
            value = _hours(value, name)
        else:
            raise TypeError(f"unknown field {name!r}")
        setattr(row, name, value)
    save_new_version(row, *changes)
    return row


# --- crisis preparedness and the yearly follow-up ------------------------------------------


def preparedness_of(analysis: RiskAnalysis) -> list[dict]:
    """Each indicator in use, and any retired one the analysis was assessed against, with its
    assessment (None when not assessed): two queries."""
    assessments = {
        row.indicator_id: row for row in PreparednessAssessment.objects.filter(analysis=analysis)
    }
    indicators = PreparednessIndicator.objects.filter(
        Q(is_active=True) | Q(pk__in=list(assessments))
    ).order_by("position", "name", "pk")
    return [
        {"indicator": indicator, "assessment": assessments.get(indicator.pk)}
        for indicator in indicators
    ]


def _rsa_to_change(analysis: RiskAnalysis, by: Any) -> None:
    if not can(by, CHANGE, analysis):
        raise PermissionDenied
    if analysis.kind != AnalysisKind.REGIONAL_RSA:
        raise ValidationError(_("Only the regional RSA has this part."))
    if analysis.status == AnalysisStatus.ARCHIVED:
        raise ValidationError(_("An archived analysis is not changed."))


@transaction.atomic
def assess_preparedness(analysis: RiskAnalysis, *, by: Any, indicator: PreparednessIndicator,
                        fulfilment: str, comment: str = "", version: int | None = None
                        ) -> PreparednessAssessment:  # fmt: skip
    """Assess the RSA against one indicator. The first assessment is made without a version;
    a change to it carries the version it was made from (someone else's first assessment
    meanwhile makes a first one stale too)."""
    _rsa_to_change(analysis, by)
    if indicator is None or not indicator.is_active:
        raise ValidationError({"indicator": _("Choose an indicator in use.")})
    if fulfilment not in Fulfilment.values:
        raise ValidationError({"fulfilment": _("Choose how far the indicator is met.")})
    comment = _text(comment, "comment", limit=5000)
    RiskAnalysis.objects.select_for_update().filter(pk=analysis.pk).first()
    row = PreparednessAssessment.objects.filter(analysis=analysis, indicator=indicator).first()
    if row is None:
        if version is not None:
            raise StaleVersion
        return PreparednessAssessment.objects.create(
            analysis=analysis, indicator=indicator, fulfilment=fulfilment, comment=comment,
            assessed_by=by,
        )  # fmt: skip
    if version is None:
        raise StaleVersion
    row = lock(row, version)
    row.fulfilment, row.comment, row.assessed_by = fulfilment, comment, by
    save_new_version(row, "fulfilment", "comment", "assessed_by")
    return row


@transaction.atomic
def record_follow_up(analysis: RiskAnalysis, *, by: Any, year: int, summary: str,
                     version: int | None = None) -> RsaFollowUp:  # fmt: skip
    """The RSA's follow-up of a later year of its mandate period (a change carries the
    version, as for an assessment)."""
    _rsa_to_change(analysis, by)
    if analysis.status != AnalysisStatus.APPROVED:
        raise ValidationError(_("An RSA is followed up once it is approved."))
    period = cycle.period_of(analysis.period_start.year)
    if isinstance(year, bool) or not isinstance(year, int) or year not in period.follow_up_years:
        raise ValidationError(
            {"year": _("Choose a year from {first} to {last}.").format(
                first=period.follow_up_years[0], last=period.last_year)}
        )  # fmt: skip
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("A year is followed up in the year or after it.")})
    summary = _text(summary, "summary", required=True, limit=20000)
    RiskAnalysis.objects.select_for_update().filter(pk=analysis.pk).first()
    row = RsaFollowUp.objects.filter(analysis=analysis, year=year).first()
    if row is None:
        if version is not None:
            raise StaleVersion
        return RsaFollowUp.objects.create(
            analysis=analysis, year=year, summary=summary, recorded_by=by
        )
    if version is None:
        raise StaleVersion
    row = lock(row, version)
    row.summary, row.recorded_by = summary, by
    save_new_version(row, "summary", "recorded_by")
    return row


# --- moving a draft to a new matrix version -------------------------------------------------


def matrix_changes(analysis: RiskAnalysis, target: MatrixVersion) -> dict:
    """What moving `analysis` to `target` would do, before it is done: each risk's three
    levels under both versions, which change, and the steps the target lacks (refused)."""
    source = analysis.matrix
    rows, problems = [], []
    n_lik, n_con = target.size
    for risk in analysis.risks.order_by("-current_level", "title", "pk"):
        steps = []
        fits = True
        for step in STEPS:
            lik, con = getattr(risk, f"{step}_likelihood"), getattr(risk, f"{step}_consequence")
            if lik and con and (lik > n_lik or con > n_con):
                fits = False
                continue
            old, new = getattr(risk, f"{step}_level"), target.level(lik, con)
            steps.append({"step": step, "old": old, "new": new, "changed": old != new,
                          "old_label": source.level_label(old),
                          "new_label": target.level_label(new)})  # fmt: skip
        if not fits:
            problems.append(
                _("“{risk}” uses a step that version {number} does not have.").format(
                    risk=risk, number=target.number)
            )  # fmt: skip
            continue
        current = next(s for s in steps if s["step"] == "current")
        rows.append({
            "risk": risk, "steps": steps, "changed": any(s["changed"] for s in steps),
            "was_acceptable": source.is_acceptable(current["old"]),
            "acceptable": target.is_acceptable(current["new"]),
        })  # fmt: skip
    return {"rows": rows, "problems": problems, "target": target,
            "changed": sum(1 for row in rows if row["changed"])}  # fmt: skip


@transaction.atomic
def move_to_matrix(analysis: RiskAnalysis, *, by: Any, version: int, matrix: MatrixVersion
                   ) -> RiskAnalysis:  # fmt: skip
    """Move a draft (or an analysis in progress) to a newer matrix version and compute its
    risks' levels again under it; each changed risk gets a new version and an audit entry. An
    approved analysis keeps the version it was assessed under."""
    if not can(by, CHANGE, analysis):
        raise PermissionDenied
    row = lock(analysis, version)
    if row.status not in (AnalysisStatus.DRAFT, AnalysisStatus.IN_PROGRESS):
        raise ValidationError(
            {"matrix": _("Only a draft or an analysis in progress moves to a new version.")}
        )
    if matrix is None or matrix.number <= row.matrix.number:
        raise ValidationError({"matrix": _("Choose a newer version of the matrix.")})
    preview = matrix_changes(row, matrix)
    if preview["problems"]:
        raise ValidationError({"matrix": preview["problems"]})
    for change in preview["rows"]:
        if not change["changed"]:
            continue
        risk = lock(change["risk"], change["risk"].version)
        for step in change["steps"]:
            setattr(risk, f"{step['step']}_level", step["new"])
        save_new_version(risk, "inherent_level", "current_level", "residual_level")
    row.matrix = matrix
    save_new_version(row, "matrix")
    return row
