"""The goals' forms. They offer only what the person may choose; the rules live in the
models' `clean()` and in services.py, shared with the API."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.forms import PersonField
from sakra.core.forms import Form as SafeForm
from sakra.core.forms import VersionForm

from .choices import Direction, Priority, TargetType
from .kinds import kind_choices
from .models import FIRST_YEAR, LAST_YEAR, Goal
from .querysets import CREATE

REGION = "region"


def _year(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


def scope_choices(user, goal: Goal | None = None) -> list:
    """The scopes `user` may set goals for, grouped: the region, security areas, administrations.
    A goal being edited keeps its own scope among them, even one the person could not choose."""
    region, areas, administrations = [], [], []
    if Goal.objects.may_region_wide(user, CREATE):
        region.append((REGION, _("The whole region")))
    for area in Goal.objects.areas_for(user, CREATE).filter(is_active=True).order_by("position"):
        areas.append((f"area-{area.pk}", str(area)))
    units = Goal.objects.units_for(user, CREATE, without_area=True).administrations()
    for unit in units.order_by("name"):
        administrations.append((f"administration-{unit.pk}", unit.name))
    choices = [("", "---------"), *region]
    if goal is not None and goal.pk:
        current = scope_value(goal)
        offered = {value for value, _label in [*region, *areas, *administrations]}
        if current not in offered:
            choices.append((current, _scope_label(goal)))
    if areas:
        choices.append((_("Security area"), areas))
    if administrations:
        choices.append((_("Administration"), administrations))
    return choices


def scope_value(goal: Goal) -> str:
    if goal.area_id and goal.administration_id:
        return f"both-{goal.area_id}-{goal.administration_id}"
    if goal.administration_id:
        return f"administration-{goal.administration_id}"
    if goal.area_id:
        return f"area-{goal.area_id}"
    return REGION


def _scope_label(goal: Goal) -> str:
    names = [str(part) for part in (goal.area, goal.administration) if part is not None]
    return " · ".join(names) or str(_("The whole region"))


def parse_scope(value: str) -> tuple[int | None, int | None]:
    """(area id, administration id) of a scope choice."""
    if value == REGION:
        return None, None
    kind, _sep, rest = value.partition("-")
    ids = [int(part) for part in rest.split("-")]
    if kind == "area":
        return ids[0], None
    if kind == "administration":
        return None, ids[0]
    return ids[0], ids[1]


class GoalForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    statement = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea, required=False
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        help_text=_("The goal's value is counted over this scope, the same for everyone."),
    )
    start_year = _year(_("From year"))
    end_year = _year(_("To year"))
    owner = PersonField(label=_("Owner (e-mail)"))
    parent = forms.ModelChoiceField(
        label=_("Parent goal"), queryset=Goal.objects.none(), required=False
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    counts_near_misses = forms.BooleanField(
        label=_("Count near misses too"), required=False,
        help_text=_("By default a goal's incident figures count events only: a near miss "
                    "(it could have happened, and did not) is counted apart."),
    )  # fmt: skip

    def __init__(self, *args, user, goal: Goal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices(user, goal)
        parents = Goal.objects.for_user(user).active().order_by("title")
        if goal is not None and goal.pk:
            parents = parents.exclude(pk=goal.pk)
        self.fields["parent"].queryset = parents
        if not self.is_bound:
            self.initial.setdefault("owner", user)
            self.initial.setdefault("priority", Priority.MEDIUM)
            year = timezone.localdate().year
            self.initial.setdefault("start_year", year)
            self.initial.setdefault("end_year", year + 3)

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.pop("scope", None)
        if scope:
            cleaned["area_id"], cleaned["administration_id"] = parse_scope(scope)
        return cleaned


class GoalChangeForm(GoalForm, VersionForm):
    """A goal's fields with the version they were read at."""


def goal_initial(goal: Goal) -> dict:
    return {
        "title": goal.title, "statement": goal.statement, "scope": scope_value(goal),
        "start_year": goal.start_year, "end_year": goal.end_year, "owner": goal.owner,
        "parent": goal.parent_id, "priority": goal.priority, "version": goal.version,
        "counts_near_misses": goal.counts_near_misses,
    }  # fmt: skip


class ArchiveForm(VersionForm):
    """Archiving a goal: the version it was read at, nothing else."""


class CriteriaField(forms.JSONField):
    """A kind's selection as JSON, its length bounded as typed (Django's length validator
    would measure the parsed object)."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def to_python(self, value):
        if isinstance(value, str) and len(value) > self.max_length:
            raise ValidationError(
                _("Enter at most {count} characters.").format(count=self.max_length)
            )
        return super().to_python(value)


class IndicatorForm(SafeForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    baseline_year = _year(_("Baseline year"))
    target_year = _year(_("Target year"))
    target_type = forms.ChoiceField(label=_("Target type"), choices=TargetType.choices)
    target_value = forms.DecimalField(
        label=_("Target"), min_value=0, max_value=999_999_999, max_digits=12, decimal_places=3,
        help_text=_("An absolute value, or a share of the baseline value (0.5 means halved)."),
    )  # fmt: skip
    criteria = CriteriaField(
        label=_("Selection"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            'What a computed kind counts, e.g. {"categories": ["brand"]} for incidents of the '
            "category with that code. Empty for a typed-in series."
        ),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()

    def clean_criteria(self):
        criteria = self.cleaned_data.get("criteria")
        if criteria in (None, ""):
            return {}
        if not isinstance(criteria, dict):
            raise ValidationError(_("Enter an object in JSON, as in the example."))
        return criteria


class NewIndicatorForm(IndicatorForm):
    baseline_value = forms.DecimalField(
        label=_("Baseline value"), required=False, min_value=0, max_value=999_999_999,
        max_digits=12, decimal_places=3,
        help_text=_("Only for a typed-in series: the value of the baseline year."),
    )  # fmt: skip
    source = forms.CharField(
        label=_("Source of the baseline value"), max_length=300, required=False
    )


class IndicatorChangeForm(IndicatorForm, VersionForm):
    """An indicator's definition with the version it was read at."""


INDICATOR_INITIAL = (
    "title", "kind", "direction", "baseline_year", "target_year", "target_type", "target_value",
    "criteria", "position", "version",
)  # fmt: skip


class ManualValueForm(SafeForm):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    value = forms.DecimalField(
        label=_("Value"), min_value=0, max_value=999_999_999, max_digits=12, decimal_places=3
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the value comes from: a register, a report, a count by hand."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].initial = timezone.localdate().year - 1


class YearForm(SafeForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
