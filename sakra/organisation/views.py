"""The options of a unit or site picker for what was typed in its search box."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from sakra.core.forms import parse_id

from .forms import ALL, KINDS, STATUS_ID, clean_search, picker_rows, scoped_units

MAX_SUGGESTED = 50


@login_required
def picker_options(request, kind):
    """Units and sites are reference data every signed-in user may read (names, not rows).

    `scope` (a unit picker's registered access scope) narrows the units to those where the
    person may take that action; `all` makes the first option read "all" (a filter); `status`
    names the element that announces the number of matches to screen readers.
    """
    if kind not in KINDS:
        raise Http404
    rows_of, empty_label, _search_label = KINDS[kind]
    queryset = rows_of()
    if scope := request.GET.get("scope"):
        if kind != "unit":
            raise Http404
        queryset = scoped_units(request.user, scope)
    if request.GET.get("all"):
        empty_label = ALL
    status = request.GET.get("status", "")
    # The search box is named after its field (`unit_search`); htmx sends it under that name.
    search = clean_search(next((v for k, v in request.GET.items() if k.endswith("_search")), ""))
    chosen = None
    if (pk := parse_id(request.GET.get("initial"))) is not None:
        chosen = queryset.filter(pk=pk).first()
    parts = request.GET.get("suggested", "").split(",")[:MAX_SUGGESTED]
    ids = [pk for pk in map(parse_id, parts) if pk is not None]
    suggested = queryset.filter(pk__in=ids).order_by("name") if ids else ()
    rows, chosen = picker_rows(queryset, search, chosen, suggested)
    context = {
        "rows": rows, "chosen": chosen, "search": search, "empty_label": empty_label,
        "status_id": status if STATUS_ID.match(status) else "",
    }  # fmt: skip
    return render(request, "organisation/_picker_options.html", context)
