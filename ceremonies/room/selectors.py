"""Reads shaped for the meeting pages: a fixed number of queries whatever the agenda length."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ceremonies.models import AgendaItem, Meeting, Note
from ceremonies.updates.selectors import agenda_with_updates, attach_slot_updates
from programmes.models import Person
from programmes.selectors import people_in


def meeting_for_room(programme, pk: int) -> Meeting | None:
    return (Meeting.objects.filter(programme=programme, pk=pk)
            .select_related("programme", "current_item", "current_item__team", "facilitator")
            .first())


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order; team slots carry their update, child slots a roll-up (one query)."""
    items = meeting.items.select_related("team", "child_programme", "person")
    return attach_slot_updates(list(agenda_with_updates(items).order_by("position")))


def meeting_record(meeting: Meeting) -> dict:
    """Notes, decisions, action items and attendance, for the room and the minutes."""
    items = list(meeting.items.order_by("position").prefetch_related(
        Prefetch("notes", queryset=Note.objects.select_related("author"))))
    return {
        "items": items,
        "decisions": list(meeting.decisions.select_related("item", "recorded_by")
                          .prefetch_related("routed__addressees__team")),
        "actions": list(meeting.actions.select_related("owner", "item")),
        "attendance": list(meeting.attendance.select_related("person")),
    }


def programme_people(programme) -> QuerySet[Person]:
    """Everyone with a role in the programme (or above it): who may own an action item."""
    return people_in(programme)
