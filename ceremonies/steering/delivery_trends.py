"""Delivery figures compared across the monthly steering snapshots: for each snapshot, the last
full sprint it froze (committed, done, carry-over, cycle time), per team and for the programme
rolled up, then today's live value. Drawn with the dashboard's own charts (server-side SVG and
a table of the values), read from the snapshots' frozen data in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremonies.models import SteeringSnapshot
from ceremonies.steering.charts import MONTHS, Chart, Point, _lay_out

SERIES = [
    ("committed", gettext_lazy("Items committed (programme, last full sprint)"), "",
     gettext_lazy("open when the sprint started")),
    ("done", gettext_lazy("Items done (programme, last full sprint)"), "",
     gettext_lazy("higher is better")),
    ("carry_over", gettext_lazy("Carry-over (programme, last full sprint)"), "",
     gettext_lazy("fewer is better")),
    ("cycle_days", gettext_lazy("Cycle time (median days)"), " d",
     gettext_lazy("lower is better")),
]
FIGURES = ("committed", "done", "carry_over", "cycle_days")


@dataclass
class Column:
    """One snapshot (or today): its month, the sprint it speaks for, and that sprint's figures."""

    label: str
    sprint: int | None
    programme: dict | None
    teams: dict[int, dict]


@dataclass
class TeamRow:
    name: str
    rollup: bool = False
    cells: list[dict | None] = field(default_factory=list)


@dataclass
class DeliveryTrends:
    columns: list[Column]
    charts: list[Chart]
    rows: list[TeamRow]


def delivery_snapshots(programme, limit: int = MONTHS) -> list[tuple]:
    """(taken_at, frozen delivery) of the last `limit` snapshots, oldest first: one query."""
    rows = (SteeringSnapshot.objects.filter(programme=programme).order_by("-taken_at")
            .values_list("taken_at", "data__now__delivery")[:limit])
    return list(reversed(rows))


def full_sprint(delivery: dict | None) -> dict | None:
    """The last full sprint of a pack's delivery figures (the current one is not over)."""
    sprints = (delivery or {}).get("sprints") or []
    return next((s for s in sprints if s["label"] == "last"), None)


def month_label(at, tz) -> str:
    # "Nov 2026": short enough for the chart's axis, never ambiguous about the year.
    return formats.date_format(timezone.localtime(at, tz), "M Y")


def _column(label: str, programme, delivery: dict | None) -> Column:
    sprint = full_sprint(delivery)
    if sprint is None:
        return Column(label=label, sprint=None, programme=None, teams={})
    rolled = next((p for p in sprint["programmes"] if p["id"] == programme.pk), None)
    return Column(label=label, sprint=sprint["number"], programme=rolled,
                  teams={t["id"]: t for t in sprint["teams"]})


def delivery_trends(programme, *, live: dict | None = None, tz=None,
                    snapshots: list[tuple] | None = None) -> DeliveryTrends | None:
    """The trend of each figure, snapshot by snapshot then today; None when no snapshot and no
    live pack has delivery figures (no tracker connected: nothing to chart)."""
    tz = tz or timezone.get_current_timezone()
    if snapshots is None:
        snapshots = delivery_snapshots(programme)
    columns = [_column(month_label(at, tz), programme, delivery) for at, delivery in snapshots]
    if live is not None:
        columns.append(_column(_("now"), programme, live))
    if not any(c.sprint is not None for c in columns):
        return None
    charts = [_lay_out(Chart(key=f"delivery-{key}", title=str(title), unit=unit,
                             reading=str(reading),
                             points=[Point(label=c.label,
                                           value=(c.programme or {}).get(key))
                                     for c in columns]))
              for key, title, unit, reading in SERIES]
    rolled = TeamRow(name=_("%(programme)s (all teams)") % {"programme": programme.name},
                     rollup=True, cells=[_cell(c.programme) for c in columns])
    return DeliveryTrends(columns=columns, charts=charts, rows=[rolled, *_team_rows(columns)])


def _team_rows(columns: list[Column]) -> list[TeamRow]:
    """A row per team seen in any column, by name; a team absent from a column shows a gap."""
    names: dict[int, str] = {}
    for column in columns:
        names.update({team_id: t["name"] for team_id, t in column.teams.items()})
    ordered = sorted(names.items(), key=lambda pair: (pair[1].lower(), pair[0]))
    return [TeamRow(name=name, cells=[_cell(c.teams.get(team_id)) for c in columns])
            for team_id, name in ordered]


def _cell(figures: dict | None) -> dict | None:
    return {key: figures.get(key) for key in FIGURES} if figures else None
