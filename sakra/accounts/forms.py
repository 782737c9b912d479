"""Account forms, and the one way a form names a person: by e-mail address."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
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


def _as_email(value):
    """A person (a User) as the address that names them; anything else as it is."""
    return getattr(value, "email", value)


class _TypedAddresses:
    """A field where the addresses of the region's people are typed, not the user's own: the
    browser offers no autofill, no spelling fixes and no capital first letter."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(autocomplete="off", spellcheck="false", autocapitalize="none")
        return attrs


class PersonField(_TypedAddresses, forms.CharField):
    """A person named by e-mail address (a list of every person would be thousands long).
    Its initial value may be the person: it is shown as their address."""

    widget = forms.EmailInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return _as_email(value)

    def has_changed(self, initial, data):
        def address(value):
            return str(value or "").strip().lower()

        return address(self.prepare_value(initial)) != address(data)

    def clean(self, value):
        value = super().clean(value)
        return person_by_email(value) if value else None


#: The most people a form names one a line: a longer list is a group, chosen by unit or role.
MAX_PEOPLE = 100


class PeopleField(_TypedAddresses, forms.CharField):
    """People named by e-mail address, one a line; cleaned to the distinct active people, in
    the order given. Each bad line is refused with an error that names its address. Its
    initial value may be a list of people: each is shown as their address, one a line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, max_people: int = MAX_PEOPLE, **kwargs):
        self.max_people = max_people
        kwargs.setdefault("max_length", 10000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple | QuerySet):
            return "\n".join(str(_as_email(person)) for person in value)
        return value

    def has_changed(self, initial, data):
        def lines(text):
            return [line.strip().lower() for line in (text or "").splitlines() if line.strip()]

        return lines(self.prepare_value(initial)) != lines(data)

    def clean(self, value):
        value = super().clean(value)
        lines = list(dict.fromkeys(line.strip() for line in (value or "").splitlines()))
        lines = [line for line in lines if line]
        if len(lines) > self.max_people:
            raise ValidationError(
                _("Name at most {count} people, one e-mail address a line.").format(
                    count=self.max_people
                )
            )
        people, errors = {}, []
        for line in lines:
            try:
                person = person_by_email(line)
            except ValidationError as error:
                errors += [m if line in m else f"{line}: {m}" for m in error.messages]
            else:
                people.setdefault(person.pk, person)
        if errors:
            raise ValidationError(errors)
        return list(people.values())
