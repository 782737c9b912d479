"""The heat map's values: a grid of cells with their level and how many risks sit in each.

Python prepares positions and counts; `risks/_heatmap.html` writes the SVG. Confidential
analyses are counted in a region-wide map (the figure is the region's) but never listed: a
cell shows a number, and the list behind it comes from `for_user()` like every list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

CELL_W, CELL_H = 96, 52
LEFT, TOP, BOTTOM = 150, 10, 70


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    cx: int
    cy: int
    likelihood: int
    consequence: int
    level: int
    level_label: str
    count: int
    acceptable: bool


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class HeatMap:
    title: str
    cells: list[Cell]
    rows: list[Label]
    columns: list[Label]
    width: int
    height: int
    total: int
    cell_w: int = CELL_W
    cell_h: int = CELL_H
    left: int = LEFT


def counts(risks) -> dict[tuple[int, int], int]:
    """Risks per (current likelihood, current consequence): one query."""
    rows = (
        risks.order_by().values("current_likelihood", "current_consequence").annotate(n=Count("pk"))
    )
    return {(row["current_likelihood"], row["current_consequence"]): row["n"] for row in rows}


def build(matrix, per_cell: dict[tuple[int, int], int], title: str) -> HeatMap:
    """The grid of `matrix` with the counts; the highest likelihood at the top."""
    n_lik, n_con = matrix.size
    cells = []
    for lik in range(1, n_lik + 1):
        y = TOP + (n_lik - lik) * CELL_H
        for con in range(1, n_con + 1):
            level = matrix.level(lik, con)
            cells.append(
                Cell(
                    x=LEFT + (con - 1) * CELL_W, y=y,
                    cx=LEFT + (con - 1) * CELL_W + CELL_W // 2, cy=y + CELL_H // 2 + 6,
                    likelihood=lik, consequence=con,
                    level=level, level_label=matrix.level_label(level),
                    count=per_cell.get((lik, con), 0), acceptable=matrix.is_acceptable(level),
                )
            )  # fmt: skip
    rows = [
        Label(x=LEFT - 8, y=TOP + (n_lik - lik) * CELL_H + CELL_H // 2 + 4, text=text)
        for lik, text in enumerate(matrix.likelihood_labels, start=1)
    ]
    columns = [
        Label(x=LEFT + (con - 1) * CELL_W + CELL_W // 2, y=TOP + n_lik * CELL_H + 18, text=text)
        for con, text in enumerate(matrix.consequence_labels, start=1)
    ]
    return HeatMap(
        title=title, cells=cells, rows=rows, columns=columns,
        width=LEFT + n_con * CELL_W + 10, height=TOP + n_lik * CELL_H + BOTTOM,
        total=sum(per_cell.values()),
    )  # fmt: skip
