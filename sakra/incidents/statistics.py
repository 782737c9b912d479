"""Incidents per security area and category: a year against the year before and the baseline
year, per administration, and the trend over the years. The annual report reads the same.

Events only by default (dismissed reports are left out, as goals count); near misses are
counted apart, on request (`Counted`). The figures are the region's,
whoever looks: a count carries no personal data, and each number links to the list, which
shows the viewer only the rows they may read (and says when they read fewer). Region and
administration figures come from the yearly summary; a site's are counted from the incidents
(the summary has no site).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sakra.accounts.choices import Role
from sakra.core.access import VIEW
from sakra.organisation.models import SecurityArea, Site, Unit

from .choices import Counted
from .models import Incident, IncidentCategory, IncidentYearlyCount

#: The first year the statistics offer (the demo region's and seed 000's baseline).
FIRST_YEAR = 2019


def may_see_statistics(user) -> bool:
    """Anyone who reads incidents through a role, and the security board, which follows the
    region's figures: they are counts without personal data. A reporter who reads only their
    own reports is not offered them."""
    if Incident.objects.may(user, VIEW):
        return True
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.BOARD_MEMBER)


def check_year(year: int, field: str) -> int:
    """A year the statistics offer; ValidationError keyed by `field` otherwise."""
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        message = _("Choose a year from {first} to {last}.").format(first=FIRST_YEAR, last=last)
        raise ValidationError({field: message})
    return year


def selection_from(*, year=None, baseline_year=None, area=None, administration=None,
                   site=None, counted=None) -> Selection:  # fmt: skip
    """A selection from ids (the API); an unknown id is refused as bad input, not a 500."""
    rows = {"area": (SecurityArea.objects.all(), area),
            "administration": (Unit.objects.administrations(), administration),
            "site": (Site.objects.all(), site)}  # fmt: skip
    found = {}
    for name, (queryset, pk) in rows.items():
        found[name] = queryset.filter(pk=pk).first() if pk is not None else None
        if pk is not None and found[name] is None:
            raise ValidationError({name: _("No such choice.")})
    if counted is not None and counted not in Counted.values:
        raise ValidationError({"counted": _("No such choice.")})
    return Selection(
        year=check_year(year or timezone.localdate().year, "year"),
        baseline_year=check_year(baseline_year or FIRST_YEAR, "baseline_year"),
        counted=Counted(counted or Counted.EVENTS),
        **found,
    )


@dataclass(frozen=True)
class Selection:
    """What the statistics are asked for."""

    year: int
    baseline_year: int
    area: SecurityArea | None = None
    administration: Unit | None = None
    site: Site | None = None
    counted: Counted = Counted.EVENTS

    @property
    def years(self) -> list[int]:
        """The columns: the baseline year, the year before and the year (once each)."""
        return sorted({self.baseline_year, self.year - 1, self.year})

    def rows_url(self, year: int, *, category: str | None = None, administration=None) -> str:
        """The list of the incidents one number counts."""
        params = [("category", category)] if category else []
        params += [("occurred_from", f"{year}-01-01"), ("occurred_to", f"{year}-12-31")]
        params.append(("events", "true"))
        if self.counted != Counted.BOTH:
            params.append(("near_miss", "true" if self.counted == Counted.NEAR_MISSES else "false"))
        if self.area is not None and category is None:
            params.append(("area", self.area.pk))
        unit = administration or self.administration
        if unit is not None:
            params.append(("administration", unit.pk))
        if self.site is not None:
            params.append(("site", self.site.pk))
        return f"{reverse('incidents:list')}?{urlencode(params)}"


@dataclass
class Line:
    """One category's counts per year of the selection, each with the link to its rows, and
    the change of the year against the year before."""

    area: SecurityArea
    category: IncidentCategory
    counts: dict[int, int]
    cells: list[tuple[int, int, str]]
    change: int


@dataclass
class Statistics:
    selection: Selection
    lines: list[Line]
    totals: dict[int, int]
    per_administration: list[tuple[Unit, int, str]]
    trend: list[tuple[int, int]]


def _counted(selection: Selection, years, group: tuple[str, ...]) -> Counter:
    """Events (or near misses, or both) per `group` columns (and year) under the selection."""
    if selection.site is not None:
        rows, total = Incident.objects.counted().filter(site=selection.site), Count("pk")
    else:
        rows, total = IncidentYearlyCount.objects.all(), Sum("count")
    rows = rows.filter(occurred_year__in=list(years), **selection.counted.near_miss)
    if selection.area is not None:
        rows = rows.filter(area=selection.area)
    if selection.administration is not None:
        rows = rows.filter(administration=selection.administration)
    counts: Counter = Counter()
    for *key, n in rows.order_by().values_list(*group, "occurred_year").annotate(n=total):
        counts[tuple(key)] += n or 0
    return counts


def gather(selection: Selection) -> Statistics:
    """The statistics of a selection, in a constant number of queries (five)."""
    years = selection.years
    counts = _counted(selection, years, ("category_id",))
    categories = IncidentCategory.objects.select_related("area").order_by(
        "area__position", "area__name_sv", "position", "name_sv"
    )
    if selection.area is not None:
        categories = categories.filter(area=selection.area)
    lines, totals = [], dict.fromkeys(years, 0)
    for category in categories:
        per_year = {year: counts.get((category.pk, year), 0) for year in years}
        if not any(per_year.values()) and not category.is_active:
            continue  # a retired category with nothing to show
        for year, n in per_year.items():
            totals[year] += n
        cells = [(year, n, selection.rows_url(year, category=category.code))
                 for year, n in per_year.items()]  # fmt: skip
        change = per_year[selection.year] - per_year[selection.year - 1]
        lines.append(Line(category.area, category, per_year, cells, change))

    by_administration = _counted(selection, [selection.year], ("administration_id",))
    units = Unit.objects.filter(pk__in=[key[0] for key in by_administration if key[0]])
    per_administration = sorted(
        (
            (unit, by_administration[unit.pk, selection.year],
             selection.rows_url(selection.year, administration=unit))
            for unit in units
        ),
        key=lambda row: (-row[1], row[0].name),
    )  # fmt: skip

    trend_years = range(min(FIRST_YEAR, selection.baseline_year), selection.year + 1)
    per_year = _counted(selection, trend_years, ())
    trend = [(year, per_year.get((year,), 0)) for year in trend_years]
    return Statistics(selection, lines, totals, per_administration, trend)
