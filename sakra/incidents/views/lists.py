"""The incident list with filters and keyset pages, its exports, and the list of clocks."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import EmptyResultSet
from django.db.models import F, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from sakra.core.memo import Memo
from sakra.goals.rows import hidden_note

from .. import exports
from ..choices import Severity, Status
from ..filters import IncidentFilter
from ..models import Incident, IncidentObligation
from .common import keyset_page

PAGE_SIZE = 50
#: Beyond this the list says "more than": counting a million rows costs more than the page.
COUNT_CAP = 10_000
#: A word found in half the incidents is counted by reading their texts; a lower cap keeps a
#: common word's count within the search's target (docs/performance.md).
SEARCH_COUNT_CAP = 1_000
SORTS = {"newest": True, "oldest": False}


#: What one row of the list shows: an ~80-column row with six joins costs planning and
#: transfer time on every page at a million incidents.
LIST_COLUMNS = (
    "reference", "occurred_at", "severity", "status", "is_acute", "is_restricted", "handler",
    "is_near_miss",
)  # fmt: skip
#: The names a row shows of its category, unit and handler, read as columns of the row:
#: three related objects a row were a measurable part of a page (docs/performance.md).
LIST_NAMES = {
    "category_name_sv": F("category__name_sv"),
    "category_name_en": F("category__name_en"),
    "unit_name": F("unit__name"),
    "handler_name": F("handler__full_name"),
    "handler_email": F("handler__email"),
}


@dataclass(frozen=True)
class ListRow:
    """One row of the list as it shows it; the template writes it (and escapes every value)."""

    url: str
    reference: str
    is_acute: bool
    is_near_miss: bool
    is_restricted: bool
    has_overdue: bool
    occurred: str
    category: str
    unit: str
    severity: str
    status: str
    handler: str


def list_rows(incidents) -> list[ListRow]:
    """The list's rows worked out once a page, so the template only writes values.

    A test holds them to what the template made of the model instances
    (`test_rows_show_what_the_models_print`); docs/performance.md has what each step saved.
    """
    # The addresses differ only in the id: one reverse() a page, not one a row.
    marker = "2147483647"
    before, _, after = reverse("incidents:detail", args=[marker]).partition(marker)
    english = (get_language() or "sv").startswith("en")
    zone = timezone.get_current_timezone()
    severities, statuses = dict(Severity.choices), dict(Status.choices)
    rows = []
    for incident in incidents:
        handler = "\u2013"
        if incident.handler_id is not None:
            handler = incident.handler_name or incident.handler_email
        rows.append(ListRow(
            url=f"{before}{incident.pk}{after}",
            reference=incident.reference,
            is_acute=incident.is_acute,
            is_near_miss=incident.is_near_miss,
            is_restricted=incident.is_restricted,
            has_overdue=incident.has_overdue,
            # What `|date:"Y-m-d H:i"` showed: the local time of the current time zone.
            occurred=f"{timezone.localtime(incident.occurred_at, zone):%Y-%m-%d %H:%M}",
            # As IncidentCategory and User print themselves (a test holds the list to it).
            category=incident.category_name_en if english else incident.category_name_sv,
            unit=incident.unit_name,
            severity=str(severities.get(incident.severity, incident.severity)),
            status=str(statuses.get(incident.status, incident.status)),
            handler=handler,
        ))  # fmt: skip
    return rows


#: The filter form's fields as HTML, by everything they are made of (`filter_fields_html`).
FILTER_FIELDS: Memo[str] = Memo(size=256)


def filter_fields_html(request, filterset) -> str:
    """The filter form's fields as HTML, rendered once for each thing they can show.

    Through the field and widget templates they were the largest part of the page's rendering
    (docs/performance.md, docs/adr/0004), yet they are a function of the address (less the
    page's cursor), the language and the reference rows, which are read afresh for each request
    (an edit shows on the next page). The user is in the key too, so that nothing rendered for
    one user is ever shown to another. A unit or site search offers rows beyond the reference
    rows: its fields are rendered each time.
    """
    data = request.GET
    if any(data.get(f"{name}_search") for name in filterset.LOOKUPS):
        return render_fields(filterset)
    key = (
        get_language(),
        request.user.pk,
        bool(data),  # an empty form is unbound
        tuple(sorted((name, tuple(values)) for name, values in data.lists() if name != "after")),
        filterset.reference.read,
    )
    return FILTER_FIELDS.get(key, lambda: render_fields(filterset))


def render_fields(filterset) -> str:
    return loader.render_to_string("incidents/_filter_fields.html", {"filter": filterset})


def filtered(request):
    """The rows this user may see, narrowed by the list's filters."""
    base = Incident.objects.for_user(request.user)
    return IncidentFilter(request.GET or None, queryset=base, request=request)


def capped_count(queryset, cap: int) -> tuple[int, bool]:
    """The number of rows, exact up to `cap`; (cap, True) when there are more.

    One `SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)`: the database stops after cap + 1
    rows, so a filter that matches most of a million rows costs as little as a narrow one.
    A goal's figure links to a list that promises the same number; those stay well below.
    """
    count = queryset.order_by()[: cap + 1].count()
    return capped(count, cap)


def capped(count: int, cap: int) -> tuple[int, bool]:
    return (cap, True) if count > cap else (count, False)


def capped_count_column(queryset, cap: int) -> RawSQL | Value:
    """`capped_count()` as a column of another query, so that the page brings its count.

    An uncorrelated subquery: the database counts once for the statement (PostgreSQL's
    InitPlan), not once a row, and the page and its count take one round trip.
    """
    capped = queryset.order_by().values("pk")[: cap + 1]
    try:
        sql, params = capped.query.get_compiler(using=capped.db).as_sql()
    except EmptyResultSet:  # a search without a word: nothing can match
        return Value(0, output_field=IntegerField())
    # The SQL is Django's own compiled query; every value in it is a parameter.
    count = f"SELECT COUNT(*) FROM ({sql}) capped"  # noqa: S608  # nosec B608
    return RawSQL(count, params, output_field=IntegerField())  # noqa: S611  # nosec B611


@login_required
def incident_list(request):
    filterset = filtered(request)
    matching = filterset.qs
    sort = request.GET.get("sort", "newest")
    newest_first = SORTS.get(sort, True)
    searching = bool(getattr(filterset.form, "cleaned_data", {}).get("q"))
    cap = SEARCH_COUNT_CAP if searching else COUNT_CAP
    cursor = request.GET.get("after")
    rows, next_cursor = keyset_page(
        matching.only(*LIST_COLUMNS)
        .annotate(**LIST_NAMES, listed_count=capped_count_column(matching, cap))
        .with_overdue(),
        cursor,
        newest_first=newest_first,
        size=PAGE_SIZE,
    )
    if rows:
        count, count_capped = capped(rows[0].listed_count, cap)
    elif not cursor:
        count, count_capped = 0, False  # the first page is empty: nothing matches
    else:
        count, count_capped = capped_count(matching, cap)  # past the last page
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "filter": filterset,
        "filter_fields": filter_fields_html(request, filterset),
        "count": count,
        "count_capped": count_capped,
        # Opened from a goal's number: whether the viewer may read fewer rows than it counts.
        "hidden_note": hidden_note(request.user, request.GET, count),
        # A narrow no-break space groups the thousands in Swedish and reads well in English.
        "count_cap": f"{cap:,}".replace(",", "\u202f"),
        "incidents": rows,
        "rows": list_rows(rows),
        "next_cursor": next_cursor,
        "query": query.urlencode(),
        "sort": "oldest" if not newest_first else "newest",
        "can_see_statistics": Incident.objects.may(request.user),
        "is_first_page": not request.GET.get("after"),
    }
    return render(request, "incidents/list.html", context)


def _export(request, fmt: str):
    incidents = filtered(request).qs.order_by("-occurred_at", "-id")
    return exports.response(fmt, request.user, incidents)


@login_required
def export_csv(request):
    return _export(request, "csv")


@login_required
def export_xlsx(request):
    return _export(request, "xlsx")


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
