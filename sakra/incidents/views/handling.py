"""The incident page: the facts, the timeline, the clocks, and the handler's forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, with_allowed
from sakra.core.views import render_form, stored_file, submit

from .. import corrections, retention, services
from ..forms import (
    AssignForm,
    AttachmentForm,
    AwarenessForm,
    CategoryForm,
    CommentForm,
    DisruptionForm,
    LegalHoldForm,
    NearMissForm,
    ObligationForm,
    SeverityForm,
    StatusForm,
)
from ..models import Attachment, Incident
from ..notices.models import with_notice
from ..privacy import NARRATIVE_FIELDS, PERSONAL_FIELDS
from ..querysets import ACKNOWLEDGE, COMMENT, LEGAL_HOLD, NARRATIVE, PERSONAL_DATA
from .timeline import timeline_entries

#: What the page offers, each decided by the one access path when the incident is read.
PAGE_ACTIONS = (CHANGE, COMMENT, ACKNOWLEDGE, LEGAL_HOLD, PERSONAL_DATA, NARRATIVE)


def _incident(request, pk: int) -> Incident:
    incidents = Incident.objects.for_user(request.user).select_related(
        "category", "area", "unit", "administration", "site", "handler", "reporter",
        "acknowledged_by", "legal_hold_set_by",
    )  # fmt: skip
    duplicates = Incident.objects.filter(duplicate_of=OuterRef("pk"))
    incidents = incidents.annotate(has_duplicates=Exists(duplicates))
    return get_object_or_404(with_allowed(incidents, request.user, PAGE_ACTIONS), pk=pk)


def _render(request, incident: Incident, *, sent=None, **forms):
    """The page; `sent` is the form sent back (its status decides the page's: 409/422)."""
    allowed = {action for action in PAGE_ACTIONS if getattr(incident, f"may_{action}", False)}
    can_change = CHANGE in allowed
    candidates = services.handler_candidates(incident) if can_change else []
    # Read with the incident (`_incident`), so privacy.py need not ask again: its rule.
    hidden = frozenset()
    if incident.is_restricted:
        hidden = (frozenset() if PERSONAL_DATA in allowed else PERSONAL_FIELDS) | (
            frozenset() if NARRATIVE in allowed else NARRATIVE_FIELDS
        )
    incident.hidden_fields, incident.personal_data_withheld = hidden, bool(hidden)
    withheld = bool(hidden)
    obligations = incident.obligations.select_related("obligation", "reported_by")
    if can_change:  # the notifications to authorities are the handlers' papers (notices/)
        obligations = with_notice(obligations)
    obligations = list(obligations)
    context = {
        "incident": incident,
        "timeline": timeline_entries(request.user, incident),
        "obligations": obligations,
        # Both ways, each only as far as the reader may see: one query each.
        "duplicate_of": Incident.objects.for_user(request.user)
        .filter(pk=incident.duplicate_of_id)
        .only("pk", "reference")
        .first()
        if incident.duplicate_of_id
        else None,
        "duplicates": Incident.objects.for_user(request.user)
        .filter(duplicate_of=incident)
        .only("pk", "reference", "occurred_at")
        if getattr(incident, "has_duplicates", True)
        else (),
        "attachments": [] if withheld else incident.attachments.all(),
        "can_change": can_change,
        "can_comment": COMMENT in allowed and incident.personal_data_removed_at is None,
        "can_hold": LEGAL_HOLD in allowed and incident.personal_data_removed_at is None,
        "legal_hold_form": forms.get("legal_hold_form") or LegalHoldForm(incident=incident),
        "can_acknowledge": ACKNOWLEDGE in allowed and incident.awaits_acknowledgement,
        "status_form": forms.get("status_form")
        or StatusForm(incident=incident, open_duties=_open_duties(obligations)),
        "category_form": forms.get("category_form") or CategoryForm(incident=incident),
        "awareness_form": forms.get("awareness_form") or AwarenessForm(incident=incident),
        "near_miss_form": forms.get("near_miss_form") or NearMissForm(incident=incident),
        "disruption_form": forms.get("disruption_form") or DisruptionForm(incident=incident),
        "assign_form": forms.get("assign_form")
        or AssignForm(incident=incident, candidates=candidates),
        "severity_form": forms.get("severity_form") or SeverityForm(incident=incident),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "obligation_form": forms.get("obligation_form") or ObligationForm(incident=incident),
        "obligation_error_id": forms.get("obligation_id"),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
    }
    return render_form(request, "incidents/detail.html", context, form=sent)


def _open_duties(obligations) -> list:
    """(reporting obligation, overdue) of each duty the incident still waits for."""
    return [(row.obligation, row.is_overdue) for row in obligations if row.is_pending]


@never_cache
@login_required
def detail(request, pk: int):
    incident = _incident(request, pk)
    services.log_read(incident)
    return _render(request, incident)


def _act(request, pk, form_class, form_key, call, *, form_kwargs=None, success="", extra=None):
    """One handling form through its service (`sakra.core.views.submit`): back to the page on
    success, else the page with the form's errors (422 refused input, 409 stale version)."""
    incident = _incident(request, pk)
    form = form_class(request.POST, request.FILES, **(form_kwargs or {}))
    submit(form, lambda data: call(incident, data))
    if not form.errors:
        if success:
            messages.success(request, success)
        return redirect("incidents:detail", pk=incident.pk)
    if form.stale:
        incident = _incident(request, pk)  # the page shows what the other person saved
    return _render(request, incident, sent=form, **{form_key: form}, **(extra or {}))


@require_POST
@login_required
def change_status(request, pk: int):
    incident = _incident(request, pk)
    open_duties = _open_duties(incident.obligations.select_related("obligation"))
    return _act(
        request, pk, StatusForm, "status_form",
        lambda i, d: services.change_status(
            i, by=request.user, status=d["status"], version=d["version"], reason=d["reason"],
            dismissal_kind=d["dismissal_kind"], duplicate_of=d["duplicate_of"],
            confirm_open_obligations=d.get("confirm_open_obligations", False)),
        form_kwargs={"incident": incident, "open_duties": open_duties},
        success=_("The status has been changed."),
    )  # fmt: skip


@require_POST
@login_required
def change_category(request, pk: int):
    incident = _incident(request, pk)
    response = _act(
        request, pk, CategoryForm, "category_form",
        lambda i, d: corrections.change_category(i, by=request.user, category=d["category"],
                                                 version=d["version"]),
        form_kwargs={"incident": incident}, success=_("The category has been changed."),
    )  # fmt: skip
    # A new area (or restriction) may take the incident out of the person's scope: back to the
    # list, not to a page that now answers 404.
    visible = Incident.objects.for_user(request.user).filter(pk=pk)
    if response.status_code == 302 and not visible.exists():
        return redirect("incidents:list")
    return response


@require_POST
@login_required
def correct_awareness(request, pk: int):
    incident = _incident(request, pk)
    return _act(
        request, pk, AwarenessForm, "awareness_form",
        lambda i, d: corrections.correct_awareness(i, by=request.user, aware_at=d["aware_at"],
                                                   version=d["version"]),
        form_kwargs={"incident": incident},
        success=_("The time the region became aware has been corrected."),
    )  # fmt: skip


@require_POST
@login_required
def mark_near_miss(request, pk: int):
    incident = _incident(request, pk)
    return _act(
        request, pk, NearMissForm, "near_miss_form",
        lambda i, d: corrections.mark_near_miss(i, by=request.user,
                                                is_near_miss=d["is_near_miss"],
                                                version=d["version"]),
        form_kwargs={"incident": incident}, success=_("Saved: event or near miss."),
    )  # fmt: skip


@require_POST
@login_required
def record_disruption(request, pk: int):
    incident = _incident(request, pk)
    return _act(
        request, pk, DisruptionForm, "disruption_form",
        lambda i, d: corrections.record_disruption(
            i, by=request.user, supply=d["supply"], started_at=d["disruption_started_at"],
            ended_at=d["disruption_ended_at"], hours=d["disruption_hours"],
            version=d["version"]),
        form_kwargs={"incident": incident}, success=_("The disruption has been recorded."),
    )  # fmt: skip


@require_POST
@login_required
def assign_handler(request, pk: int):
    incident = _incident(request, pk)
    if not Incident.objects.for_user(request.user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    return _act(
        request, pk, AssignForm, "assign_form",
        lambda i, d: services.assign_handler(i, by=request.user, handler=d["handler"],
                                             version=d["version"]),
        form_kwargs={"incident": incident, "candidates": services.handler_candidates(incident)},
        success=_("The handler has been changed."),
    )  # fmt: skip


@require_POST
@login_required
def change_severity(request, pk: int):
    return _act(
        request, pk, SeverityForm, "severity_form",
        lambda i, d: services.change_severity(i, by=request.user, severity=d["severity"],
                                              version=d["version"]),
        success=_("The severity has been changed."),
    )  # fmt: skip


@require_POST
@login_required
def add_comment(request, pk: int):
    return _act(
        request, pk, CommentForm, "comment_form",
        lambda i, d: services.add_comment(i, by=request.user, text=d["text"]),
        success=_("The comment has been added."),
    )  # fmt: skip


@require_POST
@login_required
def acknowledge_incident(request, pk: int):
    incident = _incident(request, pk)
    try:
        services.acknowledge(incident, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You have acknowledged the acute report."))
    return redirect("incidents:detail", pk=incident.pk)


@require_POST
@login_required
def record_obligation(request, pk: int, obligation_pk: int):
    incident = _incident(request, pk)
    obligation = get_object_or_404(incident.obligations, pk=obligation_pk)
    return _act(
        request, pk, ObligationForm, "obligation_form",
        lambda i, d: services.record_obligation_reported(
            obligation, by=request.user, version=d["version"], reported_at=d["reported_at"],
            authority_reference=d["authority_reference"],
        ),
        success=_("The report to the authority has been recorded."),
        extra={"obligation_id": obligation.pk},
    )  # fmt: skip


@require_POST
@login_required
def add_attachment(request, pk: int):
    return _act(
        request, pk, AttachmentForm, "attachment_form",
        lambda i, d: services.add_attachment(i, by=request.user, uploaded=d["file"]),
        success=_("The file has been attached."),
    )  # fmt: skip


@require_POST
@login_required
def legal_hold(request, pk: int):
    """Set or lift the legal hold that stops retention (the chief and coordinators in scope)."""
    if not Incident.objects.for_user(request.user, LEGAL_HOLD).filter(pk=pk).exists():
        _incident(request, pk)  # 404 when it cannot even be seen
        raise PermissionDenied

    def call(incident, data):
        change = retention.set_legal_hold if data["hold"] else retention.lift_legal_hold
        return change(incident, by=request.user, reason=data["reason"], version=data["version"])

    return _act(
        request, pk, LegalHoldForm, "legal_hold_form", call,
        success=_("The legal hold has been changed."),
    )  # fmt: skip


@never_cache
@login_required
def download_attachment(request, pk: int):
    """Always a download, never shown inline, never cached."""
    attachment = get_object_or_404(
        Attachment.objects.for_user(request.user).select_related("incident"), pk=pk
    )
    if attachment.incident.personal_data_removed_at is not None:
        raise Http404  # removed by retention (the file itself goes once the removal commits)
    services.log_read(attachment.incident)
    return stored_file(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
