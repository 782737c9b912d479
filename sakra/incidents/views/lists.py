"""The incident list with filters and keyset pages, its exports, and the list of clocks."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .. import exports, services
from ..filters import IncidentFilter
from ..models import Incident, IncidentObligation
from .common import keyset_page

PAGE_SIZE = 50
SORTS = {"newest": True, "oldest": False}


def filtered(request):
    """The rows this user may see, narrowed by the list's filters."""
    base = Incident.objects.for_user(request.user).for_list()
    return IncidentFilter(request.GET or None, queryset=base, request=request)


@login_required
def incident_list(request):
    filterset = filtered(request)
    sort = request.GET.get("sort", "newest")
    newest_first = SORTS.get(sort, True)
    rows, next_cursor = keyset_page(
        filterset.qs.with_overdue(),
        request.GET.get("after"),
        newest_first=newest_first,
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "filter": filterset,
        "count": filterset.qs.count(),
        "incidents": rows,
        "next_cursor": next_cursor,
        "query": query.urlencode(),
        "sort": "oldest" if not newest_first else "newest",
        "is_first_page": not request.GET.get("after"),
    }
    return render(request, "incidents/list.html", context)


def _export_queryset(request):
    """The filtered rows in chunks; the restricted ones of each chunk go to the access log."""
    rows = filtered(request).qs.order_by("-occurred_at", "-id").iterator(chunk_size=2000)
    chunk = []
    for incident in rows:
        chunk.append(incident)
        if len(chunk) == 2000:
            services.log_reads(request.user, chunk)
            yield from chunk
            chunk = []
    services.log_reads(request.user, chunk)
    yield from chunk


@login_required
def export_csv(request):
    response = StreamingHttpResponse(
        exports.csv_stream(_export_queryset(request)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="avvikelser-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_xlsx(request):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(
        exports.xlsx_file(_export_queryset(request)),
        as_attachment=True,
        filename=f"avvikelser-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def obligation_list(request):
    """Reporting obligations not yet met, the overdue first: the regulators' clocks."""
    pending = (
        IncidentObligation.objects.for_user(request.user)
        .pending()
        .select_related("obligation", "incident", "incident__category", "incident__unit")
        .order_by("due_at", "id")
    )
    rows = list(pending[:200])
    return render(
        request,
        "incidents/obligations.html",
        {"obligations": rows, "now": timezone.now(), "truncated": len(rows) == 200},
    )
