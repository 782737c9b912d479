"""The forms of the continuity pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakra.accounts.models import User
from sakra.core.access import VIEW
from sakra.core.forms import Form, VersionForm
from sakra.organisation.forms import PickedChoiceField, scoped_units, unit_scope
from sakra.risks.models import CriticalService, MatrixVersion

from .choices import IMPACT_STEPS, EntryKind
from .models import ContinuityPlan, Crisis, CrisisTemplate, LogEntry
from .querysets import CREATE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

#: The units a person may make continuity plans for, as the unit picker asks for them.
PLAN_UNITS = unit_scope(ContinuityPlan, CREATE)
#: The units in which the security chief opens a crisis.
CRISIS_UNITS = unit_scope(Crisis, CREATE)


def people():
    return User.objects.active().select_related(None).order_by("full_name")


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
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=User.objects.none()
    )
    review_date = forms.DateField(label=_("Review date"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = CriticalService.objects.for_user(user, VIEW)
        self.fields["responsible"].queryset = people()
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
    corrects = forms.ModelChoiceField(
        label=_("Corrects entry"), queryset=LogEntry.objects.none(), required=False,
        help_text=_("A correction is a new entry: the one it corrects stays as it was."),
    )  # fmt: skip

    def __init__(self, *args, crisis=None, **kwargs):
        super().__init__(*args, **kwargs)
        if crisis is not None:
            self.fields["corrects"].queryset = crisis.entries.all()


class StaffForm(Form):
    role = forms.CharField(label=_("Staff role"), max_length=100)
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()


class SummaryForm(VersionForm):
    summary = _text(_("Status summary"), 10000)


class CloseForm(VersionForm):
    evaluation = _text(_("Evaluation"), 10000, required=True)
