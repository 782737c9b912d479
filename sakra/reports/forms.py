"""Forms of the annual report's pages; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.accounts.choices import Role
from sakra.accounts.forms import PersonField
from sakra.core.forms import Form, ModelMultipleChoiceField, VersionForm
from sakra.governance.models import Forum
from sakra.organisation.models import Unit

from .services import MAX_TEXT


class CreateForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    administration = forms.ModelChoiceField(
        label=pgettext_lazy("organisation unit", "Administration"),
        queryset=Unit.objects.administrations(),
        required=False,
        empty_label=_("The whole region"),
        help_text=_("Choose an administration for its own edition of the report."),
    )


class NarrativeForm(VersionForm):
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea, max_length=MAX_TEXT, required=False
    )


class SummaryForm(VersionForm):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea, max_length=MAX_TEXT, required=False
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), widget=forms.Textarea, max_length=MAX_TEXT, required=False
    )


class DecisionForm(VersionForm):
    """The regional board's decision on the report, with one assignment and the distribution
    of the protocol extract."""

    forum = forms.ModelChoiceField(label=_("Forum"), queryset=Forum.objects.filter(is_active=True))
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    # Longer than the columns, as governance's form: a marking is named before a length is
    # (the decision's service checks the columns' lengths).
    paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=100, required=False)
    registry_number = forms.CharField(label=_("Registry number"), max_length=100, required=False)
    text = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea, max_length=5000, required=False
    )
    assignment = forms.CharField(label=_("Assignment"), max_length=200, required=False)
    assignment_owner = PersonField(label=_("Assigned to (e-mail)"), required=False)
    assignment_due = forms.DateField(
        label=_("Deadline of the assignment"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recipient_units = ModelMultipleChoiceField(
        label=_("Protocol extract to (the management of)"),
        queryset=Unit.objects.administrations(),
        required=False,
    )
    recipient_role = forms.ChoiceField(
        label=_("Protocol extract to the role"),
        choices=[("", "–"), *Role.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) for name in ("assignment", "assignment_owner", "assignment_due")]
        if any(given) and not all(given):
            self.add_error("assignment", _("Give the assignment, whom it goes to and by when."))
        return cleaned
