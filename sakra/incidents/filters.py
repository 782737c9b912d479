"""The incident list's filters, shared by the list, the exports and the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.organisation.models import SecurityArea, Site, Unit

from .choices import Severity, Status
from .models import Incident, IncidentCategory, IncidentObligation
from .search import text_condition

ALL = _("All")


class YesNoAll(forms.Select):
    """A yes/no filter whose empty choice reads "all", not "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", ALL), ("true", _("Yes")), ("false", _("No"))])


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
    )
    site = django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.all(), empty_label=ALL
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

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(reference__iexact=value)
        text = text_condition(value)
        return queryset.filter(condition | text if text is not None else condition)

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def filter_severity(self, queryset, name, value):
        return queryset.filter(severity__gte=int(value))

    def filter_overdue(self, queryset, name, value):
        overdue = IncidentObligation.objects.filter(
            incident=OuterRef("pk"), reported_at__isnull=True, due_at__lt=timezone.now()
        )
        return queryset.filter(Exists(overdue)) if value else queryset.exclude(Exists(overdue))
