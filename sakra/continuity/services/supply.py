"""Critical supply: the stock of each critical good, its count in days, and the action a stock
below its target raises (through the actions module's service, the stock as its source)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sakra.actions import services as actions
from sakra.core.access import CHANGE, can
from sakra.core.concurrency import lock, save_changes, save_new_version

from ..choices import Good
from ..models import SupplyStock
from ..querysets import CREATE
from .common import a_date, a_person, not_in_future, refuse_unknown, stored_text, whole_number

TEXTS = {"name": 200, "supplier": 200, "agreement": 5000}
FIELDS = ["good", *TEXTS, "site", "days_held", "target_days", "counted_on", "agreement_ends_on",
          "responsible"]  # fmt: skip


def stock_days(value: Any, field: str = "days_held") -> int:
    """Days of stock: a whole number, 0 or more, with a message that says so."""
    return whole_number(
        value, field,
        not_a_number=_("Give the days of stock as a whole number, for example 14."),
        below_zero=_("Days of stock cannot be below zero."),
    )  # fmt: skip


def _count(days_held: Any, counted_on: Any) -> tuple[int, datetime.date]:
    days_held = stock_days(days_held)
    counted_on = a_date(counted_on, "counted_on")
    not_in_future(counted_on, "counted_on", _("A count cannot be dated in the future."))
    return days_held, counted_on


def _clean(data: dict) -> dict:
    refuse_unknown(data, FIELDS)
    if data.get("good") not in Good.values:
        raise ValidationError({"good": _("Choose the critical good.")})
    cleaned = {
        name: stored_text(data.get(name), name, limit, required=name == "name")
        for name, limit in TEXTS.items()
    }
    cleaned["days_held"], cleaned["counted_on"] = _count(
        data.get("days_held"), data.get("counted_on")
    )
    target = stock_days(data.get("target_days"), "target_days")
    if target < 1:
        raise ValidationError({"target_days": _("The target is at least one day of stock.")})
    cleaned.update(
        good=data["good"], target_days=target, site=data.get("site"),
        agreement_ends_on=a_date(data.get("agreement_ends_on"), "agreement_ends_on",
                                 required=False),
        responsible=a_person(data.get("responsible"), "responsible",
                             _("Name the person responsible for the stock.")),
    )  # fmt: skip
    return cleaned


@transaction.atomic
def create_stock(*, by: Any, unit: Any, **data: Any) -> SupplyStock:
    """A stock kept by `unit`, at a site or (no site) for the whole region."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit that keeps the stock.")})
    if not SupplyStock.objects.units_for(by, CREATE).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not record stocks for this unit."))
    return SupplyStock.objects.create(unit=unit, created_by=by, **_clean(data))


@transaction.atomic
def update_stock(stock: SupplyStock, *, by: Any, version: int, **data: Any) -> SupplyStock:
    if not can(by, CHANGE, stock):
        raise PermissionDenied
    cleaned = _clean(data)
    row = lock(stock, version)
    save_changes(row, cleaned)
    return row


@transaction.atomic
def record_count(
    stock: SupplyStock, *, by: Any, version: int, days_held: Any, counted_on: Any
) -> SupplyStock:
    """The days of stock held as counted on a day (the audit trail keeps the earlier counts)."""
    if not can(by, CHANGE, stock):
        raise PermissionDenied
    days_held, counted_on = _count(days_held, counted_on)
    row = lock(stock, version)
    row.days_held, row.counted_on = days_held, counted_on
    save_new_version(row, "days_held", "counted_on")
    return row


@transaction.atomic
def raise_shortfall_action(
    stock: SupplyStock, *, by: Any, owner: Any, due_date: Any, description: str = ""
):
    """An action to bring a stock below its target back up, with the stock as its source; the
    person must be allowed to change the stock and to create actions for its unit."""
    if not can(by, CHANGE, stock):
        raise PermissionDenied
    if not stock.below_target:
        raise ValidationError(_("The stock is at its target: no action is needed."))
    facts = _("{held} days of stock against the target of {target} days, counted on {date}.")
    facts = facts.format(held=stock.days_held, target=stock.target_days,
                         date=stock.counted_on.isoformat())  # fmt: skip
    description = stored_text(description, "description", 5000)
    title = _("Stock below target: {name}").format(name=stock.name)
    return actions.create_action(
        by=by, source=stock, title=title[:200], owner=owner, due_date=due_date, unit=stock.unit,
        description=f"{facts}\n\n{description}".strip(),
    )  # fmt: skip
