"""The forms of support's pages; each goes through a service (`sakra.core.views.submit`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sakra.accounts.forms import PersonField
from sakra.accounts.models import User
from sakra.core.access import CHANGE
from sakra.core.forms import Form, VersionForm
from sakra.organisation.forms import PickedChoiceField, unit_scope
from sakra.organisation.models import SecurityArea, Unit

from .choices import Helped, Urgency
from .models import ContactOverride

#: The units a person may name contacts for, as the unit picker asks for them.
CONTACT_UNITS = unit_scope(ContactOverride, CHANGE)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AskForm(Form):
    """A manager's question. Acute events are not asked here: the page points to the acute
    channel above the form."""

    area = forms.ModelChoiceField(
        label=_("Security area"),
        queryset=SecurityArea.objects.filter(is_active=True),
        empty_label=_("Choose an area"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), empty_label=_("Choose a unit")
    )
    site = PickedChoiceField("site", label=_("Site"), required=False)
    question = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you need help with. No classified information."),
    )
    urgency = forms.ChoiceField(
        label=_("How soon do you need an answer?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
    )

    def __init__(self, *args, units=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The units one may ask for are few (the home unit, the subtrees one manages).
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        home = getattr(user, "home_unit", None)
        if home is not None:
            self.fields["site"].suggest(home.sites.filter(is_active=True).order_by("name"))
            if not self.is_bound:
                self.initial.setdefault("unit", home.pk)


class AssignForm(VersionForm):
    assignee = forms.ModelChoiceField(
        label=_("Handled by"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people if people is not None else User.objects.none()


class AnswerForm(VersionForm):
    answer = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea)
    routine_reference = forms.CharField(
        label=_("Routine that answers the question"),
        max_length=500,
        required=False,
        help_text=_("The routine's address or its name, when one applies."),
    )


class CloseForm(VersionForm):
    """Closing asks the handler to tick that the asker's rating is given up: a checkbox rather
    than a script's confirm(), which the Content-Security-Policy blocks."""

    confirm = forms.BooleanField(
        label=_("Close the request without the asker's rating"),
        error_messages={"required": _("Tick the box to close the request without a rating.")},
    )

    def clean(self):
        data = super().clean()
        data.pop("confirm", None)  # the service needs the version only
        return data


class RateForm(VersionForm):
    helped = forms.ChoiceField(
        label=_("Did you get the help you needed?"),
        choices=Helped.choices,
        widget=forms.RadioSelect,
    )
    time_acceptable = forms.TypedChoiceField(
        label=_("Was the time it took acceptable?"),
        choices=[
            ("yes", pgettext_lazy("support rating", "Yes")),
            ("no", pgettext_lazy("support rating", "No")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment on the support"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TimeForm(Form):
    spent_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, decimal_places=2, max_digits=5
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spent_on"].initial = timezone.localdate()


class ActionForm(Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people if people is not None else User.objects.none()


class AbsenceForm(Form):
    """One's own absence; a coordinator or the chief may name someone in their scope."""

    person = PersonField(
        label=_("Person (e-mail)"),
        required=False,
        help_text=_("Empty: your own absence. Someone else's only within your scope."),
    )
    starts_on = forms.DateField(label=_("First day away"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day away"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import may_enter_absences_for_others

        self.for_others = user is not None and may_enter_absences_for_others(user)
        if not self.for_others:
            del self.fields["person"]


class CancelAbsenceForm(VersionForm):
    """Cancelling asks for nothing but the version: the page asks "are you sure?"."""


class ContactForm(Form):
    """A named contact for a unit subtree, an area, or an area within a subtree."""

    unit = PickedChoiceField(
        "unit",
        scope=CONTACT_UNITS,
        label=_("Unit (and the units below it)"),
        required=False,
        help_text=_("Empty: the whole region, for the area chosen."),
    )
    area = forms.ModelChoiceField(
        label=_("Security area"),
        queryset=SecurityArea.objects.filter(is_active=True),
        required=False,
        empty_label=_("Every area"),
    )
    primary = PersonField(label=_("Contact person (e-mail)"))
    substitute = PersonField(
        label=_("Substitute (e-mail)"),
        required=False,
        help_text=_("Shown instead while the contact person is away."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ContactChangeForm(VersionForm):
    """Another person for the same unit and area (to move it: remove it and name a new one)."""

    primary = PersonField(label=_("Contact person (e-mail)"))
    substitute = PersonField(
        label=_("Substitute (e-mail)"),
        required=False,
        help_text=_("Shown instead while the contact person is away."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RemoveContactForm(VersionForm):
    """Removing asks for nothing but the version: the page asks "are you sure?"."""
