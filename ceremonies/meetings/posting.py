"""Which teams have posted their daily update for a Scrum of Scrums: the one answer behind
every "posted" figure (Today, the room, the steering pack and dashboard, the API, reminders).

The rule, said once: a team has posted for a meeting when a `DailyUpdate` of that team for
that meeting exists (the update's own rules make it worth counting: ceremonies/models/updates).
Which meeting: a programme's teams post for its Scrum of Scrums running now, else for the
earliest scheduled one whose timebox has not passed (`meetings_posted_for`); in a parent's
room, a child programme's teams for their own Scrum of Scrums of the same day. A parent adds
up every programme with teams below it, at any depth.

Every read here costs a fixed number of queries, whatever the number of programmes or teams.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.timezone import now

from ceremonies.models import (
    Attendance,
    BlockerImpediment,
    DailyUpdate,
    Health,
    Kind,
    Meeting,
)
from feedback.models import FeedbackItem
from programmes.models import Programme, Team, TeamMembership

State = Meeting.State
LIVE = (State.RUNNING, State.PAUSED)
LONGEST_TIMEBOX = timedelta(minutes=480)
CANDIDATES = 10  # scheduled meetings looked at per programme: enough for a day of missed ones
UPDATE_FIELDS = ("id", "version", "done", "next", "nothing_new", "blockers", "resources_needed",
                 "health", "health_reason", "updated_at", "author_id")


# --- which meeting ------------------------------------------------------------------------------

def window_open(meeting: Meeting, at: datetime | None = None) -> bool:
    """Updates may change until the meeting starts, or its scheduled timebox has passed."""
    at = at or now()
    return meeting.state == State.SCHEDULED and at < meeting.scheduled_end


def meetings_posted_for(programmes: Iterable[int] | QuerySet, at: datetime | None = None, *,
                        running: bool = True) -> dict[int, Meeting]:
    """Each programme's Scrum of Scrums its teams post for at `at`: the one running (when
    `running`; the latest if several are), else the earliest scheduled one whose timebox has
    not passed. Programmes with neither are left out. One query for any number of programmes.
    """
    at = at or now()
    is_live = Q(state__in=LIVE)
    candidates = Q(state=State.SCHEDULED, scheduled_start__gt=at - LONGEST_TIMEBOX)
    if running:
        candidates |= is_live
    rows = (Meeting.objects.filter(candidates, programme_id__in=programmes,
                                   kind=Kind.SCRUM_OF_SCRUMS)
            .annotate(rank=Window(RowNumber(), partition_by=[F("programme_id")], order_by=[
                # the running ones first, latest first; then the scheduled ones, soonest first
                Case(When(is_live, then=F("scheduled_start"))).desc(nulls_last=True),
                F("scheduled_start").asc(), F("pk").asc()]))
            .filter(rank__lte=CANDIDATES).select_related("programme")
            .order_by("programme_id", "rank"))
    chosen: dict[int, Meeting] = {}
    for meeting in rows:
        if meeting.programme_id not in chosen and (meeting.is_live or window_open(meeting, at)):
            chosen[meeting.programme_id] = meeting
    return chosen


def next_sos(programme: Programme, at: datetime | None = None) -> Meeting | None:
    """The Scrum of Scrums updates are posted for: the earliest one not started nor over."""
    return meetings_posted_for([programme.pk], at, running=False).get(programme.pk)


def _sos_on(day: date, paths: list[str]) -> dict[int, Meeting]:
    """Each programme's Scrum of Scrums of `day` under `paths` (not cancelled; the earliest if
    several)."""
    meetings = (Meeting.objects.filter(_under(paths), kind=Kind.SCRUM_OF_SCRUMS,
                                       occurrence=day).exclude(state=State.CANCELLED)
                .select_related("programme").order_by("-scheduled_start", "-pk"))
    return {m.programme_id: m for m in meetings}  # the earliest wins: it comes last


# --- who has posted -----------------------------------------------------------------------------

def posted_for(meeting: Meeting, prefix: str = "") -> Q:
    """A filter on teams (at `prefix`, e.g. "team__") that have posted for `meeting`."""
    return Q(**{f"{prefix}updates__meeting": meeting})


def updates_posted(meeting_ids: Iterable[int]) -> QuerySet[DailyUpdate]:
    """The updates that count as posted for these meetings (one per team and meeting)."""
    return DailyUpdate.objects.filter(meeting_id__in=meeting_ids)


def _teams_with_updates(teams: QuerySet[Team], meetings: dict[int, Meeting]) -> list[Team]:
    """The teams, each with `team.update`: its update for its programme's meeting, or None.
    One query: the update rides along as annotations, joined through a FilteredRelation."""
    meeting_ids = [m.pk for m in meetings.values()]
    if meeting_ids:  # (an empty IN would empty the whole query, not just the join)
        teams = teams.alias(slot=FilteredRelation(
            "updates", condition=Q(updates__meeting_id__in=meeting_ids)))
        teams = teams.annotate(u_meeting_id=F("slot__meeting_id"),
                               **{f"u_{name}": F(f"slot__{name}") for name in UPDATE_FIELDS})
    teams = list(teams)
    for team in teams:
        meeting = meetings.get(team.programme_id)
        team.update = _as_update(team, meeting)
    return teams


def _as_update(team: Team, meeting: Meeting | None) -> DailyUpdate | None:
    """The team's `u_*` annotations as an unsaved DailyUpdate, when they are its update for
    its own programme's `meeting`."""
    if meeting is None or getattr(team, "u_meeting_id", None) != meeting.pk:
        return None
    return DailyUpdate(team_id=team.pk, meeting_id=meeting.pk,
                       **{("pk" if n == "id" else n): getattr(team, f"u_{n}")
                          for n in UPDATE_FIELDS})


def _attach_raised(updates: list[DailyUpdate]) -> None:
    """`update.raised`: each blocker line that became an impediment, by line (one query)."""
    raised: dict[int, dict[str, FeedbackItem]] = {u.pk: {} for u in updates}
    if updates:
        for link in (BlockerImpediment.objects.filter(update_id__in=list(raised))
                     .select_related("item")):
            raised[link.update_id][link.line] = link.item
    for update in updates:
        update.raised = raised[update.pk]


@dataclass(frozen=True)
class Posting:
    """Which teams of one programme have posted for `meeting` (None: none coming up, so none
    has posted); each team carries `team.update`, its update or None."""

    programme: Programme
    meeting: Meeting | None
    teams: list[Team]

    @property
    def missing(self) -> list[Team]:
        return [team for team in self.teams if team.update is None]

    @property
    def posted(self) -> int:
        return len(self.teams) - len(self.missing)

    @property
    def health(self) -> dict[str, int]:
        """How many of the posted updates say green, amber and red."""
        said = [team.update.health for team in self.teams if team.update is not None]
        return {health: said.count(health) for health in Health.values}


@dataclass(frozen=True)
class Total:
    """Postings added up: a parent's programmes below it, or a child's slot in the room."""

    rows: list[Posting]

    @property
    def teams(self) -> int:
        return sum(len(row.teams) for row in self.rows)

    @property
    def missing(self) -> int:
        return sum(len(row.missing) for row in self.rows)

    @property
    def posted(self) -> int:
        return self.teams - self.missing

    @property
    def short(self) -> list[Posting]:
        """The programmes with teams that have not posted."""
        return [row for row in self.rows if row.missing]

    @property
    def red(self) -> int:
        return sum(row.health[Health.RED] for row in self.rows)

    @property
    def amber(self) -> int:
        return sum(row.health[Health.AMBER] for row in self.rows)


@dataclass(frozen=True)
class PostingTree:
    """A programme's own teams and, added up, every programme with teams below it."""

    programme: Programme
    own: Posting
    below: Total

    @property
    def everywhere(self) -> Total:
        """Every programme of the tree with teams, the programme itself first."""
        return Total([self.own, *self.below.rows] if self.own.teams else self.below.rows)


def _rows(programmes: list[Programme], teams: list[Team],
          meetings: dict[int, Meeting]) -> list[Posting]:
    by_programme: dict[int, list[Team]] = {p.pk: [] for p in programmes}
    for team in teams:
        by_programme[team.programme_id].append(team)
    return [Posting(p, meetings.get(p.pk), by_programme[p.pk]) for p in programmes]


def _under(paths: list[str]) -> Q:
    """Rows whose programme is one of the programmes at `paths` or below them."""
    under = Q(pk__in=[])
    for path in paths:
        under |= Q(programme__path__startswith=path)
    return under


def _subtree_teams(paths: list[str]) -> QuerySet[Team]:
    return (Team.objects.filter(_under(paths)).select_related("programme")
            .order_by("programme__path", "name", "pk"))


def _tree_teams(paths: list[str], meetings: dict[int, Meeting]) -> list[Team]:
    """The teams at `paths` and below, with their updates, programme by programme in tree
    order, by name within each programme."""
    teams = _teams_with_updates(_subtree_teams(paths), meetings)
    teams.sort(key=lambda team: team.programme.tree_key)  # stable: keeps the names' order
    return teams


def _programmes_of(teams: list[Team], first: list[Programme]) -> list[Programme]:
    """`first`, then every other programme of `teams` in their order (tree order)."""
    programmes = {p.pk: p for p in first}
    for team in teams:
        programmes.setdefault(team.programme_id, team.programme)
    return list(programmes.values())


def posting_tree(programme: Programme, at: datetime | None = None, *,
                 raised: bool = False) -> PostingTree:
    """Who has posted, in `programme` and in every programme with teams below it, each for
    its current or next Scrum of Scrums. Two queries (three with `raised`: the own teams'
    blockers that became impediments), whatever the size of the tree."""
    below = Programme.objects.filter(path__startswith=programme.path)
    meetings = meetings_posted_for(below.values("pk"), at)
    teams = _tree_teams([programme.path], meetings)
    rows = _rows(_programmes_of(teams, [programme]), teams, meetings)
    if raised:
        _attach_raised([team.update for team in rows[0].teams if team.update is not None])
    return PostingTree(programme, rows[0], Total(rows[1:]))


def posting_for(meeting: Meeting) -> Posting:
    """Who of the meeting's programme has posted for this very meeting (one query). Updates
    are for the Scrum of Scrums: for any other meeting nobody is counted, nor flagged."""
    programme = meeting.programme
    if meeting.kind != Kind.SCRUM_OF_SCRUMS:
        return Posting(programme, meeting, [])
    teams = _teams_with_updates(programme.teams.order_by("name", "pk"),
                                {programme.pk: meeting})
    return Posting(programme, meeting, teams)


@dataclass(frozen=True)
class Represented:
    """Which teams of a Scrum of Scrums are represented: someone of the team is in the room,
    or its update is posted. Counted per team, never per person."""

    teams: list[Team]
    present: set[int]

    @property
    def missing(self) -> list[Team]:
        return [t for t in self.teams if t.pk not in self.present and t.update is None]

    @property
    def count(self) -> int:
        return len(self.teams) - len(self.missing)


def represented(posting: Posting) -> Represented:
    """One query: the teams of `posting` with a member in the meeting's attendance."""
    if posting.meeting is None or not posting.teams:
        return Represented(posting.teams, set())
    present = set(TeamMembership.objects.filter(
        team__in=[t.pk for t in posting.teams],
        person_id__in=Attendance.objects.filter(meeting=posting.meeting).values("person_id"))
        .values_list("team_id", flat=True))
    return Represented(posting.teams, present)


def child_totals(meeting: Meeting, children: list[Programme]) -> dict[int, Total]:
    """For a parent's Scrum of Scrums: per child programme, its teams and those of every
    programme below it, each for its own Scrum of Scrums of the same day. Two queries."""
    if not children:
        return {}
    paths = [child.path for child in children]
    meetings = _sos_on(meeting.occurrence, paths)
    teams = _tree_teams(paths, meetings)
    rows = _rows(_programmes_of(teams, []), teams, meetings)
    return {child.pk: Total([row for row in rows
                             if row.programme.path.startswith(child.path)])
            for child in children}


# --- the figure, as data ------------------------------------------------------------------------

def figure(total: Total) -> dict:
    """`total` as JSON-able data: the shape the steering pack freezes, the API answers and the
    pages render ("6 of 9 teams have not posted — Payments 1 of 4, …"), so all say the same."""
    return {"teams": total.teams, "posted": total.posted, "missing": total.missing,
            "programmes": [_programme_figure(row) for row in total.rows]}


def _programme_figure(row: Posting) -> dict:
    meeting = row.meeting
    return {
        "id": row.programme.pk, "name": row.programme.name, "slug": row.programme.slug,
        "teams": len(row.teams), "posted": row.posted, "missing": len(row.missing),
        "missing_teams": [{"id": team.pk, "name": team.name} for team in row.missing],
        "meeting": None if meeting is None else {
            "id": meeting.pk, "title": meeting.title,
            "scheduled_start": meeting.scheduled_start.isoformat(), "state": meeting.state},
    }
