"""What every piece of input is checked for, once: forms, the API's schemas and the imports
call these.

PostgreSQL refuses NUL in text (the request would end in a 500), terminal escapes and other
control characters end up in logs and exports, and the bidirectional overrides (U+202A–U+202E,
U+2066–U+2069) make text read differently from what it is (a file "invoice<U+202E>fdp.exe"
shows as "invoiceexe.pdf"). Text is stored in NFC, so that "ä" typed on a Mac (NFD: a +
combining diaeresis) finds and sorts like "ä" typed anywhere else. Integers stay within the
database's column, dates within 1900–2100. Free text that is stored refuses the markings of
classified information: the system holds no säkerhetsskyddsklassificerade uppgifter.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The largest value every integer column (PostgreSQL `integer`) holds.
MAX_INTEGER = 2**31 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2100

# Tab, line feed and carriage return are text; every other C0/C1 control and the bidi
# embeddings, overrides and isolates are not.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# The classification levels of the protective-security rules (säkerhetsskyddslagen 2018:585,
# 3 kap. 2 §; and the older "KVALIFICERAT HEMLIG" and "HEMLIG" stamps), with the English
# and NATO/EU markings that documents from partners carry. Longest first, so "BEGRÄNSAT
# HEMLIG" is named as such rather than as "HEMLIG".
_MARKING = re.compile(
    r"\b(?:(?:BEGRÄNSAT|KVALIFICERAT)\s+HEMLIG|HEMLIG|KONFIDENTIELL|TOP\s+SECRET|"
    r"(?:NATO|EU)\s+(?:SECRET|CONFIDENTIAL|RESTRICTED)|COSMIC\s+TOP\s+SECRET|"
    r"RESTREINT\s+UE|CONFIDENTIEL\s+UE|SECRET\s+UE|TRÈS\s+SECRET\s+UE)\b",
    re.IGNORECASE,
)


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


def classification_marking(value: str) -> str | None:
    """The classification marking `value` carries, in capitals, or None."""
    match = _MARKING.search(value or "")
    return " ".join(match.group(0).upper().split()) if match else None


def check_no_marking(value: str) -> str:
    """ValidationError when stored free text carries a classification marking."""
    marking = classification_marking(value)
    if marking:
        raise ValidationError(
            _(
                "The text contains the classification marking “{marking}”. Classified "
                "information (säkerhetsskyddsklassificerade uppgifter) must never be "
                "entered in Sakra. Remove it and describe the event without classified "
                "details; nothing has been saved."
            ).format(marking=marking),
            code="classified",
        )
    return value


def check_stored_text(value: str) -> str:
    """Free text that is stored: safe characters, NFC, and no classification marking."""
    return check_no_marking(check_text(value))


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


#: The largest amount in kronor a `DecimalField(max_digits=14, decimal_places=0)` holds.
MAX_KRONOR = 10**14 - 1


def whole_kronor(value, *, field: str, negative: str):
    """An amount in whole kronor (a Decimal) from a form, the API or an import, or a
    ValidationError keyed by `field`; `negative` says why a negative amount is refused (a cost,
    a grant). Shared by governance's funding and the cost of actions and planned activities."""
    from decimal import Decimal, InvalidOperation

    if isinstance(value, bool):
        raise ValidationError({field: _("Give an amount in kronor.")})
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give an amount in kronor.")}) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError({field: _("Give an amount in whole kronor.")})
    if amount < 0:
        raise ValidationError({field: negative})
    if amount > MAX_KRONOR:
        raise ValidationError({field: _("The amount is too large.")})
    return amount


def effort_hours(value, *, field: str = "effort_hours") -> int | None:
    """Hours of estimated effort: a whole number from 0 within the integer column, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: _("Effort cannot be negative.")})
    if value > MAX_INTEGER:
        raise ValidationError({field: _("The effort is too large.")})
    return value
