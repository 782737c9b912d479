"""The manager's choice of how to hear of their unit's reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import VersionForm

from ..choices import FollowFrequency


class FollowSettingForm(VersionForm):
    frequency = forms.ChoiceField(
        label=_("Tell me of reports in my unit"),
        choices=FollowFrequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Restricted reports (threats, violence) that only their handlers read are never "
            "included."
        ),
    )
    by_email = forms.BooleanField(
        label=_("Also by e-mail"),
        required=False,
        help_text=_("The e-mail says the reference, category and unit, never what happened."),
    )
