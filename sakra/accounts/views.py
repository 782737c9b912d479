import csv
import json
from datetime import UTC

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .audit import ACTION_LABELS, can_view_audit_trail, trail
from .filters import AuditTrailFilter
from .models import RoleAssignment


@login_required
def me(request):
    """Min sida: who I am, and the roles I hold in which scopes."""
    assignments = (
        RoleAssignment.objects.for_user(request.user)
        .filter(user=request.user)
        .select_related("unit", "area")
    )
    return render(request, "accounts/me.html", {"assignments": assignments})


def _filtered_trail(request):
    if not can_view_audit_trail(request.user):
        raise PermissionDenied
    filterset = AuditTrailFilter(request.GET or None, queryset=trail())
    if filterset.is_bound and not filterset.is_valid():
        return filterset, trail().none()
    return filterset, filterset.qs


@login_required
@require_GET
def audit_trail(request):
    """Granskningslogg: every recorded change and read, newest first, with filters."""
    filterset, entries = _filtered_trail(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.action_label = ACTION_LABELS.get(entry.action, entry.action)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_trail.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A spreadsheet must show a value, never run it as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


CSV_HEADER = [
    "id",
    "timestamp_utc",
    "actor_email",
    "action",
    "model",
    "object_pk",
    "object",
    "changes",
    "remote_addr",
    "correlation_id",
]


def _csv_rows(entries):
    yield CSV_HEADER
    for entry in entries.iterator(chunk_size=2000):
        yield [
            entry.pk,
            entry.timestamp.astimezone(UTC).isoformat(),
            entry.actor.email if entry.actor else (entry.actor_email or ""),
            entry.get_action_display(),
            f"{entry.content_type.app_label}.{entry.content_type.model}",
            entry.object_pk,
            entry.object_repr,
            json.dumps(entry.changes_dict, ensure_ascii=False, default=str)
            if entry.changes
            else "",
            entry.remote_addr or "",
            entry.cid or "",
        ]


@login_required
@require_GET
def audit_trail_csv(request):
    """The filtered trail as CSV (UTF-8 with BOM so spreadsheet programs read å, ä, ö)."""
    _filterset, entries = _filtered_trail(request)
    writer = csv.writer(_Echo())
    rows = (writer.writerow([_cell(value) for value in row]) for row in _csv_rows(entries))

    def stream():
        yield "\ufeff"
        yield from rows

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="granskningslogg-{stamp}.csv"'
    return response
