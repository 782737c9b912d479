"""Filters for the action register, shared by the list, the export and the API."""

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.models import User
from sakra.core.forms import parse_id
from sakra.organisation.forms import PickerSelect
from sakra.organisation.models import SecurityArea, Unit

from .choices import OPEN_STATUSES, ActionStatus, NeedStatus, Priority
from .models import Action, ImprovementNeed


class SourceTypeChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class SourceTypeFilter(django_filters.ModelChoiceFilter):
    field_class = SourceTypeChoiceField


class FewOwners(forms.Select):
    """The owner chosen and the person themself as the only options: the rows a region's chief
    reads have thousands of owners, and a <select> of them all was most of the page. Any other
    owner is found by typing in "owner (name or e-mail)"; links and the API still give an id."""

    def __init__(self, attrs=None, person=None):
        super().__init__(attrs)
        self.person = person

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        wanted = {pk for pk in map(parse_id, value) if pk is not None}
        if self.person is not None:
            wanted.add(self.person.pk)
        offered = everything.queryset.filter(pk__in=wanted) if wanted else ()
        self.choices = [("", everything.field.empty_label), *((u.pk, str(u)) for u in offered)]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


class ActionFilter(django_filters.FilterSet):
    """Every filter works on rows already limited by `for_user()`."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices)
    # Its queryset and widget are the person's: set in __init__.
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=User.objects.none())
    owner_name = django_filters.CharFilter(
        label=_("Owner (name or e-mail)"), method="owned_by", max_length=200
    )
    # Looked up, not listed: ~600 units as <option>s were most of a page (docs/performance.md).
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with units below)"),
        queryset=Unit.objects.filter(is_active=True),
        method="in_subtree",
        empty_label=_("All"),
        widget=PickerSelect("unit", filter=True),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Security area"), queryset=SecurityArea.objects.none()
    )
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    source_type = SourceTypeFilter(label=_("Caused by"), queryset=ContentType.objects.none())
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("true", _("Only overdue")), ("false", _("Not overdue"))],
        empty_label=_("All"),
        method="only_overdue",
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"),
        field_name="due_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_to = django_filters.DateFilter(
        label=_("Due to"),
        field_name="due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Action
        fields = [
            "status", "owner", "owner_name", "unit", "area", "priority", "source_type",
            "overdue", "due_from", "due_to", "q",
        ]  # fmt: skip

    def __init__(self, data=None, queryset=None, *, person=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["owner"].extra["widget"] = FewOwners(person=person)
        rows = queryset if queryset is not None else Action.objects.none()
        # Choices come from the rows the person may see, so the lists stay short and leak
        # no names from outside their scope.
        self.filters["owner"].queryset = User.objects.filter(
            pk__in=rows.values("owner_id")
        ).order_by("full_name")
        self.filters["area"].queryset = SecurityArea.objects.active()
        self.filters["source_type"].queryset = ContentType.objects.filter(
            pk__in=rows.filter(source_type__isnull=False).values("source_type_id")
        )

    def in_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path) if value else queryset

    def owned_by(self, queryset, name, value):
        """Rows whose owner's name or address holds what was typed (the rows are the person's
        own already, so no owner outside them is found)."""
        typed = Q(owner__full_name__icontains=value) | Q(owner__email__icontains=value)
        return queryset.filter(typed)

    def only_overdue(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        overdue = {"status__in": OPEN_STATUSES, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value == "true" else queryset.exclude(**overdue)


class NeedFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NeedStatus.choices)
    area = django_filters.ModelChoiceFilter(
        label=_("Security area"), queryset=SecurityArea.objects.none()
    )

    class Meta:
        model = ImprovementNeed
        fields = ["status", "area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["area"].queryset = SecurityArea.objects.active()
