"""The crisis log's pages: the crises, opening one, its log, staff, summary, closing, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, can
from sakra.core.pdf import pdf_response
from sakra.core.views import render_form, submit

from .. import services
from ..forms import CloseForm, CrisisForm, EntryForm, StaffForm, SummaryForm
from ..models import Crisis
from ..querysets import WRITE
from .common import PER_PAGE


def _crisis(request, pk: int, action: str = VIEW) -> Crisis:
    """The crisis when the person may read it (404 otherwise), and 403 when they read it but
    may not take `action` (the auditor reads, changes nothing)."""
    crisis = get_object_or_404(
        Crisis.objects.for_user(request.user, VIEW).select_related("unit", "opened_by"), pk=pk
    )
    if action != VIEW and not can(request.user, action, crisis):
        raise PermissionDenied
    return crisis


# --- the crisis log -------------------------------------------------------------------------


@login_required
def crises(request):
    rows = Crisis.objects.for_user(request.user, VIEW).select_related("unit")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "may_open": services.may_open_crisis(request.user)}
    return render(request, "continuity/crises.html", context)


@login_required
def crisis_open(request):
    if not services.may_open_crisis(request.user):
        raise PermissionDenied
    form = CrisisForm(request.POST or None, user=request.user)
    crisis = submit(form, lambda data: services.open_crisis(by=request.user, **data))
    if crisis:
        messages.success(request, _("The crisis is open. You hold its first staff role."))
        return redirect(crisis)
    return render_form(request, "continuity/crisis_form.html", {"form": form})


def _crisis_page(request, crisis, *, entry_form=None, staff_form=None, summary_form=None,
                 close_form=None):  # fmt: skip
    may_write = crisis.is_open and can(request.user, WRITE, crisis)
    may_close = crisis.is_open and can(request.user, CHANGE, crisis)
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    # A crisis log runs to thousands of entries: a page of them at a time, the newest (the
    # last page) unless another is asked for; the PDF holds them all.
    log = Paginator(crisis.entries.in_order(), PER_PAGE)
    page = log.get_page(request.GET.get("page") or log.num_pages)
    context = {
        "crisis": crisis,
        "entries": page.object_list,
        "page_obj": page,
        "staff": crisis.staff.select_related("person"),
        "may_write": may_write,
        "may_close": may_close,
        "entry_form": entry_form or (EntryForm(crisis=crisis, initial={"happened_at": now})
                                     if may_write else None),
        "staff_form": staff_form or (StaffForm() if may_write else None),
        "summary_form": summary_form or (
            SummaryForm(initial={"summary": crisis.summary, "version": crisis.version})
            if may_write else None),
        "close_form": close_form or (CloseForm(initial={"version": crisis.version})
                                     if may_close else None),
    }  # fmt: skip
    form = next((f for f in (entry_form, staff_form, summary_form, close_form) if f), None)
    return render_form(request, "continuity/crisis.html", context, form=form)


@login_required
def crisis(request, pk: int):
    return _crisis_page(request, _crisis(request, pk))


def _post_to_crisis(request, pk: int, *, action: str, form_class, call, done: str, slot: str):
    """One of the crisis page's forms through its service; refused, the page comes back with
    that form and its errors."""
    crisis = _crisis(request, pk, action)
    extra = {"crisis": crisis} if form_class is EntryForm else {}
    form = form_class(request.POST, **extra)
    if result := submit(form, lambda data: call(crisis, by=request.user, **data)):
        messages.success(request, done)
        if form_class is EntryForm:
            return redirect(_entry_url(crisis, result))
        return redirect(crisis)
    return _crisis_page(request, crisis, **{slot: form})


def _entry_url(crisis, entry) -> str:
    """The page of the log that shows `entry`: an entry that happened earlier than the last
    ones is not on the last page."""
    page = crisis.entries.before(entry).count() // PER_PAGE + 1
    return f"{crisis.get_absolute_url()}?page={page}#entry-{entry.pk}"


@login_required
@require_POST
def crisis_entry(request, pk: int):
    return _post_to_crisis(
        request, pk, action=WRITE, form_class=EntryForm, call=services.append_entry,
        done=_("The entry is in the log."), slot="entry_form",
    )  # fmt: skip


@login_required
@require_POST
def crisis_staff(request, pk: int):
    return _post_to_crisis(
        request, pk, action=WRITE, form_class=StaffForm, call=services.assign_role,
        done=_("The staff role is assigned."), slot="staff_form",
    )  # fmt: skip


@login_required
@require_POST
def crisis_summary(request, pk: int):
    return _post_to_crisis(
        request, pk, action=WRITE, form_class=SummaryForm, call=services.update_summary,
        done=_("The status summary is saved."), slot="summary_form",
    )  # fmt: skip


@login_required
@require_POST
def crisis_close(request, pk: int):
    return _post_to_crisis(
        request, pk, action=CHANGE, form_class=CloseForm, call=services.close_crisis,
        done=_("The crisis is closed. Add the evaluation's actions."), slot="close_form",
    )  # fmt: skip


@login_required
def crisis_pdf(request, pk: int):
    """The log in the order things happened, with both times and the author of each entry."""
    crisis = _crisis(request, pk)
    context = {
        "crisis": crisis,
        "entries": crisis.entries.in_order(),
        "staff": crisis.staff.select_related("person"),
        "today": timezone.localdate(),
    }
    return pdf_response(
        "continuity/crisis_log_pdf.html", context, request=request, name=f"stabslogg-{crisis.pk}"
    )
