"""The registry of indicator kinds. A module adds a kind by registering it in its `indicators.py`.

A kind computes the values of many indicators at once, aggregated in SQL (one query per kind,
never a loop over rows).

One truth per goal: a value is computed over the goal's own scope (`scope_unit()`: the
indicator's unit, the goal's administration, and the dashboard's `within`, the narrowest of
them; the region when none), from every row there, whoever looks. So the region's fire goal
reads the same for the employee and the chief. A count carries no personal data; the rows
behind it are listed per viewer, by the list `rows_url()` leads to, which says when the viewer
may read fewer of them than the number counts (`sakra.goals.rows.hidden_note`).

The `user` argument of `compute()` and `breakdown()` is the viewer, for links only: it must not
narrow the figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sakra.core.hooks import app_modules

if TYPE_CHECKING:
    from sakra.organisation.models import Unit

    from .models import Indicator

#: indicator id -> year -> value
Values = dict[int, dict[int, Decimal]]


class IndicatorKind:
    """The contract of a kind. Subclass it, set `key` and `label`, and `register()` an instance."""

    key: str = ""
    label: Any = ""
    #: A count of events over a year: the current, incomplete year is projected to a full year.
    counts_events: bool = False
    #: A typed-in series rather than one computed from the data.
    is_manual: bool = False
    #: What the rows behind a value are called, in the plural ("incidents"), for the list's
    #: "You see 4 of 6 incidents" when the viewer may read fewer rows than the value counts.
    rows_noun: Any = ""

    def clean(self, indicator: Indicator) -> None:
        """Refuse a bad definition with a ValidationError naming the field."""

    def compute(
        self, user, indicators: list[Indicator], years: Iterable[int], within: Unit | None = None
    ) -> Values:
        raise NotImplementedError

    def breakdown(self, user, indicator: Indicator, year: int) -> list[dict]:
        """Per administration: [{"administration": Unit, "value": Decimal, "url": str}]."""
        return []

    def rows_url(self, indicator: Indicator, year: int, within: Unit | None = None) -> str:
        """The list of the rows behind a value ("" when there are no rows to show)."""
        return ""


def scope_unit(indicator: Indicator, within: Unit | None = None) -> Unit | None:
    """The unit subtree an indicator's value counts in: the narrowest of the indicator's own
    unit, its goal's administration and `within`; None for the whole region. They are nested
    whenever they name anything at all (a dashboard within another administration shows only
    the region's and the areas' goals)."""
    goal = indicator.goal
    units = [
        unit
        for unit in (
            indicator.unit if indicator.unit_id else None,
            goal.administration if goal.administration_id else None,
            within,
        )
        if unit is not None
    ]
    return max(units, key=lambda unit: len(unit.path)) if units else None


_REGISTRY: dict[str, IndicatorKind] = {}
_discovered = False


def register(kind: IndicatorKind) -> IndicatorKind:
    _REGISTRY[kind.key] = kind
    return kind


def _discover() -> None:
    global _discovered
    if not _discovered:
        for _module in app_modules("indicators"):
            pass  # importing an app's indicators.py registers its kinds
        _discovered = True


def get_kind(key: str) -> IndicatorKind:
    _discover()
    return _REGISTRY[key]


def all_kinds() -> list[IndicatorKind]:
    _discover()
    return list(_REGISTRY.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in all_kinds()]
