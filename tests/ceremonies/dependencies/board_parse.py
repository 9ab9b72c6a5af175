"""Read the dependency board as a browser would lay it out: its rows and cells from the HTML,
its arrows from the SVG, in the rem the stylesheet sizes the grid in."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class GridRow:
    team: str = ""
    lines: int = 1
    cells: list[list[int]] = field(default_factory=list)


class _Grid(HTMLParser):
    """Rows of the board's body: the team heading each, and the dependency ids of each cell."""

    def __init__(self):
        super().__init__()
        self.rows: list[GridRow] = []
        self.columns = 0
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        role, classes = attrs.get("role"), (attrs.get("class") or "").split()
        if role == "row" and "dep-header" not in classes:
            lines = next((c for c in classes if c.startswith("lines-")), "lines-1")
            self.rows.append(GridRow(lines=int(lines.removeprefix("lines-"))))
        elif role == "columnheader":
            self.columns += 1
        elif role == "rowheader":
            self._in = "team"
        elif role == "cell":
            self.rows[-1].cells.append([])
        elif "dep-chip" in classes:
            self.rows[-1].cells[-1].append(int(attrs["data-dependency"]))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "team":
            self.rows[-1].team += data


def grid(html: str) -> _Grid:
    parser = _Grid()
    parser.feed(html.split('class="dep-board"', 1)[1])
    return parser


@dataclass
class DrawnArrow:
    dependency: int
    start: tuple[float, float]
    end: tuple[float, float]
    late: bool
    dashed: bool


def arrows(html: str) -> tuple[ET.Element, list[DrawnArrow]]:
    svg = ET.fromstring(re.search(r"<svg class=\"dep-arrows\".*?</svg>", html, re.S).group(0))
    drawn = []
    for path in svg.iter("{http://www.w3.org/2000/svg}path"):
        if "dep-arrow" not in path.get("class", "").split():
            continue
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", path.get("d"))]
        drawn.append(DrawnArrow(int(path.get("data-dependency")), tuple(numbers[:2]),
                                tuple(numbers[-2:]), "late" in path.get("class").split(),
                                path.get("stroke-dasharray") is not None))
    return svg, drawn
