"""The base classes of Sakra's forms: what every form refuses or normalises, in one place.

The rules themselves live in `sakra.core.validation`, shared with the API's schemas and the
imports. `Form` is for input that is stored: its text also refuses classification markings.
`SafeInputMixin` alone is for input that is only looked up (filters, searches), where a
search for "hemlig" is a question, not a record.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .memo import Memo
from .validation import (  # noqa: F401 - the forms' vocabulary, imported from here by apps
    MAX_INTEGER,
    check_date,
    check_stored_text,
    check_text,
    parse_id,
)


class SafeInputMixin:
    """Every field of the form: text checked and in NFC, integers and dates within range.

    A subclass that defines `clean()` calls `super().clean()`.
    """

    #: What each text value goes through; `Form` adds the classification guard.
    text_check = staticmethod(check_text)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _bound(field)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and value:
                check = check_text if _is_secret(self.fields.get(name)) else self.text_check
                try:
                    cleaned[name] = check(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


def _is_secret(field: forms.Field | None) -> bool:
    # A password or a one-time code is never shown again, so it cannot carry a marking to
    # anyone; refusing "hemlig" in a password would only confuse.
    return field is not None and isinstance(field.widget, forms.PasswordInput)


def _bound(field: forms.Field) -> None:
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        if field.max_value is None or field.max_value > MAX_INTEGER:
            field.validators.append(MaxValueValidator(MAX_INTEGER))
        if field.min_value is None or field.min_value < -MAX_INTEGER:
            field.validators.append(MinValueValidator(-MAX_INTEGER))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(check_date)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a number too large for the database before it reaches a query
    (SQLite cannot even bind it, and an `__in` lookup does not guard against it)."""

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else ():
            text = str(item).strip()
            if text.lstrip("-").isdecimal() and abs(int(text)) > 2**63 - 1:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                    params={"pk": text[:20]},
                )  # fmt: skip
        return super()._check_values(value)


class Form(SafeInputMixin, forms.Form):
    """The base of every form whose input is stored: its text refuses classification markings."""

    text_check = staticmethod(check_stored_text)


class VersionForm(Form):
    """A change to a versioned row carries the version the person saw; without it, no change."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _(
                "The page is missing the version it was read at. Reload it and try again."
            )
        },
    )


#: Empty forms as HTML, by everything they are made of (`empty_form`, docs/adr/0004).
EMPTY_FORMS: Memo[SafeString] = Memo(size=256)


def empty_form(form_class: type[forms.Form], **initial) -> SafeString:
    """An empty form of `form_class` as HTML, rendered once per language, time zone and
    initial values, for a page that shows it to everyone who opens it (the crisis page's four
    forms were a fifth of its time, docs/performance.md).

    The form is made here from `initial` alone, so nothing else can change what it shows; one
    that reads the database while it renders (a choice of rows, which can change) is refused.
    A form sent back with errors is rendered as itself, not through this.
    """
    key = (form_class, get_language(), timezone.get_current_timezone_name(),
           tuple(sorted(initial.items())))  # fmt: skip
    return EMPTY_FORMS.get(key, lambda: _render_empty(form_class, initial))


def _render_empty(form_class, initial: dict) -> SafeString:
    def refuse(execute, sql, params, many, context):
        raise ImproperlyConfigured(
            f"{form_class.__name__} reads rows when it renders: it cannot be kept by empty_form()."
        )

    with connection.execute_wrapper(refuse):
        return form_class(initial=initial).render()
