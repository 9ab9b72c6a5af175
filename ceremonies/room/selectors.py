"""Reads shaped for the meeting pages: a fixed number of queries whatever the agenda length."""

from __future__ import annotations

from ceremonies.dependencies.selectors import said_about
from ceremonies.meetings.lists import (  # noqa: F401 (the room reads these too)
    meeting_for_room,
    meeting_record,
    programme_people,
)
from ceremonies.meetings.posting import child_totals, posting_for, represented
from ceremonies.models import AgendaItem, ItemKind, Kind, Meeting
from ceremonies.updates.selectors import agenda_with_counts, attach_slot_updates
from feedback.backlog.selectors import top as backlog_top


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order; team slots carry their update, child slots a roll-up, and
    `meeting.posting` says who of the programme has posted for it (two queries; two more
    when there are child-programme slots)."""
    items = list(agenda_with_counts(
        meeting.items.select_related("team", "child_programme", "person")).order_by("position"))
    meeting.posting = posting_for(meeting)
    children = [i.child_programme for i in items if i.child_programme_id is not None]
    attach_slot_updates(items, meeting.posting, child_totals(meeting, children))
    if meeting.kind == Kind.SCRUM_OF_SCRUMS:
        _attach_scaled(meeting, items)
    _attach_backlog(meeting, items)
    return items


def _attach_scaled(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Team slots: what the team said about other teams, what they said about it, its late
    dependencies (two queries); which teams are represented (one)."""
    meeting.represented = represented(meeting.posting)
    team_ids = [i.team_id for i in items if i.team_id is not None]
    said = said_about(team_ids, meeting.pk, meeting.programme.today()) if team_ids else {}
    for item in items:
        item.said = said.get(item.team_id)


def _attach_backlog(meeting: Meeting, items: list[AgendaItem]) -> None:
    """A backlog walk, whatever it is called, shows the top of the programme's impediment
    backlog in the MSM's order (one query when the agenda has one)."""
    walks = [item for item in items if item.kind == ItemKind.BACKLOG_WALK]
    top = backlog_top(meeting.programme) if walks else None
    for item in walks:
        item.backlog = top
