"""The forms of the risk pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sakra.accounts.forms import PeopleField, PersonField
from sakra.core.forms import Form, ModelMultipleChoiceField, VersionForm
from sakra.governance.models import Forum
from sakra.incidents.models import IncidentCategory
from sakra.organisation.forms import PickedChoiceField, scoped_units, unit_scope
from sakra.organisation.models import SecurityArea

from .choices import AnalysisKind, AnalysisStatus, DependencyKind, Fulfilment, Treatment
from .models import CriticalService, MatrixVersion, RiskAnalysis
from .querysets import CREATE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONG = 20000

#: The units a person may make risk analyses for, as the unit picker asks for them.
ANALYSIS_UNITS = unit_scope(RiskAnalysis, CREATE)
#: The units a person may place critical services at.
SERVICE_UNITS = unit_scope(CriticalService, CREATE)
#: Tolerable outages are given in hours, up to a year (as the services hold).
MAX_HOURS = 24 * 366


def _text(label, limit=5000, required=False, **kwargs):
    return forms.CharField(
        label=label, max_length=limit, required=required, widget=forms.Textarea, **kwargs
    )


class _AnalysisFields(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    site = PickedChoiceField("site", label=_("Site"), required=False)
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.none(), required=False
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    participants = PeopleField(
        label=_("Participants (e-mail addresses, one a line)"), required=False
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential (OSL 18 kap.)"), required=False,
        help_text=_("Only participants, the area owner and the security chief read it; every "
                    "read is logged."),
    )  # fmt: skip
    method = _text(_("Process and method"), LONG)
    responsibility = _text(_("The organisation and its responsibility"), LONG)
    preparedness = _text(_("Assessment of crisis preparedness"), LONG)
    vulnerabilities = _text(_("Vulnerabilities and gaps"), LONG)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = SecurityArea.objects.active()


class AnalysisForm(_AnalysisFields):
    kind = forms.ChoiceField(label=_("Kind"), choices=AnalysisKind.choices)
    unit = PickedChoiceField("unit", scope=ANALYSIS_UNITS, label=_("Unit"))

    field_order = ["title", "kind", "unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, ANALYSIS_UNITS)


class AnalysisEditForm(VersionForm, _AnalysisFields):
    pass


class StatusForm(VersionForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in AnalysisStatus if s != AnalysisStatus.APPROVED],
    )


class ApproveForm(VersionForm):
    forum = forms.ModelChoiceField(label=_("Forum that decided"), queryset=Forum.objects.none())
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    # Bounded here loosely so that a marking is named as such; the service holds the lengths.
    paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=200, required=False)
    registry_number = forms.CharField(label=_("Registry number"), max_length=200, required=False)
    text = _text(_("Decision"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.filter(is_active=True)


def _steps(labels, label, required=True):
    choices = [(index, f"{index} – {name}") for index, name in enumerate(labels, start=1)]
    return forms.TypedChoiceField(
        label=label, choices=[("", "—"), *choices], coerce=int, required=required,
        empty_value=None,
    )  # fmt: skip


class _RiskFields(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.ModelChoiceField(label=_("Security area"), queryset=SecurityArea.objects.none())
    scenario = _text(_("Scenario"))
    cause = _text(_("Cause"))
    consequences = _text(_("Consequence"))
    categories = ModelMultipleChoiceField(
        label=_("Incident categories"), queryset=IncidentCategory.objects.none(), required=False,
        help_text=_("Incidents of these categories are shown on the risk as a reason to "
                    "revisit it."),
    )  # fmt: skip
    treatment = forms.ChoiceField(
        label=_("Treatment"), choices=[("", _("Not decided")), *Treatment.choices], required=False
    )
    justification = _text(_("Justification"))
    acceptance_expires = forms.DateField(
        label=_("Acceptance expires"), widget=DATE, required=False,
        help_text=_("Needed when a risk above the acceptable level is accepted."),
    )  # fmt: skip
    owner = PersonField(label=_("Owner (e-mail)"))
    review_date = forms.DateField(
        label=_("Review date"), widget=DATE, required=False,
        help_text=_("Empty: from the risk's level."),
    )  # fmt: skip

    def __init__(self, *args, matrix=None, **kwargs):
        super().__init__(*args, **kwargs)
        matrix = matrix or MatrixVersion.objects.current()
        self.fields["area"].queryset = SecurityArea.objects.active()
        self.fields["categories"].queryset = IncidentCategory.objects.active()
        likelihood, consequence = matrix.likelihood_labels, matrix.consequence_labels
        for step, title, required in (
            ("inherent", _("Inherent"), True),
            ("current", _("Current"), False),
            ("residual", _("Residual (planned)"), False),
        ):
            self.fields[f"{step}_likelihood"] = _steps(
                likelihood, _("{step} likelihood").format(step=title), required
            )
            self.fields[f"{step}_consequence"] = _steps(
                consequence, _("{step} consequence").format(step=title), required
            )


class RiskForm(_RiskFields):
    pass


class RiskEditForm(VersionForm, _RiskFields):
    pass


class NoteForm(Form):
    noted_on = forms.DateField(label=_("Date"), widget=DATE)
    source = forms.CharField(label=_("Source"), max_length=300)
    summary = _text(_("Summary"), 10000, required=True)
    areas = ModelMultipleChoiceField(
        label=_("Security areas"), queryset=SecurityArea.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = SecurityArea.objects.active()


# --- critical services and dependencies -----------------------------------------------------


def _hours_field():
    return forms.IntegerField(label=_("Tolerable outage (hours)"), min_value=0, max_value=MAX_HOURS)


class _ServiceFields(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    analysis = forms.ModelChoiceField(
        label=_("Analysis"), queryset=RiskAnalysis.objects.none(), required=False,
        help_text=_("The risk and vulnerability analysis that describes the service."),
    )  # fmt: skip
    tolerable_outage_hours = _hours_field()
    description = _text(_("Description"))
    backup = _text(_("Backup"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from sakra.core.access import CHANGE

        self.fields["analysis"].queryset = (
            RiskAnalysis.objects.for_user(user, CHANGE).open().order_by("-period_start", "pk")
        )


class CriticalServiceForm(_ServiceFields):
    unit = PickedChoiceField("unit", scope=SERVICE_UNITS, label=_("Responsible unit"))

    field_order = ["name", "unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, SERVICE_UNITS)


class CriticalServiceEditForm(VersionForm, CriticalServiceForm):
    pass


class DependencyForm(Form):
    kind = forms.ChoiceField(label=_("Dependency"), choices=DependencyKind.choices)
    tolerable_outage_hours = _hours_field()
    description = _text(_("Description"))
    backup = _text(_("Backup"))


class DependencyEditForm(VersionForm):
    tolerable_outage_hours = _hours_field()
    description = _text(_("Description"))
    backup = _text(_("Backup"))


# --- the RSA: crisis preparedness, follow-up, a new matrix version ---------------------------


class _FirstOrVersion(Form):
    """The first record is made without a version; a change carries the one it was made from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class PreparednessForm(_FirstOrVersion):
    fulfilment = forms.ChoiceField(label=_("Assessment"), choices=Fulfilment.choices)
    comment = _text(_("Comment"))


class FollowUpForm(_FirstOrVersion):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    summary = _text(_("Follow-up"), LONG, required=True,
                    help_text=_("What has been done since, and what has changed."))  # fmt: skip


class MatrixMoveForm(VersionForm):
    matrix = forms.ModelChoiceField(
        label=_("Risk matrix version"), queryset=MatrixVersion.objects.all(),
        to_field_name="number",
    )  # fmt: skip
