"""Reads of daily updates shaped for their pages: a fixed number of queries for any team count.

Updates ride along as annotations on the team (or agenda item) rows, joined through a
`FilteredRelation`, so a page with 100 teams makes the same queries as one with 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from ceremonies.models import (
    AgendaItem,
    BlockerImpediment,
    DailyUpdate,
    Dependency,
    Health,
    Kind,
    Meeting,
)
from feedback.models import FeedbackItem
from programmes.models import Programme, Team

UPDATE_FIELDS = ("id", "version", "done", "next", "nothing_new", "blockers", "resources_needed",
                 "health", "health_reason", "updated_at", "author_id")


def _annotate_update(queryset: QuerySet, relation: str) -> QuerySet:
    return queryset.annotate(**{f"u_{name}": F(f"{relation}__{name}") for name in UPDATE_FIELDS})


def _attach(row, team_id: int | None, meeting_id: int | None) -> None:
    """Turn the `u_*` annotations into an unsaved DailyUpdate on `row.update` (or None)."""
    if getattr(row, "u_id", None) is None:
        row.update = None
        return
    row.update = DailyUpdate(team_id=team_id, meeting_id=meeting_id,
                             **{("pk" if n == "id" else n): getattr(row, f"u_{n}")
                                for n in UPDATE_FIELDS})


def teams_with_updates(programme: Programme, meeting: Meeting | None) -> list[Team]:
    """Every team of the programme with `team.update` for `meeting` (None when missing) and
    `team.update.raised` the blockers that became impediments."""
    teams = programme.teams.order_by("name")
    if meeting is not None:
        teams = _annotate_update(
            teams.alias(slot=FilteredRelation("updates",
                                              condition=Q(updates__meeting=meeting))), "slot")
    teams = list(teams)
    for team in teams:
        _attach(team, team.pk, meeting.pk if meeting else None)
    _attach_impediments([t.update for t in teams if t.update is not None])
    return teams


@dataclass(frozen=True)
class Posting:
    """Which teams of one programme have posted for `meeting`, its current or next Scrum of
    Scrums: the count behind "No update yet" on a programme's Today and a parent's."""

    programme: Programme
    meeting: Meeting | None
    teams: list[Team]

    @property
    def missing(self) -> list[Team]:
        return [team for team in self.teams if team.update is None]

    @property
    def posted(self) -> int:
        return len(self.teams) - len(self.missing)


def posting(programme: Programme, meeting: Meeting | None) -> Posting:
    return Posting(programme, meeting, teams_with_updates(programme, meeting))


def programmes_with_teams_below(programme: Programme) -> QuerySet[Programme]:
    """Every programme under `programme` (not itself) that has teams, in tree order."""
    return (Programme.objects.filter(path__startswith=programme.path, teams__isnull=False)
            .exclude(pk=programme.pk).distinct().order_by("path"))


def _attach_impediments(updates: list[DailyUpdate]) -> None:
    raised: dict[int, dict[str, FeedbackItem]] = {u.pk: {} for u in updates}
    if updates:
        for link in (BlockerImpediment.objects.filter(update_id__in=list(raised))
                     .select_related("item")):
            raised[link.update_id][link.line] = link.item
    for update in updates:
        update.raised = raised[update.pk]


def blockers_with_items(update: DailyUpdate) -> list[tuple[int, str, FeedbackItem | None]]:
    """(index, line, impediment or None) for each blocker line; needs `update.raised`."""
    raised = getattr(update, "raised", {})
    return [(n, line, raised.get(line[:300])) for n, line in enumerate(update.blocker_lines)]


def team_history(team: Team) -> QuerySet[DailyUpdate]:
    return (team.updates.select_related("meeting", "author")
            .prefetch_related(Prefetch("impediments",
                                       queryset=BlockerImpediment.objects.select_related("item")))
            .order_by("-meeting__scheduled_start"))


def programme_dependencies(programme: Programme) -> QuerySet[Dependency]:
    return (programme.dependencies.select_related("needing_team", "providing_team")
            .order_by("status", "needed_by", "pk"))


# --- the meeting room -------------------------------------------------------------------------

class _Count(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _count(queryset: QuerySet) -> _Count:
    """A correlated COUNT(*) as an annotation."""
    return _Count(queryset.order_by().values("pk"))


def _child_updates() -> QuerySet[DailyUpdate]:
    """Updates of the child programme's own Scrum of Scrums held the same day."""
    return DailyUpdate.objects.filter(team__programme=OuterRef("child_programme"),
                                      meeting__kind=Kind.SCRUM_OF_SCRUMS,
                                      meeting__occurrence=OuterRef("meeting__occurrence"))


def agenda_with_updates(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """Each team slot carries its team's update; each child-programme slot a roll-up."""
    open_items = ~Q(state=FeedbackItem.State.CLOSED)
    items = _annotate_update(items.alias(slot=FilteredRelation(
        "team__updates", condition=Q(team__updates__meeting=F("meeting")))), "slot")
    unmet = (Dependency.Status.OPEN, Dependency.Status.AGREED)
    return items.annotate(
        team_unmet=_count(Dependency.objects.filter(
            Q(needing_team=OuterRef("team")) | Q(providing_team=OuterRef("team")),
            status__in=unmet)),
        child_red=_count(_child_updates().filter(health=Health.RED)),
        child_amber=_count(_child_updates().filter(health=Health.AMBER)),
        child_posted=_count(_child_updates()),
        child_teams=_count(Team.objects.filter(programme=OuterRef("child_programme"))),
        child_impediments=_count(FeedbackItem.objects.filter(
            open_items, programme=OuterRef("child_programme"),
            kind=FeedbackItem.Kind.IMPEDIMENT)),
        child_unmet=_count(Dependency.objects.filter(
            programme=OuterRef("child_programme"),
            status__in=unmet)),
    )


def attach_slot_updates(items: list[AgendaItem]) -> list[AgendaItem]:
    for item in items:
        _attach(item, item.team_id, item.meeting_id)
        if item.update is not None:
            item.update.blocker_items = [(n, line, None)
                                         for n, line in enumerate(item.update.blocker_lines)]
        item.missing_update = item.team_id is not None and item.update is None
        if item.child_programme_id is not None:
            item.child_missing = max(0, item.child_teams - item.child_posted)
    return items
