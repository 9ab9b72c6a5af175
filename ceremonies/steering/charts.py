"""Trends over the last months from steering snapshots, drawn as small server-side SVG charts.

Each chart comes with its values as text (a table), so it reads without colour or sight.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from ceremonies.models import SteeringSnapshot

MONTHS = 12
WIDTH, HEIGHT, PAD_X, PAD_Y = 360, 140, 36, 18

SERIES = [
    ("open_impediments", "Open impediments", "", "fewer is better"),
    ("loop_close_median_hours", "Loop closure time (median hours)", " h", "lower is better"),
    ("objective_progress", "Objective progress (average %)", "%", "higher is better"),
]


@dataclass
class Point:
    label: str
    value: float | None
    x: float = 0
    y: float = 0
    show_label: bool = True


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    reading: str
    points: list[Point] = field(default_factory=list)

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
    def description(self) -> str:
        values = ", ".join(f"{p.label}: {_text(p.value, self.unit)}" for p in self.points)
        return f"{self.title}, {self.reading}. {values or 'No snapshots yet.'}"


def _text(value, unit: str) -> str:
    if value is None:
        return "no data"
    return f"{value:g}{unit}"


def snapshot_summaries(programme, limit: int = MONTHS) -> list[tuple]:
    """(id, taken_at, summary) of the last `limit` snapshots, oldest first: one query."""
    rows = (SteeringSnapshot.objects.filter(programme=programme).order_by("-taken_at")
            .values_list("pk", "taken_at", "data__summary")[:limit])
    return list(reversed(rows))


def _lay_out(chart: Chart) -> Chart:
    top = chart.top or 1
    step = (WIDTH - 2 * PAD_X) / max(1, len(chart.points) - 1)
    every = 1 if len(chart.points) <= 6 else 2  # month labels must not overlap
    last = len(chart.points) - 1
    for n, point in enumerate(chart.points):
        point.x = PAD_X + n * step
        point.show_label = (last - n) % every == 0
        if point.value is not None:
            point.y = HEIGHT - PAD_Y - (HEIGHT - 2 * PAD_Y) * (point.value / top)
    return chart


def trend_charts(programme, live_summary: dict | None = None, tz=None,
                 snapshots: list[tuple] | None = None) -> list[Chart]:
    """One chart per trend: each snapshot (by month), then today's live value."""
    tz = tz or timezone.get_current_timezone()
    if snapshots is None:
        snapshots = snapshot_summaries(programme)
    summaries = [(timezone.localtime(at, tz).strftime("%b %y"), summary or {})
                 for _, at, summary in snapshots]
    if live_summary is not None:
        summaries.append(("now", live_summary))
    charts = []
    for key, title, unit, reading in SERIES:
        chart = Chart(key=key, title=title, unit=unit, reading=reading,
                      points=[Point(label=label, value=summary.get(key))
                              for label, summary in summaries])
        charts.append(_lay_out(chart))
    return charts
