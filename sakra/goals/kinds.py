"""The registry of indicator kinds. A module adds a kind by registering it in its `indicators.py`.

A kind computes the values of many indicators at once, aggregated in SQL (one query per kind,
never a loop over rows), from the rows the user may see, so that a number on a dashboard and
the list it links to always agree.
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
