"""The forms of the continuity pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakra.accounts.forms import PersonField
from sakra.core.access import VIEW
from sakra.core.forms import Form, VersionForm
from sakra.organisation.forms import PickedChoiceField, scoped_units, unit_scope
from sakra.organisation.models import SecurityArea
from sakra.risks.models import CriticalService, MatrixVersion

from .choices import (
    IMPACT_STEPS,
    SECURITY_ROLE_CHOICES,
    EntryKind,
    ExerciseKind,
    Good,
    WartimePlanState,
)
from .models import (
    ContinuityPlan,
    Crisis,
    CrisisTemplate,
    Exercise,
    LogEntry,
    SupplyStock,
    WartimePlan,
)
from .querysets import CREATE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

#: The units a person may make continuity plans for, as the unit picker asks for them.
PLAN_UNITS = unit_scope(ContinuityPlan, CREATE)
#: The units in which the security chief opens a crisis.
CRISIS_UNITS = unit_scope(Crisis, CREATE)
#: The units a person may record stocks of critical goods for.
STOCK_UNITS = unit_scope(SupplyStock, CREATE)
#: The units a person may make plans for heightened alert for.
WARTIME_UNITS = unit_scope(WartimePlan, CREATE)
#: The units a person may plan exercises in.
EXERCISE_UNITS = unit_scope(Exercise, CREATE)


def _text(label, limit=5000, required=False, **kwargs):
    return forms.CharField(
        label=label, max_length=limit, required=required, widget=forms.Textarea, **kwargs
    )


def _impact(label):
    # The steps of the regional consequence scale are set per form: the matrix may change.
    return forms.TypedChoiceField(
        label=label, choices=[], coerce=int, empty_value=None, required=False
    )


class _PlanFields(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    service = forms.ModelChoiceField(
        label=_("Critical service"), queryset=CriticalService.objects.none(), required=False,
        help_text=_("From the RSA's register: the plan checks the backups of its dependencies."),
    )  # fmt: skip
    what_continues = _text(_("What must continue"))
    minimum_level = _text(_("Minimum acceptable level"), required=True)
    tolerable_hours = forms.IntegerField(
        label=_("Longest tolerable interruption (hours)"), min_value=0
    )
    impact_1h = _impact(_("Consequence after 1 hour"))
    impact_4h = _impact(_("Consequence after 4 hours"))
    impact_1d = _impact(_("Consequence after 1 day"))
    impact_3d = _impact(_("Consequence after 3 days"))
    impact_1w = _impact(_("Consequence after 1 week"))
    alternatives = _text(_("Alternative ways of working"), 10000)
    resources = _text(_("Resources needed"))
    contacts = _text(_("Contacts"))
    responsible = PersonField(label=_("Responsible person (e-mail)"))
    review_date = forms.DateField(label=_("Review date"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = CriticalService.objects.for_user(user, VIEW)
        scale = MatrixVersion.objects.current().consequence_labels
        choices = [("", _("Not assessed"))] + [
            (str(n), f"{n}. {label}") for n, label in enumerate(scale, start=1)
        ]
        for _hours, name, _label in IMPACT_STEPS:
            self.fields[name].choices = choices


class PlanForm(_PlanFields):
    unit = PickedChoiceField(
        "unit", scope=PLAN_UNITS, label=_("Unit"), required=False,
        help_text=_("Leave empty for a critical service's plan: it is placed at its unit."),
    )  # fmt: skip

    field_order = ["title", "service", "unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, PLAN_UNITS)


class PlanEditForm(VersionForm, _PlanFields):
    pass


class BackupForm(Form):
    lasts_hours = forms.IntegerField(
        label=_("Backup lasts (hours)"), min_value=0, required=False,
        help_text=_("Leave empty when nobody knows: the plan's outcome is then unknown."),
    )  # fmt: skip
    checked_on = forms.DateField(label=_("Backup checked on"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class CrisisForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    template = forms.ModelChoiceField(
        label=_("Kind of event"), queryset=CrisisTemplate.objects.none(), required=False,
        help_text=_("Fills in the staff roles and the checklist."),
    )  # fmt: skip
    unit = PickedChoiceField(
        "unit", scope=CRISIS_UNITS, label=_("Unit"), required=False,
        help_text=_("Empty: the administration you are on duty for."),
    )  # fmt: skip
    summary = _text(_("Status summary"), 10000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = CrisisTemplate.objects.active()
        self.fields["unit"].queryset = scoped_units(user, CRISIS_UNITS)


class EntryForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    happened_at = forms.DateTimeField(label=_("Happened at"), widget=MOMENT)
    text = _text(_("What happened"), required=True)
    decided_by = forms.CharField(
        label=_("Decided by"), max_length=200, required=False,
        help_text=_("For a decision: who decided."),
    )  # fmt: skip
    basis = _text(_("Basis for the decision"))
    # The entry's number from the log's "No." column, not a list of every entry: a long
    # crisis has thousands, and the page would carry them all in a <select>.
    corrects = forms.ModelChoiceField(
        label=_("Corrects entry"), queryset=LogEntry.objects.none(), required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("The number (No.) of the entry in the log. A correction is a new entry: "
                    "the one it corrects stays as it was."),
        error_messages={"invalid_choice": _("No entry of this crisis's log has that number.")},
    )  # fmt: skip

    def __init__(self, *args, crisis=None, **kwargs):
        super().__init__(*args, **kwargs)
        if crisis is not None:
            self.fields["corrects"].queryset = crisis.entries.all()


class StaffForm(Form):
    role = forms.CharField(label=_("Staff role"), max_length=100)
    person = PersonField(label=_("Person (e-mail)"))


class SummaryForm(VersionForm):
    summary = _text(_("Status summary"), 10000)


class CloseForm(VersionForm):
    evaluation = _text(_("Evaluation"), 10000, required=True)
    # Closing cannot be undone (the log takes no more entries): asked of the person, once.
    confirm = forms.BooleanField(
        label=_("Yes, close the crisis: its log takes no more entries"),
        error_messages={"required": _("Tick the box to close the crisis.")},
    )

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("confirm", None)  # the person's answer, not the service's
        return cleaned


# --- critical supply --------------------------------------------------------------------------


def _days(label, **kwargs):
    """Days of stock: a whole number, 0 or more, refused with a message that says so."""
    return forms.IntegerField(
        label=label, min_value=0,
        error_messages={
            "invalid": _("Give the days of stock as a whole number, for example 14."),
            "min_value": _("Days of stock cannot be below zero."),
        },
        **kwargs,
    )  # fmt: skip


class _StockFields(Form):
    good = forms.ChoiceField(label=_("Critical good"), choices=Good.choices)
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example oxygen, or diesel for the "
                                                     "backup generators."),
    )  # fmt: skip
    site = PickedChoiceField(
        "site", label=_("Site"), required=False,
        help_text=_("Empty: the stock serves the whole region."),
    )  # fmt: skip
    days_held = _days(
        _("Days of stock held"), help_text=_("How many days the stock lasts at normal use.")
    )
    target_days = _days(_("Target (days of stock)"))
    counted_on = forms.DateField(label=_("Counted on"), widget=DATE)
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    agreement = _text(_("Supply agreement"), help_text=_(
        "What the agreement guarantees: delivery times, priority in a crisis, who to call."
    ))  # fmt: skip
    agreement_ends_on = forms.DateField(label=_("Agreement ends on"), widget=DATE, required=False)
    responsible = PersonField(label=_("Responsible person (e-mail)"))


class StockForm(_StockFields):
    unit = PickedChoiceField(
        "unit", scope=STOCK_UNITS, label=_("Unit keeping the stock"),
        help_text=_("The region's own stock is kept at the region."),
    )  # fmt: skip

    field_order = ["good", "name", "unit", "site"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, STOCK_UNITS)


class StockEditForm(VersionForm, _StockFields):
    pass


class CountForm(VersionForm):
    days_held = _days(_("Days of stock held"))
    counted_on = forms.DateField(label=_("Counted on"), widget=DATE)


class ShortfallActionForm(Form):
    owner = PersonField(label=_("Owner (e-mail)"))
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    description = _text(_("What is to be done"))


# --- civil defence ----------------------------------------------------------------------------


class _WartimePlanFields(Form):
    state = forms.ChoiceField(label=_("State of the plan"), choices=WartimePlanState.choices)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE, required=False)
    review_date = forms.DateField(label=_("Review date"), widget=DATE, required=False)
    notes = _text(_("Notes"), help_text=_(
        "Nothing classified: the wartime tasks themselves, alternative command sites and "
        "protected premises stay outside Sakra."
    ))  # fmt: skip
    responsible = PersonField(label=_("Responsible person (e-mail)"))


class WartimePlanForm(_WartimePlanFields):
    unit = PickedChoiceField("unit", scope=WARTIME_UNITS, label=_("Unit"))

    field_order = ["unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, WARTIME_UNITS)


class WartimePlanEditForm(VersionForm, _WartimePlanFields):
    pass


class PostForm(Form):
    title = forms.CharField(label=_("Post"), max_length=200)
    person = PersonField(
        label=_("Person placed (e-mail)"), required=False,
        help_text=_("Empty: the post is vacant."),
    )  # fmt: skip
    informed_on = forms.DateField(label=_("Told of the placement on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PostEditForm(VersionForm, PostForm):
    pass


# --- exercises and training -------------------------------------------------------------------


class _ExerciseFields(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of exercise"), choices=ExerciseKind.choices)
    area = forms.ModelChoiceField(label=_("Security area"), queryset=SecurityArea.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    scenario = _text(_("Scenario"), required=True)
    plan = forms.ModelChoiceField(
        label=_("Continuity plan exercised"), queryset=ContinuityPlan.objects.none(),
        required=False,
    )  # fmt: skip
    participant_roles = _text(_("Roles taking part"), 2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SecurityArea.objects.active()
        plans = ContinuityPlan.objects.for_user(user, VIEW).select_related(None)
        self.fields["plan"].queryset = plans


class ExerciseForm(_ExerciseFields):
    unit = PickedChoiceField("unit", scope=EXERCISE_UNITS, label=_("Unit"))

    field_order = ["title", "kind", "unit", "area"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, EXERCISE_UNITS)


class ExerciseEditForm(VersionForm, _ExerciseFields):
    pass


class EvaluationForm(VersionForm):
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0,
        error_messages={"invalid": _("Give the number of participants."),
                        "min_value": _("The number of participants cannot be below zero.")},
    )  # fmt: skip
    participant_roles = _text(_("Roles taking part"), 2000)
    worked_well = _text(_("What worked"), required=True)
    did_not_work = _text(_("What did not work"), required=True)
    recovery_hours = forms.IntegerField(
        label=_("Recovery time achieved (hours)"), min_value=0, required=False,
        help_text=_("Compared with the exercised plan's tolerable interruption."),
        error_messages={"invalid": _("Give the recovery time in whole hours."),
                        "min_value": _("A recovery time cannot be below zero.")},
    )  # fmt: skip


class TrainingForm(Form):
    person = PersonField(label=_("Person (e-mail)"))
    role = forms.ChoiceField(label=_("Role"), choices=SECURITY_ROLE_CHOICES)
    course = forms.CharField(label=_("Training"), max_length=200)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DATE, required=False,
        help_text=_("Empty: it does not expire."),
    )  # fmt: skip
