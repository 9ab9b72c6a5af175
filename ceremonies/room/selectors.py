"""Reads shaped for the meeting pages: a fixed number of queries whatever the agenda length."""

from __future__ import annotations

from ceremonies.meetings.lists import (  # noqa: F401 (the room reads these too)
    meeting_for_room,
    meeting_record,
    programme_people,
)
from ceremonies.models import AgendaItem, Meeting
from ceremonies.updates.selectors import agenda_with_updates, attach_slot_updates


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order; team slots carry their update, child slots a roll-up (one query)."""
    items = meeting.items.select_related("team", "child_programme", "person")
    return attach_slot_updates(list(agenda_with_updates(items).order_by("position")))
