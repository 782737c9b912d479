"""Disruptions of critical supply (seed 002): which supply a report concerns and how long the
disruption lasted, checked once for the report (form, API, import) and the handler's later
record of it (corrections.py).

The duration is what the continuity plans compare with their tolerable interruption
(sakra/continuity/disruptions.py): the hours given, or worked out from the start and the end
when both are known. The reporter rarely knows the end; the handler fills it in later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakra.core.validation import check_date

from .choices import SUPPLIES

#: The longest duration a disruption may be given (a decade): beyond it the number is a typo.
MAX_HOURS = Decimal("87600")


@dataclass(frozen=True)
class Disruption:
    """The checked values, as the incident stores them."""

    supply: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    hours: Decimal | None = None

    def fields(self) -> dict:
        return {
            "supply": self.supply,
            "disruption_started_at": self.started_at,
            "disruption_ended_at": self.ended_at,
            "disruption_hours": self.hours,
        }


def lasted(started_at: datetime, ended_at: datetime) -> Decimal:
    """Hours from start to end, to a tenth, rounded up: a disruption of 4 hours and a minute
    lasted longer than a tolerance of 4 hours."""
    hours = Decimal((ended_at - started_at) / timedelta(minutes=1)) / 60
    return hours.quantize(Decimal("0.1"), rounding=ROUND_UP)


def check_disruption(*, category=None, supply: str = "", started_at: datetime | None = None,
                     ended_at: datetime | None = None, hours=None,
                     occurred_at: datetime | None = None) -> Disruption:  # fmt: skip
    """The disruption a report records, or ValidationError keyed by field.

    A category of disruption (its `supply`) names the supply when none is chosen; the start is
    when it happened unless given; the hours are worked out from start and end, and a typed
    duration that disagrees with them is refused rather than one of them silently kept.
    """
    supply = (supply or "").strip() or getattr(category, "supply", "") or ""
    errors: dict[str, list] = {}
    if supply and supply not in SUPPLIES:
        errors["supply"] = [_("Choose a critical supply from the list.")]
    if not supply:
        if started_at or ended_at or hours is not None:
            errors["supply"] = [_("Choose the critical supply that was disrupted.")]
            raise ValidationError(errors)
        return Disruption()
    started_at = started_at or occurred_at
    soon = timezone.now() + timedelta(minutes=5)
    for field, moment in (("disruption_started_at", started_at),
                          ("disruption_ended_at", ended_at)):  # fmt: skip
        if moment is None:
            continue
        try:
            check_date(moment)
        except ValidationError as exc:
            errors[field] = exc.messages
            continue
        if moment > soon:
            errors[field] = [_("The time cannot be in the future.")]
    if hours is not None:
        try:
            hours = Decimal(str(hours)).quantize(Decimal("0.1"), rounding=ROUND_UP)
        except ArithmeticError:
            hours = None
        if hours is None or hours.is_nan():  # NaN quantizes, and then refuses to compare
            hours = None
            errors["disruption_hours"] = [_("Enter the hours as a number.")]
        else:
            if not Decimal(0) <= hours <= MAX_HOURS:
                errors["disruption_hours"] = [
                    _("Enter hours from 0 to {limit}.").format(limit=MAX_HOURS)
                ]
    if errors:
        raise ValidationError(errors)
    if ended_at is not None:
        if started_at is None or ended_at < started_at:
            raise ValidationError(
                {"disruption_ended_at": _("A disruption cannot end before it started.")}
            )
        worked_out = lasted(started_at, ended_at)
        if hours is not None and abs(hours - worked_out) > Decimal("0.1"):
            raise ValidationError(
                {"disruption_hours": _("The hours do not match the start and the end ({hours} "
                                       "hours): give one or the other.").format(hours=worked_out)}
            )  # fmt: skip
        hours = worked_out
    return Disruption(supply=supply, started_at=started_at, ended_at=ended_at, hours=hours)
