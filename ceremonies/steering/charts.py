"""Trends over the last months from steering snapshots, drawn as small server-side SVG charts.

Each chart comes with its values as text (a table), so it reads without colour or sight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ceremonies.models import SteeringSnapshot

MONTHS = 12
# The drawing's units: its text is 15 units high, which stays readable (at least 12 px) down to
# a 290 px-wide chart on a phone. PAD_LEFT holds the y-axis' figures, PAD_BOTTOM the months.
WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 360, 210, 48, 30, 26, 30
LABEL_WIDTH = 72  # "Nov 2026" at 15 units, and a gap

SERIES = [
    ("open_impediments", _("Open impediments"), "", _("fewer is better")),
    ("loop_close_median_hours", _("Loop closure time (median hours)"), " h",
     _("lower is better")),
    ("objective_progress", _("Objective progress (average %)"), "%", _("higher is better")),
]


@dataclass
class Point:
    label: str
    value: float | None
    x: float = 0
    y: float = 0
    show_label: bool = True


@dataclass
class Tick:
    label: str
    y: float


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    reading: str
    points: list[Point] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    scale_top: float = 1

    @property
    def plotted(self) -> list[Point]:
        return [p for p in self.points if p.value is not None]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.0f},{p.y:.0f}" for p in self.plotted)

    @property
    def top(self) -> float:
        return max((p.value for p in self.plotted), default=0)

    @property
    def baseline(self) -> float:
        return HEIGHT - PAD_BOTTOM

    @property
    def description(self) -> str:
        values = ", ".join(f"{p.label}: {_text(p.value, self.unit)}" for p in self.points)
        return _("%(title)s, %(reading)s. %(values)s") % {
            "title": self.title, "reading": self.reading,
            "values": values or _("No snapshots yet.")}


def _text(value, unit: str) -> str:
    if value is None:
        return str(_("no data"))
    return f"{value:g}{unit}"


def snapshot_summaries(programme, limit: int = MONTHS) -> list[tuple]:
    """(id, taken_at, summary) of the last `limit` snapshots, oldest first: one query."""
    rows = (SteeringSnapshot.objects.filter(programme=programme).order_by("-taken_at")
            .values_list("pk", "taken_at", "data__summary")[:limit])
    return list(reversed(rows))


def _nice_top(top: float) -> float:
    """The smallest of 1, 2, 5 (times a power of ten) at or above `top`: round figures on the
    y-axis."""
    if top <= 0:
        return 1
    power = 10 ** math.floor(math.log10(top))
    return next(n * power for n in (1, 2, 5, 10) if n * power >= top)


def _lay_out(chart: Chart) -> Chart:
    chart.scale_top = top = _nice_top(chart.top)
    height = HEIGHT - PAD_TOP - PAD_BOTTOM
    chart.ticks = [Tick(label=_text(top * share, ""), y=HEIGHT - PAD_BOTTOM - height * share)
                   for share in (0, 0.5, 1)]
    step = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(1, len(chart.points) - 1)
    every = max(1, math.ceil(LABEL_WIDTH / step))  # month labels must not overlap
    last = len(chart.points) - 1
    for n, point in enumerate(chart.points):
        point.x = PAD_LEFT + n * step
        point.show_label = (last - n) % every == 0
        if point.value is not None:
            point.y = HEIGHT - PAD_BOTTOM - height * (point.value / top)
    return chart


def trend_charts(programme, live_summary: dict | None = None, tz=None,
                 snapshots: list[tuple] | None = None) -> list[Chart]:
    """One chart per trend: each snapshot (by month), then today's live value."""
    tz = tz or timezone.get_current_timezone()
    if snapshots is None:
        snapshots = snapshot_summaries(programme)
    # "M Y" ("Nov 2026", "Nov. 2026", "nov. 2026"): Django localises the month, and a month
    # with its year reads the same way in every language.
    summaries = [(date_format(timezone.localtime(at, tz), "M Y"), summary or {})
                 for _pk, at, summary in snapshots]
    if live_summary is not None:
        summaries.append((pgettext("chart", "now"), live_summary))
    charts = []
    for key, title, unit, reading in SERIES:
        chart = Chart(key=key, title=title, unit=unit, reading=reading,
                      points=[Point(label=label, value=summary.get(key))
                              for label, summary in summaries])
        charts.append(_lay_out(chart))
    return charts
