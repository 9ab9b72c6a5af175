"""Reads shaped for the meeting pages: a fixed number of queries whatever the agenda length."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from programmes.models import Person

from .models import AgendaItem, Meeting, Note


def meeting_for_room(programme, pk: int) -> Meeting | None:
    return (Meeting.objects.filter(programme=programme, pk=pk)
            .select_related("programme", "current_item", "current_item__team", "facilitator")
            .first())


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.select_related("team", "child_programme", "person")
                .order_by("position"))


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
    lineage = [*programme.ancestor_ids, programme.pk]
    return Person.objects.filter(
        Q(team_memberships__team__programme=programme)
        | Q(programme_roles__programme_id__in=lineage), is_active=True,
    ).distinct().order_by("name", "email")
