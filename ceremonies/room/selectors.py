"""Reads shaped for the meeting pages: a fixed number of queries whatever the agenda length."""

from __future__ import annotations

from ceremonies.meetings.lists import (  # noqa: F401 (the room reads these too)
    meeting_for_room,
    meeting_record,
    programme_people,
)
from ceremonies.meetings.posting import child_totals, posting_for
from ceremonies.models import AgendaItem, Meeting
from ceremonies.updates.selectors import agenda_with_counts, attach_slot_updates


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order; team slots carry their update, child slots a roll-up, and
    `meeting.posting` says who of the programme has posted for it (two queries; two more
    when there are child-programme slots)."""
    items = list(agenda_with_counts(
        meeting.items.select_related("team", "child_programme", "person")).order_by("position"))
    meeting.posting = posting_for(meeting)
    children = [i.child_programme for i in items if i.child_programme_id is not None]
    return attach_slot_updates(items, meeting.posting, child_totals(meeting, children))
