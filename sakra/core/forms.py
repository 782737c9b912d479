"""What every form refuses or normalises, in one place: the base class of Sakra's forms.

PostgreSQL refuses NUL in text (the request would end in a 500), terminal escapes and other
control characters end up in logs and exports, and the bidirectional overrides (U+202A–U+202E,
U+2066–U+2069) make text read differently from what it is (a file "invoice<U+202E>fdp.exe"
shows as "invoiceexe.pdf"). Text is stored in NFC, so that "ä" typed on a Mac (NFD: a +
combining diaeresis) finds and sorts like "ä" typed anywhere else. Integers stay within the
database's column, dates within 1900–2100. The import uses the same checks (`check_text`,
`check_date`).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

#: The largest value every integer column (PostgreSQL `integer`) holds.
MAX_INTEGER = 2**31 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2100

# Tab, line feed and carriage return are text; every other C0/C1 control and the bidi
# embeddings, overrides and isolates are not.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_text(value: str) -> str:
    """`value` in NFC; ValidationError when it holds NUL, control or direction-override
    characters."""
    if _UNSAFE.search(value):
        raise ValidationError(
            _(
                "The text contains invisible control characters (for example NUL or a "
                "right-to-left override). Type it again or paste it as plain text."
            ),
            code="unsafe_characters",
        )
    return unicodedata.normalize("NFC", value)


def parse_id(value) -> int | None:
    """A row id from a query string or form, or None: ASCII digits within the database's range.

    `str.isdigit()` accepts "²", which `int()` then refuses.
    """
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_INTEGER else None


def check_date(value: datetime.date) -> None:
    """ValidationError when a date (or date and time) lies outside 1900–2100."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
            code="date_out_of_range",
        )


class SafeInputMixin:
    """Every field of the form: text checked and in NFC, integers and dates within range.

    A subclass that defines `clean()` calls `super().clean()`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _bound(field)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and value:
                try:
                    cleaned[name] = check_text(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


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
    """The base of every form in Sakra."""
