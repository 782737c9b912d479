from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import Form, VersionForm, check_stored_text
from sakra.organisation.forms import PickedChoiceField
from sakra.organisation.models import SecurityArea

from ..choices import Role
from ..models import User
from .services import APPOINTABLE

DATE = forms.DateInput(attrs={"type": "date"})


class AppointForm(Form):
    user = forms.CharField(label=_("Person (e-mail)"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role.value, role.label) for role in APPOINTABLE]
    )
    unit = PickedChoiceField("unit", label=_("Administration"), required=False)
    area = forms.ModelChoiceField(
        label=_("Security area"), queryset=SecurityArea.objects.active(), required=False
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(
        label=_("To (first day without the role)"), widget=DATE, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)

    def clean_user(self):
        # A marking is named as such before the address is looked up (the one message).
        email = check_stored_text(self.cleaned_data["user"].strip())
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("{email} is not a known person in Sakra.").format(email=email))
        return user

    def clean_role(self):
        return Role(self.cleaned_data["role"])


class EndForm(VersionForm):
    ends_on = forms.DateField(
        label=_("Ends on (first day without the role)"), widget=DATE, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea)
