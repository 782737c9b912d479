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
from sakra.core.concurrency import lock, save_new_version
from sakra.core.validation import check_stored_text

from .kinds import Values, get_kind
from .models import FIRST_YEAR, Goal, Indicator, ManualValue
from .querysets import CREATE
from .status import Assessment, assess

MAX_VALUE = Decimal("999999999")


#: What a goal's form and API may set; nothing else of the row is the person's to write.
GOAL_FIELDS = frozenset(
    {"title", "statement", "area", "area_id", "administration", "administration_id", "owner",
     "owner_id", "parent", "parent_id", "start_year", "end_year", "priority",
     "counts_near_misses"}
)  # fmt: skip
#: What an indicator's service may set (the form and the API leave out the unit and the site,
#: which narrow the goal's scope further: set by imports and the demo).
INDICATOR_FIELDS = frozenset(
    {"title", "kind", "direction", "baseline_year", "target_year", "target_type",
     "target_value", "criteria", "position", "unit", "unit_id", "site", "site_id"}
)  # fmt: skip


def _require(by, action: str, obj, message) -> None:
    if not type(obj)._default_manager.for_user(by, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(message)


def _require_scope(by, goal: Goal) -> None:
    """`by` may set goals in the goal's scope (its area and administration), by a role and not
    merely as the goal's owner."""
    _require(by, CREATE, goal, _("You may not set goals for this scope."))


def _only(fields: dict, allowed: frozenset[str]) -> dict:
    """`fields` when each is the person's to set, their texts checked as every stored text is
    (no NUL, NFC, no classification marking), each refusal tied to its field."""
    if unknown := sorted(set(fields) - allowed):
        raise TypeError(f"not fields of this form: {unknown}")
    errors = {}
    for name, value in fields.items():
        if isinstance(value, str) and value:
            try:
                fields[name] = check_stored_text(value)
            except ValidationError as exc:
                errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def create_goal(*, by=None, title: str, start_year: int, end_year: int, **fields) -> Goal:
    """A new goal in a scope `by` may set goals for (its owner given as `owner` or `owner_id`).
    `by=None` is the system (demo, imports)."""
    fields = _only({"title": title, **fields}, GOAL_FIELDS)
    goal = Goal(start_year=start_year, end_year=end_year, **fields)
    goal.full_clean()
    goal.save()
    if by is not None:
        _require_scope(by, goal)
    return goal


@transaction.atomic
def update_goal(goal: Goal, *, by, version: int, **changes) -> Goal:
    """Change a goal's fields; moving it to another scope needs a role in the new scope."""
    _only(changes, GOAL_FIELDS)
    _require(by, CHANGE, goal, _("You may not change this goal."))
    row = lock(goal, version)
    scope = (row.area_id, row.administration_id)
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    save_new_version(row, *changes)
    if (row.area_id, row.administration_id) != scope:
        _require_scope(by, row)
    return row


@transaction.atomic
def archive_goal(goal: Goal, *, by, version: int) -> Goal:
    """Take a goal off the dashboards; it and its indicators stay readable (nothing is lost)."""
    _require(by, CHANGE, goal, _("You may not change this goal."))
    row = lock(goal, version)
    if not row.is_active:
        raise ValidationError(_("The goal is already archived."))
    row.is_active = False
    save_new_version(row, "is_active")
    return row


def _check_value(value) -> Decimal:
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": _("Enter a number.")}) from exc
    if not value.is_finite() or value < 0 or value > MAX_VALUE:
        raise ValidationError({"value": _("Enter a number from 0 to 999 999 999.")})
    return value


@transaction.atomic
def create_indicator(
    *, goal: Goal, by=None, baseline_value=None, source: str = "", **fields
) -> Indicator:
    """Add an indicator; a bad definition is refused with a message per field.

    A typed-in (manual) indicator may be given its baseline value at once, with its source.
    `by=None` is the system (demo, imports)."""
    _only(fields, INDICATOR_FIELDS)
    if by is not None:
        _require(by, CHANGE, goal, _("You may not change this goal."))
    indicator = Indicator(goal=goal, **fields)
    indicator.full_clean()
    if baseline_value is not None and not indicator.kind_definition.is_manual:
        raise ValidationError(
            {"baseline_value": _("This indicator is computed from the data; leave it empty.")}
        )
    indicator.save()
    if baseline_value is not None:
        _store_value(
            indicator, by=by or goal.owner, year=indicator.baseline_year, value=baseline_value,
            source=source, note="",
        )  # fmt: skip
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, by, version: int, **changes) -> Indicator:
    """Change an indicator's definition; its values follow from the data (or stay typed in)."""
    _only(changes, INDICATOR_FIELDS)
    _require(by, CHANGE, indicator, _("You may not change this indicator."))
    row = lock(indicator, version)
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    save_new_version(row, *changes)
    return row


@transaction.atomic
def record_manual_value(
    indicator: Indicator, *, by, year: int, value, source: str, note: str = ""
) -> ManualValue:
    """Type in a year's value of a manual indicator with where it comes from; who and when are
    kept, and a correction replaces the year's value (the audit log keeps the old one)."""
    _require(by, CHANGE, indicator, _("You may not change this indicator."))
    if not indicator.kind_definition.is_manual:
        raise ValidationError(_("This indicator is computed from the data; it cannot be typed in."))
    if not FIRST_YEAR <= int(year) <= timezone.localdate().year:
        raise ValidationError({"year": _("Enter a year that has begun.")})
    texts = _only({"source": source, "note": note}, frozenset({"source", "note"}))
    return _store_value(indicator, by=by, year=year, value=value, **texts)


def _store_value(indicator, *, by, year, value, source, note) -> ManualValue:
    value = _check_value(value)
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Say where the value comes from.")})
    row, _created = ManualValue.objects.update_or_create(
        indicator=indicator,
        year=year,
        defaults={"value": value, "entered_by": by, "source": source[:300], "note": note[:300]},
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
