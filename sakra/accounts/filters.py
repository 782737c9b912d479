import django_filters
from auditlog.models import LogEntry
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .audit import ACTION_LABELS, audited_content_types, model_label


def _model_choices():
    return [(ct.pk, model_label(ct)) for ct in audited_content_types()]


class DateInput(forms.DateInput):
    input_type = "date"


class AuditTrailFilter(django_filters.FilterSet):
    """Filters of the audit trail viewer: who, what kind of object, what was done, when."""

    actor = django_filters.CharFilter(
        label=_("Who"),
        method="filter_actor",
        help_text=_("Name or e-mail address, or part of it"),
        max_length=200,
    )
    model = django_filters.ChoiceFilter(
        label=_("Kind of object"),
        field_name="content_type",
        choices=_model_choices,
        empty_label=_("All"),
    )
    action = django_filters.ChoiceFilter(
        label=_("What was done"),
        choices=list(ACTION_LABELS.items()),
        empty_label=_("All"),
    )
    date_from = django_filters.DateFilter(
        label=_("From date"), field_name="timestamp", lookup_expr="date__gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("To date"), field_name="timestamp", lookup_expr="date__lte", widget=DateInput
    )
    obj = django_filters.CharFilter(
        label=_("Object"), field_name="object_repr", lookup_expr="icontains", max_length=200
    )

    class Meta:
        model = LogEntry
        fields = []

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor__email__icontains=value)
            | Q(actor__full_name__icontains=value)
            | Q(actor_email__icontains=value)
        )

    def clean_dates(self):
        data = self.form.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.form.add_error("date_to", _("The end date must not be before the start date."))

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            self.clean_dates()
        return valid and not self.form.errors
