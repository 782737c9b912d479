"""The notification pages: draft, edit, export and record as sent. Thin: rows from
`for_user()`, changes through services. Whoever may see the incident but not handle it gets
403; whoever may not see it, 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sakra.core.access import CHANGE
from sakra.core.exports import filename
from sakra.core.pdf import pdf_response
from sakra.core.views import render_form, submit

from .. import services as incidents
from ..choices import NoticeKind
from ..models import Incident
from . import services, specs, text
from .forms import SentForm, notice_form
from .models import AuthorityNotice


def _handled(request, pk: int) -> Incident:
    incident = get_object_or_404(
        Incident.objects.for_user(request.user).select_related("category", "unit", "site"), pk=pk
    )
    if not Incident.objects.for_user(request.user, CHANGE).filter(pk=incident.pk).exists():
        raise PermissionDenied
    return incident


def _notice(request, notice_pk: int) -> AuthorityNotice:
    notice = (
        AuthorityNotice.objects.select_related(
            "duty__obligation", "duty__incident", "sent_by", "created_by"
        )
        .filter(pk=notice_pk)
        .first()
    )
    if notice is None:
        raise Http404
    _handled(request, notice.duty.incident_id)
    incidents.log_read(notice.duty.incident)  # a restricted incident's papers: every read logged
    return notice


def _page(request, *, incident, duty, form, notice=None, sent_form=None, sent=None):
    notices = list(duty.notices.all())
    context = {
        "incident": incident,
        "duty": duty,
        "notice": notice,
        "form": form,
        "sent_form": sent_form,
        "heading": text.heading(notice) if notice else None,
        "plain_text": text.as_text(notice) if notice else "",
        "rows": text.rows(notice) if notice else [],
        "sent_line": text.sent_line(notice) if notice else "",
        "follow_up": specs.spec_for(duty.obligation.code).follow_up,
        "may_follow_up": services.may_follow_up(duty, notices),
        "notices": notices,
    }
    return render_form(request, "incidents/notice.html", context, form=sent or form)


def _new(request, pk: int, obligation_pk: int, kind: str):
    incident = _handled(request, pk)
    duty = get_object_or_404(incident.obligations.select_related("obligation"), pk=obligation_pk)
    duty.incident = incident
    if kind == NoticeKind.INITIAL and (first := duty.notices.filter(kind=kind).first()):
        return redirect(first)
    form_class = notice_form(duty.obligation.code, versioned=False)
    form = form_class(request.POST or None, initial=specs.prefilled(duty.obligation.code, incident))
    notice = submit(
        form, lambda data: services.draft_notice(duty, by=request.user, kind=kind, content=data)
    )
    if notice is not None:
        messages.success(request, _("The draft has been saved."))
        return redirect(notice)
    return _page(request, incident=incident, duty=duty, form=form)


@never_cache
@login_required
def new_notice(request, pk: int, obligation_pk: int):
    """The notification for one duty, pre-filled from the incident (nothing saved until the
    handler saves it)."""
    return _new(request, pk, obligation_pk, NoticeKind.INITIAL)


@never_cache
@login_required
def new_follow_up(request, pk: int, obligation_pk: int):
    """A follow-up report, where the law asks for one, once the notification is sent."""
    return _new(request, pk, obligation_pk, NoticeKind.FOLLOW_UP)


@never_cache
@login_required
def notice(request, notice_pk: int):
    """A notification: edit the draft, export it, record it as sent."""
    row = _notice(request, notice_pk)
    form_class = notice_form(row.duty.obligation.code)
    form = None
    if not row.is_sent:
        form = form_class(request.POST or None, initial={**row.content, "version": row.version})
        if submit(
            form,
            lambda data: services.edit_notice(
                row, by=request.user, version=data.pop("version"), content=data
            ),
        ):
            messages.success(request, _("The draft has been saved."))
            return redirect(row)
    sent_form = None if row.is_sent else SentForm(initial={"version": row.version})
    return _page(request, incident=row.duty.incident, duty=row.duty, form=form,
                 notice=row, sent_form=sent_form)  # fmt: skip


@require_POST
@login_required
def notice_sent(request, notice_pk: int):
    """Record the notification as sent: when, and the authority's case reference."""
    row = _notice(request, notice_pk)
    sent_form = SentForm(request.POST)
    if submit(sent_form, lambda data: services.record_sent(row, by=request.user, **data)):
        messages.success(request, _("The notification has been recorded as sent."))
        return redirect(row)
    return _page(request, incident=row.duty.incident, duty=row.duty, form=None, notice=row,
                 sent_form=sent_form, sent=sent_form)  # fmt: skip


@require_GET
@login_required
def notice_pdf(request, notice_pk: int):
    row = _notice(request, notice_pk)
    context = {"heading": text.heading(row), "rows": text.rows(row),
               "sent_line": text.sent_line(row), "notice": row}  # fmt: skip
    return pdf_response(
        "incidents/notice_pdf.html", context, request=request, name=f"anmalan-{row.pk}"
    )


@require_GET
@login_required
def notice_text(request, notice_pk: int):
    """Plain text to paste into the authority's e-service."""
    row = _notice(request, notice_pk)
    response = HttpResponse(text.as_text(row), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename(f"anmalan-{row.pk}", "txt")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
