"""The forms of governance's pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.accounts.choices import Role
from sakra.accounts.forms import PeopleField, PersonField
from sakra.core.forms import Form, ModelMultipleChoiceField, VersionForm

from .choices import AssignmentStatus, ControlFrequency, ControlResult, RequirementStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AREA_ROWS = forms.Textarea(attrs={"rows": 3})


def _administrations():
    from sakra.organisation.choices import UnitKind
    from sakra.organisation.models import Unit

    return Unit.objects.filter(kind__in=[UnitKind.REGION, UnitKind.ADMINISTRATION]).order_by("path")


def _areas():
    from sakra.organisation.models import SecurityArea

    return SecurityArea.objects.all()


class MeetingForm(Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), max_length=20000, required=False, widget=forms.Textarea
    )


class MinutesForm(VersionForm):
    agenda = forms.CharField(
        label=_("Agenda"), max_length=20000, required=False, widget=forms.Textarea
    )
    minutes = forms.CharField(
        label=_("Minutes"), max_length=50000, required=False, widget=forms.Textarea
    )


class DecisionForm(Form):
    paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=100, required=False)
    registry_number = forms.CharField(label=_("Registry number"), max_length=100, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Decision"), max_length=20000, widget=forms.Textarea)
    responsible = PersonField(label=_("Responsible (e-mail)"), required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE, required=False)


class DistributeForm(VersionForm):
    """Recipients: the holders of a role in the chosen administrations (anywhere without
    one), each administration's management without a role, and named people."""

    units = ModelMultipleChoiceField(
        label=_("Administrations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)
    people = PeopleField(
        label=_("People (e-mail addresses, one a line)"),
        max_length=5000,
        required=False,
        widget=AREA_ROWS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = _administrations()


class AcknowledgeForm(Form):
    """Nothing to fill in: the button says it."""


class RequirementForm(Form):
    area = forms.ModelChoiceField(label=_("Security area"), queryset=None)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        help_text=_("Stable across versions of the law, e.g. LSO-2-2."),
    )
    law = forms.CharField(label=_("Law or regulation"), max_length=200)
    requirement = forms.CharField(label=_("Requirement in a sentence"), max_length=500)
    owner = PersonField(label=_("Owner (e-mail)"), required=False)
    how_met = forms.CharField(
        label=_("How it is met"), max_length=5000, required=False, widget=AREA_ROWS
    )
    status = forms.ChoiceField(label=_("Status"), choices=RequirementStatus.choices)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas if areas is not None else _areas()


class AssessForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=RequirementStatus.choices)
    how_met = forms.CharField(
        label=_("How it is met"), max_length=5000, required=False, widget=AREA_ROWS
    )


class SupersedeForm(VersionForm):
    law = forms.CharField(label=_("Law or regulation"), max_length=200)
    requirement_text = forms.CharField(label=_("Requirement in a sentence"), max_length=500)
    how_met = forms.CharField(
        label=_("How it is met"), max_length=5000, required=False, widget=AREA_ROWS
    )


class PlanForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    administration = forms.ModelChoiceField(label=_("Administration"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = units if units is not None else _administrations()
        self.fields["year"].initial = timezone.localdate().year


class ControlForm(Form):
    area = forms.ModelChoiceField(label=_("Security area"), queryset=None)
    title = forms.CharField(label=_("Control"), max_length=200)
    risk = forms.CharField(label=_("Risk"), max_length=500)
    method = forms.CharField(label=_("Method"), max_length=5000, widget=AREA_ROWS)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=ControlFrequency.choices)
    owner = PersonField(label=_("Owner (e-mail)"))
    maintenance_only = forms.BooleanField(label=_("Maintenance only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas()


class AdoptForm(VersionForm):
    """Adopting the plan generates the year's occurrences."""


class PerformForm(VersionForm):
    performed_on = forms.DateField(label=_("Performed on"), widget=DATE)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[(v, label) for v, label in ControlResult.choices if v != ControlResult.MAINTAINED],
        required=False,
    )
    remarks = forms.CharField(label=_("Remarks"), max_length=5000, required=False, widget=AREA_ROWS)
    raise_action = forms.BooleanField(label=_("Make the remark an action"), required=False)


class DeficiencyForm(VersionForm):
    note = forms.CharField(label=_("Known deficiency"), max_length=5000, widget=AREA_ROWS)


class FundingForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    granted_by = forms.CharField(label=_("Granted by"), max_length=200, required=False)
    amount = forms.IntegerField(label=_("Amount (SEK)"), min_value=0)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)


class FundedActivityForm(Form):
    title = forms.CharField(label=_("Activity"), max_length=200)
    administration = forms.ModelChoiceField(label=_("Administration"), queryset=None)
    area = forms.ModelChoiceField(label=_("Security area"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    estimated_cost = forms.IntegerField(label=_("Estimated cost (SEK)"), min_value=0)
    effort_hours = forms.IntegerField(label=_("Effort (hours)"), min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = _administrations()
        self.fields["area"].queryset = _areas()


# --- the planning dialogue, assignments from state authorities, snapshots ---------------------


class SubmitPlanForm(Form):
    """Submit the plan; after the board's comment, the version of the submission answered."""

    note = forms.CharField(
        label=_("Note to the security board"), max_length=5000, required=False, widget=AREA_ROWS
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )


class CommentPlanForm(VersionForm):
    comment = forms.CharField(
        label=_("The security board's comment"), max_length=5000, widget=AREA_ROWS
    )


class AgreePlanForm(VersionForm):
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=5000, required=False, widget=AREA_ROWS
    )


class AssignmentForm(Form):
    authority = forms.CharField(
        label=_("Authority"), max_length=200, help_text=_("E.g. MSB, Socialstyrelsen.")
    )
    reference = forms.CharField(label=_("The authority's reference"), max_length=60, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What is asked"), max_length=5000, required=False, widget=AREA_ROWS
    )
    administration = forms.ModelChoiceField(label=_("Administration"), queryset=None)
    area = forms.ModelChoiceField(label=_("Security area"), queryset=None, required=False)
    responsible = PersonField(label=_("Responsible (e-mail)"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = units if units is not None else _administrations()
        self.fields["area"].queryset = _areas()
        self.fields["received_on"].initial = timezone.localdate()


class AssignmentStatusForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices)
    note = forms.CharField(
        label=_("Status note"), max_length=5000, required=False, widget=AREA_ROWS
    )
    deadline = forms.DateField(
        label=_("New deadline"),
        widget=DATE,
        required=False,
        help_text=_("Only when the authority has moved it."),
    )


class SnapshotForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
