"""The crisis log's pages: the crises, opening one, its log, staff, summary, closing, its PDF
(made by the worker)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sakra.core.access import CHANGE, VIEW, with_allowed
from sakra.core.forms import empty_form
from sakra.core.memo import Memo
from sakra.core.prints import newest_annotation, print_from
from sakra.core.views import print_job, render_form, submit

from .. import services
from ..choices import EntryKind
from ..forms import CloseForm, CrisisForm, EntryForm, StaffForm, SummaryForm
from ..models import Crisis, LogEntry
from ..prints import CRISIS_LOG
from ..querysets import WRITE
from .common import PER_PAGE


def _crisis(request, pk: int, action: str = VIEW, *, page: bool = False) -> Crisis:
    """The crisis when the person may read it (404 otherwise), and 403 when they read it but
    may not take `action` (the auditor reads, changes nothing). What the person may do, and
    for the page the log's length and the newest print, come in the same query."""
    rows = with_allowed(
        Crisis.objects.for_user(request.user, VIEW).select_related("unit", "opened_by"),
        request.user,
        [WRITE, CHANGE],
    )
    if page:
        count = LogEntry.objects.filter(crisis=OuterRef("pk")).values("crisis")
        rows = rows.annotate(
            entry_count=Subquery(count.annotate(n=Count("pk")).values("n")),
            newest_print=newest_annotation(CRISIS_LOG),
        )
    crisis = get_object_or_404(rows, pk=pk)
    if action != VIEW and not getattr(crisis, f"may_{action}"):
        raise PermissionDenied
    return crisis


@dataclass(frozen=True)
class LogRow:
    """One entry as the page's table shows it, its times written in the region's time."""

    pk: int
    happened: str
    recorded: str
    kind: str
    kind_label: str
    text: str
    author: str
    corrects_id: int | None
    decided_by: str
    basis: str


LOG_FIELDS = ("pk", "happened_at", "recorded_at", "kind", "text", "author__full_name",
              "corrects_id", "decided_by", "basis")  # fmt: skip


def log_rows(values) -> list[LogRow]:
    """The page's entries worked out once in Python (plain values, no model or related object
    a row, no date filter a cell): at 50 rows a page the filters cost more than the query."""
    labels = dict(EntryKind.choices)
    rows = []
    for pk, happened, recorded, kind, text, author, corrects_id, decided_by, basis in values:
        rows.append(LogRow(
            pk=pk, kind=kind, kind_label=labels.get(kind, kind), text=text, author=author,
            happened=timezone.localtime(happened).strftime("%Y-%m-%d %H:%M"),
            recorded=timezone.localtime(recorded).strftime("%Y-%m-%d %H:%M:%S"),
            corrects_id=corrects_id, decided_by=decided_by, basis=basis,
        ))  # fmt: skip
    return rows


#: Pages of the log as HTML, by their rows, language and time zone (docs/adr/0004). The log is
#: append-only, so every page but the newest is the same for as long as the crisis lasts, and
#: the whole staff opens it. Few: a page of the longest entries is about a megabyte with its
#: key, and the pages opened again and again are the newest of the few crises open at a time.
LOG_PAGES: Memo[str] = Memo(size=32)


def log_table(values) -> str:
    """The page's entries (`LOG_FIELDS` rows) as the log's table, worked out and rendered once
    for each set of rows it shows in each language and time zone."""
    values = tuple(values)
    return LOG_PAGES.get(
        (get_language(), timezone.get_current_timezone_name(), values),
        lambda: render_to_string("continuity/_log_table.html", {"entries": log_rows(values)}),
    )


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
    may_write = crisis.is_open and crisis.may_write
    may_close = crisis.is_open and crisis.may_change
    now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
    # A crisis log runs to thousands of entries: a page of them at a time, the newest (the
    # last page) unless another is asked for; the PDF holds them all. The count came with the
    # crisis (`_crisis(page=True)`), so the paginator does not ask for it.
    log = Paginator(crisis.entries.in_order().values_list(*LOG_FIELDS), PER_PAGE)
    log.count = crisis.entry_count or 0
    page = log.get_page(request.GET.get("page") or log.num_pages)
    context = {
        "crisis": crisis,
        "log_table": log_table(page.object_list),
        "page_obj": page,
        "staff": crisis.staff.values("role", "starts_at", "ends_at",
                                     person_name=F("person__full_name")),
        "may_write": may_write,
        "may_close": may_close,
        "job": print_from(crisis.newest_print),
        # Empty, the forms are the same for everyone who opens the page: rendered once each.
        "entry_form": entry_form or (empty_form(EntryForm, happened_at=now) if may_write else None),
        "staff_form": staff_form or (empty_form(StaffForm) if may_write else None),
        "summary_form": summary_form or (
            empty_form(SummaryForm, summary=crisis.summary, version=crisis.version)
            if may_write else None),
        "close_form": close_form or (empty_form(CloseForm, version=crisis.version)
                                     if may_close else None),
    }  # fmt: skip
    form = next((f for f in (entry_form, staff_form, summary_form, close_form) if f), None)
    return render_form(request, "continuity/crisis.html", context, form=form)


@login_required
def crisis(request, pk: int):
    return _crisis_page(request, _crisis(request, pk, page=True))


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
    return _crisis_page(request, _crisis(request, pk, page=True), **{slot: form})


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
def crisis_print(request, pk: int):
    """POST: ask the worker for the log's PDF (it holds every entry: thousands of them take
    longer than a person waits). GET: its progress, polled by htmx, then the download link."""
    return print_job(request, CRISIS_LOG, _crisis(request, pk), url=request.path)
