"""Choosing a unit or a site in a form: a search box beside a short list, never 600 options."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import parse_id

from .models import Site, Unit

#: How many matches a search offers at a time.
MATCH_LIMIT = 20
SEARCH_LENGTH = 100

#: What can be picked: its rows, the first option's text, the search box's label.
KINDS = {
    "unit": (lambda: Unit.objects.filter(is_active=True), _("Choose a unit"), _("Search unit")),
    "site": (lambda: Site.objects.filter(is_active=True), _("No site"), _("Search site")),
}
#: The first option of a picker in a filter: no row chosen means every row.
ALL = _("All")
#: The id of the element that announces the number of matches (sent by the widget).
STATUS_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")

#: Access scopes a unit picker may offer its units within, by name ("actions.action:create"):
#: apps register the (model, action) pairs their forms offer units for, so that the one
#: endpoint answers from `Model.objects.units_for(user, action)` without knowing the apps.
UNIT_SCOPES: dict[str, tuple[type, str]] = {}


def unit_scope(model: type, action: str) -> str:
    """Register "the units where a person may take `action` on `model` rows"; its name."""
    name = f"{model._meta.label_lower}:{action}"
    UNIT_SCOPES[name] = (model, action)
    return name


def scoped_units(user, scope: str):
    """The active units of a registered scope for `user`; 404 for a scope nobody registered."""
    if scope not in UNIT_SCOPES:
        raise Http404
    model, action = UNIT_SCOPES[scope]
    return model.objects.units_for(user, action).filter(is_active=True)


def clean_search(text) -> str:
    """What was typed, in NFC as names are stored (a phone may send "å" as a + ring), without
    control or direction characters (PostgreSQL refuses NUL)."""
    typed = unicodedata.normalize("NFC", str(text or ""))
    return "".join(ch for ch in typed if ch.isprintable()).strip()[:SEARCH_LENGTH]


def matches(queryset, search: str):
    """The rows whose name or code contains `search`, by name, at most MATCH_LIMIT."""
    condition = Q(name__icontains=search) | Q(code__icontains=search)
    return queryset.filter(condition).order_by("name")[:MATCH_LIMIT]


def fits(row, search: str) -> bool:
    """Whether `row` is one of the rows `matches` finds for `search`."""
    search = search.casefold()
    return search in row.name.casefold() or search in row.code.casefold()


def picker_rows(queryset, search: str, chosen=None, suggested=()) -> tuple[list, object]:
    """The rows to offer and the one chosen among them (None: the person must pick).

    With a search, the matches; the chosen row stays chosen only if it is one of them, so that a
    search for another place never files under the pre-filled one. Without, the chosen row and
    the suggestions.
    """
    if search:
        if chosen is not None and not fits(chosen, search):
            chosen = None
        rows = [chosen, *matches(queryset, search)]
    else:
        rows = [chosen, *suggested]
    unique = {row.pk: row for row in rows if row is not None}
    return list(unique.values()), chosen


class PickerSelect(forms.Select):
    """A <select> of the chosen row and suggestions, with a search box for the rest.

    Typing asks `organisation:picker-options` (htmx) for the matches, which replace the options
    with nothing chosen; emptying the box brings the first options back. Without JavaScript the
    box travels with the form, and `PickedChoiceField` sends the form back with the matches.
    """

    template_name = "organisation/_picker.html"

    def __init__(self, kind: str, attrs=None, *, scope: str = "", filter: bool = False):
        super().__init__(attrs)
        self.kind = kind
        #: A registered unit scope (`unit_scope`): the endpoint offers only its units.
        self.scope = scope
        #: In a filter the first option reads "all" (and the form's field says so too).
        self.filter = filter
        self.search = ""
        self.suggested = ()
        #: The chosen row when the form has read it already (saves a query).
        self.chosen = None

    def value_from_datadict(self, data, files, name):
        # Kept for the field's check, and to list the matches when the form comes back.
        self.search = clean_search(data.get(f"{name}_search"))
        return super().value_from_datadict(data, files, name)

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        pk = parse_id(value[0]) if value else None
        chosen = None
        if pk is not None:
            known = self.chosen
            chosen = known if known is not None and known.pk == pk else None
            chosen = chosen or everything.queryset.filter(pk=pk).first()
        rows, chosen = picker_rows(everything.queryset, self.search, chosen, self.suggested)
        self.choices = [("", everything.field.empty_label), *((row.pk, str(row)) for row in rows)]
        try:
            return super().optgroups(name, [str(chosen.pk) if chosen else ""], attrs)
        finally:
            self.choices = everything

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = self.format_value(value)
        initial = parse_id(values[0]) if values else None
        status = f"{context['widget']['attrs'].get('id', name)}_status"
        query = {"initial": initial or "", "status": status}
        if self.suggested:
            query["suggested"] = ",".join(str(row.pk) for row in self.suggested)
        if self.scope:
            query["scope"] = self.scope
        if self.filter:
            query["all"] = "1"
        context["widget"].update(
            search=self.search,
            search_name=f"{name}_search",
            search_label=KINDS[self.kind][2],
            options_url=reverse("organisation:picker-options", args=[self.kind]),
            query=urlencode(query),
            status_id=status,
        )
        return context


class PickedChoiceField(forms.ModelChoiceField):
    """A unit or a site chosen with `PickerSelect`.

    What was typed in the search box must fit the row chosen: otherwise the person searched for
    one place and would file under another, so the form comes back with the matches listed.
    """

    def __init__(self, kind: str, *, scope: str = "", **kwargs):
        rows, empty_label, _search_label = KINDS[kind]
        widget = PickerSelect(kind, scope=scope)
        super().__init__(rows(), empty_label=empty_label, widget=widget, **kwargs)

    def suggest(self, rows) -> None:
        """Offer these rows below the chosen one (e.g. the sites of the person's unit)."""
        self.widget.suggested = list(rows)

    def clean(self, value):
        search = self.widget.search
        if search and value in self.empty_values:
            raise self.not_picked(search)  # more helpful than "this field is required"
        row = super().clean(value)
        if search and row is not None and not fits(row, search):
            raise self.not_picked(search)
        return row

    def not_picked(self, search: str) -> ValidationError:
        if matches(self.queryset, search).exists():
            message = _("Choose among the matches for “{search}”, or empty the search box.")
        else:
            message = _("Nothing matches “{search}”. Try another word, or empty the search box.")
        return ValidationError(message.format(search=search), code="not_picked")
