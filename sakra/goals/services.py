"""State changes of goals and indicators, and the dashboards that read them.

Dashboards compute each indicator kind once for all the indicators on the page (one
aggregate query per kind), so a dashboard's query count does not grow with the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from sakra.core.access import CHANGE
from sakra.core.validation import check_stored_text

from .kinds import Values, get_kind
from .models import Goal, Indicator, ManualValue
from .status import Assessment, assess

MAX_VALUE = Decimal("999999999")


def _checked_texts(fields: dict) -> dict:
    """The text values checked as every stored text is (no NUL, NFC, no classification
    marking), each refusal tied to its field."""
    errors, checked = {}, dict(fields)
    for name, value in fields.items():
        if isinstance(value, str) and value:
            try:
                checked[name] = check_stored_text(value)
            except ValidationError as exc:
                errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def create_goal(*, owner, title: str, start_year: int, end_year: int, **fields) -> Goal:
    fields = _checked_texts({"title": title, **fields})
    goal = Goal(owner=owner, start_year=start_year, end_year=end_year, **fields)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def create_indicator(*, goal: Goal, **fields) -> Indicator:
    """Add an indicator; a bad definition is refused with a message per field."""
    indicator = Indicator(goal=goal, **_checked_texts(fields))
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def record_manual_value(
    indicator: Indicator, *, by, year: int, value, note: str = ""
) -> ManualValue:
    """`by` types in a year's value of a manual indicator; who and when are kept."""
    if not Indicator.objects.for_user(by, CHANGE).filter(pk=indicator.pk).exists():
        raise PermissionDenied
    if not indicator.kind_definition.is_manual:
        raise ValidationError(_("This indicator is computed from the data; it cannot be typed in."))
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": _("Enter a number.")}) from exc
    if not value.is_finite() or value < 0 or value > MAX_VALUE:
        raise ValidationError({"value": _("Enter a number from 0 to 999 999 999.")})
    if not 1990 <= int(year) <= timezone.localdate().year:
        raise ValidationError({"year": _("Enter a year that has begun.")})
    note = _checked_texts({"note": (note or "")[:300]})["note"]
    row, _created = ManualValue.objects.update_or_create(
        indicator=indicator,
        year=year,
        defaults={"value": value, "entered_by": by, "note": note},
    )
    return row


ONE_DECIMAL = Decimal("0.1")


def number_text(value: Decimal | None) -> str:
    """A figure as the pages show it: what `floatformat:"-1"` writes (one decimal where there is
    one, the language's decimal mark), "" for none. A dashboard writes a few hundred, and the
    filter costs five times as much."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    text = str(value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


@dataclass
class IndicatorView:
    """An indicator with its values and its standing in the year shown."""

    indicator: Indicator
    values: dict[int, Decimal]
    assessment: Assessment
    years: list[int]
    url: str = ""
    rows_url: str = ""
    chart: str = ""

    @property
    def series(self) -> list[tuple[int, Decimal | None]]:
        return [(year, self.values.get(year)) for year in self.years]


@dataclass
class GoalView:
    goal: Goal
    indicators: list[IndicatorView] = field(default_factory=list)


def year_span(indicators: list[Indicator], today: date) -> list[int]:
    if not indicators:
        return []
    first = min(indicator.baseline_year for indicator in indicators)
    last = max(max(indicator.target_year for indicator in indicators), today.year)
    return list(range(first, min(last, today.year) + 1))


def compute_values(user, indicators: list[Indicator], years: list[int], within=None) -> Values:
    """Every indicator's values for `years`, one query per kind."""
    by_kind: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_kind[indicator.kind].append(indicator)
    values: Values = {}
    for key, group in by_kind.items():
        values.update(get_kind(key).compute(user, group, years, within))
    return values


def indicator_view(user, indicator: Indicator, year: int, within=None) -> IndicatorView:
    """One indicator's values and its standing in `year`."""
    today = timezone.localdate()
    years = sorted({*year_span([indicator], today), year})
    own = compute_values(user, [indicator], years, within).get(indicator.pk, {})
    return IndicatorView(indicator, own, assess(indicator, own, year, today), years)


def dashboard(user, goals, *, year: int | None = None, within=None) -> list[GoalView]:
    """Goals with their indicators assessed for `year` (default: this year)."""
    today = timezone.localdate()
    year = year or today.year
    # The indicators in one query, in their own order: the model's ordering would join the
    # goals and areas again only to sort what is grouped per goal anyway.
    indicators = Indicator.objects.select_related("unit", "site").order_by("position", "pk")
    goals = list(
        goals.select_related("area", "owner", "administration").prefetch_related(
            Prefetch("indicators", queryset=indicators)
        )
    )
    indicators = [indicator for goal in goals for indicator in goal.indicators.all()]
    years = year_span(indicators, today)
    if year not in years and years:
        years = sorted({*years, year})
    values = compute_values(user, indicators, years, within)
    views = []
    for goal in goals:
        goal_view = GoalView(goal)
        for indicator in goal.indicators.all():
            own = values.get(indicator.pk, {})
            goal_view.indicators.append(
                IndicatorView(indicator, own, assess(indicator, own, year, today), years)
            )
        views.append(goal_view)
    return views
