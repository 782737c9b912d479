"""Account forms, and the one way a form names a person: by e-mail address."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from sakra.core.forms import Form as SafeForm
from sakra.core.validation import check_stored_text


class CodeForm(SafeForm):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("Six digits from the app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autofocus": True}
        ),
    )


def person_by_email(value: str):
    """The active person with this e-mail address, or a field error. The text is checked as
    stored text first, so a marking is refused with the message that names it."""
    from sakra.accounts.models import User

    value = check_stored_text(value.strip())
    validate_email(value)
    user = User.objects.filter(email__iexact=value, is_active=True).first()
    if user is None:
        raise ValidationError(_("{email} is not a known person in Sakra.").format(email=value))
    return user


class PersonField(forms.CharField):
    """A person named by e-mail address (a list of every person would be thousands long)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return person_by_email(value) if value else None
