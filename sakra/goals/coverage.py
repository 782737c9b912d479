"""Coverage: which security areas and administrations have goals, and which have none.

Seed 003's board asked for measurable goals "for all security areas". The page is a grid of
security areas × (the region, each administration); each cell holds the active goals set for
exactly that area and administration, with their indicators' status this year, and an empty
cell is a gap. Values only: the template writes the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sakra.organisation.models import SecurityArea, Unit

from .services import GoalView, dashboard


@dataclass
class CellIndicator:
    title: str
    url: str
    status: str
    badge_class: str


@dataclass
class CellGoal:
    title: str
    url: str
    indicators: list[CellIndicator]


@dataclass
class Cell:
    goals: list[CellGoal] = field(default_factory=list)

    @property
    def gap(self) -> bool:
        return not self.goals


@dataclass
class Row:
    area: SecurityArea | None  # None: goals of no security area
    cells: list[Cell]


@dataclass
class Coverage:
    columns: list[Unit | None]  # None first: the region as a whole
    rows: list[Row]
    gaps: int


def _goal(view: GoalView) -> CellGoal:
    return CellGoal(
        title=view.goal.title,
        url=view.goal.get_absolute_url(),
        indicators=[
            CellIndicator(
                title=item.indicator.title,
                url=item.indicator.get_absolute_url(),
                status=str(item.assessment.status_label),
                badge_class=item.assessment.badge_class,
            )
            for item in view.indicators
        ],
    )


def coverage(user, goals, *, year: int) -> Coverage:
    """The grid for `goals` (the active goals the user may see), assessed for `year`."""
    areas: list[SecurityArea | None] = [*SecurityArea.objects.active().order_by("position")]
    columns: list[Unit | None] = [None, *Unit.objects.administrations().order_by("name")]
    areas.append(None)
    cells = {
        (area.pk if area else None, unit.pk if unit else None): Cell()
        for area in areas
        for unit in columns
    }
    for view in dashboard(user, goals, year=year):
        key = (view.goal.area_id, view.goal.administration_id)
        if key in cells:  # an archived area or a unit no longer an administration: not shown
            cells[key].goals.append(_goal(view))
    rows = [
        Row(area, [cells[area.pk if area else None, unit.pk if unit else None] for unit in columns])
        for area in areas
    ]
    # The row of goals without an area is shown only when it holds any: it is no gap to fill.
    if not any(cell.goals for cell in rows[-1].cells):
        rows.pop()
    gaps = sum(cell.gap for row in rows if row.area is not None for cell in row.cells)
    return Coverage(columns, rows, gaps)
