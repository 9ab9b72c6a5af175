"""Reads of dependencies shaped for their pages: the list, the board, the room's slots.
A fixed number of queries for any number of teams."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from ceremonies.models import Dependency, StopNotice
from programmes.models import Programme, Sprint, Team

S = Dependency.Status
BOARD_SPRINTS = 4
CELL_ENTRIES = 3  # entries a board cell shows; the rest are counted, and listed in the list


def programme_dependencies(programme: Programme) -> QuerySet[Dependency]:
    """What the programme's teams need or are asked for, dropped ones left out."""
    return (Dependency.objects.filter(Q(programme=programme)
                                      | Q(providing_team__programme=programme))
            .exclude(status=S.DROPPED)
            .select_related("needing_team", "providing_team")
            .order_by("status", "committed_date", "needed_by", "pk"))


def due_date(dependency: Dependency) -> date | None:
    """The date the board places it at: the committed one once answered, else the need's."""
    return dependency.committed_date or dependency.needed_by


@dataclass
class Cell:
    entries: list[Dependency] = field(default_factory=list)

    @property
    def shown(self) -> list[Dependency]:
        return self.entries[:CELL_ENTRIES]

    @property
    def more(self) -> int:
        return max(0, len(self.entries) - CELL_ENTRIES)

    @property
    def lines(self) -> int:
        return len(self.shown) + (1 if self.more else 0)


@dataclass
class Row:
    """A team the programme's open dependencies involve; its cells hold what it needs."""

    team: Team
    cells: list[Cell]

    @property
    def lines(self) -> int:
        return max(1, *(cell.lines for cell in self.cells))


@dataclass
class Board:
    """Teams × the coming sprints: a row per team that needs or provides something; the first
    column holds what is due before the first sprint (late when accepted), the last what is
    due after the last sprint or has no date yet."""

    sprints: list[Sprint]
    rows: list[Row] = field(default_factory=list)
    late: int = 0
    shown: int = 0


def board(programme: Programme, today: date) -> Board:
    """Three queries: the sprints, the teams, the open dependencies."""
    sprints = list(programme.sprints.filter(end__gte=today).order_by("start")[:BOARD_SPRINTS])
    deps = list(programme_dependencies(programme).filter(status__in=Dependency.OPEN_STATUSES))
    teams = {t.pk: t for t in programme.teams.order_by("name")}
    for d in deps:  # teams of other programmes it depends on, shown once
        teams.setdefault(d.providing_team_id, d.providing_team)
        teams.setdefault(d.needing_team_id, d.needing_team)
    columns = len(sprints) + 2  # earlier, the sprints, later or no date
    by_team = defaultdict(lambda: [Cell() for _ in range(columns)])
    involved = set()
    result = Board(sprints=sprints)
    for d in deps:
        d.late = d.is_late(today)
        result.late += d.late
        by_team[d.needing_team_id][_column(due_date(d), sprints)].entries.append(d)
        involved |= {d.needing_team_id, d.providing_team_id}  # a provider's row: arrows leave it
    result.shown = len(deps)
    result.rows = [Row(team, by_team[pk]) for pk, team in
                   sorted(teams.items(), key=lambda kv: kv[1].name) if pk in involved]
    return result


def _column(day: date | None, sprints: list[Sprint]) -> int:
    if day is None:
        return len(sprints) + 1
    if not sprints or day < sprints[0].start:
        return 0
    for n, sprint in enumerate(sprints, start=1):
        if sprint.contains(day):
            return n
    return len(sprints) + 1


def stop_notices(programme: Programme) -> QuerySet[StopNotice]:
    """What the programme's teams said may stop another team, and what other teams said may
    stop one of them; the newest update first."""
    return (StopNotice.objects.filter(Q(update__team__programme=programme)
                                      | Q(team__programme=programme))
            .select_related("team", "update__team", "update__meeting")
            .order_by("-update__posted_at", "pk"))


# --- the room's team slots --------------------------------------------------------------------

@dataclass
class Said:
    """What a team's slot shows about other teams: its notices and theirs, its dependencies."""

    stops_others: list[StopNotice] = field(default_factory=list)
    stopped_by: list[StopNotice] = field(default_factory=list)
    needs: list[Dependency] = field(default_factory=list)
    asked: list[Dependency] = field(default_factory=list)

    @property
    def late(self) -> list[Dependency]:
        return [d for d in [*self.needs, *self.asked] if d.late]


def said_about(team_ids: list[int], meeting_id: int | None, today: date) -> dict[int, Said]:
    """team id → what it said about other teams for the meeting, what they said about it, and
    its open dependencies both ways (late ones marked). Two queries."""
    said = defaultdict(Said)
    if meeting_id is not None:
        notices = (StopNotice.objects.filter(update__meeting_id=meeting_id)
                   .filter(Q(team_id__in=team_ids) | Q(update__team_id__in=team_ids))
                   .select_related("team", "update__team"))
        for notice in notices:
            said[notice.update.team_id].stops_others.append(notice)
            said[notice.team_id].stopped_by.append(notice)
    deps = (Dependency.objects.filter(status__in=Dependency.OPEN_STATUSES)
            .filter(Q(needing_team_id__in=team_ids) | Q(providing_team_id__in=team_ids))
            .select_related("needing_team", "providing_team").order_by("committed_date", "pk"))
    for d in deps:
        d.late = d.is_late(today)
        said[d.needing_team_id].needs.append(d)
        said[d.providing_team_id].asked.append(d)
    return said
