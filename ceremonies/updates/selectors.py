"""Reads of daily updates shaped for their pages: a fixed number of queries for any team count.

Who has posted for which meeting is answered in one place, ceremonies/meetings/posting.py;
what is here shapes a team's history, the dependencies and the room's slot counts.
"""

from __future__ import annotations

from django.db.models import IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery

from ceremonies.meetings.posting import Posting, Total
from ceremonies.models import AgendaItem, BlockerImpediment, DailyUpdate, Dependency
from feedback.models import FeedbackItem
from programmes.models import Team


def blockers_with_items(update: DailyUpdate) -> list[tuple[int, str, FeedbackItem | None]]:
    """(index, line, impediment or None) for each blocker line; needs `update.raised`."""
    raised = getattr(update, "raised", {})
    return [(n, line, raised.get(line[:300])) for n, line in enumerate(update.blocker_lines)]


def team_history(team: Team) -> QuerySet[DailyUpdate]:
    return (team.updates.select_related("meeting", "author")
            .prefetch_related(Prefetch("impediments",
                                       queryset=BlockerImpediment.objects.select_related("item")))
            .order_by("-meeting__scheduled_start"))


# --- the meeting room -------------------------------------------------------------------------

class _Count(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _count(queryset: QuerySet) -> _Count:
    """A correlated COUNT(*) as an annotation."""
    return _Count(queryset.order_by().values("pk"))


def agenda_with_counts(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """Each team slot counts its team's open dependencies; each child-programme slot the open
    impediments and unmet dependencies of that programme and those below it."""
    unmet = Dependency.OPEN_STATUSES
    below_child = Q(programme__path__startswith=OuterRef("child_programme__path"))
    return items.annotate(
        team_unmet=_count(Dependency.objects.filter(
            Q(needing_team=OuterRef("team")) | Q(providing_team=OuterRef("team")),
            status__in=unmet)),
        child_impediments=_count(FeedbackItem.objects.filter(
            below_child, ~Q(state=FeedbackItem.State.CLOSED),
            kind=FeedbackItem.Kind.IMPEDIMENT)),
        child_unmet=_count(Dependency.objects.filter(below_child, status__in=unmet)),
    )


def attach_slot_updates(items: list[AgendaItem], posting: Posting,
                        children: dict[int, Total]) -> list[AgendaItem]:
    """Team slots take their team's update from `posting` (who has posted for the meeting);
    child-programme slots their programme's `Total` (`child_totals`)."""
    updates = {team.pk: team.update for team in posting.teams}
    for item in items:
        item.update = updates.get(item.team_id)
        if item.update is not None:
            item.update.blocker_items = [(n, line, None)
                                         for n, line in enumerate(item.update.blocker_lines)]
        item.missing_update = item.team_id in updates and item.update is None
        if item.child_programme_id is not None:
            item.child = children[item.child_programme_id]
    return items
