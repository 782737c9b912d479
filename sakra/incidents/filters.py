"""The incident list's filters, shared by the list, the exports and the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.core.forms import parse_id
from sakra.organisation.models import SecurityArea, Site, Unit

from .choices import Severity, Status
from .models import Incident, IncidentCategory, IncidentObligation
from .search import is_reference, text_condition

ALL = _("All")


class YesNoAll(forms.Select):
    """A yes/no filter whose empty choice reads "all", not "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", ALL), ("true", _("Yes")), ("false", _("No"))])


#: How many matches a unit or site search offers at a time.
LOOKUP_LIMIT = 20


def lookup_options(queryset, value, search: str = "", selected=None) -> list[tuple[str, str]]:
    """The choices of a looked-up field: "all", the chosen row, and the rows matching `search`.

    Never the whole table: 600 units as <option>s cost ~70 ms of rendering on every list page.
    """
    options = [("", str(ALL))]
    if selected is None and (pk := parse_id(value)) is not None:
        selected = queryset.filter(pk=pk).first()
    if selected is not None:
        options.append((str(selected.pk), str(selected)))
    search = (search or "").strip()[:100]
    if search:
        matches = queryset.filter(Q(name__icontains=search) | Q(code__icontains=search))
        if selected is not None:
            matches = matches.exclude(pk=selected.pk)
        options += [(str(row.pk), str(row)) for row in matches.order_by("name")[:LOOKUP_LIMIT]]
    return options


class LookupSelect(forms.Select):
    """A <select> of the chosen row and the matches of a search box beside it.

    Typing in the box asks `incidents:filter-options` (htmx) for the matching rows; without
    JavaScript the box is sent with the form and the next page offers its matches. Either way
    the chosen row travels in the address as `?unit=<pk>`.
    """

    template_name = "incidents/_lookup_select.html"

    def __init__(self, field: str, search_label, attrs=None):
        super().__init__(attrs)
        self.field, self.search_label = field, search_label
        self.search, self.selected = "", None

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        self.choices = lookup_options(
            everything.queryset, value[0] if value else None, self.search, self.selected
        )
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        context["widget"].update(
            search=self.search,
            search_name=f"{name}_search",
            search_label=self.search_label,
            options_url=reverse("incidents:filter-options", args=[self.field]),
        )
        return context


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=ALL)
    area = django_filters.ModelChoiceFilter(
        label=_("Security area"), queryset=SecurityArea.objects.active(), empty_label=ALL
    )
    # By code, so a link from a goal's indicator can name several categories without a lookup.
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Category"),
        field_name="category__code",
        queryset=IncidentCategory.objects.all(),
        to_field_name="code",
        # One category per incident: DISTINCT would only cost a sort of the whole result.
        distinct=False,
        method="filter_category",
    )
    administration = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("organisation unit", "Administration"),
        queryset=Unit.objects.administrations().filter(is_active=True),
        empty_label=ALL,
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with units below)"),
        queryset=Unit.objects.filter(is_active=True),
        empty_label=ALL,
        method="filter_subtree",
        widget=LookupSelect("unit", _("Search units")),
    )
    site = django_filters.ModelChoiceFilter(
        label=_("Site"),
        queryset=Site.objects.all(),
        empty_label=ALL,
        widget=LookupSelect("site", _("Search sites")),
    )
    occurred_from = django_filters.DateFilter(
        label=_("From"),
        field_name="occurred_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    occurred_to = django_filters.DateFilter(
        label=_("To"),
        field_name="occurred_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity at least"),
        choices=Severity.choices,
        method="filter_severity",
        empty_label=ALL,
    )
    acute = django_filters.BooleanFilter(label=_("Acute"), field_name="is_acute", widget=YesNoAll)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue obligations"), method="filter_overdue", widget=YesNoAll
    )

    #: Filters whose choices are looked up, not listed.
    LOOKUPS = ("unit", "site")

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for field in self.form.fields.values():
            if type(field.widget) in (forms.Select, forms.SelectMultiple, YesNoAll):
                # Each <option> through its own template costs ~0.2 ms on every list page.
                field.widget.template_name = "incidents/_select.html"
        for name in self.LOOKUPS:
            self.form.fields[name].widget.search = (data or {}).get(f"{name}_search", "")

    def filter_queryset(self, queryset):
        # The chosen rows are already loaded by validation; the widgets show them without
        # asking again.
        for name in self.LOOKUPS:
            self.form.fields[name].widget.selected = self.form.cleaned_data.get(name)
        return super().filter_queryset(queryset)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # A reference or words, never both in one OR: the OR would hide the text index from
        # the planner (a walk of every row for a rare word).
        if is_reference(value):
            return queryset.filter(reference=value.upper())
        text = text_condition(value)
        return queryset.filter(text) if text is not None else queryset.none()

    def filter_category(self, queryset, name, value):
        # By id: the categories are loaded already, and a join to the catalogue would keep
        # the count from the index alone.
        return queryset.filter(category_id__in=[c.pk for c in value]) if value else queryset

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def filter_severity(self, queryset, name, value):
        return queryset.filter(severity__gte=int(value))

    def filter_overdue(self, queryset, name, value):
        overdue = IncidentObligation.objects.filter(
            incident=OuterRef("pk"), reported_at__isnull=True, due_at__lt=timezone.now()
        )
        return queryset.filter(Exists(overdue)) if value else queryset.exclude(Exists(overdue))
