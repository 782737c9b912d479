"""The incident list's filters, shared by the list, the exports and the API."""

from functools import cached_property, partial

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.core.memo import Memo
from sakra.organisation.forms import PickerSelect
from sakra.organisation.models import SecurityArea, Site, Unit

from .choices import OPEN_STATUSES, SUPPLY_CHOICES, Severity, Status
from .models import Incident, IncidentCategory, IncidentObligation
from .search import is_reference, text_condition

ALL = _("All")


class QuickOptions:
    """A <select> whose <option>s are written in one pass in Python, not by a template each.

    The list's filters offer ~70 options on every page (the cost through the template is in
    docs/performance.md). Which options are selected is still Django's to say (`optgroups`).
    """

    template_name = "incidents/_select.html"
    #: What comes before each <option>: the indentation of the page's HTML.
    option_indent = "\n  "

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        indent = self.option_indent
        context["widget"]["options"] = mark_safe(  # noqa: S308 - value and label escaped
            "".join(
                f'{indent}<option value="{escape(option["value"])}"'
                f"{' selected' if option['selected'] else ''}>"
                f"{conditional_escape(option['label'])}</option>"
                for _group, options, _index in context["widget"]["optgroups"]
                for option in options
            )
        )  # nosec B308 B703
        return context


class QuickSelect(QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(QuickOptions, forms.SelectMultiple):
    pass


class YesNoAll(QuickSelect):
    """A yes/no filter whose empty choice reads "all", not "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", ALL), ("true", _("Yes")), ("false", _("No"))])


#: What a reference row is read with, and what its list is sorted by, as its queryset sorts
#: it: (fields, position or None, name). See `ReferenceRows`.
REFERENCE_COLUMNS = {
    SecurityArea: (("id", "code", "name_sv", "name_en"), "position", "name_sv"),
    IncidentCategory: (("id", "code", "name_sv", "name_en"), "position", "name_sv"),
    Unit: (("id", "path", "code", "name"), None, "path"),
    Site: (("id", "code", "name"), None, "name"),
}
_WIDTH = max(len(fields) for fields, _position, _name in REFERENCE_COLUMNS.values())


#: The reference query's SQL by what it asks for: building and compiling the union was a
#: measurable part of a page (docs/performance.md), yet it is a function of the filters'
#: querysets and the ids asked for.
REFERENCE_SQL: Memo[tuple[str, tuple]] = Memo(size=64)


class ReferenceRows:
    """The rows behind the filter's choices, read together in one query of plain values.

    The listed choices (areas, categories, administrations) and the unit and site chosen in
    the address: three model queries walked with server-side cursors (nine round trips on
    PostgreSQL) and up to three lookups before. Read on first use, never kept beyond the
    request: an edit shows on the next page in every process, however it was made.
    """

    def __init__(self, owner: type, sources: dict[str, tuple[QuerySet, int | None]]):
        #: The filter set whose declared querysets the sources are (part of the SQL's key).
        self.owner = owner
        #: filter name -> (queryset, the one id wanted or None for the whole list)
        self.sources = sources

    def rows(self, name: str) -> list:
        return self.by_name.get(name, [])

    @cached_property
    def read(self) -> tuple:
        """Every value read, in order: two requests that read the same offer the same."""
        db = next(iter(self.sources.values()))[0].db
        shape = (db, self.owner, *((name, pk) for name, (_qs, pk) in self.sources.items()))
        sql, params = REFERENCE_SQL.get(shape, lambda: self.union().query.sql_with_params())
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            return tuple(cursor.fetchall())

    def union(self) -> QuerySet:
        """One UNION ALL of the sources, ordered as their querysets order them."""
        parts = []
        for name, (queryset, pk) in self.sources.items():
            fields, position, sort = REFERENCE_COLUMNS[queryset.model]
            part = queryset.order_by() if pk is None else queryset.order_by().filter(pk=pk)
            # A union's parts have as many columns: the narrower rows are padded.
            pads = {f"_pad{n}": Value("") for n in range(_WIDTH - len(fields))}
            part = part.annotate(
                _name=Value(name),
                _position=F(position) if position else Value(0),
                _sort=F(sort),
                **pads,
            )
            parts.append(part.values_list("_name", "_position", "_sort", *fields, *pads))
        return parts[0].union(*parts[1:], all=True).order_by("_name", "_position", "_sort")

    @cached_property
    def by_name(self) -> dict[str, list]:
        by_name: dict[str, list] = {name: [] for name in self.sources}
        for name, _position, _sort, *values in self.read:
            queryset = self.sources[name][0]
            model = queryset.model
            row = dict(zip(REFERENCE_COLUMNS[model][0], values, strict=False))
            ordered = [row[f.attname] for f in model._meta.concrete_fields if f.attname in row]
            by_name[name].append(model.from_db(queryset.db, row.keys(), ordered))
        return by_name


def key_value(model, field_name: str | None, value):
    """`value` as the database compares it with the column (the id when `field_name` is None).

    ValueError or TypeError when the column cannot hold it ("abc" for an id).
    """
    field = model._meta.get_field(field_name) if field_name else model._meta.pk
    return field.get_prep_value(value)


class ReferenceChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The choices of a reference field from its `ReferenceRows`, not from a query of its own.

    (No `null_label` choice: no reference filter offers one.)
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.reference_rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.reference_rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.reference_rows())


class ReferenceMixin:
    """A model choice field that finds its rows in `reference_rows()`, with the same errors.

    The filter set points `reference_rows` at the request's `ReferenceRows`; left alone the
    field reads its queryset, as a ModelChoiceField does.
    """

    iterator = ReferenceChoiceIterator

    def reference_rows(self) -> list:
        return list(self.queryset)

    def find(self, values) -> list:
        """The rows whose key is one of `values`, in the list's order.

        ValueError or TypeError for a value the key's column cannot hold, as the database
        lookup raised them.
        """
        key = self.to_field_name or "pk"
        wanted = {key_value(self.queryset.model, self.to_field_name, value) for value in values}
        return [row for row in self.reference_rows() if getattr(row, key) in wanted]


class ReferenceChoiceField(ReferenceMixin, django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        # forms.ModelChoiceField.to_python with the row found among the read ones.
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            if isinstance(value, self.queryset.model):
                value = getattr(value, self.to_field_name or "pk")
            found = self.find([value])
        except (ValueError, TypeError):
            found = []
        if not found:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found[0]


class ReferenceMultipleChoiceField(ReferenceMixin, django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        # forms.ModelMultipleChoiceField._check_values with the rows found among the read ones.
        key = self.to_field_name or "pk"
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for pk in value:
            self.validate_no_null_characters(pk)
            try:
                self.find([pk])
            except (ValueError, TypeError):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                ) from None
        rows = self.find(value)
        found = {str(getattr(row, key)) for row in rows}
        for val in value:
            if str(val) not in found:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": val},
                )
        return rows


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ReferenceChoiceField


class ReferenceMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ReferenceMultipleChoiceField


class IncidentFilter(django_filters.FilterSet):
    """The list's filters. The list keeps their fields' HTML by the address, the language, the
    user and the reference rows read (`views.lists.filter_fields_html`): a field whose HTML
    comes to depend on anything else must add it to that key."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=ALL, widget=QuickSelect
    )
    area = ReferenceChoiceFilter(
        label=_("Security area"),
        queryset=SecurityArea.objects.active(),
        empty_label=ALL,
        widget=QuickSelect,
    )
    # By code, so a link from a goal's indicator can name several categories without a lookup.
    category = ReferenceMultipleChoiceFilter(
        label=_("Category"),
        field_name="category__code",
        queryset=IncidentCategory.objects.all(),
        to_field_name="code",
        widget=QuickSelectMultiple,
        # One category per incident: DISTINCT would only cost a sort of the whole result.
        distinct=False,
        method="filter_category",
    )
    administration = ReferenceChoiceFilter(
        label=pgettext_lazy("organisation unit", "Administration"),
        queryset=Unit.objects.administrations().filter(is_active=True),
        empty_label=ALL,
        widget=QuickSelect,
    )
    unit = ReferenceChoiceFilter(
        label=_("Unit (with units below)"),
        queryset=Unit.objects.filter(is_active=True),
        empty_label=ALL,
        method="filter_subtree",
        widget=PickerSelect("unit", filter=True),
    )
    site = ReferenceChoiceFilter(
        label=_("Site"),
        queryset=Site.objects.all(),
        empty_label=ALL,
        widget=PickerSelect("site", filter=True),
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
        widget=QuickSelect,
    )
    acute = django_filters.BooleanFilter(label=_("Acute"), field_name="is_acute", widget=YesNoAll)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue obligations"), method="filter_overdue", widget=YesNoAll
    )
    # What a goal's figure counts: a link from an indicator asks for counted reports, and for
    # events (not near misses) unless the goal counts near misses too.
    events = django_filters.BooleanFilter(
        label=_("Counted (dismissed left out)"),
        method="filter_events",
        widget=YesNoAll,
    )
    near_miss = django_filters.BooleanFilter(
        label=_("Near miss"), field_name="is_near_miss", widget=YesNoAll
    )
    supply = django_filters.ChoiceFilter(
        label=_("Critical supply disrupted"), choices=SUPPLY_CHOICES, empty_label=ALL,
        widget=QuickSelect,
    )  # fmt: skip

    #: Filters whose choices are looked up, not listed.
    LOOKUPS = ("unit", "site")
    #: Filters whose choices are listed: read, with the chosen lookups, in one query.
    LISTED = ("area", "category", "administration")

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in self.LOOKUPS:
            self.form.fields[name].widget.search = (data or {}).get(f"{name}_search", "")
        sources = {name: (self.filters[name].queryset, None) for name in self.LISTED}
        for name in self.LOOKUPS:
            try:
                pk = key_value(self.filters[name].queryset.model, None, (data or {}).get(name))
            except (ValueError, TypeError):
                continue  # not an id: an error without a lookup
            if pk is not None:
                sources[name] = (self.filters[name].queryset, pk)
        self.reference = ReferenceRows(type(self), sources)
        for name in (*self.LISTED, *self.LOOKUPS):
            self.form.fields[name].reference_rows = partial(self.reference.rows, name)

    def filter_queryset(self, queryset):
        # The chosen rows are already loaded by validation; the widgets show them without
        # asking again.
        for name in self.LOOKUPS:
            self.form.fields[name].widget.chosen = self.form.cleaned_data.get(name)
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
        if text is None:
            return queryset.none()
        return narrative_readable(getattr(self.request, "user", None), queryset.filter(text))

    def filter_category(self, queryset, name, value):
        # By id: the categories are loaded already, and a join to the catalogue would keep
        # the count from the index alone.
        return queryset.filter(category_id__in=[c.pk for c in value]) if value else queryset

    def filter_subtree(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def filter_severity(self, queryset, name, value):
        return queryset.filter(severity__gte=int(value))

    def filter_events(self, queryset, name, value):
        return queryset.counted() if value else queryset.filter(status=Status.DISMISSED)

    def filter_overdue(self, queryset, name, value):
        overdue = IncidentObligation.objects.filter(
            incident=OuterRef("pk"), reported_at__isnull=True, due_at__lt=timezone.now()
        )
        # As the list's flag: a closed or dismissed incident waits for no report.
        flagged = Q(Exists(overdue), status__in=OPEN_STATUSES)
        return queryset.filter(flagged) if value else queryset.exclude(flagged)


def narrative_readable(user, queryset):
    """Words match only where the reader may read the words: the auditor sees restricted
    reports without their account (privacy.py), so a search must not find them by it."""
    from sakra.accounts.choices import Role

    from .querysets import NARRATIVE

    if user is None or not user.is_authenticated or not user.has_role(Role.AUDITOR):
        return queryset  # every other role reads the words of every row it sees
    readable = Incident.objects.for_user(user, NARRATIVE).values("pk")
    return queryset.filter(Q(is_restricted=False) | Q(pk__in=readable))
