"""Where the dependency board draws its arrows: from the providing team's row to the needing
team's entry in the column of its date. Lengths are in rem and match the board's fixed sizes
in static/css/updates.css (`.dep-board`), so the SVG laid over the grid needs no script."""

from __future__ import annotations

from dataclasses import dataclass

from ceremonies.dependencies.selectors import Board, Row
from ceremonies.models import Dependency

TEAM_WIDTH = 8.0  # the team names' column
COLUMN_WIDTH = 9.5  # each date column
HEADER_HEIGHT = 4.5
LINE_HEIGHT = 2.0  # one entry of a cell
ROW_PADDING = 0.5  # above and below a row's entries, together
CELL_INSET = 0.25  # an entry's left edge from its column's


@dataclass(frozen=True)
class Arrow:
    dependency: Dependency
    start: tuple[float, float]
    end: tuple[float, float]

    @property
    def late(self) -> bool:
        return self.dependency.late

    @property
    def path(self) -> str:
        """A curve leaving the provider's row to the right and entering the entry from its
        left, so arrows to the first column still read as arrows."""
        (x1, y1), (x2, y2) = self.start, self.end
        bend = max(2.0, (x2 - x1) / 2)
        return f"M {x1:g} {y1:g} C {x1 + bend:g} {y1:g} {x2 - bend:g} {y2:g} {x2:g} {y2:g}"

    @property
    def middle(self) -> tuple[float, float]:
        """The curve's point half-way (its control points are symmetric), where a late arrow
        says so."""
        (x1, y1), (x2, y2) = self.start, self.end
        return (x1 + x2) / 2, (y1 + y2) / 2


@dataclass
class Drawing:
    width: float
    height: float
    arrows: list[Arrow]


def row_height(row: Row) -> float:
    return row.lines * LINE_HEIGHT + ROW_PADDING


def draw(board: Board) -> Drawing:
    """An arrow per entry the board shows; entries only counted ("+2 more") get none."""
    tops, top = {}, HEADER_HEIGHT
    for row in board.rows:
        tops[row.team.pk] = top
        top += row_height(row)
    centres = {row.team.pk: tops[row.team.pk] + row_height(row) / 2 for row in board.rows}
    arrows = []
    for row in board.rows:
        for column, cell in enumerate(row.cells):
            left = TEAM_WIDTH + column * COLUMN_WIDTH + CELL_INSET
            for line, dependency in enumerate(cell.shown):
                y = tops[row.team.pk] + ROW_PADDING / 2 + (line + 0.5) * LINE_HEIGHT
                start = (TEAM_WIDTH, centres[dependency.providing_team_id])
                arrows.append(Arrow(dependency, start, (left, y)))
    columns = len(board.sprints) + 2
    return Drawing(width=TEAM_WIDTH + columns * COLUMN_WIDTH, height=top, arrows=arrows)
